import ArgumentParser
import Foundation
import QuarryLanguageServer

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for rule files (LSP 3.17 over standard input and output).",
        discussion: """
        An editor starts `quarry lsp` and talks to it over stdio. It gives diagnostics as you \
        type (what `quarry check` reports, with notes as related information), the failing \
        examples of a file when it is saved (as `quarry test` runs them), hover on a list, \
        macro, rule, label, patterns declaration, pipeline or stage (its definition and \
        size), go to definition across includes, and completion of keywords, stages and their \
        options, token attributes and flags, parts of speech, lists, labels and macros. \
        Relative include paths resolve against each file's folder, as in a run, and a file open \
        in the editor is read as the editor has it. Setup for VS Code and Neovim: \
        editors/README.md.
        """
    )

    func run() throws {
        let connection = LSPConnection(input: .standardInput, output: .standardOutput)
        let server = LanguageServer()
        while server.exitCode == nil, let body = connection.read() {
            guard let message = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
                let reply: [String: Any] = ["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "the message is not a JSON object"]]
                connection.write(Array(try JSONSerialization.data(withJSONObject: reply)))
                continue
            }
            for outgoing in server.handle(message) {
                connection.write(Array(try JSONSerialization.data(withJSONObject: outgoing, options: [.withoutEscapingSlashes])))
            }
        }
        // `exit` after `shutdown` is 0; an `exit` without it, or the input closing, is 1.
        if server.exitCode != 0 { throw ExitCode(server.exitCode ?? 1) }
    }
}
