/// The parts of a PCRE2 pattern that matter for literal analysis.
indirect enum RegexNode {
    /// A literal: exact, or a caseless ASCII letter.
    case literal(Literal)
    /// One of a few literals (a small character class).
    case set([Literal])
    /// Matches no text: anchors, lookarounds, \B.
    case zeroWidth
    /// `\b`: matches no text, at a word boundary.
    case wordBoundary
    /// `(?<!\w)`, `(?<![\w.,])`: matches no text, not after a word character.
    case notAfterWord
    /// Matches something not worth a literal: \d, \w, ., large classes.
    case any
    /// Some text this analysis does not follow (a backreference): no factor from here.
    case opaque
    case group(RegexNode)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, Int, Int?)
}

extension RegexNode {
    /// Whether every match of this node is empty: it is made of anchors, lookarounds and word
    /// boundaries only (`(?=\d)`, `\b(?!x)`). Quarry's spans are never empty, so a rule like
    /// that never matches.
    var consumesNothing: Bool {
        switch self {
        case .zeroWidth, .wordBoundary, .notAfterWord: true
        case .literal, .set, .any, .opaque: false
        case let .group(inner), let .repetition(inner, _, _): inner.consumesNothing
        case let .concat(items), let .alternation(items): items.allSatisfy(\.consumesNothing)
        }
    }
}

/// A reader of PCRE2 pattern syntax (as PCRE2 10.42 and later read it with PCRE2_UTF) for
/// the literal analysis, the match-byte sets and nothing else.
///
/// It never guesses. Every construct it does not follow exactly makes the whole pattern
/// ``unsupported`` (and ``parse()`` return nil): the rule then scans whole documents, which
/// is always right. That covers extended mode (`(?x)`), verbs and start-of-pattern settings
/// (`(*SKIP)`, `(*UCP)`, `(*CR)`), recursion, subroutine calls, conditionals, callouts,
/// options this reader does not know, quantifiers that follow nothing it read (`(?#c)+`),
/// `{,n}` (a literal in PCRE2 10.42, a quantifier from 10.43), and anything malformed.
/// `\G` is unsupported too: it holds only where a search started, and the prefilter starts
/// searches at candidates and windows. `\K` sets ``resetsStart``.
///
/// How PCRE2 reads a character class (``parseClass()``) follows pcre2pattern: a `]` first
/// in the class is a member, `[:`, `[.` and `[=` start a POSIX item only when PCRE2's own
/// look-ahead finds its end (`[[:.]` is the class of `[`, `:` and `.`), `\b` is a backspace.
/// Option settings (`(?i)`) last to the end of their group, across later branches, as
/// PCRE2 documents: `(a(?i)b|c)` matches "C".
struct RegexParser {
    let s: [Unicode.Scalar]
    var i = 0
    var caseless: Bool
    /// `(?s)`: `.` also matches a newline (the atom probe must know).
    var dotall = false
    var unsupported = false
    var resetsStart = false
    /// A `\d` was read as the digits 0-9.
    var usesASCIIDigits = false
    /// The source text of every atom read as ``RegexNode/any`` (a class, `.`, an escape such
    /// as `\p{Lu}`), with the caseless mode in force there: what ``MatchBytes`` probes. The
    /// text compiles alone to the same set of characters (a dot under `(?s)` is `(?s).`).
    var classAtoms: [(text: String, caseless: Bool)] = []
    /// Some text was read in a way that ``classAtoms`` does not describe (`\Q…\E` with
    /// non-ASCII letters under caseless matching).
    var untrackedText = false
    /// How many lookarounds the parser is inside (their atoms match outside the match).
    var lookaroundDepth = 0

    /// Thrown to stop at the first construct the reader does not follow.
    struct Unsupported: Error {}

    init(_ scalars: [Unicode.Scalar], caseless: Bool) {
        s = scalars
        self.caseless = caseless
    }

    /// The pattern's tree, or nil (with ``unsupported`` set) when some part of it is not
    /// read exactly as PCRE2 reads it.
    mutating func parse() -> RegexNode? {
        do {
            let node = try parseAlternation()
            guard i == s.count else { throw Unsupported() }  // an unmatched ')'
            return node
        } catch {
            unsupported = true
            return nil
        }
    }

    // MARK: - Reading

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let k = i + offset
        return k >= 0 && k < s.count ? s[k] : nil
    }

    func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }

    /// The branches of a group (or the whole pattern) up to its `)` or the end. An option
    /// setting in one branch holds in the later branches of the same group, and ends with it.
    mutating func parseAlternation() throws(Unsupported) -> RegexNode {
        let saved = (caseless, dotall)
        defer { (caseless, dotall) = saved }
        var branches = [try parseConcat()]
        while peek() == "|" {
            i += 1
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseConcat() throws(Unsupported) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek(), c != "|", c != ")" {
            let start = i
            guard let atom = try parseAtom() else {
                // Nothing read (a comment, an option setting, \E, an empty \Q\E). PCRE2 lets a
                // quantifier after some of these apply to the item before them: not followed.
                if startsQuantifier() { throw Unsupported() }
                continue
            }
            if case .any = atom, lookaroundDepth == 0 {
                classAtoms.append(((dotall && s[start] == "." ? "(?s)" : "") + String(String.UnicodeScalarView(s[start..<i])), caseless))
            }
            items.append(try parseQuantifier(atom))
            // A quantifier after a quantifier (other than the lazy or possessive mark the
            // quantifier itself took) is an error or something this reader does not follow.
            if startsQuantifier() { throw Unsupported() }
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    /// Whether the text at `i` is a quantifier (`*`, `+`, `?`, or a counted `{…}`), or a
    /// brace this reader cannot classify across PCRE2 versions.
    func startsQuantifier() -> Bool {
        guard let c = peek() else { return false }
        if c == "*" || c == "+" || c == "?" { return true }
        if c == "{" { return !braceKind(at: i).isLiteral }
        return false
    }

    enum BraceKind {
        case literal, counted(Int, Int?, length: Int), ambiguous
        var isLiteral: Bool { if case .literal = self { true } else { false } }
    }

    /// How PCRE2 reads a `{` at `k`: a counted quantifier (`{2}`, `{2,}`, `{2,5}`), a literal
    /// brace, or a form whose reading changed between versions (`{,5}`, spaces inside).
    func braceKind(at k: Int) -> BraceKind {
        var j = k + 1
        var first = "", second = "", comma = false, other = false, space = false
        while j < s.count && s[j] != "}" {
            let c = s[j]
            if c == "," { if comma { other = true }; comma = true } else if ("0"..."9").contains(c) {
                if comma { second.unicodeScalars.append(c) } else { first.unicodeScalars.append(c) }
            } else if c == " " || c == "\t" { space = true } else { other = true; break }
            j += 1
        }
        guard j < s.count, s[j] == "}", !other else { return .literal }
        if space || first.isEmpty { return second.isEmpty && !space && !comma ? .literal : .ambiguous }
        guard let minimum = Int(first), minimum <= 65535 else { return .ambiguous }
        let maximum: Int? = comma ? (second.isEmpty ? nil : Int(second)) : minimum
        if comma && !second.isEmpty && maximum == nil { return .ambiguous }
        return .counted(minimum, maximum, length: j - k + 1)
    }

    /// A letter under caseless matching becomes the set of its two cases (ASCII only).
    func literal(_ c: Unicode.Scalar) -> RegexNode {
        if caseless && !c.isASCII && (c.properties.isAlphabetic || c.properties.changesWhenCaseMapped || c.properties.isCased) {
            return .any  // non-ASCII case folding is left to PCRE2
        }
        if caseless && c.properties.isAlphabetic { return .literal(Literal(String(c), caseless: true)) }
        return .literal(Literal(String(c)))
    }

    mutating func parseQuantifier(_ atom: RegexNode) throws(Unsupported) -> RegexNode {
        guard let c = peek() else { return atom }
        var minimum = 0, maximum: Int? = nil
        switch c {
        case "*": i += 1
        case "+": minimum = 1; i += 1
        case "?": maximum = 1; i += 1
        case "{":
            switch braceKind(at: i) {
            case .literal: return atom
            case .ambiguous: throw Unsupported()
            case let .counted(low, high, length):
                minimum = low
                maximum = high
                i += length
            }
        default:
            return atom
        }
        if peek() == "?" || peek() == "+" { i += 1 }  // lazy or possessive
        return .repetition(atom, minimum, maximum)
    }

    mutating func parseAtom() throws(Unsupported) -> RegexNode? {
        let c = s[i]
        switch c {
        case "(":
            return try parseGroup()
        case "[":
            return try parseClass()
        case ".":
            i += 1
            return .any
        case "^", "$":
            i += 1
            return .zeroWidth
        case "\\":
            return try parseEscape()
        case "*", "+", "?":
            throw Unsupported()  // a quantifier with nothing before it
        case "{":
            if !braceKind(at: i).isLiteral { throw Unsupported() }
            i += 1
            return literal(c)
        default:
            i += 1
            return literal(c)
        }
    }

    mutating func parseGroup() throws(Unsupported) -> RegexNode? {
        i += 1  // (
        // (*SKIP), (*COMMIT), (*ACCEPT), (*:NAME) and the other verbs, (*UCP) and the other
        // settings, (*pla:…) and the other alphabetic assertions. A verb can make a match
        // depend on where the search started, which the prefilter changes (it searches from
        // candidates and windows), and (*ACCEPT) ends a match before the rest of the pattern:
        // such a pattern scans whole documents, as written.
        if peek() == "*" { throw Unsupported() }
        enum Kind { case capture, plain, lookahead, lookbehind, negativeLookbehind }
        var kind = Kind.capture
        if peek() == "?" {
            i += 1
            guard let c = peek() else { throw Unsupported() }
            switch c {
            case ":", "|", ">": i += 1; kind = .plain
            case "=", "!": i += 1; kind = .lookahead
            case "<":
                if peek(1) == "!" { i += 2; kind = .negativeLookbehind }
                else if peek(1) == "=" { i += 2; kind = .lookbehind }
                else { i += 1; try skipName(">"); kind = .capture }
            case "P":
                guard peek(1) == "<" else { throw Unsupported() }  // (?P=name), (?P>name)
                i += 2
                try skipName(">")
            case "'":
                i += 1
                try skipName("'")
            case "#":
                while let c = peek(), c != ")" { i += 1 }
                guard peek() == ")" else { throw Unsupported() }
                i += 1
                return nil
            default:
                // Option settings: (?i) (?-i) (?^) (?i:…) (?s-m:…). Callouts, recursion,
                // conditionals, subroutine calls, (?* …) and options this reader does not
                // know end here: not followed.
                var negative = false
                var setCaseless: Bool? = nil, setDotall: Bool? = nil
                let optionsStart = i
                while let c = peek(), c != ")", c != ":" {
                    switch c {
                    case "^":
                        // (?^) unsets i, m, n, s and x; only first.
                        guard i == optionsStart else { throw Unsupported() }
                        setCaseless = false
                        setDotall = false
                    case "-":
                        guard !negative else { throw Unsupported() }
                        negative = true
                    case "i": setCaseless = !negative
                    case "s": setDotall = !negative
                    case "m", "n", "U", "J": break
                    default: throw Unsupported()  // x, xx, and anything unknown
                    }
                    i += 1
                }
                guard let end = peek() else { throw Unsupported() }
                i += 1
                if end == ")" {
                    if let setCaseless { caseless = setCaseless }
                    if let setDotall { dotall = setDotall }
                    return nil
                }
                let saved = (caseless, dotall)
                if let setCaseless { caseless = setCaseless }
                if let setDotall { dotall = setDotall }
                let inner = try parseAlternation()
                (caseless, dotall) = saved
                guard peek() == ")" else { throw Unsupported() }
                i += 1
                return .group(inner)
            }
        }
        let innerStart = i
        let looks = kind == .lookahead || kind == .lookbehind || kind == .negativeLookbehind
        if looks { lookaroundDepth += 1 }
        let inner = try parseAlternation()
        if looks { lookaroundDepth -= 1 }
        guard peek() == ")" else { throw Unsupported() }
        i += 1
        switch kind {
        case .lookahead, .lookbehind:
            return .zeroWidth
        case .negativeLookbehind:
            // "(?<![\w.,])": no word character before, so the text after it starts a word when
            // it starts with a word character — like \b for the prefilter's word-start test,
            // which only skips places after ASCII letters and digits. Only when one character
            // is looked at, and \w is among them ("(?<!\w\w)" would allow one word character).
            return Self.excludesWordCharacterBefore(Array(s[innerStart..<(i - 1)])) ? .notAfterWord : .zeroWidth
        case .capture, .plain:
            return .group(inner)
        }
    }

    /// Whether a negative lookbehind's body is `\w` or a plain class that holds `\w`.
    static func excludesWordCharacterBefore(_ body: [Unicode.Scalar]) -> Bool {
        if body == ["\\", "w"] { return true }
        guard body.first == "[", body.last == "]", body.count >= 4, body[1] != "^" else { return false }
        var k = 1
        var holdsWord = false
        while k < body.count - 1 {
            let c = body[k]
            if c == "[" || c == "]" { return false }
            if c == "\\" {
                guard k + 1 < body.count - 1 else { return false }
                let e = body[k + 1]
                if e == "w" { holdsWord = true } else if e.properties.isAlphabetic || ("0"..."9").contains(e) { return false }
                k += 2
                continue
            }
            k += 1
        }
        return holdsWord
    }

    /// Skips a group name up to its closing character.
    mutating func skipName(_ close: Unicode.Scalar) throws(Unsupported) {
        while let c = peek(), c != close { i += 1 }
        guard peek() == close else { throw Unsupported() }
        i += 1
    }

    // MARK: - Classes

    /// A class, as PCRE2 reads it: a small set of literals when every member is a plain
    /// character and there are at most ten, else ``RegexNode/any``.
    mutating func parseClass() throws(Unsupported) -> RegexNode {
        // The word-boundary forms [[:<:]] and [[:>:]] (a start and an end of a word).
        for special in ["[[:<:]]", "[[:>:]]"] where s[i...].starts(with: special.unicodeScalars) {
            i += special.unicodeScalars.count
            return .zeroWidth
        }
        i += 1
        var negated = false
        // Before the first member PCRE2 skips \E and empty \Q\E, and reads one '^' among
        // them: in `[^\E\E]+]` the first ']' is a member.
        while true {
            if peek() == "\\" && peek(1) == "E" { i += 2 }
            else if peek() == "\\" && peek(1) == "Q" && peek(2) == "\\" && peek(3) == "E" { i += 4 }
            else if peek() == "^" && !negated { negated = true; i += 1 }
            else { break }
        }
        var members: [Unicode.Scalar] = []
        var simple = true
        var first = true
        while true {
            guard let c = peek() else { throw Unsupported() }  // no closing ']'
            if c == "]" && !first { i += 1; break }
            first = false
            // A POSIX item [:alpha:] (also [.x.] and [=x=], which PCRE2 refuses), only when
            // its end is found the way PCRE2 looks for it.
            if c == "[", let terminator = peek(1), terminator == ":" || terminator == "." || terminator == "=" {
                if let end = posixEnd(from: i + 2, terminator: terminator) {
                    guard terminator == ":" else { throw Unsupported() }
                    simple = false
                    i = end + 2
                    if peek() == "-", peek(1) != "]" { throw Unsupported() }  // a range from a class: an error
                    continue
                }
            }
            var member: Unicode.Scalar
            if c == "\\" {
                guard let e = peek(1) else { throw Unsupported() }
                switch e {
                case "Q":
                    // \Q…\E inside a class: its characters are members (a range from one is
                    // not followed).
                    i += 2
                    while let q = peek(), !(q == "\\" && peek(1) == "E") {
                        members.append(q)
                        i += 1
                    }
                    if peek() != nil { i += 2 }
                    if peek() == "-", peek(1) != "]" { throw Unsupported() }
                    continue
                case "E":
                    i += 2
                    continue
                case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V":
                    i += 2
                    simple = false
                    if peek() == "-", peek(1) != "]" { throw Unsupported() }
                    continue
                case "p", "P":
                    i += 2
                    try skipPropertyName()
                    simple = false
                    if peek() == "-", peek(1) != "]" { throw Unsupported() }
                    continue
                default:
                    // A character by escape: \b is a backspace here, \x, \o, octal, \c.
                    guard let value = try escapedCharacter(inClass: true) else { throw Unsupported() }
                    member = value
                }
            } else {
                member = c
                i += 1
            }
            // A range: the member before and the character after '-', unless ']' follows.
            if peek() == "-", let next = peek(1), next != "]" {
                i += 1
                let low = member
                var high: Unicode.Scalar
                if next == "\\" {
                    guard let e = peek(1), !"dDwWsShHvVpPQE".unicodeScalars.contains(e) else { throw Unsupported() }
                    guard let value = try escapedCharacter(inClass: true) else { throw Unsupported() }
                    high = value
                } else if next == "[", let t = peek(1), t == ":" || t == "." || t == "=", posixEnd(from: i + 2, terminator: t) != nil {
                    throw Unsupported()
                } else {
                    high = next
                    i += 1
                }
                guard high.value >= low.value else { throw Unsupported() }
                if high.value - low.value < 10 {
                    for v in low.value...high.value { if let scalar = Unicode.Scalar(v) { members.append(scalar) } }
                } else {
                    simple = false
                }
                continue
            }
            members.append(member)
        }
        guard simple, !negated, !members.isEmpty, members.count <= 10 else {
            if !negated && members.isEmpty && simple { throw Unsupported() }  // cannot happen in PCRE2
            return .any
        }
        var literals = Set<Literal>()
        for m in members {
            switch literal(m) {
            case let .literal(l): literals.insert(l)
            default: return .any
            }
        }
        return .set(Array(literals))
    }

    /// Where a POSIX item that starts at `from` (after `[:`) ends: the index of its closing
    /// terminator, found as PCRE2's `check_posix_syntax` finds it, or nil when the `[` is a
    /// plain member.
    func posixEnd(from: Int, terminator: Unicode.Scalar) -> Int? {
        var p = from
        while s.count - p >= 2 {
            if s[p] == "\\" && (s[p + 1] == "]" || s[p + 1] == "\\") {
                p += 2
                continue
            }
            if (s[p] == "[" && s[p + 1] == terminator) || s[p] == "]" { return nil }
            if s[p] == terminator && s[p + 1] == "]" { return p }
            p += 1
        }
        return nil
    }

    /// Skips a property name after `\p` or `\P`: `{…}` or one letter.
    mutating func skipPropertyName() throws(Unsupported) {
        if peek() == "{" {
            while let c = peek(), c != "}" { i += 1 }
            guard peek() == "}" else { throw Unsupported() }
            i += 1
        } else {
            guard peek() != nil else { throw Unsupported() }
            i += 1
        }
    }

    /// The character an escape at `i` stands for (`\n`, `\x{263A}`, `\.`, in a class also
    /// `\b`), reading past it; nil when it is not one character. Octal escapes and `\c` are
    /// read exactly too.
    mutating func escapedCharacter(inClass: Bool) throws(Unsupported) -> Unicode.Scalar? {
        guard let e = peek(1) else { throw Unsupported() }
        switch e {
        case "a": i += 2; return "\u{07}"
        case "e": i += 2; return "\u{1B}"
        case "f": i += 2; return "\u{0C}"
        case "n": i += 2; return "\n"
        case "r": i += 2; return "\r"
        case "t": i += 2; return "\t"
        case "b" where inClass: i += 2; return "\u{08}"
        case "x":
            i += 2
            var digits = ""
            if peek() == "{" {
                i += 1
                while let c = peek(), c != "}" {
                    guard c.properties.isASCIIHexDigit else { throw Unsupported() }
                    digits.unicodeScalars.append(c)
                    i += 1
                }
                guard peek() == "}", !digits.isEmpty else { throw Unsupported() }
                i += 1
            } else {
                while let c = peek(), digits.count < 2, c.properties.isASCIIHexDigit { digits.unicodeScalars.append(c); i += 1 }
                if digits.isEmpty { return "\u{0}" }
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { throw Unsupported() }
            return scalar
        case "o":
            i += 2
            guard peek() == "{" else { throw Unsupported() }
            i += 1
            var digits = ""
            while let c = peek(), c != "}" {
                guard ("0"..."7").contains(c) else { throw Unsupported() }
                digits.unicodeScalars.append(c)
                i += 1
            }
            guard peek() == "}", !digits.isEmpty else { throw Unsupported() }
            i += 1
            guard let value = UInt32(digits, radix: 8), let scalar = Unicode.Scalar(value) else { throw Unsupported() }
            return scalar
        case "0":
            // \0 and up to two more octal digits.
            i += 2
            var digits = "0"
            while let c = peek(), digits.count < 3, ("0"..."7").contains(c) { digits.unicodeScalars.append(c); i += 1 }
            return Unicode.Scalar(UInt32(digits, radix: 8)!)
        case "1"..."9":
            // In a class, up to three octal digits; outside, a backreference (read elsewhere).
            guard inClass, ("1"..."7").contains(e) else { throw Unsupported() }
            i += 1
            var digits = ""
            while let c = peek(), digits.count < 3, ("0"..."7").contains(c) { digits.unicodeScalars.append(c); i += 1 }
            guard let value = UInt32(digits, radix: 8), let scalar = Unicode.Scalar(value) else { throw Unsupported() }
            return scalar
        case "c":
            i += 2
            guard let c = peek(), c.isASCII, c.value >= 0x20, c.value < 0x7F else { throw Unsupported() }
            i += 1
            let upper = ("a"..."z").contains(c) ? c.value - 0x20 : c.value
            return Unicode.Scalar(upper ^ 0x40)
        case "N" where !inClass:
            // \N{U+hhhh}: a character by number (UTF mode).
            guard peek(2) == "{", peek(3) == "U", peek(4) == "+" else { return nil }
            i += 5
            var digits = ""
            while let c = peek(), c != "}" {
                guard c.properties.isASCIIHexDigit else { throw Unsupported() }
                digits.unicodeScalars.append(c)
                i += 1
            }
            guard peek() == "}", let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { throw Unsupported() }
            i += 1
            return scalar
        default:
            // Any character that is not an ASCII letter or digit stands for itself.
            if e.isASCII && (e.properties.isAlphabetic || ("0"..."9").contains(e)) { return nil }
            i += 2
            return e
        }
    }

    // MARK: - Escapes

    mutating func parseEscape() throws(Unsupported) -> RegexNode? {
        guard let e = peek(1) else { throw Unsupported() }
        switch e {
        case "b": i += 2; return .wordBoundary
        case "B", "A", "z", "Z": i += 2; return .zeroWidth
        case "G":
            // \G holds only where the search started, and the prefilter starts searches at
            // candidates and windows, not where the previous match ended: scan whole documents.
            throw Unsupported()
        case "K":
            i += 2
            resetsStart = true
            return .zeroWidth
        case "d":
            // The ASCII digits; ``LiteralAnalysis/assumesASCIIDigits`` tells the prefilter to
            // fall back where other digits occur.
            i += 2
            usesASCIIDigits = true
            return .set((0...9).map { Literal(String($0)) })
        case "D", "w", "W", "s", "S", "h", "H", "v", "V", "R", "X":
            i += 2
            return .any
        case "N":
            if peek(2) == "{" {
                guard let c = try escapedCharacter(inClass: false) else { throw Unsupported() }
                return literal(c)
            }
            i += 2
            return .any
        case "p", "P":
            i += 2
            try skipPropertyName()
            return .any
        case "Q":
            i += 2
            var text = ""
            while let c = peek(), !(c == "\\" && peek(1) == "E") { text.unicodeScalars.append(c); i += 1 }
            if peek() != nil { i += 2 }
            if text.isEmpty { return nil }
            if caseless && text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || !$0.isASCII }) {
                let parts = text.unicodeScalars.map { literal($0) }
                if parts.contains(where: { if case .any = $0 { true } else { false } }) { untrackedText = true }
                return .concat(parts)
            }
            return .literal(Literal(text))
        case "E":
            i += 2
            return nil
        case "g":
            // \g{n} \g{-n} \g{name} \gn \g-n: backreferences; \g<…> \g'…': subroutine calls.
            i += 2
            guard let c = peek() else { throw Unsupported() }
            if c == "<" || c == "'" { throw Unsupported() }
            if c == "{" {
                try skipName("}")
            } else {
                if c == "-" || c == "+" { i += 1 }
                guard isDigit(peek()) else { throw Unsupported() }
                while isDigit(peek()) { i += 1 }
            }
            return .opaque
        case "k":
            i += 2
            guard let c = peek(), c == "<" || c == "'" || c == "{" else { throw Unsupported() }
            i += 1
            try skipName(c == "<" ? ">" : c == "'" ? "'" : "}")
            return .opaque
        case "1"..."9":
            // A backreference, or (past the number of groups) octal digits and then digits:
            // either way some text that this analysis does not follow.
            i += 1
            while isDigit(peek()) { i += 1 }
            return .opaque
        default:
            // A character by escape (\n, \x{E9}, \o{351}, \0, \cA, \.): a literal, or under
            // caseless a non-ASCII letter, which ``parseConcat`` records as an atom to probe.
            guard let c = try escapedCharacter(inClass: false) else { throw Unsupported() }
            return literal(c)
        }
    }
}
