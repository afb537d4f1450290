// swift-tools-version:6.1
//
// Quarry's benchmarks, kept in their own package so that depending on Quarry never pulls in
// the benchmark harness. See README.md in this directory.
//
//   swift package --allow-writing-to-package-directory benchmark        (package-benchmark suite)
//   swift build -c release --product quarry-throughput                  (used by scripts/compare_tokenizers.py
//                                                                        and scripts/compare_sentences.py)
//   swift build -c release --product naive-pcre2                        (used by scripts/compare_matchers.py)

import Foundation
import PackageDescription

// A path dependency's identity is its directory's name (the checkout may not be called "main"),
// so derive it from this manifest's location instead of hard-coding it.
let parentIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .lastPathComponent
    .lowercased()

let package = Package(
    name: "QuarryBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Corpus loading shared by the benchmark suite and the throughput tool.
        .target(
            name: "BenchmarkCorpus",
            path: "Sources/BenchmarkCorpus"
        ),
        // package-benchmark suite: `swift package benchmark` discovers it under Benchmarks/.
        .executableTarget(
            name: "TokenizerBenchmarks",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuarryCore", package: parentIdentity),
                .product(name: "QuarryTokenizer", package: parentIdentity),
            ],
            path: "Benchmarks/TokenizerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // package-benchmark suite for the sentence splitter (and ICU's bare sentence iterator).
        .executableTarget(
            name: "SentenceBenchmarks",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuarryCore", package: parentIdentity),
                .product(name: "QuarrySentences", package: parentIdentity),
            ],
            path: "Benchmarks/SentenceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // package-benchmark suite for the matching core (PatternMatcher, what `quarry bench` times).
        .executableTarget(
            name: "MatcherBenchmarks",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QuarryCore", package: parentIdentity),
                .product(name: "QuarryPatterns", package: parentIdentity),
                .product(name: "QuarryRules", package: parentIdentity),
                .product(name: "Quarry", package: parentIdentity),
            ],
            path: "Benchmarks/MatcherBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Plain timing tool with JSON output, driven by scripts/compare_tokenizers.py and
        // scripts/compare_sentences.py.
        .executableTarget(
            name: "quarry-throughput",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "QuarryCore", package: parentIdentity),
                .product(name: "QuarryTokenizer", package: parentIdentity),
                .product(name: "QuarrySentences", package: parentIdentity),
            ],
            path: "Sources/QuarryThroughput"
        ),
        // The system PCRE2 library for the naive many-rules baseline (independent of the parent
        // package's CPCRE2, so the baseline shares no code with Quarry's matcher).
        .systemLibrary(
            name: "CPCRE2Naive",
            path: "Sources/CPCRE2Naive"
        ),
        // Naive many-rules baseline: one JIT-compiled PCRE2 regex per rule, each a find-all over
        // every document. Driven by scripts/compare_matchers.py.
        .executableTarget(
            name: "naive-pcre2",
            dependencies: ["BenchmarkCorpus", "CPCRE2Naive"],
            path: "Sources/NaivePCRE2"
        ),
    ]
)
