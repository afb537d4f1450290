import QuarryCore

/// ICU's word break iterator alone as a pipeline stage: reads the text, writes the `tokens`
/// layer, without Quarry's exception layer (``Tokenizer``).
///
/// It is the baseline the tokenizer is measured against (`quarry tokenize --icu-only`,
/// `quarry evaluate tokens --icu-only`): "Mr." splits into "Mr" and ".", "U.S." into letters
/// and periods, a URL into pieces.
public struct ICUTokenizerStage: Stage {
    /// The ICU segmenter the stage runs, with its locale.
    public let segmenter: ICUWordSegmenter

    /// Wraps `segmenter` (default: English locale) as the `tokenize-icu` stage.
    public init(segmenter: ICUWordSegmenter = ICUWordSegmenter()) {
        self.segmenter = segmenter
    }

    /// `tokenize-icu`, the stage's name in diagnostics and timings (no registry kind has it).
    public var name: String { "tokenize-icu" }
    /// Only the text.
    public var reads: [LayerName] { [.text] }
    /// The `tokens` layer, replacing any earlier one.
    public var writes: [LayerName] { [.tokens] }

    /// ICU's word iterator, one per thread.
    public func makeScratch() -> TokenizerScratch { TokenizerScratch.make(locale: segmenter.locale) }

    /// Segments the document into ``AnnotatedDocument/tokens``.
    public func process(_ document: inout AnnotatedDocument, scratch: inout TokenizerScratch) {
        document.tokens = segmenter.segment(document.document, scratch: scratch)
    }
}
