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

    /// `tokens` when a rule has `scope=tokens` or is a word list, `sentences` when one has
    /// `scope=sentence`; nothing otherwise.
    public var reads: [LayerName] {
        var layers: [LayerName] = []
        if matcher.needsTokens || matcher.rules.contains(where: { $0.words != nil }) { layers.append(.tokens) }
        if matcher.needsSentences { layers.append(.sentences) }
        return layers
    }

    /// The `spans` layer; spans already there (from an earlier patterns stage) are kept.
    public var writes: [LayerName] { [.spans] }

    /// PCRE2 match data, limits and buffers, one per thread.
    public func makeScratch() -> MatchScratch { matcher.makeScratch() }

    /// Matches the document and adds the spans to ``AnnotatedDocument/spans``, and any limit
    /// errors to its diagnostics.
    public func process(_ document: inout AnnotatedDocument, scratch: inout MatchScratch) {
        let result = matcher.match(document, scratch: scratch)
        document.diagnostics += result.diagnostics
        if document.spans == nil {
            document.spans = result.layer
        } else {
            document.spans!.merge(result.layer)
        }
    }
}

extension PatternStage: RuleNeeds {
    /// The ids of the rules that need `layer`: word lists and `scope=tokens` rules need tokens,
    /// `scope=sentence` rules need sentences.
    public func rulesNeeding(_ layer: LayerName) -> [String] {
        matcher.set.rules.filter { rule in
            switch layer {
            case .tokens:
                if case .wordList = rule.matcher { return true }
                return rule.scope == .tokens
            case .sentences: return rule.scope == .sentence
            default: return false
            }
        }.map(\.id)
    }
}
