import Quarry
import Testing

/// The quote engine without a pipeline gives what the pipeline's quote stage gives.
@Suite struct QuoteAttributorTests {
    @Test func sameQuotesAsThePipeline() throws {
        let text = """
            SEOUL (Reuters) - “We stand with our allies,” Secretary of State Antony Blinken told reporters. \
            He said the talks would resume in June. “Nothing is settled,” a spokeswoman said.
            """
        let document = Document(id: "a", text: text)
        let tokenizer = try Tokenizer.english(), splitter = try SentenceSplitter.english()
        let tokens = tokenizer.tokenize(document)
        let sentences = splitter.sentences(document, tokens: tokens)
        let quotes = try QuoteAttributor.english().attribute(document, tokens: tokens, sentences: sentences)
        let views = quotes.views(in: document)
        #expect(views.map(\.text) == ["“We stand with our allies,”", "the talks would resume in June", "“Nothing is settled,”"])
        #expect(views.map(\.entity) == ["Antony Blinken", "Antony Blinken", "a spokeswoman"])
        #expect(views.map { $0.cueText.map(String.init) } == ["told", "said", "said"])

        let pipeline = try Pipeline([TokenizerStage(tokenizer: tokenizer), SentenceStage(splitter: splitter),
                                     QuoteStage(attributor: try QuoteAttributor.english())])
        let viaPipeline = try #require(try pipeline.run(document).quotes)
        #expect(viaPipeline.records == quotes.records && viaPipeline.entities == quotes.entities)
    }
}
