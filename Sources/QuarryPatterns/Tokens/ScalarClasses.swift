import QuarryCore

/// The Unicode properties token features read (is-upper, is-title, shape, space-before, ...)
/// for every scalar of the Basic Multilingual Plane, looked up once per process: a token of
/// curly quotes, dashes or accented letters then costs a table read per scalar instead of
/// four or five property look-ups. Scalars above U+FFFF are looked up as they come.
final class ScalarClasses: @unchecked Sendable {
    /// A decimal digit (`numericType == .decimal`).
    static let decimal: UInt8 = 1
    /// In a punctuation category (Pc, Pd, Ps, Pe, Pi, Pf, Po).
    static let punctuation: UInt8 = 2
    static let alphabetic: UInt8 = 4
    /// Upper case or title case (`isUppercase`, or category Lt).
    static let upper: UInt8 = 8
    static let lower: UInt8 = 16
    static let whitespace: UInt8 = 32

    static let shared = ScalarClasses()

    /// 65,536 entries, read-only once made.
    let table: UnsafeMutablePointer<UInt8>

    private init() {
        table = .allocate(capacity: 0x10000)
        for v in 0..<0x10000 { table[v] = Self.compute(UInt32(v)) }
    }

    /// The classes of scalar value `v` (0 for a surrogate code point). Never inlined: a function
    /// that holds property look-ups pays for their types' metadata on every call.
    @inline(never)
    static func compute(_ v: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(v) else { return 0 }
        let p = scalar.properties
        var bits: UInt8 = 0
        if p.numericType == .decimal { bits |= decimal }
        switch p.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: bits |= punctuation
        case .titlecaseLetter: bits |= upper
        default: break
        }
        if p.isAlphabetic { bits |= alphabetic }
        if p.isUppercase { bits |= upper }
        if p.isLowercase { bits |= lower }
        if p.isWhitespace { bits |= whitespace }
        return bits
    }

    /// The classes of scalar value `v`.
    @inline(__always)
    func of(_ v: UInt32) -> UInt8 { v < 0x10000 ? table[Int(v)] : Self.compute(v) }

    /// Decodes the scalar of valid UTF-8 at `p` (`end` past the text): its value and length.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(p[k])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, k + 1 < end { return ((b0 & 0x1F) << 6 | UInt32(p[k + 1] & 0x3F), 2) }
        if b0 < 0xF0, k + 2 < end { return ((b0 & 0x0F) << 12 | UInt32(p[k + 1] & 0x3F) << 6 | UInt32(p[k + 2] & 0x3F), 3) }
        if k + 3 < end {
            return ((b0 & 0x07) << 18 | UInt32(p[k + 1] & 0x3F) << 12 | UInt32(p[k + 2] & 0x3F) << 6 | UInt32(p[k + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }
}
