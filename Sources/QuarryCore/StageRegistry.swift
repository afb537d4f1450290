import Foundation

/// An option a stage kind accepts in a pipeline declaration (`tokenize words=true`).
public struct StageOptionSpec: Sendable {
    public enum ValueType: Sendable, Equatable {
        case bool
        case integer
        case string
        case choice([String])
        /// A word list declared in the rule file: `option=@name`.
        case list
    }

    public var name: String
    public var type: ValueType
    public var defaultValue: String
    public var summary: String

    public init(_ name: String, _ type: ValueType, default defaultValue: String, _ summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// Why `value` is not acceptable, or nil.
    public func problem(with value: String) -> String? {
        switch type {
        case .bool: return ["true", "false", "yes", "no"].contains(value) ? nil : "expected true or false"
        case .integer: return Int(value) == nil ? "expected a whole number" : nil
        case .string: return nil
        case .list: return value.hasPrefix("@") ? nil : "expected a list declared in the rule file, written @name"
        case let .choice(values): return values.contains(value) ? nil : "expected one of: \(values.joined(separator: ", "))"
        }
    }
}

/// What a stage factory receives: its argument, its validated options, the pattern sets
/// declared in the rule files, and the folder of the file that declared the pipeline.
public struct StageRequest: Sendable {
    /// The word after the stage kind (`patterns entities` has argument "entities").
    public var argument: String?
    /// Options as written, validated against the kind's specs; defaults filled in.
    public var options: [String: String]
    public var patternSets: [String: PatternSet]
    /// The word lists declared in the rule files, for options written `name=@list`.
    public var lists: [String: WordList]
    /// Relative paths in options resolve against this folder.
    public var baseDirectory: URL?

    public init(argument: String? = nil, options: [String: String] = [:], patternSets: [String: PatternSet] = [:],
                lists: [String: WordList] = [:], baseDirectory: URL? = nil) {
        self.argument = argument
        self.options = options
        self.patternSets = patternSets
        self.lists = lists
        self.baseDirectory = baseDirectory
    }

    /// The entries of a list option (`abbreviations=@mine`), or nil when the option is unset.
    public func list(_ name: String) -> [String]? {
        guard let value = options[name], value.hasPrefix("@") else { return nil }
        return lists[String(value.dropFirst())]?.entries
    }

    public func bool(_ name: String) -> Bool { ["true", "yes"].contains(options[name] ?? "") }
    public func string(_ name: String) -> String? { options[name] }
    public func integer(_ name: String) -> Int? { options[name].flatMap { Int($0) } }

    /// A path option resolved against ``baseDirectory``.
    public func path(_ name: String) -> URL? {
        guard let value = options[name], !value.isEmpty else { return nil }
        if value.hasPrefix("/") { return URL(fileURLWithPath: value) }
        return (baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(value).standardizedFileURL
    }
}

/// A stage could not be built from its declaration. `ruleFailures` carries pattern rules that
/// did not compile, by position in the requested set, so the rule loader can point at them.
public struct StageBuildError: Error, Sendable, CustomStringConvertible {
    public struct RuleFailure: Sendable {
        public var rule: Int
        /// Byte offset in the rule's expanded pattern.
        public var offset: Int
        public var message: String
        public init(rule: Int, offset: Int, message: String) {
            self.rule = rule
            self.offset = offset
            self.message = message
        }
    }

    public var message: String
    public var ruleFailures: [RuleFailure]

    public init(_ message: String, ruleFailures: [RuleFailure] = []) {
        self.message = message
        self.ruleFailures = ruleFailures
    }

    public var description: String { message }
}

/// A kind of stage usable by name in a pipeline declaration.
public struct StageKind: Sendable {
    public var name: String
    public var summary: String
    /// What the word after the kind means, if the kind takes one ("SET" for `patterns`).
    public var argument: String?
    public var options: [StageOptionSpec]
    public var reads: [LayerName]
    public var writes: [LayerName]
    public var build: @Sendable (StageRequest) throws -> any Stage

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

    public init() {}

    /// Adds a kind, or replaces the one with the same name.
    public mutating func register(_ kind: StageKind) {
        if kinds[kind.name] == nil { order.append(kind.name) }
        kinds[kind.name] = kind
    }

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
