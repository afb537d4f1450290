// Quarry: the umbrella module. It re-exports the stage modules and the rule language, and
// defines the standard registry of stage kinds, so that `import Quarry` is all an embedder
// needs.
@_exported import QuarryCore
@_exported import QuarryPatterns
@_exported import QuarryQuotes
@_exported import QuarryRules
@_exported import QuarrySentences
@_exported import QuarryTokenizer

/// Quarry's version, as `quarry --version` and `quarry lsp`'s server info give it.
public let quarryVersion = "0.1.0"
