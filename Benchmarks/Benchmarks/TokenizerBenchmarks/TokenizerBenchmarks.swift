// Tokenizer throughput benchmarks (package-benchmark).
//
// Run from Benchmarks/:
//     swift package --allow-writing-to-package-directory benchmark
//
// Corpus benchmarks: ONE ITERATION = ONE PASS OVER THE WHOLE WIKINEWS CORPUS (every document
// tokenized once). So `throughput` (#/s) is corpus passes per second; multiply it by the corpus
// size printed at setup (chars) to get characters per second. The custom metric
// `chars/s` reports that product directly, timed around the same pass.
//
// The corpus is read once per benchmark in its setup hook, outside the measured region.
// If the corpus file is missing (set QUARRY_CORPUS to point elsewhere), the corpus benchmarks
// are not registered and a "skipped: ..." line is printed; the seed-article benchmark still runs.

import Benchmark
import BenchmarkCorpus
import Foundation
import QuarryCore
import QuarryTokenizer

/// Characters (Unicode scalars) tokenized per second in one iteration, timed inside the closure.
private let charsPerSecond = BenchmarkMetric.custom("chars/s", polarity: .prefersLarger, useScalingFactor: false)

/// Documents prepared once, before any measurement.
private struct Workload: Sendable {
    let name: String
    let documents: [Document]
    let chars: Int
    let bytes: Int

    init(name: String, texts: [String]) {
        self.name = name
        self.documents = texts.enumerated().map { Document(id: "\(name)-\($0.offset)", text: $0.element) }
        (chars, bytes) = BenchmarkCorpus.size(of: texts)
    }

    func describe(unit: String) {
        let line = "[\(name)] \(documents.count) documents, \(chars) chars (Unicode scalars), \(bytes) UTF-8 bytes; "
            + "one iteration = \(unit); chars/s = throughput x \(chars)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// The loaded corpus and tokenizer, shared by the benchmarks of one process (loaded lazily and
/// once: Swift initializes a global `let` on first use, thread-safely).
private enum Shared {
    static let tokenizer: Tokenizer = {
        do { return try Tokenizer.english() } catch { fatalError("cannot load the English tokenizer: \(error)") }
    }()

    static let wikinews: Workload = {
        guard let url = BenchmarkCorpus.wikinewsURL() else {
            fatalError("corpus disappeared: \(BenchmarkCorpus.wikinewsExpectedPath)")
        }
        do {
            return Workload(name: "wikinews", texts: try BenchmarkCorpus.loadTexts(jsonl: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    static let seed: Workload = {
        do {
            let text = try String(contentsOf: BenchmarkCorpus.seedArticleURL, encoding: .utf8)
            return Workload(name: "blinken-seoul", texts: [text])
        } catch {
            fatalError("cannot read \(BenchmarkCorpus.seedArticleURL.path): \(error)")
        }
    }()
}

/// Tokenizes every document once with `body` and returns the number of tokens.
@inline(__always)
private func pass(_ workload: Workload, _ body: (Document) -> Int) -> Int {
    var tokens = 0
    for document in workload.documents {
        tokens &+= body(document)
    }
    return tokens
}

/// Runs one measured pass and records chars/s for it.
private func measuredPass(_ benchmark: Benchmark, _ workload: Workload, _ body: (Document) -> Int) {
    let start = ContinuousClock.now
    blackHole(pass(workload, body))
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if seconds > 0 {
        benchmark.measurement(charsPerSecond, Int(Double(workload.chars) / seconds))
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .peakMemoryResident, .mallocCountTotal, charsPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(4),
        maxIterations: 10
    )

    // --- Wikinews corpus: one iteration = the whole corpus -------------------------------------
    if BenchmarkCorpus.wikinewsURL() != nil {
        Benchmark(
            "Tokenizer (Quarry) wikinews",
            configuration: .init(setup: {
                _ = Shared.tokenizer
                Shared.wikinews.describe(unit: "whole corpus")
            })
        ) { benchmark in
            let tokenizer = Shared.tokenizer
            let scratch = tokenizer.makeScratch()
            measuredPass(benchmark, Shared.wikinews) { tokenizer.tokenize($0, scratch: scratch).records.count }
        }

        Benchmark(
            "ICU word break (bare) wikinews",
            configuration: .init(setup: { Shared.wikinews.describe(unit: "whole corpus") })
        ) { benchmark in
            let segmenter = ICUWordSegmenter()
            let scratch = TokenizerScratch.make(locale: "en")
            measuredPass(benchmark, Shared.wikinews) { segmenter.segment($0, scratch: scratch).records.count }
        }
    } else {
        let message = "skipped: corpus not found at \(BenchmarkCorpus.wikinewsExpectedPath) "
            + "(set \(BenchmarkCorpus.environmentVariable) to the wikinews.jsonl path); "
            + "the Wikinews benchmarks are not registered\n"
        FileHandle.standardError.write(Data(message.utf8))
    }

    // --- Seed article (2.4 KB, in the repository): one iteration = 1,000 tokenizations ---------
    // Scaled metrics (marked * in the output) are per single tokenization of the article.
    Benchmark(
        "Tokenizer (Quarry) seed article",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            timeUnits: .microseconds,
            scalingFactor: .kilo,
            maxDuration: .seconds(2),
            maxIterations: 50,
            setup: {
                _ = Shared.tokenizer
                Shared.seed.describe(unit: "1,000 tokenizations of the article (scaled metrics are per tokenization)")
            }
        )
    ) { benchmark in
        let tokenizer = Shared.tokenizer
        let scratch = tokenizer.makeScratch()
        let document = Shared.seed.documents[0]
        for _ in benchmark.scaledIterations {
            blackHole(tokenizer.tokenize(document, scratch: scratch))
        }
    }

    Benchmark(
        "ICU word break (bare) seed article",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            timeUnits: .microseconds,
            scalingFactor: .kilo,
            maxDuration: .seconds(2),
            maxIterations: 50,
            setup: { _ = Shared.seed }
        )
    ) { benchmark in
        let segmenter = ICUWordSegmenter()
        let scratch = TokenizerScratch.make(locale: "en")
        let document = Shared.seed.documents[0]
        for _ in benchmark.scaledIterations {
            blackHole(segmenter.segment(document, scratch: scratch))
        }
    }
}
