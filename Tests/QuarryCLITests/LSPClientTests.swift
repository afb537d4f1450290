import Foundation
import QuarryTestSupport
import Testing

/// A scripted LSP client: starts `quarry lsp`, speaks JSON-RPC with Content-Length framing
/// over its standard input and output, and waits (with a deadline) for each answer.
final class LSPClient: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let lock = NSLock()
    var buffer: [UInt8] = []
    var messages: [[String: Any]] = []
    var nextID = 1

    init(directory: URL) throws {
        process.executableURL = QuarryCLI.executable
        process.arguments = ["lsp"]
        process.currentDirectoryURL = directory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.buffer += data
            self.parse()
            self.lock.unlock()
        }
        try process.run()
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
    }

    /// Splits complete messages off the buffer (called with the lock held).
    func parse() {
        while let end = (0..<max(0, buffer.count - 3)).first(where: { buffer[$0] == 0x0D && buffer[$0 + 1] == 0x0A && buffer[$0 + 2] == 0x0D && buffer[$0 + 3] == 0x0A }) {
            let header = String(decoding: buffer[..<end], as: UTF8.self)
            guard let length = header.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                  buffer.count >= end + 4 + length else { return }
            let body = Data(buffer[(end + 4)..<(end + 4 + length)])
            buffer.removeFirst(end + 4 + length)
            if let message = try? JSONSerialization.jsonObject(with: body) as? [String: Any] { messages.append(message) }
        }
    }

    func send(_ message: [String: Any]) throws {
        var message = message
        message["jsonrpc"] = "2.0"
        let body = try JSONSerialization.data(withJSONObject: message)
        input.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    /// The first message that `matches`, taken off the queue; nil after `timeout` seconds.
    func wait(timeout: TimeInterval = 30, _ matches: ([String: Any]) -> Bool) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            if let index = messages.firstIndex(where: matches) {
                let found = messages.remove(at: index)
                lock.unlock()
                return found
            }
            lock.unlock()
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }

    /// Sends a request and waits for its response.
    func request(_ method: String, _ params: [String: Any] = [:]) throws -> [String: Any]? {
        let id = nextID
        nextID += 1
        try send(["id": id, "method": method, "params": params])
        return wait { ($0["id"] as? Int) == id }
    }

    func notify(_ method: String, _ params: [String: Any]) throws {
        try send(["method": method, "params": params])
    }

    /// The next diagnostics published for `uri`.
    func diagnostics(_ uri: String) -> [[String: Any]]? {
        let message = wait { ($0["method"] as? String) == "textDocument/publishDiagnostics" && (($0["params"] as? [String: Any])?["uri"] as? String) == uri }
        return (message?["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]]
    }
}

@Suite("quarry lsp, driven by a scripted client", .serialized)
struct LSPClientTests {
    static func uri(_ url: URL) -> String { url.standardizedFileURL.absoluteString }

    static func position(_ line: Int, _ character: Int) -> [String: Any] { ["line": line, "character": character] }

    @Test func aSessionFromInitializeToExit() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let shared = try QuarryCLI.write("""
            list cities = Seoul, Tokyo, Paris
            define YEAR = /\\d{4}/
            """, to: "shared.quarry", in: directory)
            let main = directory.appendingPathComponent("main.quarry")
            let text = """
            include "shared.quarry"
            rule city GPE @cities
              expect "Blinken arrived in Seoul." -> GPE "Seoul"
            rule year DATE /{YEAR}/
            patterns places
              rules city year
            pipeline news
              tokenize
              sentences
              patterns places

            """
            try text.write(to: main, atomically: true, encoding: .utf8)
            let client = try LSPClient(directory: directory)

            // initialize: what the server offers.
            let initialize = try #require(try client.request("initialize", ["processId": NSNull(), "rootUri": Self.uri(directory), "capabilities": [:]]))
            let capabilities = try #require((initialize["result"] as? [String: Any])?["capabilities"] as? [String: Any])
            #expect(capabilities["hoverProvider"] as? Bool == true && capabilities["definitionProvider"] as? Bool == true)
            #expect(capabilities["completionProvider"] != nil)
            try client.notify("initialized", [:])

            // didOpen: no problems.
            let uri = Self.uri(main)
            try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "quarry", "version": 1, "text": text]])
            #expect(client.diagnostics(uri)?.isEmpty == true)

            // didChange: a typo gives a located error with its suggestion, as quarry check says it.
            let broken = text.replacingOccurrences(of: "rule city GPE @cities", with: "rule city GPE @citis")
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": broken]]])
            let errors = try #require(client.diagnostics(uri))
            #expect(errors.count == 1)
            #expect(errors.first?["message"] as? String == "unknown list '@citis' (did you mean '@cities'?)")
            let range = errors.first?["range"] as? [String: Any]
            #expect((range?["start"] as? [String: Any])?["line"] as? Int == 1 && (range?["start"] as? [String: Any])?["character"] as? Int == 14)

            // A duplicate rule: its note becomes related information.
            let duplicate = text + "rule city GPE /Tokyo/\n"
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [["text": duplicate]]])
            let dup = try #require(client.diagnostics(uri))
            let related = dup.first?["relatedInformation"] as? [[String: Any]]
            #expect(dup.first?["message"] as? String == "duplicate rule id 'city'")
            #expect(related?.first?["message"] as? String == "'city' was first declared here")

            // Fixed again: the diagnostics clear.
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 4], "contentChanges": [["text": text]]])
            #expect(client.diagnostics(uri)?.isEmpty == true)

            // An included file changed in the editor, not saved: the file that includes it is
            // checked against the editor's text.
            let sharedURI = Self.uri(shared)
            let sharedText = try String(contentsOf: shared, encoding: .utf8)
            try client.notify("textDocument/didOpen", ["textDocument": ["uri": sharedURI, "languageId": "quarry", "version": 1, "text": sharedText]])
            #expect(client.diagnostics(sharedURI)?.isEmpty == true)
            try client.notify("textDocument/didChange", ["textDocument": ["uri": sharedURI, "version": 2],
                                                          "contentChanges": [["text": sharedText.replacingOccurrences(of: "list cities", with: "list towns")]]])
            #expect(client.diagnostics(sharedURI)?.isEmpty == true)
            let unsaved = try #require(client.diagnostics(uri))
            #expect(unsaved.first?["message"] as? String == "unknown list '@cities'", "\(unsaved)")
            try client.notify("textDocument/didChange", ["textDocument": ["uri": sharedURI, "version": 3], "contentChanges": [["text": sharedText]]])
            _ = client.diagnostics(sharedURI)
            #expect(client.diagnostics(uri)?.isEmpty == true)
            try client.notify("textDocument/didClose", ["textDocument": ["uri": sharedURI]])
            _ = client.diagnostics(sharedURI)

            // Hover on a list reference, a macro use and a stage.
            let hoverList = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": Self.position(1, 17)])
            let listText = ((hoverList?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
            #expect(listText.contains("list cities: 3 entries") && listText.contains("shared.quarry:1"), "\(listText)")
            let hoverStage = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": Self.position(7, 4)])
            let stageText = ((hoverStage?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
            #expect(stageText.contains("stage tokenize"), "\(stageText)")
            let hoverRule = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": Self.position(5, 9)])
            let ruleText = ((hoverRule?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
            #expect(ruleText.contains("list rule over @cities city → GPE, 1 example"), "\(ruleText)")

            // Go to definition across the include: the macro {YEAR} and the list @cities.
            let definition = try client.request("textDocument/definition", ["textDocument": ["uri": uri], "position": Self.position(3, 17)])
            let location = definition?["result"] as? [String: Any]
            #expect(location?["uri"] as? String == Self.uri(directory.appendingPathComponent("shared.quarry")))
            #expect(((location?["range"] as? [String: Any])?["start"] as? [String: Any])?["line"] as? Int == 1)

            // Completion: token attributes and flags inside [ ], lists after @, stages and options in a pipeline.
            let withToken = text + "rule said SAID [lo"
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 5], "contentChanges": [["text": withToken]]])
            _ = client.diagnostics(uri)
            let tokenItems = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": Self.position(10, 18)])
            let tokenLabels = (((tokenItems?["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String }
            #expect(tokenLabels == ["lower"], "\(tokenLabels)")
            let withList = text + "rule other GPE @ci"
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 6], "contentChanges": [["text": withList]]])
            _ = client.diagnostics(uri)
            let listItems = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": Self.position(10, 18)])
            #expect((((listItems?["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String } == ["cities"])
            let withStage = text.replacingOccurrences(of: "  patterns places\n", with: "  patterns places\n  tokenize wo\n  t\n")
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 7], "contentChanges": [["text": withStage]]])
            _ = client.diagnostics(uri)
            let optionItems = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": Self.position(10, 13)])
            #expect((((optionItems?["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String } == ["words"])
            let stageItems = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": Self.position(11, 3)])
            let stageLabels = (((stageItems?["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String }
            #expect(stageLabels.contains("tag") && stageLabels.contains("tokenize") && !stageLabels.contains("quotes"), "\(stageLabels)")

            // didSave runs the file's examples: a wrong one is reported at its line.
            let failing = text.replacingOccurrences(of: "-> GPE \"Seoul\"", with: "-> GPE \"Blinken\"")
            try failing.write(to: main, atomically: true, encoding: .utf8)
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 8], "contentChanges": [["text": failing]]])
            #expect(client.diagnostics(uri)?.isEmpty == true, "an example is checked on save, not on each change")
            try client.notify("textDocument/didSave", ["textDocument": ["uri": uri]])
            let saved = try #require(client.diagnostics(uri))
            #expect(saved.count == 1 && saved.first?["source"] as? String == "quarry test", "\(saved)")
            #expect((saved.first?["message"] as? String)?.contains(#"expected GPE "Blinken", found GPE "Seoul""#) == true, "\(saved)")

            // An unknown request is an error; shutdown and exit end the server with status 0.
            let unknown = try client.request("textDocument/rename", ["textDocument": ["uri": uri], "position": Self.position(0, 0), "newName": "x"])
            #expect((unknown?["error"] as? [String: Any])?["code"] as? Int == -32601)
            let shutdown = try client.request("shutdown")
            #expect(shutdown != nil && shutdown?["error"] == nil)
            try client.notify("exit", [:])
            client.process.waitUntilExit()
            #expect(client.process.terminationStatus == 0)
        }
    }
}
