import QuarryCore
/// How a compiled rule runs over a document: decided once per rule, when the set is compiled,
/// from the literals every match must contain or start with (`LiteralAnalysis`).
///
/// The strategy only decides where PCRE2 runs, never what it finds: with or without the
/// prefilter (``ScanPlan/unfiltered``) the matches are the same. `quarry bench` prints each
/// rule's ``name`` and lists the full scans, the rules that cost time on every document.
public enum RuleStrategy: Sendable, Hashable {
    /// Every match starts with one of `prefixes`: the rule is tried, anchored, only at the
    /// places where the prefilter found one (with `atWordStart`, only where it does not follow
    /// an ASCII letter, digit or '_'). With a `gate`, every match also contains one of the
    /// gate's literals, and the rule is tried only in documents where one occurs
    /// (`(?:the\s+)?Bahamas`: at each "the" and "Bahamas", in documents with "bahamas").
    ///
    /// Cost: one anchored PCRE2 attempt per occurrence of a prefix; nothing in a document
    /// without one. The cheapest strategy for names and word lists.
    case prefixAnchored(prefixes: [Literal], atWordStart: Bool, gate: [Literal]?)
    /// Every match contains one of `factors`, but where it starts is not known: in a document
    /// where a factor occurs the rule scans the whole document; elsewhere it does not run.
    ///
    /// Cost: a whole-document PCRE2 scan per document with a factor; frequent factors
    /// ("said", a quotation mark) make it close to a full scan.
    case gated(factors: [Literal])
    /// No literal every match must contain: the rule scans every document whole.
    ///
    /// Cost: a PCRE2 scan of every document; on many rules, the bulk of the time.
    case fullScan
    /// A word list (`@list`): token n-grams looked up in a hash set, in every document that
    /// has tokens; PCRE2 is not involved.
    ///
    /// Cost: one hash lookup per token and n-gram length.
    case wordList
    /// A token pattern (`[lower=said] [is-title]+`): a Pike VM over the document's tokens, in
    /// every document that has tokens (and, when every match needs a fixed word, contains it).
    ///
    /// Cost: linear in tokens times the pattern's size.
    case tokens

    /// The name `quarry bench` prints: "prefix", "gated", "full", "word list" or "tokens".
    public var name: String {
        switch self {
        case .prefixAnchored: "prefix"
        case .gated: "gated"
        case .fullScan: "full"
        case .wordList: "word list"
        case .tokens: "tokens"
        }
    }

    /// The literals the prefilter looks for on the rule's behalf: its prefixes or factors
    /// (not a prefix rule's gate); none for full scans and word lists.
    public var literals: [Literal] {
        switch self {
        case let .prefixAnchored(prefixes, _, _): prefixes
        case let .gated(factors): factors
        case .fullScan, .wordList, .tokens: []
        }
    }

    /// The one place that decides a regex rule's strategy.
    ///
    /// Prefix-anchored when every match starts with one of a known set of literals, each
    /// worth scanning for (or a word start), and the pattern compiles anchored (`anchor`
    /// compiles it and reports whether it could); its factors become the gate unless they are
    /// the prefixes themselves or hold a common word (`(?:the\s+)?Bahamas` is tried at "the"
    /// only in documents with "bahamas"; a word list with one common word is still better tried
    /// at its words than scanned whole wherever one occurs). Else gated on the factors, else a
    /// full scan.
    static func choose(for analysis: LiteralAnalysis, anchor: () -> Bool) -> RuleStrategy {
        let wordStart = analysis.prefixesAtWordStart
        if let prefixes = analysis.prefixes, !prefixes.isEmpty,
           prefixes.allSatisfy({ LiteralAnalysis.acceptable([$0]) || wordStart && LiteralAnalysis.startsWithWordCharacter($0) }),
           anchor() {
            let gate = analysis.factors.flatMap { factors in
                Set(factors) == Set(prefixes) || analysis.isPoor(factors) ? nil : factors
            }
            return .prefixAnchored(prefixes: prefixes, atWordStart: wordStart, gate: gate)
        }
        if let factors = analysis.factors { return .gated(factors: factors) }
        return .fullScan
    }
}
