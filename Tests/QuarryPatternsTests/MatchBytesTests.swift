import Foundation
import QuarryCore
@testable import QuarryPatterns
import Testing

/// The bytes a match can hold (``MatchBytes``), and the windowed search of gated rules built
/// on them: the same matches as the whole-document scan.
@Suite struct MatchBytesTests {
    func members(_ pattern: String, caseless: Bool = false, ascii: Bool = false) -> Set<UInt8>? {
        MatchBytes(pattern: pattern, caseless: caseless, ascii: ascii).map { set in Set((0...255).map(UInt8.init).filter(set.contains)) }
    }

    func bytes(_ text: String) -> Set<UInt8> { Set(text.utf8) }

    @Test func literalsAndClasses() throws {
        // Literal text only: its bytes, nothing above 0x7F.
        #expect(members(#"\bsaid\s?so"#) == bytes("saido").union(bytes(" \t\n\r\u{0B}\u{0C}")).union(0x80...0xFF))
        #expect(members(#"\bU\.N\.(?!\w)"#) == bytes("U.N"))
        #expect(members(#"(?<=\bthe )Senate"#) == bytes("Senate"), "a lookbehind looks outside the match")
        // \p{Lu} is probed by PCRE2: upper-case ASCII letters, and (Unicode) every byte above 0x7F.
        let name = try #require(members(#"\p{Lu}\p{Ll}+ said"#))
        #expect(name.isSuperset(of: bytes("ABCXYZabcxyz said")) && !name.contains(UInt8(ascii: ",")) && !name.contains(UInt8(ascii: "1")))
        #expect(name.contains(0xC3) && name.contains(0xA9))
        // A negated class: everything but its members.
        let quote = try #require(members(#"“[^”\n]{1,30}”"#))
        #expect(!quote.contains(UInt8(ascii: "\n")) && quote.contains(UInt8(ascii: ",")) && quote.contains(UInt8(ascii: "\"")))
    }

    @Test func caseFolding() throws {
        // A caseless k or s also matches the Kelvin sign and the long s: bytes above 0x7F count.
        #expect(members("kit", caseless: true) == bytes("kitKIT").union(0x80...0xFF))
        #expect(members("bat", caseless: true) == bytes("batBAT"))
        #expect(members("(?i:bat)x") == bytes("batBATx"))
        // \d under Unicode properties matches other scripts' digits; with ascii it does not.
        #expect(members(#"\d+%"#)?.contains(0xD9) == true)
        #expect(members(#"\d+%"#, ascii: true) == bytes("0123456789%"))
    }

    @Test func unsupported() {
        #expect(members(#"(\w)\1"#) == nil, "a backreference")
        #expect(members(#"(?x) a b"#) == nil, "extended mode")
        #expect(members(#"(*UCP)abc"#) == nil, "a start-of-pattern verb")
    }

    /// Gated rules (a factor inside, no usable prefix) over texts built to break windows:
    /// factors in runs of member bytes, back to back, next to multi-byte characters, inside
    /// earlier matches; `\K`; captures; caseless rules with the Kelvin sign and the long s.
    @Test func windowsFindTheWholeScanMatches() throws {
        let patterns = [
            #"(?<![\p{L}'’-])(?<name>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,2})\s+(?:said|told)\b"#,
            #"\p{Lu}[\p{Ll}\p{M}]++,\s\K(?:1[01]\d|[1-9]\d?)(?=,)"#,
            #"(?<![\d.,])\d{1,3}(?:,\d{3})++(?!\d|,\d)"#,
            #"\b\w+\s+(?:years?|months?)\s+old\b"#,
            #"(?:\w+\s){0,3}percent"#,
            #"[a-z]+ing\s+(?:Party|Union)"#,
            #"\w*ss\w*"#,
        ]
        var rules = patterns.enumerated().map { PatternRule(id: "g\($0.offset)", label: "L", matcher: .regex($0.element, SourceMap()),
                                                            caseless: false, location: .init(file: "t", line: 1, column: 1)) }
        rules.append(PatternRule(id: "gi", label: "L", matcher: .regex(#"\b\w+\s+kilos\b"#, SourceMap()), caseless: true,
                                 location: .init(file: "t", line: 1, column: 1)))
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: rules, overlap: .all))
        #expect(matcher.rules.filter { $0.window != nil }.count >= 5, "most of these rules search windows")
        let texts = [
            "Antony Blinken said on Thursday. “Go,” Blinken said. Kim Jong Un told reporters; O’Brien said; said said.",
            "Sgt. Santos Cardona, 31, and Ana Li, 7, of Éclair, 12, then Zoë Müller, 45, said Kim Jong Un told Ann Lee told",
            "1,234,567 and 12,345.6 and 1,23 and 9,999,999,999, 10,000,000 people; 3,000,0000",
            "a six years old boy, thirty-one months old, 45 years old, 7 year old, years old",
            "up 5 percent, up five percent, percentpercent percent of a percent",
            "the Ruling Party and the ruling Party, Trading Union, éing Union, singing  Union",
            "class mass glass ſs kiſs KISS, bass",
            "ten KILOS and ten \u{212A}ILOS and ten kilo\u{017F}, \u{212A}ilos; 5 kilos",
            "",
            String(repeating: "Ab said, ", count: 200) + String(repeating: "x 12,345 ", count: 100),
        ]
        let total = try PrefilterEquivalence().compare(rules, texts).matches
        #expect(total > 60)
    }
}
