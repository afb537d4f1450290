/// Where a pattern's match must lie.
public enum PatternScope: String, Sendable, CaseIterable {
    /// Anywhere in the text.
    case anywhere
    /// Start and end on token boundaries (needs the tokens layer).
    case tokens
    /// Inside one sentence (needs the sentences layer).
    case sentence
}

/// Which matches a patterns stage keeps when they overlap.
public enum OverlapPolicy: String, Sendable, CaseIterable {
    /// Keep every match.
    case all
    /// Prefer the longest match; among equally long ones the higher priority, then the
    /// rule written first. The winners are non-overlapping.
    case longest
    /// Prefer the match that starts first; at the same start the higher priority, then the
    /// rule written first (then the longer). The winners are non-overlapping.
    case first
}

/// A word list: entries matched as whole tokens, compiled to a hash set (or, inside a
/// regular expression, to a prefix trie), never to a flat alternation.
public struct WordList: Sendable {
    public var name: String
    public var entries: [String]
    public var caseInsensitive: Bool
    public var location: Diagnostic.Location?

    public init(name: String, entries: [String], caseInsensitive: Bool, location: Diagnostic.Location? = nil) {
        self.name = name
        self.entries = entries
        self.caseInsensitive = caseInsensitive
        self.location = location
    }
}

/// Maps offsets in an expanded pattern (macros and lists substituted) back to where each
/// piece was written, so that a PCRE2 error offset becomes `file:line:col`.
public struct SourceMap: Sendable {
    public struct Segment: Sendable {
        /// The segment's first byte in the expanded pattern.
        public var expandedStart: Int
        public var length: Int
        /// Where that first byte was written; later bytes are on the same line, further right.
        public var location: Diagnostic.Location
        /// The macro this segment came from, if any (for a note in the diagnostic).
        public var macro: String?

        public init(expandedStart: Int, length: Int, location: Diagnostic.Location, macro: String? = nil) {
            self.expandedStart = expandedStart
            self.length = length
            self.location = location
            self.macro = macro
        }
    }

    /// Where a byte of the expanded pattern was written.
    public struct Origin: Sendable, Equatable {
        public var location: Diagnostic.Location
        /// The macro the byte came from, if any.
        public var macro: String?

        public init(location: Diagnostic.Location, macro: String? = nil) {
            self.location = location
            self.macro = macro
        }
    }

    public var segments: [Segment]

    public init(segments: [Segment] = []) {
        self.segments = segments
    }

    /// The source location of byte `offset` of the expanded pattern, and the macro it came from.
    public func locate(_ offset: Int) -> Origin? {
        guard let segment = segments.last(where: { $0.expandedStart <= offset }) ?? segments.first else { return nil }
        var location = segment.location
        location.column += max(0, min(offset - segment.expandedStart, max(0, segment.length)))
        return Origin(location: location, macro: segment.macro)
    }
}

/// One pattern rule, ready to compile: what the rule language produces and the pattern
/// stage consumes.
public struct PatternRule: Sendable {
    public enum Matcher: Sendable {
        /// A PCRE2 regular expression (macros and lists already expanded) with its source map.
        case regex(String, SourceMap)
        /// Entries of a word list, matched on token boundaries.
        case wordList(WordList)
    }

    /// An example that runs as a test: `text` gives `label` on exactly `span`, or (with
    /// `span == nil`) gives nothing.
    public struct Example: Sendable {
        public var text: String
        public var label: String?
        public var span: String?
        public var location: Diagnostic.Location

        public init(text: String, label: String?, span: String?, location: Diagnostic.Location) {
            self.text = text
            self.label = label
            self.span = span
            self.location = location
        }
    }

    /// An attribute every match of the rule carries (`set source=rules`).
    public struct Constant: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var id: String
    public var label: String
    public var matcher: Matcher
    public var priority: Int
    public var scope: PatternScope
    public var caseless: Bool
    /// Constant attributes set on every match.
    public var constants: [Constant]
    public var examples: [Example]
    /// Where the rule was written.
    public var location: Diagnostic.Location

    public init(id: String, label: String, matcher: Matcher, priority: Int = 0, scope: PatternScope = .anywhere,
                caseless: Bool = false, constants: [Constant] = [], examples: [Example] = [],
                location: Diagnostic.Location) {
        self.id = id
        self.label = label
        self.matcher = matcher
        self.priority = priority
        self.scope = scope
        self.caseless = caseless
        self.constants = constants
        self.examples = examples
        self.location = location
    }
}

/// The rules of one patterns stage and how it resolves overlaps.
public struct PatternSet: Sendable {
    public var name: String
    public var rules: [PatternRule]
    public var overlap: OverlapPolicy
    /// PCRE2's match limit per match attempt (backtracking steps); a rule that hits it is
    /// reported and skipped for that document.
    public var matchLimit: UInt32
    /// PCRE2's heap limit per match, in KiB.
    public var heapLimitKiB: UInt32
    /// Examples for the whole stage (after overlap resolution).
    public var examples: [PatternRule.Example]
    public var location: Diagnostic.Location?

    public init(name: String, rules: [PatternRule], overlap: OverlapPolicy = .longest,
                matchLimit: UInt32 = 1_000_000, heapLimitKiB: UInt32 = 20_000,
                examples: [PatternRule.Example] = [], location: Diagnostic.Location? = nil) {
        self.name = name
        self.rules = rules
        self.overlap = overlap
        self.matchLimit = matchLimit
        self.heapLimitKiB = heapLimitKiB
        self.examples = examples
        self.location = location
    }
}
