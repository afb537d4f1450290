import Foundation

/// Scores predicted named-entity mentions against gold mentions labelled PERSON, ORG, GPE
/// and LOC.
///
/// A predicted span matches a gold mention when the two overlap and **end at the same
/// character**, and their labels agree. The end is where English names carry their head
/// ("Secretary of State Antony Blinken", "the United Nations"), so the rule forgives a
/// different decision about where a mention starts (a title or not, "the" or not) but not a
/// truncated or run-on name. Matching is one to one: a gold mention is matched by at most one
/// prediction (the one overlapping it most; the earliest of equals) and the reverse.
///
/// Three figures come out of one scoring:
/// - per label and micro-averaged over the four labels (labels must agree);
/// - over three classes, PERSON, ORG and places, where GPE and LOC are one class ("places"),
///   so that "Persian Gulf" labelled GPE still counts;
/// - regardless of label ("any label"): how well the spans are found at all.
///
/// Offsets are in any one unit (code points in `quarry evaluate entities`), as half-open ranges.
///
/// ```swift
/// let gold = [EntityEvaluation.Mention(0..<19, "PERSON")]          // "President Joe Biden"
/// let predicted = [EntityEvaluation.Mention(10..<19, "PERSON")]    // "Joe Biden": same end
/// EntityEvaluation.score(gold: gold, predicted: predicted).micro4.f1  // 1.0
/// ```
public enum EntityEvaluation {
    /// The gold labels, in report order.
    public static let labels = ["PERSON", "ORG", "GPE", "LOC"]

    /// The classes of the three-class figure: GPE and LOC become "places".
    public static let classes = ["PERSON", "ORG", "places"]

    /// The class of a gold label in the three-class figure ("GPE" and "LOC" -> "places").
    public static func merged(_ label: String) -> String {
        label == "GPE" || label == "LOC" ? "places" : label
    }

    /// One mention: a half-open range and a label.
    public struct Mention: Sendable, Hashable {
        /// Where the mention is, half-open, in the unit the other side uses.
        public var range: Range<Int>
        /// One of ``EntityEvaluation/labels`` (predictions are mapped before scoring).
        public var label: String

        /// A mention of `label` over `range`.
        public init(_ range: Range<Int>, _ label: String) {
            self.range = range
            self.label = label
        }
    }

    /// How a system's labels become gold labels.
    ///
    /// By default every gold label maps to itself and every other label (DATE, MONEY, ...)
    /// is ignored. Entries added with ``map(_:to:)`` rename a system label (FAC -> LOC) or,
    /// with `nil`, ignore it.
    public struct LabelMapping: Sendable, Equatable, CustomStringConvertible {
        /// The explicit entries; a label without one maps to itself when it is a gold label.
        public private(set) var entries: [String: String?] = [:]

        /// The identity on the gold labels.
        public init() {}

        /// A mapping from `FROM=TO` strings (`TO` empty or `-` ignores `FROM`).
        /// - Throws: a message naming the entry that is not `FROM=TO` or whose `TO` is not a gold label.
        public init(parsing specs: [String]) throws(LabelMappingError) {
            for spec in specs {
                let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw LabelMappingError(spec: spec, reason: "expected FROM=TO") }
                let target = parts[1]
                if target.isEmpty || target == "-" {
                    map(parts[0], to: nil)
                } else if EntityEvaluation.labels.contains(target) {
                    map(parts[0], to: target)
                } else {
                    throw LabelMappingError(spec: spec, reason: "\(target) is not one of \(EntityEvaluation.labels.joined(separator: ", "))")
                }
            }
        }

        /// Maps the system label `label` to the gold label `target`, or ignores it when `target` is nil.
        public mutating func map(_ label: String, to target: String?) {
            entries[label] = .some(target)
        }

        /// The gold label of a system label, or nil when it is ignored.
        public func goldLabel(_ label: String) -> String? {
            if let entry = entries[label] { return entry }
            return EntityEvaluation.labels.contains(label) ? label : nil
        }

        /// `FAC=LOC, NORP=-`, or `identity` without entries.
        public var description: String {
            entries.isEmpty ? "identity" : entries.keys.sorted().map { "\($0)=\(entries[$0]! ?? "-")" }.joined(separator: ", ")
        }
    }

    /// A `--map` entry that cannot be used.
    public struct LabelMappingError: Error, Sendable, CustomStringConvertible {
        /// The entry as given.
        public var spec: String
        /// What is wrong with it.
        public var reason: String
        /// `bad label mapping "X": reason`.
        public var description: String { "bad label mapping \"\(spec)\": \(reason)" }
    }

    /// What scoring one document (or, added up, a corpus) gave.
    public struct Result: Sendable {
        /// Per gold label (PERSON, ORG, GPE, LOC): labels must agree.
        public var byLabel: [String: Score] = [:]
        /// Per class of the three-class figure (PERSON, ORG, places).
        public var byClass: [String: Score] = [:]
        /// Spans only, whatever their labels.
        public var anyLabel = Score()
        /// For each gold mention, the prediction matching it with the same label, or nil.
        public var goldMatch: [Int?] = []
        /// For each prediction, the gold mention it matches with the same label, or nil.
        public var predictionMatch: [Int?] = []
        /// For each gold mention, the prediction matching its span whatever the label, or nil.
        public var goldSpanMatch: [Int?] = []
        /// For each prediction, the gold mention whose span it matches whatever the label, or nil.
        public var predictionSpanMatch: [Int?] = []

        /// An empty result.
        public init() {}

        /// Micro-averaged over the four labels.
        public var micro4: Score { EntityEvaluation.labels.reduce(Score()) { $0 + (byLabel[$1] ?? Score()) } }

        /// Micro-averaged over the three classes (GPE and LOC merged).
        public var micro3: Score { EntityEvaluation.classes.reduce(Score()) { $0 + (byClass[$1] ?? Score()) } }

        /// Adds the counts of another result (the matches stay this one's).
        public static func += (a: inout Result, b: Result) {
            for (label, score) in b.byLabel { a.byLabel[label, default: Score()] += score }
            for (name, score) in b.byClass { a.byClass[name, default: Score()] += score }
            a.anyLabel += b.anyLabel
        }
    }

    /// Whether a prediction may match a gold mention by span: they overlap and end together.
    public static func spansMatch(_ gold: Range<Int>, _ predicted: Range<Int>) -> Bool {
        gold.upperBound == predicted.upperBound && gold.overlaps(predicted)
    }

    /// Matches predictions to gold mentions one to one: pairs whose spans match
    /// (``spansMatch(_:_:)``) and that `compatible` accepts, largest overlap first, then the
    /// earlier gold, then the earlier prediction.
    static func match(gold: [Mention], predicted: [Mention], compatible: (Mention, Mention) -> Bool) -> (gold: [Int?], predicted: [Int?]) {
        // Gold mentions rarely overlap, so the candidates of a prediction share its end: index gold by end.
        var goldByEnd: [Int: [Int]] = [:]
        for (g, mention) in gold.enumerated() { goldByEnd[mention.range.upperBound, default: []].append(g) }
        var pairs: [(overlap: Int, g: Int, p: Int)] = []
        for (p, prediction) in predicted.enumerated() {
            for g in goldByEnd[prediction.range.upperBound] ?? [] where spansMatch(gold[g].range, prediction.range) && compatible(gold[g], prediction) {
                pairs.append((gold[g].range.clamped(to: prediction.range).count, g, p))
            }
        }
        pairs.sort { ($0.overlap, -$0.g, -$0.p) > ($1.overlap, -$1.g, -$1.p) }
        var goldMatch = [Int?](repeating: nil, count: gold.count)
        var predictionMatch = [Int?](repeating: nil, count: predicted.count)
        for pair in pairs where goldMatch[pair.g] == nil && predictionMatch[pair.p] == nil {
            goldMatch[pair.g] = pair.p
            predictionMatch[pair.p] = pair.g
        }
        return (goldMatch, predictionMatch)
    }

    /// Scores one document. Predictions must already carry gold labels
    /// (``LabelMapping/goldLabel(_:)``); each counts, also a repeated one (the corpus
    /// evaluation removes repeats first).
    ///
    /// - Complexity: O(p log p) for p predictions when gold mentions do not share ends.
    public static func score(gold: [Mention], predicted: [Mention]) -> Result {
        var result = Result()
        (result.goldMatch, result.predictionMatch) = match(gold: gold, predicted: predicted) { $0.label == $1.label }
        (result.goldSpanMatch, result.predictionSpanMatch) = match(gold: gold, predicted: predicted) { _, _ in true }
        let (goldClassMatch, predictionClassMatch) = match(gold: gold, predicted: predicted) { merged($0.label) == merged($1.label) }

        for label in labels { result.byLabel[label] = Score() }
        for name in classes { result.byClass[name] = Score() }
        for (g, mention) in gold.enumerated() {
            let found = result.goldMatch[g] != nil ? 1 : 0
            result.byLabel[mention.label, default: Score()] += Score(gold: 1, predicted: 0, correctPredicted: 0, correctGold: found)
            result.byClass[merged(mention.label), default: Score()] += Score(gold: 1, predicted: 0, correctPredicted: 0, correctGold: goldClassMatch[g] != nil ? 1 : 0)
            result.anyLabel += Score(gold: 1, predicted: 0, correctPredicted: 0, correctGold: result.goldSpanMatch[g] != nil ? 1 : 0)
        }
        for (p, prediction) in predicted.enumerated() {
            let right = result.predictionMatch[p] != nil ? 1 : 0
            result.byLabel[prediction.label, default: Score()] += Score(gold: 0, predicted: 1, correctPredicted: right, correctGold: 0)
            result.byClass[merged(prediction.label), default: Score()] += Score(gold: 0, predicted: 1, correctPredicted: predictionClassMatch[p] != nil ? 1 : 0, correctGold: 0)
            result.anyLabel += Score(gold: 0, predicted: 1, correctPredicted: result.predictionSpanMatch[p] != nil ? 1 : 0, correctGold: 0)
        }
        return result
    }
}
