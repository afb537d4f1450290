/// The units in which output offsets are counted.
public enum OffsetUnit: String, Sendable, CaseIterable {
    /// Unicode scalar values: the indices of a Python `str`, spaCy and most annotation tools.
    case codepoints
    /// UTF-8 bytes: Quarry's internal unit, also PCRE2's and ICU-over-UTF-8's.
    case utf8
    /// UTF-16 code units: JavaScript, Java, NSString.
    case utf16
}

/// Converts UTF-8 byte offsets of one document into code points or UTF-16 units in O(1)
/// amortised time per offset.
///
/// It keeps one checkpoint per 64 bytes (about 1.5% of the text's size in memory) and counts
/// within the block on demand. Offsets must lie on scalar boundaries.
public struct OffsetIndex: Sendable {
    /// The unit ``convert(_:)`` returns.
    public let unit: OffsetUnit
    private let checkpoints: [Int]
    private let document: Document
    private static let blockShift = 6

    /// Indexes `document` for `unit` in one pass over its text (no pass, and no memory, for `.utf8`).
    public init(document: Document, unit: OffsetUnit) {
        self.unit = unit
        self.document = document
        guard unit != .utf8 else {
            checkpoints = []
            return
        }
        checkpoints = document.withUTF8 { bytes in
            let blockSize = 1 << Self.blockShift
            var result: [Int] = []
            result.reserveCapacity(bytes.count / blockSize + 2)
            var total = 0
            var i = 0
            while i < bytes.count {
                if i & (blockSize - 1) == 0 { result.append(total) }
                total &+= Self.weight(bytes[i], unit)
                i += 1
            }
            if i & (blockSize - 1) == 0 { result.append(total) }
            return result
        }
    }

    /// How many output units the byte `b` starts: lead bytes start one scalar (two UTF-16
    /// units for four-byte sequences); continuation bytes start nothing.
    @inline(__always)
    private static func weight(_ b: UInt8, _ unit: OffsetUnit) -> Int {
        if b & 0xC0 == 0x80 { return 0 }
        if unit == .utf16 && b >= 0xF0 { return 2 }
        return 1
    }

    /// The offset in ``unit`` of the UTF-8 byte offset `byteOffset`.
    public func convert(_ byteOffset: Int) -> Int {
        if unit == .utf8 { return byteOffset }
        let block = byteOffset >> Self.blockShift
        var total = checkpoints[block]
        let unit = self.unit
        document.withUTF8 { bytes in
            var i = block << Self.blockShift
            while i < byteOffset {
                total &+= Self.weight(bytes[i], unit)
                i += 1
            }
        }
        return total
    }
}

/// Converts a non-decreasing sequence of UTF-8 byte offsets into code points or UTF-16 units,
/// in O(total distance) time: the cheap way to convert sorted token offsets.
/// An offset below the previous one restarts the count from the beginning of the text.
public struct OffsetCursor {
    /// The unit ``convert(_:)`` returns.
    public let unit: OffsetUnit
    private let document: Document
    private var byte = 0
    private var units = 0

    /// Starts a cursor at the beginning of `document`'s text; no work is done until the first
    /// conversion.
    public init(document: Document, unit: OffsetUnit) {
        self.document = document
        self.unit = unit
    }

    /// The offset in ``unit`` of the UTF-8 byte offset `byteOffset`, which must lie on a scalar
    /// boundary. Counts on from the previous call's offset, or from the start of the text when
    /// `byteOffset` is below it.
    public mutating func convert(_ byteOffset: Int) -> Int {
        if unit == .utf8 { return byteOffset }
        if byteOffset < byte { byte = 0; units = 0 }
        let unit = self.unit
        var b = byte, u = units
        document.withUTF8 { bytes in
            while b < byteOffset {
                let value = bytes[b]
                if value & 0xC0 != 0x80 { u += (unit == .utf16 && value >= 0xF0) ? 2 : 1 }
                b += 1
            }
        }
        byte = b
        units = u
        return u
    }
}
