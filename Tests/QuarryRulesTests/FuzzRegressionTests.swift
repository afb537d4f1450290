import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// Rule files the fuzz work (Fuzz/, scripts/fuzz.sh) showed to break the loader, each kept as
/// a test with the fix.
@Suite struct FuzzRegressionTests {
    /// Found while writing the `rules` target and confirmed with it (libFuzzer: out-of-memory
    /// at 2 GB): macros that each use the one before twice double the expansion at every
    /// level, so thirty levels asked for 2 GB (`quarry check` died with "failed to allocate").
    /// An expansion past PatternExpander.maximumLength is now an error at the rule's pattern.
    @Test func macrosThatDoubleAtEveryLevelAreAnError() throws {
        let lines = ["define A0 = /ab/"] + (1...30).map { "define A\($0) = /{A\($0 - 1)}{A\($0 - 1)}/" } + ["rule r X /{A30}/"]
        let found = try diagnostics([("a.quarry", lines.joined(separator: "\n") + "\n")])
        #expect(found == ["a.quarry:32:11: error: this pattern expands to more than 1000000 bytes through its macros and lists (each use of a macro copies it, so a macro used twice in a macro used twice doubles at every level); PCRE2 cannot compile a pattern that large"])
    }

    /// Short of the limit, such macros still load (2^10 copies of "ab": 2 KB plus groups).
    @Test func macrosThatDoubleAFewTimesLoad() throws {
        let lines = ["define A0 = /ab/"] + (1...10).map { "define A\($0) = /{A\($0 - 1)}{A\($0 - 1)}/" } + ["rule r X /{A10}/"]
        let book = try RuleBook.load(source: lines.joined(separator: "\n") + "\n", registry: .standard)
        #expect(book.rules.count == 1)
    }
}
