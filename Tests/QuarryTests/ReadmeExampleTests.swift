import Quarry
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

    @Test func wrongOrderIsRejected() throws {
        #expect(throws: PipelineError.self) {
            try Pipeline([SentenceStage(splitter: try SentenceSplitter.english()), TokenizerStage(tokenizer: try .english())])
        }
    }
}
