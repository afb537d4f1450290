import Foundation
import QuarryCore

/// Scores predicted quotes against gold attributions, the way PolNeAR-style evaluations do:
/// a predicted quote matches a gold content when their overlap covers at least `threshold`
/// of the gold content's characters; matching is one to one, largest overlaps first. A
/// matched quote's speaker is correct when its span overlaps a gold source span.
///
/// Offsets are in any one unit (code points in `quarry evaluate quotes`), as half-open ranges.
public enum QuoteEvaluation {
    /// One gold attribution: its content, source (speaker) and cue spans, and its kind.
    public struct Gold: Sendable {
        /// The content, possibly in several pieces (“A,” he said, “B.”).
        public var content: [Range<Int>]
        /// The source (speaker) spans; empty when the gold names none. A speaker overlapping any is right.
        public var source: [Range<Int>]
        /// The gold's kind; recall by kind counts the gold under it.
        public var kind: QuoteKind
        /// The cue ("said"), for error reports; not scored.
        public var cue: [Range<Int>]

        /// A gold attribution; ranges are half-open, in the unit the predictions use.
        public init(content: [Range<Int>], source: [Range<Int>], kind: QuoteKind, cue: [Range<Int>] = []) {
            self.content = content
            self.source = source
            self.kind = kind
            self.cue = cue
        }

        /// The content's length: its pieces' lengths added, the denominator of the overlap threshold.
        public var characterCount: Int { content.reduce(0) { $0 + $1.count } }
    }

    /// One predicted quote: its content, its speaker mention and its kind.
    public struct Prediction: Sendable {
        /// The predicted content's range.
        public var content: Range<Int>
        /// The predicted speaker mention's range, or nil when none was found.
        public var speaker: Range<Int>?
        /// The predicted kind; precision by kind counts the prediction under it.
        public var kind: QuoteKind
        /// The content's pieces when a cue interrupts it (“A,” he said. “B.”); else the
        /// content alone. Overlap with gold is counted over the pieces.
        public var pieces: [Range<Int>]

        /// A prediction; ranges are half-open, in the unit the gold uses.
        public init(content: Range<Int>, speaker: Range<Int>?, kind: QuoteKind, pieces: [Range<Int>]? = nil) {
            self.content = content
            self.speaker = speaker
            self.kind = kind
            self.pieces = pieces ?? [content]
        }
    }

    /// Counts for one kind of quote, or for all.
    public struct Counts: Sendable, Equatable {
        /// Gold contents, predictions, matched predictions (precision) and matched gold
        /// contents (recall). By kind the two matched counts differ: a prediction counts under
        /// its own kind, a gold content under the gold's.
        public var score = Score()
        /// Matched gold contents that have a source.
        public var withSource = 0
        /// Of those, the ones whose predicted speaker overlaps the source.
        public var speakerCorrect = 0

        /// Zero counts.
        public init() {}

        /// Gold contents.
        public var gold: Int { score.gold }
        /// Predicted quotes.
        public var predicted: Int { score.predicted }
        /// Matched predictions over predictions.
        public var precision: Double { score.precision }
        /// Matched gold contents over gold contents.
        public var recall: Double { score.recall }
        /// The harmonic mean of ``precision`` and ``recall``.
        public var f1: Double { score.f1 }
        /// Right speakers over matched quotes whose gold has a source; 0 when there is none.
        public var speakerAccuracy: Double { withSource == 0 ? 0 : Double(speakerCorrect) / Double(withSource) }

        /// Adds `b`'s counts to `a`'s.
        public static func += (a: inout Counts, b: Counts) {
            a.score += b.score
            a.withSource += b.withSource
            a.speakerCorrect += b.speakerCorrect
        }
    }

    /// What scoring one document (or, added up, a corpus) gave: counts and the one-to-one matches.
    public struct Result: Sendable {
        /// Counts over every kind.
        public var all = Counts()
        /// Counts per kind (predictions under their kind, gold contents under theirs).
        public var byKind: [QuoteKind: Counts] = [:]
        /// For each gold, the index of its matched prediction.
        public var goldMatch: [Int?] = []
        /// For each prediction, the index of its matched gold.
        public var predictionMatch: [Int?] = []
        /// For each prediction, whether its speaker is right (nil when unmatched or the gold
        /// has no source).
        public var speakerRight: [Bool?] = []

        /// An empty result.
        public init() {}

        /// Adds the counts of another result (the matches stay this one's).
        public static func += (a: inout Result, b: Result) {
            a.all += b.all
            for (kind, counts) in b.byKind { a.byKind[kind, default: Counts()] += counts }
        }
    }

    static func overlap(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        max(0, min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound))
    }

    /// Scores one document.
    ///
    /// - Complexity: O(g × p log(g × p)) for g gold contents and p predictions.
    public static func score(gold: [Gold], predicted: [Prediction], threshold: Double) -> Result {
        var pairs: [(overlap: Int, g: Int, p: Int)] = []
        for (g, item) in gold.enumerated() {
            let size = item.characterCount
            guard size > 0 else { continue }
            for (p, prediction) in predicted.enumerated() {
                let o = item.content.reduce(0) { sum, gold in sum + prediction.pieces.reduce(0) { $0 + overlap(gold, $1) } }
                if o > 0 && Double(o) >= threshold * Double(size) { pairs.append((o, g, p)) }
            }
        }
        pairs.sort { ($0.overlap, -$0.g, -$0.p) > ($1.overlap, -$1.g, -$1.p) }
        var result = Result()
        result.goldMatch = Array(repeating: nil, count: gold.count)
        result.predictionMatch = Array(repeating: nil, count: predicted.count)
        result.speakerRight = Array(repeating: nil, count: predicted.count)
        for pair in pairs where result.goldMatch[pair.g] == nil && result.predictionMatch[pair.p] == nil {
            result.goldMatch[pair.g] = pair.p
            result.predictionMatch[pair.p] = pair.g
        }
        for (g, item) in gold.enumerated() {
            var counts = Counts()
            counts.score.gold = 1
            if let p = result.goldMatch[g] {
                counts.score.correctGold = 1
                if !item.source.isEmpty {
                    counts.withSource = 1
                    let right = predicted[p].speaker.map { s in item.source.contains { overlap($0, s) > 0 } } ?? false
                    result.speakerRight[p] = right
                    if right { counts.speakerCorrect = 1 }
                }
            }
            result.all += counts
            result.byKind[item.kind, default: Counts()] += counts
        }
        for (p, prediction) in predicted.enumerated() {
            var counts = Counts()
            counts.score.predicted = 1
            if result.predictionMatch[p] != nil { counts.score.correctPredicted = 1 }
            result.all += counts
            result.byKind[prediction.kind, default: Counts()] += counts
        }
        return result
    }

    /// The kind of a gold content from its text: direct when it is one quotation (marks at
    /// both ends, after trailing punctuation), mixed when it holds a quotation mark, else
    /// indirect.
    public static func kind(ofContent text: String) -> QuoteKind {
        let marks: Set<Character> = ["“", "”", "\"", "«", "»", "„"]
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let core = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?—–-) "))
        if let first = core.first, let last = core.last, marks.contains(first), marks.contains(last) || trimmed.last.map(marks.contains) == true {
            return .direct
        }
        if let first = trimmed.first, marks.contains(first), let last = trimmed.last, marks.contains(last) { return .direct }
        return trimmed.contains(where: { marks.contains($0) }) ? .mixed : .indirect
    }
}
