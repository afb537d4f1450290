import Dispatch
import QuarryCore

/// Times the matching core alone over documents already tokenized (when rules need it):
/// what `quarry bench` measures.
///
/// ```swift
/// let measurement = MatcherBenchmark.measure(matcher, documents: annotated, jobs: 2, passes: 5)
/// print(measurement.medianSeconds, measurement.stats.matches)
/// ```
public enum MatcherBenchmark {
    /// What one measurement found.
    public struct Measurement: Sendable {
        /// The number of documents in one pass.
        public var documents: Int
        /// Every timed pass, in seconds (a warm-up pass before them is not counted).
        public var timings: [Double]
        /// Matches over the corpus, before overlap resolution.
        public var totalMatches: Int
        /// Per-rule time, matches, literal hits and PCRE2 runs, from one more pass on one
        /// thread (not timed).
        public var stats: RuleStats
        /// Every match, when asked for: document index and the raw match.
        public var matches: [DocumentMatch]

        /// The median of ``timings``.
        public var medianSeconds: Double { timings.sorted()[timings.count / 2] }
    }

    /// A match and the document it is in.
    public struct DocumentMatch: Sendable {
        /// The document's index in the measured array.
        public var document: Int
        /// The match, before overlap resolution.
        public var match: RawMatch
    }

    /// Runs every document through `matcher` on `jobs` threads (by stride, one scratch per
    /// thread) once to warm up, then `passes` timed times; then once more on one thread with
    /// per-rule counters, keeping every match when `keepMatches` is set.
    /// - Precondition: `passes >= 1`.
    public static func measure(_ matcher: PatternMatcher, documents: [AnnotatedDocument], jobs: Int, passes: Int,
                               plan: ScanPlan = .everywhere, keepMatches: Bool = false) -> Measurement {
        precondition(passes >= 1, "at least one timed pass")
        func pass() -> Int {
            // makeScratch does not throw, so neither does the map.
            let counts = (try? ParallelWork.map(count: documents.count, jobs: jobs, makeState: { matcher.makeScratch() }) { (scratch: inout MatchScratch, index: Int) -> Int in
                // Every pass computes the token features again, as the first stage of a pipeline would.
                documents[index].derived.removeAll()
                return matcher.match(documents[index], scratch: scratch, plan: plan).matches.count
            }) ?? []
            return counts.reduce(0, +)
        }
        var total = pass()  // warm-up
        var timings: [Double] = []
        for _ in 0..<passes {
            let start = DispatchTime.now().uptimeNanoseconds
            total = pass()
            timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let scratch = matcher.makeScratch()
        scratch.stats = RuleStats(ruleCount: matcher.set.rules.count)
        var kept: [DocumentMatch] = []
        for (index, document) in documents.enumerated() {
            document.derived.removeAll()
            let result = matcher.match(document, scratch: scratch, plan: plan)
            if keepMatches { kept += result.matches.map { DocumentMatch(document: index, match: $0) } }
        }
        return Measurement(documents: documents.count, timings: timings, totalMatches: total, stats: scratch.stats!, matches: kept)
    }
}
