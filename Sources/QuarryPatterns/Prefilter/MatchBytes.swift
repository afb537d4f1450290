import CPCRE2
import QuarryCore

/// The bytes a rule's matches can be made of: a superset, found from the pattern once, that
/// bounds where a match around a literal can start.
///
/// A gated rule's matches each contain one of its factor literals. Every byte of a match is in
/// this set, so a match that holds the factor occurrence at `h` starts inside the run of
/// member bytes that ends at `h`: walking back from `h` while the bytes are members finds the
/// earliest start (`(?<speaker>\p{Lu}\w+)\s+said` cannot start before the comma in
/// "Hello,” Blinken said"). PCRE2 then searches only that window (``PatternMatcher``), with
/// an offset limit at `h`.
///
/// ASCII members are exact per atom: each class, `.` and escape is compiled alone and tried
/// on the 128 ASCII characters, with the flags it has in the rule. Bytes above 0x7F are all
/// members when any part of the pattern might match a non-ASCII character (a class, a
/// caseless k or s, which fold to the Kelvin sign and the long s, a non-ASCII literal), else
/// none are. Lookarounds look outside the match and contribute nothing; the literal analysis
/// never takes a factor from them.
struct MatchBytes: Sendable, Equatable {
    /// The members.
    private var members = ByteSet()

    /// Whether `byte` can occur in a match.
    @inline(__always)
    func contains(_ byte: UInt8) -> Bool { members.contains(byte) }

    mutating func insert(_ byte: UInt8) { members.insert(byte) }

    /// The bytes of `pattern`'s matches, or nil when the pattern holds something this
    /// analysis does not follow (backreferences, recursion, conditionals, `(?x)`, verbs such
    /// as `(*UCP)`).
    /// - Parameters:
    ///   - caseless: the rule's caseless flag.
    ///   - ascii: the rule runs without Unicode properties (`ascii`).
    init?(pattern: String, caseless: Bool, ascii: Bool) {
        guard !pattern.contains("(*") else { return nil }
        var parser = RegexParser(Array(pattern.unicodeScalars), caseless: caseless)
        guard let tree = parser.parse(), !parser.unsupported, !parser.untrackedText else { return nil }
        var nonASCII = parser.usesASCIIDigits && !ascii
        guard MatchBytes.collect(tree, into: &self, nonASCII: &nonASCII) else { return nil }
        for atom in parser.classAtoms {
            guard let matched = MatchBytes.probe(atom.text, caseless: atom.caseless, ascii: ascii) else { return nil }
            for byte in matched { insert(byte) }
            nonASCII = true
        }
        if nonASCII { for byte in UInt8(0x80)...UInt8(0xFF) { insert(byte) } }
    }

    /// Adds the bytes of the literals the tree consumes; false on a part it cannot follow.
    private static func collect(_ node: RegexNode, into set: inout MatchBytes, nonASCII: inout Bool) -> Bool {
        func add(_ literal: Literal) {
            for byte in literal.bytes {
                if byte >= 0x80 { nonASCII = true; continue }
                set.insert(byte)
                guard literal.caseless, ASCII.isLower(byte) || ASCII.isUpper(byte) else { continue }
                set.insert(byte | 0x20)
                set.insert(byte & ~0x20)
                // PCRE2 folds k to the Kelvin sign and s to the long s.
                if byte | 0x20 == UInt8(ascii: "k") || byte | 0x20 == UInt8(ascii: "s") { nonASCII = true }
            }
        }
        switch node {
        case let .literal(literal): add(literal)
        case let .set(literals): literals.forEach(add)
        case .zeroWidth, .wordBoundary, .notAfterWord: break
        case .any: break  // probed from the parser's class atoms
        case .opaque: return false
        case let .group(inner), let .repetition(inner, _, _): return collect(inner, into: &set, nonASCII: &nonASCII)
        case let .concat(items), let .alternation(items):
            for item in items where !collect(item, into: &set, nonASCII: &nonASCII) { return false }
        }
        return true
    }

    /// The ASCII bytes one atom (`\p{Lu}`, `[^”\n]`, `.`) matches, found by PCRE2 itself with
    /// the atom's flags; nil if the atom does not compile alone.
    static func probe(_ atom: String, caseless: Bool, ascii: Bool) -> [UInt8]? {
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_ANCHORED)
        if !ascii { options |= UInt32(PCRE2_UCP) }
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0, errorOffset = 0
        var text = atom
        guard let code = text.withUTF8({ pcre2_compile_8($0.baseAddress, $0.count, options, &errorCode, &errorOffset, nil) }) else { return nil }
        defer { pcre2_code_free_8(code) }
        guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return nil }
        defer { pcre2_match_data_free_8(data) }
        var members: [UInt8] = []
        for byte in UInt8(0)..<0x80 {
            var subject = byte
            if pcre2_match_8(code, &subject, 1, 0, 0, data, nil) >= 0 { members.append(byte) }
        }
        return members
    }
}
