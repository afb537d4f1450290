import QuarryEvaluation
import Testing

@Suite struct ScoreTests {
    @Test func exactMatchCounts() {
        var score = Score()
        score.add(gold: [3, 7, 12], predicted: [3, 12, 20, 25])
        #expect(score == Score(gold: 3, predicted: 4, correct: 2))
        #expect(score.precision == 0.5)
        #expect(score.recall == 2.0 / 3.0)
        #expect(abs(score.f1 - 4.0 / 7.0) < 1e-12)  // 2 · 1/2 · 2/3 / (1/2 + 2/3)
    }

    @Test func countsAddUp() {
        var total = Score(gold: 10, predicted: 8, correct: 6)
        total += Score(gold: 0, predicted: 2, correct: 0)
        #expect(total == Score(gold: 10, predicted: 10, correct: 6))
        #expect(total.precision == 0.6 && total.recall == 0.6)
        #expect(abs(total.f1 - 0.6) < 1e-12)
    }

    @Test func zeroDenominatorsGiveZeroNotNaN() {
        #expect(Score().precision == 0 && Score().recall == 0 && Score().f1 == 0)
        let nothingRight = Score(gold: 4, predicted: 3, correct: 0)
        #expect(nothingRight.f1 == 0)
        let noPrediction = Score(gold: 5, predicted: 0, correct: 0)
        #expect(noPrediction.precision == 0 && noPrediction.recall == 0)
    }

    @Test func precisionAndRecallNumeratorsCanDiffer() {
        // By class under one-to-one matching: 2 of 4 predictions of the class are right, 3 of
        // 6 gold items of the class were found (one by a prediction of another class).
        let score = Score(gold: 6, predicted: 4, correctPredicted: 2, correctGold: 3)
        #expect(score.precision == 0.5 && score.recall == 0.5 && score.correct == 2)
    }
}
