// Matching core throughput benchmarks (package-benchmark): `PatternMatcher`, what `quarry bench`
// times.
//
// Run from Benchmarks/:
//     swift package --allow-writing-to-package-directory benchmark --target MatcherBenchmarks
//
// ONE ITERATION = ONE PASS OVER THE WHOLE WIKINEWS CORPUS (every document matched once against
// the whole rule set, `PatternMatcher.match`, overlap=all, default scan plan with the literal
// prefilter). `throughput` (#/s) is corpus passes per second; the custom metric `chars/s` is
// characters (Unicode scalars) per second, timed around the same pass, as in the other suites.
//
// The rule sets:
// - gazetteer N rules: the first N rules of Rules/bench/gazetteer-1000.quarry (N = 1, 10, 100,
//   1000); 5000 rules: those 1,000 rules five times over, with distinct ids and the same
//   patterns (what a big gazetteer with variants costs).
// - word list 10000 entries: ONE rule `.wordList` (caseInsensitive) with 10,000 entries built
//   from Rules/bench/wordlists-100.quarry by `WordListEntries` below. Word lists match over
//   tokens, so the documents are tokenized with `Tokenizer.english()` in setup, outside the
//   measured region.
// - token patterns 2 rules: two `.tokens` rules over the same tokenized documents, built in
//   Swift: `[lower=said] (?<who>[is-title]{1,4})` (run only in documents with a token "said")
//   and `[is-title]{2,4} [kind=punct]?` (no fixed word: every document, the Pike VM's
//   worst case here).
//
// Everything is prepared in each benchmark's setup hook, outside the measured region: the corpus
// (read once per process), the rule file, the compiled matcher (its compile time is printed once
// to stderr, "[matcher] ... compiled in ... s") and, for the word list, the tokens. When the
// corpus is missing (QUARRY_CORPUS overrides the path), the benchmarks are not registered and a
// "skipped: ..." line is printed.

import Benchmark
import BenchmarkCorpus
import Foundation
import Quarry
import QuarryCore
import QuarryPatterns
import QuarryRules
import Synchronization

/// Characters (Unicode scalars) matched per second in one iteration, timed inside the closure.
private let charsPerSecond = BenchmarkMetric.custom("chars/s", polarity: .prefersLarger, useScalingFactor: false)

private func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// Where the benchmark rule sets live: `<root>/Rules/bench`, found from this source file's
/// location, `<root>/Benchmarks/Benchmarks/MatcherBenchmarks/MatcherBenchmarks.swift`.
private enum RuleFiles {
    static var benchDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // MatcherBenchmarks
            .deletingLastPathComponent()  // Benchmarks (suites)
            .deletingLastPathComponent()  // Benchmarks (package)
            .deletingLastPathComponent()  // project root
            .appendingPathComponent("Rules/bench")
    }

    /// The common-word list the patterns stage uses, from Rules/en.
    static let commonWords: Set<String> = {
        let english = benchDirectory.deletingLastPathComponent().appendingPathComponent("en")
        do {
            return try CommonWords.load(directory: english)
        } catch {
            fatalError("cannot read \(english.path)/\(CommonWords.fileName): \(error)")
        }
    }()

    static var gazetteer: URL { benchDirectory.appendingPathComponent("gazetteer-1000.quarry") }
    static var wordLists: URL { benchDirectory.appendingPathComponent("wordlists-100.quarry") }

    /// The first missing rule file, or nil when both are there.
    static var missing: URL? {
        [gazetteer, wordLists].first { !FileManager.default.isReadableFile(atPath: $0.path) }
    }
}

/// The corpus as documents, prepared once before any measurement.
private struct Workload: Sendable {
    /// Without layers: enough for regex rules (scope=anywhere).
    let documents: [AnnotatedDocument]
    let chars: Int
    let bytes: Int

    init(texts: [String]) {
        documents = texts.enumerated().map { AnnotatedDocument(document: Document(id: "wikinews-\($0.offset)", text: $0.element)) }
        (chars, bytes) = BenchmarkCorpus.size(of: texts)
    }

    /// The same documents with the tokens layer (`Tokenizer.english()`), for word-list rules.
    func tokenized() -> [AnnotatedDocument] {
        let tokenizer: Tokenizer
        do { tokenizer = try Tokenizer.english() } catch { fatalError("cannot load the English tokenizer: \(error)") }
        let scratch = tokenizer.makeScratch()
        return documents.map { document in
            var annotated = document
            annotated.tokens = tokenizer.tokenize(document.document, scratch: scratch)
            return annotated
        }
    }

    func describe() {
        standardError("[wikinews] \(documents.count) documents, \(chars) chars (Unicode scalars), \(bytes) UTF-8 bytes; "
            + "one iteration = whole corpus; chars/s = throughput x \(chars)")
    }
}

/// The 10,000 entries of the word-list benchmark, from Rules/bench/wordlists-100.quarry.
///
/// The RuleBook expands each `@list` into its rule's regex and does not expose the lists, so the
/// file is read here: every `list NAME [ignorecase] = a, b, c` line (inline entries, split at
/// commas) and the indented lines under a `list` header (one entry a line; `#` comments and
/// blank lines skipped, surrounding quotes removed). That gives the file's 5,952 entries; inner
/// whitespace is collapsed and entries are deduplicated case-insensitively, in file order
/// (5,720 left, since the combined list is case-insensitive). To reach 10,000, plural-like
/// variants follow: each entry with "s" appended, in file order, skipping forms already
/// present, until there are 10,000 (with "es" as a second pass should "s" not suffice).
private enum WordListEntries {
    static func load(_ url: URL, count target: Int) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var entries: [String] = []
        var seen: Set<String> = []
        func add(_ entry: String) {
            guard !entry.isEmpty, entries.count < target, seen.insert(entry.lowercased()).inserted else { return }
            entries.append(entry)
        }
        /// Unquoted, inner whitespace collapsed to one space.
        func clean(_ raw: some StringProtocol) -> String {
            var entry = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if entry.count >= 2 && entry.hasPrefix("\"") && entry.hasSuffix("\"") { entry = String(entry.dropFirst().dropLast()) }
            return entry
        }

        var inListBlock = false
        var base: [String] = []
        var fileEntries = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("list ") {
                if let equals = line.firstIndex(of: "=") {
                    inListBlock = false
                    for entry in line[line.index(after: equals)...].split(separator: ",") {
                        fileEntries += 1
                        base.append(clean(entry))
                    }
                } else {
                    inListBlock = true
                }
            } else if line.first == " " || line.first == "\t" {
                guard inListBlock, !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                // " #" starts a comment after an entry.
                let entry = trimmed.range(of: " #").map { String(trimmed[..<$0.lowerBound]) } ?? trimmed
                fileEntries += 1
                base.append(clean(entry))
            } else if !trimmed.isEmpty && !trimmed.hasPrefix("#") {
                inListBlock = false  // any other declaration ends a list's block
            }
        }
        for entry in base { add(entry) }
        let distinct = entries.count
        for suffix in ["s", "es"] {
            for entry in base where entries.count < target && !entry.isEmpty { add(entry + suffix) }
        }
        standardError("[matcher] word list: \(fileEntries) entries read from \(url.lastPathComponent), \(distinct) distinct "
            + "(case-insensitive), \(entries.count - distinct) suffixed variants added: \(entries.count) entries")
        guard entries.count == target else {
            fatalError("only \(entries.count) word-list entries could be built from \(url.path), \(target) needed")
        }
        return entries
    }
}

/// Compiles a set once, printing how long that took.
private func compile(_ name: String, _ rules: [PatternRule]) -> PatternMatcher {
    let start = ContinuousClock.now
    do {
        let matcher = try PatternMatcher(PatternSet(name: name, rules: rules, overlap: .all), commonWords: RuleFiles.commonWords)
        standardError("[matcher] \(name): \(rules.count) rule(s) compiled in \(String(format: "%.3f", seconds(ContinuousClock.now - start))) s")
        return matcher
    } catch {
        fatalError("cannot compile \(name): \(error)")
    }
}

/// Loaded lazily, once per process (Swift initializes a static `let` on first use, thread-safely).
private enum Shared {
    static let wikinews: Workload = {
        guard let url = BenchmarkCorpus.wikinewsURL() else {
            fatalError("corpus disappeared: \(BenchmarkCorpus.wikinewsExpectedPath)")
        }
        do {
            return Workload(texts: try BenchmarkCorpus.loadTexts(jsonl: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    static let tokenized: [AnnotatedDocument] = {
        let start = ContinuousClock.now
        let documents = wikinews.tokenized()
        let tokens = documents.reduce(0) { $0 + ($1.tokens?.records.count ?? 0) }
        standardError("[matcher] tokenized the corpus for the word list: \(tokens) tokens in \(String(format: "%.2f", seconds(ContinuousClock.now - start))) s (not measured)")
        return documents
    }()

    /// The 1,000 gazetteer rules, in file order.
    static let gazetteerRules: [PatternRule] = {
        do {
            let book = try RuleBook.load(file: RuleFiles.gazetteer, registry: .standard)
            guard let set = book.patternSets["gazetteer"] ?? book.patternSets["all"] else {
                fatalError("\(RuleFiles.gazetteer.path) has no pattern set 'gazetteer'")
            }
            return set.rules
        } catch {
            fatalError("cannot load \(RuleFiles.gazetteer.path): \(error)")
        }
    }()

    static let gazetteer1 = compile("gazetteer 1 rule", Array(gazetteerRules.prefix(1)))
    static let gazetteer10 = compile("gazetteer 10 rules", Array(gazetteerRules.prefix(10)))
    static let gazetteer100 = compile("gazetteer 100 rules", Array(gazetteerRules.prefix(100)))
    static let gazetteer1000 = compile("gazetteer 1000 rules", Array(gazetteerRules.prefix(1000)))
    /// The 1,000 rules five times over: copies with distinct ids, same patterns.
    static let gazetteer5000 = compile("gazetteer 5000 rules", (0..<5).flatMap { copy in
        gazetteerRules.prefix(1000).map { rule in
            var variant = rule
            if copy > 0 { variant.id = "\(rule.id)_v\(copy)" }
            return variant
        }
    })

    static let wordList10000: PatternMatcher = {
        let entries: [String]
        do { entries = try WordListEntries.load(RuleFiles.wordLists, count: 10_000) } catch {
            fatalError("cannot read \(RuleFiles.wordLists.path): \(error)")
        }
        let rule = PatternRule(
            id: "wl_10000", label: "WORD",
            matcher: .wordList(WordList(name: "bench10000", entries: entries, caseInsensitive: true)),
            location: Diagnostic.Location(file: "MatcherBenchmarks.swift", line: 1, column: 1))
        return compile("word list 10000 entries", [rule])
    }()

    static let tokenPatterns: PatternMatcher = {
        let here = Diagnostic.Location(file: "MatcherBenchmarks.swift", line: 1, column: 1)
        let title = TokenPattern.token(.flag(.title))
        let said = PatternRule(id: "said_who", label: "SPEAKER", matcher: .tokens(.sequence([
            .token(.lower("said")), .capture(name: "who", .repeat(title, min: 1, max: 4, lazy: false)),
        ])), location: here)
        let names = PatternRule(id: "title_run", label: "NAME", matcher: .tokens(.sequence([
            .repeat(title, min: 2, max: 4, lazy: false), .repeat(.token(.kind("punct")), min: 0, max: 1, lazy: false),
        ])), location: here)
        return compile("token patterns 2 rules", [said, names])
    }()

    /// Benchmarks whose match count was already printed (once per benchmark, from the first
    /// iteration, which is the warm-up).
    static let reported = Mutex<Set<String>>([])
}

/// Matches every document once, records chars/s for the pass, and prints the pass's match
/// count (raw matches, before overlap resolution) the first time.
private func measuredPass(_ benchmark: Benchmark, _ documents: [AnnotatedDocument], _ matcher: PatternMatcher) {
    let scratch = matcher.makeScratch()
    let chars = Shared.wikinews.chars
    let start = ContinuousClock.now
    var matches = 0
    for document in documents {
        matches &+= matcher.match(document, scratch: scratch).matches.count
    }
    blackHole(matches)
    let elapsed = seconds(ContinuousClock.now - start)
    if elapsed > 0 {
        benchmark.measurement(charsPerSecond, Int(Double(chars) / elapsed))
    }
    if Shared.reported.withLock({ $0.insert(benchmark.name).inserted }) {
        standardError("[matcher] \(benchmark.name): \(matches) matches per pass")
    }
}

let benchmarks: @Sendable () -> Void = {
    // A pass takes from well under a second (1 rule) to several seconds (5,000 rules), so the
    // runs are short: up to 5 iterations or 3 s, after one warm-up pass.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .peakMemoryResident, .mallocCountTotal, charsPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 5
    )

    guard BenchmarkCorpus.wikinewsURL() != nil else {
        standardError("skipped: corpus not found at \(BenchmarkCorpus.wikinewsExpectedPath) "
            + "(set \(BenchmarkCorpus.environmentVariable) to the wikinews.jsonl path); "
            + "the matcher benchmarks are not registered")
        return
    }
    if let missing = RuleFiles.missing {
        standardError("skipped: rule file not found at \(missing.path); the matcher benchmarks are not registered")
        return
    }

    let gazetteer: [(name: String, matcher: @Sendable () -> PatternMatcher)] = [
        ("Matcher gazetteer 1 rule", { Shared.gazetteer1 }),
        ("Matcher gazetteer 10 rules", { Shared.gazetteer10 }),
        ("Matcher gazetteer 100 rules", { Shared.gazetteer100 }),
        ("Matcher gazetteer 1000 rules", { Shared.gazetteer1000 }),
        ("Matcher gazetteer 5000 rules", { Shared.gazetteer5000 }),
    ]
    for (name, matcher) in gazetteer {
        Benchmark(
            name,
            configuration: .init(setup: {
                Shared.wikinews.describe()
                _ = matcher()
            })
        ) { benchmark in
            measuredPass(benchmark, Shared.wikinews.documents, matcher())
        }
    }

    Benchmark(
        "Matcher word list 10000 entries",
        configuration: .init(setup: {
            Shared.wikinews.describe()
            _ = Shared.tokenized
            _ = Shared.wordList10000
        })
    ) { benchmark in
        measuredPass(benchmark, Shared.tokenized, Shared.wordList10000)
    }

    Benchmark(
        "Matcher token patterns 2 rules",
        configuration: .init(setup: {
            Shared.wikinews.describe()
            _ = Shared.tokenized
            _ = Shared.tokenPatterns
        })
    ) { benchmark in
        measuredPass(benchmark, Shared.tokenized, Shared.tokenPatterns)
    }
}
