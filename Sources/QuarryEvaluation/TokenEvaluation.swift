import Foundation
import QuarryCore
import QuarryTokenizer

/// Token scoring against gold surface tokens (UD English EWT by default).
///
/// A predicted token is correct when its start and end, in code points, both equal a gold
/// token's. Scores are counted over all documents and per genre.
public enum TokenEvaluation {
    /// The default gold file, under `../shared/data` (``EvaluationData``).
    public static let defaultGold = "ud/gold_en_ewt-ud-dev.jsonl"

    /// The tokenizer under test: a name for the report and the tokens of a document.
    public struct System {
        /// The system's name in the report (`quarry`, `icu`).
        public var name: String
        /// Tokenizes one document; called on one thread, document after document.
        public var tokenize: (Document) -> TokenLayer

        /// A system under test: any function from a document to its tokens, named for the report.
        public init(name: String, tokenize: @escaping (Document) -> TokenLayer) {
            self.name = name
            self.tokenize = tokenize
        }

        /// ICU's word break iterator alone (the baseline), named "icu".
        public static func icu() -> System {
            let segmenter = ICUWordSegmenter()
            let scratch = TokenizerScratch.make(locale: "en")
            return System(name: "icu") { segmenter.segment($0, scratch: scratch) }
        }

        /// Quarry's tokenizer, named "quarry".
        public static func quarry(lexicon: TokenizerLexicon, keepPossessives: Bool = false) -> System {
            let tokenizer = Tokenizer(lexicon: lexicon, options: .init(splitPossessives: !keepPossessives))
            let scratch = TokenizerScratch.make(locale: "en")
            return System(name: "quarry") { tokenizer.tokenize($0, scratch: scratch) }
        }
    }

    /// One line of the gold file: `{"doc_id", "genre", "text", "sentences": [{"tokens":
    /// [[text, start, end], ...]}]}`, offsets in code points.
    public struct GoldDocument: Decodable, Sendable {
        /// The gold document's id (`doc_id`), if it has one.
        public var id: String?
        /// The document's genre (`newsgroup`, `reviews`), if given; scores are also kept per genre.
        public var genre: String?
        /// The document's text.
        public var text: String
        /// The gold tokens' code-point ranges, sentence after sentence.
        public var tokens: [Range<Int>]

        /// A gold document; `tokens` are code-point ranges into `text`, in order.
        public init(id: String? = nil, genre: String? = nil, text: String, tokens: [Range<Int>]) {
            self.id = id
            self.genre = genre
            self.text = text
            self.tokens = tokens
        }

        enum CodingKeys: String, CodingKey { case id = "doc_id", genre, text, sentences }

        struct Sentence: Decodable {
            var tokens: [Token]?
        }

        /// `[text, start, end]`.
        struct Token: Decodable {
            var range: Range<Int>
            init(from decoder: Decoder) throws {
                var fields = try decoder.unkeyedContainer()
                _ = try fields.decode(String.self)
                let start = try fields.decode(Int.self), end = try fields.decode(Int.self)
                guard start <= end else {
                    throw DecodingError.dataCorruptedError(in: fields, debugDescription: "a token ends before it starts")
                }
                range = start..<end
            }
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            genre = try container.decodeIfPresent(String.self, forKey: .genre)
            text = try container.decode(String.self, forKey: .text)
            tokens = try container.decode([Sentence].self, forKey: .sentences).flatMap { $0.tokens?.map(\.range) ?? [] }
        }
    }

    /// A stretch of text where the tokens differ: the gold tokens and the predicted ones in it.
    public struct Mismatch: Sendable, Equatable {
        /// The gold tokens' texts over the stretch.
        public var gold: [String]
        /// The predicted tokens' texts over the same stretch.
        public var predicted: [String]

        /// A mismatch between the gold and predicted token texts of one stretch.
        public init(gold: [String], predicted: [String]) {
            self.gold = gold
            self.predicted = predicted
        }
    }

    /// What one evaluation found.
    public struct Report: Sendable {
        /// The evaluated system's name.
        public var system: String
        /// The gold file's name.
        public var goldFile: String
        /// The number of gold documents scored.
        public var documents = 0
        /// Token scores over all documents.
        public var score = Score()
        /// Scores per genre ("all" for documents without one).
        public var genres: [String: Score] = [:]
        /// Mismatched regions, up to the number asked for: the gold tokens and the predicted
        /// ones over the same stretch of text.
        public var mismatches: [Mismatch] = []

        /// The report as `quarry evaluate tokens` prints it: the mismatches, then the scores
        /// (as one JSON object with `json`).
        public func rendered(json: Bool) -> String {
            var lines = mismatches.map { "  gold \($0.gold)  predicted \($0.predicted)" }
            let format = ReportFormat.decimal
            if json {
                lines.append(#"{"system": "\#(system)", "gold": "\#(goldFile)", "documents": \#(documents), "gold_tokens": \#(score.gold), "predicted_tokens": \#(score.predicted), "correct": \#(score.correct), "precision": \#(format(score.precision)), "recall": \#(format(score.recall)), "f1": \#(format(score.f1))}"#)
            } else {
                lines.append("token evaluation: \(system) on \(goldFile) (\(documents) documents)")
                lines.append("  gold \(score.gold)  predicted \(score.predicted)  correct \(score.correct)")
                lines.append("  precision \(format(score.precision))  recall \(format(score.recall))  F1 \(format(score.f1))")
                if genres.count > 1 {
                    for (genre, score) in genres.sorted(by: { $0.key < $1.key }) {
                        lines.append("  \(genre.padded(10)) F1 \(format(score.f1))  (\(score.gold) gold tokens)")
                    }
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Scores a system on a gold file.
    /// - Parameters:
    ///   - url: the gold file (JSON Lines of text and surface-token offsets).
    ///   - system: the tokenizer to score.
    ///   - errors: how many mismatched regions to keep in the report.
    /// - Throws: ``GoldFileError`` naming the file and line that is not a gold document.
    public static func evaluate(gold url: URL, system: System, errors: Int = 0) throws(GoldFileError) -> Report {
        let file = try GoldFile<GoldDocument>(url: url, expected: #"a gold document {"text", "sentences": [{"tokens": [[text, start, end], ...]}]}"#)
        return evaluate(file.entries.map(\.value), system: system, goldFile: url.lastPathComponent, errors: errors)
    }

    /// Scores a system on gold documents.
    public static func evaluate(_ documents: [GoldDocument], system: System, goldFile: String, errors: Int = 0) -> Report {
        var report = Report(system: system.name, goldFile: goldFile)
        for gold in documents {
            report.documents += 1
            let goldSpans = Set(gold.tokens.map(key))
            let document = Document(id: gold.id ?? "doc\(report.documents)", text: gold.text)
            var cursor = OffsetCursor(document: document, unit: .codepoints)
            var predicted = Set<Int64>()
            for token in system.tokenize(document).records {
                let start = cursor.convert(Int(token.start)), end = cursor.convert(Int(token.end))
                predicted.insert(key(start..<end))
            }
            var score = Score()
            score.add(gold: goldSpans, predicted: predicted)
            report.score += score
            report.genres[gold.genre ?? "all", default: Score()] += score
            if report.mismatches.count < errors {
                report.mismatches += mismatches(text: gold.text, gold: goldSpans, predicted: predicted, limit: errors - report.mismatches.count)
            }
        }
        return report
    }

    static func key(_ range: Range<Int>) -> Int64 { Int64(range.lowerBound) << 32 | Int64(range.upperBound) }

    /// Mismatched regions in text order: each gold token that was not predicted, widened to
    /// the predicted tokens that overlap it, with the gold and predicted tokens inside.
    static func mismatches(text: String, gold: Set<Int64>, predicted: Set<Int64>, limit: Int) -> [Mismatch] {
        let text = CodePoints(text)
        func spans(_ set: Set<Int64>) -> [(Int, Int)] { set.map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }.sorted { $0.0 < $1.0 } }
        let goldList = spans(gold.subtracting(predicted)), predictedList = spans(predicted.subtracting(gold))
        var result: [Mismatch] = []
        var covered = -1
        for (start, end) in goldList where start > covered && result.count < limit {
            var lo = start, hi = end
            for (s, e) in predictedList where s < hi && e > lo { lo = min(lo, s); hi = max(hi, e) }
            func inside(_ set: Set<Int64>) -> [String] { spans(set).filter { $0.0 >= lo && $0.1 <= hi }.map { text.slice($0.0..<$0.1) } }
            result.append(Mismatch(gold: inside(gold), predicted: inside(predicted)))
            covered = hi
        }
        return result
    }
}
