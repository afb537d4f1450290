import Foundation
import Quarry
import QuarryCore
import Testing

/// Two things every entity rule set needs whatever its language: a name never runs over a
/// paragraph break, and a longer name found by a later phase replaces the shorter names an
/// earlier phase found inside it (`replace=`).
@Suite struct SpanBoundaryTests {
    func spans(_ source: String, _ text: String) throws -> [String] {
        let pipeline = try RuleBook.load(source: source, name: "b.quarry", registry: .standard).pipeline()
        let annotated = pipeline.run(Document(id: "b", text: text), in: try pipeline.makeContext())
        guard let layer = annotated.spans else { return [] }
        return layer.records.indices.map { k in
            let span = Span(layer: layer, index: k, document: annotated.document)
            return "\(span.label) \(span.text)"
        }
    }

    @Test func aTokenMatchStopsAtAParagraphBreak() throws {
        let source = "rule name NAME [is-title]+\npipeline p\n  tokenize\n  sentences\n  patterns\n"
        #expect(try spans(source, "The life of Daniel Bernoulli\n\nEarly Years") == ["NAME The", "NAME Daniel Bernoulli", "NAME Early Years"])
        // A line break alone is no paragraph break.
        #expect(try spans(source, "Daniel\nBernoulli left") == ["NAME Daniel\nBernoulli"])
        // Context may look across it.
        let behind = "rule name NAME (?<=[lower=life]) [is-title]+\npipeline p\n  tokenize\n  sentences\n  patterns\n"
        #expect(try spans(behind, "A life\n\nDaniel Bernoulli") == ["NAME Daniel Bernoulli"])
    }

    static let phases = """
    rule gpe GPE [lower=united] [lower=states]
    rule congress ORG [lower=congress]
    rule body ORG @GPE [is-title]
    patterns places
      rules gpe congress
    patterns names REPLACE
      rules body
    pipeline p
      tokenize
      sentences
      patterns places
      patterns names
    """

    @Test func aLongerNameReplacesTheNamesInsideIt() throws {
        let text = "The United States Congress met. Congress rested in the United States."
        let kept = try spans(Self.phases.replacingOccurrences(of: "REPLACE", with: ""), text)
        #expect(kept == ["GPE United States", "ORG United States Congress", "ORG Congress", "ORG Congress", "GPE United States"])
        let replaced = try spans(Self.phases.replacingOccurrences(of: "REPLACE", with: "replace=\"GPE,ORG\""), text)
        #expect(replaced == ["ORG United States Congress", "ORG Congress", "GPE United States"])
    }
}
