/// A literal the prefilter looks for: UTF-8 bytes, matched exactly or with ASCII case folded.
///
/// Literal analysis (`LiteralAnalysis`) extracts sets of literals from each rule's pattern;
/// the prefilter finds them all in one pass. A caseless literal comes from a caseless part of
/// a pattern (`(?i)`, `caseless=true`): its bytes are stored ASCII-lower-cased and it matches
/// any ASCII case ("united" finds "United" and "UNITED"). An exact literal matches its bytes
/// only, so "US" does not fire on "use". Non-ASCII letters are never folded here (PCRE2
/// verifies every candidate, and a caseless pattern with a non-ASCII letter gives no literal
/// there).
///
/// The empty literal stands for "matches no text" inside the analysis (an optional part, an
/// anchor); sets with it are never scanned for.
public struct Literal: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The bytes, ASCII-lower-cased when ``caseless``.
    public let bytes: [UInt8]
    /// Whether the literal matches in any ASCII case.
    public let caseless: Bool

    /// A literal from text; a caseless one is folded to ASCII lower case.
    public init(_ text: String, caseless: Bool = false) {
        self.init(bytes: Array(text.utf8), caseless: caseless)
    }

    /// A literal from UTF-8 bytes; a caseless one is folded to ASCII lower case.
    public init(bytes: [UInt8], caseless: Bool) {
        self.bytes = caseless ? bytes.map(Literal.foldASCII) : bytes
        self.caseless = caseless
    }

    /// The empty exact literal: matches no text.
    public static let empty = Literal(bytes: [], caseless: false)

    /// Whether this is the empty literal (no bytes), which matches no text.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The literal's text (lower case when caseless).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text with ASCII letters lower-cased, whether or not the literal is caseless.
    public var foldedText: String { caseless ? text : String(decoding: bytes.map(Literal.foldASCII), as: UTF8.self) }

    /// `(?i)` before a caseless literal's text, the text alone for an exact one.
    public var description: String { caseless ? "(?i)" + text : text }

    /// The concatenation; caseless (and folded) when either part is.
    public static func + (a: Literal, b: Literal) -> Literal {
        Literal(bytes: a.bytes + b.bytes, caseless: a.caseless || b.caseless)
    }

    /// Whether every occurrence of this literal is also an occurrence of `other`: `other`'s
    /// bytes occur in this one's, and `other` is caseless or this one is exact (an exact
    /// "bc" is not implied by a caseless "abcd", which also matches "ABCD").
    ///
    /// Between two caseless literals only a prefix counts (what this analysis has always
    /// used; a superset never makes the prefilter wrong, only less sharp).
    func implies(_ other: Literal) -> Bool {
        if caseless && other.caseless { return bytes.starts(with: other.bytes) }
        guard other.caseless == caseless else { return false }
        guard other.bytes.count <= bytes.count else { return false }
        if other.bytes.isEmpty { return true }
        for start in 0...(bytes.count - other.bytes.count) where bytes[start] == other.bytes[0] {
            if bytes[start..<(start + other.bytes.count)].elementsEqual(other.bytes) { return true }
        }
        return false
    }

    /// Caseless literals first, then by bytes.
    public static func < (a: Literal, b: Literal) -> Bool {
        if a.caseless != b.caseless { return a.caseless }
        return a.bytes.lexicographicallyPrecedes(b.bytes)
    }

    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> UInt8 { (byte &- 0x41) < 26 ? byte | 0x20 : byte }
}
