import QuarryCore

/// The sentence splitter as a pipeline stage: reads tokens (so that sentences carry token
/// ranges and never cut a token), writes the `sentences` layer.
public struct SentenceStage: StatelessStage {
    public let splitter: SentenceSplitter

    public init(splitter: SentenceSplitter) {
        self.splitter = splitter
    }

    public var name: String { "sentences" }
    public var reads: [LayerName] { [.tokens] }
    public var writes: [LayerName] { [.sentences] }

    public func process(_ document: inout AnnotatedDocument) {
        document.sentences = splitter.sentences(document.document, tokens: document.tokens)
    }
}
