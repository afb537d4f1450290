// Quarry: the umbrella module. It re-exports the stage modules and hosts the registry of
// stage kinds by name, so that `import Quarry` is all an embedder needs.
@_exported import QuarryCore
@_exported import QuarryTokenizer
@_exported import QuarrySentences
