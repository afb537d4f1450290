import QuarryCore

/// ICU's word break iterator alone as a pipeline stage: reads the text, writes the `tokens`
/// layer, without Quarry's exception layer (``Tokenizer``).
///
/// It is the baseline the tokenizer is measured against (`quarry tokenize --icu-only`,
/// `quarry evaluate tokens --icu-only`): "Mr." splits into "Mr" and ".", "U.S." into letters
/// and periods, a URL into pieces.
public struct ICUTokenizerStage: Stage {
    public let segmenter: ICUWordSegmenter

    public init(segmenter: ICUWordSegmenter = ICUWordSegmenter()) {
        self.segmenter = segmenter
    }

    public var name: String { "tokenize-icu" }
    public var reads: [LayerName] { [.text] }
    public var writes: [LayerName] { [.tokens] }

    /// ICU's word iterator, one per thread.
    public func makeScratch() -> TokenizerScratch { TokenizerScratch.make(locale: segmenter.locale) }

    public func process(_ document: inout AnnotatedDocument, scratch: inout TokenizerScratch) {
        document.tokens = segmenter.segment(document.document, scratch: scratch)
    }
}
