// swift-tools-version:6.1
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
        .library(name: "QuarryTagger", targets: ["QuarryTagger"]),
        .library(name: "QuarryRules", targets: ["QuarryRules"]),
        .library(name: "QuarryIO", targets: ["QuarryIO"]),
        .library(name: "Quarry", targets: ["Quarry"]),
        .library(name: "QuarryEvaluation", targets: ["QuarryEvaluation"]),
        // The language server of `quarry lsp`: diagnostics, hover, definitions and completion
        // for rule files, over LSP's JSON-RPC (Foundation only).
        .library(name: "QuarryLanguageServer", targets: ["QuarryLanguageServer"]),
        // libQuarryC.so: the C ABI (Sources/QuarryC/include/quarry.h) for Python, Spark and C.
        .library(name: "QuarryC", type: .dynamic, targets: ["QuarryC"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    // The command-line tool is the only user of swift-argument-parser, and only under the
    // CLI trait (on by default). An app that embeds Quarry and depends on it with
    // `traits: []` never resolves or builds the parser (see docs/embedding.md).
    // `quarry serve` (an HTTP service) is the only user of Hummingbird, under the Server trait
    // (also on by default); an embedding app with `traits: []` resolves neither.
    traits: [
        .trait(name: "CLI", description: "Build the quarry command-line tool (needs swift-argument-parser)."),
        .trait(name: "Server", description: "Build `quarry serve`, the HTTP service (needs Hummingbird)."),
        .default(enabledTraits: ["CLI", "Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
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
        // Rules/en (language data), Rules/news.quarry, Rules/news-attribution.quarry and Rules/examples as package resources,
        // so that programs built anywhere find them without the checkout or QUARRY_RULES.
        .target(
            name: "QuarryLanguageData",
            path: "Rules",
            exclude: ["bench"],
            sources: ["LanguageData.swift"],
            resources: [.copy("en"), .copy("examples"), .copy("news.quarry"), .copy("news-attribution.quarry")]
        ),
        .target(name: "QuarryCore", dependencies: ["QuarryLanguageData"]),
        .target(name: "QuarryTokenizer", dependencies: ["QuarryCore", "CICU"]),
        .target(name: "QuarrySentences", dependencies: ["QuarryCore", "CICU"]),
        // The prefilter's SIMD loops (word starts, ASCII test) in plain C: Swift's SIMD types
        // have no byte movemask. No dependencies, no allocation.
        .target(name: "CQuarryScan"),
        .target(name: "QuarryPatterns", dependencies: ["QuarryCore", "CPCRE2", "CQuarryScan"]),
        .target(name: "QuarryQuotes", dependencies: ["QuarryCore"]),
        // Parts of speech and lemmas: an averaged perceptron trained from CoNLL-U (`quarry train tagger`);
        // CQuarryScan for a prefetch hint.
        .target(name: "QuarryTagger", dependencies: ["QuarryCore", "CQuarryScan"]),
        .target(name: "QuarryRules", dependencies: ["QuarryCore"]),
        // Readers and writers every front end shares (the CLI, the C ABI, a server).
        .target(name: "QuarryIO", dependencies: ["QuarryCore"]),
        .target(name: "Quarry", dependencies: ["QuarryCore", "QuarryTokenizer", "QuarrySentences", "QuarryPatterns", "QuarryQuotes", "QuarryRules", "QuarryTagger"]),
        // Scorers (tokens, sentences, quotes) and their reports; beside the umbrella, not in it:
        // embedding a pipeline does not need them.
        .target(name: "QuarryEvaluation", dependencies: ["QuarryCore", "QuarryTokenizer", "QuarrySentences", "QuarryTagger"]),
        // Pipelines loaded once, run on request bodies with the CLI's writers: what `quarry
        // serve` and the C ABI share. No HTTP, no C.
        .target(name: "QuarryService", dependencies: ["Quarry", "QuarryIO"]),
        // The HTTP service behind `quarry serve`; its sources compile only with the Server trait.
        .target(
            name: "QuarryServer",
            dependencies: [
                "QuarryService",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Server"])),
            ]
        ),
        // The C ABI (include/quarry.h), built as the dynamic library product QuarryC.
        .target(name: "QuarryC", dependencies: ["QuarryService", "QuarryCore"], exclude: ["include"]),
        .target(name: "QuarryLanguageServer", dependencies: ["Quarry"]),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "Quarry",
                "QuarryIO",
                "QuarryLanguageServer",
                "QuarryEvaluation",
                "QuarryServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser", condition: .when(traits: ["CLI"])),
            ]
        ),
        .target(name: "QuarryTestSupport", dependencies: ["QuarryCore"], path: "Tests/QuarryTestSupport"),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore", "QuarryTestSupport"]),
        .testTarget(name: "QuarryTokenizerTests", dependencies: ["QuarryTokenizer", "QuarryTestSupport"]),
        // The case sets under Fixtures/ are read by path (with their licence notice).
        .testTarget(name: "QuarrySentencesTests", dependencies: ["QuarrySentences", "QuarryTokenizer", "QuarryTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "CPCRE2Tests", dependencies: ["CPCRE2"]),
        .testTarget(name: "QuarryTests", dependencies: ["Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryIOTests", dependencies: ["QuarryIO", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryPatternsTests", dependencies: ["QuarryPatterns", "QuarryTokenizer", "QuarrySentences", "QuarryTestSupport"]),
        .testTarget(name: "QuarryTaggerTests", dependencies: ["QuarryTagger", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryQuotesTests", dependencies: ["QuarryQuotes", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryRulesTests", dependencies: ["QuarryRules", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryEvaluationTests", dependencies: ["QuarryEvaluation", "Quarry", "QuarryTestSupport"]),
        .testTarget(name: "QuarryCLITests", dependencies: ["quarry", "QuarryTestSupport"]),
        // PCRE2's own test files (../shared/data/pcre2) as the regex rules' conformance suite,
        // against the system PCRE2 called directly.
        .testTarget(name: "QuarryConformanceTests", dependencies: ["Quarry", "QuarryRules", "QuarryPatterns", "QuarryTokenizer",
                                                                   "CPCRE2", "QuarryTestSupport"]),
        // The service's logic, and `quarry serve` over a real socket (no HummingbirdTesting: it
        // would bring async-http-client and BoringSSL into every build of the tests).
        .testTarget(name: "QuarryServerTests", dependencies: ["QuarryServer", "QuarryService", "QuarryTestSupport"]),
    ]
)
