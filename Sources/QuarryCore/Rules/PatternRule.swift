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
public struct WordList: Sendable, Hashable {
    /// The list's name in the rule file (`countries` for `list countries` and `@countries`).
    public var name: String
    /// The entries in the order written; whitespace inside an entry matches any run of whitespace.
    public var entries: [String]
    /// Whether entries match in any case of their ASCII letters (`ignorecase`, or a `caseless` rule).
    public var caseInsensitive: Bool
    /// Where the list was declared, or nil for a list made in code.
    public var location: Diagnostic.Location?

    /// Makes a list; `location` is only used to point diagnostics at the declaration.
    public init(name: String, entries: [String], caseInsensitive: Bool, location: Diagnostic.Location? = nil) {
        self.name = name
        self.entries = entries
        self.caseInsensitive = caseInsensitive
        self.location = location
    }

    /// The entries as matched: each entry without its tag. An entry may end with a tag for a
    /// stage to read, a space, `=` and a word (`Mrs. =f`: the quotes stage reads the gender of
    /// a title); rules match the entry's words only ("Mrs.").
    public var matchedEntries: [String] { entries.map(Self.untagged) }

    /// An entry without its trailing ` =tag`, if it has one.
    public static func untagged(_ entry: String) -> String {
        guard let equals = entry.lastIndex(of: "="), equals > entry.startIndex,
              entry[entry.index(before: equals)].isWhitespace else { return entry }
        let tag = entry[entry.index(after: equals)...]
        guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter }) else { return entry }
        return String(entry[..<equals]).trimmingTrailingWhitespace
    }
}

private extension String {
    var trimmingTrailingWhitespace: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[..<end])
    }
}

/// Maps offsets in an expanded pattern (macros and lists substituted) back to where each
/// piece was written, so that a PCRE2 error offset becomes `file:line:col`.
public struct SourceMap: Sendable {
    /// A run of bytes of the expanded pattern that was written in one place (a macro's body, a
    /// piece of the rule's own pattern).
    public struct Segment: Sendable {
        /// The segment's first byte in the expanded pattern.
        public var expandedStart: Int
        /// The segment's length in bytes of the expanded pattern.
        public var length: Int
        /// Where that first byte was written; later bytes are on the same line, further right.
        public var location: Diagnostic.Location
        /// The macro this segment came from, if any (for a note in the diagnostic).
        public var macro: String?

        /// Makes a segment of `length` bytes at `expandedStart`, written at `location`.
        public init(expandedStart: Int, length: Int, location: Diagnostic.Location, macro: String? = nil) {
            self.expandedStart = expandedStart
            self.length = length
            self.location = location
            self.macro = macro
        }
    }

    /// Where a byte of the expanded pattern was written.
    public struct Origin: Sendable, Equatable {
        /// Where the byte was written: the file, line and column.
        public var location: Diagnostic.Location
        /// The macro the byte came from, if any.
        public var macro: String?

        /// Makes an origin: a location and, for a byte that came from a macro, the macro's name.
        public init(location: Diagnostic.Location, macro: String? = nil) {
            self.location = location
            self.macro = macro
        }
    }

    /// The segments, sorted by ``Segment/expandedStart``.
    public var segments: [Segment]

    /// Makes a map from `segments`, which must be sorted by ``Segment/expandedStart``.
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
    /// What a rule matches with: a regular expression, or a word list looked up over token n-grams.
    public enum Matcher: Sendable {
        /// A PCRE2 regular expression (macros and lists already expanded) with its source map.
        case regex(String, SourceMap)
        /// Entries of a word list, matched on token boundaries.
        case wordList(WordList)
        /// A pattern over tokens and earlier spans (`[lower=said] [is-title]+`).
        case tokens(TokenPattern)
    }

    /// The rule's token pattern, or nil for a regex or word-list rule.
    public var tokenPattern: TokenPattern? {
        if case let .tokens(pattern) = matcher { pattern } else { nil }
    }

    /// An example that runs as a test: `text` gives `label` on exactly `span`, or (with
    /// `span == nil`) gives nothing.
    public struct Example: Sendable {
        /// The text the example runs on (tokenized and split into sentences first).
        public var text: String
        /// The label expected on ``span``, or nil for `-> nothing`.
        public var label: String?
        /// The exact text one of the matches must cover, or nil for `-> nothing`.
        public var span: String?
        /// Where the `expect` line is, for reporting a failure.
        public var location: Diagnostic.Location

        /// Everything the example expects, in the order written (empty for `-> nothing`); the
        /// first is also ``label`` and ``span``.
        public var items: [Expected]
        /// `-> only …`: the run gives exactly ``items`` (for a pipeline's example: exactly these
        /// quotes, and these spans among the labels named), nothing more.
        public var only: Bool

        /// One thing an example expects: a span (`PERSON "Olaf Scholz" role=chancellor`) or,
        /// in a pipeline's example, a quote (`quote speaker="Smith" cue="said"`).
        public struct Expected: Sendable, Hashable, CustomStringConvertible {
            /// The span's label, or `quote`.
            public var label: String
            /// The text the span covers (a quote's content), or nil when not given.
            public var span: String?
            /// Attributes that must have these values; others are not checked. For a quote:
            /// `speaker`, `cue`, `content`, `entity`, `kind`.
            public var attributes: [NamedValue]
            /// Makes an expectation.
            public init(label: String, span: String?, attributes: [NamedValue] = []) {
                self.label = label
                self.span = span
                self.attributes = attributes
            }
            /// As written in an `expect` line: `PERSON "Olaf Scholz" role="chancellor"`.
            public var description: String {
                ([label] + (span.map { ["\"\($0)\""] } ?? []) + attributes.map { "\($0.name)=\"\($0.value)\"" }).joined(separator: " ")
            }
        }

        /// Makes an example; give both `label` and `span`, or neither for "gives nothing".
        public init(text: String, label: String?, span: String?, location: Diagnostic.Location) {
            self.text = text
            self.label = label
            self.span = span
            self.location = location
            self.items = label.map { [Expected(label: $0, span: span)] } ?? []
            self.only = false
        }

        /// Makes an example that expects `items` (none: the run gives nothing), all of them
        /// and nothing more when `only`.
        public init(text: String, items: [Expected], only: Bool, location: Diagnostic.Location) {
            self.text = text
            self.label = items.first?.label
            self.span = items.first?.span
            self.location = location
            self.items = items
            self.only = only
        }
    }

    /// An attribute every match of the rule carries (`set source=rules`).
    public struct Constant: Sendable, Hashable {
        /// The attribute's name, as in JSON output (`currency`).
        public var name: String
        /// The attribute's value on every match (`USD`).
        public var value: String

        /// Makes a constant attribute; `name` must differ from the rule's named groups and other
        /// constants.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The rule's id, unique across a rule book: on every span it produces (`"rule": "money"`),
    /// in diagnostics and in `quarry explain`.
    public var id: String
    /// The label every match gets (`MONEY`).
    public var label: String
    /// The pattern: a regular expression (expanded) or a word list.
    public var matcher: Matcher
    /// Breaks ties in overlap resolution, higher wins (`priority=N`; default 0).
    public var priority: Int
    /// Where a match must lie (`scope=`; default ``PatternScope/anywhere``), enforced while matching.
    public var scope: PatternScope
    /// Whether the regular expression matches in any case (`caseless` or `/…/i`). For a word-list
    /// rule this is folded into ``WordList/caseInsensitive``.
    public var caseless: Bool
    /// Whether `\w \d \s \b` and POSIX classes are ASCII only (`ascii`, on the rule or on its
    /// `patterns` declaration): PCRE2 without Unicode properties, as Hyperscan and most regex
    /// engines read them. `\p{…}` and the text (UTF-8) are unchanged. Default: Unicode.
    public var ascii = false
    /// Constant attributes set on every match.
    public var constants: [Constant]
    /// For a token rule: the named group whose tokens the span covers (`span=name`), so the
    /// rest of the match is context only ("Lindner" in `(?<name>…) [lower=said]`). Nil: the
    /// whole match.
    public var spanGroup: String? = nil
    /// The rule's `expect` lines, run on the rule alone with overlap ``OverlapPolicy/all``.
    public var examples: [Example]
    /// Where the rule was written.
    public var location: Diagnostic.Location

    /// Makes a rule with the rule language's defaults. A regular expression that can match the
    /// empty string is rejected when the rule is compiled into a matcher.
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
    /// The stage's name: its `patterns` declaration, or `all` for every rule loaded.
    public var name: String
    /// The rules, in the order written in the files (the last tie-break of overlap resolution).
    public var rules: [PatternRule]
    /// Which overlapping matches are kept (`overlap=`; default ``OverlapPolicy/longest``).
    public var overlap: OverlapPolicy
    /// PCRE2's match limit per match attempt (backtracking steps); a rule that hits it is
    /// reported and skipped for that document.
    public var matchLimit: UInt32
    /// PCRE2's heap limit per match, in KiB.
    public var heapLimitKiB: UInt32
    /// The most matches one rule keeps in one document (`matches=`; default 1,000,000): past
    /// it the rule stops searching that document, keeps its first matches and reports a
    /// warning, so a rule like `/\w+/` over a huge document cannot exhaust memory.
    public var maxMatchesPerRule: Int = 1_000_000
    /// Labels of earlier stages' spans that a span of this stage replaces when it covers them
    /// (`replace="GPE,ORG"`): "United States Congress" (ORG) leaves no GPE "United States"
    /// and no ORG "Congress" inside it. Empty: every earlier span stays.
    public var replaces: Set<String> = []
    /// Examples for the whole stage (after overlap resolution).
    public var examples: [PatternRule.Example]
    /// Where the set was declared, or nil.
    public var location: Diagnostic.Location?

    /// Makes a set with the defaults of a `patterns` declaration (match limit 1,000,000 steps,
    /// heap limit 20,000 KiB, 1,000,000 matches per rule and document).
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
