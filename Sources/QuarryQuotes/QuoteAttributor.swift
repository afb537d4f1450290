import QuarryCore

/// Quote attribution without a pipeline: given a document and its tokens and sentences, finds
/// every reported statement with its cue, speaker mention and canonical speaker, like
/// `Tokenizer` and `SentenceSplitter` do for their layers.
///
/// ```swift
/// let tokenizer = try Tokenizer.english(), splitter = try SentenceSplitter.english()
/// let attributor = try QuoteAttributor.english()
/// let document = Document(id: "a", text: "“We are ready,” Jack Lew said.")
/// let tokens = tokenizer.tokenize(document)
/// let quotes = attributor.attribute(document, tokens: tokens, sentences: splitter.sentences(document, tokens: tokens))
/// for quote in quotes.views(in: document) { print(quote.entity ?? "?", quote.text) }
/// ```
///
/// An attributor is immutable and `Sendable`: share one across threads. The work per document
/// is a few linear passes plus local work around each cue.
public struct QuoteAttributor: Sendable {
    let compiled: CompiledQuoteLexicon

    /// Compiles `lexicon` (its verbs, phrases, titles, speakers, demonyms and grammar words).
    /// - Throws: `StageBuildError` when the lexicon has no cue verbs or a malformed entry.
    public init(lexicon: QuoteLexicon) throws(StageBuildError) {
        compiled = try CompiledQuoteLexicon(lexicon)
    }

    /// The attributor for the English lists shipped in `Rules/en` (see ``QuoteLexicon/english(profile:)``).
    /// - Throws: what loading or compiling the lists throws.
    public static func english() throws -> QuoteAttributor {
        try QuoteAttributor(lexicon: try QuoteLexicon.english())
    }

    /// The quotes of `document`, whose `tokens` and `sentences` layers must be its own (made
    /// by the tokenizer and the sentence splitter, or any stages that keep their invariants:
    /// sorted, in bounds, sentences covering token ranges).
    ///
    /// With `spans` (the entity pack's), speakers inside a person or organisation span take
    /// its bounds, and a surname alias its full name (`of`) as entity.
    public func attribute(_ document: Document, tokens: TokenLayer, sentences: SentenceLayer, spans: SpanLayer? = nil) -> QuoteLayer {
        let entities = QuoteStage.entityInputs(spans, in: document, lexicon: compiled)
        let cues = QuoteStage.cueInputs(spans, lexicon: compiled)
        let speakers = QuoteStage.speakerInputs(spans, lexicon: compiled)
        let roles = QuoteStage.roleInputs(spans, lexicon: compiled)
        return document.withUTF8 { text in
            QuoteStage.attribute(text: text, tokens: tokens.records, sentences: sentences.records, lexicon: compiled, entities: entities,
                                 cues: cues, speakers: speakers, roles: roles)
        }
    }
}
