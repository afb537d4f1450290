/// Random PCRE2 patterns and subjects from PCRE2's grammar, for property tests of the
/// literal prefilter (`swift test`, seeded) and its fuzz target (`Fuzz/Sources/literals`,
/// driven by libFuzzer's bytes; that target compiles this same file through a link).
///
/// Patterns mix literal characters (ASCII, Latin letters with accents, the Kelvin sign and
/// the long s that fold to k and s, Arabic digits), escapes (`\d`, `\w`, `\b`, `\p{Lu}`,
/// `\x{e9}`, `\Q…\E`, `\K`, `\G`), classes (ranges, negation, POSIX items and the `[[:`
/// forms PCRE2 reads as plain members), quantifiers (counted, lazy, possessive, `{,n}`),
/// groups (capturing, named, atomic, branch reset, option settings, comments), lookarounds,
/// alternation, backreferences, recursion and verbs. Many generated patterns do not compile;
/// callers skip those. Subjects are made of the pattern's own characters and others.
public struct RegexGrammar {
    /// Where choices come from: a seeded generator or a fuzzer's bytes.
    public protocol Choices {
        /// A number in `0..<bound` (`bound` > 0).
        mutating func next(_ bound: Int) -> Int
    }

    /// SplitMix64: deterministic for a seed, the same on every platform.
    public struct Seeded: Choices {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Int(z % UInt64(bound))
        }
    }

    /// Choices read from bytes, one byte (two for large bounds) each; zeros when they run out.
    public struct Bytes: Choices {
        let bytes: [UInt8]
        var position = 0
        public init(_ bytes: [UInt8]) { self.bytes = bytes }
        public var exhausted: Bool { position >= bytes.count }
        mutating func byte() -> Int {
            defer { position += 1 }
            return position < bytes.count ? Int(bytes[position]) : 0
        }
        public mutating func next(_ bound: Int) -> Int {
            bound <= 256 ? byte() % bound : (byte() << 8 | byte()) % bound
        }
    }

    /// Characters patterns and subjects are made of: letters in both cases, the Kelvin sign
    /// (K, U+212A) and the long s (U+017F), which PCRE2 folds to k and s, accented letters,
    /// digits (also Arabic-Indic ones, which `\d` matches with Unicode properties), spaces,
    /// punctuation and a curly quote.
    public static let alphabet: [String] = [
        "a", "b", "c", "k", "s", "x", "A", "B", "K", "S", "é", "É", "\u{212A}", "\u{017F}", "ß", "σ", "Σ",
        "0", "1", "7", "\u{0661}", " ", "\n", "\t", ".", ",", "-", "_", "$", "'", "’", "[", "]", ":", "(", ")",
    ]

    static let escapes = [
        "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\h", "\\v", "\\N", "\\R", "\\X", "\\p{L}", "\\p{Lu}", "\\P{Ll}",
        "\\pN", "\\x{e9}", "\\x41", "\\xe9", "\\o{101}", "\\101", "\\0", "\\cA", "\\.", "\\$", "\\-", "\\[", "\\]",
        "\\{", "\\/", "\\\\", "\\t", "\\n", "\\e", "\\x{212A}", "\\N{U+E9}", "\\E",
    ]
    static let assertions = ["\\b", "\\B", "^", "$", "\\A", "\\z", "\\Z", "\\G", "\\K", "[[:<:]]", "[[:>:]]"]
    static let posix = ["alpha", "digit", "upper", "lower", "space", "punct", "word", "alnum", "xdigit", "^alpha", "^digit", "^upper"]
    static let verbs = ["(*SKIP)", "(*COMMIT)", "(*PRUNE)", "(*FAIL)", "(*ACCEPT)", "(*MARK:m)", "(*THEN)"]
    static let settings = ["(*UCP)", "(*NO_START_OPT)", "(*NO_AUTO_POSSESS)", "(*CRLF)", "(*LIMIT_MATCH=500)"]
    static let options = ["(?i)", "(?-i)", "(?s)", "(?m)", "(?^)", "(?x)", "(?n)", "(?U)", "(?#c)", "(?#[)"]

    var groups = 0
    var names: [String] = []

    public init() {}

    /// A pattern of at most `depth` levels of nesting.
    public mutating func pattern<C: Choices>(_ c: inout C, depth: Int = 3) -> String {
        groups = 0
        names = []
        var text = c.next(12) == 0 ? Self.settings[c.next(Self.settings.count)] : ""
        text += alternation(&c, depth: depth)
        return text
    }

    mutating func alternation<C: Choices>(_ c: inout C, depth: Int) -> String {
        let branches = c.next(6) == 0 ? 2 + c.next(2) : 1
        return (0..<branches).map { _ in sequence(&c, depth: depth) }.joined(separator: "|")
    }

    mutating func sequence<C: Choices>(_ c: inout C, depth: Int) -> String {
        var text = ""
        for _ in 0..<(1 + c.next(4)) { text += item(&c, depth: depth) }
        return text
    }

    mutating func item<C: Choices>(_ c: inout C, depth: Int) -> String {
        var atom: String
        switch c.next(depth > 0 ? 20 : 14) {
        case 0...5: atom = literalRun(&c)
        case 6, 7: atom = Self.escapes[c.next(Self.escapes.count)]
        case 8, 9: atom = characterClass(&c)
        case 10: atom = Self.assertions[c.next(Self.assertions.count)]
        case 11: atom = "."
        case 12: atom = Self.options[c.next(Self.options.count)]
        case 13:
            // A backreference or a call, to a group that may not exist.
            switch c.next(5) {
            case 0: atom = "\\1"
            case 1: atom = "\\g{-1}"
            case 2: atom = names.isEmpty ? "\\k<n0>" : "\\k<\(names[c.next(names.count)])>"
            case 3: atom = "(?1)"
            default: atom = c.next(4) == 0 ? "(?R)" : Self.verbs[c.next(Self.verbs.count)]
            }
        case 14...16: atom = group(&c, depth: depth - 1)
        case 17: atom = lookaround(&c, depth: depth - 1)
        default: atom = "(?:" + alternation(&c, depth: depth - 1) + ")"
        }
        return atom + quantifier(&c)
    }

    mutating func literalRun<C: Choices>(_ c: inout C) -> String {
        var text = ""
        for _ in 0..<(1 + c.next(4)) {
            var character = Self.alphabet[c.next(Self.alphabet.count)]
            if "[]().$-\\".contains(character) { character = "\\" + character }  // a literal, not syntax
            if character == "\n" { character = "\\n" }
            text += character
        }
        return text
    }

    mutating func characterClass<C: Choices>(_ c: inout C) -> String {
        var text = "["
        if c.next(4) == 0 { text += "^" }
        switch c.next(12) {
        case 0: text += "]"  // a leading ] is a member
        case 1: text += "[:"  // "[[:" that is not a POSIX item
        case 2: text += "[:." 
        default: break
        }
        for _ in 0..<(1 + c.next(4)) {
            switch c.next(8) {
            case 0: text += "[:\(Self.posix[c.next(Self.posix.count)]):]"
            case 1: text += ["\\d", "\\w", "\\s", "\\p{Lu}", "\\x{e9}", "\\b", "\\]", "\\\\", "\\Qa]\\E", "\\E"][c.next(10)]
            case 2:
                let low = Self.alphabet[c.next(Self.alphabet.count)], high = Self.alphabet[c.next(Self.alphabet.count)]
                text += escapeInClass(low) + "-" + escapeInClass(high)
            default: text += escapeInClass(Self.alphabet[c.next(Self.alphabet.count)])
            }
        }
        return text + "]"
    }

    func escapeInClass(_ character: String) -> String {
        ["]", "\\", "[", "^", "-"].contains(character) ? "\\" + character : character == "\n" ? "\\n" : character
    }

    mutating func group<C: Choices>(_ c: inout C, depth: Int) -> String {
        let inner = alternation(&c, depth: depth)
        switch c.next(7) {
        case 0:
            let name = "n\(names.count)"
            names.append(name)
            groups += 1
            return "(?<\(name)>\(inner))"
        case 1: return "(?>\(inner))"
        case 2: return "(?|\(inner))"
        case 3: return "(?i:\(inner))"
        case 4: return "(?-i:\(inner))"
        default:
            groups += 1
            return "(\(inner))"
        }
    }

    mutating func lookaround<C: Choices>(_ c: inout C, depth: Int) -> String {
        // Lookbehinds of a fixed length: a run of literals or one class.
        switch c.next(4) {
        case 0: return "(?=" + alternation(&c, depth: depth) + ")"
        case 1: return "(?!" + alternation(&c, depth: depth) + ")"
        case 2: return "(?<=" + (c.next(2) == 0 ? literalRun(&c) : characterClass(&c)) + ")"
        default: return "(?<!" + (c.next(3) == 0 ? "\\w" : c.next(2) == 0 ? literalRun(&c) : characterClass(&c)) + ")"
        }
    }

    mutating func quantifier<C: Choices>(_ c: inout C) -> String {
        var text: String
        switch c.next(16) {
        case 0: text = "*"
        case 1: text = "+"
        case 2: text = "?"
        case 3: text = "{\(c.next(4))}"
        case 4: text = "{\(c.next(3)),}"
        case 5: text = "{\(c.next(3)),\(2 + c.next(3))}"
        case 6: text = ["{,2}", "{ 1 }", "{1,x}", "{}"][c.next(4)]
        default: return ""
        }
        switch c.next(6) {
        case 0: text += "?"
        case 1: text += "+"
        default: break
        }
        return text
    }

    /// A subject: characters of the pattern's literal runs and of the alphabet.
    public static func subject<C: Choices>(for pattern: String, _ c: inout C) -> String {
        let own = pattern.filter { !"\\()[]{}?*+|^$".contains($0) }.map(String.init)
        var text = ""
        for _ in 0..<c.next(30) {
            if !own.isEmpty && c.next(3) > 0 {
                // A few of the pattern's characters in a row, often in another case.
                let start = c.next(own.count)
                for k in start..<min(own.count, start + 1 + c.next(5)) {
                    text += c.next(4) == 0 ? own[k].uppercased() : own[k]
                }
            } else {
                text += alphabet[c.next(alphabet.count)]
            }
        }
        return text
    }
}
