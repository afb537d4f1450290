/// UTF-8 validation and repair over raw bytes.
///
/// Quarry validates a document's bytes once, when the ``Document`` is made; every later stage
/// (ICU over UTF-8, PCRE2 with `PCRE2_NO_UTF_CHECK`) relies on that promise.
public enum UTF8Validation {
    /// The byte offset of the first byte that is not part of a well-formed UTF-8 sequence,
    /// or `nil` when all of `bytes` is valid UTF-8 (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF).
    ///
    /// - Complexity: O(n), eight ASCII bytes at a time where it can.
    public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i < count {
            // Fast path: skip eight ASCII bytes at a time.
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let length = sequenceLength(base, i, count)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    /// The length of the well-formed sequence starting at `i`, or 0 when it is ill-formed.
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < count && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return i + 1 < count && (0xA0...0xBF).contains(p[i + 1]) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:  // excludes the surrogates U+D800...U+DFFF
            return i + 1 < count && (0x80...0x9F).contains(p[i + 1]) && cont(2) ? 3 : 0
        case 0xF0:
            return i + 1 < count && (0x90...0xBF).contains(p[i + 1]) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:  // nothing above U+10FFFF
            return i + 1 < count && (0x80...0x8F).contains(p[i + 1]) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Replaces every ill-formed sequence with U+FFFD (one replacement per maximal ill-formed
    /// subpart, as the Unicode standard recommends) and returns the repaired bytes together with
    /// the input byte offsets where repairs were made.
    public static func repair(_ bytes: UnsafeBufferPointer<UInt8>) -> Repair {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var offsets: [Int] = []
        guard let base = bytes.baseAddress else { return Repair(bytes: [], repairedOffsets: []) }
        let count = bytes.count
        var i = 0
        while i < count {
            let length = sequenceLength(base, i, count)
            if length > 0 {
                output.append(contentsOf: UnsafeBufferPointer(start: base + i, count: length))
                i += length
                continue
            }
            offsets.append(i)
            output.append(contentsOf: [0xEF, 0xBF, 0xBD])
            i += maximalSubpartLength(base, i, count)
        }
        return Repair(bytes: output, repairedOffsets: offsets)
    }

    /// The length of the maximal subpart at `i`, where a well-formed sequence does not start:
    /// the longest prefix of a well-formed sequence there (a lead byte and the continuation
    /// bytes that can follow it), or 1 when the byte cannot begin one (a lone continuation
    /// byte, C0, C1, F5...FF). Each maximal subpart becomes one U+FFFD, as Unicode (chapter 3,
    /// "U+FFFD Substitution of Maximal Subparts") recommends and Swift's `String(decoding:as:)`
    /// does: the bytes 80 80 (two lone continuation bytes) are two bad sequences, E2 80 41
    /// ("A" after a truncated three-byte sequence) one and an "A".
    static func maximalSubpartLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> Int {
        // The continuation bytes the lead needs, and the range its first one must be in.
        let needed: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch p[i] {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; second = 0x80...0x9F
        case 0xF0: needed = 3; second = 0x90...0xBF
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; second = 0x80...0x8F
        default: return 1
        }
        var length = 1
        while length <= needed && i + length < count {
            let b = p[i + length]
            guard length == 1 ? second.contains(b) : b & 0xC0 == 0x80 else { break }
            length += 1
        }
        return length
    }

    /// The result of ``repair(_:)``.
    public struct Repair: Sendable, Equatable {
        /// The repaired text: well-formed UTF-8.
        public var bytes: [UInt8]
        /// Input byte offsets where an ill-formed sequence was replaced by U+FFFD.
        public var repairedOffsets: [Int]
    }
}
