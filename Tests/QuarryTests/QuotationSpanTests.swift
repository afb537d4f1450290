import Foundation
import Quarry
import QuarryCore
import Testing

/// The `quotations` stage writes quotation marks' pairs as spans, and token rules of a later
/// phase read a quotation as one unit (`@QUOTATION`), with lookaround for context.
@Suite struct QuotationSpanTests {
    static let rules = """
    list speech = say, said, says, told, added
    define SPEAKER = [pos=PROPN]{1,3} | [pos=PRON]
    rule quote_then_cue QUOTE (?<content>@QUOTATION) [text=","]? (?<cue>[in=@speech]) (?<speaker>{SPEAKER})
    rule cue_then_quote QUOTE (?<speaker>{SPEAKER}) (?<cue>[in=@speech]) (?<![lower=he] [lower=said]) [text=":"] (?<content>@QUOTATION)
    patterns quote-rules
      rules quote_then_cue cue_then_quote
    pipeline p
      tokenize
      sentences
      tag
      quotations
      patterns quote-rules
    """

    /// Label, text and attributes of every span of `text`.
    func spans(_ text: String) throws -> [(label: String, text: String, attributes: [String: String])] {
        let pipeline = try RuleBook.load(source: Self.rules, name: "q.quarry", registry: .standard).pipeline()
        let annotated = pipeline.run(Document(id: "t", text: text), in: try pipeline.makeContext())
        guard let layer = annotated.spans else { return [] }
        return layer.records.indices.map { k in
            let span = Span(layer: layer, index: k, document: annotated.document)
            return (span.label, String(span.text), Dictionary(span.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    @Test func quotationsAreSpansAndUnitsOfLaterRules() throws {
        let text = "“We will not back down,” said Antony Blinken. Kishida said: “The talks went well.” He said: “No.”"
        let found = try spans(text)
        #expect(found.filter { $0.label == "QUOTATION" }.map(\.text) == ["“We will not back down,”", "“The talks went well.”", "“No.”"])
        let quotes = found.filter { $0.label == "QUOTE" }
        #expect(quotes.map(\.text) == ["“We will not back down,” said Antony Blinken", "Kishida said: “The talks went well.”"])
        #expect(quotes.first?.attributes["speaker"] == "Antony Blinken")
        #expect(quotes.first?.attributes["content"] == "“We will not back down,”")
        #expect(quotes.last?.attributes["cue"] == "said")
    }

    @Test func aQuotationOverParagraphsIsOneSpanAPiece() throws {
        let text = "“The first part,\n\n“and the second part,” she said.\n\nNo quotation ‘here."
        let quotations = try spans(text).filter { $0.label == "QUOTATION" }
        #expect(quotations.map(\.text) == ["“The first part,", "“and the second part,”"])
        #expect(quotations.first?.attributes["continues"] == "yes")
        #expect(quotations.last?.attributes["continues"] == nil)
    }

    @Test func nestedQuotationsOnlyWhenAsked() throws {
        let text = "He said: “They told me ‘never again’ twice.”"
        let stage = QuotationStage(label: "Q", nested: true)
        var document = AnnotatedDocument(document: Document(id: "n", text: text))
        stage.process(&document)
        let layer = try #require(document.spans)
        let found = layer.records.indices.map { Span(layer: layer, index: $0, document: document.document) }
        #expect(found.map { String($0.text) } == ["“They told me ‘never again’ twice.”", "‘never again’"])
        #expect(found.last?.attributes.first { $0.name == "depth" }?.value == "1")
        var outer = AnnotatedDocument(document: Document(id: "o", text: text))
        QuotationStage().process(&outer)
        #expect(outer.spans?.records.count == 1)
    }
}
