import Foundation
import Quarry
import QuarryEvaluation
import QuarryTestSupport
import Testing

@Suite struct QuoteEvaluationTests {
    typealias E = QuoteEvaluation

    @Test func matchesNeedThirtyPercentOfTheGoldOneToOne() {
        let gold = [E.Gold(content: [0..<100], source: [200..<210], kind: .indirect),
                    E.Gold(content: [300..<310], source: [], kind: .direct)]
        let predicted = [E.Prediction(content: 60..<100, speaker: 205..<208, kind: .indirect),   // 40%: match, speaker right
                         E.Prediction(content: 0..<20, speaker: nil, kind: .indirect),           // 20%: no match
                         E.Prediction(content: 300..<310, speaker: 0..<5, kind: .direct)]        // gold has no source
        let result = E.score(gold: gold, predicted: predicted, threshold: 0.3)
        #expect(result.all.score == Score(gold: 2, predicted: 3, correctPredicted: 2, correctGold: 2))
        #expect(result.all.withSource == 1 && result.all.speakerCorrect == 1)
        #expect(result.goldMatch == [0, 2])
        #expect(result.predictionMatch == [0, nil, 1])
        #expect(result.speakerRight == [true, nil, nil])
        let strict = E.score(gold: gold, predicted: predicted, threshold: 0.8)
        #expect(strict.all.score.correctGold == 1)
    }

    @Test func theLargestOverlapWinsAGold() {
        let gold = [E.Gold(content: [0..<10], source: [20..<25], kind: .indirect)]
        let predicted = [E.Prediction(content: 0..<5, speaker: 20..<22, kind: .indirect),
                         E.Prediction(content: 0..<9, speaker: 30..<32, kind: .indirect)]
        let result = E.score(gold: gold, predicted: predicted, threshold: 0.3)
        #expect(result.goldMatch == [1])
        #expect(result.speakerRight == [nil, false])
        #expect(result.all.speakerAccuracy == 0 && result.all.precision == 0.5 && result.all.recall == 1)
    }

    @Test func byKindPrecisionCountsPredictionsAndRecallCountsGold() {
        // A gold mixed quote found by a prediction that calls itself indirect.
        let result = E.score(gold: [E.Gold(content: [0..<10], source: [], kind: .mixed)],
                             predicted: [E.Prediction(content: 0..<10, speaker: nil, kind: .indirect)], threshold: 0.3)
        #expect(result.byKind[.mixed]?.score == Score(gold: 1, predicted: 0, correctPredicted: 0, correctGold: 1))
        #expect(result.byKind[.indirect]?.score == Score(gold: 0, predicted: 1, correctPredicted: 1, correctGold: 0))
        #expect(result.byKind[.mixed]?.recall == 1 && result.byKind[.indirect]?.precision == 1)
    }

    @Test func discontinuousGoldCountsAllItsPieces() {
        let gold = [E.Gold(content: [0..<10, 30..<40], source: [], kind: .direct)]
        #expect(E.score(gold: gold, predicted: [E.Prediction(content: 0..<10, speaker: nil, kind: .direct)], threshold: 0.8).all.score.correctGold == 0)
        #expect(E.score(gold: gold, predicted: [E.Prediction(content: 0..<40, speaker: nil, kind: .direct)], threshold: 0.8).all.score.correctGold == 1)
    }

    @Test func goldKindFromText() {
        #expect(E.kind(ofContent: "“We will win.”") == .direct)
        #expect(E.kind(ofContent: "“We will win,” ") == .direct)
        #expect(E.kind(ofContent: "the deal is a “historic step”") == .mixed)
        #expect(E.kind(ofContent: "the deal is done") == .indirect)
    }

    @Test func aSmallGoldFileThroughTheNewsPipeline() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Code points: "Smith" 0..<5, "said" 6..<10, the content 11..<27.
        let gold = directory.appendingPathComponent("gold.jsonl")
        try """
        {"id": "a1", "text": "Smith said the talks failed. The weather was fine.", "attributions": [\
        {"content": [[11, 27]], "source": [[0, 5]], "cue": [[6, 10]]}, {"content": [[29, 50]], "source": null, "cue": []}]}
        """.write(to: gold, atomically: true, encoding: .utf8)
        let book = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("news.quarry"), registry: .standard)
        let report = try E.evaluate(gold: gold, pipeline: try book.pipeline(), overlap: 0.3, errors: 5)
        #expect(report.documents == 1)
        #expect(report.result.all.score == Score(gold: 2, predicted: 1, correct: 1))
        #expect(report.result.all.speakerAccuracy == 1)
        #expect(report.speakers == ["mention": .init(matched: 1, right: 1)])
        #expect(report.examples == ["MISSED indirect [a1] source= cue=\n  …Smith said the talks failed. ⟦The weather was fine.⟧…"])
        #expect(report.rendered(json: false).hasSuffix("""
            PolNeAR gold.jsonl: 1 articles, 2 gold quotes, 1 predicted
                                 gold  pred     P      R      F1    speaker
              all, 30% overlap     2     1  1.0000 0.5000 0.6667 1.0000
                direct             0     0  0.0000 0.0000 0.0000 0.0000
                indirect           2     1  1.0000 0.5000 0.6667 1.0000
                mixed              0     0  0.0000 0.0000 0.0000 0.0000
              all, 80% overlap     2     1  1.0000 0.5000 0.6667 1.0000
              speaker right by how it was found: mention 1/1
            """))
    }

    @Test func aLineThatIsNotAnArticleIsNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let gold = directory.appendingPathComponent("gold.jsonl")
        try "{\"text\": \"x\", \"attributions\": []}\nnot json\n".write(to: gold, atomically: true, encoding: .utf8)
        let pipeline = try RuleBook.load(source: "pipeline p\n  tokenize\n", registry: .standard).pipeline()
        let error = try #require(throws: GoldFileError.self) { try E.evaluate(gold: gold, pipeline: pipeline) }
        #expect(error.description == gold.path + ":2: expected a gold article {\"text\", \"attributions\": [...]} (not valid JSON)")
    }
}
