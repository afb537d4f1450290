import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// The two profiles of the quotes stage (speech: who said what; attribution: beliefs and
/// findings too), the speech profile's precision rules, interrupted quotes and speakers from
/// the entity pack's spans. Sentences written for these tests.
@Suite struct QuoteProfileTests {
    static func pipeline(_ profile: String) -> Pipeline {
        let registry = StageRegistry.standard
        let lists = Fixtures.rulesDirectory.appendingPathComponent("en").path
        var stages: [any Stage] = []
        for name in ["tokenize", "sentences", "quotes"] {
            let kind = registry.kind(named: name)!
            var options: [String: StageOptionValue] = ["lists": .string(lists)]
            if name == "quotes" { options["profile"] = .string(profile) }
            stages.append(try! kind.build(.defaults(for: kind, options: options)))
        }
        return try! Pipeline(stages)
    }

    static let speech = pipeline("speech")
    static let attribution = pipeline("attribution")

    struct Found: Equatable, CustomStringConvertible {
        var text: String
        var speaker: String?
        var entity: String?
        var description: String { "«\(text)» speaker=\(speaker ?? "-") entity=\(entity ?? "-")" }
    }

    func quotes(_ text: String, _ pipeline: Pipeline = speech) throws -> [Found] {
        let annotated = try pipeline.run(Document(id: "t", text: text))
        let layer = try #require(annotated.quotes)
        let doc = annotated.document
        return layer.records.map { q in
            Found(text: String(doc.text(utf8: q.range)), speaker: q.speaker.map { String(doc.text(utf8: $0)) }, entity: layer.entity(of: q))
        }
    }

    // MARK: - Profiles

    @Test func speechRejectsPlansAndBeliefsAttributionKeepsThem() throws {
        let plan = "Ford plans to reorganize its European business next year."
        #expect(try quotes(plan).isEmpty)
        #expect(try quotes(plan, Self.attribution).map(\.speaker) == ["Ford"])
        let belief = "Officials are concerned that the talks will fail."
        #expect(try quotes(belief).isEmpty)
        #expect(try quotes(belief, Self.attribution).map(\.text) == ["the talks will fail"])
    }

    @Test func speechKeepsStatements() throws {
        let found = try quotes("The ministry said the border would reopen on Friday. Analysts told reporters that prices would rise.")
        #expect(found.map(\.text) == ["the border would reopen on Friday", "prices would rise"])
    }

    @Test func negatedCueReportsNothingInSpeech() throws {
        #expect(try quotes("The union has not stated that the strike will end.").isEmpty)
        #expect(try quotes("The mayor did not say whether the bridge would close.").isEmpty)
    }

    // MARK: - Page furniture, labels and colons

    @Test func pageFurnitureIsNotSpeech() throws {
        let text = """
        The finance minister said the budget would hold.

        Story continues below advertisement

        READ MORE: Ministers clash over the budget

        Related: Lindner says the budget is safe

        Contact: press@example.org
        """
        #expect(try quotes(text).map(\.text) == ["the budget would hold"])
    }

    @Test func aHeadlineLabelIsNotASpeaker() throws {
        let text = "Budget Deal: What Happens Next For Savers And Pensioners\n\nBanks said rates would fall."
        #expect(try quotes(text).map(\.text) == ["rates would fall"])
        // A transcript label is a speaker.
        #expect(try quotes("LAGARDE: We will do whatever it takes to protect the euro.").map(\.speaker) == ["LAGARDE"])
    }

    @Test func aColonIsACueOnlyAfterASpeaker() throws {
        let text = "Related: “We will never surrender the city.”"
        #expect(try quotes(text).isEmpty)
        let found = try quotes("The general gave his answer: “We will never surrender the city.”")
        #expect(found.map(\.speaker) == ["The general"])
    }

    // MARK: - Content

    @Test func anInterruptedQuoteIsTwoQuotesOfOneRunInSpeechAndOneInPiecesInAttribution() throws {
        let document = Document(id: "t", text: "“We are ready,” Lagarde told reporters. “The rules are clear.”")
        // Speech: each quotation is a quote, with the cue and speaker, the second linked to the first.
        let speech = try #require(try Self.speech.run(document).quotes)
        #expect(speech.records.map { String(document.text(utf8: $0.range)) } == ["“We are ready,”", "“The rules are clear.”"])
        #expect(speech.records.map { $0.cue.map { String(document.text(utf8: $0)) } } == ["told", "told"])
        #expect(speech.records.map { $0.speaker.map { String(document.text(utf8: $0)) } } == ["Lagarde", "Lagarde"])
        #expect(speech.runs == [1: 0])
        #expect(speech.pieces.isEmpty)
        // Attribution: one quote in two pieces.
        let attribution = try #require(try Self.attribution.run(document).quotes)
        #expect(attribution.count == 1)
        #expect(attribution.runs.isEmpty)
        #expect(attribution.contentPieces(of: 0).map { String(document.text(utf8: $0)) } == ["“We are ready,”", "“The rules are clear.”"])
    }

    @Test func aQuotationGoingOnInTheNextParagraphIsItsOwnQuoteOfTheRun() throws {
        let text = "“We will not wait,” the mayor said. “The valley has waited long enough.\n\n“Nobody here wants a dam.”\n\nThe council meets on Monday."
        let annotated = try Self.speech.run(Document(id: "t", text: text))
        let layer = try #require(annotated.quotes)
        let found = try quotes(text)
        #expect(found.map(\.text) == ["“We will not wait,”", "“The valley has waited long enough.", "“Nobody here wants a dam.”"])
        #expect(found.map(\.entity) == ["mayor", "mayor", "mayor"])
        #expect(layer.runs == [1: 0, 2: 0])
        #expect((0..<layer.count).map { layer.runStart(of: $0) } == [0, 0, 0])
    }

    @Test func aQuotationWithNoCueTakesTheEntityOfTheQuoteRightBeforeIt() throws {
        // Each quotation inherits from the statement before it, not from an earlier one (the
        // link once pointed at the wrong statement after the quotations were sorted in).
        let text = "Anna Berg said the vote was close.\n\n“It will be hard for all of us.”\n\nTom Hale said the count was fair.\n\n“We trust the people who count.”"
        let found = try quotes(text)
        #expect(found.map(\.entity) == ["Anna Berg", "Anna Berg", "Tom Hale", "Tom Hale"])
        let layer = try #require(try Self.speech.run(Document(id: "t", text: text)).quotes)
        #expect(layer.runs == [1: 0, 3: 2])
    }

    @Test func aQuotationAfterReportedSpeechIsItsOwnQuoteInSpeech() throws {
        let text = "The mayor said the plan would fail. “Nobody in this valley wants a dam.”"
        let found = try quotes(text)
        #expect(found.map(\.text) == ["the plan would fail", "“Nobody in this valley wants a dam.”"])
        #expect(found.map(\.entity) == ["mayor", "mayor"])
    }

    // MARK: - Speakers

    @Test func appositiveRoleBeforeTheName() throws {
        let found = try quotes("Germany’s finance minister, Christian Lindner, said the budget would hold.")
        #expect(found.map(\.entity) == ["Christian Lindner"])
    }

    @Test func nameBeforeARoleWithoutItsClosingComma() throws {
        let found = try quotes("Ian Tiley, mayor of the valley council warns that any dam would meet stiff resistance.")
        #expect(found.map(\.entity) == ["Ian Tiley"])
        #expect(found.first?.speaker?.hasPrefix("Ian Tiley") == true)
    }

    @Test func hyphenatedNamesStayWhole() throws {
        let found = try quotes("Jean-Claude Juncker told reporters that the deal was done.")
        #expect(found.map(\.entity) == ["Jean-Claude Juncker"])
    }

    @Test func titlesAreStrippedFromEntities() throws {
        let found = try quotes("Deputy Foreign Minister Anna Berg said the embassy would stay open.")
        #expect(found.map(\.entity) == ["Anna Berg"])
    }

    @Test func speakerFromAnEntitySpan() throws {
        // "bell hooks" is written in lower case: only the PERSON span makes it a speaker.
        let document = Document(id: "t", text: "bell hooks said the essay was finished. hooks said it would appear in May.")
        let tokenizer = try Tokenizer.english(), splitter = try SentenceSplitter.english()
        let tokens = tokenizer.tokenize(document)
        let sentences = splitter.sentences(document, tokens: tokens)
        let attributor = try QuoteAttributor(lexicon: try QuoteLexicon.english(profile: .speech))
        #expect(attributor.attribute(document, tokens: tokens, sentences: sentences).count == 0)
        let spans = SpanLayer(records: [SpanRecord(start: 0, end: 10, label: 0, rule: 0),
                                        SpanRecord(start: 40, end: 45, label: 0, rule: 0, attributeStart: 0, attributeCount: 1)],
                              attributes: [SpanAttribute(name: 0, value: .constant(0))],
                              labels: ["PERSON"], rules: ["test"], attributeNames: ["of"], constants: ["bell hooks"])
        let layer = attributor.attribute(document, tokens: tokens, sentences: sentences, spans: spans)
        #expect(layer.records.map { layer.entity(of: $0) } == ["bell hooks", "bell hooks"])
        #expect(layer.records.first.flatMap { $0.speaker }.map { String(document.text(utf8: $0)) } == "bell hooks")
    }

    @Test func newsPipelineUsesTheSpeechProfileAndTheEntityPack() throws {
        let book = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news.quarry"), registry: .standard)
        let pipeline = try book.pipeline(named: "news")
        let annotated = try pipeline.run(Document(id: "t", text: "Christian Lindner met bankers in Frankfurt. Lindner said the budget would hold. Ford plans to close a plant."))
        let layer = try #require(annotated.quotes)
        #expect(layer.records.map { layer.entity(of: $0) } == ["Christian Lindner"])
        let attribution = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news-attribution.quarry"), registry: .standard)
            .pipeline(named: "news-attribution")
        #expect(try attribution.run(Document(id: "t", text: "Ford plans to close a plant.")).quotes?.count == 1)
    }
}
