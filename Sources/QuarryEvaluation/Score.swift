/// Precision, recall and F1 computed from counts: the one scoring arithmetic every Quarry
/// evaluation shares (tokens, sentence boundaries, exact sentences, quotes).
///
/// Precision's numerator counts the predictions that are right, recall's the gold items that
/// were found. With exact matching they are one number (``correct``); with a one-to-one
/// matching split by class (quotes by kind: a prediction's own kind for precision, the gold's
/// for recall) they can differ, hence two fields.
///
/// ```swift
/// var score = Score()
/// score.add(gold: [3, 7, 12], predicted: [3, 12, 20, 25])
/// score.precision  // 0.5 (2 of 4 predictions)
/// score.recall     // 0.666… (2 of 3 gold)
/// ```
///
/// Every ratio with a zero denominator is 0, never NaN.
public struct Score: Sendable, Hashable {
    /// Gold items.
    public var gold: Int
    /// Predicted items.
    public var predicted: Int
    /// Predictions that are right (precision's numerator).
    public var correctPredicted: Int
    /// Gold items found (recall's numerator).
    public var correctGold: Int

    /// A score where right predictions and found gold items are the same count.
    public init(gold: Int = 0, predicted: Int = 0, correct: Int = 0) {
        self.init(gold: gold, predicted: predicted, correctPredicted: correct, correctGold: correct)
    }

    /// A score whose precision and recall numerators differ (a one-to-one matching split by class).
    public init(gold: Int, predicted: Int, correctPredicted: Int, correctGold: Int) {
        self.gold = gold
        self.predicted = predicted
        self.correctPredicted = correctPredicted
        self.correctGold = correctGold
    }

    /// The right predictions (the same as ``correctGold`` under exact matching).
    public var correct: Int { correctPredicted }

    /// Right predictions over predictions; 0 when nothing was predicted.
    public var precision: Double { predicted == 0 ? 0 : Double(correctPredicted) / Double(predicted) }

    /// Found gold items over gold items; 0 when there is no gold.
    public var recall: Double { gold == 0 ? 0 : Double(correctGold) / Double(gold) }

    /// The harmonic mean of precision and recall; 0 when both are 0.
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// Adds exact-match counts: the items of both sets, and those they share.
    public mutating func add<Item: Hashable>(gold: Set<Item>, predicted: Set<Item>) {
        let shared = gold.intersection(predicted).count
        self += Score(gold: gold.count, predicted: predicted.count, correct: shared)
    }

    /// The counts of both scores added (micro-averaging); the ratios are recomputed from them.
    public static func + (a: Score, b: Score) -> Score {
        Score(gold: a.gold + b.gold, predicted: a.predicted + b.predicted,
              correctPredicted: a.correctPredicted + b.correctPredicted, correctGold: a.correctGold + b.correctGold)
    }

    /// Adds `b`'s counts to `a`'s.
    public static func += (a: inout Score, b: Score) { a = a + b }
}
