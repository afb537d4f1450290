/// What a token is.
public enum TokenKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Letters (with marks, digits, apostrophes, internal periods or hyphens): "U.S.", "don't".
    case word
    /// Digits, decimals, thousands, times and dates: "3.5", "1,000", "08:02", "9/30/01".
    case number
    /// Punctuation: ".", "...", "--", "“", "(".
    case punct
    /// Symbols: "$", "%", "+", "©", emoji.
    case symbol
    /// A web address: "https://example.com/a?b=c", "www.reuters.com".
    case url
    /// An e-mail address: "press@state.gov".
    case email
    /// A social-media handle: "@SecBlinken".
    case handle
    /// A hashtag: "#G7".
    case hashtag
    /// An emoticon: ":-)", ";)".
    case emoticon
    /// Text in scripts segmented by ICU's dictionaries (Thai, Lao, Khmer, Myanmar, Han, Kana).
    case ideographic

    public var description: String {
        switch self {
        case .word: "word"
        case .number: "number"
        case .punct: "punct"
        case .symbol: "symbol"
        case .url: "url"
        case .email: "email"
        case .handle: "handle"
        case .hashtag: "hashtag"
        case .emoticon: "emoticon"
        case .ideographic: "ideographic"
        }
    }
}

/// Bit flags on a token.
public struct TokenFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Whitespace follows the token (CoNLL-U's `SpaceAfter=No` is its absence).
    public static let spaceAfter = TokenFlags(rawValue: 1 << 0)
    /// The token is the host part of a split surface token ("do" of "don't").
    public static let cliticHost = TokenFlags(rawValue: 1 << 1)
    /// The token is the clitic part of a split surface token ("n't" of "don't").
    public static let clitic = TokenFlags(rawValue: 1 << 2)
    /// A newline follows within the whitespace after the token.
    public static let newlineAfter = TokenFlags(rawValue: 1 << 3)
    /// Two or more newlines (a paragraph break) follow the token.
    public static let paragraphAfter = TokenFlags(rawValue: 1 << 4)
}

/// One token, stored compactly: 12 bytes, no references.
///
/// `start` and `end` are UTF-8 byte offsets into the document (so a document is limited to
/// 4 GiB). `cliticOffset`, when non-zero, is where a clitic starts inside a surface token,
/// counted in bytes from `start` ("don't" has 2: "do" + "n't"; "Korea’s" has 5).
///
/// Invariants: `start < end`; tokens of a layer are sorted and do not overlap.
public struct TokenRecord: Sendable, Hashable {
    /// The UTF-8 byte offset of the token's first byte in the document's text.
    public var start: UInt32
    /// The UTF-8 byte offset just past the token's last byte.
    public var end: UInt32
    /// What the token is: a word, a number, punctuation, a URL, ….
    public var kind: TokenKind
    /// Whitespace after the token, and whether it is one half of a split surface token.
    public var flags: TokenFlags
    /// Where a clitic starts inside this surface token, in bytes from ``start`` (2 for "don't"); 0
    /// when there is none or the token was split into two records (``TokenFlags/cliticHost``).
    public var cliticOffset: UInt16

    /// Makes a record of the byte range `start..<end`, which must fit in 32 bits. A `cliticOffset`
    /// past 65,535 is stored as 0 (the token is left unsplit).
    @inlinable
    public init(start: Int, end: Int, kind: TokenKind, flags: TokenFlags = [], cliticOffset: Int = 0) {
        self.start = UInt32(start)
        self.end = UInt32(end)
        self.kind = kind
        self.flags = flags
        self.cliticOffset = UInt16(exactly: cliticOffset) ?? 0  // a clitic past 64 KiB into one token: left unsplit
    }

    /// The token's UTF-8 byte range.
    @inlinable
    public var range: Range<Int> { Int(start)..<Int(end) }
}

/// The tokens of one document: a contiguous array of ``TokenRecord``.
public struct TokenLayer: Sendable, RandomAccessCollection {
    /// The tokens, sorted by start, disjoint and non-empty (see ``invariantViolation(byteCount:)``).
    public var records: ContiguousArray<TokenRecord>

    /// Makes a layer; `records` must be sorted, disjoint and non-empty: the stages after rely on it.
    public init(records: ContiguousArray<TokenRecord> = []) {
        self.records = records
    }

    public var startIndex: Int { records.startIndex }
    public var endIndex: Int { records.endIndex }
    public subscript(position: Int) -> TokenRecord { records[position] }

    /// Checks the layer's invariants against a document of `byteCount` bytes: every token
    /// non-empty and in bounds, tokens sorted and disjoint. Returns a description of the
    /// first violation, or `nil`.
    public func invariantViolation(byteCount: Int) -> String? {
        var previousEnd: UInt32 = 0
        for (i, token) in records.enumerated() {
            if token.start >= token.end { return "token \(i) is empty (\(token.start)..<\(token.end))" }
            if Int(token.end) > byteCount { return "token \(i) ends past the text (\(token.end) > \(byteCount))" }
            if token.start < previousEnd { return "token \(i) overlaps its predecessor" }
            if token.cliticOffset != 0 && UInt32(token.cliticOffset) >= token.end - token.start {
                return "token \(i) has a clitic offset outside it"
            }
            previousEnd = token.end
        }
        return nil
    }
}

/// A token seen through its document: a view that owns nothing but an index and a record.
public struct Token: Sendable {
    /// The document the token belongs to.
    public let document: Document
    /// The token's position in the document's token layer.
    public let index: Int
    /// The token's stored record: offsets, kind and flags.
    public let record: TokenRecord

    /// Makes a view of `record`, the token at `index` in `document`'s token layer.
    public init(document: Document, index: Int, record: TokenRecord) {
        self.document = document
        self.index = index
        self.record = record
    }

    /// What the token is (``TokenRecord/kind``).
    public var kind: TokenKind { record.kind }
    /// The token's UTF-8 byte range in the document's text.
    public var range: Range<Int> { record.range }
    /// The token's text; for one half of a split surface token, only that half (`do` or `n't`).
    public var text: Substring { document.text(utf8: record.range) }
}
