import CQuarryScan
import QuarryCore
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
    /// The literal scanners: literals from case-sensitive patterns matched exactly, from
    /// caseless ones with ASCII case folded; literals that only count at a word start (every
    /// owner is a prefix after `\b`) in hash tables probed at word starts
    /// (``WordStartHash``), the rest in automata run over every byte. Literal ids are numbered
    /// group after group: `groups[g].offset` is the first id of group g.
    let groups: [(scanner: Scanner, offset: Int, folded: Bool)]
    /// For each literal id, a range of `ownerRules`/`ownerRecordsStart`: the rules (positions
    /// in the compiled list) that own the literal, and whether its occurrences are recorded
    /// for them (``MatchScratch/candidateStarts``): where a prefix rule is tried, around which
    /// a windowed gated rule searches. Flat arrays, so that the scan touches no reference
    /// counts.
    let ownerStart: [Int32]
    let ownerRules: [Int32]
    let ownerRecordsStart: [Bool]
    /// The owner's prefix only counts at a word start.
    let ownerWordStart: [Bool]
    /// The literal is a gate of the owner, a prefix-mode rule: it only records that a factor
    /// occurs (``MatchScratch/gateHits``).
    let ownerIsGate: [Bool]
    let lengths: [Int]
    /// Per literal id, whether it is caseless (the hashed group mixes both modes).
    let hashedCaseless: [Bool]
    let ruleCount: Int
    /// Rules (positions) that own a caseless literal.
    let caselessRules: [Int]
    /// Rules (positions) whose literals read `\d` as 0-9.
    let digitRules: [Int]

    init(_ rules: [CompiledRule]) {
        var owners: [Literal: [(rule: Int32, prefix: Bool, wordStart: Bool, gate: Bool)]] = [:]
        for (position, rule) in rules.enumerated() {
            let (list, prefix, wordStart): ([Literal], Bool, Bool)
            switch rule.strategy {
            case .fullScan, .wordList, .tokens: continue
            case let .gated(factors): (list, prefix, wordStart) = (factors, false, false)
            case let .prefixAnchored(prefixes, atWordStart, gate):
                (list, prefix, wordStart) = (prefixes, true, atWordStart)
                // A prefix rule's gate literals only count (anywhere) as "a factor occurs".
                for literal in Set(gate ?? []) { owners[literal, default: []].append((Int32(position), false, false, true)) }
            }
            for literal in Set(list) { owners[literal, default: []].append((Int32(position), prefix, wordStart, false)) }
        }
        func atWordStartOnly(_ literal: Literal) -> Bool { owners[literal]!.allSatisfy { $0.prefix && $0.wordStart } }
        var ordered: [Literal] = []
        var groups: [(scanner: Scanner, offset: Int, folded: Bool)] = []
        // Literals that only count at a word start go to one hash of word starts, exact and
        // caseless together, whatever their number; the rest (and those that begin with
        // punctuation) to an automaton per case mode, which sees every byte.
        let wordStart = owners.keys.filter { atWordStartOnly($0) && WordStartHash.accepts($0.bytes) }.sorted()
        let anywhere = Set(owners.keys).subtracting(wordStart)
        for folded in [false, true] {
            let literals = anywhere.filter { $0.caseless == folded }.sorted()
            guard !literals.isEmpty else { continue }
            groups.append((.anywhere(AhoCorasick(literals)), ordered.count, folded))
            ordered += literals
        }
        if !wordStart.isEmpty {
            groups.append((.wordStarts(WordStartHash(wordStart)), ordered.count, false))
            ordered += wordStart
        }
        hashedCaseless = ordered.map(\.caseless)
        self.groups = groups
        lengths = ordered.map(\.bytes.count)
        var start: [Int32] = [0]
        var flatRules: [Int32] = [], flatPrefix: [Bool] = [], flatWordStart: [Bool] = [], flatGate: [Bool] = []
        for literal in ordered {
            for owner in owners[literal]! {
                flatRules.append(owner.rule)
                flatPrefix.append(owner.prefix || !owner.gate && rules[Int(owner.rule)].window != nil)
                flatWordStart.append(owner.wordStart)
                flatGate.append(owner.gate)
            }
            start.append(Int32(flatRules.count))
        }
        ownerStart = start
        ownerRules = flatRules
        ownerRecordsStart = flatPrefix
        ownerWordStart = flatWordStart
        ownerIsGate = flatGate
        caselessRules = Array(Set(owners.filter { $0.key.caseless }.flatMap { $0.value.map { Int($0.rule) } })).sorted()
        ruleCount = rules.count
        digitRules = rules.indices.filter { rules[$0].asciiDigits }
    }

    /// The automaton's size, for `quarry bench`.
    var memoryBytes: Int { groups.reduce(0) { $0 + $1.scanner.memoryBytes } + ownerStart.count * 4 + ownerRules.count * 7 }

    /// A group's scanner: an automaton fed every byte, or a hash probed at word starts.
    enum Scanner: Sendable {
        case anywhere(AhoCorasick)
        case wordStarts(WordStartHash)

        var memoryBytes: Int {
            switch self {
            case let .anywhere(automaton): automaton.memoryBytes
            case let .wordStarts(table): table.memoryBytes
            }
        }
    }

    /// Scans the document for every literal; fills the scratch's per-rule candidates.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch) -> Candidates {
        scratch.resetCandidates(ruleCount)
        scratch.caselessFallback = false
        scratch.digitFallback = false
        guard !bytes.isEmpty else { return Candidates(scratch: scratch) }
        // PCRE2's \d (with Unicode properties) also matches other scripts' digits, which the
        // literals 0-9 miss: rules that rely on them scan such a document whole.
        let hazards = Prefilter.unicodeHazards(bytes, folds: !caselessRules.isEmpty, digits: !digitRules.isEmpty)
        scratch.digitFallback = hazards.otherDigits
        lengths.withUnsafeBufferPointer { lengths in
        ownerStart.withUnsafeBufferPointer { ownerStart in
        ownerRules.withUnsafeBufferPointer { ownerRules in
        ownerRecordsStart.withUnsafeBufferPointer { ownerRecordsStart in
        ownerWordStart.withUnsafeBufferPointer { ownerWordStart in
        ownerIsGate.withUnsafeBufferPointer { ownerIsGate in
            let base = bytes.baseAddress!
            func found(_ literal: Int, _ end: Int) {
                let start = end - lengths[literal]
                // After an ASCII letter, digit or '_' there is no word boundary (bytes >= 0x80
                // may or may not be letters: kept, PCRE2 decides).
                // The same table the word-start hash uses, so both agree on where words start.
                let afterWordByte = start > 0 && WordStartHash.wordByte[Int(base[start - 1])]
                for k in Int(ownerStart[literal])..<Int(ownerStart[literal + 1]) {
                    if afterWordByte && ownerWordStart[k] { continue }
                    let rule = Int(ownerRules[k])
                    if ownerIsGate[k] {
                        scratch.gateHits[rule] += 1
                        if scratch.gateHits[rule] == 1 && scratch.candidateHits[rule] == 0 { scratch.touched.append(rule) }
                        continue
                    }
                    scratch.candidateHits[rule] += 1
                    if scratch.candidateHits[rule] == 1 && scratch.gateHits[rule] == 0 { scratch.touched.append(rule) }
                    if ownerRecordsStart[k] {
                        if let last = scratch.candidateStarts[rule].last {
                            // Two literals of the rule at one start ("rugby", "rugby union"):
                            // one anchored try is enough.
                            if last == start { continue }
                            if last > start { scratch.unsorted[rule] = true }
                        }
                        scratch.candidateStarts[rule].append(start)
                    }
                }
            }
            // PCRE2's caseless matching (with Unicode properties) also matches K as the Kelvin
            // sign and s as the long s; ASCII folding would miss those matches, so in a
            // document that has either, the rules with caseless literals scan it whole.
            let specialFolds = hazards.specialFolds
            scratch.caselessFallback = specialFolds
            for group in groups where !(group.folded && specialFolds) {
                let offset = group.offset
                switch group.scanner {
                case let .anywhere(automaton): automaton.scan(bytes) { literal, end in found(offset + literal, end) }
                case let .wordStarts(table):
                    if specialFolds {
                        // Caseless literals are dropped here as their automaton is above.
                        table.scan(bytes) { literal, end in if !hashedCaseless[offset + literal] { found(offset + literal, end) } }
                    } else {
                        table.scan(bytes) { literal, end in found(offset + literal, end) }
                    }
                }
            }
        }}}}}}
        // Several scans (and literals of different lengths) may report a rule's starts out of
        // order: `found` noticed it.
        for rule in scratch.touched where scratch.unsorted[rule] {
            scratch.candidateStarts[rule] = Array(Set(scratch.candidateStarts[rule])).sorted()
        }
        return Candidates(scratch: scratch)
    }

    /// What ASCII-based literals can miss in a document, found in one pass over its
    /// non-ASCII characters: U+212A KELVIN SIGN or U+017F LONG S (which PCRE2's caseless
    /// matching folds to k and s), and decimal digits outside ASCII (which `\d` matches).
    static func unicodeHazards(_ bytes: UnsafeBufferPointer<UInt8>, folds: Bool, digits: Bool) -> (specialFolds: Bool, otherDigits: Bool) {
        var specialFolds = false, otherDigits = false
        guard folds || digits else { return (false, false) }
        let n = bytes.count
        guard let base = bytes.baseAddress else { return (false, false) }
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                // Jump over ASCII sixteen bytes at a time.
                i += quarry_first_non_ascii(base + i, n - i)
                continue
            }
            if b < 0xC0 { i += 1; continue }
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard i + length <= n else { break }
            var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
            if folds && (value == 0x17F || value == 0x212A) { specialFolds = true }
            if digits && !otherDigits, let scalar = Unicode.Scalar(value), scalar.properties.numericType == .decimal { otherDigits = true }
            if (specialFolds || !folds) && (otherDigits || !digits) { break }
            i += length
        }
        return (specialFolds, otherDigits)
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
    /// Documents in which the rule stopped at a PCRE2 limit (its matches there are dropped).
    public var limitHits: [Int]
    /// Work done for every token rule of the set and billed to none: the per-document token
    /// features (lower-cased text, token tables, sentence starts) and the index of the words
    /// token rules require, in nanoseconds.
    public var sharedNanoseconds: UInt64 = 0

    /// Zeroed counters for a set of `rules` rules.
    public init(ruleCount rules: Int) {
        nanoseconds = Array(repeating: 0, count: rules)
        matches = Array(repeating: 0, count: rules)
        literalHits = Array(repeating: 0, count: rules)
        verifications = Array(repeating: 0, count: rules)
        limitHits = Array(repeating: 0, count: rules)
    }

    /// Adds `other`'s counters to these, rule by rule; both must count the same set.
    public mutating func add(_ other: RuleStats) {
        for i in nanoseconds.indices {
            nanoseconds[i] += other.nanoseconds[i]
            matches[i] += other.matches[i]
            literalHits[i] += other.literalHits[i]
            verifications[i] += other.verifications[i]
            limitHits[i] += other.limitHits[i]
        }
        sharedNanoseconds += other.sharedNanoseconds
    }
}
