import Dispatch
import Foundation

/// Times a whole pipeline over documents in memory (reading and output excluded): what
/// `quarry bench --pipeline` measures and prints.
///
/// ```swift
/// let result = try PipelineBenchmark.measure(pipeline, documents: documents, jobs: 2, passes: 3)
/// print(result.text(rulesFile: "Rules/news.quarry"))
/// ```
public struct PipelineBenchmark: Sendable {
    /// The pipeline's stage names, in order (``Stage/name``).
    public var stageNames: [String]
    /// The number of documents in one pass.
    public var documents: Int
    /// The documents' total text size in UTF-8 bytes.
    public var bytes: Int
    /// The threads the timed passes ran on.
    public var jobs: Int
    /// Every timed pass over all documents, in seconds (after an untimed warm-up pass).
    public var timings: [Double]
    /// Each stage's time in one more pass on one thread, in nanoseconds.
    public var stageNanoseconds: [UInt64]
    /// What that pass produced, summed over the documents.
    public var tokens = 0, sentences = 0, spans = 0, quotes = 0

    /// The median of ``timings``.
    public var medianSeconds: Double { timings.sorted()[timings.count / 2] }

    /// Runs `pipeline` over `documents` on `jobs` threads once to warm up and `passes` timed
    /// times, then once on one thread with a clock per stage.
    /// - Throws: what ``Pipeline/makeContext()`` throws.
    public static func measure(_ pipeline: Pipeline, documents: [Document], jobs: Int, passes: Int) throws -> PipelineBenchmark {
        precondition(passes >= 1, "at least one timed pass")
        // Documents dealt out by stride, one context per thread, as for the matching core.
        func pass() throws { _ = try pipeline.run(documents, jobs: jobs) }
        try pass()  // warm-up
        var timings: [Double] = []
        for _ in 0..<passes {
            let start = DispatchTime.now().uptimeNanoseconds
            try pass()
            timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        var result = PipelineBenchmark(stageNames: pipeline.stages.map(\.name), documents: documents.count,
                                       bytes: documents.reduce(0) { $0 + $1.utf8Count }, jobs: jobs, timings: timings,
                                       stageNanoseconds: Array(repeating: 0, count: pipeline.stages.count))
        let context = try pipeline.makeContext()
        for document in documents {
            let annotated = pipeline.run(document, in: context, timing: &result.stageNanoseconds)
            result.quotes += annotated.quotes?.count ?? 0
            result.spans += annotated.spans?.count ?? 0
            result.tokens += annotated.tokens?.count ?? 0
            result.sentences += annotated.sentences?.count ?? 0
        }
        return result
    }

    /// One JSON object: the whole pipeline's speed and each stage's share.
    public func json(rulesFile: String) -> String {
        let total = max(1, stageNanoseconds.reduce(0, +))
        let mb = Double(bytes) / 1_000_000
        let median = medianSeconds
        let stages = zip(stageNames, stageNanoseconds).map { name, ns in
            #"{"stage": "\#(name)", "share": \#(String(format: "%.4f", Double(ns) / Double(total))), "mb_per_s": \#(String(format: "%.1f", mb / (Double(ns) / 1e9)))}"#
        }.joined(separator: ", ")
        return #"{"rules": "\#(rulesFile)", "documents": \#(documents), "bytes": \#(bytes), "jobs": \#(jobs), "repeat": \#(timings.count), "seconds": \#(String(format: "%.4f", median)), "mb_per_s": \#(String(format: "%.2f", mb / median)), "stages": [\#(stages)], "tokens": \#(tokens), "sentences": \#(sentences), "spans": \#(spans), "quotes": \#(quotes)}"#
    }

    /// The report for people: the whole pipeline's MB/s, then a line per stage.
    public func text(rulesFile: String) -> String {
        let total = max(1, stageNanoseconds.reduce(0, +))
        let mb = Double(bytes) / 1_000_000
        let median = medianSeconds
        var lines = [
            "pipeline:  \(stageNames.joined(separator: " → ")) from \(rulesFile)",
            "corpus:    \(documents) documents, \(String(format: "%.2f", mb)) MB",
            "whole:     \(String(format: "%.1f", mb / median)) MB/s, \(Int(Double(documents) / median)) documents/s (median of \(timings.count), \(jobs) thread\(jobs == 1 ? "" : "s"), \(String(format: "%.3f", median)) s; reading and output not counted)",
            "produced:  \(tokens) tokens, \(sentences) sentences, \(spans) spans, \(quotes) quotes",
            "\nstages (one thread, one timed pass):",
            "  share    ms       MB/s alone  stage",
        ]
        for (name, ns) in zip(stageNames, stageNanoseconds) {
            let seconds = Double(ns) / 1e9
            lines.append(String(format: "  %5.1f%%  %7.1f  %10.1f   ", 100 * Double(ns) / Double(total), seconds * 1000, mb / max(seconds, 1e-9)) + name)
        }
        return lines.joined(separator: "\n")
    }
}
