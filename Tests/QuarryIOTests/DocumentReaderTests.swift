import Foundation
import QuarryCore
@testable import QuarryIO
import Testing

/// A temporary file holding `bytes`, removed when the test ends.
struct TemporaryFile: ~Copyable {
    let path: String
    init(_ bytes: [UInt8], suffix: String) throws {
        path = NSTemporaryDirectory() + "quarry-io-\(UUID().uuidString)\(suffix)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    init(_ text: String, suffix: String) throws { try self.init(Array(text.utf8), suffix: suffix) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func describe(_ items: some Sequence<Result<Document, InputProblem>>) -> [String] {
    items.map { item in
        switch item {
        case let .success(document): "doc \(document.id): \(document.text)"
        case let .failure(problem): "\(problem.severity) \(problem.message)"
        }
    }
}

@Suite struct DocumentReaderTests {
    @Test func jsonLinesKeepOrderProblemsAndOtherFields() throws {
        let file = try TemporaryFile("""
            {"id": "a", "text": "One.", "url": "http://x/1", "date": "2024-05-01", "n": [1, {"k": "}"}], "k\\u0065y": true}

            not json
            {"text": "Two."}
            {"id": 7, "text": ""}
            {"id": "b"}
            """, suffix: ".jsonl")
        let items = Array(DocumentReader().documents(from: [file.path]))
        let lines = describe(items)
        #expect(lines[0] == "doc a: One.")
        #expect(lines[1].hasPrefix("error \(file.path):3: not a JSON object"))
        #expect(lines[2] == "doc \(file.path):4: Two.")
        #expect(lines[3] == "warning \(file.path):5: empty \"text\"")
        #expect(lines[4] == "doc 7: ")
        #expect(lines[5] == "error \(file.path):6: missing the \"text\" field (a string)")
        #expect(lines.count == 6)
        guard case let .success(first) = items[0] else { Issue.record("first line not read"); return }
        #expect(first.metadata == [
            Document.Field(name: "url", json: #""http://x/1""#),
            Document.Field(name: "date", json: #""2024-05-01""#),
            Document.Field(name: "n", json: #"[1, {"k": "}"}]"#),
            Document.Field(name: "key", json: "true"),
        ])
    }

    @Test func textInputsAreCheckedBeforeTheyBecomeDocuments() throws {
        let empty = try TemporaryFile("", suffix: ".txt")
        let binary = try TemporaryFile([0x41, 0x00, 0x42], suffix: ".txt")
        let utf16 = try TemporaryFile([0xFF, 0xFE, 0x41, 0x00], suffix: ".txt")
        let bad = try TemporaryFile([0x41, 0xC3, 0x28], suffix: ".txt")
        let folder = NSTemporaryDirectory() + "quarry-io-empty-\(UUID().uuidString)/"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = describe(DocumentReader().documents(from: [empty.path, binary.path, utf16.path, bad.path, "/nonexistent/x.txt", folder]))
        #expect(lines == [
            "warning \(empty.path): empty input (no text to process)",
            "doc \(empty.path): ",
            "error \(binary.path): looks like a binary file (NUL byte at offset 1); Quarry reads UTF-8 text",
            "error \(utf16.path): looks like UTF-16 (byte-order mark); Quarry reads UTF-8: convert it with `iconv -f UTF-16 -t UTF-8`",
            "error \(bad.path): invalid UTF-8 at byte offset 1 (pass --repair-utf8 to replace bad bytes with U+FFFD)",
            "error /nonexistent/x.txt: no such file or folder",
            "error \(folder): a folder with no file matching *.txt, *.jsonl (choose others with --glob)",
        ])
        let repaired = Array(DocumentReader(invalidUTF8: .repair).documents(from: [bad.path]))
        guard case let .success(document) = repaired.first else { Issue.record("not repaired"); return }
        #expect(document.text == "A\u{FFFD}(" && document.repairs == [1])
    }

    @Test func foldersAreReadRecursivelyInPathOrder() throws {
        let fm = FileManager.default
        let root = NSTemporaryDirectory() + "quarry-io-folder-\(UUID().uuidString)"
        defer { try? fm.removeItem(atPath: root) }
        for folder in ["sub/deeper", ".hidden"] { try fm.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true) }
        let files = [
            "b.txt": "Bee.", "a.txt": "Ay.", "notes.md": "# Notes", "sub/c.jsonl": "{\"id\": \"c1\", \"text\": \"See.\"}\n{\"text\": \"Sea.\"}\n",
            "sub/deeper/d.txt": "Dee.", ".hidden/e.txt": "hidden", ".dot.txt": "dot",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + name)) }
        // Default globs, a trailing slash (no doubled slash in ids), hidden entries skipped,
        // the folder's files before the input after it.
        let after = try TemporaryFile("After.", suffix: ".txt")
        #expect(describe(DocumentReader().documents(from: [root + "/", after.path])) == [
            "doc \(root)/a.txt: Ay.", "doc \(root)/b.txt: Bee.", "doc c1: See.", "doc \(root)/sub/c.jsonl:2: Sea.",
            "doc \(root)/sub/deeper/d.txt: Dee.", "doc \(after.path): After.",
        ])
        // A pattern without '/' matches names at any depth; with '/', the path below the folder.
        #expect(describe(DocumentReader(globs: ["*.md"]).documents(from: [root])) == ["doc \(root)/notes.md: # Notes"])
        #expect(describe(DocumentReader(globs: ["sub/*.txt"]).documents(from: [root])) == ["doc \(root)/sub/deeper/d.txt: Dee."])
        #expect(describe(DocumentReader(globs: ["[ab].txt", "*.md"]).documents(from: [root])).count == 3)
    }

    @Test func anEmptyJSONLinesFileWarns() throws {
        let file = try TemporaryFile("\n  \n", suffix: ".jsonl")
        #expect(describe(DocumentReader().documents(from: [file.path])) == ["warning \(file.path): empty input (no JSON lines)"])
    }

    @Test func invalidUTF8InAJSONLineNamesTheFileOffset() throws {
        var bytes = Array(#"{"text": "ok"}"#.utf8) + [0x0A]
        bytes += Array(#"{"text": "b"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let file = try TemporaryFile(bytes, suffix: ".jsonl")
        let lines = describe(DocumentReader().documents(from: [file.path]))
        #expect(lines.last == "error \(file.path):2: invalid UTF-8 at byte offset 11 of the line (byte 26 of the file); pass --repair-utf8 to replace bad bytes with U+FFFD")
        let repaired = describe(DocumentReader(invalidUTF8: .repair).documents(from: [file.path]))
        #expect(repaired.suffix(2) == ["warning \(file.path):2: replaced 1 ill-formed UTF-8 sequence(s) with U+FFFD, the first at byte offset 11 of the line",
                                       "doc \(file.path):2: b\u{FFFD}"])
    }

    @Test func streamsReadLineByLine() throws {
        // A pipe holds the JSON Lines; the reader takes them without waiting for the end.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let line = Array(#"{"id": "s1", "text": "Streamed."}"#.utf8) + [0x0A]
        _ = line.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        var lines = JSONLines(name: "pipe", source: .stream(fds[0]))
        var pending: [Result<Document, InputProblem>] = []
        #expect(lines.read(reader: DocumentReader(), into: &pending))
        #expect(describe(pending) == ["doc s1: Streamed."])
        close(fds[1])
        pending.removeAll()
        #expect(!lines.read(reader: DocumentReader(), into: &pending))
        close(fds[0])
    }
}
