import QuarryCore

/// The tokenizer as a pipeline stage: reads the text, writes the `tokens` layer.
public struct TokenizerStage: Stage {
    public let tokenizer: Tokenizer

    public init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
    }

    public var name: String { "tokenize" }
    public var reads: [LayerName] { [.text] }
    public var writes: [LayerName] { [.tokens] }

    /// ICU state for dictionary scripts, one per thread.
    public func makeScratch() -> TokenizerScratch { tokenizer.makeScratch() }

    public func process(_ document: inout AnnotatedDocument, scratch: inout TokenizerScratch) {
        document.tokens = tokenizer.tokenize(document.document, scratch: scratch)
    }
}
