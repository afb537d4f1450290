import Foundation
import Quarry
import QuarryCore
import QuarryTestSupport
import Testing

/// The news pipeline's entities through the aliases stage: a surname or a first name alone
/// names the person met in full before, and a company taken for no person gives no alias.
@Suite struct NewsEntityTests {
    static let pipeline: Pipeline = {
        let file = Fixtures.rulesDirectory.appendingPathComponent("news.quarry")
        return try! RuleBook.load(file: file, registry: .standard).pipeline(named: "news")
    }()

    /// "LABEL text" for each span, with ` of=...` when the span carries an `of` attribute.
    func spans(_ text: String) throws -> [String] {
        let annotated = try Self.pipeline.run(Document(id: "e", text: text))
        guard let layer = annotated.spans else { return [] }
        return layer.records.indices.map { k in
            let record = layer.records[k]
            let span = Span(layer: layer, index: k, document: annotated.document)
            let of = record.attributeCount > 0 ? layer.attributes(of: record, in: annotated.document).first { $0.name == "of" }?.value : nil
            return "\(span.label) \(span.text)" + (of.map { " of=\($0)" } ?? "")
        }
    }

    @Test func aSurnameAloneNamesThePersonMetInFull() throws {
        let found = try spans("Olaf Scholz said the talks went well. Later Scholz added that more work was needed.")
        #expect(found.contains("PERSON Olaf Scholz"))
        #expect(found.contains("PERSON Scholz of=Olaf Scholz"))
    }

    @Test func aCompanyIsNoPersonAndGivesNoAlias() throws {
        let found = try spans("Acme Foods said profits rose.\n\nLater, Foods prices fell in Chicago.")
        #expect(found.contains("ORG Acme Foods"))
        #expect(!found.contains { $0.hasPrefix("PERSON") }, "\(found)")
    }
}
