import Foundation
import QuarryCore

/// Every error (and warning) found while loading rule files, located like a compiler's.
public struct RuleErrors: Error, Sendable, CustomStringConvertible {
    /// Errors, warnings and their notes, in file order.
    public var diagnostics: [Diagnostic]

    /// The errors among ``diagnostics``.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Wraps diagnostics, notes right after the diagnostic they belong to; include at least one error.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Every diagnostic, compiler-style, one after another.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Rule files loaded, checked and compiled: their rules, pattern sets and pipelines.
///
/// ```swift
/// let book = try RuleBook.load(file: URL(fileURLWithPath: "Rules/news.quarry"), registry: .standard)
/// let pipeline = try book.pipeline()          // the only (or first) pipeline declared
/// ```
///
/// Loading reports every problem at once (``RuleErrors``), each as
/// `file:line:col: error: message` with the source line and a caret: syntax, unknown macros,
/// lists, rules, stages and options, duplicate names, include cycles, missing files, PCRE2
/// compile errors mapped back through macros, rules that can match the empty string, and
/// (as warnings) patterns likely to backtrack catastrophically.
public struct RuleBook: Sendable {
    /// Every rule, in the order written (includes in place).
    public let rules: [PatternRule]
    /// Pattern sets by name: the declared ones, and "all" (every rule) unless declared.
    public let patternSets: [String: PatternSet]
    /// Declared pipeline names, in order.
    public let pipelineNames: [String]
    /// The file that declares each pipeline of ``pipelineNames`` (the root or an included
    /// file, as ``files`` shows it).
    public let pipelineFiles: [String]
    /// Declared patterns names, in order (``patternSets`` also has "all").
    public let patternSetsDeclared: [String]
    /// Warnings found while loading (the load succeeded).
    public let warnings: [Diagnostic]
    /// The files read, root first.
    public let files: [String]
    let pipelines: [String: Pipeline]
    /// What the files changed in declarations (`list NAME += …`, `patterns NAME -= …`,
    /// `pipeline NAME from BASE`): list changes, then patterns, then pipelines, each in the order written.
    public let changes: [RuleChange]
    /// Each pipeline's stages as they run, with the line that declared each and the lines
    /// that changed it.
    public let stageOrigins: [String: [StageOrigin]]
    /// The `expect` lines of each pipeline: the whole pipeline runs on each text.
    public let pipelineExamples: [String: [PatternRule.Example]]

    /// Loads a rule file and the files it includes.
    public static func load(file url: URL, registry: StageRegistry) throws(RuleErrors) -> RuleBook {
        let loader = Loader(registry: registry)
        return try loader.load(root: url, text: nil)
    }

    /// Checks rules as `quarry check` does and returns the warnings; the errors are thrown.
    /// Faster than loading: the pipelines' stages are built to find errors only (no JIT), and
    /// cannot run. For editors (`quarry lsp` checks on every change).
    /// `overlays`: texts to read in place of files on disk (an editor's unsaved documents), by
    /// absolute path.
    public static func check(source: String, name: String, baseDirectory: URL, registry: StageRegistry,
                             overlays: [String: String] = [:]) throws(RuleErrors) -> [Diagnostic] {
        let loader = Loader(registry: registry)
        loader.checkOnly = true
        loader.overlays = overlays
        return try loader.load(root: baseDirectory.appendingPathComponent(name), text: source).warnings
    }

    /// Loads rules from a string (for embedders and tests). `includes` resolve against
    /// `baseDirectory`.
    public static func load(source: String, name: String = "<rules>", baseDirectory: URL? = nil,
                            registry: StageRegistry) throws(RuleErrors) -> RuleBook {
        let base = baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let loader = Loader(registry: registry)
        return try loader.load(root: base.appendingPathComponent(name), text: source)
    }

    /// A declared pipeline: by name, or the first declared when `name` is nil.
    public func pipeline(named name: String? = nil) throws(RuleErrors) -> Pipeline {
        let chosen = name ?? pipelineNames.first
        guard let chosen, let pipeline = pipelines[chosen] else {
            let message: String
            if let name {
                message = "no pipeline named '\(name)'" + (pipelineNames.isEmpty ? "; the rule files declare none" : "; declared: \(pipelineNames.joined(separator: ", "))")
            } else {
                message = "the rule files declare no pipeline; add one:\n  pipeline NAME\n    tokenize\n    patterns"
            }
            throw RuleErrors(diagnostics: [Diagnostic(.error, message)])
        }
        return pipeline
    }
}

/// One change a rule file made to a declaration: `list NAME += …` added entries, a
/// `pipeline … from` line inserted a stage.
public struct RuleChange: Sendable, CustomStringConvertible {
    /// The line that made the change.
    public var location: Diagnostic.Location
    /// What it changed: `list org-names`, `patterns entity-names`, `pipeline my-news`.
    public var subject: String
    /// What happened, in words: `added 2 of 2 entries (1204 -> 1206)`.
    public var description: String
}

/// A stage of a declared pipeline as it runs: its line, where it was written, and the
/// edits (`set`, `replace`) that changed it in a pipeline declared from another.
public struct StageOrigin: Sendable {
    /// The stage as it runs, written as a pipeline line (`quotes profile=speech cues=_CUE`).
    public var stage: String
    /// Where the stage (or the `insert`/`replace` line that put it there) was written.
    public var declared: Diagnostic.Location
    /// The `set` lines that changed its options.
    public var changedBy: [Diagnostic.Location]
}

/// Reads files, resolves names and builds the book. Reports every error it can find.
final class Loader {
    let registry: StageRegistry
    let sink = DiagnosticSink()
    var files: [SourceFile] = []
    var declarations: [(file: Int, declaration: Declaration)] = []
    var unreadableLists: Set<String> = []
    /// Token macros (`define NAME = [ … ]`), by name.
    var tokenMacros: [String: (pattern: TokenPatternDecl, name: Located<String>)] = [:]
    /// The token macros some rule expanded (the others are checked on their own).
    var usedTokenMacros: Set<String> = []
    /// What `+=`, `-=` and `pipeline … from` changed, in the order written.
    var changes: [RuleChange] = []
    /// Build the pipelines' stages only to find errors (``RuleBook/check(source:name:baseDirectory:registry:)``).
    var checkOnly = false
    /// The stages `drop` and `replace` lines took out of each pipeline declared from another:
    /// an error about a layer one of them wrote points at the line.
    var removedStages: [String: [(position: SourcePosition, stage: StageDecl, text: String)]] = [:]
    /// Texts read in place of files on disk, by absolute path (an editor's unsaved documents).
    var overlays: [String: String] = [:]

    init(registry: StageRegistry) {
        self.registry = registry
    }

    func fail() -> RuleErrors { RuleErrors(diagnostics: sink.diagnostics(files)) }

    func load(root: URL, text: String?) throws(RuleErrors) -> RuleBook {
        read(url: root, text: text, includedFrom: nil, chain: [])
        if sink.hasErrors && declarations.isEmpty { throw fail() }
        let book = resolve()
        if sink.hasErrors { throw fail() }
        return book!
    }

    // MARK: - Reading and includes

    func read(url: URL, text: String?, includedFrom: SourcePosition?, chain: [URL]) {
        let url = url.standardizedFileURL
        if chain.contains(url) {
            let cycle = (chain + [url]).map { SourceFile.display($0) }.joined(separator: " -> ")
            sink.error(includedFrom, "include cycle: \(cycle)")
            return
        }
        if files.contains(where: { $0.url == url }) { return }  // already read through another include
        let source: String
        if let text {
            source = text
        } else if let overlay = overlays[url.path] {
            source = overlay
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                sink.error(includedFrom, "cannot find the rule file '\(SourceFile.display(url))'" + (includedFrom == nil ? "" : " (include paths are relative to the including file)"))
                return
            }
            guard let data = FileManager.default.contents(atPath: url.path), let decoded = String(data: data, encoding: .utf8) else {
                sink.error(includedFrom, "cannot read '\(SourceFile.display(url))' as UTF-8 text")
                return
            }
            source = decoded
        }
        let file = SourceFile(url: url, text: source)
        let index = files.count
        files.append(file)
        var parser = Parser(file: file, fileIndex: index, diagnostics: sink)
        for declaration in parser.parse() {
            if case let .include(path) = declaration {
                let target = URL(fileURLWithPath: path.value, relativeTo: url.deletingLastPathComponent()).absoluteURL
                read(url: target, text: nil, includedFrom: path.position, chain: chain + [url])
            } else {
                declarations.append((index, declaration))
            }
        }
    }

    // MARK: - Resolution

    func resolve() -> RuleBook? {
        var macros: [String: (body: RegexLiteral, name: Located<String>)] = [:]
        var listDecls: [String: (ListDecl, Int)] = [:]
        var ruleDecls: [(RuleDecl, Int)] = []
        var patternDecls: [String: PatternsDecl] = [:]
        var patternOrder: [String] = []
        var pipelineDecls: [PipelineDecl] = []
        var pipelineSeen: [String: SourcePosition] = [:]
        var ruleSeen: [String: SourcePosition] = [:]

        var listEdits: [(ListDecl, Int)] = []
        var patternEdits: [PatternsDecl] = []
        func duplicate(_ kind: String, _ name: Located<String>, first: SourcePosition, hint: String? = nil) {
            sink.error(name.position, "duplicate \(kind) '\(name.value)'" + (hint.map { "; \($0)" } ?? ""), notes: [(first, "'\(name.value)' was first declared here")])
        }
        for (file, declaration) in declarations {
            switch declaration {
            case .include: break
            case let .define(name, body):
                if let first = macros[name.value]?.name ?? tokenMacros[name.value]?.name {
                    duplicate("macro", name, first: first.position)
                } else { macros[name.value] = (body, name) }
            case let .defineTokens(name, pattern):
                if let first = macros[name.value]?.name ?? tokenMacros[name.value]?.name {
                    duplicate("macro", name, first: first.position)
                } else { tokenMacros[name.value] = (pattern, name) }
            case let .list(list) where list.mode != .declare:
                listEdits.append((list, file))
            case let .list(list):
                if let first = listDecls[list.name.value] {
                    duplicate("list", list.name, first: first.0.name.position,
                              hint: "to add entries to it, write 'list \(list.name.value) += …' (or '-=' to remove some)")
                } else { listDecls[list.name.value] = (list, file) }
            case let .rule(rule):
                if let first = ruleSeen[rule.id.value] { duplicate("rule id", rule.id, first: first) } else {
                    ruleSeen[rule.id.value] = rule.id.position
                    ruleDecls.append((rule, file))
                }
            case let .patterns(patterns) where patterns.mode != .declare:
                patternEdits.append(patterns)
            case let .patterns(patterns):
                if let first = patternDecls[patterns.name.value] {
                    duplicate("patterns declaration", patterns.name, first: first.name.position,
                              hint: "to add rules to it, write 'patterns \(patterns.name.value) += rule_id, …' (or '-=' to remove some)")
                } else {
                    patternDecls[patterns.name.value] = patterns
                    patternOrder.append(patterns.name.value)
                }
            case let .pipeline(pipeline):
                if let first = pipelineSeen[pipeline.name.value] {
                    duplicate("pipeline", pipeline.name, first: first,
                              hint: "to change it, declare a pipeline from it: 'pipeline my-\(pipeline.name.value) from \(pipeline.name.value)' with insert, replace, drop or set lines")
                } else {
                    pipelineSeen[pipeline.name.value] = pipeline.name.position
                    pipelineDecls.append(pipeline)
                }
            }
        }

        // Lists.
        var lists: [String: (entries: [String], caseless: Bool, name: Located<String>)] = [:]
        /// A declaration's entries; nil when its file cannot be read (reported).
        func entries(of decl: ListDecl, in file: Int) -> [String]? {
            switch decl.source {
            case let .inline(entries):
                return entries.map(\.value)
            case let .file(path):
                let url = URL(fileURLWithPath: path.value, relativeTo: files[file].url.deletingLastPathComponent()).absoluteURL
                guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                    var message = "cannot read the list file '\(SourceFile.display(url))' (paths are relative to this rule file)"
                    let siblings = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
                    if let guess = Suggestion.closest(to: url.lastPathComponent, in: siblings) { message += "; did you mean \"\(guess)\"?" }
                    sink.error(path.position, message)
                    return nil
                }
                return TextLines.split(text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            }
        }
        for (name, (decl, file)) in listDecls {
            guard let entries = entries(of: decl, in: file) else {
                lists[name] = ([], decl.caseless, decl.name)  // reported once: no "unknown list" or
                unreadableLists.insert(name)                   // "empty list" after it
                continue
            }
            lists[name] = (entries, decl.caseless, decl.name)
        }
        // `list NAME += …` and `-= …`, in the order written, after every declaration.
        for (edit, file) in listEdits {
            let name = edit.name.value
            guard var list = lists[name] else {
                var message = "'list \(name) \(edit.mode == .add ? "+=" : "-=")' changes a list, but no list '\(name)' is declared"
                if let guess = Suggestion.closest(to: name, in: Array(lists.keys)) { message += " (did you mean '\(guess)'?)" }
                else { message += "; declare it with 'list \(name) = …'" }
                sink.error(edit.name.position, message)
                continue
            }
            guard let given = entries(of: edit, in: file) else { continue }
            let before = list.entries.count
            if edit.mode == .add {
                // Compared as bytes: Strings compare by canonical equivalence, rules match bytes.
                var present = Set(list.entries.map { Array($0.utf8) })
                for entry in given where present.insert(Array(entry.utf8)).inserted { list.entries.append(entry) }
                if list.entries.count == before {
                    sink.warning(edit.name.position, "every entry of this change is already in the list '\(name)': it changes nothing",
                                 notes: [(list.name.position, "'\(name)' is declared here")])
                }
                changes.append(RuleChange(location: location(edit.name.position), subject: "list \(name)",
                                          description: "added \(list.entries.count - before) of \(given.count) entr\(given.count == 1 ? "y" : "ies") (\(before) -> \(list.entries.count))"))
            } else {
                // An entry is removed as written, or by its text without its stage tag (`Mrs. =f` by `Mrs.`).
                let entryPositions: [Located<String>] = if case let .inline(located) = edit.source { located } else { [] }
                for (k, entry) in given.enumerated() {
                    let untagged = { (e: String) in e.range(of: " =").map { String(e[..<$0.lowerBound]) } ?? e }
                    let count = list.entries.count
                    list.entries.removeAll { $0.utf8.elementsEqual(entry.utf8) || untagged($0).utf8.elementsEqual(entry.utf8) }
                    if list.entries.count == count {
                        var message = "the list '\(name)' has no entry '\(entry)' to remove"
                        if let guess = Suggestion.closest(to: entry, in: list.entries) { message += " (did you mean '\(guess)'?)" }
                        sink.error(k < entryPositions.count ? entryPositions[k].position : edit.name.position, message,
                                   notes: [(list.name.position, "'\(name)' is declared here")])
                    }
                }
                changes.append(RuleChange(location: location(edit.name.position), subject: "list \(name)",
                                          description: "removed \(before - list.entries.count) entr\(before - list.entries.count == 1 ? "y" : "ies") (\(before) -> \(list.entries.count))"))
            }
            lists[name] = list
        }

        // Macros used in macros are checked when rules expand them; unused macros are
        // expanded once here so that their errors show too.
        let expander = PatternExpander(macros: macros, lists: lists, diagnostics: sink)

        // Rules.
        var rules: [PatternRule] = []
        var maps: [ExpansionMap] = []
        var positions: [SourcePosition] = []
        var ruleIndex: [String: Int] = [:]
        for (decl, _) in ruleDecls {
            guard let rule = buildRule(decl, expander: expander, lists: lists, map: &maps) else { continue }
            ruleIndex[rule.id] = rules.count
            rules.append(rule)
            positions.append(decl.id.position)
        }
        // Macros no rule uses are expanded on their own, so that their errors show too.
        for name in macros.keys.sorted() where !expander.used.macros.contains(name) {
            _ = expander.expand(macros[name]!.body)
        }
        for name in tokenMacros.keys.sorted() where !usedTokenMacros.contains(name) {
            let expanded = expandTokenMacros(tokenMacros[name]!.pattern.pattern, regexMacros: macros, expanding: [name])
            _ = resolveTokens(expanded, lists: lists, caseless: false)
        }

        // Compile every rule once, so that every compile error is reported even for rules
        // no pipeline uses.
        if !rules.isEmpty {
            compileCheck(rules, maps, positions)
        }

        // Pattern sets.
        var sets: [String: PatternSet] = [:]
        for name in patternOrder {
            let decl = patternDecls[name]!
            var set = PatternSet(name: name, rules: rules, location: nil)
            var asciiSet = false
            for option in decl.options {
                switch option.key.value {
                case "overlap":
                    if let policy = OverlapPolicy(rawValue: option.value.value) { set.overlap = policy }
                    else { sink.error(option.value.position, "unknown overlap policy '\(option.value.value)'; expected one of: all, longest, first") }
                case "limit":
                    if let value = UInt32(option.value.value), value > 0 { set.matchLimit = value }
                    else { sink.error(option.value.position, "expected a positive whole number for limit (PCRE2's match limit)") }
                case "heap":
                    if let value = UInt32(option.value.value), value > 0 { set.heapLimitKiB = value }
                    else { sink.error(option.value.position, "expected a positive whole number of KiB for heap") }
                case "ascii":
                    asciiSet = option.value.value != "false"
                case "matches":
                    if let value = Int(option.value.value), value > 0 { set.maxMatchesPerRule = value }
                    else { sink.error(option.value.position, "expected a positive whole number for matches (the most matches a rule keeps in one document)") }
                case "replace":
                    let labels = option.value.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    if labels.isEmpty || labels.contains(where: \.isEmpty) {
                        sink.error(option.value.position, "expected labels separated by commas for replace (replace=\"GPE,ORG\")")
                    } else { set.replaces = Set(labels) }
                default:
                    unknownOption(option, in: ["overlap", "limit", "heap", "ascii", "matches", "replace"], what: "a patterns declaration")
                }
            }
            if let references = decl.rules {
                var chosen: [PatternRule] = []
                for reference in references {
                    if let index = ruleIndex[reference.value] {
                        chosen.append(rules[index])
                    } else if ruleSeen[reference.value] == nil {
                        var message = "unknown rule '\(reference.value)'"
                        if let guess = Suggestion.closest(to: reference.value, in: Array(ruleIndex.keys)) { message += " (did you mean '\(guess)'?)" }
                        sink.error(reference.position, message)
                    }
                }
                // Ties break by the order the rules are written in the files, whatever the
                // order of the `rules` line.
                let order = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
                set.rules = chosen.sorted { order[$0.id]! < order[$1.id]! }
            }
            if asciiSet { set.rules = set.rules.map { var rule = $0; rule.ascii = true; return rule } }
            set.examples = decl.expects.compactMap { example($0) }
            sets[name] = set
        }
        // `patterns NAME += id, …` and `-= id, …`, in the order written.
        let fileOrder = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        for edit in patternEdits {
            let name = edit.name.value
            let op = edit.mode == .add ? "+=" : "-="
            guard var set = sets[name], let decl = patternDecls[name] else {
                var message = "'patterns \(name) \(op)' changes a patterns declaration, but none is named '\(name)'"
                if let guess = Suggestion.closest(to: name, in: patternOrder) { message += " (did you mean '\(guess)'?)" }
                sink.error(edit.name.position, message)
                continue
            }
            if decl.rules == nil {
                sink.error(edit.name.position, "'patterns \(name)' has no rules line, so it runs every rule loaded: a rule written in any file is already in it",
                           notes: [(decl.name.position, "'\(name)' is declared here")])
                continue
            }
            var changed: [String] = []
            for reference in edit.rules ?? [] {
                guard let index = ruleIndex[reference.value] else {
                    if ruleSeen[reference.value] == nil {
                        var message = "unknown rule '\(reference.value)'"
                        if let guess = Suggestion.closest(to: reference.value, in: Array(ruleIndex.keys)) { message += " (did you mean '\(guess)'?)" }
                        sink.error(reference.position, message)
                    }
                    continue
                }
                let present = set.rules.contains { $0.id == reference.value }
                if edit.mode == .add {
                    if present {
                        sink.warning(reference.position, "rule '\(reference.value)' is already in 'patterns \(name)'")
                    } else {
                        set.rules.append(decl.options.contains { $0.key.value == "ascii" && $0.value.value != "false" } ? { var r = rules[index]; r.ascii = true; return r }() : rules[index])
                        changed.append(reference.value)
                    }
                } else if present {
                    set.rules.removeAll { $0.id == reference.value }
                    changed.append(reference.value)
                } else {
                    sink.error(reference.position, "rule '\(reference.value)' is not in 'patterns \(name)', so it cannot be removed",
                               notes: [(decl.name.position, "'\(name)' is declared here")])
                }
            }
            set.rules.sort { fileOrder[$0.id]! < fileOrder[$1.id]! }
            sets[name] = set
            changes.append(RuleChange(location: location(edit.name.position), subject: "patterns \(name)",
                                      description: (edit.mode == .add ? "added " : "removed ") + (changed.isEmpty ? "no rules" : changed.joined(separator: ", ")) + " (\(set.rules.count) rules)"))
        }
        if sets["all"] == nil { sets["all"] = PatternSet(name: "all", rules: rules) }

        // Pipelines.
        var pipelines: [String: Pipeline] = [:]
        let wordLists = lists.mapValues { WordList(name: $0.name.value, entries: $0.entries, caseInsensitive: $0.caseless) }
        let plans = planPipelines(pipelineDecls)
        // Phases first: a stage they report is not also reported for the spans layer it lacks.
        let misphased = checkPhases(pipelineDecls.compactMap { decl in plans[decl.name.value].map { (decl.name.value, $0.map(\.stage)) } },
                                    sets: sets, declared: patternOrder, positions: Dictionary(uniqueKeysWithValues: zip(rules.map(\.id), positions)))
        var origins: [String: [StageOrigin]] = [:]
        var pipelineExamples: [String: [PatternRule.Example]] = [:]
        for decl in pipelineDecls {
            guard let plan = plans[decl.name.value] else { continue }
            origins[decl.name.value] = plan.map { planned in
                StageOrigin(stage: planned.text, declared: location(planned.stage.kind.position), changedBy: planned.changedBy.map(location))
            }
            pipelineExamples[decl.name.value] = decl.expects.compactMap { example($0) }
            var built = decl
            built.stages = plan.map(\.stage)
            if let pipeline = buildPipeline(built, sets: sets, lists: wordLists, changedBy: plan.map(\.changedBy),
                                            misphased: Set(misphased.compactMap { $0.pipeline == decl.name.value ? $0.stage : nil })) {
                pipelines[decl.name.value] = pipeline
            }
        }
        if sink.hasErrors { return nil }
        // The default pipeline is the first the root file declares, else the first included.
        var names = pipelineDecls.map(\.name.value)
        if let first = pipelineDecls.firstIndex(where: { $0.name.position.file == 0 }), first > 0 {
            names.insert(names.remove(at: first), at: 0)
        }
        let declFiles = Dictionary(uniqueKeysWithValues: pipelineDecls.map { ($0.name.value, files[$0.name.position.file].displayPath) })
        return RuleBook(rules: rules, patternSets: sets, pipelineNames: names,
                        pipelineFiles: names.map { declFiles[$0]! }, patternSetsDeclared: patternOrder,
                        warnings: sink.diagnostics(files), files: files.map(\.displayPath), pipelines: pipelines,
                        changes: changes, stageOrigins: origins, pipelineExamples: pipelineExamples)
    }

    func location(_ position: SourcePosition) -> Diagnostic.Location {
        files[position.file].location(line: position.line, byte: position.byte)
    }

    func unknownOption(_ option: OptionDecl, in known: [String], what: String) {
        var message = "unknown option '\(option.key.value)' for \(what)"
        if let guess = Suggestion.closest(to: option.key.value, in: known) { message += " (did you mean '\(guess)'?)" }
        else if !known.isEmpty { message += "; options: \(known.joined(separator: ", "))" }
        sink.error(option.key.position, message)
    }

    func example(_ decl: ExpectDecl) -> PatternRule.Example? {
        PatternRule.Example(text: decl.text, items: decl.items.map { item in
            PatternRule.Example.Expected(label: item.label.value, span: item.span,
                                         attributes: item.attributes.map { NamedValue(name: $0.name.value, value: $0.value) })
        }, only: decl.only, location: location(decl.position))
    }

    func buildRule(_ decl: RuleDecl, expander: PatternExpander, lists: [String: (entries: [String], caseless: Bool, name: Located<String>)],
                   map maps: inout [ExpansionMap]) -> PatternRule? {
        var decl = decl
        if case var .tokens(pattern) = decl.matcher {
            let failures = sink.entries.count
            pattern.pattern = expandTokenMacros(pattern.pattern, regexMacros: expander.macros)
            if sink.entries.count > failures { pattern.hasErrors = true }
            decl.matcher = .tokens(pattern)
        }
        var priority = 0
        var scope = PatternScope.anywhere
        var caseless = false
        var ascii = false
        var spanGroup: String? = nil
        for option in decl.options {
            switch option.key.value {
            case "priority":
                if let value = Int(option.value.value) { priority = value }
                else { sink.error(option.value.position, "expected a whole number for priority, found '\(option.value.value)'") }
            case "scope":
                if let value = PatternScope(rawValue: option.value.value) { scope = value }
                else { sink.error(option.value.position, "unknown scope '\(option.value.value)'; expected one of: anywhere, tokens, sentence") }
            case "caseless":
                caseless = option.value.value != "false"
            case "ascii":
                ascii = option.value.value != "false"
                if case .regex = decl.matcher {} else {
                    sink.warning(option.key.position, "ascii only changes regular expressions (\\w \\d \\s \\b); this rule has none")
                }
            case "span":
                guard case let .tokens(pattern) = decl.matcher else {
                    sink.error(option.key.position, "span= is for token rules; in a regex rule, \\K and a lookahead (?=…) leave context out of the match")
                    continue
                }
                let names = pattern.pattern.captureNames
                if names.contains(option.value.value) {
                    spanGroup = option.value.value
                } else {
                    var message = "span=\(option.value.value): the pattern has no group (?<\(option.value.value)>…)"
                    if let guess = Suggestion.closest(to: option.value.value, in: names) { message += " (did you mean '\(guess)'?)" }
                    else if !names.isEmpty { message += "; its groups: " + names.joined(separator: ", ") }
                    sink.error(option.value.position, message)
                }
            default:
                unknownOption(option, in: ["priority", "scope", "caseless", "ascii", "span"], what: "a rule")
            }
        }
        let matcher: PatternRule.Matcher
        var map = ExpansionMap()
        switch decl.matcher {
        case let .regex(literal):
            if literal.pattern.isEmpty {
                sink.error(literal.position, "empty pattern: a rule must match something")
                return nil
            }
            guard let (expanded, expansionMap) = expander.expand(literal) else { return nil }
            map = expansionMap
            for groupStart in BacktrackingLint.riskyGroups(expanded) {
                let located = map.locate(groupStart)
                sink.warning(located?.position ?? literal.position,
                    "nested quantifiers: this group repeats something that repeats; on text that almost matches it can backtrack for a very long time (PCRE2's match limit will stop it). Use a possessive quantifier (x++) or an atomic group (?>...) inside",
                    notes: notes(located?.via ?? []))
            }
            matcher = .regex(expanded, publicMap(map))
        case let .list(name):
            if unreadableLists.contains(name.value) { return nil }
            guard let list = lists[name.value] else {
                var message = "unknown list '@\(name.value)'"
                if let guess = Suggestion.closest(to: name.value, in: Array(lists.keys)) { message += " (did you mean '@\(guess)'?)" }
                sink.error(name.position, message)
                return nil
            }
            matcher = .wordList(WordList(name: name.value, entries: list.entries, caseInsensitive: list.caseless || caseless, location: location(list.name.position)))
        case let .tokens(pattern):
            let failures = sink.entries.count
            for option in decl.options where option.key.value == "scope" {
                sink.error(option.key.position, "token rules always match whole tokens; remove scope=")
            }
            let resolved = resolveTokens(pattern.pattern, lists: lists, caseless: caseless)
            if sink.entries.count > failures || pattern.hasErrors { return nil }
            matcher = .tokens(resolved)
            // The engine's errors (a bad regex in [text=/…/]) point at the pattern's start.
            map = ExpansionMap(segments: [ExpansionMap.Segment(expandedStart: 0, length: 0, position: pattern.position, via: [])])
        }
        // Attribute names: a constant may not repeat, nor reuse a named group's name.
        var attributeNames: Set<String> = []
        if case let .regex(literal) = decl.matcher { attributeNames = Self.groupNames(literal.pattern) }
        if case let .tokens(pattern) = decl.matcher { attributeNames = Set(pattern.pattern.captureNames) }
        for set in decl.sets where !attributeNames.insert(set.name.value).inserted {
            sink.error(set.name.position, "the attribute '\(set.name.value)' is already set (by a named group or an earlier set line)")
        }
        maps.append(map)
        var rule = PatternRule(id: decl.id.value, label: decl.label.value, matcher: matcher, priority: priority, scope: scope,
                               caseless: caseless, constants: decl.sets.map { PatternRule.Constant(name: $0.name.value, value: $0.value.value) },
                               examples: decl.expects.compactMap { example($0) }, location: location(decl.id.position))
        rule.spanGroup = spanGroup
        rule.ascii = ascii
        return rule
    }

    /// `syntax` with every `{NAME}` replaced by the token macro's pattern (macros may use
    /// macros; a macro that uses itself, directly or not, is an error at the use that closes
    /// the cycle). Errors point at the `{NAME}` with a note at the macro's definition.
    func expandTokenMacros(_ syntax: TokenPatternSyntax, regexMacros: [String: (body: RegexLiteral, name: Located<String>)],
                           expanding: [String] = []) -> TokenPatternSyntax {
        func expand(_ s: TokenPatternSyntax) -> TokenPatternSyntax {
            expandTokenMacros(s, regexMacros: regexMacros, expanding: expanding)
        }
        switch syntax {
        case .token, .reference, .sentenceStart, .sentenceEnd: return syntax
        case let .sequence(parts): return .sequence(parts.map(expand))
        case let .alternation(parts): return .alternation(parts.map(expand))
        case let .repeat(inner, min, max, lazy): return .repeat(expand(inner), min: min, max: max, lazy: lazy)
        case let .capture(name, inner): return .capture(name: name, expand(inner))
        case let .look(inner, ahead, negated): return .look(expand(inner), ahead: ahead, negated: negated)
        case let .macro(name, position):
            guard let macro = tokenMacros[name] else {
                if let regex = regexMacros[name] {
                    sink.error(position, "'\(name)' is a regex macro (/…/), which token patterns cannot use; define a token macro: define \(name) = [ … ]",
                               notes: [(regex.name.position, "'\(name)' is defined here")])
                } else {
                    var message = "unknown macro '{\(name)}'"
                    if let guess = Suggestion.closest(to: name, in: Array(tokenMacros.keys)) { message += " (did you mean '{\(guess)}'?)" }
                    else { message += "; define it with: define \(name) = [ … ]" }
                    sink.error(position, message)
                }
                return .token(.done(.any))
            }
            if expanding.contains(name) {
                sink.error(position, "macro '\(name)' uses itself (\((expanding + [name]).joined(separator: " -> "))); a macro cannot repeat itself, use a quantifier",
                           notes: [(macro.name.position, "'\(name)' is defined here")])
                return .token(.done(.any))
            }
            usedTokenMacros.insert(name)
            return expandTokenMacros(macro.pattern.pattern, regexMacros: regexMacros, expanding: expanding + [name])
        }
    }

    /// A token pattern with its `@name`s and `in=@list`s looked up and the rule's `caseless` applied.
    func resolveTokens(_ syntax: TokenPatternSyntax, lists: [String: (entries: [String], caseless: Bool, name: Located<String>)],
                       caseless: Bool) -> TokenPattern {
        func list(_ name: String) -> WordList? {
            guard let list = lists[name] else { return nil }
            return WordList(name: name, entries: list.entries, caseInsensitive: list.caseless || caseless, location: location(list.name.position))
        }
        func predicate(_ syntax: TokenPredicateSyntax) -> TokenPredicate {
            switch syntax {
            case let .done(.regex(form, pattern, regexCaseless)): return .regex(form, pattern, caseless: regexCaseless || caseless)
            case let .done(predicate): return predicate
            case let .and(parts): return .and(parts.map(predicate))
            case let .or(parts): return .or(parts.map(predicate))
            case let .not(inner): return .not(predicate(inner))
            case let .text(text): return caseless ? .lower(String(decoding: text.utf8.map(ASCII.lowercase), as: UTF8.self)) : .text(text)
            case let .prefix(text): return .prefix(text, caseless: caseless)
            case let .suffix(text): return .suffix(text, caseless: caseless)
            case let .lemmaInList(name, position):
                if let found = list(name) { return .lemmaInList(found) }
                if !unreadableLists.contains(name) {
                    var message = "unknown list '@\(name)'"
                    if let guess = Suggestion.closest(to: name, in: Array(lists.keys)) { message += " (did you mean '@\(guess)'?)" }
                    sink.error(position, message)
                }
                return .any
            case let .inList(name, position):
                if let found = list(name) { return .inList(found) }
                if !unreadableLists.contains(name) {
                    var message = "unknown list '@\(name)'"
                    if let guess = Suggestion.closest(to: name, in: Array(lists.keys)) { message += " (did you mean '@\(guess)'?)" }
                    sink.error(position, message)
                }
                return .any
            }
        }
        func pattern(_ syntax: TokenPatternSyntax) -> TokenPattern {
            switch syntax {
            case let .token(p):
                // `[in=@a | in=@b]` is `[in=@a] | [in=@b]`: each list's entries of several
                // words match that many tokens, as they do for `[in=@a]` alone.
                let test = predicate(p)
                if case let .or(parts) = test, parts.count > 1,
                   parts.allSatisfy({ if case .inList = $0 { return true } else { return false } }) {
                    return .alternation(parts.map { .token($0) })
                }
                return .token(test)
            case let .reference(name, tests, _):
                if tests == nil, let found = list(name) { return .token(.inList(found)) }
                if tests == nil, unreadableLists.contains(name) { return .token(.any) }  // reported where the list is
                return .span(label: name, tests: tests ?? [])
            case let .sequence(parts): return .sequence(parts.map(pattern))
            case let .alternation(parts): return .alternation(parts.map(pattern))
            case let .repeat(inner, min, max, lazy): return .repeat(pattern(inner), min: min, max: max, lazy: lazy)
            case let .capture(name, inner): return .capture(name: name, pattern(inner))
            case .sentenceStart: return .sentenceStart
            case .sentenceEnd: return .sentenceEnd
            case let .look(inner, ahead, negated): return .look(pattern(inner), ahead: ahead, negated: negated)
            case .macro: return .token(.any)  // expanded before; an unknown one was reported
            }
        }
        return pattern(syntax)
    }

    /// The names of named groups written in a pattern: (?<name>...), (?'name'...), (?P<name>...).
    static func groupNames(_ pattern: String) -> Set<String> {
        var names: Set<String> = []
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i + 3 < scalars.count {
            if scalars[i] == "(" && scalars[i + 1] == "?" {
                var j = i + 2
                if scalars[j] == "P" { j += 1 }
                if j < scalars.count, scalars[j] == "<" || scalars[j] == "'", j + 1 < scalars.count, scalars[j + 1] != "=" && scalars[j + 1] != "!" {
                    var k = j + 1
                    var name = ""
                    while k < scalars.count, scalars[k] != ">" && scalars[k] != "'" { name.unicodeScalars.append(scalars[k]); k += 1 }
                    if !name.isEmpty { names.insert(name) }
                }
            }
            i += 1
        }
        return names
    }

    /// "in 'NAME' used here" notes, innermost macro first.
    func notes(_ via: [(name: String, use: SourcePosition)]) -> [(SourcePosition?, String)] {
        via.map { ($0.use, "in '\($0.name)' used here") }
    }

    /// The byte offset of the last "(" that is never closed, outside classes and escapes.
    static func lastUnclosedParenthesis(_ pattern: String) -> Int? {
        let bytes = Array(pattern.utf8)
        var open: [Int] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5C {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "Q") { i = PCRE2Syntax.quoteEnd(bytes, from: i + 2) ?? bytes.count; continue }
                i += 2
                continue
            }
            if b == 0x5B { i = PCRE2Syntax.classEnd(bytes, from: i) ?? bytes.count; continue }
            if b == 0x28 { open.append(i) } else if b == 0x29 { _ = open.popLast() }
            i += 1
        }
        return open.last
    }

    func publicMap(_ map: ExpansionMap) -> SourceMap {
        SourceMap(segments: map.segments.map {
            SourceMap.Segment(expandedStart: $0.expandedStart, length: $0.length, location: location($0.position), macro: $0.via.first?.name)
        })
    }

    /// Compiles every rule through the registry's `patterns` kind and maps compile errors
    /// back to the files.
    func compileCheck(_ rules: [PatternRule], _ maps: [ExpansionMap], _ positions: [SourcePosition]) {
        guard let kind = registry.kind(named: "patterns") else { return }
        let set = PatternSet(name: "check", rules: rules, overlap: .all)
        final class Warnings: @unchecked Sendable { var list: [(rule: Int, message: String)] = [] }
        let warnings = Warnings()
        defer {
            for (rule, message) in warnings.list where rule < rules.count {
                sink.warning(maps[rule].segments.first?.position ?? positions[rule], message)
            }
        }
        do {
            var request = StageRequest(argument: "check", patternSets: ["check": set])
            request.checkOnly = true
            request.warnRule = { rule, message in warnings.list.append((rule, message)) }
            _ = try kind.build(request)
        } catch let error as StageBuildError {
            for failure in error.ruleFailures where failure.rule < rules.count {
                if failure.message.contains("empty string") || failure.message.contains("is empty") {
                    sink.error(maps[failure.rule].segments.first?.position ?? positions[failure.rule], failure.message)
                    continue
                }
                // "missing closing parenthesis" is found at the end: point at the open one.
                var offset = failure.offset
                if failure.message.contains("missing closing parenthesis"), case let .regex(pattern, _) = rules[failure.rule].matcher,
                   let open = Self.lastUnclosedParenthesis(pattern) {
                    offset = open
                }
                let located = maps[failure.rule].locate(offset)
                var ruleNotes = notes(located?.via ?? [])
                if !(located?.via.isEmpty ?? true) { ruleNotes.append((positions[failure.rule], "in rule '\(rules[failure.rule].id)'")) }
                let prefix = if case .tokens = rules[failure.rule].matcher { "" } else { "regular expression: " }
                sink.error(located?.position ?? positions[failure.rule], prefix + failure.message, notes: ruleNotes)
            }
            if error.ruleFailures.isEmpty { sink.error(nil, error.message) }
        } catch {
            sink.error(nil, "\(error)")
        }
    }

    // MARK: - Phases

    /// Rules that read earlier spans (`@PERSON`, `label=ORG`) need an earlier stage that writes
    /// those labels, since a rule sees only the spans of the stages before its own. In each
    /// pipeline, and for declarations no pipeline runs in the order written (as `quarry test`
    /// runs them): a label only the rule's own stage writes is an error naming the rule that
    /// writes it; one a later stage writes is an error naming that stage. A stage other than
    /// `patterns` that writes spans (aliases, quotations) may write any label, so after one
    /// nothing is reported.
    /// Returns the stages it reported, by pipeline and position.
    @discardableResult
    func checkPhases(_ pipelines: [(name: String, stages: [StageDecl])], sets: [String: PatternSet], declared: [String],
                     positions: [String: SourcePosition]) -> [(pipeline: String, stage: Int)] {
        var reported: Set<String> = []
        var stages: [(pipeline: String, stage: Int)] = []
        func check(_ order: [(name: String, set: PatternSet?, position: SourcePosition?, options: [String: StageOptionValue], decl: StageDecl?)],
                   pipeline: String?, only: Set<String>? = nil) {
            var written: Set<String> = []
            var opaque = false
            for (k, stage) in order.enumerated() {
                guard let set = stage.set else {
                    guard let kind = registry.kind(named: stage.name) else { continue }
                    // An option naming a span label (`cues=_CUE`) needs an earlier stage that writes it.
                    for spec in kind.options where spec.type == .label && !opaque {
                        guard case let .string(label)? = stage.options[spec.name], !label.isEmpty, !written.contains(label),
                              let declared = stage.decl else { continue }
                        let at = declared.options.first { $0.key.value == spec.name }?.value.position ?? declared.kind.position
                        sink.warning(at, "\(spec.name)=\(label): no earlier stage of the pipeline writes \(label) spans, so the '\(kind.name)' stage gets none; add the patterns stage that writes them before it, or clear the option (\(spec.name)=\"\")")
                    }
                    if kind.writes.contains(.spans) {
                        if let labels = kind.writesLabels { written.formUnion(labels(stage.options)) } else { opaque = true }  // nil: any label
                    }
                    continue
                }
                let own = Set(set.rules.map(\.label))
                for rule in set.rules where only?.contains(set.name) ?? true {
                    guard let pattern = rule.tokenPattern, !opaque else { continue }
                    for label in pattern.spanLabels.sorted() where !written.contains(label) {
                        let key = "\(rule.id) \(label) \(set.name)"
                        guard !reported.contains(key), let at = positions[rule.id] else { continue }
                        let reader = "rule '\(rule.id)' reads \(label) spans"
                        let place = pipeline.map { " in pipeline '\($0)'" } ?? ""
                        if own.contains(label), let writer = set.rules.first(where: { $0.label == label }) {
                            reported.insert(key)
                            if let pipeline { stages.append((pipeline, k)) }
                            sink.error(at, "\(reader), but only its own stage 'patterns \(set.name)'\(place) writes them (rule '\(writer.id)'); a rule sees the spans of earlier stages only: put '\(writer.id)' in a patterns declaration of its own and run it before 'patterns \(set.name)'",
                                       notes: positions[writer.id].map { [($0, "'\(writer.id)' writes \(label) here")] } ?? [])
                        } else if let later = order[(k + 1)...].first(where: { $0.set?.rules.contains { $0.label == label } == true }) {
                            reported.insert(key)
                            if let pipeline { stages.append((pipeline, k)) }
                            sink.error(at, "\(reader), which 'patterns \(later.name)' writes after its own stage 'patterns \(set.name)'\(place): run 'patterns \(later.name)' before 'patterns \(set.name)'",
                                       notes: later.position.map { [($0, "'patterns \(later.name)' runs here")] } ?? [])
                        } else if let pipeline {
                            // No stage of the pipeline writes the label: the rule never matches there.
                            reported.insert(key)
                            sink.warning(at, "\(reader), which no stage of pipeline '\(pipeline)' writes before it: there, @\(label) (or label=\(label)) never matches",
                                         notes: stage.position.map { [($0, "'patterns \(set.name)' runs here")] } ?? [])
                        }
                    }
                }
                written.formUnion(own)
            }
        }
        var inPipeline: Set<String> = []
        for pipeline in pipelines {
            check(pipeline.stages.map { stage in
                if stage.kind.value == "patterns" {
                    let name = stage.argument?.value ?? "all"
                    inPipeline.insert(name)
                    return (name, sets[name], stage.kind.position, [:], stage)
                }
                // The stage's options as text over its defaults (enough for the labels it reads and writes).
                var options: [String: StageOptionValue] = [:]
                for spec in registry.kind(named: stage.kind.value)?.options ?? [] { options[spec.name] = spec.decodedDefault }
                for option in stage.options { options[option.key.value] = .string(option.value.value) }
                return (stage.kind.value, nil, stage.kind.position, options, stage)
            }, pipeline: pipeline.name)
        }
        // A file with neither: `quarry explain` runs every rule as one stage.
        if pipelines.isEmpty && declared.isEmpty, let all = sets["all"] {
            check([("all", all, nil, [:], nil)], pipeline: nil)
        }
        let alone = declared.filter { !inPipeline.contains($0) }
        if !alone.isEmpty {
            check(declared.map { ($0, sets[$0], nil, [:], nil) }, pipeline: nil, only: Set(alone))
        }
        return stages
    }

    // MARK: - Pipelines

    /// A stage of a pipeline being planned, and the `set` lines that changed it.
    struct PlannedStage {
        var stage: StageDecl
        var changedBy: [SourcePosition] = []
        var text: String {
            var words = [stage.kind.value]
            if let argument = stage.argument { words.append(argument.value) }
            for option in stage.options {
                let value = option.value.value
                words.append("\(option.key.value)=" + (value.isEmpty || value.contains(where: { $0 == " " || $0 == "," || $0 == "#" }) ? "\"\(value)\"" : value))
            }
            return words.joined(separator: " ")
        }
        var name: String { stage.argument.map { "\(stage.kind.value) \($0.value)" } ?? stage.kind.value }
    }

    /// Every pipeline's stages, with `pipeline NAME from BASE` resolved: BASE's stages (itself
    /// resolved first) changed by the edit lines in order. Unknown bases and targets are errors.
    func planPipelines(_ decls: [PipelineDecl]) -> [String: [PlannedStage]] {
        let byName = Dictionary(decls.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        var plans: [String: [PlannedStage]] = [:]
        var failed: Set<String> = []
        func plan(_ decl: PipelineDecl, chain: [String]) -> [PlannedStage]? {
            let name = decl.name.value
            if let done = plans[name] { return done }
            if failed.contains(name) { return nil }
            guard let base = decl.base else {
                let stages = decl.stages.map { PlannedStage(stage: $0) }
                plans[name] = stages
                return stages
            }
            if chain.contains(base.value) || base.value == name {
                sink.error(base.position, "pipeline cycle: \((chain + [name, base.value]).joined(separator: " from "))")
                failed.insert(name)
                return nil
            }
            guard let baseDecl = byName[base.value] else {
                var message = "no pipeline '\(base.value)' to start from"
                if let guess = Suggestion.closest(to: base.value, in: Array(byName.keys)) { message += " (did you mean '\(guess)'?)" }
                else if byName.count > 1 { message += "; declared: " + decls.map(\.name.value).filter { $0 != name }.joined(separator: ", ") }
                else { message += "; include the file that declares it" }
                sink.error(base.position, message)
                failed.insert(name)
                return nil
            }
            guard var stages = plan(baseDecl, chain: chain + [name]) else {
                failed.insert(name)
                return nil
            }
            for edit in decl.edits {
                func find(_ reference: StageReference) -> Int? {
                    let words = reference.words.map(\.value)
                    let matches = stages.indices.filter { i in
                        let stage = stages[i].stage
                        if words.count == 2 { return stage.kind.value == words[0] && stage.argument?.value == words[1] }
                        return stage.kind.value == words[0] || stage.argument?.value == words[0]
                    }
                    if matches.count == 1 { return matches[0] }
                    let listing = stages.map(\.name).joined(separator: ", ")
                    if matches.isEmpty {
                        var message = "the pipeline '\(name)' (from '\(base.value)') has no stage '\(reference.text)'"
                        let candidates = stages.map(\.name) + stages.compactMap(\.stage.argument?.value)
                        if let guess = Suggestion.closest(to: reference.text, in: candidates) { message += " (did you mean '\(guess)'?)" }
                        sink.error(reference.position, message + "; its stages: \(listing)")
                    } else {
                        sink.error(reference.position, "'\(reference.text)' names \(matches.count) stages of '\(name)' (\(matches.map { stages[$0].name }.joined(separator: ", "))): add the patterns stage's name")
                    }
                    return nil
                }
                let change: String
                switch edit.edit {
                case let .insert(stage, after, target):
                    guard let i = find(target) else { continue }
                    stages.insert(PlannedStage(stage: stage), at: after ? i + 1 : i)
                    change = "inserted '\(PlannedStage(stage: stage).name)' \(after ? "after" : "before") '\(stages[after ? i : i + 1].name)'"
                case let .replace(target, stage):
                    guard let i = find(target) else { continue }
                    change = "replaced '\(stages[i].name)' with '\(PlannedStage(stage: stage).name)'"
                    removedStages[name, default: []].append((edit.position, stages[i].stage, edit.text))
                    stages[i] = PlannedStage(stage: stage)
                case let .drop(target):
                    guard let i = find(target) else { continue }
                    change = "dropped '\(stages[i].name)'"
                    removedStages[name, default: []].append((edit.position, stages[i].stage, edit.text))
                    stages.remove(at: i)
                case let .set(target, options):
                    guard let i = find(target) else { continue }
                    for option in options {
                        if let k = stages[i].stage.options.firstIndex(where: { $0.key.value == option.key.value }) {
                            stages[i].stage.options[k] = option
                        } else {
                            stages[i].stage.options.append(option)
                        }
                    }
                    stages[i].changedBy.append(edit.position)
                    change = "set " + options.map { "\($0.key.value)=\($0.value.value)" }.joined(separator: " ") + " on '\(stages[i].name)'"
                }
                changes.append(RuleChange(location: location(edit.position), subject: "pipeline \(name)", description: change))
            }
            if stages.isEmpty { sink.error(decl.name.position, "the pipeline '\(name)' has no stages left after its changes") }
            plans[name] = stages
            return stages
        }
        for decl in decls { _ = plan(decl, chain: []) }
        return plans
    }

    /// `changedBy`: for each stage, the `set` lines that changed it (a path one of them wrote
    /// resolves against its file; errors building the stage get a note at each).
    /// `misphased`: positions of stages the phase check reported; their missing spans layer
    /// is not reported again.
    func buildPipeline(_ decl: PipelineDecl, sets: [String: PatternSet], lists: [String: WordList], changedBy: [[SourcePosition]] = [],
                       misphased: Set<Int> = []) -> Pipeline? {
        var stages: [any Stage] = []
        var failed = false
        for (index, stage) in decl.stages.enumerated() {
            // Paths in options are relative to the file that wrote the stage (a pipeline
            // declared from another keeps its stages' folders), or to the file of the last
            // `set` line that changed it.
            let changes = index < changedBy.count ? changedBy[index] : []
            let base = files[changes.last?.file ?? stage.kind.position.file].url.deletingLastPathComponent()
            let changeNotes: [(SourcePosition?, String)] = changes.map { ($0, "the stage was changed here") }
            guard let kind = registry.kind(named: stage.kind.value) else {
                var message = "unknown stage '\(stage.kind.value)'"
                if let guess = registry.suggestion(for: stage.kind.value) { message += " (did you mean '\(guess)'?)" }
                message += "; stages: \(registry.all.map(\.name).joined(separator: ", ")) (see `quarry stages`)"
                sink.error(stage.kind.position, message)
                failed = true
                continue
            }
            var options: [String: StageOptionValue] = [:]
            for spec in kind.options {
                options[spec.name] = spec.decodedDefault
                // A list option whose default names a list (`@quote-verbs`) takes that list
                // when the rule files declare it, with its `+=` and `-=` changes.
                if spec.type == .list, spec.defaultValue.hasPrefix("@"), case let .success(value) = spec.decode(spec.defaultValue, lists: lists) {
                    options[spec.name] = value
                }
            }
            for option in stage.options {
                guard let spec = kind.options.first(where: { $0.name == option.key.value }) else {
                    unknownOption(option, in: kind.options.map(\.name), what: "the '\(kind.name)' stage")
                    failed = true
                    continue
                }
                switch spec.decode(option.value.value, lists: lists) {
                case let .success(value):
                    options[spec.name] = value
                case let .failure(problem) where problem.isUnknownList:
                    sink.error(option.value.position, problem.message)
                    failed = true
                case let .failure(problem):
                    sink.error(option.value.position, "bad value '\(option.value.value)' for \(spec.name): \(problem)")
                    failed = true
                }
            }
            var argument = stage.argument?.value
            if kind.name == "patterns" {
                argument = argument ?? "all"
                if sets[argument!] == nil {
                    var message = "unknown patterns declaration '\(argument!)'"
                    if let guess = Suggestion.closest(to: argument!, in: Array(sets.keys)) { message += " (did you mean '\(guess)'?)" }
                    sink.error(stage.argument?.position ?? stage.kind.position, message)
                    failed = true
                    continue
                }
            } else if let given = stage.argument, kind.argument == nil {
                sink.error(given.position, "the '\(kind.name)' stage takes no argument; options are written name=value")
                failed = true
                continue
            }
            do {
                var request = StageRequest(argument: argument, options: options, patternSets: sets, lists: lists, baseDirectory: base)
                request.given = Set(stage.options.map(\.key.value))
                request.checkOnly = checkOnly
                stages.append(try kind.build(request))
            } catch let error as StageBuildError {
                if error.ruleFailures.isEmpty { sink.error(stage.kind.position, error.message, notes: changeNotes) }
                failed = true  // rule compile errors were reported by the compile check
            } catch {
                sink.error(stage.kind.position, "cannot build the '\(kind.name)' stage: \(error)", notes: changeNotes)
                failed = true
            }
        }
        guard !failed else { return nil }
        // The order: every stage that lacks a layer is reported, not only the first.
        let problems = Pipeline.orderProblems(stages)
        for problem in problems {
            guard case let .missingLayer(name, position, layer, writer) = problem else { continue }
            let k = position - 1
            if layer == .spans && misphased.contains(k) { continue }
            let at = k < decl.stages.count ? decl.stages[k].kind.position : decl.name.position
            var message = "\(problem)"
            // A stage a `drop` or `replace` line took out wrote it: say so, at that line.
            let removed = (removedStages[decl.name.value] ?? []).filter { registry.kind(named: $0.stage.kind.value)?.writes.contains(layer) == true }
            if writer == nil, let first = removed.first {
                message = "stage \(position) '\(name)' needs the '\(layer)' layer, which '\(first.text)' took out of the pipeline with the stage '\(first.stage.kind.value)'; keep that stage, or take out the stages that need it too"
            } else if layer == .spans, writer == nil {
                // A bare `patterns` would run these rules too: name what the stage needs.
                message = "stage \(position) '\(name)' reads the spans of earlier stages, but no earlier stage writes spans; add a patterns stage before it whose rules write the labels it reads"
            }
            // Which rules of a patterns stage need the layer.
            if let needers = (stages[k] as? any RuleNeeds)?.rulesNeeding(layer), !needers.isEmpty {
                message += " (needed by rule\(needers.count == 1 ? "" : "s") \(needers.prefix(3).map { "'\($0)'" }.joined(separator: ", ")))"
            }
            sink.error(at, message, notes: removed.map { ($0.position, "'\($0.text)' took out the stage '\($0.stage.kind.value)' here") })
        }
        guard problems.isEmpty else { return nil }
        return try? Pipeline(stages)
    }
}
