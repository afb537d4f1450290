import Foundation
import QuarryCore
import QuarrySentences

/// Sentence scoring: case sets (the English Golden Rules, sentencex, pragmatic_segmenter,
/// pySBD bug reports, Quarry's own news cases) and UD-shaped documents (UD English EWT dev), by boundary and by exact
/// sentence, overall and per genre.
///
/// A case passes when the predicted sentences equal the expected ones after every run of
/// white space (the Unicode White_Space property) in each sentence is collapsed to one space
/// and the ends are trimmed; sentences that become empty are dropped on both sides. On UD
/// documents a boundary is the code-point end offset of each sentence but the document's
/// last; an exact sentence has the start and end of a gold sentence.
public struct SentenceEvaluation {
    /// The splitter under test.
    public struct System {
        /// "quarry" or "icu" (the JSON report's `system`).
        public var name: String
        /// What the text report's first line calls it.
        public var title: String
        /// The sentences of a document as UTF-8 byte ranges.
        public var split: (Document) -> [Range<Int>]

        /// A system under test: any function from a document to its sentences' byte ranges, in order.
        public init(name: String, title: String, split: @escaping (Document) -> [Range<Int>]) {
            self.name = name
            self.title = title
            self.split = split
        }

        /// ICU's sentence break iterator alone, `en@ss=standard` (the baseline).
        public static func icu() -> System {
            let segmenter = ICUSentenceSegmenter()
            let scratch = segmenter.makeScratch()
            return System(name: "icu", title: "ICU sentence break iterator alone (en@ss=standard)") { segmenter.split($0, scratch: scratch) }
        }

        /// Quarry's sentence splitter.
        public static func quarry(lexicon: SentenceLexicon, keepQuotations: Bool = false) -> System {
            let splitter = SentenceSplitter(lexicon: lexicon, options: .init(keepQuotations: keepQuotations))
            return System(name: "quarry", title: "Quarry SentenceSplitter") { splitter.split($0) }
        }
    }

    /// A data set of the default evaluation, under `../shared/data` or in the project.
    public struct DataSet: Sendable {
        /// Where a data set's file lives.
        public enum Location: Sendable {
            /// Under `../shared/data` (third-party data, not shipped).
            case shared
            /// In the project, relative to its root (Quarry's own cases).
            case project
        }
        /// "golden", "sentencex", "pragmatic", "pysbd", "news" or "ud".
        public var name: String
        /// The file, relative to `../shared/data` or to the project's root (``location``).
        public var path: String
        /// What the text report calls the set ("Golden Rules (English)").
        public var title: String
        /// Where ``path`` is relative to.
        public var location: Location = .shared
    }

    /// The default data sets, in report order.
    public static let defaultSets: [DataSet] = [
        DataSet(name: "golden", path: "sbd/golden_rules_en.jsonl", title: "Golden Rules (English)"),
        DataSet(name: "sentencex", path: "sbd/sentencex_en_tests.jsonl", title: "sentencex English tests"),
        DataSet(name: "pragmatic", path: "sbd/pragmatic_segmenter_en_extra.jsonl", title: "pragmatic_segmenter extra cases"),
        DataSet(name: "pysbd", path: "sbd/pysbd_regression_issues.jsonl", title: "pySBD regression issues"),
        DataSet(name: "news", path: "Tests/QuarrySentencesTests/Fixtures/news_en.jsonl",
                title: "News style, AP/Reuters (Quarry's own cases)", location: .project),
        DataSet(name: "ud", path: "ud/gold_en_ewt-ud-dev.jsonl", title: "UD English EWT dev"),
    ]

    /// A gold file to score: a name and title for the report, and where it is.
    public struct Job: Sendable {
        /// The set's name in reports ("golden", or "custom" for a file given).
        public var name: String
        /// What the text report calls the file.
        public var title: String
        /// Where the gold file is.
        public var url: URL

        /// A gold file to score under `name` and `title`; its content decides whether it is a case set
        /// or UD-shaped documents.
        public init(name: String, title: String, url: URL) {
            self.name = name
            self.title = title
            self.url = url
        }
    }

    /// The gold files to score, and the default ones that were not found.
    public struct Plan: Sendable {
        /// The files to score, in report order.
        public var jobs: [Job]
        /// A note per default data set whose file is absent.
        public var missing: [String]

        /// A plan of `jobs`; `missing` are notes for the report on sets that were skipped.
        public init(jobs: [Job], missing: [String] = []) {
            self.jobs = jobs
            self.missing = missing
        }

        /// The file given (named "custom"), else the default data sets (all, or those named)
        /// whose files exist (``EvaluationData/locate(_:)``, or
        /// ``EvaluationData/locateInProject(_:)`` for the project's own sets).
        public init(gold: URL?, sets names: Set<String>? = nil) {
            if let gold {
                self.init(jobs: [Job(name: "custom", title: gold.lastPathComponent, url: gold)])
                return
            }
            self.init(jobs: [])
            for set in defaultSets where names?.contains(set.name) ?? true {
                let url = set.location == .project ? EvaluationData.locateInProject(set.path) : EvaluationData.locate(set.path)
                if let url {
                    jobs.append(Job(name: set.name, title: set.title, url: url))
                } else {
                    missing.append("\(set.name): \(set.location == .project ? "" : "../shared/data/")\(set.path) not found")
                }
            }
        }
    }

    /// The splitter under test.
    public var system: System
    /// How many failing cases per case set, and boundary errors on UD, the reports keep.
    public var errors: Int

    /// An evaluation of `system` keeping `errors` failing cases (and UD boundary errors) per set;
    /// none by default.
    public init(system: System, errors: Int = 0) {
        self.system = system
        self.errors = errors
    }

    /// Scores every file of a plan, in order.
    /// - Parameters:
    ///   - plan: the case sets and UD files to score.
    ///   - progress: called with the report's header, then with each file's text report as
    ///     soon as it is scored (what `quarry evaluate sentences` prints as it goes).
    /// - Throws: ``GoldFileError`` for the first file that does not fit.
    public func evaluate(_ plan: Plan, progress: ((String) -> Void)? = nil) throws(GoldFileError) -> Report {
        var report = Report(system: system, skipped: plan.missing)
        progress?(report.header)
        for job in plan.jobs {
            let set = try evaluate(job)
            progress?(set.text)
            report.sets.append(set)
        }
        return report
    }

    /// Scores one gold file: a case set, or UD-shaped documents when the sentences of its
    /// first line are objects.
    /// - Throws: ``GoldFileError`` naming the file and line that does not fit.
    public func evaluate(_ job: Job) throws(GoldFileError) -> SetReport {
        let file = try GoldFile<GoldLine>(url: job.url, expected: #"a JSON object with "text" and "sentences""#)
        guard let first = file.entries.first else { throw GoldFileError(file: job.url.path, line: nil, message: "no cases") }
        if case .object? = first.value.sentences.first {
            var documents: [UDDocument] = []
            for (index, entry) in file.entries.enumerated() { documents.append(try UDDocument(entry, index: index, file: job.url.path)) }
            return .ud(UDReport(name: job.name, title: job.title, file: job.url.lastPathComponent, scores: score(documents)))
        }
        let cases = try Case.cases(file)
        return .cases(CaseReport(name: job.name, title: job.title, file: job.url.lastPathComponent, scores: score(cases), shownFailures: errors))
    }

    // MARK: - Case sets

    /// One case: a text and the sentences expected from it.
    public struct Case: Sendable {
        /// "#12 Name", the name, "issue #27" or "case N": unique within its file.
        public var label: String
        /// The text to split.
        public var text: String
        /// The expected sentences, in order (compared after ``normalize(_:)``).
        public var sentences: [String]
        /// Among the Golden Rules pySBD reports on (`in_pysbd48`).
        public var inPySBD48: Bool

        /// A case: `text` must split into `sentences`; `label` names it in failures.
        public init(label: String, text: String, sentences: [String], inPySBD48: Bool = false) {
            self.label = label
            self.text = text
            self.sentences = sentences
            self.inPySBD48 = inPySBD48
        }

        /// The cases of a case-set file, each labelled; a label that repeats gets
        /// " (case N)", N counting the file's cases from 1.
        static func cases(_ file: GoldFile<GoldLine>) throws(GoldFileError) -> [Case] {
            var cases: [Case] = []
            for (index, entry) in file.entries.enumerated() {
                var sentences: [String] = []
                for sentence in entry.value.sentences {
                    guard case let .text(text) = sentence else {
                        throw GoldFileError(file: file.url.path, line: entry.line, message: #""sentences" must be a list of strings"#)
                    }
                    sentences.append(text)
                }
                cases.append(Case(label: entry.value.label(index: index), text: entry.value.text, sentences: sentences,
                                  inPySBD48: entry.value.inPySBD48 ?? false))
            }
            var seen: [String: Int] = [:]
            for item in cases { seen[item.label, default: 0] += 1 }
            for index in cases.indices where seen[cases[index].label]! > 1 { cases[index].label += " (case \(index + 1))" }
            return cases
        }
    }

    /// Pass counts of a case set.
    public struct CaseScores: Sendable {
        /// A case that did not pass, with the expected and the predicted sentences.
        public struct Failure: Sendable, Equatable {
            /// The case's label.
            public var label: String
            /// The expected sentences, normalized, empty ones dropped.
            public var expected: [String]
            /// The predicted sentences, normalized, empty ones dropped.
            public var got: [String]

            /// A failure of case `label`: `expected` sentences, `got` others.
            public init(label: String, expected: [String], got: [String]) {
                self.label = label
                self.expected = expected
                self.got = got
            }
        }
        /// The number of cases scored.
        public var total = 0
        /// The number of cases that passed.
        public var passed = 0
        /// Cases marked `in_pysbd48` (the Golden Rules pySBD reports on), when the file marks any.
        public var subsetTotal = 0
        /// How many of the `in_pysbd48` cases passed.
        public var subsetPassed = 0
        /// Every failing case, in file order (reports show the first few).
        public var failures: [Failure] = []

        /// The fraction of cases that pass (0 for no case).
        public var passRate: Double { total == 0 ? 0 : Double(passed) / Double(total) }
    }

    /// Scores the splitter on cases.
    public func score(_ cases: [Case]) -> CaseScores {
        var scores = CaseScores()
        for item in cases {
            let document = Document(id: item.label, text: item.text)
            let got = system.split(document).map { Self.normalize(document.text(utf8: $0)) }.filter { !$0.isEmpty }
            let expected = item.sentences.map { Self.normalize($0) }.filter { !$0.isEmpty }
            let pass = got == expected
            scores.total += 1
            if pass { scores.passed += 1 }
            if item.inPySBD48 {
                scores.subsetTotal += 1
                if pass { scores.subsetPassed += 1 }
            }
            if !pass { scores.failures.append(.init(label: item.label, expected: expected, got: got)) }
        }
        return scores
    }

    /// Collapses every run of white space (Unicode White_Space) to one space and trims the ends.
    public static func normalize<S: StringProtocol>(_ text: S) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    // MARK: - UD documents

    /// A document with gold sentences as code-point ranges.
    public struct UDDocument: Sendable {
        /// The document's id (`doc_id`, else `id`, else "document N").
        public var id: String
        /// The document's genre, if given; boundary scores are also kept per genre.
        public var genre: String?
        /// The document's text.
        public var text: String
        /// Sorted by start.
        public var sentences: [Range<Int>]

        /// A gold document; `sentences` are code-point ranges into `text`, sorted here by start.
        public init(id: String, genre: String? = nil, text: String, sentences: [Range<Int>]) {
            self.id = id
            self.genre = genre
            self.text = text
            self.sentences = sentences.sorted { $0.lowerBound < $1.lowerBound }
        }

        init(_ entry: GoldFile<GoldLine>.Entry, index: Int, file: String) throws(GoldFileError) {
            var spans: [Range<Int>] = []
            for sentence in entry.value.sentences {
                guard case let .object(start?, end?) = sentence, start <= end else {
                    throw GoldFileError(file: file, line: entry.line, message: #"each sentence needs integer "start" and "end""#)
                }
                spans.append(start..<end)
            }
            let line = entry.value
            self.init(id: line.docID ?? line.id?.text ?? "document \(index + 1)", genre: line.genre, text: line.text, sentences: spans)
        }
    }

    /// A boundary the splitter got wrong, with the text around it.
    public struct BoundaryError: Sendable, Equatable {
        /// Whether the boundary was missed or spurious; the raw value is the word reports use.
        public enum Kind: String, Sendable {
            /// A gold boundary not predicted.
            case missed
            /// A predicted boundary not in the gold.
            case spurious
        }
        /// The id of the document the boundary is in.
        public var document: String
        /// Code points from the start of the document.
        public var offset: Int
        /// Missed or spurious.
        public var kind: Kind
        /// Up to 40 code points before and after the offset, line breaks and other spaces as ⏎.
        public var before: String
        /// Up to 40 code points after the offset, spaces shown the same way.
        public var after: String
    }

    /// Scores of UD-shaped documents.
    public struct UDScores: Sendable {
        /// Boundary scores of one genre.
        public struct Genre: Sendable {
            /// The number of documents of the genre.
            public var documents = 0
            /// Sentence-boundary scores over the genre's documents.
            public var boundaries = Score()
        }
        /// The number of documents scored.
        public var documents = 0
        /// Sentence-boundary scores over all documents (a document's last end is not a boundary).
        public var boundaries = Score()
        /// Exact sentences (the last one included).
        public var sentences = Score()
        /// Scores per genre ("all" for documents without one).
        public var genres: [String: Genre] = [:]
        /// Boundary errors, up to the number asked for (``SentenceEvaluation/errors``).
        public var errors: [BoundaryError] = []
    }

    /// Scores the splitter on UD-shaped documents.
    public func score(_ documents: [UDDocument]) -> UDScores {
        var scores = UDScores()
        for gold in documents {
            let document = Document(id: gold.id, text: gold.text)
            var cursor = OffsetCursor(document: document, unit: .codepoints)
            let predicted = system.split(document).map { cursor.convert($0.lowerBound)..<cursor.convert($0.upperBound) }
            let goldBoundaries = Set(gold.sentences.dropLast().map(\.upperBound))
            let predictedBoundaries = Set(predicted.dropLast().map(\.upperBound))
            scores.documents += 1
            scores.boundaries.add(gold: goldBoundaries, predicted: predictedBoundaries)
            scores.sentences.add(gold: Set(gold.sentences), predicted: Set(predicted))
            scores.genres[gold.genre ?? "all", default: UDScores.Genre()].documents += 1
            scores.genres[gold.genre ?? "all", default: UDScores.Genre()].boundaries.add(gold: goldBoundaries, predicted: predictedBoundaries)
            if scores.errors.count < errors {
                scores.errors += Self.boundaryErrors(id: gold.id, text: gold.text, gold: goldBoundaries, predicted: predictedBoundaries,
                                                     limit: errors - scores.errors.count)
            }
        }
        return scores
    }

    /// Missed and spurious boundaries of one document with the text around them, in text order.
    static func boundaryErrors(id: String, text: String, gold: Set<Int>, predicted: Set<Int>, limit: Int) -> [BoundaryError] {
        let wrong = gold.subtracting(predicted).map { ($0, BoundaryError.Kind.missed) }
            + predicted.subtracting(gold).map { ($0, BoundaryError.Kind.spurious) }
        guard !wrong.isEmpty else { return [] }
        let scalars = Array(text.unicodeScalars)
        func excerpt(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            for scalar in scalars[range] { view.append(scalar.properties.isWhitespace && scalar != " " ? "⏎" : scalar) }
            return String(view)
        }
        return wrong.sorted { $0.0 < $1.0 }.prefix(limit).map { offset, kind in
            let offset = min(offset, scalars.count)
            return BoundaryError(document: id, offset: offset, kind: kind,
                                 before: excerpt(max(0, offset - 40)..<offset), after: excerpt(offset..<min(scalars.count, offset + 40)))
        }
    }

    // MARK: - Decoding

    /// One line of a sentence gold file, either shape.
    struct GoldLine: Decodable {
        /// A case's id: a number ("#12") or a string.
        enum Identifier: Decodable {
            case number(Int)
            case string(String)

            init(from decoder: Decoder) throws {
                let value = try decoder.singleValueContainer()
                if let number = try? value.decode(Int.self) { self = .number(number) }
                else if let number = try? value.decode(Double.self) { self = .number(Int(number)) }
                else { self = .string(try value.decode(String.self)) }
            }

            var text: String? { if case let .string(s) = self { s } else { nil } }
        }

        /// A sentence: a string (case sets), an object with offsets (UD), or anything else.
        enum Sentence: Decodable {
            case text(String)
            case object(start: Int?, end: Int?)
            case other

            enum Keys: String, CodingKey { case start, end }

            init(from decoder: Decoder) throws {
                if let text = try? decoder.singleValueContainer().decode(String.self) {
                    self = .text(text)
                } else if let object = try? decoder.container(keyedBy: Keys.self) {
                    func offset(_ key: Keys) -> Int? {
                        (try? object.decodeIfPresent(Int.self, forKey: key)) ?? (try? object.decodeIfPresent(Double.self, forKey: key)).flatMap { $0.map { Int($0) } }
                    }
                    self = .object(start: offset(.start), end: offset(.end))
                } else {
                    self = .other
                }
            }
        }

        enum Keys: String, CodingKey { case text, sentences, id, name, issue, genre, docID = "doc_id", inPySBD48 = "in_pysbd48" }

        var text: String
        var sentences: [Sentence]
        var id: Identifier?
        var docID: String?
        var name: String?
        var issue: String?
        var genre: String?
        var inPySBD48: Bool?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            text = try container.decode(String.self, forKey: .text)
            sentences = try container.decode([Sentence].self, forKey: .sentences)
            // Descriptive fields of another type are ignored, not errors.
            id = try? container.decodeIfPresent(Identifier.self, forKey: .id)
            docID = try? container.decodeIfPresent(String.self, forKey: .docID)
            name = try? container.decodeIfPresent(String.self, forKey: .name)
            issue = try? container.decodeIfPresent(String.self, forKey: .issue)
            genre = try? container.decodeIfPresent(String.self, forKey: .genre)
            inPySBD48 = try? container.decodeIfPresent(Bool.self, forKey: .inPySBD48)
        }

        /// "#12 Name" for numbered cases, the name, "issue #27", or the case's position.
        func label(index: Int) -> String {
            let number: String? = switch id {
            case let .number(n): "#\(n)"
            case let .string(s): s
            case nil: nil
            }
            switch (number, name) {
            case let (number?, name?): return "\(number) \(name)"
            case let (number?, nil): return number
            case let (nil, name?): return name
            default: return issue.map { "issue \($0)" } ?? "case \(index + 1)"
            }
        }
    }
}
