// Quarry: the umbrella module. It re-exports the stage modules and the rule language, and
// defines the standard registry of stage kinds, so that `import Quarry` is all an embedder
// needs.
@_exported import QuarryCore
@_exported import QuarryPatterns
@_exported import QuarryQuotes
@_exported import QuarryRules
@_exported import QuarrySentences
@_exported import QuarryTokenizer
