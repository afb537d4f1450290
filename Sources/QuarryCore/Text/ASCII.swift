/// Byte tests and ASCII case folding, shared by the byte-level scanners of the stages
/// (tokenizer, sentence splitter, quotes) and the rule-file lexer.
///
/// Bytes from 0x80 up (any byte of a multi-byte UTF-8 sequence) are never letters, digits
/// or spaces here and fold to themselves, so every function is safe on UTF-8 text: Unicode
/// letters and spaces need a decoded scalar and are each scanner's own business.
public enum ASCII {
    /// `b` lower-cased if it is an ASCII capital letter, else `b` unchanged.
    @inlinable @inline(__always)
    public static func lowercase(_ b: UInt8) -> UInt8 { (b &- 0x41) < 26 ? b | 0x20 : b }

    /// A-Z.
    @inlinable @inline(__always)
    public static func isUpper(_ b: UInt8) -> Bool { (b &- 0x41) < 26 }

    /// a-z.
    @inlinable @inline(__always)
    public static func isLower(_ b: UInt8) -> Bool { (b &- 0x61) < 26 }

    /// A-Z or a-z.
    @inlinable @inline(__always)
    public static func isLetter(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }

    /// 0-9.
    @inlinable @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { (b &- 0x30) < 10 }

    /// Space, tab, line feed, vertical tab, form feed or carriage return (C's `isspace`).
    @inlinable @inline(__always)
    public static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b &- 0x09) < 5 }

    /// Space or tab: the blanks within a line.
    @inlinable @inline(__always)
    public static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Space, tab, line feed or carriage return: `isSpace` without vertical tab and form
    /// feed, which the quote stage does not treat as spaces.
    @inlinable @inline(__always)
    public static func isBlankOrLineBreak(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Whether the `lowercased.count` bytes at `p` spell `lowercased` in any ASCII case
    /// ("WWW." and "www." match `www.`). `lowercased` must be written in lower case; the
    /// caller guarantees that the bytes are in bounds.
    @inlinable @inline(__always)
    public static func matchesIgnoringCase(_ p: UnsafePointer<UInt8>, _ lowercased: [UInt8]) -> Bool {
        for (k, byte) in lowercased.enumerated() where lowercase(p[k]) != byte { return false }
        return true
    }
}
