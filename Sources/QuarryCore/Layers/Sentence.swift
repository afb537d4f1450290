/// One sentence: a UTF-8 byte range and the range of tokens inside it.
///
/// Invariants: `start < end`; the span is trimmed (it neither starts nor ends with
/// whitespace); sentences are sorted and disjoint.
public struct SentenceRecord: Sendable, Hashable {
    /// The UTF-8 byte offset of the sentence's first byte in the document's text.
    public var start: UInt32
    /// The UTF-8 byte offset just past the sentence's last byte.
    public var end: UInt32
    /// The index of the first token in the sentence (when a token layer exists).
    public var firstToken: UInt32
    /// One past the index of the last token in the sentence.
    public var endToken: UInt32

    /// Makes a record of the byte range `start..<end` (32-bit offsets) and its tokens
    /// `firstToken..<endToken` (leave both 0 without a token layer).
    public init(start: Int, end: Int, firstToken: Int = 0, endToken: Int = 0) {
        self.start = UInt32(start)
        self.end = UInt32(end)
        self.firstToken = UInt32(firstToken)
        self.endToken = UInt32(endToken)
    }

    /// The sentence's UTF-8 byte range.
    public var range: Range<Int> { Int(start)..<Int(end) }
    /// The indices of the sentence's tokens in the token layer (empty without one).
    public var tokenRange: Range<Int> { Int(firstToken)..<Int(endToken) }
}

/// The sentences of one document.
public struct SentenceLayer: Sendable, RandomAccessCollection {
    /// The sentences, sorted by start and disjoint.
    public var records: ContiguousArray<SentenceRecord>

    /// Makes a layer; `records` must be sorted by start, disjoint and trimmed.
    public init(records: ContiguousArray<SentenceRecord> = []) {
        self.records = records
    }

    public var startIndex: Int { records.startIndex }
    public var endIndex: Int { records.endIndex }
    public subscript(position: Int) -> SentenceRecord { records[position] }
}
