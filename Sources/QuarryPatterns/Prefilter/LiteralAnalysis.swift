import Synchronization
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
///
/// Literals equal to a common word (`commonWords`, such as Quarry's `Rules/en/common-words.txt`,
/// see ``CommonWords``) are poor keys: "the" in `(?:the\s+)?Bahamas` occurs in nearly every document. A set holding one
/// loses to any other acceptable set; the list only tunes speed, never which matches are found.
struct LiteralAnalysis: Sendable {
    /// The analysis of `pattern`, made once per process for the same pattern, case rule and
    /// common words (`key` names them): every stage and every load of the rule files analyses
    /// each rule again otherwise, and the analysis is a good part of a load's time.
    static func shared(pattern: String, caseless: Bool, commonWords: Set<String>, key: Int) -> LiteralAnalysis {
        let cacheKey = CacheKey(pattern: Array(pattern.utf8), caseless: caseless, commonWords: key)
        if let found = cache.withLock({ $0[cacheKey] }) { return found }
        let analysis = LiteralAnalysis(pattern: pattern, caseless: caseless, commonWords: commonWords)
        cache.withLock { table in
            if table.count >= 4096 { table.removeAll() }
            table[cacheKey] = analysis
        }
        return analysis
    }

    /// The pattern as bytes: Swift compares strings by canonical equivalence, so "K" and the
    /// Kelvin sign (U+212A) are equal strings, but they are different patterns.
    private struct CacheKey: Hashable, Sendable {
        var pattern: [UInt8]
        var caseless: Bool
        var commonWords: Int
    }

    private static let cache = Mutex<[CacheKey: LiteralAnalysis]>([:])

    /// Required factors; nil: none found.
    var factors: [Literal]?
    /// Every match starts with one of these; nil: unknown.
    var prefixes: [Literal]?
    /// Every match starts at a word boundary (`\b` before the prefix): an occurrence of a
    /// prefix right after an ASCII letter or digit cannot start a match.
    var prefixesAtWordStart = false
    /// The literals take `\d` for the ASCII digits 0-9. With Unicode properties PCRE2's `\d`
    /// also matches other scripts' digits, so in a document that has one of those the rule
    /// must scan the whole document (``Prefilter`` checks for them).
    var assumesASCIIDigits = false

    /// Largest exact set kept through a concatenation (cross products grow fast).
    static let productLimit = 64
    /// Longest literal kept through a concatenation or a counted repetition, in bytes.
    static let lengthLimit = 256
    /// Largest factor set kept through an alternation (one entry per word of a list).
    static let unionLimit = 20_000

    /// The pattern reads only zero-width items (lookarounds, anchors, `\b`): its matches are
    /// all empty (false when the parser does not follow the pattern).
    var consumesNothing = false

    /// Words (ASCII-lower-cased) too frequent to be good prefilter keys.
    let commonWords: Set<String>

    /// Analyses a pattern.
    /// - Parameter commonWords: words, in ASCII lower case, that make a literal set a poor
    ///   filter (see the type's discussion); empty: no literal is poor.
    init(pattern: String, caseless: Bool, commonWords: Set<String> = []) {
        self.commonWords = commonWords
        var parser = RegexParser(Array(pattern.unicodeScalars), caseless: caseless)
        guard let tree = parser.parse(), !parser.unsupported else {
            factors = nil
            prefixes = nil
            return
        }
        consumesNothing = tree.consumesNothing
        let info = analyze(tree)
        factors = best(info.factors, info.exact).map { $0.count <= 300 ? LiteralAnalysis.minimal($0, by: { $0.implies($1) }) : $0 }
        prefixes = info.prefixes.flatMap { $0.contains(.empty) || $0.isEmpty ? nil : LiteralAnalysis.minimalPrefixes($0) }
        prefixesAtWordStart = info.wordStart && prefixes != nil
        assumesASCIIDigits = parser.usesASCIIDigits
        // `\K` moves the reported start, not where a match attempt begins; prefix mode anchors
        // at attempt starts and resumes after the reported end, exactly as the find-all loop
        // does, so the prefixes still hold.
    }

    // MARK: - Analysis

    struct Info {
        var exact: [Literal]?
        var factors: [Literal]?
        var prefixes: [Literal]?
        /// The prefixes are preceded by `\b` (and start with a word character).
        var wordStart = false
        /// The match cannot follow a word character (a one-character negative lookbehind on
        /// `\w` before the prefix), whatever its first character.
        var notAfterWord = false
    }

    /// The set without the entries implied by a shorter one: "november" goes when "nov" is
    /// in the set (every "november" occurrence is a "nov" occurrence).
    static func minimal(_ set: [Literal], by implies: (Literal, Literal) -> Bool) -> [Literal] {
        let sorted = Array(Set(set)).sorted { $0.bytes.count < $1.bytes.count }
        var kept: [Literal] = []
        for candidate in sorted where !kept.contains(where: { implies(candidate, $0) }) { kept.append(candidate) }
        return kept
    }

    /// The set without the entries that start with a shorter one of the same case mode, in
    /// O(total length) with a hash set.
    static func minimalPrefixes(_ set: [Literal]) -> [Literal] {
        let sorted = Array(Set(set)).sorted { $0.bytes.count < $1.bytes.count }
        var kept = Set<Literal>()
        var result: [Literal] = []
        for candidate in sorted {
            var implied = false
            for length in candidate.bytes.indices.dropFirst() where kept.contains(Literal(bytes: Array(candidate.bytes[..<length]), caseless: candidate.caseless)) {
                implied = true
                break
            }
            if !implied { kept.insert(candidate); result.append(candidate) }
        }
        return result
    }

    /// Every concatenation of a literal of `a` with one of `b`; caseless if either part is.
    static func product(_ a: [Literal], _ b: [Literal]) -> [Literal]? {
        if a == [.empty] { return b }  // the identity, whatever the size of the other side
        if b == [.empty] { return a }
        guard a.count * b.count <= productLimit else { return nil }
        var result: [Literal] = []
        for x in a {
            for y in b {
                // A literal this long says nothing a prefix of it does not, and `a{65535}`
                // would build one 64 KB long, one byte at a time.
                guard x.bytes.count + y.bytes.count <= lengthLimit else { return nil }
                result.append(x + y)
            }
        }
        return Array(Set(result))
    }

    /// Whether a factor set is worth scanning for: no empty literal, and every literal either
    /// at least three bytes long or a non-alphanumeric character ("$", "%", "@", "“").
    static func acceptable(_ set: [Literal]) -> Bool {
        !set.isEmpty && set.allSatisfy { item in
            if item.bytes.count >= 3 { return true }
            let literal = item.text
            // Two exact characters with a capital or a digit are rare enough: "US", "G7".
            if !item.caseless && literal.unicodeScalars.count == 2
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

    /// Whether the literal starts with an ASCII letter, digit or '_'.
    static func startsWithWordCharacter(_ literal: Literal) -> Bool {
        guard let first = literal.bytes.first else { return false }
        return first < 0x80 && Unicode.Scalar(first).properties.isAlphabetic || (0x30...0x39).contains(first) || first == 0x5F
    }

    /// Whether a set holds a common word (in any case): a poor filter.
    static func isPoor(_ set: [Literal], commonWords: Set<String>) -> Bool {
        !commonWords.isEmpty && set.contains { commonWords.contains($0.foldedText) }
    }

    func isPoor(_ set: [Literal]) -> Bool { LiteralAnalysis.isPoor(set, commonWords: commonWords) }

    /// The better of candidate factor sets: no common word, then the longest shortest
    /// literal, then the fewest literals.
    func best(_ candidates: [Literal]?...) -> [Literal]? {
        var chosen: [Literal]? = nil
        func score(_ set: [Literal]) -> (Int, Int, Int) { (isPoor(set) ? 0 : 1, set.map(\.bytes.count).min() ?? 0, -set.count) }
        for case let candidate? in candidates where Self.acceptable(candidate) {
            if chosen == nil || score(candidate) > score(chosen!) { chosen = candidate }
        }
        return chosen
    }

    func analyze(_ node: RegexNode) -> Info {
        switch node {
        case let .literal(literal):
            return Info(exact: [literal], factors: [literal], prefixes: [literal])
        case let .set(literals):
            return Info(exact: literals, factors: literals, prefixes: literals)
        case .zeroWidth:
            return Info(exact: [.empty], factors: nil, prefixes: [.empty])
        case .wordBoundary:
            return Info(exact: [.empty], factors: nil, prefixes: [.empty], wordStart: true)
        case .notAfterWord:
            return Info(exact: [.empty], factors: nil, prefixes: [.empty], wordStart: false, notAfterWord: true)
        case .any, .opaque:
            return Info(exact: nil, factors: nil, prefixes: nil)
        case let .group(child):
            return analyze(child)
        case let .concat(children):
            return concat(children.map(analyze))
        case let .alternation(branches):
            let infos = branches.map(analyze)
            var exact: [Literal]? = []
            var factors: [Literal]? = []
            var prefixes: [Literal]? = []
            for info in infos {
                if let e = info.exact, let current = exact, current.count + e.count <= Self.productLimit { exact = current + e } else { exact = nil }
                if let f = best(info.factors, info.exact.flatMap { $0.contains(.empty) ? nil : $0 }), let current = factors, current.count + f.count <= Self.unionLimit {
                    factors = current + f
                } else {
                    factors = nil
                }
                if let p = info.prefixes ?? info.exact, let current = prefixes, current.count + p.count <= Self.unionLimit { prefixes = current + p } else { prefixes = nil }
            }
            return Info(exact: exact.map { Array(Set($0)) }, factors: factors.map { Array(Set($0)) }, prefixes: prefixes.map { Array(Set($0)) },
                        wordStart: infos.allSatisfy(\.wordStart), notAfterWord: infos.allSatisfy(\.notAfterWord))
        case let .repetition(child, minimum, maximum):
            let info = analyze(child)
            if minimum == 0 {
                let exact = maximum == 1 ? info.exact.map { Array(Set($0 + [.empty])) } : nil
                // Empty, or starting with one of the child's prefixes (unknown when the
                // child's are).
                let prefixes = exact ?? info.prefixes.map { Array(Set($0 + [.empty])) }
                return Info(exact: exact, factors: nil, prefixes: prefixes)
            }
            var exact: [Literal]? = nil
            if minimum == maximum, let e = info.exact {
                var result: [Literal] = [.empty]
                for _ in 0..<minimum {
                    guard let next = Self.product(result, e) else { result = []; break }
                    result = next
                }
                if !result.isEmpty { exact = result }
            }
            let factors = best(info.factors, info.exact.flatMap { $0.contains(.empty) ? nil : $0 })
            return Info(exact: exact, factors: factors, prefixes: info.prefixes ?? info.exact, wordStart: info.wordStart,
                        notAfterWord: info.notAfterWord)
        }
    }

    func concat(_ infos: [Info]) -> Info {
        // Exact: the product of every child's exact set, while it stays small.
        var exact: [Literal]? = [.empty]
        for info in infos {
            guard let current = exact, let e = info.exact, let next = Self.product(current, e) else { exact = nil; break }
            exact = next
        }
        // Factors: any child's, or the product of a run of children with exact sets.
        var candidates: [[Literal]] = infos.compactMap { best($0.factors) }
        var run: [Literal]? = nil
        func closeRun() {
            if let r = run, let chosen = best(r) { candidates.append(chosen) }
            run = nil
        }
        for info in infos {
            if let e = info.exact, e != [.empty] {
                if let current = run, let next = LiteralAnalysis.product(current, e) {
                    run = next
                } else {
                    closeRun()
                    run = e
                }
            } else if info.exact == [.empty] {
                continue  // zero-width: does not break a run ("a\bb" cannot match anyway)
            } else {
                closeRun()
            }
        }
        closeRun()
        var factors: [Literal]? = nil
        for candidate in candidates { factors = best(factors, candidate) }
        if let e = exact { factors = best(factors, e.contains(.empty) ? nil : e) }
        // Prefixes: the exact children from the start, then the first inexact child's prefixes.
        // A word boundary before the first child that consumes text makes them word starts.
        var wordStart = false, notAfterWord = false
        for info in infos {
            if info.exact == [.empty] {
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
        func prefixes(from start: Int, after current: [Literal]) -> [Literal]? {
            var current = current
            var k = start
            while k < infos.count {
                let info = infos[k]
                if let e = info.exact {
                    guard let next = LiteralAnalysis.product(current, e) else { return nil }
                    current = next
                    k += 1
                    continue
                }
                // Nothing known about this child: what came before is the prefix, unless
                // that may be empty (then nothing is known). So a "" in a result always means
                // "can match the empty string", never "unknown".
                guard let p = info.prefixes else { return current.contains(.empty) ? nil : current }
                if p.contains(.empty) {
                    let nonEmpty = p.filter { !$0.isEmpty }
                    guard let taken = LiteralAnalysis.product(current, nonEmpty), let skipped = prefixes(from: k + 1, after: current) else { return nil }
                    let union = Array(Set(taken + skipped))
                    return union.count <= LiteralAnalysis.unionLimit ? union : nil
                }
                return LiteralAnalysis.product(current, p)
            }
            return current
        }
        var prefix = prefixes(from: 0, after: [.empty])
        if let p = prefix, p.contains(.empty) || p.isEmpty { prefix = nil }
        // Only meaningful when every prefix starts with a word character.
        if let p = prefix, !p.allSatisfy({ LiteralAnalysis.startsWithWordCharacter($0) }) { wordStart = false }
        // Not after a word character holds whatever the prefix starts with; for the prefilter
        // (which skips places after ASCII letters and digits) it is a word start.
        return Info(exact: exact, factors: factors, prefixes: prefix, wordStart: wordStart || notAfterWord, notAfterWord: notAfterWord)
    }
}
