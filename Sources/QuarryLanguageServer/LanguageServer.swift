import Foundation
import Quarry

/// A language server for Quarry rule files (LSP 3.17), one message at a time: `handle`
/// takes a request or notification as decoded JSON and returns what to send back (its
/// response, and notifications such as diagnostics). `quarry lsp` runs it over stdio.
///
/// - Diagnostics on open and on every change: what `quarry check` reports, with its notes as
///   related information, in the file where each is (an included file's errors are published
///   for that file).
/// - On save, also the examples (`expect` lines) of the saved file that fail, as `quarry test`
///   runs them.
/// - Hover on a list, macro, rule, label, patterns declaration, pipeline or stage name: its
///   definition and size. Go to definition across includes.
/// - Completion of keywords, stage kinds and their options, pipeline changes, token
///   attributes and flags, parts of speech, list names, labels and macros.
public final class LanguageServer {
    let registry: StageRegistry
    /// Open documents by URI: their text as the editor has it.
    var documents: [String: String] = [:]
    /// For each open document, the files it last published diagnostics for (to clear them).
    var published: [String: Set<String>] = [:]
    /// Set by `exit`: stop reading. 0 after `shutdown`, 1 without it (as LSP asks).
    public private(set) var exitCode: Int32? = nil
    var shutdownRequested = false

    /// A server that builds stages from `registry` (the standard stages by default).
    public init(registry: StageRegistry = .standard) {
        self.registry = registry
        kinds = Dictionary(registry.all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The stage kinds by name, for hover and completion.
    let kinds: [String: StageKind]

    /// The messages to send in answer to `message` (a JSON-RPC request or notification).
    public func handle(_ message: [String: Any]) -> [[String: Any]] {
        let method = message["method"] as? String
        let id = message["id"]
        let params = message["params"] as? [String: Any] ?? [:]
        func reply(_ result: Any?) -> [[String: Any]] {
            guard let id else { return [] }
            return [["jsonrpc": "2.0", "id": id, "result": result ?? NSNull()]]
        }
        guard let method else { return [] }  // a response to us: none are asked
        if shutdownRequested && method != "exit" && id != nil {
            return [error(id!, -32600, "the server is shutting down")]
        }
        switch method {
        case "initialize":
            return reply([
                "capabilities": [
                    "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                    "hoverProvider": true,
                    "definitionProvider": true,
                    "completionProvider": ["triggerCharacters": ["@", "[", "=", "{", " "]],
                ],
                "serverInfo": ["name": "quarry", "version": quarryVersion],
            ])
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
            return []
        case "shutdown":
            shutdownRequested = true
            return reply(nil)
        case "exit":
            exitCode = shutdownRequested ? 0 : 1
            return []
        case "textDocument/didOpen":
            guard let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String,
                  let text = document["text"] as? String else { return [] }
            documents[uri] = text
            return diagnose(uri, examples: false)
        case "textDocument/didChange":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
                  let changes = params["contentChanges"] as? [[String: Any]], let text = changes.last?["text"] as? String else { return [] }
            documents[uri] = text
            // The open documents that include this one are checked again too.
            var messages = diagnose(uri, examples: false)
            for other in documents.keys.sorted() where other != uri && includes(other, uri) {
                messages += diagnose(other, examples: false)
            }
            return messages
        case "textDocument/didSave":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, documents[uri] != nil else { return [] }
            return diagnose(uri, examples: true)
        case "textDocument/didClose":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else { return [] }
            documents[uri] = nil
            let cleared = (published.removeValue(forKey: uri) ?? [uri]).map { publish($0, []) }
            return cleared
        case "textDocument/hover":
            return reply(hover(params))
        case "textDocument/definition":
            return reply(definition(params))
        case "textDocument/completion":
            return reply(["isIncomplete": false, "items": completion(params)])
        default:
            guard let id else { return [] }  // notifications we do not know are ignored
            return [error(id, -32601, "quarry lsp does not handle '\(method)'")]
        }
    }

    func error(_ id: Any, _ code: Int, _ message: String) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]]
    }

    // MARK: - Paths and positions

    static func path(of uri: String) -> String {
        URL(string: uri)?.path ?? uri
    }

    static func uri(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }

    /// A diagnostic's file as an absolute path (diagnostics show paths relative to the
    /// working directory).
    static func absolute(_ file: String) -> String {
        file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
    }

    /// The UTF-16 offset of a 1-based character column in `line` (LSP counts UTF-16 units).
    static func utf16(_ line: String, column: Int) -> Int {
        line.prefix(max(0, column - 1)).utf16.count
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "."
    }

    /// The range a diagnostic covers: from its column to the end of the name there (at least
    /// one character).
    static func range(_ location: Diagnostic.Location) -> [String: Any] {
        let line = location.sourceLine ?? ""
        let start = utf16(line, column: location.column)
        var rest = line.dropFirst(max(0, location.column - 1))
        let sigil = rest.first == "@" || rest.first == "{" ? 1 : 0  // `@list`, `{MACRO}`
        rest = rest.dropFirst(sigil)
        let length = sigil + rest.prefix { isNameCharacter($0) }.utf16.count
        let end = start + max(1, length)
        return ["start": ["line": max(0, location.line - 1), "character": start],
                "end": ["line": max(0, location.line - 1), "character": end]]
    }

    /// The name under the cursor, and the text of its line before it.
    func word(_ params: [String: Any]) -> (uri: String, word: String, before: String, line: String)? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri] ?? (try? String(contentsOfFile: Self.path(of: uri), encoding: .utf8)),
              let position = params["position"] as? [String: Any], let lineNumber = position["line"] as? Int,
              let character = position["character"] as? Int else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lineNumber >= 0, lineNumber < lines.count else { return nil }
        let line = lines[lineNumber]
        // The character index of the UTF-16 offset.
        var units = 0
        var index = line.startIndex
        while index < line.endIndex, units < character {
            units += line[index].utf16.count
            index = line.index(after: index)
        }
        var start = index, end = index
        while start > line.startIndex, Self.isNameCharacter(line[line.index(before: start)]) { start = line.index(before: start) }
        while end < line.endIndex, Self.isNameCharacter(line[end]) { end = line.index(after: end) }
        return (uri, String(line[start..<end]), String(line[..<index]), line)
    }

    func symbols(_ uri: String) -> [RuleSymbol] {
        RuleBook.outline(file: URL(fileURLWithPath: Self.path(of: uri)), text: documents[uri], overlays: overlays(except: uri))
    }

    /// The other open documents, by path: an included file the editor has changed is read as
    /// the editor has it, not as saved.
    func overlays(except uri: String) -> [String: String] {
        var texts: [String: String] = [:]
        for (other, text) in documents where other != uri {
            texts[URL(fileURLWithPath: Self.path(of: other)).standardizedFileURL.path] = text
        }
        return texts
    }

    /// Whether the open document `uri` includes `target` (directly or through other files).
    func includes(_ uri: String, _ target: String) -> Bool {
        let path = URL(fileURLWithPath: Self.path(of: target)).standardizedFileURL.path
        return RuleBook.files(of: URL(fileURLWithPath: Self.path(of: uri)), text: documents[uri], overlays: overlays(except: uri)).dropFirst().contains(path)
    }

    // MARK: - Diagnostics

    func publish(_ uri: String, _ diagnostics: [[String: Any]]) -> [String: Any] {
        ["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": ["uri": uri, "diagnostics": diagnostics]]
    }

    /// What `quarry check` reports for the document, grouped by file; with `examples`, the
    /// failing examples of the document's own file too.
    func diagnose(_ uri: String, examples: Bool) -> [[String: Any]] {
        guard let text = documents[uri] else { return [] }
        let url = URL(fileURLWithPath: Self.path(of: uri))
        var found: [Diagnostic]
        do {
            found = try RuleBook.check(source: text, name: url.lastPathComponent, baseDirectory: url.deletingLastPathComponent(), registry: registry,
                                       overlays: overlays(except: uri))
        } catch {
            found = error.diagnostics
        }
        // Examples need stages that run: a full load, on save only.
        let book = examples && !found.contains { $0.severity == .error }
            ? try? RuleBook.load(source: text, name: url.lastPathComponent, baseDirectory: url.deletingLastPathComponent(), registry: registry) : nil
        var byFile: [String: [[String: Any]]] = [:]
        var last: (file: String, index: Int)? = nil
        let ownPath = url.standardizedFileURL.path
        for diagnostic in found {
            let file = diagnostic.location.map { Self.absolute($0.file) } ?? ownPath
            let range = diagnostic.location.map(Self.range) ?? ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 1]]
            if diagnostic.severity == .note {
                // A note is related information of the diagnostic before it.
                guard let last else { continue }
                var entry = byFile[last.file]![last.index]
                var related = entry["relatedInformation"] as? [[String: Any]] ?? []
                related.append(["location": ["uri": Self.uri(of: file), "range": range], "message": diagnostic.message])
                entry["relatedInformation"] = related
                byFile[last.file]![last.index] = entry
                continue
            }
            let entry: [String: Any] = ["range": range, "severity": diagnostic.severity == .error ? 1 : 2, "source": "quarry", "message": diagnostic.message]
            byFile[file, default: []].append(entry)
            last = (file, byFile[file]!.count - 1)
        }
        if examples, let book, let results = try? book.runExamples(registry: registry) {
            for result in results where !result.passed && Self.absolute(result.example.location.file) == ownPath {
                let location = result.example.location
                byFile[ownPath, default: []].append([
                    "range": Self.range(location), "severity": 1, "source": "quarry test",
                    "message": "example of \(result.owner) fails: \(result.failure ?? "failed")",
                ])
            }
        }
        var messages: [[String: Any]] = []
        let files = Set(byFile.keys).union([ownPath])
        let uris = Set(files.map { $0 == ownPath ? uri : Self.uri(of: $0) })
        for file in files.sorted() {
            messages.append(publish(file == ownPath ? uri : Self.uri(of: file), byFile[file] ?? []))
        }
        // Files that had diagnostics from this document and have none now are cleared.
        for stale in (published[uri] ?? []).subtracting(uris).sorted() { messages.append(publish(stale, [])) }
        published[uri] = uris
        return messages
    }

    // MARK: - Hover and definition


    /// The declaration the name under the cursor refers to: after `@` a list or a label,
    /// otherwise a rule, list, macro, patterns declaration, pipeline or label, in that order.
    func symbol(at params: [String: Any]) -> RuleSymbol? {
        guard let (uri, word, before, _) = word(params), !word.isEmpty else { return nil }
        let isReference = before.reversed().drop { Self.isNameCharacter($0) }.first == "@"
        let candidates = symbols(uri).filter { $0.name == word }
        let order: [RuleSymbol.Kind] = isReference ? [.list, .label] : [.rule, .list, .macro, .patterns, .pipeline, .label]
        return order.lazy.compactMap { kind in candidates.first { $0.kind == kind } }.first
    }

    func hover(_ params: [String: Any]) -> Any? {
        if let symbol = symbol(at: params) {
            let place = "\(symbol.location.file):\(symbol.location.line)"
            return ["contents": ["kind": "markdown", "value": "```quarry\n\(symbol.definition)\n```\n\(symbol.detail)\n\n\(place)"]]
        }
        guard let (_, word, _, _) = word(params), let kind = kinds[word] else { return nil }
        var text = "**stage \(kind.name)**: \(kind.summary)\n\nreads: \(kind.reads.map(\.rawValue).joined(separator: ", ")); writes: \(kind.writes.map(\.rawValue).joined(separator: ", "))"
        if !kind.options.isEmpty {
            text += "\n\n" + kind.options.map { "- `\($0.name)=`" + ($0.defaultValue.isEmpty ? "" : " (default `\($0.defaultValue)`)") + ": \($0.summary)" }.joined(separator: "\n")
        }
        return ["contents": ["kind": "markdown", "value": text]]
    }

    func definition(_ params: [String: Any]) -> Any? {
        symbol(at: params).map { ["uri": Self.uri(of: $0.path), "range": Self.range($0.location)] }
    }

    // MARK: - Completion

    func completion(_ params: [String: Any]) -> [[String: Any]] {
        guard let (uri, word, before, _) = word(params) else { return [] }
        let partial = String(before.reversed().prefix { Self.isNameCharacter($0) }.reversed())
        let head = before.dropLast(partial.count)
        func items(_ names: [String], kind: Int, detail: String? = nil, suffix: String = "") -> [[String: Any]] {
            names.filter { $0.hasPrefix(partial) }.map { name in
                var item: [String: Any] = ["label": name, "kind": kind, "insertText": name + suffix]
                if let detail { item["detail"] = detail }
                return item
            }
        }
        _ = word
        let all = symbols(uri)
        func names(_ kind: RuleSymbol.Kind) -> [String] { Array(Set(all.filter { $0.kind == kind }.map(\.name))).sorted() }
        // Kinds (LSP CompletionItemKind): 14 keyword, 6 variable, 7 class, 10 property, 12 value, 15 snippet, 3 function.
        if head.hasSuffix("@") { return items(names(.list), kind: 6, detail: "list") + items(names(.label), kind: 7, detail: "label") }
        if head.hasSuffix("{") { return items(names(.macro), kind: 15, detail: "macro", suffix: "}") }
        if head.hasSuffix("pos=") { return items(UniversalPOS.names, kind: 12, detail: "universal part of speech") }
        if head.hasSuffix("label=") { return items(names(.label), kind: 7, detail: "label") }
        if head.hasSuffix("in=") || head.hasSuffix("lemma-in=") { return items(names(.list).map { "@" + $0 }, kind: 6, detail: "list") }
        // Inside a token test: attributes and flags.
        if let open = head.lastIndex(of: "["), !head[open...].contains("]") {
            return items(RuleLanguage.tokenAttributes, kind: 10, detail: "token attribute", suffix: "=") + items(RuleLanguage.tokenFlags, kind: 10, detail: "token flag")
        }
        let indented = before.first == " " || before.first == "\t"
        let words = head.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if !indented {
            if words.isEmpty { return items(RuleLanguage.keywords, kind: 14) }
            if words.first == "rule", words.count >= 3 { return items(RuleLanguage.ruleOptions, kind: 10, detail: "rule option", suffix: "=") }
            if words.first == "patterns", words.count >= 2 { return items(RuleLanguage.patternsOptions, kind: 10, detail: "patterns option", suffix: "=") }
            if words.first == "pipeline", words.count == 3, words[2] == "from" { return items(names(.pipeline), kind: 7, detail: "pipeline") }
            return []
        }
        // An indented line: what the declaration above it takes.
        guard let text = documents[uri], let line = (params["position"] as? [String: Any])?["line"] as? Int else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let owner = lines.prefix(line).last { !($0.first == " " || $0.first == "\t" || $0.first == "#" || $0.allSatisfy(\.isWhitespace)) }
        let ownerWords = owner?.split(separator: " ") ?? []
        switch ownerWords.first {
        case "pipeline":
            let derived = ownerWords.count >= 3 && ownerWords[2] == "from"
            if words.isEmpty { return derived ? items(RuleLanguage.pipelineEdits + ["expect"], kind: 14) : items(kinds.keys.sorted() + ["expect"], kind: 3, detail: "stage") }
            // The options of the stage kind on this line (after an edit's verb, its stage).
            let stageWord = derived ? words.dropFirst().first.map(String.init) : String(words[0])
            if let stageWord, let kind = kinds[stageWord] {
                return items(kind.options.map(\.name), kind: 10, detail: "\(kind.name) option", suffix: "=")
            }
            if derived, words.count == 1 { return items(kinds.keys.sorted() + names(.patterns), kind: 3, detail: "stage") }
            if words.last == "patterns" || (derived && words.count >= 2 && words[words.count - 1] == "patterns") { return items(names(.patterns), kind: 7, detail: "patterns declaration") }
            return []
        case "rule":
            return words.isEmpty ? items(["set", "expect"], kind: 14) : []
        case "patterns":
            if words.isEmpty { return items(["rules", "expect"], kind: 14) }
            return words.first == "rules" ? items(names(.rule), kind: 3, detail: "rule") : []
        default:
            return []
        }
    }
}
