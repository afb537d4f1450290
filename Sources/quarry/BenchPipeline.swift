import ArgumentParser
import Dispatch
import Foundation
import Quarry
import QuarryIO

extension BenchCommand {
    /// `quarry bench RULES CORPUS --pipeline`: the whole pipeline, timed end to end (reading
    /// and output excluded), with each stage's share from a single-threaded timed pass.
    func benchPipeline(_ book: RuleBook) throws {
        let pipeline: Pipeline
        do {
            pipeline = try book.pipeline(named: pipelineName)
        } catch {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw ExitCode.failure
        }
        let documents = try readCorpus()
        let bytes = documents.reduce(0) { $0 + $1.utf8Count }
        // Documents dealt out by stride, one context per thread, as for the matching core.
        func pass() throws { _ = try pipeline.run(documents, jobs: jobs) }
        try pass()  // warm-up
        var timings: [Double] = []
        for _ in 0..<repeatCount {
            let start = DispatchTime.now()
            try pass()
            timings.append(Self.seconds(since: start))
        }
        let median = timings.sorted()[timings.count / 2]

        // Stage shares: one single-threaded pass with per-stage clocks.
        var nanoseconds = [UInt64](repeating: 0, count: pipeline.stages.count)
        var quotes = 0, spans = 0, tokens = 0, sentences = 0
        let context = try pipeline.makeContext()
        for document in documents {
            let annotated = pipeline.run(document, in: context, timing: &nanoseconds)
            quotes += annotated.quotes?.count ?? 0
            spans += annotated.spans?.count ?? 0
            tokens += annotated.tokens?.count ?? 0
            sentences += annotated.sentences?.count ?? 0
        }
        let total = max(1, nanoseconds.reduce(0, +))
        let mb = Double(bytes) / 1_000_000
        let names = pipeline.stages.map(\.name)
        if format == "json" {
            let stages = zip(names, nanoseconds).map { name, ns in
                #"{"stage": "\#(name)", "share": \#(String(format: "%.4f", Double(ns) / Double(total))), "mb_per_s": \#(String(format: "%.1f", mb / (Double(ns) / 1e9)))}"#
            }.joined(separator: ", ")
            print(#"{"rules": "\#(rules)", "documents": \#(documents.count), "bytes": \#(bytes), "jobs": \#(jobs), "repeat": \#(repeatCount), "seconds": \#(String(format: "%.4f", median)), "mb_per_s": \#(String(format: "%.2f", mb / median)), "stages": [\#(stages)], "tokens": \#(tokens), "sentences": \#(sentences), "spans": \#(spans), "quotes": \#(quotes)}"#)
            return
        }
        print("pipeline:  \(names.joined(separator: " → ")) from \(rules)")
        print("corpus:    \(documents.count) documents, \(String(format: "%.2f", mb)) MB")
        print("whole:     \(String(format: "%.1f", mb / median)) MB/s, \(Int(Double(documents.count) / median)) documents/s (median of \(repeatCount), \(jobs) thread\(jobs == 1 ? "" : "s"), \(String(format: "%.3f", median)) s; reading and output not counted)")
        print("produced:  \(tokens) tokens, \(sentences) sentences, \(spans) spans, \(quotes) quotes")
        print("\nstages (one thread, one timed pass):")
        print("  share    ms       MB/s alone  stage")
        for (name, ns) in zip(names, nanoseconds) {
            let seconds = Double(ns) / 1e9
            print(String(format: "  %5.1f%%  %7.1f  %10.1f   ", 100 * Double(ns) / Double(total), seconds * 1000, mb / max(seconds, 1e-9)) + name)
        }
    }
}
