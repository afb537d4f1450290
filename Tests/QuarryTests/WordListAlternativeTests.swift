import Foundation
import Quarry
import QuarryCore
import Testing

/// A token test of word lists: `[in=@a | in=@b]` takes an entry of several words whole, as
/// `[in=@a]` does, and `in=` combined with another test takes only the token that begins an
/// entry.
@Suite struct WordListAlternativeTests {
    func spans(_ rule: String, _ text: String) throws -> [String] {
        let source = """
            list verbs = pointed out, ruled out, said
            list more = believed, went on to say
            \(rule)
            pipeline p
              tokenize
              sentences
              patterns
            """
        let pipeline = try RuleBook.load(source: source, name: "w.quarry", registry: .standard).pipeline()
        let annotated = pipeline.run(Document(id: "w", text: text), in: try pipeline.makeContext())
        guard let layer = annotated.spans else { return [] }
        return layer.records.indices.map { String(Span(layer: layer, index: $0, document: annotated.document).text) }
    }

    static let text = "Officials pointed out that talks went on to say nothing, and they believed it."

    @Test func anOrOfListsTakesEntriesOfSeveralWordsWhole() throws {
        #expect(try spans("rule v CUE [in=@verbs | in=@more]", Self.text) == ["pointed out", "went on to say", "believed"])
        #expect(try spans("rule v CUE [in=@verbs] | [in=@more]", Self.text) == ["pointed out", "went on to say", "believed"])
    }

    @Test func aListTestWithAnotherTestTakesTheTokenThatBeginsAnEntry() throws {
        #expect(try spans("rule v CUE [in=@verbs & is-lower]", Self.text) == ["pointed"])
    }
}
