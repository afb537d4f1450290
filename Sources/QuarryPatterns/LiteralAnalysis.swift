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
