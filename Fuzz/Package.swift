// swift-tools-version:6.1
//
// Quarry's fuzz targets (libFuzzer), in their own package so that building or depending on
// Quarry never builds them. Each executable is one target; scripts/fuzz.sh builds and runs
// them (see docs/reliability.md, "Fuzzing"):
//
//   scripts/fuzz.sh                      the target names
//   scripts/fuzz.sh rules 60             build, then fuzz `rules` for 60 seconds
//
// By hand (what the script runs):
//
//   swift build --package-path Fuzz -c release \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xcc -fsanitize=fuzzer-no-link,address
//
// SwiftPM links every executable with `main` defined as the module's own entry point, so a
// target cannot leave `main` to libFuzzer; instead each target's main.swift hands its test
// function to libFuzzer's driver (`LLVMFuzzerRunDriver`, see Sources/FuzzSupport). Built
// without `-sanitize=fuzzer` the targets do not link: the driver comes from libFuzzer.

import Foundation
import PackageDescription

// A path dependency's identity is its directory's name (the checkout may not be called
// "quarry"), so derive it from this manifest's location.
let parentIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .lastPathComponent
    .lowercased()

func quarry(_ product: String) -> Target.Dependency {
    .product(name: product, package: parentIdentity)
}

/// One libFuzzer executable: Sources/NAME/main.swift.
func fuzzTarget(_ name: String, _ products: [String], extra: [Target.Dependency] = []) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + products.map(quarry) + extra, path: "Sources/\(name)")
}

let package = Package(
    name: "QuarryFuzz",
    dependencies: [
        // traits: [] leaves out the command-line tool and the server (and their packages).
        .package(path: "..", traits: []),
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift.
        .target(name: "CFuzzDriver"),
        // The driver hook and the checks the targets share (layer invariants, failures).
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver", quarry("QuarryCore")]),
        // The system PCRE2 for the prefilter target's reference loop (not Quarry's own module).
        .systemLibrary(name: "CPCRE2Oracle", pkgConfig: "libpcre2-8"),
        fuzzTarget("rules", ["Quarry"]),
        fuzzTarget("documents", ["QuarryCore", "QuarryIO"]),
        fuzzTarget("pipeline", ["Quarry", "QuarryIO"]),
        fuzzTarget("quotes", ["Quarry"]),
        fuzzTarget("service", ["QuarryCore", "QuarryIO", "QuarryC"]),
        // The reference find-all the prefilter and literals targets compare Quarry with.
        .target(name: "PCRE2Reference", dependencies: ["CPCRE2Oracle"]),
        // Random patterns from PCRE2's grammar: the file is Tests/QuarryTestSupport/RegexGrammar.swift
        // (a link), which the seeded property test in `swift test` uses too.
        .target(name: "RegexGrammar"),
        fuzzTarget("prefilter", ["QuarryCore", "QuarryPatterns", "QuarryTokenizer", "QuarrySentences"], extra: ["PCRE2Reference"]),
        fuzzTarget("literals", ["QuarryCore", "QuarryPatterns"], extra: ["PCRE2Reference", "RegexGrammar"]),
        fuzzTarget("tagger", ["Quarry", "QuarryTagger"]),
    ]
)
