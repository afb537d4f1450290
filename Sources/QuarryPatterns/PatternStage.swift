import QuarryCore

/// A patterns stage: runs a compiled ``PatternMatcher`` and writes the `spans` layer. It
/// reads tokens or sentences only when a rule's scope needs them. A second patterns stage in
/// the same pipeline adds its spans to the layer.
public struct PatternStage: Stage {
    public let matcher: PatternMatcher

    public init(matcher: PatternMatcher) {
        self.matcher = matcher
    }

    public var name: String { "patterns \(matcher.set.name)" }

    public var reads: [LayerName] {
        var layers: [LayerName] = []
        if matcher.needsTokens || matcher.rules.contains(where: { $0.words != nil }) { layers.append(.tokens) }
        if matcher.needsSentences { layers.append(.sentences) }
        return layers
    }

    public var writes: [LayerName] { [.spans] }

    /// PCRE2 match data, limits and buffers, one per thread.
    public func makeScratch() -> MatchScratch { matcher.makeScratch() }

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
