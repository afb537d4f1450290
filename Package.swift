// swift-tools-version:6.0
//
// Quarry: a rule-based NLP pipeline toolkit (ICU tokenization, sentence splitting,
// PCRE2 pattern rules, quote attribution) composed from plain-text rule files.
//
// Module graph (dependencies point one way):
//   quarry (CLI) -> Quarry (umbrella + stage registry) -> stage modules -> QuarryCore
//   QuarryTokenizer -> CICU (the only place ICU headers are seen)
// Benchmarks live in their own package under Benchmarks/ so that depending on Quarry
// never pulls in the benchmark harness.

import PackageDescription

let package = Package(
    name: "Quarry",
    products: [
        .library(name: "QuarryCore", targets: ["QuarryCore"]),
        .library(name: "QuarryTokenizer", targets: ["QuarryTokenizer"]),
        .library(name: "QuarrySentences", targets: ["QuarrySentences"]),
        .library(name: "QuarryPatterns", targets: ["QuarryPatterns"]),
        .library(name: "QuarryQuotes", targets: ["QuarryQuotes"]),
        .library(name: "QuarryRules", targets: ["QuarryRules"]),
        .library(name: "Quarry", targets: ["Quarry"]),
        .library(name: "QuarryEvaluation", targets: ["QuarryEvaluation"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // ICU behind a small ICU-free C API. ICU's headers must never reach a Swift module:
        // Foundation on Linux ships its own ICU module with the same C type names.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // PCRE2 (8-bit code units) from the system, found through pkg-config.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "QuarryCore"),
        .target(name: "QuarryTokenizer", dependencies: ["QuarryCore", "CICU"]),
        .target(name: "QuarrySentences", dependencies: ["QuarryCore", "CICU"]),
        .target(name: "QuarryPatterns", dependencies: ["QuarryCore", "CPCRE2"]),
        .target(name: "QuarryQuotes", dependencies: ["QuarryCore"]),
        .target(name: "QuarryRules", dependencies: ["QuarryCore"]),
        .target(name: "Quarry", dependencies: ["QuarryCore", "QuarryTokenizer", "QuarrySentences", "QuarryPatterns", "QuarryQuotes", "QuarryRules"]),
        // Scorers (tokens, sentences, quotes) and their reports; beside the umbrella, not in it:
        // embedding a pipeline does not need them.
        .target(name: "QuarryEvaluation", dependencies: ["QuarryCore", "QuarryTokenizer", "QuarrySentences"]),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "Quarry",
                "QuarryEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "QuarryTestSupport", dependencies: ["QuarryCore"], path: "Tests/QuarryTestSupport"),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore", "QuarryTestSupport"]),
        .testTarget(name: "QuarryTokenizerTests", dependencies: ["QuarryTokenizer", "QuarryTestSupport"]),
        .testTarget(name: "QuarrySentencesTests", dependencies: ["QuarrySentences", "QuarryTokenizer", "QuarryTestSupport"]),
        .testTarget(name: "CPCRE2Tests", dependencies: ["CPCRE2"]),
        .testTarget(name: "QuarryTests", dependencies: ["Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryPatternsTests", dependencies: ["QuarryPatterns", "QuarryTokenizer", "QuarrySentences", "QuarryTestSupport"]),
        .testTarget(name: "QuarryQuotesTests", dependencies: ["QuarryQuotes", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryRulesTests", dependencies: ["QuarryRules", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryEvaluationTests", dependencies: ["QuarryEvaluation", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryCLITests", dependencies: ["quarry", "QuarryTestSupport"]),
    ]
)
