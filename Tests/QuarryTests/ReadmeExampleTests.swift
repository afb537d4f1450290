import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// The Swift examples in README.md, run as written (the umbrella module re-exports the
/// stages, so `import Quarry` is all an embedder needs).
@Suite struct ReadmeExamples {
    @Test func tokenizerExample() throws {
        let tokenizer = try Tokenizer.english()
        let document = Document(id: "a", text: "U.S. officials don't agree.")
        let scratch = tokenizer.makeScratch()
        let texts = tokenizer.tokenize(document, scratch: scratch).map { String(document.text(utf8: $0.range)) }
        #expect(texts == ["U.S.", "officials", "don't", "agree", "."])
    }

    @Test func pipelineExample() throws {
        let splitter = try SentenceSplitter.english()
        #expect(splitter.sentenceTexts("I live in the U.S. How about you?") == ["I live in the U.S.", "How about you?"])

        let pipeline = try Pipeline([TokenizerStage(tokenizer: try .english()),
                                     SentenceStage(splitter: splitter)])
        let context = try pipeline.makeContext()
        let result = pipeline.run(Document(id: "a", text: "Mr. Park spoke. He left."), in: context)
        #expect(result.sentences?.map(\.tokenRange) == [0..<4, 4..<7])
    }

    /// docs/embedding.md: quote attribution from Swift.
    @Test func quoteExample() throws {
        let pipeline = try Pipeline([
            TokenizerStage(tokenizer: try Tokenizer.english()),
            SentenceStage(splitter: try SentenceSplitter.english()),
            try QuoteStage(lexicon: try QuoteLexicon.english()),
        ])
        let annotated = try pipeline.run(Document(id: "a", text: "“We are ready,” Treasury Secretary Jack Lew said."))
        let quotes = try #require(annotated.quotes)
        let rows = quotes.records.map { quote in
            "\(quote.kind) \(annotated.document.text(utf8: quote.range)) \(annotated.document.text(utf8: quote.cue!)) \(quotes.entity(of: quote)!)"
        }
        #expect(rows == ["direct “We are ready,” said Jack Lew"])
    }

    @Test func wrongOrderIsRejected() throws {
        let splitter = try SentenceSplitter.english(), tokenizer = try Tokenizer.english()
        #expect(throws: PipelineError.self) {
            try Pipeline([SentenceStage(splitter: splitter), TokenizerStage(tokenizer: tokenizer)])
        }
    }
}

/// The rule files shown in README.md and docs/rule-language.md load, and their examples pass.
@Suite struct DocumentedRuleFiles {
    /// The first fenced block in `file` that contains every string of `markers`.
    func block(in file: String, containing markers: [String]) throws -> String {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(file), encoding: .utf8)
        let parts = text.components(separatedBy: "```")
        for (index, part) in parts.enumerated() where index % 2 == 1 && markers.allSatisfy({ part.contains($0) }) {
            return part.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    @Test(arguments: [
        ("README.md", ["rule money MONEY", "pipeline news"]),
        ("docs/rule-language.md", ["# Rules/examples/money.quarry", "pipeline news"]),
    ])
    func loadsAndPasses(file: String, markers: [String]) throws {
        let source = try block(in: file, containing: markers)
        let book = try RuleBook.load(source: source, name: file + ".quarry", registry: .standard)
        #expect(book.warnings.isEmpty, "\(book.warnings)")
        let results = try book.runExamples(registry: .standard)
        #expect(!results.isEmpty)
        let failures = results.filter { !$0.passed }.compactMap(\.failure)
        #expect(failures.isEmpty, "\(failures)")
        let pipeline = try book.pipeline()
        let result = try pipeline.run(Document(id: "d", text: "It cost $5 million, not $3 millionaires."))
        let texts = (result.spans?.records ?? []).map { String(result.document.text(utf8: $0.range)) }
        #expect(texts == ["$5 million", "$3"])
    }

    /// README's file that changes the shipped news rules loads (with the user's own patterns
    /// declaration it names), and its pipeline example passes.
    @Test func theExtensionExampleLoadsAndPasses() throws {
        let news = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
        let source = try block(in: "README.md", containing: ["pipeline my-news from news"])
            .replacingOccurrences(of: "/path/to/quarry/Rules/news.quarry", with: news)
            + "\nrule my_rule PRODUCT [text=Widget] [is-title]\npatterns my-rules\n  rules my_rule\n"
        let book = try RuleBook.load(source: source, name: "mine.quarry", registry: .standard)
        #expect(book.pipelineNames.first == "my-news")
        #expect(book.changes.count == 4, "\(book.changes.map(\.description))")
        let own = try book.runExamples(registry: .standard).filter { $0.example.location.file.hasSuffix("mine.quarry") }
        #expect(own.count == 1 && own.allSatisfy(\.passed), "\(own.map(\.failure))")
    }
}
