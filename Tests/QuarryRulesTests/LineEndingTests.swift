import Foundation
import Quarry
import QuarryCore
import QuarryTestSupport
import Testing

/// Rule files and list files saved with Windows line endings (CRLF) read as the same files
/// with line feeds. Found by scripts/mutate_cli.py (a string holding "\r\n" ran on past the
/// end of its line): splitting a String at the Character "\n" never splits "\r\n", which
/// Swift counts as one Character, so a CRLF rule file was one line, its first `#` comment
/// ran to the end of the file, and it loaded as an empty file without an error.
@Suite struct LineEndingTests {
    @Test func linesSplitAtLineFeedsWithOrWithoutCarriageReturns() {
        #expect(TextLines.split("a\r\nb\nc\r\n") == ["a", "b", "c", ""])
        #expect(TextLines.split("one\r\n\r\nthree") == ["one", "", "three"])
        // A carriage return alone is not a line break (as before), only its pairing with \n.
        #expect(TextLines.split("a\rb\r\r\n") == ["a\rb\r", ""])
        #expect(TextLines.split("") == [""])
        #expect(TextLines.split("é\r\n😀") == ["é", "😀"])
    }

    /// The shipped news rules with every rule file and list file converted to CRLF (the
    /// stages' language data stay as shipped) load the same rules, declarations and pipelines
    /// and find the same spans and quotes in the seed article.
    @Test func theNewsRulesWithWindowsLineEndingsWorkTheSame() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-crlf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: Fixtures.rulesDirectory, to: copy)
        var converted = 0
        for case let url as URL in FileManager.default.enumerator(at: copy, includingPropertiesForKeys: nil)!
        where ["quarry", "txt", "tsv"].contains(url.pathExtension) {
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "\n", with: "\r\n").write(to: url, atomically: true, encoding: .utf8)
            converted += 1
        }
        #expect(converted > 20)

        let original = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news.quarry"), registry: .standard)
        let windows = try RuleBook.load(file: copy.appendingPathComponent("news.quarry"), registry: .standard)
        #expect(windows.rules.count == original.rules.count && original.rules.count > 50)
        #expect(windows.rules.map { "\($0.id) \($0.label)" } == original.rules.map { "\($0.id) \($0.label)" })
        #expect(windows.pipelineNames == original.pipelineNames)
        #expect(windows.patternSetsDeclared == original.patternSetsDeclared)
        #expect(windows.warnings.count == original.warnings.count, "\(windows.warnings)")

        let text = try String(contentsOf: Fixtures.seedArticle, encoding: .utf8)
        let a = try original.pipeline(named: "news").run(Document(id: "seed", text: text))
        let b = try windows.pipeline(named: "news").run(Document(id: "seed", text: text))
        let (spansA, spansB) = (try #require(a.spans), try #require(b.spans))
        #expect(spansA.records == spansB.records && spansA.labels == spansB.labels && spansA.records.count > 20)
        let (quotesA, quotesB) = (try #require(a.quotes), try #require(b.quotes))
        #expect(quotesA.records == quotesB.records && quotesA.records.count >= 5)
    }

    /// A string that a CRLF line ends inside is unterminated, as with a line feed.
    @Test func aStringDoesNotRunPastTheEndOfItsLine() throws {
        for ending in ["\n", "\r\n"] {
            let source = "include \"a\(ending)b.quarry\"\(ending)"
            #expect(throws: RuleErrors.self) { try RuleBook.load(source: source, name: "s.quarry", registry: .standard) }
            do {
                _ = try RuleBook.load(source: source, name: "s.quarry", registry: .standard)
            } catch {
                #expect(error.errors.first?.description.hasPrefix("s.quarry:1:9: error: unterminated string") == true, "\(error)")
                #expect(!error.description.contains("\r"), "\(error)")
            }
        }
    }

    /// A language data file (the stages' lexicons) with CRLF lines has the same entries.
    @Test func listFilesWithWindowsLineEndings() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-crlf-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "# titles\r\nSecretary\r\n  Deputy Secretary  \r\n\r\nU.S.\r\n".write(to: url, atomically: true, encoding: .utf8)
        let list = try ListFile(url: url)
        #expect(list.entries.map(\.text) == ["Secretary", "Deputy Secretary", "U.S."])
        #expect(list.entries.map(\.line) == [2, 3, 5])
    }
}
