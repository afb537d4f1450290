/// A document: an identifier and its text as validated UTF-8.
///
/// Every span in Quarry is a UTF-8 byte range into ``text``; the bytes are validated once,
/// here, so that the stages after it (ICU over UTF-8, PCRE2 without its own UTF check) can
/// trust them. Output converts byte offsets to code points or UTF-16 units on request
/// (see ``OffsetIndex``).
///
/// ```swift
/// let doc = try Document(id: "seed", bytes: Array("SEOUL, Nov 9 (Reuters) –".utf8))
/// doc.utf8Count   // 26: the en dash is three bytes
/// ```
public struct Document: Sendable {
    /// What to do with bytes that are not well-formed UTF-8.
    public enum InvalidUTF8Policy: Sendable {
        /// Throw ``DocumentError/invalidUTF8(documentID:byteOffset:)`` naming the first bad byte.
        case reject
        /// Replace each ill-formed sequence with U+FFFD and record a warning in ``repairs``.
        case repair
    }

    /// The document's identifier (a file name, a JSONL `id`, or a line number).
    public let id: String
    /// The text. Always native UTF-8 storage, so that ``withUTF8(_:)`` never copies.
    public let text: String
    /// Input byte offsets where ill-formed UTF-8 was replaced by U+FFFD (empty unless the
    /// document was made with ``InvalidUTF8Policy/repair``).
    public let repairs: [Int]
    /// Fields that came with the text and are not Quarry's (a JSON Lines record's "url" or
    /// "date"), in input order, so that output can carry them on. Empty for plain text.
    public var metadata: [Field] = []

    /// One input field: its name and its value as JSON text, exactly as it was read.
    public struct Field: Sendable, Hashable {
        /// The field's key in the input object, decoded from its JSON string (`url`).
        public var name: String
        /// The value's JSON text (`"2024-05-01"`, `12`, `{"a": 1}`).
        public var json: String
        /// Makes a field; `json` must be one valid JSON value, since output writes it unchanged.
        public init(name: String, json: String) {
            self.name = name
            self.json = json
        }
    }

    /// The largest text a document may hold, in UTF-8 bytes (4 GiB - 1): layers store
    /// offsets in 32 bits. Readers refuse larger inputs with a message; the initializers
    /// require it.
    public static let maximumUTF8Count = Int(UInt32.max)

    /// Makes a document from a Swift string, which is valid Unicode by construction.
    public init(id: String, text: String) {
        var text = text
        text.makeContiguousUTF8()
        precondition(text.utf8.count <= Self.maximumUTF8Count, "a document holds at most 4 GiB - 1 of UTF-8 (Document.maximumUTF8Count)")
        self.id = id
        self.text = text
        self.repairs = []
    }

    /// Makes a document from raw bytes, validating them as UTF-8.
    ///
    /// - Throws: ``DocumentError/invalidUTF8(documentID:byteOffset:)`` under the `.reject`
    ///   policy when the bytes are not well-formed UTF-8.
    public init(id: String, bytes: some Collection<UInt8>, invalidUTF8: InvalidUTF8Policy = .reject) throws(DocumentError) {
        let array = Array(bytes)
        precondition(array.count <= Self.maximumUTF8Count, "a document holds at most 4 GiB - 1 of UTF-8 (Document.maximumUTF8Count)")
        let bad = array.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
        if let bad {
            switch invalidUTF8 {
            case .reject:
                throw DocumentError.invalidUTF8(documentID: id, byteOffset: bad)
            case .repair:
                let repaired = array.withUnsafeBufferPointer { UTF8Validation.repair($0) }
                self.id = id
                self.text = String(decoding: repaired.bytes, as: UTF8.self)
                self.repairs = repaired.repairedOffsets
                return
            }
        }
        self.id = id
        self.text = String(decoding: array, as: UTF8.self)
        self.repairs = []
    }

    /// The length of the text in UTF-8 bytes.
    public var utf8Count: Int { text.utf8.count }

    /// Calls `body` with the document's UTF-8 bytes, without copying.
    @inlinable
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        // Not reached for native strings (``init(id:text:)`` makes the storage contiguous).
        return try Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The text of a UTF-8 byte range. The range must lie on scalar boundaries.
    public func text(utf8 range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return text[lower..<upper]
    }
}

/// Why a document could not be made.
public enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not UTF-8; `byteOffset` is the first offending byte (0-based).
    case invalidUTF8(documentID: String, byteOffset: Int)

    /// The message for the user, with a hint about `--repair-utf8`.
    public var description: String {
        switch self {
        case let .invalidUTF8(id, offset):
            return "\(id): invalid UTF-8 at byte offset \(offset) (use --repair-utf8 to replace bad bytes with U+FFFD)"
        }
    }
}
