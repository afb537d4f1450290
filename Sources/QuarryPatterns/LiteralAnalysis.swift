/// Literal factors of a regular expression: strings of which at least one occurs in every
/// match. They let one multi-literal scan decide which rules can match in a document, and
/// where (see ``Prefilter``).
///
/// The analysis parses the PCRE2 pattern into a small tree and computes, bottom-up, for each
/// node: the exact set of strings it can match (when small), a set of required factors, and
/// a set of prefixes every match starts with. Anything it does not understand (backreferences,
/// recursion, conditionals, extended mode) makes it conservative — a node it cannot
/// analyse contributes no factor, so the result is never wrong, only sometimes "none". The
/// prefilter is checked against unfiltered PCRE2 runs on the corpus and on generated text.
///
/// Why it is valid: every child of a concatenation matches a substring of the whole match,
/// so any child's required factors are the concatenation's; an alternation needs one factor
/// from each branch; an optional or starred part requires nothing; lookarounds and anchors
/// match no text, so they contribute nothing. Example: `\$\s?\d+(?:\s+(?:million|billion))?`
/// has the factor set {"$"}; `\b(?:North|South)\s+Korea\b` has {"korea"} (or {"north",
/// "south"}) and the prefix set {"north", "south"}.
struct LiteralAnalysis {
    /// Required factors, ASCII-lower-cased (the scan folds ASCII case); nil: none found.
    var factors: [String]?
    /// Every match starts with one of these; nil: unknown.
    var prefixes: [String]?
    /// Every match starts at a word boundary (`\b` before the prefix): an occurrence of a
    /// prefix right after an ASCII letter or digit cannot start a match.
    var prefixesAtWordStart = false
    /// The literals take `\d` for the ASCII digits 0-9. With Unicode properties PCRE2's `\d`
    /// also matches other scripts' digits, so in a document that has one of those the rule
    /// must scan the whole document (``Prefilter`` checks for them).
    var assumesASCIIDigits = false

    /// Largest exact set kept through a concatenation (cross products grow fast).
    static let productLimit = 64
    /// Largest factor set kept through an alternation (one entry per word of a list).
    static let unionLimit = 20_000

    init(pattern: String, caseless: Bool) {
        var parser = RegexParser(Array(pattern.unicodeScalars), caseless: caseless)
        guard let tree = parser.parse(), !parser.unsupported else {
            factors = nil
            prefixes = nil
            return
        }
        let info = LiteralAnalysis.analyze(tree)
        factors = LiteralAnalysis.best(info.factors, info.exact).map { $0.count <= 300 ? LiteralAnalysis.minimal($0, by: { $0.contains($1) }) : $0 }
        prefixes = info.prefixes.flatMap { $0.contains("") || $0.isEmpty ? nil : LiteralAnalysis.minimalPrefixes($0) }
        prefixesAtWordStart = info.wordStart && prefixes != nil
        assumesASCIIDigits = parser.usesASCIIDigits
        // `\K` moves the reported start, not where a match attempt begins; prefix mode anchors
        // at attempt starts and resumes after the reported end, exactly as the find-all loop
        // does, so the prefixes still hold.
    }

    // MARK: - Analysis

    struct Info {
        var exact: [String]?
        var factors: [String]?
        var prefixes: [String]?
        /// The prefixes are preceded by `\b` (and start with a word character).
        var wordStart = false
        /// The match cannot follow a word character (a one-character negative lookbehind on
        /// `\w` before the prefix), whatever its first character.
        var notAfterWord = false
    }

    static func fold(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }

    /// The set without the entries implied by a shorter one: "november" goes when "nov" is
    /// a prefix set member (every "november" occurrence is a "nov" occurrence).
    static func minimal(_ set: [String], by implies: (String, String) -> Bool) -> [String] {
        let sorted = Array(Set(set)).sorted { $0.utf8.count < $1.utf8.count }
        var kept: [String] = []
        for candidate in sorted where !kept.contains(where: { implies(candidate, $0) }) { kept.append(candidate) }
        return kept
    }

    /// ``minimal(_:by:)`` for prefixes, in O(total length) with a set.
    static func minimalPrefixes(_ set: [String]) -> [String] {
        let sorted = Array(Set(set)).sorted { $0.utf8.count < $1.utf8.count }
        var kept = Set<String>()
        var result: [String] = []
        for candidate in sorted {
            var prefix = ""
            var implied = false
            for character in candidate.dropLast() {
                prefix.append(character)
                if kept.contains(prefix) { implied = true; break }
            }
            if !implied { kept.insert(candidate); result.append(candidate) }
        }
        return result
    }

    /// Literals found in a caseless context carry this first character and are ASCII-folded;
    /// the others are exact, and the prefilter matches them case-sensitively ("US" does not
    /// fire on "use").
    static let caselessMark: Unicode.Scalar = "\u{1}"

    static func isCaseless(_ s: String) -> Bool { s.unicodeScalars.first == caselessMark }
    static func text(_ s: String) -> String { isCaseless(s) ? String(String.UnicodeScalarView(s.unicodeScalars.dropFirst())) : s }
    static func caseless(_ s: String) -> String { isCaseless(s) ? s : String(caselessMark) + fold(s) }

    /// Every concatenation of a string of `a` with one of `b`; caseless if either part is.
    static func product(_ a: [String], _ b: [String]) -> [String]? {
        if a == [""] { return b }  // the identity, whatever the size of the other side
        if b == [""] { return a }
        guard a.count * b.count <= productLimit else { return nil }
        var result: [String] = []
        for x in a {
            for y in b {
                if isCaseless(x) || isCaseless(y) {
                    result.append(String(caselessMark) + fold(text(x) + text(y)))
                } else {
                    result.append(x + y)
                }
            }
        }
        return Array(Set(result))
    }

    /// Whether a factor set is worth scanning for: no empty string, and every literal either
    /// at least three bytes long or a non-alphanumeric character ("$", "%", "@", "“").
    static func acceptable(_ set: [String]) -> Bool {
        !set.isEmpty && set.allSatisfy { marked in
            let literal = text(marked)
            if literal.utf8.count >= 3 { return true }
            // Two exact characters with a capital or a digit are rare enough: "US", "G7".
            if !isCaseless(marked) && literal.unicodeScalars.count == 2
                && literal.unicodeScalars.contains(where: { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) {
                return true
            }
            guard let first = literal.unicodeScalars.first, !literal.isEmpty else { return false }
            if literal.unicodeScalars.count == 1 && !first.properties.isAlphabetic && !("0"..."9").contains(first) && first != " " {
                return true
            }
            return literal.utf8.count >= 2 && literal.unicodeScalars.contains { !$0.properties.isAlphabetic && !("0"..."9").contains($0) && $0 != " " }
        }
    }

    /// Words so frequent in English text that a literal equal to one of them finds candidates
    /// nearly everywhere ("the" in `(?:the\s+)?Bahamas`): a set containing one is a poor filter.
    static let commonWords: Set<String> = [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "i", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were",
        "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who",
        "so", "no", "she", "other", "its", "also", "after", "new", "said", "two", "first", "than", "into", "up", "out",
        "about", "over", "our", "some", "what", "only", "time", "them", "these", "may", "any", "most", "state", "year",
        "people", "being", "could", "such", "under", "where", "while", "during", "since", "before", "between", "three",
    ]

    static func startsWithWordCharacter(_ s: String) -> Bool {
        guard let first = text(s).unicodeScalars.first else { return false }
        return first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "_")
    }

    /// Word-start prefixes are worth scanning for even when short: "IT" or "ER" in a word list
    /// only counts where a word begins.
    static func acceptableAtWordStart(_ set: [String]) -> Bool {
        !set.isEmpty && set.allSatisfy { !text($0).isEmpty && startsWithWordCharacter($0) }
    }

    static func isPoor(_ set: [String]) -> Bool { set.contains { commonWords.contains(fold(text($0))) } }

    /// The better of candidate factor sets: no common word, then the longest shortest
    /// literal, then the fewest literals.
    static func best(_ candidates: [String]?...) -> [String]? {
        var chosen: [String]? = nil
        func score(_ set: [String]) -> (Int, Int, Int) { (isPoor(set) ? 0 : 1, set.map { text($0).utf8.count }.min() ?? 0, -set.count) }
        for case let candidate? in candidates where acceptable(candidate) {
            if chosen == nil || score(candidate) > score(chosen!) { chosen = candidate }
        }
        return chosen
    }

    static func analyze(_ node: RegexNode) -> Info {
        switch node {
        case let .literal(text):
            return Info(exact: [text], factors: [text], prefixes: [text])
        case let .set(strings):
            return Info(exact: strings, factors: strings, prefixes: strings)
        case let .caselessLetter(letter):
            let marked = caseless(letter)
            return Info(exact: [marked], factors: [marked], prefixes: [marked])
        case .zeroWidth:
            return Info(exact: [""], factors: nil, prefixes: [""])
        case .wordBoundary:
            return Info(exact: [""], factors: nil, prefixes: [""], wordStart: true)
        case .notAfterWord:
            return Info(exact: [""], factors: nil, prefixes: [""], wordStart: false, notAfterWord: true)
        case .any, .opaque:
            return Info(exact: nil, factors: nil, prefixes: nil)
        case let .group(child):
            return analyze(child)
        case let .concat(children):
            return concat(children.map(analyze))
        case let .alternation(branches):
            let infos = branches.map(analyze)
            var exact: [String]? = []
            var factors: [String]? = []
            var prefixes: [String]? = []
            for info in infos {
                if let e = info.exact, let current = exact, current.count + e.count <= productLimit { exact = current + e } else { exact = nil }
                if let f = best(info.factors, info.exact.flatMap { $0.contains("") ? nil : $0 }), let current = factors, current.count + f.count <= unionLimit {
                    factors = current + f
                } else {
                    factors = nil
                }
                if let p = info.prefixes ?? info.exact, let current = prefixes, current.count + p.count <= unionLimit { prefixes = current + p } else { prefixes = nil }
            }
            return Info(exact: exact.map { Array(Set($0)) }, factors: factors.map { Array(Set($0)) }, prefixes: prefixes.map { Array(Set($0)) },
                        wordStart: infos.allSatisfy(\.wordStart), notAfterWord: infos.allSatisfy(\.notAfterWord))
        case let .repetition(child, minimum, maximum):
            let info = analyze(child)
            if minimum == 0 {
                let exact = maximum == 1 ? info.exact.map { Array(Set($0 + [""])) } : nil
                // Empty, or starting with one of the child's prefixes (unknown when the
                // child's are).
                let prefixes = exact ?? info.prefixes.map { Array(Set($0 + [""])) }
                return Info(exact: exact, factors: nil, prefixes: prefixes)
            }
            var exact: [String]? = nil
            if minimum == maximum, let e = info.exact {
                var result = [""]
                for _ in 0..<minimum {
                    guard let next = product(result, e) else { result = []; break }
                    result = next
                }
                if !result.isEmpty { exact = result }
            }
            let factors = best(info.factors, info.exact.flatMap { $0.contains("") ? nil : $0 })
            return Info(exact: exact, factors: factors, prefixes: info.prefixes ?? info.exact, wordStart: info.wordStart,
                        notAfterWord: info.notAfterWord)
        }
    }

    static func concat(_ infos: [Info]) -> Info {
        // Exact: the product of every child's exact set, while it stays small.
        var exact: [String]? = [""]
        for info in infos {
            guard let current = exact, let e = info.exact, let next = product(current, e) else { exact = nil; break }
            exact = next
        }
        // Factors: any child's, or the product of a run of children with exact sets.
        var candidates: [[String]] = infos.compactMap { best($0.factors) }
        var run: [String]? = nil
        func closeRun() {
            if let r = run, let chosen = best(r) { candidates.append(chosen) }
            run = nil
        }
        for info in infos {
            if let e = info.exact, !(e.count == 1 && e[0].isEmpty) {
                if let current = run, let next = product(current, e) {
                    run = next
                } else {
                    closeRun()
                    run = e
                }
            } else if info.exact == [""] {
                continue  // zero-width: does not break a run ("a\bb" cannot match anyway)
            } else {
                closeRun()
            }
        }
        closeRun()
        var factors: [String]? = nil
        for candidate in candidates { factors = best(factors, candidate) }
        if let e = exact { factors = best(factors, e.contains("") ? nil : e) }
        // Prefixes: the exact children from the start, then the first inexact child's prefixes.
        // A word boundary before the first child that consumes text makes them word starts.
        var wordStart = false, notAfterWord = false
        for info in infos {
            if info.exact == [""] {
                if info.wordStart { wordStart = true }
                if info.notAfterWord { notAfterWord = true }
                continue
            }
            wordStart = wordStart || info.wordStart
            notAfterWord = notAfterWord || info.notAfterWord
            break
        }
        // A child that can match nothing ("(?:the\s+)?day"): its own prefixes, or, when it is
        // skipped, the prefixes of what follows it.
        func prefixes(from start: Int, after current: [String]) -> [String]? {
            var current = current
            var k = start
            while k < infos.count {
                let info = infos[k]
                if let e = info.exact {
                    guard let next = product(current, e) else { return nil }
                    current = next
                    k += 1
                    continue
                }
                // Nothing known about this child: what came before is the prefix, unless
                // that may be empty (then nothing is known). So a "" in a result always means
                // "can match the empty string", never "unknown".
                guard let p = info.prefixes else { return current.contains("") ? nil : current }
                if p.contains("") {
                    let nonEmpty = p.filter { !$0.isEmpty }
                    guard let taken = product(current, nonEmpty), let skipped = prefixes(from: k + 1, after: current) else { return nil }
                    let union = Array(Set(taken + skipped))
                    return union.count <= unionLimit ? union : nil
                }
                return product(current, p)
            }
            return current
        }
        var prefix = prefixes(from: 0, after: [""])
        if let p = prefix, p.contains("") || p.isEmpty { prefix = nil }
        // Only meaningful when every prefix starts with a word character.
        if let p = prefix, !p.allSatisfy({ LiteralAnalysis.startsWithWordCharacter($0) }) { wordStart = false }
        // Not after a word character holds whatever the prefix starts with; for the prefilter
        // (which skips places after ASCII letters and digits) it is a word start.
        return Info(exact: exact, factors: factors, prefixes: prefix, wordStart: wordStart || notAfterWord, notAfterWord: notAfterWord)
    }
}

/// The parts of a PCRE2 pattern that matter for literal analysis.
indirect enum RegexNode {
    /// A literal string (under caseless, ASCII only; the caller folds case).
    case literal(String)
    /// One of a few strings (a small character class).
    case set([String])
    /// A letter matched in either case (caseless context).
    case caselessLetter(String)
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
/// `unsupported` for constructs that change how the rest is read (`(?x)` extended mode),
/// and `resetsStart` for `\K`.
struct RegexParser {
    let s: [Unicode.Scalar]
    var i = 0
    var caseless: Bool
    var unsupported = false
    var resetsStart = false
    /// A `\d` was read as the digits 0-9.
    var usesASCIIDigits = false

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
            guard let atom = parseAtom() else { continue }
            items.append(parseQuantifier(atom))
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    /// A letter under caseless matching becomes the set of its two cases (ASCII only).
    func literal(_ c: Unicode.Scalar) -> RegexNode {
        if caseless && c.properties.isAlphabetic {
            if c.isASCII { return .caselessLetter(String(c).lowercased()) }
            return .any  // non-ASCII case folding is left to PCRE2
        }
        return .literal(String(c))
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
        let inner = parseAlternation()
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
        var strings = Set<String>()
        for m in members {
            if caseless && m.properties.isAlphabetic {
                guard m.isASCII else { return .any }
                strings.insert(LiteralAnalysis.caseless(String(m)))
            } else {
                strings.insert(String(m))
            }
        }
        return .set(Array(strings))
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
        case "B", "A", "z", "Z", "G": return .zeroWidth
        case "K":
            resetsStart = true
            return .zeroWidth
        case "d":
            // The ASCII digits; ``LiteralAnalysis/assumesASCIIDigits`` tells the prefilter to
            // fall back where other digits occur.
            usesASCIIDigits = true
            return .set((0...9).map(String.init))
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
                return .concat(text.unicodeScalars.map { literal($0) })
            }
            return text.isEmpty ? nil : .literal(text)
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
