import QuarryCore

/// The sentence splitter as a pipeline stage: reads tokens (so that sentences carry token
/// ranges and never cut a token), writes the `sentences` layer.
public struct SentenceStage: StatelessStage {
    /// The splitter the stage runs, with its lexicon and options.
    public let splitter: SentenceSplitter

    /// Wraps `splitter` as the `sentences` stage.
    public init(splitter: SentenceSplitter) {
        self.splitter = splitter
    }

    /// `sentences`, the stage's name in diagnostics and timings.
    public var name: String { "sentences" }
    /// The `tokens` layer: sentence boundaries snap to token boundaries.
    public var reads: [LayerName] { [.tokens] }
    /// The `sentences` layer, replacing any earlier one.
    public var writes: [LayerName] { [.sentences] }

    /// Splits the document into ``AnnotatedDocument/sentences``, with token ranges.
    public func process(_ document: inout AnnotatedDocument) {
        document.sentences = splitter.sentences(document.document, tokens: document.tokens)
    }
}
