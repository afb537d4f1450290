import Foundation
import QuarryCore
@testable import QuarryPatterns
import QuarryTestSupport
import Testing

/// What PCRE2's own test files (Tests/QuarryConformanceTests) and the review of the prefilter's
/// pattern reader found, each with its fix. Every case runs with the prefilter and without it
/// (every rule over the whole text, which is plain PCRE2), and states what PCRE2 finds.
@Suite struct ConformanceRegressionTests {
    func rule(_ pattern: String, caseless: Bool = false, scope: PatternScope = .anywhere, ascii: Bool = false) -> PatternRule {
        var rule = PatternRule(id: "r", label: "L", matcher: .regex(pattern, SourceMap()), scope: scope, caseless: caseless,
                               location: .init(file: "conformance", line: 1, column: 1))
        rule.ascii = ascii
        return rule
    }

    /// The rule's spans with the prefilter and without it, as "start-end".
    func spans(_ rule: PatternRule, _ text: String) throws -> (fast: [String], slow: [String]) {
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [rule], overlap: .all))
        var document = AnnotatedDocument(document: Document(id: "d", text: text))
        if rule.scope == .tokens { document.tokens = tokenizer.tokenize(document.document) }
        let key = { (m: RawMatch) in "\(m.start)-\(m.end)" }
        return (matcher.match(document, scratch: matcher.makeScratch(), plan: .everywhere).matches.map(key),
                matcher.match(document, scratch: matcher.makeScratch(), plan: .unfiltered).matches.map(key))
    }

    /// `[[:` that does not start a POSIX item is a plain `[` in the class (PCRE2 looks ahead
    /// for `:]` before any `]`): the reader indexed past the pattern's end and Quarry
    /// trapped building the matcher (the issue's `[[:.]`, and three patterns of testinput1).
    @Test(arguments: [
        (#"[[:.]"#, "a [:. b", ["2-3", "3-4", "4-5"]),
        (#"([[:]+)"#, "x[::[y", ["1-5"]),
        (#"[[:abcd:xyz]]"#, "d] z] :]", ["0-2", "3-5", "6-8"]),
        (#"[abc[:x\]pqr]"#, "x]pq b", ["0-1", "1-2", "2-3", "3-4", "5-6"]),
        (#"[[:alpha:][:.]+"#, "ab.:[", ["0-5"]),
        // Found by the `literals` fuzz target (Tests/Data/fuzz/literals-class-start.bin): before
        // its first member PCRE2 skips \E, so this ']' is a member and the class goes on.
        (#"[^\E\E]+?[[:\E\E]++"#, "Eaaa x] b", ["0-6", "7-9"]),
        (#"[\Q\E]a]+"#, "a]]x", ["0-3"]),
    ] as [(String, String, [String])])
    func posixLookalikesAreMembers(pattern: String, text: String, expected: [String]) throws {
        let (fast, slow) = try spans(rule(pattern), text)
        #expect(slow == expected)
        #expect(fast == slow)
    }

    /// Patterns whose literals the old reader got wrong, so the prefilter skipped documents
    /// with matches: an option setting lasts to the end of its group, across later branches
    /// (`(?:abc(?i)def|ghi)` matches "GHI"); a quantifier after a comment applies to the item
    /// before it (`abc(?#c)+` is `abc+`); `\g-1` is one backreference, not `\g` then "-1".
    @Test(arguments: [
        (#"(?:abc(?i)def|ghi)"#, "xx GHI", ["3-6"]),
        (#"abcd(?#note)+x"#, "abcddddx", ["0-8"]),
        (#"abcd\E+x"#, "abcddx", ["0-6"]),
        (#"(foo)\g-1bar"#, "foofoobar", ["0-9"]),
        (#"(?i)(?^)Abc|xyz"#, "abc Abc XYZ", ["4-7"]),
    ] as [(String, String, [String])])
    func literalsFollowPCRE2(pattern: String, text: String, expected: [String]) throws {
        let (fast, slow) = try spans(rule(pattern), text)
        #expect(slow == expected)
        #expect(fast == slow)
    }

    /// What the reader does not follow, it does not guess: the rule scans whole documents.
    @Test(arguments: [#"abc{,3}"#, #"(?x)a b c"#, #"(?(1)abc|def)"#, #"abc(?1)"#, #"(?C1)abc"#, #"abc{ 2 }"#, #"(?*abc)abc"#])
    func unfollowedPatternsScanWhole(pattern: String) {
        let analysis = LiteralAnalysis(pattern: pattern, caseless: false)
        #expect(analysis.factors == nil && analysis.prefixes == nil)
    }

    /// `a{65535}` made a literal 65,535 bytes long one byte at a time (quadratic: the build
    /// hung). Literals now stop at 256 bytes; the rule still matches exactly.
    @Test func longCountedRepetitionsBuild() throws {
        let (fast, slow) = try spans(rule("xa{65535}"), "xaaa " + String(repeating: "a", count: 10))
        #expect(fast == slow && slow.isEmpty)
        let (fast2, slow2) = try spans(rule("Zq{300}"), "Z" + String(repeating: "q", count: 300))
        #expect(slow2 == ["0-301"] && fast2 == slow2)
    }

    /// Without PCRE2_UCP a caseless [:upper:] matches lower case too; with it (what Quarry's
    /// rules use) it does not. The ASCII twin (for all-ASCII documents) read it without UCP
    /// and found "a" (testinput2). Such patterns have no twin now.
    @Test func caselessUpperKeepsItsMeaningOnASCIIText() throws {
        #expect(!Regex.hasASCIITwin("[[:upper:]]+"))
        #expect(Regex.hasASCIITwin("[[:alpha:]]+"))
        let (fast, slow) = try spans(rule("[[:upper:]]", caseless: true), "a B c")
        #expect(slow == ["2-3"])
        #expect(fast == slow)
    }

    /// A scoped rule with `\K` is checked at the start `\K` reports (PCRE2's JIT tells the
    /// scope callout that start; its interpreter would tell the attempt's): "bar" in "foobar"
    /// does not start a token.
    @Test func scopedRulesAfterResetStart() throws {
        let (fast, slow) = try spans(rule(#"foo\s*\Kbar"#, scope: .tokens), "foobar foo bar")
        #expect(slow == ["11-14"])
        #expect(fast == slow)
    }

    /// A scoped rule that keeps failing to fit its scope made PCRE2 try every end at every
    /// start, and its match limit did not stop it (it counts per start position, and comparing
    /// a backreference with a long capture is one step): `(.*)\d+\1` with `scope=tokens` ran
    /// for minutes on the 70 KB subject of PCRE2's testinput2 (found by scripts/pcre2_cli.py).
    /// The scope now allows as many tries per rule and document as the match limit, then the
    /// rule stops like a rule at a limit: an error, its matches in that document dropped.
    @Test func scopedRulesStopAtTheirTries() throws {
        let text = String(repeating: "9x!xxx(", count: 1_000)
        let set = PatternSet(name: "t", rules: [rule(#"(.*)\d+\1"#, scope: .tokens), rule(#"x!"#)], overlap: .all, matchLimit: 100_000)
        let matcher = try PatternMatcher(set)
        var document = AnnotatedDocument(document: Document(id: "d", text: text))
        document.tokens = tokenizer.tokenize(document.document)
        let result = matcher.match(document, scratch: matcher.makeScratch())
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("tries to fit its scope") == true, "\(result.diagnostics)")
        #expect(result.matches.count == 1_000)  // the other rule's matches are all there
    }

    /// A rule of lookarounds alone consumes nothing: every match would be empty, and spans
    /// never are. The matcher names it (a rule-file check warns).
    @Test func lookaroundsAloneAreNamed() throws {
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [rule(#"(?=d)"#), rule(#"\d+(?=%)"#), rule(#"(?=ab)"#)], overlap: .all))
        #expect(matcher.matchesNothing == [0, 2])
    }
}
