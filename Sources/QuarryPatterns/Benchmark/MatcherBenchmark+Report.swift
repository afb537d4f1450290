import Foundation
import QuarryCore

/// What a ``MatcherBenchmark`` measured, with what it needs to explain it: rendered for people
/// (``text(top:)``, what `quarry bench` prints) or as JSON (``json()``).
public struct MatcherBenchmarkReport {
    /// The rule file the set came from, as the user named it.
    public var rulesFile: String
    /// The pattern set that was measured.
    public var set: PatternSet
    /// The compiled set, for each rule's strategy and the prefilter's size.
    public var matcher: PatternMatcher
    /// The number of documents in one pass.
    public var documents: Int
    /// The documents' total text size in UTF-8 bytes.
    public var bytes: Int
    /// The threads the timed passes ran on.
    public var jobs: Int
    /// The median pass, in seconds.
    public var seconds: Double
    /// Every timed pass, in seconds.
    public var timings: [Double]
    /// How long compiling the set took, in seconds.
    public var compileSeconds: Double
    /// Resident memory the compilation added, in KiB.
    public var compiledKiB: Int
    /// Per-rule time, matches, literal hits and PCRE2 runs, from the one-thread pass.
    public var stats: RuleStats
    /// Matches over the corpus, before overlap resolution.
    public var totalMatches: Int
    /// False when measured without the prefilter (`ScanPlan.unfiltered`).
    public var prefilter: Bool

    /// Combines a measurement with what explains it; `matcher` must have been compiled from `set`,
    /// and `bytes` is the measured documents' total UTF-8 size.
    public init(rulesFile: String, set: PatternSet, matcher: PatternMatcher, measurement: MatcherBenchmark.Measurement,
                bytes: Int, jobs: Int, compileSeconds: Double, compiledKiB: Int, prefilter: Bool) {
        self.rulesFile = rulesFile
        self.set = set
        self.matcher = matcher
        self.documents = measurement.documents
        self.bytes = bytes
        self.jobs = jobs
        self.seconds = measurement.medianSeconds
        self.timings = measurement.timings
        self.compileSeconds = compileSeconds
        self.compiledKiB = compiledKiB
        self.stats = measurement.stats
        self.totalMatches = measurement.totalMatches
        self.prefilter = prefilter
    }

    /// Matching throughput of the median pass, in MB (10^6 bytes) per second.
    public var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }
    /// Documents per second in the median pass.
    public var documentsPerSecond: Double { Double(documents) / seconds }

    /// One rule's line of the report.
    public struct Row {
        /// The rule's id.
        public var id: String
        /// Where the rule was written, as `file:line`.
        public var location: String
        /// The rule's strategy, as `quarry bench` names it.
        public var mode: String
        /// Up to five of its literals.
        public var literals: [String]
        /// How many literals the rule has (all of them, not only those in ``literals``).
        public var literalCount: Int
        /// Its share of the matching time (0...1).
        public var share: Double
        /// Time spent running the rule, in milliseconds.
        public var milliseconds: Double
        /// Matches the rule found, before overlap resolution.
        public var matches: Int
        /// Occurrences of the rule's literals found by the prefilter.
        public var literalHits: Int
        /// PCRE2 runs.
        public var verifications: Int
        /// Documents where the rule stopped at a PCRE2 limit (its matches there dropped).
        public var limitHits: Int
    }

    /// Every rule, in set order.
    public var rows: [Row] {
        let strategies = matcher.strategies
        let modes = matcher.runModes
        let total = max(1, stats.nanoseconds.reduce(0, +) + stats.sharedNanoseconds)
        return set.rules.enumerated().map { index, rule in
            let literals = strategies[index].literals
            return Row(id: rule.id, location: "\(rule.location.file):\(rule.location.line)", mode: modes[index],
                literals: literals.sorted().prefix(5).map(\.description), literalCount: literals.count,
                share: Double(stats.nanoseconds[index]) / Double(total), milliseconds: Double(stats.nanoseconds[index]) / 1e6,
                matches: stats.matches[index], literalHits: stats.literalHits[index], verifications: stats.verifications[index],
                limitHits: stats.limitHits[index])
        }
    }

    /// The report for people, with the `top` costliest rules.
    public func text(top: Int) -> String {
        var out = ""
        let rows = self.rows
        let modes = Dictionary(grouping: rows, by: \.mode).mapValues(\.count)
        out += "rules:     \(set.rules.count) in '\(set.name)' from \(rulesFile)\n"
        out += "corpus:    \(documents) documents, \(String(format: "%.2f", Double(bytes) / 1e6)) MB\n"
        out += "matching:  \(String(format: "%.1f", megabytesPerSecond)) MB/s, \(String(format: "%.0f", documentsPerSecond)) documents/s"
        out += " (median of \(timings.count), \(jobs) thread\(jobs == 1 ? "" : "s"), \(String(format: "%.3f", seconds)) s)\(prefilter ? "" : " without the prefilter")\n"
        out += "matches:   \(totalMatches) (before overlap resolution)\n"
        out += "compile:   \(String(format: "%.3f", compileSeconds)) s, about \(compiledKiB / 1024) MB resident; prefilter automaton \(matcher.prefilterMemoryBytes / 1024) KiB\n"
        out += "prefilter: \(modes["prefix", default: 0]) rules tried only where their literal starts, \(modes["gated", default: 0]) only in documents that contain a literal, \(modes["full", default: 0]) full scans"
        if let words = modes["word list"] { out += ", \(words) word lists" }
        out += "\n"
        let tokenModes = ["word", "word+win", "list", "list+win", "every"].compactMap { mode in modes[mode].map { "\($0) \(mode)" } }
        if !tokenModes.isEmpty {
            out += "tokens:    \(tokenModes.joined(separator: ", ")) (word/list: only where a word or list entry every match holds occurs;"
            out += " +win: searched only from the tokens that can reach it; every: from every token)\n"
        }
        let hasWordLists = modes["word list"] != nil
        if !tokenModes.isEmpty || hasWordLists {
            let total = Double(max(1, stats.nanoseconds.reduce(0, +) + stats.sharedNanoseconds))
            let what = [tokenModes.isEmpty ? nil : "building the token features and word index",
                        hasWordLists ? "looking up every word list in one pass" : nil].compactMap { $0 }.joined(separator: ", and ")
            out += String(format: "shared:    %.1f ms (%.1f%%) ", Double(stats.sharedNanoseconds) / 1e6, Double(stats.sharedNanoseconds) / total * 100)
                + what + ", billed to no rule\n"
        }
        out += "\n"
        out += "rules by share of matching time (top \(min(top, rows.count))):\n"
        out += "  share    ms      matches  literal hits  PCRE2 runs  mode      rule\n"
        for row in rows.sorted(by: { $0.share > $1.share }).prefix(top) {
            out += String(format: "  %5.1f%% %7.1f  %9d  %12d  %10d  ", row.share * 100, row.milliseconds, row.matches, row.literalHits, row.verifications)
            out += row.mode.padding(toLength: 9, withPad: " ", startingAt: 0) + " \(row.id) (\(row.location))\n"
        }
        let limited = set.rules.indices.filter { stats.limitHits[$0] > 0 }
        if !limited.isEmpty {
            out += "\nstopped at a PCRE2 limit: these rules' matches in those documents are dropped (raise limit= or heap= on the\n"
            out += "patterns declaration, or make the pattern backtrack less):\n"
            for index in limited.prefix(top) {
                out += "  \(set.rules[index].id) (\(set.rules[index].location.file):\(set.rules[index].location.line)): \(stats.limitHits[index]) document\(stats.limitHits[index] == 1 ? "" : "s")\n"
            }
        }
        let full = rows.filter { $0.mode == "full" }
        if !full.isEmpty {
            out += "\nfull scans: these rules have no literal every match must contain, so they run over every document:\n"
            for row in full.sorted(by: { $0.share > $1.share }).prefix(top) {
                out += "  \(row.id) (\(row.location)): \(String(format: "%.1f", row.share * 100))% of the time\n"
            }
            out += "  Fix: give each a fixed word or symbol that every match contains (\"said\", \"$\", a month name), or start it with a\n"
            out += "  word list ({@list}); see docs/benchmarking.md.\n"
        }
        return out
    }

    /// The report as one JSON object (keys sorted).
    public func json() -> String {
        let object: [String: Any] = [
            "rules_file": rulesFile, "set": set.name, "rules": set.rules.count, "documents": documents, "bytes": bytes,
            "jobs": jobs, "seconds": seconds, "timings": timings, "mb_per_s": megabytesPerSecond, "docs_per_s": documentsPerSecond,
            "compile_seconds": compileSeconds, "compiled_resident_kib": compiledKiB, "prefilter_bytes": matcher.prefilterMemoryBytes,
            "prefilter": prefilter, "matches": totalMatches, "shared_milliseconds": Double(stats.sharedNanoseconds) / 1e6,
            "per_rule": rows.map { row -> [String: Any] in
                ["id": row.id, "location": row.location, "mode": row.mode, "literals": row.literals, "literal_count": row.literalCount,
                 "share": row.share, "milliseconds": row.milliseconds, "matches": row.matches,
                 "literal_hits": row.literalHits, "pcre2_runs": row.verifications, "limit_hits": row.limitHits]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
