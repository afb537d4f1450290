import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// The quote stage on short news texts: each test pins one behaviour of DESIGN.md section 5.
@Suite struct QuoteBehaviourTests {
    static let pipeline: Pipeline = {
        let registry = StageRegistry.standard
        let lists = Fixtures.rulesDirectory.appendingPathComponent("en").path
        var stages: [any Stage] = []
        for name in ["tokenize", "sentences", "quotes"] {
            let kind = registry.kind(named: name)!
            stages.append(try! kind.build(.defaults(for: kind, options: ["lists": .string(lists)])))
        }
        return try! Pipeline(stages)
    }()

    struct Found: Equatable, CustomStringConvertible {
        var text: String
        var kind: QuoteKind
        var cue: String?
        var speaker: String?
        var entity: String?
        var description: String { "\(kind) «\(text)» cue=\(cue ?? "-") speaker=\(speaker ?? "-") entity=\(entity ?? "-")" }
    }

    func quotes(_ text: String) throws -> [Found] {
        let annotated = try Self.pipeline.run(Document(id: "t", text: text))
        let layer = try #require(annotated.quotes)
        let doc = annotated.document
        return layer.records.map { q in
            Found(text: String(doc.text(utf8: q.range)), kind: q.kind, cue: q.cue.map { String(doc.text(utf8: $0)) },
                  speaker: q.speaker.map { String(doc.text(utf8: $0)) }, entity: layer.entity(of: q))
        }
    }

    @Test func directQuoteBeforeAndAfterItsCue() throws {
        let found = try quotes("“We will not back down,” the minister said on Tuesday. Smith told reporters: “It is over.”")
        #expect(found == [
            Found(text: "“We will not back down,”", kind: .direct, cue: "said", speaker: "the minister", entity: "minister"),
            Found(text: "“It is over.”", kind: .direct, cue: "told", speaker: "Smith", entity: "Smith"),
        ])
    }

    @Test func invertedOrderAndAppositive() throws {
        let found = try quotes("“The talks failed,” said Pat Caddell, a Democratic pollster.\n\nFlynn, a top Trump surrogate, said the plan was a mistake.")
        #expect(found.map(\.speaker) == ["Pat Caddell, a Democratic pollster", "Flynn, a top Trump surrogate"])
        #expect(found.map(\.entity) == ["Pat Caddell", "Flynn"])
        #expect(found[1].text == "the plan was a mistake")
    }

    @Test func contentBeforeTheCue() throws {
        let found = try quotes("The economy will recover next year, officials said.")
        #expect(found == [Found(text: "The economy will recover next year", kind: .indirect, cue: "said", speaker: "officials", entity: "officials")])
    }

    @Test func accordingToBothWays() throws {
        let found = try quotes("According to the ministry, the border is closed. Prices rose by a third, according to a survey by the central bank.")
        #expect(found.map(\.text) == ["the border is closed", "Prices rose by a third"])
        #expect(found.map(\.speaker) == ["the ministry", "a survey by the central bank"])
    }

    @Test func pronounsResolveToTheLastCompatibleSpeaker() throws {
        let text = """
        Sen. Elizabeth Warren said the bank misled customers. Mrs. Warren added that she would hold hearings.

        Treasury Secretary Jack Lew said the rules were clear. He warned that fines would follow. She said she was not satisfied.
        """
        let found = try quotes(text)
        #expect(found.map(\.entity) == ["Elizabeth Warren", "Elizabeth Warren", "Jack Lew", "Jack Lew", "Elizabeth Warren"])
    }

    @Test func theyResolvesToAGroup() throws {
        let found = try quotes("Blinken and Park met in Seoul. Blinken and Park said the alliance was strong. They called for restraint.")
        #expect(found.map(\.entity) == ["Blinken and Park", "Blinken and Park"])
    }

    @Test func quotationInterruptedByItsCueIsOneQuote() throws {
        let found = try quotes("“We are ready,” Lew said. “The rules are clear.”\n\nNext paragraph.")
        #expect(found.count == 1)
        #expect(found.first?.text == "“We are ready,” Lew said. “The rules are clear.”")
    }

    @Test func aQuotationWithItsOwnCueIsNotAContinuation() throws {
        let found = try quotes("“We will act,” the President said. “The minister died in his office,” the report stated.")
        #expect(found.map(\.text) == ["“We will act,”", "“The minister died in his office,”"])
        #expect(found.map(\.cue) == ["said", "stated"])
    }

    @Test func floatingQuoteParagraphContinuesThePreviousSpeaker() throws {
        let text = "“We are ready,” the governor said.\n\nOther business followed.\n\n“Nobody will be left behind in this state.”"
        let found = try quotes(text)
        #expect(found.count == 2)
        #expect(found.last?.entity == "governor")
        #expect(found.last?.cue == nil)
    }

    @Test func mixedQuoteAndScareQuotes() throws {
        let found = try quotes("He described the deal as a “historic step” for the region. The so-called “deal” was never signed.")
        #expect(found.count == 1)
        #expect(found.first?.kind == .mixed)
        #expect(found.first?.text == "the deal as a “historic step” for the region")
    }

    @Test func nounsThatLookLikeCuesAreNotCues() throws {
        // "reports", "the claims", "states", "to say" and a passive are not reporting verbs here.
        // ("declined" is a cue of its own: PolNeAR counts declining to comment as a position.)
        let found = try quotes("The United States denied reports of a deal. The claims were false. Officials declined to say more. He was told to leave.")
        #expect(found.map(\.cue) == ["denied", "declined"])
        #expect(found.first?.text == "reports of a deal")
    }

    @Test func unbalancedQuotationMarkDoesNotSwallowTheDocument() throws {
        let found = try quotes("He said “this never closes.\n\nLater, “It works,” she said.")
        #expect(found.contains { $0.text == "“It works,”" && $0.cue == "said" && $0.speaker == "she" })
        // Nothing runs from the stray mark across the paragraph break.
        #expect(!found.contains { $0.text.contains("\n") })
    }

    @Test func speakerLabelsAndPredicates() throws {
        let found = try quotes("Marco Rubio: I Am Not Interested In Being Vice President\n\nOfficials are deeply concerned that the ceasefire will not hold.")
        #expect(found.map(\.cue) == [":", "concerned"])
        #expect(found.map(\.speaker) == ["Marco Rubio", "Officials"])
        #expect(found.last?.text == "the ceasefire will not hold")
    }

    @Test func aCueInsideAReportedClauseBelongsToIt() throws {
        // "wanted" is part of what she said, not a statement of its own.
        let found = try quotes("Roxana Leon, 63, an independent voter, said she wanted major change in Washington.")
        #expect(found.count == 1)
        #expect(found.first?.speaker == "Roxana Leon, 63, an independent voter")
        #expect(found.first?.text == "she wanted major change in Washington")
    }

    @Test func demonymsAreStrippedOnlyBeforeTitles() throws {
        let found = try quotes("The New York Times reported that the talks had failed. South Korean Foreign Minister Park Jin said the alliance was strong.")
        #expect(found.map(\.entity) == ["New York Times", "Park Jin"])
    }

    @Test func aQuotationAfterAColonBelongsToTheClausesSubject() throws {
        let found = try quotes("Senator Jane Doe spoke first.\n\nAsked which county was his favorite, Smith demurred: “Whichever one I am in at the moment.”")
        // The attribution profile also reports the question (PolNeAR annotates it): "Asked"
        // opens the sentence and the clause's subject is its source.
        #expect(found.map(\.speaker) == ["Smith", "Smith"])
        #expect(found.map(\.cue) == ["Asked", ":"])
        #expect(found.map(\.text) == ["which county was his favorite", "“Whichever one I am in at the moment.”"])
    }

    @Test func attributionFindsPassivesPlainSubjectsAndProgressives() throws {
        let found = try quotes("The meeting was first reported by Politico. The billionaire real estate magnate says running for president is tough. "
                               + "Senate Majority Leader Mitch McConnell is criticizing President Barack Obama as a weak leader.")
        #expect(found.map(\.cue) == ["reported", "says", "criticizing"])
        #expect(found.map(\.speaker) == ["Politico", "The billionaire real estate magnate", "Senate Majority Leader Mitch McConnell"])
        #expect(found.map(\.text) == ["The meeting", "running for president is tough", "President Barack Obama as a weak leader"])
    }

    @Test func emptyAndQuotelessDocuments() throws {
        #expect(try quotes("").isEmpty)
        #expect(try quotes("The weather was fine. Nothing happened.").isEmpty)
    }
}

@Suite struct QuoteLexiconTests {
    @Test func regularForms() {
        #expect(QuoteLexicon.regularForms("emphasize") == ["emphasize", "emphasizes", "emphasized", "emphasizing"])
        #expect(QuoteLexicon.regularForms("deny") == ["deny", "denies", "denied", "denying"])
        #expect(QuoteLexicon.regularForms("stress") == ["stress", "stresses", "stressed", "stressing"])
        #expect(QuoteLexicon.regularForms("agree") == ["agree", "agrees", "agreed", "agreeing"])
        #expect(QuoteLexicon.regularForms("say").count == 4)
    }

    @Test func aLexiconWithoutVerbsIsAnError() {
        #expect(throws: StageBuildError.self) { try QuoteStage(lexicon: QuoteLexicon()) }
    }
}
