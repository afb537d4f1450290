import Foundation
import QuarryCore

/// A name a rule file declares, for an editor: where it is, what it is, how big.
public struct RuleSymbol: Sendable, Hashable {
    /// What kind of declaration a name belongs to.
    public enum Kind: String, Sendable, Hashable {
        case list, macro, rule, patterns, pipeline
        /// A span label: declared by every rule that writes it (the first is the location).
        case label
    }
    /// The kind of declaration.
    public var kind: Kind
    /// The declared name (`countries`, `DATE`, `money`).
    public var name: String
    /// Where the name is written in its declaration.
    public var location: Diagnostic.Location
    /// The file's absolute path, for editors (``Diagnostic/Location/file`` is shortened).
    public var path: String
    /// One line on it: `list countries: 195 entries, from "entities/countries.txt"`.
    public var detail: String
    /// The declaration's first line as written.
    public var definition: String
}

extension RuleBook {
    /// Every list, macro, rule, patterns declaration, pipeline and label that `url` (with
    /// `text` in place of its contents on disk, when given; `overlays` in place of other files,
    /// by absolute path) and the files it includes declare.
    /// It only parses: a file with errors still gives the names that parse, so an editor can
    /// hover and jump while the file is being written.
    public static func outline(file url: URL, text: String? = nil, overlays: [String: String] = [:]) -> [RuleSymbol] {
        let loader = Loader(registry: StageRegistry())
        loader.overlays = overlays
        loader.read(url: url, text: text, includedFrom: nil, chain: [])
        return loader.outline()
    }
}

extension RuleBook {
    /// The absolute paths of the rule files `url` reads: itself and everything it includes.
    public static func files(of url: URL, text: String? = nil, overlays: [String: String] = [:]) -> [String] {
        let loader = Loader(registry: StageRegistry())
        loader.overlays = overlays
        loader.read(url: url, text: text, includedFrom: nil, chain: [])
        return loader.files.map(\.url.path)
    }
}

extension Loader {
    func outline() -> [RuleSymbol] {
        var symbols: [RuleSymbol] = []
        var labels: [String: (first: SourcePosition, rules: [String])] = [:]
        var labelOrder: [String] = []
        func symbol(_ kind: RuleSymbol.Kind, _ name: Located<String>, _ detail: String) {
            let file = files[name.position.file]
            let line = name.position.line >= 1 && name.position.line <= file.lines.count ? file.lines[name.position.line - 1] : ""
            symbols.append(RuleSymbol(kind: kind, name: name.value, location: location(name.position), path: file.url.path,
                                      detail: detail, definition: line.trimmingCharacters(in: .whitespaces)))
        }
        for (file, declaration) in declarations {
            switch declaration {
            case .include: break
            case let .define(name, body):
                symbol(.macro, name, "macro \(name.value) = /\(body.pattern)/")
            case let .defineTokens(name, _):
                symbol(.macro, name, "token macro \(name.value)")
            case let .list(list) where list.mode == .declare:
                switch list.source {
                case let .inline(entries):
                    symbol(.list, list.name, "list \(list.name.value): \(entries.count) entr\(entries.count == 1 ? "y" : "ies")\(list.caseless ? ", any case" : ""): " + entries.prefix(5).map(\.value).joined(separator: ", ") + (entries.count > 5 ? ", …" : ""))
                case let .file(path):
                    let url = URL(fileURLWithPath: path.value, relativeTo: files[file].url.deletingLastPathComponent()).absoluteURL
                    let lines = (try? String(contentsOf: url, encoding: .utf8)).map { TextLines.split($0) } ?? []
                    let entries = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
                    symbol(.list, list.name, "list \(list.name.value): \(entries.count) entr\(entries.count == 1 ? "y" : "ies") from \"\(path.value)\"\(list.caseless ? ", any case" : "")" + (entries.isEmpty ? "" : ": " + entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", …" : "")))
                }
            case .list: break
            case let .rule(rule):
                let kind: String
                switch rule.matcher {
                case .regex: kind = "regex rule"
                case let .list(name): kind = "list rule over @\(name.value)"
                case .tokens: kind = "token rule"
                }
                symbol(.rule, rule.id, "\(kind) \(rule.id.value) → \(rule.label.value), \(rule.expects.count) example\(rule.expects.count == 1 ? "" : "s")")
                if labels[rule.label.value] == nil { labelOrder.append(rule.label.value); labels[rule.label.value] = (rule.label.position, []) }
                labels[rule.label.value]!.rules.append(rule.id.value)
            case let .patterns(patterns) where patterns.mode == .declare:
                let rules = patterns.rules.map { "\($0.count) rule\($0.count == 1 ? "" : "s"): " + $0.prefix(8).map(\.value).joined(separator: ", ") + ($0.count > 8 ? ", …" : "") } ?? "every rule loaded"
                symbol(.patterns, patterns.name, "patterns \(patterns.name.value): \(rules)")
            case .patterns: break
            case let .pipeline(pipeline):
                let detail = pipeline.base.map { "pipeline \(pipeline.name.value): \($0.value) with \(pipeline.edits.count) change\(pipeline.edits.count == 1 ? "" : "s")" }
                    ?? "pipeline \(pipeline.name.value): " + pipeline.stages.map { stage in stage.argument.map { "\(stage.kind.value) \($0.value)" } ?? stage.kind.value }.joined(separator: " → ")
                symbol(.pipeline, pipeline.name, detail)
            }
        }
        for label in labelOrder {
            let entry = labels[label]!
            symbol(.label, Located(value: label, position: entry.first),
                   "label \(label): written by \(entry.rules.count) rule\(entry.rules.count == 1 ? "" : "s"): " + entry.rules.prefix(8).joined(separator: ", ") + (entry.rules.count > 8 ? ", …" : ""))
        }
        return symbols
    }
}

/// The words of the rule language, for editors and completion.
public enum RuleLanguage {
    /// The words that start a declaration.
    public static var keywords: [String] { Parser.keywords }
    /// The attributes a token test can read (`[lower=said]`).
    public static var tokenAttributes: [String] { TokenPatternParser.attributes }
    /// The flags a token test can name (`[is-title]`).
    public static var tokenFlags: [String] { TokenPatternParser.flags }
    /// The changes a `pipeline NAME from BASE` takes.
    public static var pipelineEdits: [String] { Parser.editVerbs }
    /// The options of a rule.
    public static let ruleOptions = ["priority", "scope", "caseless", "ascii", "span"]
    /// The options of a patterns declaration.
    public static let patternsOptions = ["overlap", "limit", "heap", "matches", "ascii", "replace"]
}
