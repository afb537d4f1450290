import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// `list NAME += …`, `patterns NAME -= …` and `pipeline NAME from BASE`: a user's file changes
/// the declarations of the files it includes without copying them.
@Suite struct RuleExtension {
    /// A "shipped" file and a user's file beside it that includes it, loaded from a fresh folder.
    static func load(_ shipped: String, _ user: String) throws -> RuleBook {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try shipped.write(to: folder.appendingPathComponent("shipped.quarry"), atomically: true, encoding: .utf8)
        try user.write(to: folder.appendingPathComponent("mine.quarry"), atomically: true, encoding: .utf8)
        return try RuleBook.load(file: folder.appendingPathComponent("mine.quarry"), registry: .standard)
    }

    static let shipped = """
    list companies = Acme, Globex
    list banned = FOO, BAR
    rule company ORG @companies
    rule money MONEY /\\$\\d+/
    rule shout SHOUT /\\b[A-Z]{3}\\b/
    patterns entities
      rules company money
    patterns shouts
      rules shout
    pipeline news
      tokenize
      sentences
      patterns entities
      patterns shouts
    """

    /// "label text" for every span the default pipeline writes on `text`.
    static func spans(_ book: RuleBook, _ text: String, pipeline: String? = nil) throws -> [String] {
        let result = try book.pipeline(named: pipeline).run(Document(id: "t", text: text))
        guard let spans = result.spans else { return [] }
        return spans.records.map { "\(spans.labels[Int($0.label)]) \(result.document.text(utf8: $0.range))" }
    }

    @Test func aListGainsAndLosesEntriesInOneLineEach() throws {
        let book = try Self.load(Self.shipped, """
        include "shipped.quarry"
        list companies += Initech, Umbrella Corp
        list companies -= Globex
        """)
        let found = try Self.spans(book, "Initech, Globex and Umbrella Corp paid $5 to Acme.")
        #expect(found == ["ORG Initech", "ORG Umbrella Corp", "MONEY $5", "ORG Acme"])
        #expect(book.changes.map(\.subject) == ["list companies", "list companies"])
        #expect(book.changes[0].description == "added 2 of 2 entries (2 -> 4)")
        #expect(book.changes[1].location.line == 3)
    }

    @Test func aPatternsSetGainsAndLosesRules() throws {
        let book = try Self.load(Self.shipped, """
        include "shipped.quarry"
        rule date DATE /\\b\\d{4}-\\d\\d-\\d\\d\\b/
        patterns entities += date
        patterns entities -= money
        """)
        let found = try Self.spans(book, "Acme paid $5 on 2024-01-02.")
        #expect(found == ["ORG Acme", "DATE 2024-01-02"])
        #expect(book.patternSets["entities"]?.rules.map(\.id) == ["company", "date"])
    }

    @Test func aPipelineFromAnotherInsertsReplacesDropsAndSets() throws {
        let book = try Self.load(Self.shipped, """
        include "shipped.quarry"
        rule date DATE /\\b\\d{4}\\b/
        patterns dates
          rules date
        pipeline mine from news
          insert patterns dates after entities
          drop shouts
          set tokenize words=true
        """)
        // The root file's pipeline is the default, though the include declared one first.
        #expect(book.pipelineNames == ["mine", "news"])
        #expect(try Self.spans(book, "ABC paid Acme in 2024.") == ["ORG Acme", "DATE 2024"])
        #expect(try Self.spans(book, "ABC paid Acme in 2024.", pipeline: "news") == ["SHOUT ABC", "ORG Acme"])
        let origins = try #require(book.stageOrigins["mine"])
        #expect(origins.map(\.stage) == ["tokenize words=true", "sentences", "patterns entities", "patterns dates"])
        #expect(origins[0].declared.file.hasSuffix("shipped.quarry") && origins[0].changedBy.map(\.line) == [8])
        #expect(origins[3].declared.file.hasSuffix("mine.quarry") && origins[3].declared.line == 6)
        #expect(book.changes.map(\.description) == ["inserted 'patterns dates' after 'patterns entities'",
                                                    "dropped 'patterns shouts'", "set words=true on 'tokenize'"])
    }

    @Test func replacingAStageKeepsItsPlace() throws {
        let book = try Self.load(Self.shipped, """
        include "shipped.quarry"
        pipeline mine from news
          replace patterns shouts with patterns entities
        """)
        #expect(book.stageOrigins["mine"]?.map(\.stage) == ["tokenize", "sentences", "patterns entities", "patterns entities"])
    }

    @Test func everyNameAChangeGivesMustExist() throws {
        let found = try diagnostics([("mine.quarry", """
        include "shipped.quarry"
        list companys += Initech
        list banned -= BAZ
        patterns entitys += money
        patterns entities += mony
        pipeline mine from newz
        pipeline other from news
          insert patterns shouts before entitys
          drop tag
          frobnicate sentences
        """), ("shipped.quarry", Self.shipped)])
        #expect(found == [
            "mine.quarry:2:6: error: 'list companys +=' changes a list, but no list 'companys' is declared (did you mean 'companies'?)",
            "mine.quarry:3:16: error: the list 'banned' has no entry 'BAZ' to remove (did you mean 'BAR'?)",
            "shipped.quarry:2:6: note: 'banned' is declared here",
            "mine.quarry:4:10: error: 'patterns entitys +=' changes a patterns declaration, but none is named 'entitys' (did you mean 'entities'?)",
            "mine.quarry:5:22: error: unknown rule 'mony' (did you mean 'money'?)",
            "mine.quarry:6:20: error: no pipeline 'newz' to start from (did you mean 'news'?)",
            "mine.quarry:8:33: error: the pipeline 'other' (from 'news') has no stage 'entitys' (did you mean 'entities'?); its stages: tokenize, sentences, patterns entities, patterns shouts",
            "mine.quarry:9:8: error: the pipeline 'other' (from 'news') has no stage 'tag'; its stages: tokenize, sentences, patterns entities, patterns shouts",
            "mine.quarry:10:3: error: expected a change of the pipeline (insert, replace, drop or set), found 'frobnicate'; a pipeline written 'from' another lists changes, not stages",
        ])
    }

    @Test func redeclaringSaysHowToExtend() throws {
        let found = try diagnostics([("mine.quarry", """
        include "shipped.quarry"
        list companies = Initech
        pipeline news
          tokenize
        """), ("shipped.quarry", Self.shipped)])
        #expect(found.contains { $0.hasPrefix("mine.quarry:2:6: error: duplicate list 'companies'; to add entries to it, write 'list companies += …'") })
        #expect(found.contains { $0.hasPrefix("mine.quarry:3:10: error: duplicate pipeline 'news'; to change it, declare a pipeline from it: 'pipeline my-news from news'") })
    }

    @Test func aPipelineCannotStartFromItself() throws {
        let found = try diagnostics([("a.quarry", """
        pipeline a from b
          drop tokenize
        pipeline b from a
          drop tokenize
        """)])
        #expect(found.first == "a.quarry:3:17: error: pipeline cycle: a from b from a")
    }

    /// The shipped news pipeline, extended as a user would: one cue word and one organisation,
    /// one line each.
    @Test func theNewsPipelineTakesACueWordAndAnOrganisationInOneLineEach() throws {
        let news = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
        let user = """
        include "\(news)"
        list quote-speech-forms += chirp, chirps, chirped, chirping
        list org-names += Zorblax
        """
        let book = try RuleBook.load(source: user, registry: .standard)
        let text = "\u{201C}We are done,\u{201D} Smith chirped. Zorblax said profits rose."
        let result = try book.pipeline().run(Document(id: "t", text: text))
        let cues = (result.quotes?.records ?? []).compactMap { $0.cue.map { String(result.document.text(utf8: $0)) } }
        #expect(cues.contains("chirped"))
        let shipped = try RuleBook.load(file: URL(fileURLWithPath: news), registry: .standard).pipeline().run(Document(id: "t", text: text))
        #expect(!(shipped.quotes?.records ?? []).contains { $0.cue.map { String(shipped.document.text(utf8: $0)) } == "chirped" })
        let spans = try #require(result.spans)
        #expect(spans.records.contains { spans.labels[Int($0.label)] == "ORG" && result.document.text(utf8: $0.range) == "Zorblax" })
    }

    /// Dropping a stage that later stages need: every such stage is reported, with a note at
    /// the line that dropped it; a dropped phase leaves a warning on the rules that read it.
    @Test func droppingWhatLaterStagesNeedPointsAtTheDrop() throws {
        let found = try diagnostics([("mine.quarry", """
        include "shipped.quarry"
        rule said SAID @ORG [lower=said]
        patterns saying
          rules said
        pipeline mine from news
          insert patterns saying after shouts
          drop sentences
          drop entities
        """), ("shipped.quarry", Self.shipped + "\n  quotes cues=ORG\n")])
        #expect(found.contains("shipped.quarry:15:3: error: stage 4 'quotes' needs the 'sentences' layer, which 'drop sentences' took out of the pipeline with the stage 'sentences'; keep that stage, or take out the stages that need it too"), "\(found)")
        #expect(found.contains("mine.quarry:7:3: note: 'drop sentences' took out the stage 'sentences' here"), "\(found)")
        #expect(found.contains("mine.quarry:2:6: warning: rule 'said' reads ORG spans, which no stage of pipeline 'mine' writes before it: there, @ORG (or label=ORG) never matches"), "\(found)")
        // The option names a label: 'mine' dropped the stage that writes it ('news' keeps it: one warning).
        #expect(found.filter { $0.hasPrefix("shipped.quarry:15:15: warning: cues=ORG: no earlier stage of the pipeline writes ORG spans, so the 'quotes' stage gets none") }.count == 1,
                "\(found)")
    }
}
