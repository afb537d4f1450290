// Sentence splitting throughput benchmarks (package-benchmark).
//
// Run from Benchmarks/:
//     swift package --allow-writing-to-package-directory benchmark --target SentenceBenchmarks
//
// ONE ITERATION = ONE PASS OVER THE WHOLE WIKINEWS CORPUS (every document split once, text in,
// UTF-8 byte ranges out; no tokenizer). `throughput` (#/s) is corpus passes per second; the
// custom metric `chars/s` is characters (Unicode scalars) per second, timed around the same
// pass, as in TokenizerBenchmarks.
//
// The corpus is read once in each benchmark's setup hook, outside the measured region. When it
// is missing (QUARRY_CORPUS overrides the path), the benchmarks are not registered and a
// "skipped: ..." line is printed.

import Benchmark
import BenchmarkCorpus
import Foundation
import QuarryCore
import QuarrySentences

/// Characters (Unicode scalars) split per second in one iteration, timed inside the closure.
private let charsPerSecond = BenchmarkMetric.custom("chars/s", polarity: .prefersLarger, useScalingFactor: false)

/// The corpus as documents, prepared once before any measurement.
private struct Workload: Sendable {
    let documents: [Document]
    let chars: Int
    let bytes: Int

    init(texts: [String]) {
        documents = texts.enumerated().map { Document(id: "wikinews-\($0.offset)", text: $0.element) }
        (chars, bytes) = BenchmarkCorpus.size(of: texts)
    }

    func describe() {
        let line = "[wikinews] \(documents.count) documents, \(chars) chars (Unicode scalars), \(bytes) UTF-8 bytes; "
            + "one iteration = whole corpus; chars/s = throughput x \(chars)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// Loaded lazily, once per process.
private enum Shared {
    static let splitter: SentenceSplitter = {
        do { return try SentenceSplitter.english() } catch { fatalError("cannot load the English sentence splitter: \(error)") }
    }()

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
}

/// Splits every document once with `split`, records chars/s for the pass.
private func measuredPass(_ benchmark: Benchmark, _ workload: Workload, _ split: (Document) -> Int) {
    let start = ContinuousClock.now
    var sentences = 0
    for document in workload.documents {
        sentences &+= split(document)
    }
    blackHole(sentences)
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

    guard BenchmarkCorpus.wikinewsURL() != nil else {
        let message = "skipped: corpus not found at \(BenchmarkCorpus.wikinewsExpectedPath) "
            + "(set \(BenchmarkCorpus.environmentVariable) to the wikinews.jsonl path); "
            + "the sentence benchmarks are not registered\n"
        FileHandle.standardError.write(Data(message.utf8))
        return
    }

    Benchmark(
        "Sentences (Quarry) wikinews",
        configuration: .init(setup: {
            _ = Shared.splitter
            Shared.wikinews.describe()
        })
    ) { benchmark in
        let splitter = Shared.splitter
        measuredPass(benchmark, Shared.wikinews) { splitter.split($0).count }
    }

    Benchmark(
        "ICU sentence break (bare) wikinews",
        configuration: .init(setup: { Shared.wikinews.describe() })
    ) { benchmark in
        let segmenter = ICUSentenceSegmenter()
        let scratch = segmenter.makeScratch()
        measuredPass(benchmark, Shared.wikinews) { segmenter.split($0, scratch: scratch).count }
    }
}
