import Foundation
import Quarry
import QuarryEvaluation
import QuarryTestSupport
import Testing

@Suite struct EntityEvaluationTests {
    typealias E = EntityEvaluation
    typealias M = EntityEvaluation.Mention

    @Test func overlapAndTheSameEndMatch() {
        // "President Joe Biden" 0..<19; "Joe Biden" 10..<19 ends with it.
        let result = E.score(gold: [M(0..<19, "PERSON")], predicted: [M(10..<19, "PERSON")])
        #expect(result.byLabel["PERSON"] == Score(gold: 1, predicted: 1, correct: 1))
        #expect(result.goldMatch == [0] && result.predictionMatch == [0])
        #expect(result.micro4.f1 == 1 && result.micro3.f1 == 1 && result.anyLabel.f1 == 1)
        // A longer prediction ending together matches too ("the United Nations" for "United Nations").
        #expect(E.score(gold: [M(4..<18, "ORG")], predicted: [M(0..<18, "ORG")]).micro4.correct == 1)
    }

    @Test func theSameEndWithoutOverlapCannotMatch() {
        // An empty prediction shares the end but no character.
        #expect(!E.spansMatch(5..<10, 10..<10))
        #expect(E.spansMatch(5..<10, 9..<10))
        #expect(!E.spansMatch(5..<10, 10..<15))   // touching, not overlapping
        let result = E.score(gold: [M(5..<10, "GPE")], predicted: [M(10..<10, "GPE")])
        #expect(result.micro4 == Score(gold: 1, predicted: 1, correct: 0))
    }

    @Test func aDifferentEndMisses() {
        // "Biden's" 0..<7 for gold "Biden" 0..<5; "President Joe" 0..<13 for "President Joe Biden" 0..<19.
        let result = E.score(gold: [M(0..<5, "PERSON"), M(20..<39, "PERSON")],
                             predicted: [M(0..<7, "PERSON"), M(20..<33, "PERSON")])
        #expect(result.micro4 == Score(gold: 2, predicted: 2, correct: 0))
        #expect(result.anyLabel.correct == 0)
        #expect(result.goldMatch == [nil, nil])
    }

    @Test func aLabelMismatchCountsAgainstBothLabelsButNotTheSpan() {
        // "Washington" gold GPE, predicted PERSON.
        let result = E.score(gold: [M(0..<10, "GPE")], predicted: [M(0..<10, "PERSON")])
        #expect(result.byLabel["GPE"] == Score(gold: 1, predicted: 0, correct: 0))
        #expect(result.byLabel["PERSON"] == Score(gold: 0, predicted: 1, correct: 0))
        #expect(result.micro4.f1 == 0 && result.micro3.f1 == 0)
        #expect(result.anyLabel == Score(gold: 1, predicted: 1, correct: 1))
        #expect(result.goldMatch == [nil] && result.goldSpanMatch == [0] && result.predictionSpanMatch == [0])
    }

    @Test func gpeAndLocMergeIntoPlaces() {
        // "Persian Gulf" gold LOC predicted GPE; "Iran" gold GPE predicted GPE.
        let result = E.score(gold: [M(0..<12, "LOC"), M(20..<24, "GPE")],
                             predicted: [M(0..<12, "GPE"), M(20..<24, "GPE")])
        #expect(result.byLabel["LOC"] == Score(gold: 1, predicted: 0, correct: 0))
        #expect(result.byLabel["GPE"] == Score(gold: 1, predicted: 2, correct: 1))
        #expect(result.byClass["places"] == Score(gold: 2, predicted: 2, correct: 2))
        #expect(result.micro3.f1 == 1)
        #expect(result.micro4 == Score(gold: 2, predicted: 2, correct: 1))
    }

    @Test func matchingIsOneToOneLargestOverlapFirst() {
        // Two predictions end with the gold: "Joe Biden" and "Biden"; the larger overlap wins.
        let result = E.score(gold: [M(10..<19, "PERSON")], predicted: [M(14..<19, "PERSON"), M(10..<19, "PERSON")])
        #expect(result.goldMatch == [1])
        #expect(result.predictionMatch == [nil, 0])
        #expect(result.byLabel["PERSON"] == Score(gold: 1, predicted: 2, correct: 1))
        // With labels that differ, the one with the gold's label matches, whatever its overlap.
        let labelled = E.score(gold: [M(10..<19, "PERSON")], predicted: [M(10..<19, "ORG"), M(14..<19, "PERSON")])
        #expect(labelled.goldMatch == [1] && labelled.goldSpanMatch == [0])
    }

    @Test func theLabelMapping() throws {
        let identity = E.LabelMapping()
        #expect(identity.goldLabel("PERSON") == "PERSON" && identity.goldLabel("LOC") == "LOC")
        #expect(identity.goldLabel("DATE") == nil && identity.goldLabel("MONEY") == nil)
        #expect(identity.description == "identity")
        let mapping = try E.LabelMapping(parsing: ["FAC=LOC", "NORP=-", "PERSON="])
        #expect(mapping.goldLabel("FAC") == "LOC")
        #expect(mapping.goldLabel("NORP") == nil && mapping.goldLabel("PERSON") == nil)
        #expect(mapping.goldLabel("ORG") == "ORG")
        #expect(mapping.description == "FAC=LOC, NORP=-, PERSON=-")
        let bad = try #require(throws: E.LabelMappingError.self) { try E.LabelMapping(parsing: ["FAC=PLACE"]) }
        #expect(bad.description == "bad label mapping \"FAC=PLACE\": PLACE is not one of PERSON, ORG, GPE, LOC")
        #expect(throws: E.LabelMappingError.self) { try E.LabelMapping(parsing: ["FAC"]) }
    }

    // MARK: - Gold files and pipelines

    static func withGold<T>(_ text: String, _ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-ent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let gold = directory.appendingPathComponent("gold.jsonl")
        try text.write(to: gold, atomically: true, encoding: .utf8)
        return try body(gold)
    }

    @Test func aSmallGoldFileThroughTheNewsPipeline() throws {
        // Code points ("é" is one, two bytes): "Foreign Minister Park Jin" 0..<25, "Séoul" 33..<38,
        // "Smith" 40..<45.
        let text = "Foreign Minister Park Jin met in Séoul. Smith left on 3 May 2024."
        let line = #"{"id": "k1", "text": "\#(text)", "entities": [{"start": 0, "end": 25, "label": "PERSON", "text": "Foreign Minister Park Jin"}, {"start": 33, "end": 38, "label": "GPE", "text": "Séoul"}, {"start": 40, "end": 45, "label": "PERSON", "text": "Smith"}]}"#
        try Self.withGold(line + "\n") { gold in
            let book = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news.quarry"), registry: .standard)
            let report = try E.evaluate(gold: gold, pipeline: try book.pipeline(), errors: 5)
            #expect(report.documents == 1)
            #expect(report.ignored == 1)   // the DATE
            #expect(report.result.byLabel["PERSON"] == Score(gold: 2, predicted: 1, correct: 1))
            #expect(report.result.micro4 == Score(gold: 3, predicted: 1, correct: 1))
            #expect(report.examples == ["MISSED GPE [k1]\n  …Foreign Minister Park Jin met in ⟦Séoul⟧. Smith left on 3 May 2024.…",
                                        "MISSED PERSON [k1]\n  …Foreign Minister Park Jin met in Séoul. ⟦Smith⟧ left on 3 May 2024.…"])
            #expect(report.rendered(json: false).hasSuffix("""
                Entities gold.jsonl: 1 articles, 3 gold mentions, 1 predicted (1 spans of other labels ignored; label mapping: identity)
                  match: overlap and the same end; labels must agree
                                           gold  pred right     P      R      F1
                  PERSON                     2     1     1  1.0000 0.5000 0.6667
                  ORG                        0     0     0  0.0000 0.0000 0.0000
                  GPE                        1     0     0  0.0000 0.0000 0.0000
                  LOC                        0     0     0  0.0000 0.0000 0.0000
                  places (GPE+LOC)           1     0     0  0.0000 0.0000 0.0000
                  micro, 3 classes           3     1     1  1.0000 0.3333 0.5000
                  micro, 4 labels            3     1     1  1.0000 0.3333 0.5000
                  any label (spans only)     3     1     1  1.0000 0.3333 0.5000
                """))
        }
    }

    @Test func spansAreConvertedToCodePointsAndMapped() throws {
        // "Zürich" is 6 code points, 7 bytes: the span after it must land on code points.
        let text = "In Zürich, Acme Corp said so."
        let line = #"{"id": "z", "text": "\#(text)", "entities": [{"start": 3, "end": 9, "label": "GPE"}, {"start": 11, "end": 20, "label": "ORG"}]}"#
        let rules = """
        pipeline p
          tokenize
          patterns names
        rule city CITY /Zürich/
        rule company COMPANY /Acme Corp/
        rule company_again COMPANY /Acme Corp/
        patterns names overlap=all
        """
        try Self.withGold(line + "\n") { gold in
            let pipeline = try RuleBook.load(source: rules, registry: .standard).pipeline()
            let unmapped = try E.evaluate(gold: gold, pipeline: pipeline)
            #expect(unmapped.ignored == 3 && unmapped.result.micro4.predicted == 0)
            let mapping = try E.LabelMapping(parsing: ["CITY=GPE", "COMPANY=ORG"])
            let report = try E.evaluate(gold: gold, pipeline: pipeline, mapping: mapping)
            // Two rules give the same ORG span: it counts once.
            #expect(report.result.micro4 == Score(gold: 2, predicted: 2, correct: 2))
            #expect(report.rendered(json: true).contains(#""mapping": "CITY=GPE, COMPANY=ORG""#))
        }
    }

    @Test("gold file errors name file:line", arguments: [
        (#"{"text": "Paris", "entities": [{"start": 0, "end": 5, "label": "CITY"}]}"#,
         #"entities[0]: label "CITY" is not one of PERSON, ORG, GPE, LOC"#),
        (#"{"text": "Paris", "entities": [{"start": 3, "end": 9, "label": "GPE"}]}"#,
         "entities[0]: 3..<9 is not a non-empty range within the text (5 code points)"),
        (#"{"text": "Paris", "entities": [{"start": 0, "end": 4, "label": "GPE", "text": "Paris"}]}"#,
         #"entities[0]: the text at 0..<4 is "Pari", not "Paris""#),
        (#"{"text": "Paris", "entities": [{"start": 0, "label": "GPE"}]}"#,
         #"expected a gold article {"text", "entities": [{"start", "end", "label"}, ...]} (no "end" in entities[0])"#),
    ])
    func goldFileErrors(line: String, message: String) throws {
        try Self.withGold(#"{"text": "ok", "entities": []}"# + "\n\n" + line + "\n") { gold in
            let pipeline = try RuleBook.load(source: "pipeline p\n  tokenize\n", registry: .standard).pipeline()
            let error = try #require(throws: GoldFileError.self) { try E.evaluate(gold: gold, pipeline: pipeline) }
            #expect(error.description == gold.path + ":3: " + message)
        }
    }

    // MARK: - The shipped gold set

    static let shipped = Fixtures.packageRoot.appendingPathComponent(EntityEvaluation.defaultGold)

    @Test func theShippedGoldSetHasAtLeast300ValidMentions() throws {
        let file = try GoldFile<E.GoldArticle>(url: Self.shipped, expected: "a gold article")
        #expect(file.entries.count >= 12)
        var counts: [String: Int] = [:]
        for entry in file.entries {
            var previousEnd = 0
            let scalars = Array(entry.value.text.unicodeScalars)
            for entity in entry.value.entities {
                counts[entity.label, default: 0] += 1
                #expect(entity.start >= previousEnd, "line \(entry.line): \(entity) overlaps the previous mention")
                previousEnd = entity.end
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: scalars[entity.start..<entity.end])
                #expect(String(slice) == entity.text, "line \(entry.line): offsets of \(entity)")
            }
        }
        #expect(counts.values.reduce(0, +) >= 300, "\(counts)")
        #expect(Set(counts.keys) == Set(E.labels), "\(counts)")
        #expect(E.locateDefaultGold() != nil)
    }
}
