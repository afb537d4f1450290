import Foundation

extension SentenceEvaluation {
    /// A case set's scores, and how many of its failures the report shows.
    public struct CaseReport: Sendable {
        /// The set's name ("golden", "custom").
        public var name: String
        /// What the text report calls the set.
        public var title: String
        /// The gold file's name.
        public var file: String
        /// The set's pass counts and failures.
        public var scores: CaseScores
        /// Failures shown (text) or detailed (JSON).
        public var shownFailures: Int
    }

    /// The scores of a UD-shaped file.
    public struct UDReport: Sendable {
        /// The set's name ("ud", "custom").
        public var name: String
        /// What the text report calls the set.
        public var title: String
        /// The gold file's name.
        public var file: String
        /// Boundary and exact-sentence scores, per genre too, and the boundary errors kept.
        public var scores: UDScores
    }

    /// What one gold file gave.
    public enum SetReport: Sendable {
        /// A case set's pass counts.
        case cases(CaseReport)
        /// UD-shaped documents' boundary scores.
        case ud(UDReport)

        /// The lines `quarry evaluate sentences` prints for this file.
        public var text: String {
            switch self {
            case let .cases(report): report.text
            case let .ud(report): report.text
            }
        }
    }

    /// The whole evaluation: the system, what was scored, what was skipped.
    public struct Report: Sendable {
        /// The system's name ("quarry", "icu").
        public var system: String
        /// What the text report calls the system.
        public var systemTitle: String
        /// Default data sets that were not found.
        public var skipped: [String]
        /// One report per gold file scored, in plan order.
        public var sets: [SetReport] = []

        /// An empty report for `system`, noting the `skipped` data sets; ``sets`` fill in as files
        /// are scored.
        public init(system: System, skipped: [String] = []) {
            self.system = system.name
            self.systemTitle = system.title
            self.skipped = skipped
        }

        /// The text report's first lines: the system and the skipped sets.
        public var header: String {
            (["sentence evaluation: \(systemTitle)"] + skipped.map { "  skipped \($0)" }).joined(separator: "\n")
        }

        /// The report as one JSON object (keys sorted): the case sets under `sets`, the UD
        /// scores under `ud`.
        public var json: String {
            var object: [String: Any] = ["system": system]
            var udObject: [String: Any]?
            var caseObjects: [[String: Any]] = []
            for set in sets {
                switch set {
                case let .cases(report): caseObjects.append(report.jsonObject)
                case let .ud(report): udObject = report.jsonObject
                }
            }
            object["sets"] = caseObjects
            if let udObject { object["ud"] = udObject }
            object["skipped"] = skipped
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

extension SentenceEvaluation.CaseReport {
    /// The lines `quarry evaluate sentences` prints for the case set.
    public var text: String {
        var line = "  \(name.padded(10)) \(String(scores.passed).leftPadded(4))/\(scores.total)"
        line += "  \(ReportFormat.percent(scores.passed, scores.total))  \(title)"
        if scores.subsetTotal > 0 { line += "; pySBD's \(scores.subsetTotal): \(scores.subsetPassed)/\(scores.subsetTotal)" }
        var lines = [line]
        for failure in scores.failures.prefix(shownFailures) {
            lines.append("    FAIL \(failure.label)")
            lines.append("      expected \(Self.quoted(failure.expected))")
            lines.append("      got      \(Self.quoted(failure.got))")
        }
        if shownFailures > 0 && scores.failures.count > shownFailures {
            lines.append("    ... \(scores.failures.count - shownFailures) more failing")
        }
        return lines.joined(separator: "\n")
    }

    static func quoted(_ sentences: [String]) -> String {
        "[" + sentences.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ", ") + "]"
    }

    var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "set": name, "file": file, "total": scores.total, "passed": scores.passed,
            "pass_rate": scores.passRate,
            "failed": scores.failures.map(\.label),
        ]
        if shownFailures > 0 {
            object["failures"] = scores.failures.prefix(shownFailures).map { ["case": $0.label, "expected": $0.expected, "got": $0.got] }
        }
        if scores.subsetTotal > 0 { object["pysbd48"] = ["total": scores.subsetTotal, "passed": scores.subsetPassed] }
        return object
    }
}

extension SentenceEvaluation.UDReport {
    /// The lines `quarry evaluate sentences` prints for the UD file.
    public var text: String {
        let format = ReportFormat.decimal
        func row(_ label: String, _ c: Score) -> String {
            "    \(label.padded(18)) gold \(String(c.gold).leftPadded(5))  predicted \(String(c.predicted).leftPadded(5))  correct \(String(c.correct).leftPadded(5))  P \(format(c.precision))  R \(format(c.recall))  F1 \(format(c.f1))"
        }
        var lines = ["  \(name.padded(10)) \(title) (\(scores.documents) documents)"]
        lines.append(row("boundaries", scores.boundaries))
        lines.append(row("sentences (exact)", scores.sentences))
        if scores.genres.count > 1 {
            for (genre, entry) in scores.genres.sorted(by: { $0.key < $1.key }) {
                lines.append("    \(genre.padded(10)) boundary F1 \(format(entry.boundaries.f1))  (\(entry.documents) documents, \(entry.boundaries.gold) gold boundaries)")
            }
        }
        if !scores.errors.isEmpty {
            lines.append("    boundary errors (‖ marks the offset; ⏎ a line break or other space):")
            for error in scores.errors {
                lines.append("    \(error.kind.rawValue.padded(8)) \(error.document) @\(error.offset): …\(error.before)‖\(error.after)…")
            }
        }
        return lines.joined(separator: "\n")
    }

    var jsonObject: [String: Any] {
        func counts(_ c: Score) -> [String: Any] {
            ["gold": c.gold, "predicted": c.predicted, "correct": c.correct, "precision": c.precision, "recall": c.recall, "f1": c.f1]
        }
        var genreObject: [String: Any] = [:]
        for (genre, entry) in scores.genres {
            var object = counts(entry.boundaries)
            object["documents"] = entry.documents
            genreObject[genre] = object
        }
        var object: [String: Any] = ["set": name, "file": file, "documents": scores.documents,
                                     "boundaries": counts(scores.boundaries), "sentences": counts(scores.sentences), "genres": genreObject]
        if !scores.errors.isEmpty {
            object["boundary_errors"] = scores.errors.map {
                ["document": $0.document, "offset": $0.offset, "kind": $0.kind.rawValue, "before": $0.before, "after": $0.after] as [String: Any]
            }
        }
        return object
    }
}

extension SentenceEvaluation {
    /// Scores a run must reach; each unmet one is a message naming the `quarry evaluate
    /// sentences` option that set it.
    public struct Thresholds: Sendable {
        /// Golden Rules that must pass (the set named "golden").
        public var minimumGolden: Int?
        /// The pass rate every case set must reach.
        public var minimumPassRate: Double?
        /// The UD boundary F1 to reach.
        public var minimumF1: Double?

        /// Thresholds; each one left nil is not checked.
        public init(minimumGolden: Int? = nil, minimumPassRate: Double? = nil, minimumF1: Double? = nil) {
            self.minimumGolden = minimumGolden
            self.minimumPassRate = minimumPassRate
            self.minimumF1 = minimumF1
        }

        /// The thresholds the report's sets miss, as messages, in the order of the sets.
        public func failures(_ report: Report) -> [String] { report.sets.flatMap(failures) }

        /// The thresholds a set's scores miss, as messages.
        public func failures(_ set: SetReport) -> [String] {
            var failures: [String] = []
            switch set {
            case let .ud(report):
                let f1 = report.scores.boundaries.f1
                if let minimumF1, f1 < minimumF1 {
                    failures.append("UD boundary F1 \(ReportFormat.decimal(f1)) is below --min-f1 \(minimumF1)")
                }
            case let .cases(report):
                let scores = report.scores
                if report.name == "golden", let minimumGolden, scores.passed < minimumGolden {
                    failures.append("\(scores.passed) Golden Rules pass, below --min-golden \(minimumGolden)")
                }
                if let minimumPassRate, scores.total > 0, scores.passRate < minimumPassRate {
                    failures.append("\(report.name): \(scores.passed)/\(scores.total) pass, below --min-pass-rate \(minimumPassRate)")
                }
            }
            return failures
        }
    }
}
