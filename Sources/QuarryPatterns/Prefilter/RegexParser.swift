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
    /// Anything (backreferences, recursion, callouts): no factor from here.
    case opaque
    case group(RegexNode)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, Int, Int?)
}

/// A recursive-descent parser for the PCRE2 syntax that literal analysis needs. It sets
/// `unsupported` for constructs that change how the rest is read (`(?x)` extended mode) or
/// whose meaning depends on where a search starts (`\G`, backtracking verbs such as
/// `(*SKIP)`), and `resetsStart` for `\K`.
struct RegexParser {
    let s: [Unicode.Scalar]
    var i = 0
    var caseless: Bool
    var unsupported = false
    var resetsStart = false
    /// A `\d` was read as the digits 0-9.
    var usesASCIIDigits = false
    /// The source text of every atom read as ``RegexNode/any`` (a class, `.`, an escape such
    /// as `\p{Lu}`), with the caseless mode in force there: what ``MatchBytes`` probes.
    var classAtoms: [(text: String, caseless: Bool)] = []
    /// Some text was read in a way that ``classAtoms`` does not describe (`\Q…\E` with
    /// non-ASCII letters under caseless matching).
    var untrackedText = false
    /// How many lookarounds the parser is inside (their atoms match outside the match).
    var lookaroundDepth = 0

    init(_ scalars: [Unicode.Scalar], caseless: Bool) {
        s = scalars
        self.caseless = caseless
    }

    mutating func parse() -> RegexNode? {
        let node = parseAlternation()
        return i == s.count ? node : nil
    }

    mutating func parseAlternation() -> RegexNode {
        var branches = [parseConcat()]
        while i < s.count && s[i] == "|" {
            i += 1
            branches.append(parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseConcat() -> RegexNode {
        var items: [RegexNode] = []
        let savedCaseless = caseless
        defer { caseless = savedCaseless }
        while i < s.count && s[i] != "|" && s[i] != ")" {
            let start = i
            guard let atom = parseAtom() else { continue }
            if case .any = atom, lookaroundDepth == 0 { classAtoms.append((String(String.UnicodeScalarView(s[start..<i])), caseless)) }
            items.append(parseQuantifier(atom))
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    /// A letter under caseless matching becomes the set of its two cases (ASCII only).
    func literal(_ c: Unicode.Scalar) -> RegexNode {
        if caseless && c.properties.isAlphabetic {
            if c.isASCII { return .literal(Literal(String(c), caseless: true)) }
            return .any  // non-ASCII case folding is left to PCRE2
        }
        return .literal(Literal(String(c)))
    }

    mutating func parseQuantifier(_ atom: RegexNode) -> RegexNode {
        guard i < s.count else { return atom }
        var minimum = 0, maximum: Int? = nil
        switch s[i] {
        case "*": minimum = 0; maximum = nil; i += 1
        case "+": minimum = 1; maximum = nil; i += 1
        case "?": minimum = 0; maximum = 1; i += 1
        case "{":
            var j = i + 1
            var first = "", second = "", comma = false
            while j < s.count && s[j] != "}" {
                if s[j] == "," { comma = true } else if ("0"..."9").contains(s[j]) { if comma { second.unicodeScalars.append(s[j]) } else { first.unicodeScalars.append(s[j]) } } else { return atom }
                j += 1
            }
            guard j < s.count, !(first.isEmpty && second.isEmpty) else { return atom }
            minimum = Int(first) ?? 0
            maximum = comma ? (second.isEmpty ? nil : Int(second)) : minimum
            i = j + 1
        default:
            return atom
        }
        if i < s.count && (s[i] == "?" || s[i] == "+") { i += 1 }  // lazy or possessive
        return .repetition(atom, minimum, maximum)
    }

    mutating func parseAtom() -> RegexNode? {
        let c = s[i]
        switch c {
        case "(":
            return parseGroup()
        case "[":
            return parseClass()
        case ".":
            i += 1
            return .any
        case "^", "$":
            i += 1
            return .zeroWidth
        case "\\":
            return parseEscape()
        default:
            i += 1
            return literal(c)
        }
    }

    mutating func parseGroup() -> RegexNode? {
        i += 1  // (
        if i < s.count && s[i] == "*" {
            // (*SKIP), (*COMMIT), (*ACCEPT), (*:NAME) and the other verbs, (*UCP) and the other
            // settings, (*pla:…) and the other alphabetic assertions. A verb can make a match
            // depend on where the search started, which the prefilter changes (it searches from
            // candidates and windows), and (*ACCEPT) ends a match before the rest of the
            // pattern: such a pattern scans whole documents, as written.
            unsupported = true
            return skipOpaqueGroup()
        }
        var kind = "capture"
        if i < s.count && s[i] == "?" {
            i += 1
            guard i < s.count else { unsupported = true; return .opaque }
            switch s[i] {
            case ":": i += 1; kind = "plain"
            case "|": i += 1; kind = "plain"
            case ">": i += 1; kind = "plain"
            case "=", "!": i += 1; kind = "look"
            case "<":
                if i + 1 < s.count && s[i + 1] == "!" { i += 2; kind = "lookbehindNot" }
                else if i + 1 < s.count && s[i + 1] == "=" { i += 2; kind = "look" }
                else { skipName(">"); kind = "plain" }
            case "P":
                if i + 1 < s.count && s[i + 1] == "<" { i += 1; skipName(">"); kind = "plain" } else { unsupported = true; return .opaque }
            case "'": skipName("'"); kind = "plain"
            case "#":
                while i < s.count && s[i] != ")" { i += 1 }
                i += 1
                return nil
            case "C", "R", "(", "&", "0"..."9", "+":
                // Callouts, recursion, conditionals, subroutine calls: not interpreted.
                return skipOpaqueGroup()
            case "-" where i + 1 < s.count && ("0"..."9").contains(s[i + 1]):
                // A relative subroutine call (?-1); "(?-i)" is an inline flag (below).
                return skipOpaqueGroup()
            default:
                // Inline flags: (?i) (?-i) (?i:...) (?s) (?m) ...; (?x) changes parsing: give up.
                var flags = "", negative = false, setCaseless: Bool? = nil
                while i < s.count && s[i] != ")" && s[i] != ":" {
                    if s[i] == "-" { negative = true } else {
                        flags.unicodeScalars.append(s[i])
                        if s[i] == "i" { setCaseless = !negative }
                        if s[i] == "x" || s[i] == "J" && false { unsupported = true }
                    }
                    i += 1
                }
                if flags.contains("x") { unsupported = true }
                guard i < s.count else { unsupported = true; return .opaque }
                if s[i] == ")" {
                    i += 1
                    if let setCaseless { caseless = setCaseless }
                    return nil
                }
                i += 1  // ':'
                let saved = caseless
                if let setCaseless { caseless = setCaseless }
                let inner = parseAlternation()
                caseless = saved
                if i < s.count && s[i] == ")" { i += 1 } else { unsupported = true }
                return .group(inner)
            }
        }
        let saved = caseless
        let innerStart = i
        let looks = kind == "look" || kind == "lookbehindNot"
        if looks { lookaroundDepth += 1 }
        let inner = parseAlternation()
        if looks { lookaroundDepth -= 1 }
        caseless = saved
        if i < s.count && s[i] == ")" { i += 1 } else { unsupported = true }
        if kind == "look" { return .zeroWidth }
        if kind == "lookbehindNot" {
            // "(?<![\w.,])": no word character before, so the text after it starts a word when
            // it starts with a word character — like \b for the prefilter's word-start test,
            // which only skips places after ASCII letters and digits.
            let body = String(String.UnicodeScalarView(s[innerStart..<max(innerStart, i - 1)]))
            // Only one character looked at: `\w`, or one class holding `\w` ("(?<!\w\w)" would
            // allow a single word character before).
            let oneCharacter = body == "\\w" || body.hasPrefix("[") && !body.hasPrefix("[^") && body.hasSuffix("]")
                && body.dropFirst().dropLast().allSatisfy { $0 != "[" && $0 != "]" } && body.contains("\\w")
            return oneCharacter ? .notAfterWord : .zeroWidth
        }
        return .group(inner)
    }

    mutating func skipName(_ close: Unicode.Scalar) {
        i += 1
        while i < s.count && s[i] != close { i += 1 }
        i += 1
    }

    /// A group this analysis does not interpret: skip it to its matching parenthesis.
    mutating func skipOpaqueGroup() -> RegexNode {
        var depth = 1
        while i < s.count && depth > 0 {
            if s[i] == "\\" { i += 2; continue }
            if s[i] == "(" { depth += 1 } else if s[i] == ")" { depth -= 1 }
            i += 1
        }
        return .opaque
    }

    mutating func parseClass() -> RegexNode {
        // Collect the class's characters while it stays small and simple.
        i += 1
        var negated = false
        if i < s.count && s[i] == "^" { negated = true; i += 1 }
        var members: [Unicode.Scalar] = []
        var simple = true
        var first = true
        while i < s.count && (s[i] != "]" || first) {
            first = false
            var c = s[i]
            if c == "[" && i + 1 < s.count && s[i + 1] == ":" {  // [:alpha:]
                simple = false
                while i < s.count && !(s[i] == "]" && s[i - 1] == ":") { i += 1 }
                i += 1
                continue
            }
            if c == "\\" {
                guard i + 1 < s.count else { break }
                let e = s[i + 1]
                i += 2
                if let literal = RegexParser.escapedLiteral(e) { c = literal } else {
                    simple = false
                    if "pPx".unicodeScalars.contains(e), i < s.count, s[i] == "{" { while i < s.count && s[i] != "}" { i += 1 }; i += 1 }
                    continue
                }
            } else {
                i += 1
            }
            if i + 1 < s.count && s[i] == "-" && s[i + 1] != "]" {
                // A range: keep it only when small.
                var end = s[i + 1]
                i += 2
                if end == "\\", i < s.count { end = s[i]; i += 1; simple = false }
                if end.value >= c.value && end.value - c.value < 10 {
                    for v in c.value...end.value { if let scalar = Unicode.Scalar(v) { members.append(scalar) } }
                } else {
                    simple = false
                }
                continue
            }
            members.append(c)
        }
        i += 1  // ]
        guard simple, !negated, !members.isEmpty, members.count <= 10 else { return .any }
        var literals = Set<Literal>()
        for m in members {
            if caseless && m.properties.isAlphabetic {
                guard m.isASCII else { return .any }
                literals.insert(Literal(String(m), caseless: true))
            } else {
                literals.insert(Literal(String(m)))
            }
        }
        return .set(Array(literals))
    }

    /// The literal an escape stands for, when it is one (\. \$ \t \n ...).
    static func escapedLiteral(_ e: Unicode.Scalar) -> Unicode.Scalar? {
        switch e {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "e": return "\u{1B}"
        case "a": return "\u{07}"
        default:
            if e.isASCII && !e.properties.isAlphabetic && !("0"..."9").contains(e) { return e }
            return nil
        }
    }

    mutating func parseEscape() -> RegexNode? {
        guard i + 1 < s.count else { i += 1; unsupported = true; return .opaque }
        let e = s[i + 1]
        i += 2
        switch e {
        case "b": return .wordBoundary
        case "B", "A", "z", "Z": return .zeroWidth
        case "G":
            // \G holds only where the search started, and the prefilter starts searches at
            // candidates and windows, not where the previous match ended: scan whole documents.
            unsupported = true
            return .zeroWidth
        case "K":
            resetsStart = true
            return .zeroWidth
        case "d":
            // The ASCII digits; ``LiteralAnalysis/assumesASCIIDigits`` tells the prefilter to
            // fall back where other digits occur.
            usesASCIIDigits = true
            return .set((0...9).map { Literal(String($0)) })
        case "D", "w", "W", "s", "S", "h", "H", "v", "V", "R", "X", "N", "C":
            if e == "N", i < s.count, s[i] == "{" { while i < s.count && s[i] != "}" { i += 1 }; i += 1 }
            return .any
        case "p", "P":
            if i < s.count && s[i] == "{" { while i < s.count && s[i] != "}" { i += 1 }; i += 1 } else { i += 1 }
            return .any
        case "x":
            var digits = ""
            if i < s.count && s[i] == "{" {
                i += 1
                while i < s.count && s[i] != "}" { digits.unicodeScalars.append(s[i]); i += 1 }
                i += 1
            } else {
                while i < s.count && digits.count < 2 && s[i].properties.isASCIIHexDigit { digits.unicodeScalars.append(s[i]); i += 1 }
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return .any }
            return literal(scalar)
        case "Q":
            var text = ""
            while i < s.count && !(s[i] == "\\" && i + 1 < s.count && s[i + 1] == "E") { text.unicodeScalars.append(s[i]); i += 1 }
            if i < s.count { i += 2 }
            if caseless && text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
                if text.unicodeScalars.contains(where: { !$0.isASCII }) { untrackedText = true }
                return .concat(text.unicodeScalars.map { literal($0) })
            }
            return text.isEmpty ? nil : .literal(Literal(text))
        case "g", "k", "1"..."9":
            // Backreferences: skip their argument.
            if i < s.count && (s[i] == "{" || s[i] == "<" || s[i] == "'") {
                let close: Unicode.Scalar = s[i] == "{" ? "}" : (s[i] == "<" ? ">" : "'")
                while i < s.count && s[i] != close { i += 1 }
                i += 1
            } else {
                while i < s.count && ("0"..."9").contains(s[i]) { i += 1 }
            }
            return .opaque
        case "c":
            i += 1
            return .any
        case "0":
            while i < s.count && ("0"..."7").contains(s[i]) { i += 1 }
            return .any
        case "o":
            if i < s.count && s[i] == "{" { while i < s.count && s[i] != "}" { i += 1 }; i += 1 }
            return .any
        case "E":
            return nil
        default:
            if let scalar = RegexParser.escapedLiteral(e) { return literal(scalar) }
            return .opaque
        }
    }
}
