import QuarryCore

/// Why one rule did or did not produce a span in a document: what `quarry explain --rule`
/// prints, as a value an embedder or a test can inspect.
public enum RuleVerdict: Sendable, Equatable {
    /// The rule produced these spans (byte ranges).
    case fired([Range<Int>])
    /// The rule matched, but each match lost an overlap: the match, and the rule id and
    /// range of the match it lost to.
    case lostOverlaps([LostMatch])
    /// A word-list rule none of whose entries occurs as whole tokens.
    case noListEntry(list: String)
    /// The pattern matches nowhere in the text, whatever the scope.
    case matchesNowhere
    /// A token rule that matches nowhere: how many of its elements matched, and where and why
    /// the next one failed.
    case tokenMismatch(TokenMismatch)
    /// The pattern matches (first few ranges given), but its scope forbids each match.
    case outsideScope(PatternScope, matches: [Range<Int>])
    /// Nothing more specific can be said.
    case didNotFire

    /// A match that lost an overlap, and what it lost to.
    public struct LostMatch: Sendable, Equatable {
        /// The losing match's UTF-8 byte range.
        public var range: Range<Int>
        /// The id of the rule whose match won.
        public var winnerRule: String
        /// The winning match's UTF-8 byte range.
        public var winner: Range<Int>
        /// Makes a lost match: `range` lost to rule `winnerRule`'s match at `winner` (byte ranges).
        public init(range: Range<Int>, winnerRule: String, winner: Range<Int>) {
            self.range = range
            self.winnerRule = winnerRule
            self.winner = winner
        }
    }
}

extension PatternMatcher {
    /// Why rule number `position` of this matcher's set did or did not produce spans in
    /// `document`, given the `result` of ``match(_:scratch:plan:)`` on it.
    public func verdict(forRule position: Int, result: PatternResult, in document: AnnotatedDocument) -> RuleVerdict {
        let rule = set.rules[position]
        let mine = result.matches.indices.filter { result.matches[$0].rule == position }
        let kept = mine.filter { result.lostTo[$0] == nil }
        if !kept.isEmpty {
            return .fired(kept.map { result.matches[$0].start..<result.matches[$0].end })
        }
        if !mine.isEmpty {
            return .lostOverlaps(mine.map { index in
                let winner = result.matches[result.lostTo[index]!]
                return RuleVerdict.LostMatch(range: result.matches[index].start..<result.matches[index].end,
                                             winnerRule: set.rules[winner.rule].id, winner: winner.start..<winner.end)
            })
        }
        if case .wordList(let list) = rule.matcher {
            return .noListEntry(list: list.name)
        }
        if case .tokens(let pattern) = rule.matcher {
            let scratch = makeScratch()
            return .tokenMismatch(document.document.withUTF8 { bytes in
                TokenMismatchFinder(features: TokenFeatures(document, bytes, matchData: scratch.matchData)).mismatch(for: pattern)
            })
        }
        // Without its scope, does the pattern match at all?
        var loose = rule
        loose.scope = .anywhere
        guard let unscoped = try? PatternMatcher(PatternSet(name: "explain", rules: [loose], overlap: .all)) else {
            return .didNotFire
        }
        let raw = unscoped.match(document, scratch: unscoped.makeScratch()).matches
        if raw.isEmpty { return .matchesNowhere }
        if rule.scope == .anywhere { return .didNotFire }
        return .outsideScope(rule.scope, matches: raw.prefix(3).map { $0.start..<$0.end })
    }
}
