import QuarryCore

/// For internal use only: a quotation the mark pairer found (`@_spi(Fuzzing)`, for the fuzz
/// targets in Fuzz/ and tests).
@_spi(Fuzzing)
public struct _Quotation: Sendable, Equatable {
    /// From the opening mark to the end of the closing mark (or of the paragraph).
    public var start: Int
    public var end: Int
    /// Nesting depth: 0 for outermost.
    public var depth: Int
    /// Closed at its paragraph's end because the next paragraph opens again.
    public var continues: Bool
}

@_spi(Fuzzing)
extension QuoteAttributor {
    /// For internal use only. The quotations the quote stage's mark pairer finds in `text`
    /// (well-formed UTF-8, as a document's text is), sorted by start.
    public static func _quotations(in text: UnsafeBufferPointer<UInt8>) -> [_Quotation] {
        QuoteMarkScanner.scan(text).map { _Quotation(start: $0.start, end: $0.end, depth: $0.depth, continues: $0.continues) }
    }
}
