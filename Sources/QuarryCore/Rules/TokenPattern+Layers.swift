extension TokenPattern {
    /// Whether matching reads the spans of earlier stages (`@LABEL` units or `label=` tests):
    /// a patterns stage with such a rule reads the `spans` layer.
    public var readsSpans: Bool {
        switch self {
        case let .token(predicate): predicate.readsSpans
        case .span: true
        case let .sequence(parts), let .alternation(parts): parts.contains { $0.readsSpans }
        case let .repeat(part, _, _, _), let .capture(_, part), let .look(part, _, _): part.readsSpans
        case .sentenceStart, .sentenceEnd: false
        }
    }

    /// The labels of earlier spans the pattern reads (`@PERSON`, `label=ORG`), for checking
    /// that an earlier stage writes them.
    public var spanLabels: Set<String> {
        switch self {
        case let .token(predicate): predicate.spanLabels
        case let .span(label, _): [label]
        case let .sequence(parts), let .alternation(parts): parts.reduce(into: []) { $0.formUnion($1.spanLabels) }
        case let .repeat(part, _, _, _), let .capture(_, part), let .look(part, _, _): part.spanLabels
        case .sentenceStart, .sentenceEnd: []
        }
    }

    /// Whether matching reads parts of speech or lemmas (`pos=`, `tag=`, `lemma=`): a patterns
    /// stage with such a rule reads the `tags` layer.
    public var readsTags: Bool {
        switch self {
        case let .token(predicate): predicate.readsTags
        case .span: false
        case let .sequence(parts), let .alternation(parts): parts.contains { $0.readsTags }
        case let .repeat(part, _, _, _), let .capture(_, part), let .look(part, _, _): part.readsTags
        case .sentenceStart, .sentenceEnd: false
        }
    }

    /// Whether matching reads sentence boundaries (`^`, `$`, `sent-start`, `sent-end`).
    public var readsSentences: Bool {
        switch self {
        case let .token(predicate): predicate.readsSentences
        case .span: false
        case let .sequence(parts), let .alternation(parts): parts.contains { $0.readsSentences }
        case let .repeat(part, _, _, _), let .capture(_, part), let .look(part, _, _): part.readsSentences
        case .sentenceStart, .sentenceEnd: true
        }
    }
}

extension TokenPredicate {
    /// Whether the test reads the spans of earlier stages (`label=`).
    public var readsSpans: Bool {
        switch self {
        case .label: true
        case let .and(parts), let .or(parts): parts.contains { $0.readsSpans }
        case let .not(part): part.readsSpans
        default: false
        }
    }

    /// The span labels the test reads (`label=ORG`).
    public var spanLabels: Set<String> {
        switch self {
        case let .label(label): [label]
        case let .and(parts), let .or(parts): parts.reduce(into: []) { $0.formUnion($1.spanLabels) }
        case let .not(part): part.spanLabels
        default: []
        }
    }

    /// Whether the test reads parts of speech or lemmas.
    public var readsTags: Bool {
        switch self {
        case .pos, .tag, .lemma, .lemmaInList, .regex(.lemma, _, _): true
        case let .and(parts), let .or(parts): parts.contains { $0.readsTags }
        case let .not(part): part.readsTags
        default: false
        }
    }

    /// The language-specific tags the test names (`tag=VBD`), for checking against a model.
    public var specificTags: [String] {
        switch self {
        case let .tag(name): [name]
        case let .and(parts), let .or(parts): parts.flatMap(\.specificTags)
        case let .not(part): part.specificTags
        default: []
        }
    }

    /// Whether the test reads sentence boundaries (`sent-start`, `sent-end`).
    public var readsSentences: Bool {
        switch self {
        case .flag(.sentenceStart), .flag(.sentenceEnd): true
        case let .and(parts), let .or(parts): parts.contains { $0.readsSentences }
        case let .not(part): part.readsSentences
        default: false
        }
    }
}

extension TokenPattern {
    /// The language-specific tags the pattern's tests name (`tag=VBD`).
    public var specificTags: [String] {
        switch self {
        case let .token(predicate): predicate.specificTags
        case .span, .sentenceStart, .sentenceEnd: []
        case let .sequence(parts), let .alternation(parts): parts.flatMap(\.specificTags)
        case let .repeat(part, _, _, _), let .capture(_, part), let .look(part, _, _): part.specificTags
        }
    }
}
