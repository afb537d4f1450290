import Foundation
import QuarryCore

extension QuoteEvaluation {
    /// The default gold file of a PolNeAR split ("dev", "train"), under `../shared/data`.
    public static func defaultGold(split: String) -> String { "quotes/polnear/polnear_\(split).jsonl" }

    /// One line of a PolNeAR-style gold file: `{"id", "text", "attributions": [{"content":
    /// [[start, end], ...], "source": [...], "cue": [...]}]}`, code-point offsets.
    public struct GoldArticle: Decodable, Sendable {
        /// One gold attribution as written: each field a list of `[start, end]` pieces, or absent.
        public struct Attribution: Decodable, Sendable {
            /// The content's pieces; an attribution without content is not scored.
            public var content: [[Int]]?
            /// The source (speaker) pieces, if any.
            public var source: [[Int]]?
            /// The cue pieces, if any (shown in error reports, not scored).
            public var cue: [[Int]]?
        }
        /// The article's id, if the line has one.
        public var id: String?
        /// The article's text, which the offsets count code points of.
        public var text: String
        /// The article's gold attributions, in file order.
        public var attributions: [Attribution]

        /// The gold items; attributions without content are left out, and pieces that are not
        /// a non-empty `[start, end]` are ignored.
        func items() -> [Gold] {
            let text = CodePoints(self.text)
            func spans(_ pairs: [[Int]]?) -> [Range<Int>] {
                (pairs ?? []).compactMap { $0.count == 2 && $0[0] < $0[1] ? $0[0]..<$0[1] : nil }
            }
            return attributions.compactMap { attribution in
                let content = spans(attribution.content)
                guard !content.isEmpty else { return nil }
                let kind = QuoteEvaluation.kind(ofContent: content.map(text.slice).joined(separator: " "))
                return Gold(content: content, source: spans(attribution.source), kind: kind, cue: spans(attribution.cue))
            }
        }
    }

    /// How often matched quotes got their speaker right, for one way of finding speakers.
    public struct SpeakerTally: Sendable, Equatable {
        /// Matched quotes whose gold has a source.
        public var matched = 0
        /// Of those, the ones whose predicted speaker overlaps the gold source.
        public var right = 0

        /// A tally of `right` correct speakers out of `matched` quotes.
        public init(matched: Int = 0, right: Int = 0) {
            self.matched = matched
            self.right = right
        }
    }

    /// A corpus evaluation: the scores at the chosen overlap and at 80%, the speakers by
    /// how they were found, and examples of errors.
    public struct Report: Sendable {
        /// The gold file's name.
        public var goldFile: String
        /// The number of articles scored.
        public var documents = 0
        /// The overlap a match needs, as a fraction of the gold content's characters.
        public var overlap: Double
        /// Scores at ``overlap``.
        public var result = Result()
        /// Scores at 80% overlap.
        public var strict = Result()
        /// Keyed by `SpeakerSource` description ("mention", "pronoun", ...).
        public var speakers: [String: SpeakerTally] = [:]
        /// MISSED, SPEAKER and WRONG examples, each a header line and a line of context.
        public var examples: [String] = []

        /// F1 at ``overlap``.
        public var f1: Double { result.all.f1 }

        /// The report as `quarry evaluate quotes` prints it: the examples, then the table
        /// (or one JSON object with `json`).
        public func rendered(json: Bool) -> String {
            let format = ReportFormat.decimal
            var lines = examples
            if json {
                func object(_ c: Counts) -> String {
                    #"{"gold": \#(c.gold), "predicted": \#(c.predicted), "precision": \#(format(c.precision)), "recall": \#(format(c.recall)), "f1": \#(format(c.f1)), "speaker_accuracy": \#(format(c.speakerAccuracy))}"#
                }
                let kinds = QuoteKind.allCases.map { #""\#($0)": \#(object(result.byKind[$0] ?? .init()))"# }.joined(separator: ", ")
                lines.append(#"{"gold": "\#(goldFile)", "documents": \#(documents), "overlap": \#(overlap), "all": \#(object(result.all)), "by_kind": {\#(kinds)}, "overlap_0.8": \#(object(strict.all))}"#)
                return lines.joined(separator: "\n")
            }
            lines.append("PolNeAR \(goldFile): \(documents) articles, \(result.all.gold) gold quotes, \(result.all.predicted) predicted")
            lines.append("                     gold  pred     P      R      F1    speaker")
            func row(_ name: String, _ c: Counts) {
                let cells = [c.precision, c.recall, c.f1, c.speakerAccuracy].map { format($0).padded(6) }
                lines.append("  " + name.padded(17) + String(format: "%5d %5d  ", c.gold, c.predicted) + cells.joined(separator: " "))
            }
            row("all, \(Int(overlap * 100))% overlap", result.all)
            for kind in QuoteKind.allCases { row("  \(kind)", result.byKind[kind] ?? .init()) }
            row("all, 80% overlap", strict.all)
            let via = speakers.keys.sorted().map { "\($0) \(speakers[$0]!.right)/\(speakers[$0]!.matched)" }.joined(separator: ", ")
            lines.append("  speaker right by how it was found: \(via)")
            return lines.joined(separator: "\n")
        }
    }

    /// Runs a pipeline that writes quotes over the articles of a gold file and scores it.
    /// - Parameters:
    ///   - url: the gold file (JSON Lines, one article a line, as in PolNeAR's .jsonl files).
    ///   - pipeline: a pipeline with a quotes stage (and the stages it reads).
    ///   - overlap: the fraction of a gold content's characters a match must cover.
    ///   - errors: how many missed (or wrong-speaker) gold quotes, and how many wrong
    ///     predictions, the report shows with their context.
    /// - Throws: ``GoldFileError`` for a line that is not a gold article; the pipeline's
    ///   error when its context cannot be made.
    public static func evaluate(gold url: URL, pipeline: Pipeline, overlap: Double = 0.3, errors: Int = 0) throws -> Report {
        let file = try GoldFile<GoldArticle>(url: url, expected: #"a gold article {"text", "attributions": [...]}"#)
        let pipelineContext = try pipeline.makeContext()
        var report = Report(goldFile: url.lastPathComponent, overlap: overlap)
        var shownMisses = 0, shownWrong = 0
        for entry in file.entries {
            report.documents += 1
            let article = entry.value
            let goldItems = article.items()
            let document = Document(id: article.id ?? "article\(report.documents)", text: article.text)
            let quotes = pipeline.run(document, in: pipelineContext).quotes ?? QuoteLayer()
            let predictions = Self.predictions(quotes, in: document)
            let result = score(gold: goldItems, predicted: predictions, threshold: overlap)
            report.strict += score(gold: goldItems, predicted: predictions, threshold: 0.8)
            report.result += result
            for (p, quote) in quotes.records.enumerated() where result.predictionMatch[p] != nil {
                guard let right = result.speakerRight[p] else { continue }
                report.speakers["\(quote.speakerSource)", default: SpeakerTally()].matched += 1
                if right { report.speakers["\(quote.speakerSource)", default: SpeakerTally()].right += 1 }
            }
            guard errors > 0 else { continue }
            let text = CodePoints(article.text)
            func context(_ range: Range<Int>) -> String {
                let r = min(range.lowerBound, text.count)..<min(range.upperBound, text.count)
                func flat(_ range: Range<Int>) -> String { text.slice(range).replacingOccurrences(of: "\n", with: " ") }
                return "…\(flat(max(0, r.lowerBound - 60)..<r.lowerBound))⟦\(flat(r))⟧\(flat(r.upperBound..<min(text.count, r.upperBound + 60)))…"
            }
            for (g, item) in goldItems.enumerated() where shownMisses < errors {
                let source = item.source.map(text.slice).joined(separator: " ")
                if result.goldMatch[g] == nil {
                    shownMisses += 1
                    let cue = item.cue.map(text.slice).joined(separator: " ")
                    report.examples.append("MISSED \(item.kind) [\(document.id)] source=\(source) cue=\(cue)\n  \(context(item.content[0].lowerBound..<item.content.last!.upperBound))")
                } else if let p = result.goldMatch[g], result.speakerRight[p] == false {
                    shownMisses += 1
                    let said = predictions[p].speaker.map(text.slice) ?? "none"
                    report.examples.append("SPEAKER [\(document.id)] gold=\(source) predicted=\(said) via \(quotes.records[p].speakerSource)\n  \(context(predictions[p].content))")
                }
            }
            for (p, prediction) in predictions.enumerated() where result.predictionMatch[p] == nil && shownWrong < errors {
                shownWrong += 1
                let said = prediction.speaker.map(text.slice) ?? "none"
                let cue = quotes.records[p].cue.map { String(document.text(utf8: $0)) } ?? "none"
                report.examples.append("WRONG \(prediction.kind) [\(document.id)] speaker=\(said) cue=\(cue)\n  \(context(prediction.content))")
            }
        }
        return report
    }

    /// The quotes of a document as predictions in code points.
    static func predictions(_ quotes: QuoteLayer, in document: Document) -> [Prediction] {
        // The cursor converts offsets in increasing order: collect them, sort, convert once.
        var offsets = Set<Int>()
        for quote in quotes.records {
            offsets.insert(Int(quote.start))
            offsets.insert(Int(quote.end))
            if let speaker = quote.speaker { offsets.insert(speaker.lowerBound); offsets.insert(speaker.upperBound) }
        }
        for pieces in quotes.pieces.values { for piece in pieces { offsets.insert(piece.lowerBound); offsets.insert(piece.upperBound) } }
        var cursor = OffsetCursor(document: document, unit: .codepoints)
        var converted: [Int: Int] = [:]
        for offset in offsets.sorted() { converted[offset] = cursor.convert(offset) }
        return quotes.records.enumerated().map { i, quote in
            Prediction(content: converted[Int(quote.start)]!..<converted[Int(quote.end)]!,
                       speaker: quote.speaker.map { converted[$0.lowerBound]!..<converted[$0.upperBound]! }, kind: quote.kind,
                       pieces: quotes.pieces[i]?.map { converted[$0.lowerBound]!..<converted[$0.upperBound]! })
        }
    }
}
