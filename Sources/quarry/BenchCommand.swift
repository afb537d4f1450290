import ArgumentParser
import Dispatch
import Foundation
import Quarry
import QuarryIO

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast a rule set matches a corpus, and which rules cost the most.",
        discussion: """
        Loads the rules and the corpus, compiles the rules once, then times the matching core \
        alone (every rule's matches, before overlap resolution) over the whole corpus, --repeat \
        times, and reports the median: MB/s and documents/s. Tokens and sentences, when rules \
        need them, are computed first and not counted.

        Then, per rule: its share of the matching time, its matches, how often the literal \
        prefilter found its literals, and how many PCRE2 runs that caused. Rules without a \
        literal are full scans: they run on every document, and are listed with advice. Work \
        the rules share (token features, the index of required words, the one pass of all word \
        lists) is timed on a line of its own, billed to no rule. docs/benchmarking.md explains \
        how to read and act on the report.

        Examples:
          quarry bench Rules/bench/gazetteer-1000.quarry ../shared/data/corpus/wikinews.jsonl
          quarry bench Rules/news.quarry corpus.jsonl --jobs 2 --format json > bench.json

        Exit status: 0 measured; 1 a rule file has errors or no input could be read.
        """
    )

    @Argument(help: ArgumentHelp("The rule file.", valueName: "rules"))
    var rules: String

    @Argument(help: ArgumentHelp("Corpus files: .jsonl (a document per line) or text files.", valueName: "corpus"))
    var corpus: [String] = []

    @Option(help: ArgumentHelp("The patterns declaration to measure (default: the first pipeline's patterns stage, else every rule).", valueName: "name"))
    var set: String?

    @Option(help: ArgumentHelp("Threads; documents are spread over them (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("repeat"), help: ArgumentHelp("Timed passes over the corpus; the median is reported.", valueName: "n"))
    var repeatCount: Int = 3

    @Option(name: .shortAndLong, help: ArgumentHelp("Output: text or json.", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Rules listed in the text report (by time share).", valueName: "n"))
    var top: Int = 20

    @Flag(name: .customLong("no-prefilter"), help: "Run every rule over every whole document (the reference the prefilter is checked against).")
    var noPrefilter = false

    @Option(help: ArgumentHelp("Write every match as TSV lines DOC_INDEX, RULE_ID, START_BYTE, END_BYTE.", valueName: "file"))
    var matches: String?

    @Option(name: .customLong("dump-rules"), help: ArgumentHelp("Write the regex rules as JSON Lines {\"id\", \"pattern\", \"caseless\"} (and \"ascii\": true for ascii rules; macros and lists expanded), token rules as {\"id\", \"tokens\", \"caseless\", \"span\"} in canonical form, and stop.", valueName: "file"))
    var dumpRules: String?

    @Flag(name: .customLong("pipeline"), help: "Time the rule file's whole pipeline instead, stage by stage (tokens, sentences, patterns, quotes): MB/s for all of it and each stage's share.")
    var wholePipeline = false

    @Option(name: .customLong("name"), help: ArgumentHelp("With --pipeline: which pipeline of the rule file (default: its only or first one).", valueName: "name"))
    var pipelineName: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if repeatCount < 1 { throw ValidationError("--repeat must be at least 1") }
        if !["text", "json"].contains(format) { throw ValidationError("--format must be text or json") }
        if dumpRules == nil && corpus.isEmpty { throw ValidationError("give at least one corpus file") }
    }

    func run() throws {
        let book = try loadRuleBook(rules, quietWarnings: format == "json")
        if wholePipeline {
            let pipeline: Pipeline
            do {
                pipeline = try book.pipeline(named: pipelineName)
            } catch {
                for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
                throw ExitCode.failure
            }
            let result = try PipelineBenchmark.measure(pipeline, documents: try readCorpus(), jobs: jobs, passes: repeatCount)
            print(format == "json" ? result.json(rulesFile: rules) : result.text(rulesFile: rules))
            return
        }
        let patternSet = try chooseSet(book)
        if let dumpRules {
            var lines = ""
            for rule in patternSet.rules {
                let object: [String: Any]
                switch rule.matcher {
                case let .regex(pattern, _):
                    var fields: [String: Any] = ["id": rule.id, "pattern": pattern, "caseless": rule.caseless, "scope": rule.scope.rawValue]
                    if rule.ascii { fields["ascii"] = true }
                    object = fields
                case let .tokens(pattern):
                    var fields: [String: Any] = ["id": rule.id, "tokens": pattern.description, "caseless": rule.caseless]
                    if let group = rule.spanGroup { fields["span"] = group }
                    object = fields
                case .wordList:
                    continue
                }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                lines += String(decoding: data, as: UTF8.self) + "\n"
            }
            try lines.write(toFile: dumpRules, atomically: true, encoding: .utf8)
            return
        }

        let documents = try readCorpus()
        let bytes = documents.reduce(0) { $0 + $1.utf8Count }

        // Compile, with memory.
        let commonWords = try Self.commonWords()
        let rssBefore = Self.residentKiB()
        let compileStart = DispatchTime.now()
        let matcher: PatternMatcher
        do {
            matcher = try PatternMatcher(patternSet, commonWords: commonWords)
        } catch {
            Console.error("\(error)")
            throw ExitCode.failure
        }
        let compileSeconds = Self.seconds(since: compileStart)
        let rssAfter = Self.residentKiB()

        // Tokens and sentences when rules need them, and for rules over earlier spans the
        // stages before this set in the first pipeline that runs it (not timed).
        var annotated = documents.map { AnnotatedDocument(document: $0) }
        if matcher.needsSpans {
            guard let earlier = book.stages(before: patternSet.name) else {
                Console.error("the rules of '\(patternSet.name)' read the spans of earlier stages, but no pipeline of \(rules) runs it; declare one that does")
                throw ExitCode.failure
            }
            var pipeline = try Pipeline(earlier)
            pipeline.keepsInternalSpans = true
            let context = try pipeline.makeContext()
            annotated = documents.map { pipeline.run($0, in: context) }
        } else if matcher.needsTokens || matcher.needsSentences {
            let registry = StageRegistry.standard
            var stages: [any Stage] = []
            for name in ["tokenize", "sentences"] {
                let kind = registry.kind(named: name)!
                stages.append(try kind.build(.defaults(for: kind)))
            }
            let pipeline = try Pipeline(stages)
            let context = try pipeline.makeContext()
            annotated = documents.map { pipeline.run($0, in: context) }
        }

        let measurement = MatcherBenchmark.measure(matcher, documents: annotated, jobs: jobs, passes: repeatCount,
                                                   plan: noPrefilter ? .unfiltered : .everywhere, keepMatches: matches != nil)
        if let matches {
            var out = ""
            out.reserveCapacity(measurement.matches.count * 24)
            for found in measurement.matches {
                out += "\(found.document)\t\(patternSet.rules[found.match.rule].id)\t\(found.match.start)\t\(found.match.end)\n"
            }
            try out.write(toFile: matches, atomically: true, encoding: .utf8)
        }
        let report = MatcherBenchmarkReport(rulesFile: rules, set: patternSet, matcher: matcher, measurement: measurement, bytes: bytes,
                                            jobs: jobs, compileSeconds: compileSeconds, compiledKiB: max(0, rssAfter - rssBefore),
                                            prefilter: !noPrefilter)
        print(format == "json" ? report.json() : report.text(top: top))
    }

    /// The common-word list of Quarry's Rules/en, as the patterns stage loads it by default
    /// (none when the Rules directory cannot be found).
    static func commonWords() throws -> Set<String> {
        guard let root = RulesLocator.defaultDirectory() else { return [] }
        do {
            return try CommonWords.load(directory: root.appendingPathComponent("en"))
        } catch {
            Console.note(error.description)
            throw ExitCode.failure
        }
    }

    func chooseSet(_ book: RuleBook) throws -> PatternSet {
        if let set {
            guard let chosen = book.patternSets[set] else {
                var message = "no patterns declaration '\(set)'"
                if let guess = Suggestion.closest(to: set, in: Array(book.patternSets.keys)) { message += " (did you mean '\(guess)'?)" }
                Console.error(message)
                throw ExitCode.failure
            }
            return chosen
        }
        if let name = book.pipelineNames.first, let pipeline = try? book.pipeline(named: name),
           let stage = pipeline.stages.first(where: { $0 is PatternStage }) as? PatternStage {
            return stage.matcher.set
        }
        return book.patternSets["all"]!
    }

    /// The corpus files as documents; unreadable inputs are reported and skipped.
    /// - Throws: ``Exit/inputFailed`` when no document could be read.
    func readCorpus() throws -> [Document] {
        var documents: [Document] = []
        for result in DocumentReader().documents(from: corpus) {
            switch result {
            case let .success(document): documents.append(document)
            case let .failure(problem) where problem.severity == .error: Console.error(problem.message)
            case let .failure(problem): Console.warning(problem.message)
            }
        }
        guard !documents.isEmpty else {
            Console.error("no document could be read")
            throw Exit.inputFailed
        }
        return documents
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The process's resident memory in KiB (Linux /proc), or 0.
    static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
