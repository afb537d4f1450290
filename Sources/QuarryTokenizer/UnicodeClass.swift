/// The tokenizer's view of a non-ASCII scalar, from its Unicode general category and script.
enum UnicodeClass: UInt8 {
    case letter, digit, otherNumber, mark, format, space, punct, symbol
    /// Scripts written without spaces that ICU segments with dictionaries.
    case complex

    /// The class of `scalar`: from a table for the Basic Multilingual Plane (made once per
    /// process, on the first non-ASCII character), computed for the others.
    @inline(__always)
    static func of(_ scalar: UInt32) -> UnicodeClass {
        if scalar < 0x10000 { return UnicodeClass(rawValue: UnicodeClassTable.shared.table[Int(scalar)])! }
        return compute(scalar)
    }

    /// The class from the scalar's properties. Never inlined: a function that holds property
    /// look-ups pays for their types' metadata on every call, which the scanner's inner loop
    /// must not.
    @inline(never)
    static func compute(_ scalar: UInt32) -> UnicodeClass {
        if isComplex(scalar) { return .complex }
        guard let value = Unicode.Scalar(scalar) else { return .symbol }
        switch value.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber:
            return .digit
        case .letterNumber, .otherNumber:
            return .otherNumber
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .format:
            // Soft hyphen, zero-width joiners and directional marks stay inside words.
            return .format
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .space
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .punct
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return .symbol
        case .control, .surrogate, .privateUse, .unassigned:
            return .symbol
        @unknown default:
            return .symbol
        }
    }

    /// Thai, Lao, Myanmar, Khmer, Han, Hiragana and Katakana (and their extensions).
    @inline(__always)
    static func isComplex(_ c: UInt32) -> Bool {
        if c < 0x0E00 { return false }
        return (0x0E00...0x0EFF).contains(c)        // Thai, Lao
            || (0x1000...0x109F).contains(c)        // Myanmar
            || (0x1780...0x17FF).contains(c)        // Khmer
            || (0x19E0...0x19FF).contains(c)        // Khmer symbols
            || (0x3040...0x30FF).contains(c)        // Hiragana, Katakana
            || (0x31F0...0x31FF).contains(c)        // Katakana extensions
            || (0x3400...0x4DBF).contains(c)        // CJK extension A
            || (0x4E00...0x9FFF).contains(c)        // CJK unified ideographs
            || (0xF900...0xFAFF).contains(c)        // CJK compatibility ideographs
            || (0xFF66...0xFF9F).contains(c)        // half-width Katakana
            || (0x20000...0x3134F).contains(c)      // CJK extensions B-G
    }
}

/// ``UnicodeClass`` of every scalar below U+10000, read-only once made.
final class UnicodeClassTable: @unchecked Sendable {
    static let shared = UnicodeClassTable()
    let table: UnsafeMutablePointer<UInt8>
    private init() {
        table = .allocate(capacity: 0x10000)
        for v in 0..<0x10000 { table[v] = UnicodeClass.compute(UInt32(v)).rawValue }
    }
}
