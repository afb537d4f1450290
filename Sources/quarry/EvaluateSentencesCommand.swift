import ArgumentParser
import Foundation
import Quarry
import QuarryIO

/// `quarry evaluate sentences`: the sentence splitter against the English case sets
/// (Golden Rules, sentencex, pragmatic_segmenter, pySBD issues) and UD English EWT dev.
struct EvaluateSentencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentences",
        abstract: "Score the sentence splitter on English case sets and UD English EWT dev.",
        discussion: """
        Case sets, one case a line {"text", "sentences": [string, ...]}:
          golden     sbd/golden_rules_en.jsonl: 52 Golden Rules (48 in_pysbd48)
          sentencex  sbd/sentencex_en_tests.jsonl: 236 cases
          pragmatic  sbd/pragmatic_segmenter_en_extra.jsonl: 125 cases
          pysbd      sbd/pysbd_regression_issues.jsonl: 13 pySBD bug reports
        A case passes when the predicted sentences equal the expected ones after every \
        run of white space (the Unicode White_Space property) in each sentence is \
        collapsed to one space and the ends are trimmed; sentences that become empty are \
        dropped on both sides. The sets write line breaks inside a sentence as spaces, \
        hence the collapsing.

        UD English EWT dev (ud/gold_en_ewt-ud-dev.jsonl), one document a line \
        {"text", "genre", "sentences": [{"start", "end"}, ...]} with code-point offsets. \
        Boundary precision, recall and F1: a boundary is the code-point END offset of each \
        sentence except the document's last one (the end of the text is not a decision), \
        counted over all documents and per genre. Exact-sentence F1: a predicted sentence \
        is correct when its start and end both equal a gold sentence's (the last included).

        Files are looked for in ../shared/data beside the project. --gold PATH scores one \
        file of either shape instead (its first line tells which).

        Examples:
          quarry evaluate sentences
          quarry evaluate sentences --icu-only     # the ICU baseline
          quarry evaluate sentences --set golden --errors 10
          quarry evaluate sentences --json
          quarry evaluate sentences --min-golden 50 --min-f1 0.90

        Exit status: 0 scored (or skipped because the default data is absent); 1 a gold file \
        is missing or malformed, or a score is below a --min-... threshold; 64 usage error.
        """
    )

    enum SetChoice: String, CaseIterable, ExpressibleByArgument {
        case golden, sentencex, pragmatic, pysbd, ud, all
    }

    /// The default data files, in report order.
    static let defaultSets: [(choice: SetChoice, path: String, title: String)] = [
        (.golden, "sbd/golden_rules_en.jsonl", "Golden Rules (English)"),
        (.sentencex, "sbd/sentencex_en_tests.jsonl", "sentencex English tests"),
        (.pragmatic, "sbd/pragmatic_segmenter_en_extra.jsonl", "pragmatic_segmenter extra cases"),
        (.pysbd, "sbd/pysbd_regression_issues.jsonl", "pySBD regression issues"),
        (.ud, "ud/gold_en_ewt-ud-dev.jsonl", "UD English EWT dev"),
    ]

    @Option(help: ArgumentHelp("Which data to score; all means every set that is present.", valueName: "set"))
    var set: SetChoice = .all

    @Option(help: ArgumentHelp("Score this file instead (a case set or a UD-shaped file; its first line decides).", valueName: "path"))
    var gold: String?

    @OptionGroup var rules: RulesOption

    @Flag(name: .customLong("icu-only"), help: "Score ICU's sentence break iterator alone (en@ss=standard; the baseline).")
    var icuOnly = false

    @Option(help: ArgumentHelp("Print up to N failing cases per case set, and up to N boundary errors on UD, in context.", valueName: "n"))
    var errors: Int = 0

    @Option(name: .customLong("min-golden"), help: ArgumentHelp("Exit with status 1 when fewer Golden Rules than this pass.", valueName: "n"))
    var minimumGolden: Int?

    @Option(name: .customLong("min-pass-rate"), help: ArgumentHelp("Exit with status 1 when any scored case set passes less than this fraction of its cases.", valueName: "rate"))
    var minimumPassRate: Double?

    @Option(name: .customLong("min-f1"), help: ArgumentHelp("Exit with status 1 when the UD boundary F1 is below this value.", valueName: "f1"))
    var minimumF1: Double?

    @Flag(name: .customLong("keep-quotations"), help: "Keep a quotation's sentences in the sentence around it (the convention of the Golden Rules, sentencex and pragmatic_segmenter sets; UD splits inside quotations).")
    var keepQuotations = false

    @Flag(help: "Print the scores as one JSON object.")
    var json = false

    func validate() throws {
        if gold != nil && set != .all {
            throw ValidationError("--gold scores one file; do not combine it with --set")
        }
        if errors < 0 { throw ValidationError("--errors takes a non-negative number") }
    }

    func run() throws {
        // What to score.
        var jobs: [(name: String, title: String, url: URL)] = []
        var skipped: [String] = []
        if let gold {
            let url = URL(fileURLWithPath: gold)
            guard FileManager.default.fileExists(atPath: url.path) else {
                Console.error("\(gold): no such file")
                throw Exit.inputFailed
            }
            jobs.append(("custom", url.lastPathComponent, url))
        } else {
            for entry in Self.defaultSets where set == .all || set == entry.choice {
                if let url = SharedData.locate(entry.path) {
                    jobs.append((entry.choice.rawValue, entry.title, url))
                } else {
                    skipped.append("\(entry.choice.rawValue): ../shared/data/\(entry.path) not found")
                }
            }
            if jobs.isEmpty {
                print("skipped: evaluation data not found (\(skipped.joined(separator: "; "))); pass --gold PATH")
                return
            }
        }

        let system = icuOnly ? "icu" : "quarry"
        let split = try makeSplitter()

        var report: [String: Any] = ["system": system]
        var caseReports: [[String: Any]] = []
        var udReport: [String: Any]?
        var failures: [String] = []

        if !json {
            print("sentence evaluation: \(system == "icu" ? "ICU sentence break iterator alone (en@ss=standard)" : "Quarry SentenceSplitter")")
            for note in skipped { print("  skipped \(note)") }
        }

        for job in jobs {
            let lines = try Self.readObjects(job.url)
            if Self.isUDShaped(lines.first) {
                let scores = try scoreUD(lines, url: job.url, split: split)
                if !json { printUD(scores, name: job.name, title: job.title) }
                udReport = scores.json(name: job.name, file: job.url.lastPathComponent)
                if let minimumF1, scores.boundaries.f1 < minimumF1 {
                    failures.append("UD boundary F1 \(Self.format(scores.boundaries.f1)) is below --min-f1 \(minimumF1)")
                }
            } else {
                let scores = try scoreCases(lines, url: job.url, split: split)
                if !json { printCases(scores, name: job.name, title: job.title) }
                caseReports.append(scores.json(name: job.name, file: job.url.lastPathComponent, details: errors))
                if job.name == "golden", let minimumGolden, scores.passed < minimumGolden {
                    failures.append("\(scores.passed) Golden Rules pass, below --min-golden \(minimumGolden)")
                }
                if let minimumPassRate, scores.total > 0, Double(scores.passed) / Double(scores.total) < minimumPassRate {
                    failures.append("\(job.name): \(scores.passed)/\(scores.total) pass, below --min-pass-rate \(minimumPassRate)")
                }
            }
        }

        if json {
            report["sets"] = caseReports
            if let udReport { report["ud"] = udReport }
            report["skipped"] = skipped
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
        if !failures.isEmpty {
            for failure in failures { Console.error(failure) }
            throw Exit.inputFailed
        }
    }

    // MARK: the system under test

    /// Returns the function that splits a document into trimmed UTF-8 byte ranges.
    func makeSplitter() throws -> (Document) -> [Range<Int>] {
        if icuOnly {
            let segmenter = ICUSentenceSegmenter()
            let scratch = segmenter.makeScratch()
            return { segmenter.split($0, scratch: scratch) }
        }
        let directory = try rules.languageDirectory()
        let lexicon: SentenceLexicon
        do {
            lexicon = try SentenceLexicon.load(directory: directory)
        } catch {
            Console.note(error.description)
            throw ExitCode.failure
        }
        let splitter = SentenceSplitter(lexicon: lexicon, options: .init(keepQuotations: keepQuotations))
        return { splitter.split($0) }
    }

    // MARK: reading

    static func readObjects(_ url: URL) throws -> [[String: Any]] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            Console.error("\(url.path): cannot read: \(error.localizedDescription)")
            throw Exit.inputFailed
        }
        var objects: [[String: Any]] = []
        var number = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  object["text"] is String, object["sentences"] is [Any] else {
                Console.error("\(url.path):\(number): expected a JSON object with \"text\" and \"sentences\"")
                throw Exit.inputFailed
            }
            objects.append(object)
        }
        if objects.isEmpty {
            Console.error("\(url.path): no cases")
            throw Exit.inputFailed
        }
        return objects
    }

    /// A UD-shaped line has sentences as objects with offsets; a case line has strings.
    static func isUDShaped(_ object: [String: Any]?) -> Bool {
        guard let sentences = object?["sentences"] as? [Any], let first = sentences.first else { return false }
        return first is [String: Any]
    }

    // MARK: case sets

    struct CaseScores {
        struct Failure {
            var label: String
            var expected: [String]
            var got: [String]
        }
        var total = 0
        var passed = 0
        /// Cases marked `in_pysbd48` (the Golden Rules pySBD reports on), when the file marks any.
        var subsetTotal = 0
        var subsetPassed = 0
        var failures: [Failure] = []

        func json(name: String, file: String, details: Int) -> [String: Any] {
            var object: [String: Any] = [
                "set": name, "file": file, "total": total, "passed": passed,
                "pass_rate": total == 0 ? 0 : Double(passed) / Double(total),
                "failed": failures.map(\.label),
            ]
            if details > 0 {
                object["failures"] = failures.prefix(details).map { ["case": $0.label, "expected": $0.expected, "got": $0.got] }
            }
            if subsetTotal > 0 { object["pysbd48"] = ["total": subsetTotal, "passed": subsetPassed] }
            return object
        }
    }

    func scoreCases(_ cases: [[String: Any]], url: URL, split: (Document) -> [Range<Int>]) throws -> CaseScores {
        var scores = CaseScores()
        let labels = Self.caseLabels(cases)
        for (index, object) in cases.enumerated() {
            let text = object["text"] as! String
            guard let expectedRaw = object["sentences"] as? [String] else {
                Console.error("\(url.path): case \(index + 1): \"sentences\" must be a list of strings")
                throw Exit.inputFailed
            }
            let label = labels[index]
            let document = Document(id: label, text: text)
            let got = split(document).map { Self.normalize(document.text(utf8: $0)) }.filter { !$0.isEmpty }
            let expected = expectedRaw.map { Self.normalize($0) }.filter { !$0.isEmpty }
            let pass = got == expected
            scores.total += 1
            if pass { scores.passed += 1 }
            if let inSubset = object["in_pysbd48"] as? Bool, inSubset {
                scores.subsetTotal += 1
                if pass { scores.subsetPassed += 1 }
            }
            if !pass { scores.failures.append(.init(label: label, expected: expected, got: got)) }
        }
        return scores
    }

    /// One label per case, unique within the file: a label that repeats gets " (case N)",
    /// N counting the file's cases from 1.
    static func caseLabels(_ cases: [[String: Any]]) -> [String] {
        let labels = cases.enumerated().map { caseLabel($0.element, index: $0.offset) }
        var seen: [String: Int] = [:]
        for label in labels { seen[label, default: 0] += 1 }
        return labels.enumerated().map { seen[$0.element]! > 1 ? "\($0.element) (case \($0.offset + 1))" : $0.element }
    }

    /// "#12 Name" for numbered cases, the name, "issue #27", or the case's position.
    static func caseLabel(_ object: [String: Any], index: Int) -> String {
        let number = (object["id"] as? NSNumber).map { "#\($0.intValue)" } ?? (object["id"] as? String)
        let name = object["name"] as? String
        switch (number, name) {
        case let (number?, name?): return "\(number) \(name)"
        case let (number?, nil): return number
        case let (nil, name?): return name
        default:
            if let issue = object["issue"] as? String { return "issue \(issue)" }
            return "case \(index + 1)"
        }
    }

    /// Collapses every run of white space (Unicode White_Space) to one space and trims the ends.
    static func normalize<S: StringProtocol>(_ text: S) -> String {
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

    func printCases(_ scores: CaseScores, name: String, title: String) {
        var line = "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(scores.passed).leftPadded(4))/\(scores.total)"
        line += "  \(Self.percent(scores.passed, scores.total))  \(title)"
        if scores.subsetTotal > 0 { line += "; pySBD's \(scores.subsetTotal): \(scores.subsetPassed)/\(scores.subsetTotal)" }
        print(line)
        for failure in scores.failures.prefix(errors) {
            print("    FAIL \(failure.label)")
            print("      expected \(Self.quoted(failure.expected))")
            print("      got      \(Self.quoted(failure.got))")
        }
        if errors > 0 && scores.failures.count > errors {
            print("    ... \(scores.failures.count - errors) more failing")
        }
    }

    static func quoted(_ sentences: [String]) -> String {
        "[" + sentences.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ", ") + "]"
    }

    // MARK: UD

    struct Counts {
        var gold = 0
        var predicted = 0
        var correct = 0
        var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
        var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        mutating func add(gold: Set<Int>, predicted: Set<Int>) {
            self.gold += gold.count
            self.predicted += predicted.count
            correct += gold.intersection(predicted).count
        }
        mutating func add(gold: Set<Int64>, predicted: Set<Int64>) {
            self.gold += gold.count
            self.predicted += predicted.count
            correct += gold.intersection(predicted).count
        }

        var json: [String: Any] {
            ["gold": gold, "predicted": predicted, "correct": correct, "precision": precision, "recall": recall, "f1": f1]
        }
    }

    struct BoundaryError {
        var document: String
        var offset: Int
        /// "missed" (a gold boundary not predicted) or "spurious" (predicted, not gold).
        var kind: String
        var before: String
        var after: String
    }

    struct UDScores {
        var documents = 0
        var errors: [BoundaryError] = []
        var boundaries = Counts()
        var sentences = Counts()
        var genres: [String: (documents: Int, boundaries: Counts)] = [:]

        func json(name: String, file: String) -> [String: Any] {
            var genreObject: [String: Any] = [:]
            for (genre, entry) in genres {
                var counts = entry.boundaries.json
                counts["documents"] = entry.documents
                genreObject[genre] = counts
            }
            var object: [String: Any] = ["set": name, "file": file, "documents": documents,
                                         "boundaries": boundaries.json, "sentences": sentences.json, "genres": genreObject]
            if !errors.isEmpty {
                object["boundary_errors"] = errors.map {
                    ["document": $0.document, "offset": $0.offset, "kind": $0.kind, "before": $0.before, "after": $0.after]
                }
            }
            return object
        }
    }

    func scoreUD(_ documents: [[String: Any]], url: URL, split: (Document) -> [Range<Int>]) throws -> UDScores {
        var scores = UDScores()
        for (index, object) in documents.enumerated() {
            let text = object["text"] as! String
            var goldSpans: [(Int, Int)] = []
            for sentence in object["sentences"] as? [Any] ?? [] {
                guard let sentence = sentence as? [String: Any],
                      let start = (sentence["start"] as? NSNumber)?.intValue,
                      let end = (sentence["end"] as? NSNumber)?.intValue else {
                    Console.error("\(url.path): document \(index + 1): each sentence needs integer \"start\" and \"end\"")
                    throw Exit.inputFailed
                }
                goldSpans.append((start, end))
            }
            goldSpans.sort { $0.0 < $1.0 }
            let id = object["doc_id"] as? String ?? object["id"] as? String ?? "document \(index + 1)"
            let document = Document(id: id, text: text)
            var cursor = OffsetCursor(document: document, unit: .codepoints)
            let predictedSpans = split(document).map { (cursor.convert($0.lowerBound), cursor.convert($0.upperBound)) }

            let goldBoundaries = Set(goldSpans.dropLast().map(\.1))
            let predictedBoundaries = Set(predictedSpans.dropLast().map(\.1))
            scores.documents += 1
            scores.boundaries.add(gold: goldBoundaries, predicted: predictedBoundaries)
            scores.sentences.add(gold: Set(goldSpans.map { Int64($0.0) << 32 | Int64($0.1) }),
                                 predicted: Set(predictedSpans.map { Int64($0.0) << 32 | Int64($0.1) }))
            let genre = object["genre"] as? String ?? "all"
            scores.genres[genre, default: (0, Counts())].documents += 1
            scores.genres[genre, default: (0, Counts())].boundaries.add(gold: goldBoundaries, predicted: predictedBoundaries)

            if scores.errors.count < errors {
                scores.errors += Self.boundaryErrors(id: id, text: text, gold: goldBoundaries, predicted: predictedBoundaries,
                                                     limit: errors - scores.errors.count)
            }
        }
        return scores
    }

    /// Missed and spurious boundaries of one document with the text around them, in text order.
    static func boundaryErrors(id: String, text: String, gold: Set<Int>, predicted: Set<Int>, limit: Int) -> [BoundaryError] {
        let wrong = gold.subtracting(predicted).map { ($0, "missed") } + predicted.subtracting(gold).map { ($0, "spurious") }
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

    func printUD(_ scores: UDScores, name: String, title: String) {
        print("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(title) (\(scores.documents) documents)")
        func row(_ label: String, _ c: Counts) -> String {
            "    \(label.padding(toLength: 18, withPad: " ", startingAt: 0)) gold \(String(c.gold).leftPadded(5))  predicted \(String(c.predicted).leftPadded(5))  correct \(String(c.correct).leftPadded(5))  P \(Self.format(c.precision))  R \(Self.format(c.recall))  F1 \(Self.format(c.f1))"
        }
        print(row("boundaries", scores.boundaries))
        print(row("sentences (exact)", scores.sentences))
        if scores.genres.count > 1 {
            for (genre, entry) in scores.genres.sorted(by: { $0.key < $1.key }) {
                print("    \(genre.padding(toLength: 10, withPad: " ", startingAt: 0)) boundary F1 \(Self.format(entry.boundaries.f1))  (\(entry.documents) documents, \(entry.boundaries.gold) gold boundaries)")
            }
        }
        if !scores.errors.isEmpty {
            print("    boundary errors (‖ marks the offset; ⏎ a line break or other space):")
            for error in scores.errors {
                print("    \(error.kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(error.document) @\(error.offset): …\(error.before)‖\(error.after)…")
            }
        }
    }

    // MARK: formatting

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%5.1f%%", whole == 0 ? 0 : 100 * Double(part) / Double(whole))
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
