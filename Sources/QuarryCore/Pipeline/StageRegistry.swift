import Foundation

/// An option a stage kind accepts in a pipeline declaration (`tokenize words=true`).
public struct StageOptionSpec: Sendable {
    /// What values an option takes, and so how ``StageOptionSpec/decode(_:lists:)`` reads its text.
    public enum ValueType: Sendable, Equatable {
        /// `true` or `false` (also `yes`, `no`).
        case bool
        /// A whole number, possibly negative.
        case integer
        /// Any text, as written (also paths, resolved with ``StageRequest/path(_:)``).
        case string
        /// One of these words, exactly.
        case choice([String])
        /// A word list declared in the rule file: `option=@name`.
        case list
        /// A span label written by earlier stages (`cues=_CUE`); empty for none. A rule-file
        /// loader checks that an earlier stage writes it.
        case label
    }

    /// The option's name as written before `=` (`words`, `keep-quotations`).
    public var name: String
    /// What values the option takes.
    public var type: ValueType
    /// The default, as text in the rule language (`"false"`); empty for none (no list, no path).
    public var defaultValue: String
    /// One line on what the option does, for `quarry stages`.
    public var summary: String

    /// Declares an option; `defaultValue` must decode under `type`, or be empty for a string or list
    /// option without a default.
    public init(name: String, type: ValueType, default defaultValue: String, summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// Decodes an option's text as written in a rule file (`words=true`, `verbs=@mine`)
    /// into a typed value, or says why it is not acceptable. `lists` are the word lists the
    /// rule files declare, for ``ValueType/list`` options.
    public func decode(_ text: String, lists: [String: WordList] = [:]) -> Result<StageOptionValue, OptionProblem> {
        switch type {
        case .bool:
            switch text {
            case "true", "yes": return .success(.bool(true))
            case "false", "no": return .success(.bool(false))
            default: return .failure(OptionProblem("expected true or false"))
            }
        case .integer:
            guard let value = Int(text) else { return .failure(OptionProblem("expected a whole number")) }
            return .success(.integer(value))
        case .string, .label:
            return .success(.string(text))
        case let .choice(values):
            guard values.contains(text) else { return .failure(OptionProblem("expected one of: \(values.joined(separator: ", "))")) }
            return .success(.string(text))
        case .list:
            guard text.hasPrefix("@") else { return .failure(OptionProblem("expected a list declared in the rule file, written @name")) }
            let name = String(text.dropFirst())
            guard let list = lists[name] else {
                var message = "unknown list '@\(name)'"
                if let guess = Suggestion.closest(to: name, in: Array(lists.keys)) { message += " (did you mean '@\(guess)'?)" }
                return .failure(OptionProblem(message, isUnknownList: true))
            }
            return .success(.list(name: name, entries: list.entries))
        }
    }

    /// The default as a typed value, or nil for an unset default (an empty list or path).
    public var decodedDefault: StageOptionValue? {
        if defaultValue.isEmpty && (type == .list || type == .string || type == .label) { return nil }
        return try? decode(defaultValue).get()
    }
}

/// Why an option's value was refused.
public struct OptionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the value was refused ("expected true or false"), without the option's name.
    public var message: String
    /// The value names a list that is not declared (the message has its own wording).
    public var isUnknownList: Bool
    /// Makes a problem; set `isUnknownList` when `message` names an undeclared list.
    public init(_ message: String, isUnknownList: Bool = false) {
        self.message = message
        self.isUnknownList = isUnknownList
    }
    public var description: String { message }
}

/// A stage option's value, decoded once from the rule file's text.
public enum StageOptionValue: Sendable, Equatable {
    /// A boolean option's value.
    case bool(Bool)
    /// A whole-number option's value.
    case integer(Int)
    /// A string or one of a choice's values.
    case string(String)
    /// A word list declared in the rule file (`option=@name`), with its entries.
    case list(name: String, entries: [String])
}

/// What a stage factory receives: its argument, its decoded options, the pattern sets
/// declared in the rule files, and the folder of the file that declared the pipeline.
public struct StageRequest: Sendable {
    /// The word after the stage kind (`patterns entities` has argument "entities").
    public var argument: String?
    /// Options, decoded against the kind's specs. An option that was not written is absent
    /// unless its default is a value; the accessors below fall back to the type's neutral
    /// value (false, nil).
    public var options: [String: StageOptionValue]
    /// The pattern sets by name: each `patterns` declaration, and `all` for every rule loaded.
    public var patternSets: [String: PatternSet]
    /// The word lists declared in the rule files.
    public var lists: [String: WordList]
    /// Relative paths in options resolve against this folder.
    public var baseDirectory: URL?
    /// The stage is built only to report what does not compile, then dropped: a kind may skip
    /// work that cannot fail (a rule-file loader's compile check sets this).
    public var checkOnly = false
    /// The options the rule file wrote (the others are at their defaults in ``options``), for a
    /// kind whose default for one option depends on another (the quotes stage's cue verbs on its
    /// profile). Empty for a request made in Swift: every option there counts as given.
    public var given: Set<String> = []
    /// Where a kind reports rules that build but deserve a warning (a regex rule that can
    /// never match); a rule-file loader sets it and prints each at the rule's line.
    public var warnRule: (@Sendable (_ rule: Int, _ message: String) -> Void)? = nil

    /// Makes a request; options not given are unset (``defaults(for:argument:options:patternSets:)``
    /// fills in a kind's defaults).
    public init(argument: String? = nil, options: [String: StageOptionValue] = [:], patternSets: [String: PatternSet] = [:],
                lists: [String: WordList] = [:], baseDirectory: URL? = nil) {
        self.argument = argument
        self.options = options
        self.patternSets = patternSets
        self.lists = lists
        self.baseDirectory = baseDirectory
    }

    /// A request with every option at its default (what a stage written without options
    /// gets), plus `options` given here.
    public static func defaults(for kind: StageKind, argument: String? = nil, options: [String: StageOptionValue] = [:],
                                patternSets: [String: PatternSet] = [:]) -> StageRequest {
        var values: [String: StageOptionValue] = [:]
        for spec in kind.options { values[spec.name] = spec.decodedDefault }
        values.merge(options) { _, given in given }
        return StageRequest(argument: argument, options: values, patternSets: patternSets)
    }

    /// The entries of a list option (`abbreviations=@mine`), or nil when the option is unset.
    public func list(_ name: String) -> [String]? {
        guard case let .list(_, entries) = options[name] else { return nil }
        return entries
    }

    /// A boolean option; false when unset.
    public func bool(_ name: String) -> Bool {
        guard case let .bool(value) = options[name] else { return false }
        return value
    }

    /// A string or choice option, or nil when unset.
    public func string(_ name: String) -> String? {
        guard case let .string(value) = options[name] else { return nil }
        return value
    }

    /// A whole-number option, or nil when unset.
    public func integer(_ name: String) -> Int? {
        guard case let .integer(value) = options[name] else { return nil }
        return value
    }

    /// A path option resolved against ``baseDirectory``, or nil when unset or empty.
    public func path(_ name: String) -> URL? {
        guard let value = string(name), !value.isEmpty else { return nil }
        if value.hasPrefix("/") { return URL(fileURLWithPath: value) }
        return (baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(value).standardizedFileURL
    }
}

/// A stage could not be built from its declaration. `ruleFailures` carries pattern rules that
/// did not compile, by position in the requested set, so the rule loader can point at them.
public struct StageBuildError: Error, Sendable, CustomStringConvertible {
    /// One pattern rule that did not compile: its position in the requested set, where in its
    /// expanded pattern, and why.
    public struct RuleFailure: Sendable {
        /// The rule's position in the pattern set the stage was asked to build.
        public var rule: Int
        /// Byte offset in the rule's expanded pattern.
        public var offset: Int
        /// What is wrong with the rule: PCRE2's message, or why it cannot be compiled (it can
        /// match the empty string, its word list is empty).
        public var message: String
        /// Makes a failure of the rule at position `rule`, at byte `offset` of its expanded pattern.
        public init(rule: Int, offset: Int, message: String) {
            self.rule = rule
            self.offset = offset
            self.message = message
        }
    }

    /// Why the stage could not be built, for the user.
    public var message: String
    /// The pattern rules that did not compile; empty when the failure is not about rules.
    public var ruleFailures: [RuleFailure]

    /// Makes an error; pass `ruleFailures` when rules did not compile, so that the rule loader
    /// reports each at its own `file:line:col`.
    public init(_ message: String, ruleFailures: [RuleFailure] = []) {
        self.message = message
        self.ruleFailures = ruleFailures
    }

    public var description: String { message }
}

/// A kind of stage usable by name in a pipeline declaration.
public struct StageKind: Sendable {
    /// The name written in pipeline declarations (`tokenize`, `patterns`).
    public var name: String
    /// One line on what the stage does, for `quarry stages`.
    public var summary: String
    /// What the word after the kind means, if the kind takes one ("SET" for `patterns`).
    public var argument: String?
    /// The options the stage accepts; any other is an error when the rule file loads.
    public var options: [StageOptionSpec]
    /// The layers the stage reads, as `quarry stages` lists them (empty when it depends on the
    /// rules, as for `patterns`). The pipeline checks the built stage's own ``Stage/reads``.
    public var reads: [LayerName]
    /// The layers the stage writes, as `quarry stages` lists them.
    public var writes: [LayerName]
    /// Makes a stage from its declaration; throws ``StageBuildError`` (or any error) when it cannot.
    public var build: @Sendable (StageRequest) throws -> any Stage
    /// For a kind that writes spans: the labels it writes with these options, so that a rule
    /// file's check knows which `@LABEL`s it provides. nil: any label (nothing is checked after it).
    public var writesLabels: (@Sendable (_ options: [String: StageOptionValue]) -> Set<String>)? = nil

    /// Declares a stage kind; `build` is called for each stage of this kind in a pipeline
    /// declaration, as the rule file loads.
    public init(name: String, summary: String, argument: String? = nil, options: [StageOptionSpec] = [],
                reads: [LayerName] = [], writes: [LayerName] = [], build: @escaping @Sendable (StageRequest) throws -> any Stage) {
        self.name = name
        self.summary = summary
        self.argument = argument
        self.options = options
        self.reads = reads
        self.writes = writes
        self.build = build
    }
}

/// Stage kinds by name: the built-in stages, and any an embedder registers.
///
/// ```swift
/// var registry = StageRegistry.standard        // from the Quarry module
/// registry.register(StageKind(name: "shout", summary: "Upper-cases labels") { _ in Shout() })
/// let book = try RuleBook.load(file: url, registry: registry)
/// ```
public struct StageRegistry: Sendable {
    private var kinds: [String: StageKind] = [:]
    private var order: [String] = []

    /// Makes an empty registry; `StageRegistry.standard` (from the Quarry module) has the built-in
    /// stages.
    public init() {}

    /// Adds a kind, or replaces the one with the same name.
    public mutating func register(_ kind: StageKind) {
        if kinds[kind.name] == nil { order.append(kind.name) }
        kinds[kind.name] = kind
    }

    /// The kind registered under `name`, or nil.
    public func kind(named name: String) -> StageKind? { kinds[name] }

    /// Every kind, in registration order.
    public var all: [StageKind] { order.compactMap { kinds[$0] } }

    /// The registered name closest to `name` (for "did you mean"), if any is close.
    public func suggestion(for name: String) -> String? {
        Suggestion.closest(to: name, in: order)
    }
}

/// "Did you mean ...?" by edit distance.
public enum Suggestion {
    /// The candidate closest to `word`, if it is within about a third of their length.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)? = nil
        for candidate in candidates {
            // Within about a third of the longer word: "keep-quotes" finds "keep-quotations".
            let limit = max(1, max(word.count, candidate.count) / 3 + 1)
            let d = distance(word.lowercased(), candidate.lowercased())
            if d <= limit && (best == nil || d < best!.1) { best = (candidate, d) }
        }
        return best?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
