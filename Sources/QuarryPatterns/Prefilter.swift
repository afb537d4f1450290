import Foundation

/// One scan for every rule's literals, deciding per document which rules run and where.
///
/// Built from the literal analysis of each rule (``LiteralAnalysis``): rules whose matches
/// all start with a known literal (prefix mode) are tried, anchored, only at the literal's
/// occurrences; rules whose matches all contain one (gated) run only in documents where one
/// occurs; the rest (no literal found) run everywhere — `quarry bench` lists them as full
/// scans. The automaton folds ASCII case, so it finds a superset of the real occurrences;
/// PCRE2 verifies every candidate, so the matches are exactly those of running every rule
/// over the whole document (tested against ``ScanPlan/unfiltered``).
struct Prefilter: Sendable {
    /// Literals from case-sensitive patterns, matched exactly, and from caseless ones, matched
    /// with ASCII case folded. Literal ids: exact first, then caseless (offset by `exactCount`).
    let exact: AhoCorasick?
    let folded: AhoCorasick?
    let exactCount: Int
    /// For each literal id, a range of `ownerRules`/`ownerIsPrefix`: the rules (positions in
    /// the compiled list) that own the literal, and whether it is a prefix literal for them.
    /// Flat arrays, so that the scan touches no reference counts.
    let ownerStart: [Int32]
    let ownerRules: [Int32]
    let ownerIsPrefix: [Bool]
    /// The owner's prefix only counts at a word start.
    let ownerWordStart: [Bool]
    let lengths: [Int]
    let ruleCount: Int
    /// Rules (positions) that own a caseless literal.
    let caselessRules: [Int]

    init(_ rules: [CompiledRule]) {
        var owners: [String: [(rule: Int32, prefix: Bool, wordStart: Bool)]] = [:]
        for (position, rule) in rules.enumerated() {
            let (list, prefix, wordStart): ([String], Bool, Bool)
            switch rule.mode {
            case .full: continue
            case let .gated(factors): (list, prefix, wordStart) = (factors, false, false)
            case let .prefix(prefixes, atWordStart): (list, prefix, wordStart) = (prefixes, true, atWordStart)
            }
            for literal in Set(list) { owners[literal, default: []].append((Int32(position), prefix, wordStart)) }
        }
        let exactLiterals = owners.keys.filter { !LiteralAnalysis.isCaseless($0) }.sorted()
        let foldedLiterals = owners.keys.filter { LiteralAnalysis.isCaseless($0) }.sorted()
        let ordered = exactLiterals + foldedLiterals
        exact = exactLiterals.isEmpty ? nil : AhoCorasick(exactLiterals.map { Array($0.utf8) }, caseInsensitive: false)
        folded = foldedLiterals.isEmpty ? nil : AhoCorasick(foldedLiterals.map { Array(LiteralAnalysis.text($0).utf8) }, caseInsensitive: true)
        exactCount = exactLiterals.count
        lengths = ordered.map { LiteralAnalysis.text($0).utf8.count }
        var start: [Int32] = [0]
        var flatRules: [Int32] = [], flatPrefix: [Bool] = [], flatWordStart: [Bool] = []
        for literal in ordered {
            for owner in owners[literal]! { flatRules.append(owner.rule); flatPrefix.append(owner.prefix); flatWordStart.append(owner.wordStart) }
            start.append(Int32(flatRules.count))
        }
        ownerStart = start
        ownerRules = flatRules
        ownerIsPrefix = flatPrefix
        ownerWordStart = flatWordStart
        caselessRules = Array(Set(foldedLiterals.flatMap { owners[$0]!.map { Int($0.rule) } })).sorted()
        ruleCount = rules.count
    }

    /// The automaton's size, for `quarry bench`.
    var memoryBytes: Int { (exact?.memoryBytes ?? 0) + (folded?.memoryBytes ?? 0) + ownerStart.count * 4 + ownerRules.count * 6 }

    /// Scans the document for every literal; fills the scratch's per-rule candidates.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch) -> Candidates {
        scratch.resetCandidates(ruleCount)
        scratch.caselessFallback = false
        guard !bytes.isEmpty else { return Candidates(scratch: scratch) }
        lengths.withUnsafeBufferPointer { lengths in
        ownerStart.withUnsafeBufferPointer { ownerStart in
        ownerRules.withUnsafeBufferPointer { ownerRules in
        ownerIsPrefix.withUnsafeBufferPointer { ownerIsPrefix in
        ownerWordStart.withUnsafeBufferPointer { ownerWordStart in
            let base = bytes.baseAddress!
            func found(_ literal: Int, _ end: Int) {
                let start = end - lengths[literal]
                // After an ASCII letter, digit or '_' there is no word boundary (bytes >= 0x80
                // may or may not be letters: kept, PCRE2 decides).
                let afterWordByte: Bool
                if start > 0 {
                    let b = base[start - 1]
                    afterWordByte = (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
                } else {
                    afterWordByte = false
                }
                for k in Int(ownerStart[literal])..<Int(ownerStart[literal + 1]) {
                    if afterWordByte && ownerWordStart[k] { continue }
                    let rule = Int(ownerRules[k])
                    scratch.candidateHits[rule] += 1
                    if scratch.candidateHits[rule] == 1 { scratch.touched.append(rule) }
                    if ownerIsPrefix[k] {
                        if let last = scratch.candidateStarts[rule].last, last > start { scratch.unsorted[rule] = true }
                        scratch.candidateStarts[rule].append(start)
                    }
                }
            }
            exact?.scan(bytes) { literal, end in found(literal, end) }
            let offset = exactCount
            if folded != nil && Prefilter.hasSpecialCaseFolds(bytes) {
                // PCRE2's caseless matching (with Unicode properties) also matches K as the
                // Kelvin sign and s as the long s; ASCII folding would miss those matches, so
                // the rules with caseless literals scan this whole document.
                scratch.caselessFallback = true
            } else {
                folded?.scan(bytes) { literal, end in found(offset + literal, end) }
            }
        }}}}}
        // Two scans (and literals of different lengths) report starts out of order.
        for rule in scratch.touched where scratch.unsorted[rule] || (exact != nil && folded != nil) {
            scratch.candidateStarts[rule] = Array(Set(scratch.candidateStarts[rule])).sorted()
        }
        return Candidates(scratch: scratch)
    }

    /// Whether the text has U+212A KELVIN SIGN or U+017F LATIN SMALL LETTER LONG S.
    static func hasSpecialCaseFolds(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        while i + 1 < n {
            let b = bytes[i]
            if b == 0xC5 && bytes[i + 1] == 0xBF { return true }
            if b == 0xE2 && i + 2 < n && bytes[i + 1] == 0x84 && bytes[i + 2] == 0xAA { return true }
            i += 1
        }
        return false
    }

    /// A monotonic clock in nanoseconds (for per-rule timing in `quarry bench`).
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// The candidates of one document (a view of the scratch's buffers).
struct Candidates {
    let scratch: MatchScratch

    func starts(of rule: Int) -> [Int] { scratch.candidateStarts[rule] }
    func gatedHit(_ rule: Int) -> Bool { scratch.candidateHits[rule] > 0 }
    func hits(of rule: Int) -> Int { scratch.candidateHits[rule] }
}

/// Per-rule counters for `quarry bench`, indexed by the rule's position in the set.
public struct RuleStats: Sendable {
    /// Time spent running the rule (verification or full scan), in nanoseconds.
    public var nanoseconds: [UInt64]
    /// Matches found (before overlap resolution).
    public var matches: [Int]
    /// Occurrences of the rule's literals found by the prefilter.
    public var literalHits: [Int]
    /// PCRE2 runs: anchored tries at candidates, or whole-document scans.
    public var verifications: [Int]

    public init(rules: Int) {
        nanoseconds = Array(repeating: 0, count: rules)
        matches = Array(repeating: 0, count: rules)
        literalHits = Array(repeating: 0, count: rules)
        verifications = Array(repeating: 0, count: rules)
    }

    public mutating func add(_ other: RuleStats) {
        for i in nanoseconds.indices {
            nanoseconds[i] += other.nanoseconds[i]
            matches[i] += other.matches[i]
            literalHits[i] += other.literalHits[i]
            verifications[i] += other.verifications[i]
        }
    }
}
