import Foundation
import QuarryCore

extension EntityEvaluation {
    /// The default gold file, inside the project: 20 English Wikinews articles annotated by hand.
    public static let defaultGold = "Tests/Data/entities/wikinews-entities.jsonl"

    /// The default gold file from the working directory or from the project that holds
    /// Quarry's Rules directory (a checkout), or nil when neither has it (an installed copy).
    public static func locateDefaultGold() -> URL? {
        var roots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let rules = RulesLocator.defaultDirectory() { roots.append(rules.deletingLastPathComponent()) }
        return roots.map { $0.appendingPathComponent(defaultGold).standardizedFileURL }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// One line of a gold file: `{"id", "title", "text", "entities": [{"start", "end",
    /// "label", "text"}]}`, code-point offsets into `text`; other keys are ignored.
    public struct GoldArticle: Decodable, Sendable {
        /// One gold mention as written.
        public struct Entity: Decodable, Sendable {
            /// The first code point of the mention.
            public var start: Int
            /// Just past the last code point.
            public var end: Int
            /// PERSON, ORG, GPE or LOC.
            public var label: String
            /// The mention's text, checked against the article's when present.
            public var text: String?
        }
        /// The article's id, if the line has one.
        public var id: String?
        /// The article's text, which the offsets count code points of.
        public var text: String
        /// The gold mentions, sorted by start.
        public var entities: [Entity]

        /// The mentions; the first that is not a mention of a gold label within the text, with
        /// the article's text at its offsets, is an error at `file:line`.
        func mentions(file: String, line: Int) throws(GoldFileError) -> [Mention] {
            func failure(_ message: String) -> GoldFileError { GoldFileError(file: file, line: line, message: message) }
            let scalars = CodePoints(text)
            var result: [Mention] = []
            for (index, entity) in entities.enumerated() {
                let at = "entities[\(index)]"
                guard EntityEvaluation.labels.contains(entity.label) else {
                    throw failure("\(at): label \"\(entity.label)\" is not one of \(EntityEvaluation.labels.joined(separator: ", "))")
                }
                guard 0 <= entity.start, entity.start < entity.end, entity.end <= scalars.count else {
                    throw failure("\(at): \(entity.start)..<\(entity.end) is not a non-empty range within the text (\(scalars.count) code points)")
                }
                if let expected = entity.text, scalars.slice(entity.start..<entity.end) != expected {
                    throw failure("\(at): the text at \(entity.start)..<\(entity.end) is \"\(scalars.slice(entity.start..<entity.end))\", not \"\(expected)\"")
                }
                result.append(Mention(entity.start..<entity.end, entity.label))
            }
            return result
        }
    }

    /// A corpus evaluation: the summed scores and examples of errors.
    public struct Report: Sendable {
        /// The gold file's name.
        public var goldFile: String
        /// The number of articles scored.
        public var documents = 0
        /// How the system's labels were mapped.
        public var mapping = LabelMapping()
        /// System spans left out because their label maps to no gold label (DATE, MONEY, ...).
        public var ignored = 0
        /// The scores, summed over the articles.
        public var result = Result()
        /// MISSED, SPURIOUS and LABEL examples, each a header line and a line of context.
        public var examples: [String] = []

        /// An empty report on `goldFile`.
        public init(goldFile: String, mapping: LabelMapping = LabelMapping()) {
            self.goldFile = goldFile
            self.mapping = mapping
        }

        /// Micro F1 over PERSON, ORG and places (GPE and LOC merged): what `--min-f1` checks.
        public var f1: Double { result.micro3.f1 }

        /// The report as `quarry evaluate entities` prints it: the examples, then the table
        /// (or one JSON object with `json`).
        public func rendered(json: Bool) -> String {
            let format = ReportFormat.decimal
            var lines = examples
            if json {
                func object(_ s: Score) -> String {
                    #"{"gold": \#(s.gold), "predicted": \#(s.predicted), "correct": \#(s.correctGold), "precision": \#(format(s.precision)), "recall": \#(format(s.recall)), "f1": \#(format(s.f1))}"#
                }
                let labels = EntityEvaluation.labels.map { #""\#($0)": \#(object(result.byLabel[$0] ?? Score()))"# }.joined(separator: ", ")
                let classes = EntityEvaluation.classes.map { #""\#($0)": \#(object(result.byClass[$0] ?? Score()))"# }.joined(separator: ", ")
                lines.append(#"{"gold": "\#(goldFile)", "documents": \#(documents), "mapping": "\#(mapping)", "ignored": \#(ignored), "by_label": {\#(labels)}, "by_class": {\#(classes)}, "micro3": \#(object(result.micro3)), "micro4": \#(object(result.micro4)), "any_label": \#(object(result.anyLabel))}"#)
                return lines.joined(separator: "\n")
            }
            lines.append("Entities \(goldFile): \(documents) articles, \(result.micro4.gold) gold mentions, \(result.micro4.predicted) predicted (\(ignored) spans of other labels ignored; label mapping: \(mapping))")
            lines.append("  match: overlap and the same end; labels must agree")
            lines.append("                           gold  pred right     P      R      F1")
            func row(_ name: String, _ s: Score) {
                let cells = [s.precision, s.recall, s.f1].map { format($0).padded(6) }
                lines.append("  " + name.padded(23) + String(format: "%5d %5d %5d  ", s.gold, s.predicted, s.correctGold) + cells.joined(separator: " "))
            }
            for label in EntityEvaluation.labels { row(label, result.byLabel[label] ?? Score()) }
            row("places (GPE+LOC)", result.byClass["places"] ?? Score())
            row("micro, 3 classes", result.micro3)
            row("micro, 4 labels", result.micro4)
            row("any label (spans only)", result.anyLabel)
            return lines.joined(separator: "\n")
        }
    }

    /// Runs a pipeline that writes spans over the articles of a gold file and scores its
    /// spans, their labels mapped by `mapping`.
    /// - Parameters:
    ///   - url: the gold file (JSON Lines, one article a line).
    ///   - pipeline: a pipeline with a patterns stage.
    ///   - mapping: how the pipeline's labels become gold labels; spans of other labels are ignored.
    ///   - errors: how many missed gold mentions, spurious predictions and wrong labels the
    ///     report shows (each), with their context.
    /// - Throws: ``GoldFileError`` for a line that is not a gold article or whose mentions are
    ///   not valid; the pipeline's error when its context cannot be made.
    public static func evaluate(gold url: URL, pipeline: Pipeline, mapping: LabelMapping = LabelMapping(), errors: Int = 0) throws -> Report {
        let file = try GoldFile<GoldArticle>(url: url, expected: #"a gold article {"text", "entities": [{"start", "end", "label"}, ...]}"#)
        let context = try pipeline.makeContext()
        var report = Report(goldFile: url.lastPathComponent, mapping: mapping)
        var shown: [String: Int] = [:]
        for entry in file.entries {
            let article = entry.value
            let gold = try article.mentions(file: url.path, line: entry.line)
            report.documents += 1
            let document = Document(id: article.id ?? "article\(report.documents)", text: article.text)
            let spans = pipeline.run(document, in: context).spans ?? SpanLayer()
            let (predicted, ignored) = predictions(spans, in: document, mapping: mapping)
            report.ignored += ignored
            let result = score(gold: gold, predicted: predicted)
            report.result += result
            guard errors > 0 else { continue }
            let text = CodePoints(article.text)
            func example(_ kind: String, _ header: String, _ range: Range<Int>) {
                guard shown[kind, default: 0] < errors else { return }
                shown[kind, default: 0] += 1
                func flat(_ r: Range<Int>) -> String { text.slice(r).replacingOccurrences(of: "\n", with: " ") }
                let context = "…\(flat(max(0, range.lowerBound - 50)..<range.lowerBound))⟦\(flat(range))⟧\(flat(range.upperBound..<min(text.count, range.upperBound + 50)))…"
                report.examples.append("\(kind) \(header) [\(document.id)]\n  \(context)")
            }
            for (g, mention) in gold.enumerated() where result.goldMatch[g] == nil {
                if let p = result.goldSpanMatch[g], predicted[p].label != mention.label {
                    example("LABEL", "gold \(mention.label), predicted \(predicted[p].label) \"\(text.slice(predicted[p].range))\"", mention.range)
                } else {
                    example("MISSED", mention.label, mention.range)
                }
            }
            for (p, prediction) in predicted.enumerated() where result.predictionMatch[p] == nil && result.predictionSpanMatch[p] == nil {
                example("SPURIOUS", prediction.label, prediction.range)
            }
        }
        return report
    }

    /// The spans of a document as mentions in code points, labels mapped, repeats (same range
    /// and label) removed; and how many spans were left out because their label maps to none.
    static func predictions(_ spans: SpanLayer, in document: Document, mapping: LabelMapping) -> ([Mention], Int) {
        var kept: [(record: SpanRecord, label: String)] = []
        var ignored = 0
        for record in spans.records {
            if let label = mapping.goldLabel(spans.labels[Int(record.label)]) {
                kept.append((record, label))
            } else {
                ignored += 1
            }
        }
        // The cursor converts offsets in increasing order: collect them, sort, convert once.
        var offsets = Set<Int>()
        for (record, _) in kept { offsets.insert(Int(record.start)); offsets.insert(Int(record.end)) }
        var cursor = OffsetCursor(document: document, unit: .codepoints)
        var converted: [Int: Int] = [:]
        for offset in offsets.sorted() { converted[offset] = cursor.convert(offset) }
        var seen = Set<Mention>()
        let mentions = kept.compactMap { record, label -> Mention? in
            let mention = Mention(converted[Int(record.start)]!..<converted[Int(record.end)]!, label)
            return seen.insert(mention).inserted ? mention : nil
        }
        return (mentions, ignored)
    }
}
