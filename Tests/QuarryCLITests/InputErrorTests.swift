import Foundation
import QuarryTestSupport
import Testing

/// Inputs that are not clean UTF-8 text files: every problem is a located message and an
/// exit status, never a crash, and never the loss of the other inputs.
@Suite("quarry tokenize: bad inputs")
struct InputErrorTests {
    /// A .jsonl file with good and bad lines.
    static let mixedJSONL = [
        #"{"id": "first", "text": "Blinken said “yes.”"}"#,
        #"{"text": "This line has no id."}"#,
        #"{"id": "broken", "text": "unterminated"#,
        #"{"id": "no-text", "body": "The field is missing."}"#,
        "",
        #"{"id": 42, "text": "A numeric id, after a blank line."}"#,
        #"{"id": "last", "text": "Korea’s last line"}"#,
    ].joined(separator: "\n") + "\n"

    @Test("-f jsonl: bad lines are named file:LINE, good lines still come out in order")
    func jsonLinesWithBadLines() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Self.mixedJSONL, to: "news.jsonl", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "jsonl", "news.jsonl"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("news.jsonl:3"), "the invalid JSON line is named: \(result.err)")
            #expect(result.err.contains("news.jsonl:4"), "the line without \"text\" is named: \(result.err)")
            #expect(result.err.contains("\"text\""))
            #expect(!result.err.contains("news.jsonl:1:") && !result.err.contains("news.jsonl:2:"))
            let documents = try OutputParser.lines(result.stdout)
            #expect(documents.count == 4, "the four good lines: \(documents.map(\.id))")
            guard documents.count == 4 else { return }
            #expect(documents[0].id == "first")
            #expect(documents[1].id.hasSuffix(":2"), "a line without an id is named by its line: \(documents[1].id)")
            #expect(documents[2].id == "42")
            #expect(documents[3].id == "last")
            #expect(documents[0].tokens.texts == ["Blinken", "said", "“", "yes", ".", "”"])
            #expect(documents[3].tokens.texts == ["Korea", "’s", "last", "line"])
            TokenChecks.expectConsistent(documents[2].tokens, with: "A numeric id, after a blank line.",
                                         unit: .codepoints, document: "42")
        }
    }

    @Test("--max-document-size: a larger file or record is an error naming it and the limit; the rest is read")
    func documentsOverTheSizeLimit() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write("Kim said yes.", to: "small.txt", in: directory)
            try QuarryCLI.write(String(repeating: "Park said no. ", count: 200), to: "large.txt", in: directory)
            let big = String(repeating: "word ", count: 400)
            try QuarryCLI.write(#"{"id": "a", "text": "short"}"# + "\n" + #"{"id": "b", "text": "\#(big)"}"# + "\n", to: "news.jsonl", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "jsonl", "--max-document-size", "1K", "small.txt", "large.txt", "news.jsonl"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("large.txt: 2.7 KB of text is more than the maximum document size (1.0 KB); raise the limit with --max-document-size"), "\(result.err)")
            #expect(result.err.contains("news.jsonl:2: 2.0 KB of text"), "\(result.err)")
            #expect(try OutputParser.lines(result.stdout).map(\.id) == ["small.txt", "a"])
            let roomy = try QuarryCLI.run(["tokenize", "-f", "jsonl", "--max-document-size", "4k", "large.txt", "news.jsonl"], in: directory)
            let roomyDocuments = try OutputParser.lines(roomy.stdout)
            #expect(roomy.status == 0 && roomyDocuments.count == 3, "\(roomy)")
            let bad = try QuarryCLI.run(["tokenize", "--max-document-size", "lots", "small.txt"], in: directory)
            #expect(bad.status == 64 && bad.err.contains("--max-document-size takes a size such as"), "\(bad)")
        }
    }

    @Test("-f json on a .jsonl input: still one valid JSON array when lines fail")
    func jsonArrayWithBadLines() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Self.mixedJSONL, to: "news.jsonl", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "news.jsonl"], in: directory)
            #expect(result.status == 1, "\(result)")
            let documents = try OutputParser.array(result.stdout)
            #expect(documents.map(\.id).first == "first")
            #expect(documents.map(\.id).last == "last")
            #expect(documents.count == 4)
        }
    }

    @Test("invalid UTF-8: exit 1 naming the byte offset; --repair-utf8 gives U+FFFD and a warning")
    func invalidUTF8() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write([0x61, 0x62, 0x63, 0xFF, 0x64, 0x65, 0x66], to: "bad.txt", in: directory)  // "abc\xFFdef"

            let rejected = try QuarryCLI.run(["tokenize", "-f", "json", "bad.txt"], in: directory)
            #expect(rejected.status == 1, "\(rejected)")
            #expect(rejected.err.contains("bad.txt"))
            #expect(rejected.err.contains("invalid UTF-8"))
            #expect(rejected.err.contains("byte offset 3"))
            #expect(rejected.err.contains("--repair-utf8"), "the message says what to do")
            #expect(!rejected.out.contains("def"), "no partial document is written")

            let repaired = try QuarryCLI.run(["tokenize", "-f", "json", "--repair-utf8", "bad.txt"], in: directory)
            #expect(repaired.status == 0, "\(repaired)")
            #expect(repaired.err.contains("warning"), "\(repaired.err)")
            #expect(repaired.err.contains("byte offset 3"))
            let document = try OutputParser.single(repaired.stdout)
            #expect(document.tokens.texts.joined() == "abc\u{FFFD}def")
            #expect(document.tokens.contains { $0.text == "\u{FFFD}" && $0.start == 3 && $0.end == 4 })
            TokenChecks.expectConsistent(document.tokens, with: "abc\u{FFFD}def", unit: .codepoints, document: "bad.txt")

            let warnings = repaired.err.split(separator: "\n").filter { $0.contains("warning") }
            #expect(warnings.count == 1, "one warning for one repair: \(warnings)")
        }
    }

    @Test("invalid UTF-8 in a .jsonl line names file:LINE; --repair-utf8 repairs it")
    func invalidUTF8InJSONLines() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            var bytes = Array(#"{"id": "a", "text": "ab"#.utf8) + [0xFF] + Array(#"c"}"#.utf8) + [0x0A]
            bytes += Array(#"{"id": "b", "text": "fine"}"#.utf8) + [0x0A]
            try QuarryCLI.write(bytes, to: "bad.jsonl", in: directory)

            let rejected = try QuarryCLI.run(["tokenize", "-f", "jsonl", "bad.jsonl"], in: directory)
            #expect(rejected.status == 1, "\(rejected)")
            #expect(rejected.err.contains("bad.jsonl:1"))
            #expect(rejected.err.contains("invalid UTF-8"))
            #expect(try OutputParser.lines(rejected.stdout).map(\.id) == ["b"])

            let repaired = try QuarryCLI.run(["tokenize", "-f", "jsonl", "--repair-utf8", "bad.jsonl"], in: directory)
            let ids = (try? OutputParser.lines(repaired.stdout).map(\.id)) ?? []
            #expect(repaired.status == 0, "\(repaired)")
            #expect(ids == ["a", "b"])
        }
    }

    @Test("an empty file: a warning, exit 0, a document with no tokens")
    func emptyFile() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write([], to: "empty.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "empty.txt"], in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.err.contains("warning"))
            #expect(result.err.contains("empty.txt"))
            #expect(result.err.lowercased().contains("empty"))
            let document = try OutputParser.single(result.stdout)
            #expect(document.id == "empty.txt")
            #expect(document.tokens.isEmpty)
        }
    }

    @Test("a binary file (NUL bytes): exit 1, says binary")
    func binaryFile() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x41, 0x42], to: "program.bin", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "jsonl", "program.bin"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("program.bin"))
            #expect(result.err.lowercased().contains("binary"))
            #expect(result.out.isEmpty)
        }
    }

    @Test("a missing file: exit 1 naming it, the other inputs are still processed")
    func missingFile() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write("The first survives.", to: "before.txt", in: directory)
            try QuarryCLI.write("So does the last.", to: "after.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "before.txt", "no-such-file.txt", "after.txt"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("no-such-file.txt"))
            let documents = try OutputParser.array(result.stdout)
            #expect(documents.map(\.id) == ["before.txt", "after.txt"])
            #expect(documents.last?.tokens.texts == ["So", "does", "the", "last", "."])
        }
    }

    @Test("a folder with no file to read: exit 1 naming it and the patterns; the other inputs are still read")
    func directoryInput() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("articles"), withIntermediateDirectories: true)
            try QuarryCLI.write("Not a text file.", to: "articles/readme.pdf", in: directory)
            try QuarryCLI.write("Still read.", to: "ok.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "jsonl", "articles/", "ok.txt"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("articles/: a folder with no file matching *.txt, *.jsonl"), "\(result)")
            #expect(try OutputParser.lines(result.stdout).map(\.id) == ["ok.txt"])
            // With a pattern that matches, the folder's file is read.
            let pdf = try QuarryCLI.run(["tokenize", "-f", "jsonl", "--glob", "*.pdf", "articles"], in: directory)
            let ids = try OutputParser.lines(pdf.stdout).map(\.id)
            #expect(pdf.status == 0 && ids == ["articles/readme.pdf"], "\(pdf)")
        }
    }

    @Test("UTF-16 with a byte-order mark: exit 1, says UTF-16", arguments: ["LE", "BE"])
    func utf16(order: String) throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let text = "Hi, “Seoul”."
            var bytes: [UInt8] = order == "LE" ? [0xFF, 0xFE] : [0xFE, 0xFF]
            for unit in text.utf16 {
                let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
                bytes += order == "LE" ? pair : pair.reversed()
            }
            try QuarryCLI.write(bytes, to: "utf16.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "utf16.txt"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("utf16.txt"))
            #expect(result.err.contains("UTF-16"))
        }
    }

    @Test("a UTF-8 byte-order mark is not a token and offsets stay consistent")
    func utf8ByteOrderMark() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write([0xEF, 0xBB, 0xBF] + Array("Hello world.".utf8), to: "bom.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "bom.txt"], in: directory)
            #expect(result.status == 0, "\(result)")
            let document = try OutputParser.single(result.stdout)
            #expect(document.tokens.texts == ["Hello", "world", "."])
            // The offsets index the text as decoded with the mark kept (Python's "utf-8" codec).
            let scalars = Array("\u{FEFF}Hello world.".unicodeScalars)
            for token in document.tokens {
                #expect(token.start >= 0 && token.start <= token.end && token.end <= scalars.count
                        && String(String.UnicodeScalarView(scalars[token.start..<token.end])) == token.text, "\(token)")
            }
        }
    }
}
