import QuarryCore

/// The tokenizer as a pipeline stage: reads the text, writes the `tokens` layer.
public struct TokenizerStage: Stage {
    /// The tokenizer the stage runs, with its lexicon and options.
    public let tokenizer: Tokenizer

    /// Wraps `tokenizer` as the `tokenize` stage.
    public init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
    }

    /// `tokenize`, the stage's name in diagnostics and timings.
    public var name: String { "tokenize" }
    /// Only the text.
    public var reads: [LayerName] { [.text] }
    /// The `tokens` layer, replacing any earlier one.
    public var writes: [LayerName] { [.tokens] }

    /// ICU state for dictionary scripts, one per thread.
    public func makeScratch() -> TokenizerScratch { tokenizer.makeScratch() }

    /// Tokenizes the document into ``AnnotatedDocument/tokens``.
    public func process(_ document: inout AnnotatedDocument, scratch: inout TokenizerScratch) {
        document.tokens = tokenizer.tokenize(document.document, scratch: scratch)
    }
}
