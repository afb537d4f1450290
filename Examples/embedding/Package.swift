// swift-tools-version:6.1
//
// A program that embeds Quarry, as a user's own package would: scripts/check_embedding.sh
// copies this folder and Quarry to a temporary place, points the dependency below at the
// copy, builds, removes the copy's Rules/ folder and runs the program, which must still find
// the language data (bundled as package resources) with no environment variable set. The
// products used pull in no command-line parser.
import PackageDescription

let package = Package(
    name: "quarry-embed",
    dependencies: [
        // traits: [] leaves out the command-line tool and its argument parser.
        .package(path: "QUARRY_PATH", traits: []),
    ],
    targets: [
        .executableTarget(name: "quarry-embed", dependencies: [
            .product(name: "Quarry", package: "QUARRY_IDENTITY"),
            .product(name: "QuarryIO", package: "QUARRY_IDENTITY"),
        ]),
    ]
)
