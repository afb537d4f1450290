/// A quote seen through its layer and document: a view that owns nothing of its own.
///
/// ```swift
/// for quote in annotated.quotes!.views(in: annotated.document) {
///     print(quote.entity ?? "?", quote.cueText ?? "", quote.text)
/// }
/// ```
public struct Quote: Sendable {
    /// The layer the quote belongs to, with the entity names its record points into.
    public let layer: QuoteLayer
    /// The quote's position in ``QuoteLayer/records``.
    public let index: Int
    /// The document the quote's offsets point into.
    public let document: Document

    /// Makes a view of the quote at `index` in `layer`, which must belong to `document`.
    public init(layer: QuoteLayer, index: Int, document: Document) {
        self.layer = layer
        self.index = index
        self.document = document
    }

    /// The quote's stored record.
    public var record: QuoteRecord { layer.records[index] }
    /// Direct, indirect or mixed.
    public var kind: QuoteKind { record.kind }
    /// The content's UTF-8 byte range.
    public var range: Range<Int> { record.range }
    /// The content: the quotation with its marks for direct quotes, the reported clause for
    /// indirect ones.
    public var text: Substring { document.text(utf8: record.range) }
    /// The cue ("said", "according to"), if any.
    public var cueText: Substring? { record.cue.map { document.text(utf8: $0) } }
    /// The speaker as mentioned here ("He", "the ministry"), if found.
    public var speakerText: Substring? { record.speaker.map { document.text(utf8: $0) } }
    /// The canonical speaker the mention was resolved to ("Antony Blinken"), if any.
    public var entity: String? { layer.entity(of: record) }
    /// How the speaker was found.
    public var speakerSource: SpeakerSource { record.speakerSource }
}

extension QuoteLayer {
    /// The quotes as views, in order.
    public func views(in document: Document) -> [Quote] {
        records.indices.map { Quote(layer: self, index: $0, document: document) }
    }
}
