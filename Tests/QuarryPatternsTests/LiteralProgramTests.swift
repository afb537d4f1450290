import Foundation
import QuarryCore
@testable import QuarryPatterns
import Testing

/// Literal rules verified without PCRE2 give PCRE2's matches: the prefiltered run (which uses
/// the programs) equals the unfiltered one (PCRE2 over every whole document).
@Suite struct LiteralProgramTests {
    func rules(_ patterns: [(String, Bool)]) -> [PatternRule] {
        patterns.enumerated().map { PatternRule(id: "p\($0.offset)", label: "L", matcher: .regex($0.element.0, SourceMap()),
                                                caseless: $0.element.1, location: .init(file: "t", line: 1, column: 1)) }
    }

    /// The forms gazetteers and word lists take, each of which must get a program.
    static let patterns: [(String, Bool)] = [
        // `{@list}` expands to a prefix trie: alternations inside alternations.
        (#"\b(?:(?:A(?:merican(?:s)?|ustr(?:ian|alian(?:s)?)|l(?:banian|gerian))|B(?:r(?:it(?:ish|on(?:s)?)|azilian(?:s)?)|el(?:gian|arusian)|u(?:lgarian|rmese)|o(?:snian|livian)|angladeshi)|E(?:nglish|gyptian(?:s)?)|S(?:cot(?:tish|s)|wiss|panish)|Korean(?:s)?|Thai|Dutch))\b"#, false),
        (#"\b(?i:f(?:ootball|i(?:eld\s+hockey|gure\s+skating)|encing)|s(?:o(?:ccer|ftball)|quash|kiing)|rugby(?:\s+(?:union|league))?|ski|sumo|k2)\b"#, false),
        // One alternation per list, in the list's order (the first that fits wins).
        (#"\b(?:war|warfare|wars|battle|ceasefire|cease-fire|truce|air\s+strike|airstrike|strike|strikes)\b"#, true),
        (#"\b(?:Democratic\s+People['’]s\s+Republic\s+of\s+Korea|North\s+Korea|DPRK)\b"#, false),
        (#"\b(?:Bosnia\s+and\s+Herzegovina|Bosnia\s+&\s+Herzegovina|Bosnia[-\s]Herzegovina|Bosnia)\b"#, false),
        (#"\b(?:C[ôo]te\s+d['’]Ivoire|Ivory\s+Coast)\b"#, false),
        (#"\b(?:(?:Antony|Tony)\s+)?Blinken\b"#, false),
        (#"\b(?:United\s+Nations|U\.N\.|UN)(?!\w)"#, false),
        (#"(?<!\w)U\.S\.(?!\w)"#, false),
        (#"\bkelvin|\bsoss?\b|\bKorea\b"#, true),
        (#"\b(?:The\s+)?Netherlands\b"#, false),
        (#"\bcolou?r(?:ed|s)?\b"#, true),
    ]

    static let texts = [
        "American Americans Austrians Australian Brazilian Brazilians Briton Britons British Belgian Bosnian Bolivian Bangladeshi",
        "English Egyptians Scottish Scots Swiss Spanish Koreans Korean Thai Dutch Thailand AmericanS brazilian",
        "Brazil’s Brazilian’s Brazilian-born Brazilian_ x_Brazilian 9Brazilian Brazilian9 Braziliané éBrazilian",
        "FOOTBALL field hockey, Field  Hockey, figure\tskating, fencing; soccer SOFTBALL squash skiing ski-ing rugby union rugby league rugby  unionist sumo K2 k2",
        "war warfare wars WAR-TORN battle ceasefire cease-fire truce air strike air  strikes airstrike strike strikes warp swar",
        "Democratic People’s Republic of Korea, Democratic People's Republic of Korea, North Korea, North  Korea, DPRK, DPRKs",
        "Bosnia and Herzegovina; Bosnia & Herzegovina; Bosnia-Herzegovina; Bosnia Herzegovina; Bosnia\u{00A0}Herzegovina; Bosnian",
        "Côte d’Ivoire, Cote d'Ivoire, Côte d'Ivoire, Ivory Coast, Cote\u{00A0}d'Ivoire",
        "Antony Blinken, Tony Blinken, Tony  Blinken, Blinken’s, Antony\u{00A0}Blinken, Blinkens",
        "United Nations, U.N., UN, UNs, U.N.-backed, UN’s, United NationsX",
        "U.S. U.S.A U.S.-led aU.S. éU.S. U.S.é U.S.’",
        // PCRE2's caseless k and s also match the Kelvin sign and the long s.
        "kelvin \u{212A}elvin KELVIN so \u{017F}o ſoss soss \u{212A}orea Korea KOREA",
        "The Netherlands, the Netherlands, The  Netherlands, Netherlands’ TheNetherlands",
        "color colour colored Colours COLOURS colo ur",
        // Marks, letters and digits of other scripts next to a name.
        "Korea\u{0301} Korea\u{0663} \u{0663}Korea Korea\u{4E2D} 中Korea Korea、 Korea… Korea— —Korea",
        "",
    ]

    @Test func everyFormGetsAProgram() {
        for (pattern, caseless) in Self.patterns {
            #expect(LiteralProgram(pattern: pattern, caseless: caseless) != nil, "\(pattern)")
        }
        // What is left to PCRE2: classes beyond single characters, \w, lazy and possessive
        // quantifiers, lookarounds other than the word tests, captures.
        for pattern in [#"\b[a-z]+\b"#, #"\bfoo\w"#, #"\bfoo(?=bar)"#, #"\bfoo+?"#, #"\bfoo++"#, #"(?<!South\s)Sudan"#, #"\b(Korea)\b"#, #"\bK.rea"#] {
            #expect(LiteralProgram(pattern: pattern, caseless: false) == nil, "\(pattern)")
        }
    }

    @Test func equalsPCRE2() throws {
        let result = try PrefilterEquivalence().compare(rules(Self.patterns), Self.texts)
        #expect(result.matches > 80)
        // `ascii` rules: characters above U+007F are neither word characters nor spaces.
        let ascii = rules(Self.patterns).map { rule in var rule = rule; rule.ascii = true; return rule }
        let asciiResult = try PrefilterEquivalence().compare(ascii, Self.texts)
        #expect(asciiResult.matches > 80 && asciiResult.matches != result.matches)
    }

    /// Whatever depends on a character whose class only PCRE2 knows is left to PCRE2.
    @Test func undecidedNextToMarksAndSigns() {
        func outcome(_ pattern: String, _ caseless: Bool, _ text: String, at start: Int = 0) -> LiteralProgram.Outcome {
            let program = LiteralProgram(pattern: pattern, caseless: caseless)!
            var stack: [(pc: Int32, position: Int)] = []
            return Array(text.utf8).withUnsafeBufferPointer { program.match(at: start, in: $0, stack: &stack) }
        }
        #expect(outcome(#"\bKorea\b"#, false, "Korea ") == .match(end: 5))
        #expect(outcome(#"\bKorea\b"#, false, "Korea’s") == .match(end: 5))
        #expect(outcome(#"\bKorea\b"#, false, "Koreaé") == .noMatch)
        #expect(outcome(#"\bKorea\b"#, false, "Korea\u{0301}") == .undecided)
        #expect(outcome(#"\bkorea\b"#, true, "\u{212A}orea") == .undecided)
        #expect(outcome(#"\bNorth\s+Korea\b"#, false, "North\u{00A0}Korea") == .undecided)
        #expect(outcome(#"\b(?:war|warfare)\b"#, true, "Warfare!") == .match(end: 7))
    }

    /// Random alternation trees over a few pieces, against PCRE2 on random texts.
    @Test func randomPatterns() throws {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        let pieces = ["a", "ab", "b", "ba", "k", "s", "é", "’", "-", "_", "1"]
        func tree(_ depth: Int) -> String {
            var branches: [String] = []
            for _ in 0..<(1 + next(depth > 0 ? 7 : 3)) {
                var branch = ""
                for _ in 0..<(1 + next(3)) {
                    switch next(10) {
                    case 0 where depth > 0: branch += "(?:" + tree(depth - 1) + ")"
                    case 1: branch += #"\s+"#
                    case 2: branch += "[-’]"
                    default: branch += NSRegularExpression.escapedPattern(for: pieces[next(pieces.count)])
                    }
                    if next(5) == 0 { branch += "?" }
                }
                branches.append(branch)
            }
            return branches.joined(separator: "|")
        }
        let textPieces = ["a", "ab", "b", "ba", " ", "  ", "\u{00A0}", "k", "K", "\u{212A}", "s", "\u{017F}", "é", "e\u{0301}", "’", "-", "_", "1", "中"]
        var patterns: [(String, Bool)] = []
        for round in 0..<100 {
            let boundaryStart = [#"\b"#, #"(?<!\w)"#, ""][next(3)], boundaryEnd = [#"\b"#, #"(?!\w)"#, ""][next(3)]
            let pattern = boundaryStart + "(?:" + tree(2) + ")" + boundaryEnd
            // A rule that can match the empty string is refused when the set is compiled.
            guard let regex = try? Regex(pattern, caseless: round % 2 == 0), !regex.canMatchEmpty else { continue }
            if LiteralProgram(pattern: pattern, caseless: round % 2 == 0) != nil { patterns.append((pattern, round % 2 == 0)) }
        }
        #expect(patterns.count >= 30, "\(patterns.count) usable patterns")
        let texts = (0..<30).map { _ in (0..<80).map { _ in textPieces[next(textPieces.count)] }.joined() }
        let result = try PrefilterEquivalence().compare(rules(patterns), texts)
        #expect(result.matches > 100)
    }
}
