import Foundation
import QuarryCore
@testable import QuarryPatterns
import QuarryTestSupport
import Testing

/// The literal analysis of single patterns.
@Suite struct LiteralAnalysisTests {
    /// Literals render as written; "i:" marks one matched case-insensitively.
    func render(_ set: [Literal]?) -> Set<String>? {
        set.map { Set($0.map { $0.caseless ? "i:" + $0.text : $0.text }) }
    }

    @Test(arguments: [
        (#"\bNorth\s+Korea\b"#, false, ["North"], ["Korea", "North"]),
        (#"\b(?:North|South)\s+Korea\b"#, false, ["North", "South"], ["Korea"]),
        (#"\$\s?\d+(?:\.\d+)?(?:\s+(?:million|billion))?"#, false, ["$"], ["$"]),
        (#"(?i)united nations"#, false, ["i:united nations"], ["i:united nations"]),
        (#"united nations"#, true, ["i:united nations"], ["i:united nations"]),
        (#"[Nn]ov(?:ember|\.)?\s+\d{1,2}"#, false, ["Nov", "nov"], ["Nov", "nov"]),
        // \d is read as 0-9 (with a fallback for other scripts' digits, see below).
        (#"\d+\s?%"#, false, (0...9).map(String.init), ["%"]),
        (#"\d{4}-\d{2}-\d{2}"#, false, (0...9).map(String.init), ["-"] + (0...99).map { ($0 < 10 ? "0" : "") + String($0) + "-" }),
        (#"(?<=\bthe )Senate"#, false, ["Senate"], ["Senate"]),
        (#"\b(?:UK|U\.K\.)\b"#, false, ["UK", "U.K."], ["UK", "U.K."]),
        // An optional part first: its prefixes, or those of what follows it.
        (#"\b(?:the\s+)?Bahamas\b"#, false, ["the", "Bahamas"], ["Bahamas"]),
        (#"(?:Mr\.\s*)?Lew\b"#, false, ["Mr.", "Lew"], ["Lew"]),
        // \K moves the reported start, not where a match attempt begins.
        (#"\b(?:in|since)\s+\K20\d\d"#, false, ["in", "since"], ["in", "since"] + (0...9).map { "20" + String($0) }),
    ] as [(String, Bool, [String]?, [String])])
    func analysis(pattern: String, caseless: Bool, prefixes: [String]?, factorChoices: [String]) {
        let result = LiteralAnalysis(pattern: pattern, caseless: caseless)
        #expect(render(result.prefixes) == prefixes.map { Set($0) }, "\(pattern)")
        let factors = render(result.factors) ?? []
        #expect(!factors.isEmpty && factors.isSubset(of: Set(factorChoices + (prefixes ?? []))), "\(pattern): \(factors)")
    }

    @Test(arguments: [
        #"\w+ing\b"#,         // "ing" is too short to be worth it? (3 bytes: acceptable) -- see below
        #"(a|\D)+"#,
        #"(\w)\1"#,
        #"(?x) a b c"#,
        // An optional part that starts with anything: no prefix is certain.
        #"(?:\s*x)?abc"#,
        #"(?:\w+\s)?said"#,
    ])
    func noPrefixLiteral(pattern: String) {
        #expect(LiteralAnalysis(pattern: pattern, caseless: false).prefixes == nil, "\(pattern)")
    }
}

/// The prefiltered run gives exactly the matches of running every rule over every document.
@Suite struct PrefilterEquivalence {
    func compare(_ rules: [PatternRule], _ texts: [String]) throws -> (checked: Int, matches: Int) {
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: rules, overlap: .all))
        let scratch = matcher.makeScratch()
        var total = 0
        for (index, text) in texts.enumerated() {
            let document = AnnotatedDocument(document: Document(id: "d\(index)", text: text))
            let fast = matcher.match(document, scratch: scratch, plan: .everywhere).matches
            let slow = matcher.match(document, scratch: scratch, plan: .unfiltered).matches
            let key = { (m: RawMatch) in "\(m.rule):\(m.start)-\(m.end)" + m.captures.map { " \($0.name)@\($0.start)-\($0.end)" }.joined() }
            #expect(fast.map(key) == slow.map(key), "document \(index): \(Set(slow.map(key)).symmetricDifference(fast.map(key)).sorted().prefix(5))")
            total += slow.count
        }
        return (texts.count, total)
    }

    static let patterns = [
        #"\bNorth\s+Korea\b"#, #"\b(?:North|South)\s+Korea\b"#, #"\bKorea(?:n|ns)?\b"#, #"\$\s?\d+(?:\.\d+)?(?:\s+(?:million|billion))?"#,
        #"\d+(?:\.\d+)?\s?(?:%|percent\b|per\s+cent\b)"#, #"(?i)\bunited\s+nations\b"#, #"\bU\.N\.(?!\w)"#, #"[Nn]ov(?:ember|\.)?\s+\d{1,2}"#,
        #"\b(?:Mr|Mrs|Dr)\.\s+\p{Lu}\p{Ll}+"#, #"“[^”\n]{1,300}”"#, #"\b\p{Lu}\p{Ll}+\s+said\b"#, #"\bsaid\s+\p{Lu}\p{Ll}+"#,
        #"(?<=\bthe )Senate"#, #"\b(?:19|20)\d{2}\b"#, #"\w+ing\b"#, #"\b[A-Z]{2,}\b"#, #"(?:President|Prime\s+Minister)\s+\p{Lu}\w+"#,
        #"\bBlinken\b"#, #"(?i)blinken"#, #"\bin\b"#, #"ion\b"#, #"\b\w+@\w+\.\w+\b"#, #"https?://\S+"#,
        #"(?:[Ss]ecretary|[Mm]inister)\s+of\s+\p{Lu}\w+"#, #"\bKor\K\w+"#, #"\b(?:a|an|the)\s+\w+"#,
        #"\b(?:IT|ER|a|Korea|é\w*)\b"#, #"(?i)\b(?:it|er|us|uk)\b"#, #"(?i)korea"#, #"(?i)nations\b"#, #"\b(?:UK|US|G7)(?!\w)"#, #"\b\d+\b"#,
    ]

    @Test func digitsAndWordStartLookbehinds() throws {
        // \d becomes the literals 0-9, and "(?<![\w.,])" a word start; other scripts' digits,
        // which \d matches under Unicode properties, send the rule back to a whole scan.
        let patterns = [#"(?<![\w.,])\d+(?:\.\d+)?\s?km\b"#, #"\b\d{4}\b"#, #"(?<!\w)\d+%"#, #"(?<!\w\w)\d+x"#, #"(?<![\w.,])[-+]?\d+%"#]
        let rules = patterns.enumerated().map { PatternRule(id: "d\($0.offset)", label: "L", matcher: .regex($0.element, SourceMap()),
                                                           caseless: false, location: .init(file: "t", line: 1, column: 1)) }
        let analysis = LiteralAnalysis(pattern: patterns[0], caseless: false)
        #expect(analysis.prefixes.map { Set($0.map(\.text)) } == Set((0...9).map(String.init)) && analysis.prefixesAtWordStart && analysis.assumesASCIIDigits)
        // Not after a word character holds for a sign too: "-" and "+" join the digits.
        let signed = LiteralAnalysis(pattern: #"(?<![\w.,])[-+]?\d+%"#, caseless: false)
        let digits = (0...9).map(String.init)
        #expect(signed.prefixes.map { Set($0.map(\.text)) } == Set(digits + digits.map { "-" + $0 } + digits.map { "+" + $0 }))
        #expect(signed.prefixesAtWordStart)
        // Two word characters looked at: not a word start.
        #expect(!LiteralAnalysis(pattern: patterns[3], caseless: false).prefixesAtWordStart)
        let texts = ["12 km and 3.5km, x7 km, 1,5 km; in 2009 and 12009; 45% a45% b1x ab1x -5% a-5% +3% x+3% 1-2%",
                     "٣ km and ١٢km in ٢٠٠٩; ٥٠%", "mixed ١٢ km and 12 km, २०१९ and 2019", "abc1x a1x 1x"]
        let result = try compare(rules, texts)
        #expect(result.matches >= 10)
    }

    @Test func patternsOverTheSeedAndEdgeTexts() throws {
        let rules = Self.patterns.enumerated().map { PatternRule(id: "r\($0.offset)", label: "L", matcher: .regex($0.element, SourceMap()),
                                                                  caseless: $0.offset % 7 == 3, location: .init(file: "t", line: 1, column: 1)) }
        let seed = try Fixtures.seedDocument().text
        let texts = [seed, "", "NORTH KOREA and north korea, Korean koreans", "$5 million $ 3.5 billion 12% 7 per  cent",
                     "the Senate, THE SENATE; Mr. Smith said Dr. Who", "“quoted” and “unclosed", String(repeating: "Kor", count: 50),
                     // PCRE2 caseless also matches K as the Kelvin sign and s as the long s.
                     "UNITED NATION\u{017F} and \u{212A}orea: united nations"]
        let result = try compare(rules, texts)
        #expect(result.matches > 50)
    }

    @Test func patternsOverNews() throws {
        guard let url = Fixtures.sharedData("corpus/wikinews_gum.jsonl") else {
            print("skipped: ../shared/data/corpus/wikinews_gum.jsonl is not present")
            return
        }
        let texts = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["text"] as? String
        }
        let rules = Self.patterns.enumerated().map { PatternRule(id: "r\($0.offset)", label: "L", matcher: .regex($0.element, SourceMap()),
                                                                  caseless: $0.offset % 5 == 1, location: .init(file: "t", line: 1, column: 1)) }
        let result = try compare(rules, texts)
        #expect(result.checked == texts.count && result.matches > 1000)
    }

    /// A caseless literal that contains an exact one ("(?i)xabcdx" holds "abc") does not imply
    /// it: "XABCDX" has no exact "abc". The factor set must keep both, or the rule is skipped
    /// in a document where it matches.
    @Test func aCaselessFactorIsNotImpliedByAnExactOne() throws {
        let analysis = LiteralAnalysis(pattern: "(?i:xabcdx)|abc", caseless: false)
        #expect(render(analysis.factors) == ["(?i)xabcdx", "abc"])
        let rule = PatternRule(id: "mixed", label: "L", matcher: .regex("(?i:xabcdx)|abc", SourceMap()), location: .init(file: "t", line: 1, column: 1))
        let result = try compare([rule], ["XABCDX only", "xabcdx and abc", "ABC"])
        #expect(result.matches == 3)
    }

    func render(_ set: [Literal]?) -> Set<String>? { set.map { Set($0.map(\.description)) } }

    /// Random word-list patterns over random text made of the same words.
    @Test func generatedRulesAndText() throws {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        let words = ["north", "korea", "Korea", "NORTH", "seoul", "U.S.", "U.N.", "$5", "said", "Blinken", "the", "an", "a", "é", "naïve", "co-op", "x"]
        var rules: [PatternRule] = []
        for k in 0..<60 {
            let count = 1 + next(3)
            let picked = (0..<count).map { _ in NSRegularExpression.escapedPattern(for: words[next(words.count)]) }
            var pattern = picked.joined(separator: next(2) == 0 ? #"\s+"# : " ")
            switch next(4) {
            case 0: pattern = #"\b"# + pattern + #"\b"#
            case 1: pattern = "(?:" + pattern + "|" + NSRegularExpression.escapedPattern(for: words[next(words.count)]) + ")"
            case 2: pattern = pattern + #"(?:\s+\w+)?"#
            default: break
            }
            rules.append(PatternRule(id: "g\(k)", label: "G", matcher: .regex(pattern, SourceMap()), caseless: next(3) == 0,
                                     location: .init(file: "t", line: 1, column: 1)))
        }
        let texts = (0..<40).map { _ in (0..<200).map { _ in words[next(words.count)] }.joined(separator: next(2) == 0 ? " " : "  ") }
        let result = try compare(rules, texts)
        #expect(result.matches > 100)
    }
}

/// Literals as values: bytes and a case mode.
@Suite struct LiteralTests {
    @Test func caselessLiteralsAreFoldedAndConcatenationKeepsTheCaseMode() {
        #expect(Literal("United", caseless: true).text == "united")
        #expect(Literal("United").text == "United")
        #expect((Literal("U") + Literal("N", caseless: true)) == Literal("un", caseless: true))
        #expect((Literal("U.") + Literal("N.")) == Literal("U.N."))
        #expect(Literal("Ab", caseless: true).description == "(?i)ab" && Literal("Ab").description == "Ab")
        #expect(Literal("Ab").foldedText == "ab")
    }

    @Test func implication() {
        #expect(Literal("november").implies(Literal("vem")))
        #expect(!Literal("vem").implies(Literal("november")))
        // Caseless implies caseless at its start only (the analysis's rule); an exact literal
        // never follows from a caseless one.
        #expect(Literal("november", caseless: true).implies(Literal("nov", caseless: true)))
        #expect(!Literal("november", caseless: true).implies(Literal("vem", caseless: true)))
        #expect(!Literal("november", caseless: true).implies(Literal("nov")))
        #expect(!Literal("nov").implies(Literal("nov", caseless: true)))
    }

    @Test func orderPutsCaselessFirst() {
        let sorted = [Literal("b"), Literal("a"), Literal("z", caseless: true), Literal("B")].sorted()
        #expect(sorted.map(\.description) == ["(?i)z", "B", "a", "b"])
    }
}

/// The hash probed at word starts finds what a brute-force search finds.
@Suite struct WordStartHashTests {
    /// Every (literal, end) where the literal occurs at a byte that does not follow an ASCII
    /// letter, digit or '_'.
    func bruteForce(_ literals: [[UInt8]], _ text: [UInt8], caseless: Bool) -> [String] {
        func fold(_ b: UInt8) -> UInt8 { caseless && (b &- 65) < 26 ? b | 0x20 : b }
        var found: [String] = []
        for start in text.indices where start == 0 || !WordStartHash.wordByte[Int(text[start - 1])] {
            for (id, literal) in literals.enumerated() where start + literal.count <= text.count {
                if zip(literal, text[start...]).allSatisfy({ fold($0) == fold($1) }) { found.append("\(id)@\(start + literal.count)") }
            }
        }
        return found.sorted()
    }

    func hashed(_ literals: [[UInt8]], _ text: [UInt8], caseless: Bool) -> [String] {
        var found: [String] = []
        text.withUnsafeBufferPointer { bytes in
            WordStartHash(literals, caseInsensitive: caseless).scan(bytes) { found.append("\($0)@\($1)") }
        }
        return found.sorted()
    }

    @Test(arguments: [false, true])
    func matchesBruteForce(caseless: Bool) {
        let literals = ["rugby", "rugby union", "rug", "Seoul", "seoul", "u.s.", "é", "naïve", "a", "an", "ann", "x_y", "co-op", "9/11"].map { Array($0.utf8) }
        let text = Array("Rugby union; rugby-union, RUG rugs! a An ANN annex éa naïve Seoul seoul x_y ax_y co-op 9/11 19/11 rugby union".utf8)
        let expected = bruteForce(literals, text, caseless: caseless)
        #expect(expected.count > 15)
        #expect(hashed(literals, text, caseless: caseless) == expected)
    }

    @Test func randomTexts() {
        var state: UInt64 = 11
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        let pieces = ["ab", "abc", "b", "ca", " ", "  ", "-", "é", "A", "B", "_", "1"]
        for round in 0..<50 {
            let literals = (0..<(1 + next(8))).map { _ in Array((0..<(1 + next(3))).map { _ in pieces[next(pieces.count)] }.joined().utf8) }
                .filter { !$0.isEmpty && WordStartHash.accepts($0) }
            guard !literals.isEmpty else { continue }
            let text = Array((0..<60).map { _ in pieces[next(pieces.count)] }.joined().utf8)
            let caseless = round % 2 == 0
            #expect(hashed(literals, text, caseless: caseless) == bruteForce(literals, text, caseless: caseless), "round \(round)")
        }
    }

    /// More hits than one call to the C scan returns (4,096): the scan resumes where it
    /// stopped and loses none; a document shorter than a key still finds its literals.
    @Test func resumesAfterAFullBatchAndReadsShortTexts() {
        let literals = ["a", "ab", "abcde"].map { Array($0.utf8) }
        let text = Array(String(repeating: "a ab abcde ", count: 2_000).utf8)
        let found = hashed(literals, text, caseless: false)
        #expect(found.count == 12_000)  // "a": 1 hit, "ab": 2, "abcde": 3
        #expect(found == bruteForce(literals, text, caseless: false))
        #expect(hashed(literals, Array("ab".utf8), caseless: true) == ["0@1", "1@2"])
        #expect(hashed(literals, Array("A".utf8), caseless: true) == ["0@1"])
        #expect(hashed(literals, [], caseless: true).isEmpty)
    }
}

/// One strategy per rule, decided when the set is compiled.
@Suite struct RuleStrategyTests {
    @Test func eachRuleGetsTheCheapestStrategyItsLiteralsAllow() throws {
        let patterns = [#"\bBlinken\b"#, #"\w+ing\b"#, #"\b[A-Z]{2,}\b"#, #"\b(?:the\s+)?Bahamas\b"#]
        var rules = patterns.enumerated().map { PatternRule(id: "r\($0.offset)", label: "L", matcher: .regex($0.element, SourceMap()),
                                                           location: .init(file: "t", line: 1, column: 1)) }
        rules.append(PatternRule(id: "w", label: "W", matcher: .wordList(WordList(name: "w", entries: ["a b"], caseInsensitive: false)),
                                 location: .init(file: "t", line: 2, column: 1)))
        let strategies = try PatternMatcher(PatternSet(name: "t", rules: rules)).strategies
        #expect(strategies[0] == .prefixAnchored(prefixes: [Literal("Blinken")], atWordStart: true, gate: nil))
        #expect(strategies[1] == .gated(factors: [Literal("ing")]))
        #expect(strategies[2] == .fullScan)
        guard case let .prefixAnchored(prefixes, atWordStart, gate) = strategies[3] else {
            Issue.record("\(strategies[3])")
            return
        }
        #expect(Set(prefixes) == [Literal("the"), Literal("Bahamas")] && atWordStart && gate == [Literal("Bahamas")])
        #expect(strategies[4] == .wordList)
        #expect(strategies.map(\.name) == ["prefix", "gated", "full", "prefix", "word list"])
    }
}

/// The common-word list steers literal choice away from words found everywhere.
@Suite struct CommonWordsTests {
    @Test func aCommonWordLosesToAnyOtherAcceptableLiteral() throws {
        let pattern = #"\bthe\s+UN\b"#
        #expect(LiteralAnalysis(pattern: pattern, caseless: false).factors == [Literal("the")])
        #expect(LiteralAnalysis(pattern: pattern, caseless: false, commonWords: ["the"]).factors == [Literal("UN")])
        let rule = PatternRule(id: "un", label: "ORG", matcher: .regex(pattern, SourceMap()), location: .init(file: "t", line: 1, column: 1))
        let plain = try PatternMatcher(PatternSet(name: "t", rules: [rule]))
        let tuned = try PatternMatcher(PatternSet(name: "t", rules: [rule]), commonWords: ["the"])
        #expect(plain.strategies == [.prefixAnchored(prefixes: [Literal("the")], atWordStart: true, gate: nil)])
        #expect(tuned.strategies == [.prefixAnchored(prefixes: [Literal("the")], atWordStart: true, gate: [Literal("UN")])])
        // The same matches either way.
        let document = AnnotatedDocument(document: Document(id: "d", text: "the UN and the U.N., then the UN again; the cat"))
        let key = { (m: RawMatch) in "\(m.start)-\(m.end)" }
        #expect(plain.match(document, scratch: plain.makeScratch()).matches.map(key) == ["0-6", "26-32"])
        #expect(tuned.match(document, scratch: tuned.makeScratch()).matches.map(key) == ["0-6", "26-32"])
    }

    @Test func theEnglishListLoadsFolded() throws {
        let words = try CommonWords.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en"))
        #expect(words.count == 89)
        #expect(words.isSuperset(of: ["the", "said", "between"]))
        #expect(words.allSatisfy { $0 == $0.lowercased() && !$0.contains(" ") })
    }
}
