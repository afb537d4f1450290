import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// The article Quarry is built around, end to end through Rules/news.quarry: every reported
/// statement with its cue, speaker mention and resolved speaker.
@Suite struct SeedArticleTests {
    struct Row: Equatable, CustomStringConvertible {
        var speaker: String
        var cue: String
        var entity: String
        var kind: QuoteKind
        var contentStart: String
        var description: String { "\(speaker) | \(cue) | \(entity) | \(kind) | \(contentStart)…" }
    }

    /// The news pipeline (or `file`'s), whose cue grammar is the rule phase `phase` of
    /// `Rules/en/quotes.quarry` (`cues=_CUE`), or (`ownCues`) the same without the phase, the
    /// quotes stage finding cues by its own verb forms.
    func rows(ownCues: Bool = false, file name: String = "news.quarry", pipeline pipelineName: String = "news",
              phase: String = "quote-cues") throws -> [Row] {
        let file = Fixtures.rulesDirectory.appendingPathComponent(name)
        var book = try RuleBook.load(file: file, registry: .standard)
        var chosen = pipelineName
        if ownCues {
            // The shipped pipeline without its cue phase, as a user's file would say it.
            let source = "include \"\(name)\"\npipeline own-cues from \(pipelineName)\n  drop patterns \(phase)\n  set quotes cues=\"\"\n"
            book = try RuleBook.load(source: source, name: "own-cues.quarry", baseDirectory: file.deletingLastPathComponent(), registry: .standard)
            #expect(book.stageOrigins["own-cues"]?.contains { $0.stage == "patterns \(phase)" } == false)
            chosen = "own-cues"
        }
        let pipeline = try book.pipeline(named: chosen)
        let annotated = try pipeline.run(try Fixtures.seedDocument())
        let quotes = try #require(annotated.quotes)
        let doc = annotated.document
        return quotes.records.map { q in
            Row(speaker: q.speaker.map { String(doc.text(utf8: $0)) } ?? "",
                cue: q.cue.map { String(doc.text(utf8: $0)) } ?? "",
                entity: quotes.entity(of: q) ?? "",
                kind: q.kind,
                contentStart: String(doc.text(utf8: q.range).prefix(24)))
        }
    }

    /// The cue rules (over tags and lemmas) find the cues the stage's own verb forms find.
    @Test func theCueRulesFindTheSameStatements() throws {
        let rules = try rows()
        #expect(rules.count == 16)
        #expect(try rows(ownCues: true) == rules)
        let attribution = try rows(file: "news-attribution.quarry", pipeline: "news-attribution", phase: "quote-cues-attribution")
        #expect(attribution.count == 16)
        #expect(try rows(ownCues: true, file: "news-attribution.quarry", pipeline: "news-attribution", phase: "quote-cues-attribution") == attribution)
    }

    /// A verb of stance or act with a noun object and no reported clause reports nothing; the
    /// same verb with a clause, or after its quotation, does (Rules/en/quote-object-verbs.txt).
    @Test func anActOnANounIsNoStatement() throws {
        let pipeline = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news.quarry"), registry: .standard).pipeline(named: "news")
        func contents(_ text: String) throws -> [String] {
            let annotated = try pipeline.run(Document(id: "t", text: text))
            return annotated.quotes.map { layer in layer.records.map { String(annotated.document.text(utf8: $0.range)) } } ?? []
        }
        #expect(try contents("The senator criticized the minister over the delays.") == [])
        #expect(try contents("Smith added two runs in the ninth inning.") == [])
        #expect(try contents("The goalkeeper denied the visitors a win.") == [])
        #expect(try contents("The senator criticized the minister, saying the delays were “unacceptable.”") == ["the delays were “unacceptable.”"])
        #expect(try contents("“We will not wait,” the senator added.") == ["“We will not wait,”"])
        #expect(try contents("Smith added that the team would win.") == ["the team would win"])
        #expect(try contents("Both countries have denied any arms deals.") == ["any arms deals"])
    }

    /// The speaker rules of `patterns quote-speakers` (read with `speaker-spans=_SPEAKER`) come
    /// before the stage's own choice: a possessive speaker after a quotation, a name before
    /// the institution its bearer works at.
    @Test func speakerRulesChooseTheSpeaker() throws {
        let file = Fixtures.rulesDirectory.appendingPathComponent("news.quarry")
        let pipeline = try RuleBook.load(file: file, registry: .standard).pipeline(named: "news")
        func speakers(_ text: String) throws -> [String] {
            let annotated = try pipeline.run(Document(id: "t", text: text))
            return annotated.quotes.map { layer in layer.records.map { $0.speaker.map { String(annotated.document.text(utf8: $0)) } ?? "-" } } ?? []
        }
        #expect(try speakers("“It was a shock,” said the shop’s owner, Mary Jones.") == ["the shop’s owner, Mary Jones"])
        #expect(try speakers("Professor Alan Green at the University of Leeds says the figures are wrong.") == ["Professor Alan Green"])
        // A role word inside an organisation's name is no role of something (speaker_role_of
        // reads the entity pack's spans), and the organisation is the entity, whole.
        #expect(try speakers("The Office of Fair Trading said prices rose.") == ["The Office of Fair Trading"])
        // A role of something speaks, and is its own entity (not the place inside it).
        let bakery = try pipeline.run(Document(id: "t", text: "The owner of a Main Street bakery says she will close the shop."))
        let layer = try #require(bakery.quotes)
        #expect(layer.records.map { $0.speaker.map { String(bakery.document.text(utf8: $0)) } } == ["owner of a Main Street bakery"])
        #expect(layer.records.map { layer.entity(of: $0) } == ["owner of a Main Street bakery"])
        // Without the phase the stage takes the institution.
        let shipped = try String(contentsOf: file, encoding: .utf8)
        let source = shipped.replacingOccurrences(of: "\n  patterns quote-speakers\n", with: "\n").replacingOccurrences(of: " speaker-spans=_SPEAKER", with: "")
        #expect(source != shipped)
        let own = try RuleBook.load(source: source, name: "news.quarry", baseDirectory: file.deletingLastPathComponent(), registry: .standard).pipeline(named: "news")
        let annotated = try own.run(Document(id: "t", text: "Professor Alan Green at the University of Leeds says the figures are wrong."))
        #expect(annotated.quotes?.records.first?.speaker.map { String(annotated.document.text(utf8: $0)) } == "the University of Leeds")
    }

    /// The shipped news pipeline, loaded once for the tests that read resolved speakers.
    static let news: Pipeline = {
        let file = Fixtures.rulesDirectory.appendingPathComponent("news.quarry")
        return try! RuleBook.load(file: file, registry: .standard).pipeline(named: "news")
    }()

    /// The resolved speaker of each quote of `text` through the shipped news pipeline ("-" for none).
    func entities(_ text: String) throws -> [String] {
        let annotated = try Self.news.run(Document(id: "t", text: text))
        return annotated.quotes.map { layer in layer.records.map { layer.entity(of: $0) ?? "-" } } ?? []
    }

    /// A definite nominal speaker ("the party said") is the name a role rule of `quote-roles`
    /// gave that noun: before the quote, or in the next sentences when a lede names its
    /// speaker later. Without a role it stays the nominal.
    @Test func aRoleNamesTheNominalSpeaker() throws {
        #expect(try entities("The opposition party of Zimbabwe, the Movement for Democratic Change, wants reform. The party said the vote was a farce.")
            == ["Movement for Democratic Change"])
        #expect(try entities("Akayev appointed the police chief, Keneshbek Dushebayev, as new interior minister.\n\n“Order comes first,” the new interior minister said.")
            == ["Keneshbek Dushebayev"])
        #expect(try entities("The owner of a Main Street bakery says she will close.\n\n“It was hard,” said the bakery’s owner, Maria Lopez.")
            == ["Maria Lopez", "Maria Lopez"])
        // An indefinite nominal is someone new; a role of another noun names nobody.
        #expect(try entities("Akayev appointed Keneshbek Dushebayev as new interior minister. A minister said the vote was a farce.") == ["A minister"])
        #expect(try entities("The opposition party of Zimbabwe, the Movement for Democratic Change, wants reform. The ministry said the vote was a farce.")
            == ["ministry"])
    }

    /// A pronoun does not go back to a speaker whose first name is of the other sex
    /// (`given-names=`, entities/given-name-genders.txt), nor to a place's name.
    @Test func aPronounSkipsSpeakersOfTheOtherSex() throws {
        let text = "“We did everything we could,” said Jane Roe, a spokeswoman for the fire department at 12 Main Street.\n\n“I don’t know,” he said."
        #expect(try entities(text) == ["Jane Roe", "-"])
        let withMan = "Tom Hale said the count was fair.\n\n“We did everything we could,” said Jane Roe.\n\n“I don’t know,” he said."
        #expect(try entities(withMan) == ["Tom Hale", "Jane Roe", "Tom Hale"])
    }

    @Test func everyReportedStatementWithItsCueAndSpeaker() throws {
        let expected: [Row] = [
            Row(speaker: "U.S. Secretary of State Antony Blinken", cue: "expressed", entity: "Antony Blinken", kind: .indirect, contentStart: "his apprehension regardi"),
            Row(speaker: "He", cue: "referred to", entity: "Antony Blinken", kind: .mixed, contentStart: "this growing partnership"),
            Row(speaker: "Blinken", cue: "emphasized", entity: "Antony Blinken", kind: .indirect, contentStart: "the United States’ conce"),
            Row(speaker: "He", cue: "underlined", entity: "Antony Blinken", kind: .indirect, contentStart: "the need to identify, ex"),
            Row(speaker: "Both North Korea and Russia", cue: "denied", entity: "North Korea and Russia", kind: .indirect, contentStart: "any arms deals"),
            Row(speaker: "their leaders", cue: "pledged", entity: "their leaders", kind: .indirect, contentStart: "closer military cooperat"),
            Row(speaker: "Blinken", cue: "expressed", entity: "Antony Blinken", kind: .indirect, contentStart: "concerns about the secur"),
            Row(speaker: "He", cue: "emphasized", entity: "Antony Blinken", kind: .indirect, contentStart: "the increased cooperatio"),
            Row(speaker: "Blinken and other G7 foreign ministers", cue: "condemned", entity: "Antony Blinken and other G7 foreign ministers", kind: .indirect, contentStart: "North Korea’s transfer o"),
            Row(speaker: "They", cue: "called for", entity: "Antony Blinken and other G7 foreign ministers", kind: .indirect, contentStart: "humanitarian pauses in t"),
            // "..., urging the delivery of aid": a participle clause reports a second statement
            // by the same speakers.
            Row(speaker: "They", cue: "urging", entity: "Antony Blinken and other G7 foreign ministers", kind: .indirect, contentStart: "the delivery of aid to c"),
            Row(speaker: "South Korean Foreign Minister Park Jin", cue: "supported", entity: "Park Jin", kind: .indirect, contentStart: "these efforts"),
            Row(speaker: "South Korean Foreign Minister Park Jin", cue: "called for", entity: "Park Jin", kind: .indirect, contentStart: "North Korea to be condem"),
            Row(speaker: "North Korea", cue: "denied", entity: "North Korea", kind: .indirect, contentStart: "reports of its involveme"),
            Row(speaker: "Blinken and Park", cue: "stated", entity: "Antony Blinken and Park Jin", kind: .indirect, contentStart: "they closely monitor any"),
            Row(speaker: "analysts", cue: "emphasize", entity: "analysts", kind: .indirect, contentStart: "the need for continued e"),
        ]
        let found = try rows()
        #expect(found == expected, Comment(rawValue: "\n" + found.map(\.description).joined(separator: "\n")))
    }

    @Test func contentsStopWhereTheNextStatementStarts() throws {
        let book = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news.quarry"), registry: .standard)
        let annotated = try book.pipeline(named: "news").run(try Fixtures.seedDocument())
        let quotes = try #require(annotated.quotes)
        let texts = quotes.records.map { String(annotated.document.text(utf8: $0.range)) }
        // "denied any arms deals, but their leaders pledged ..." and "supported these efforts
        // and called for ..." are two statements each.
        #expect(texts.contains("any arms deals"))
        #expect(texts.contains("these efforts"))
        #expect(texts.contains("reports of its involvement with Hamas"))
        // The mixed quote keeps its quotation marks inside the reported clause.
        #expect(texts.contains { $0.hasPrefix("this growing partnership as a “two-way street”") })
    }
}
