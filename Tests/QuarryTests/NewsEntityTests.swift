import Foundation
import Quarry
import QuarryCore
import QuarryTestSupport
import Testing

/// The news pipeline's entities through the aliases stage: a surname or a first name alone
/// names the person met in full before, a company taken for no person gives no alias, and an
/// acronym names the organisation it abbreviates.
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

    @Test func aDeclaredAcronymMakesItsLongFormAnOrganisation() throws {
        // "Force" ends no organisation rule; the acronym in brackets, which the entity rules
        // take for one, makes its long form one too, and every later "UVF" names it.
        let found = try spans("The group, the Ulster Volunteer Force (UVF), intends to disarm.\n\nThe UVF said it would act.")
        #expect(found.contains("ORG Ulster Volunteer Force"), "\(found)")
        #expect(found.filter { $0 == "ORG UVF of=Ulster Volunteer Force" }.count == 2, "\(found)")
        // Lower-case words inside the long form give no letter.
        let commission = try spans("That was confirmed by the Independent International Commission on Decommissioning (IICD).")
        #expect(commission.contains("ORG Independent International Commission on Decommissioning"), "\(commission)")
    }

    @Test func anAcronymOfNoOrganisationOrOfOtherWordsStaysAsItIs() throws {
        // "GDP" is no organisation (not-organisation-acronyms), so its long form is none.
        let gdp = try spans("The Gross Domestic Product (GDP) rose.")
        #expect(!gdp.contains { $0.hasPrefix("ORG") }, "\(gdp)")
        // Words whose initials spell something else are no long form: "IRNA" stays itself.
        let other = try spans("The deal was announced on Sunday Morning Television (IRNA).\n\nIRNA said so.")
        #expect(other.filter { $0 == "ORG IRNA" }.count == 2, "\(other)")
        #expect(!other.contains { $0.contains("of=") || $0.hasPrefix("ORG Sunday") }, "\(other)")
    }

    @Test func anUndeclaredAcronymNamesTheOrganisationWhoseInitialsItIs() throws {
        let found = try spans("Prices are hidden, according to the Office of Fair Trading.\n\nThe OFT said it would act.")
        #expect(found.contains("ORG Office of Fair Trading"), "\(found)")
        #expect(found.contains("ORG OFT of=Office of Fair Trading"), "\(found)")
    }
}
