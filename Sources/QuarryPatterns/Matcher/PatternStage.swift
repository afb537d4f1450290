import QuarryCore

/// A patterns stage: runs a compiled ``PatternMatcher`` and writes the `spans` layer. It
/// reads tokens or sentences only when a rule's scope needs them. A second patterns stage in
/// the same pipeline adds its spans to the layer.
public struct PatternStage: Stage {
    /// The compiled pattern set the stage runs.
    public let matcher: PatternMatcher

    /// Wraps `matcher` as a patterns stage.
    public init(matcher: PatternMatcher) {
        self.matcher = matcher
    }

    /// `patterns` and the set's name (`patterns entities`), in diagnostics and timings.
    public var name: String { "patterns \(matcher.set.name)" }

    /// `tokens` when a rule has `scope=tokens`, is a word list or a token pattern, `sentences`
    /// when one has `scope=sentence` or a token pattern tests sentence boundaries, `spans` when
    /// a token pattern reads earlier spans (`@LABEL`, `label=`): an earlier patterns stage must
    /// write them; `tags` when a token pattern tests `pos=`, `tag=` or `lemma=` (a `tag` stage
    /// must run before). Nothing otherwise.
    public var reads: [LayerName] {
        var layers: [LayerName] = []
        if matcher.needsTokens || matcher.rules.contains(where: { $0.words != nil }) { layers.append(.tokens) }
        if matcher.needsSentences { layers.append(.sentences) }
        if matcher.needsSpans { layers.append(.spans) }
        if matcher.needsTags { layers.append(.tags) }
        return layers
    }

    /// The `spans` layer; spans already there (from an earlier patterns stage) are kept.
    public var writes: [LayerName] { [.spans] }

    /// Token rules share the token features the patterns stages keep in the document.
    public var readsDerived: Bool { matcher.rules.contains { $0.tokens != nil } }

    /// PCRE2 match data, limits and buffers, one per thread.
    public func makeScratch() -> MatchScratch { matcher.makeScratch() }

    /// Matches the document and adds the spans to ``AnnotatedDocument/spans``, and any limit
    /// errors to its diagnostics.
    public func process(_ document: inout AnnotatedDocument, scratch: inout MatchScratch) {
        let result = matcher.match(document, scratch: scratch)
        document.diagnostics += result.diagnostics
        if !matcher.set.replaces.isEmpty, let spans = document.spans, !result.layer.records.isEmpty {
            document.spans = Self.withoutCovered(spans, by: result.layer.records, labels: matcher.set.replaces)
        }
        if document.spans == nil {
            document.spans = result.layer
        } else {
            document.spans!.merge(result.layer)
        }
    }
}

extension PatternStage {
    /// `spans` without the spans of `labels` that a record of `covering` (sorted by start)
    /// covers and is longer than.
    static func withoutCovered(_ spans: SpanLayer, by covering: ContiguousArray<SpanRecord>, labels: Set<String>) -> SpanLayer {
        let replaced = Set(spans.labels.indices.filter { labels.contains(spans.labels[$0]) }.map(UInt32.init))
        guard !replaced.isEmpty else { return spans }
        // The longest end of the covering spans that start at or before each position, by
        // binary search over their starts.
        var reach: [UInt32] = []
        reach.reserveCapacity(covering.count)
        for record in covering { reach.append(max(reach.last ?? 0, record.end)) }
        func covered(_ record: SpanRecord) -> Bool {
            var lo = 0, hi = covering.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if covering[mid].start <= record.start { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return false }
            // A covering span starting at or before this one reaches its end; a span of the same
            // range is not replaced (it is the same name).
            if reach[lo - 1] < record.end { return false }
            var k = lo - 1
            while k >= 0 {
                let c = covering[k]
                if c.end >= record.end && (c.start < record.start || c.end > record.end) { return true }
                if reach[k] < record.end { return false }
                k -= 1
            }
            return false
        }
        var kept = spans
        kept.records = ContiguousArray(spans.records.filter { !replaced.contains($0.label) || !covered($0) })
        return kept
    }
}

extension PatternStage: RuleNeeds {
    /// The ids of the rules that need `layer`: word lists, token patterns and `scope=tokens`
    /// rules need tokens, `scope=sentence` rules and token patterns with sentence tests need
    /// sentences, token patterns over earlier spans need spans.
    public func rulesNeeding(_ layer: LayerName) -> [String] {
        matcher.set.rules.filter { rule in
            switch layer {
            case .tokens:
                if case .wordList = rule.matcher { return true }
                if case .tokens = rule.matcher { return true }
                return rule.scope == .tokens
            case .sentences:
                if case let .tokens(pattern) = rule.matcher, pattern.readsSentences { return true }
                return rule.scope == .sentence
            case .spans:
                if case let .tokens(pattern) = rule.matcher { return pattern.readsSpans }
                return false
            case .tags:
                if case let .tokens(pattern) = rule.matcher { return pattern.readsTags }
                return false
            default: return false
            }
        }.map(\.id)
    }
}
