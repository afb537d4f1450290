import Foundation
import QuarryCore
@testable import QuarryIO
import Testing

/// U+FEFF in JSON Lines records. Found by the `documents` fuzz target (its saved input is
/// Tests/Data/fuzz/documents-bom-key.jsonl): Foundation's JSON parser on Linux drops a
/// U+FEFF written as is at the start of any string, so a record whose "text" began with one
/// was read without it, and every offset written for it was one less than in the sender's
/// text (Python's `json.dumps(..., ensure_ascii=False)` writes it as is).
@Suite struct ByteOrderMarkTests {
    @Test func aTextThatStartsWithTheMarkKeepsIt() throws {
        let file = try TemporaryFile("{\"id\": \"a\", \"text\": \"\u{FEFF}Seoul said.\", \"\u{FEFF}k\": \"\u{FEFF}v\"}\n{\"text\": \"\\ufeffEscaped.\"}\n", suffix: ".jsonl")
        let items = Array(DocumentReader().documents(from: [file.path]))
        guard items.count == 2, case let .success(first) = items[0], case let .success(second) = items[1] else {
            Issue.record("\(describe(items))"); return
        }
        #expect(first.text == "\u{FEFF}Seoul said." && first.text.unicodeScalars.count == 12)
        #expect(second.text == "\u{FEFF}Escaped.")
        // Other fields are repeated byte for byte, their names included.
        #expect(first.metadata == [Document.Field(name: "\u{FEFF}k", json: "\"\u{FEFF}v\"")])
    }

    /// A file saved with a byte-order mark (Windows editors): the mark before the first
    /// record is not part of it, and the record keeps its other fields.
    @Test func aFileThatStartsWithTheMarkReadsItsFirstRecord() throws {
        let file = try TemporaryFile("\u{FEFF}{\"id\": \"a\", \"text\": \"One.\", \"url\": \"u\"}\n", suffix: ".jsonl")
        let items = Array(DocumentReader().documents(from: [file.path]))
        guard items.count == 1, case let .success(first) = items[0] else { Issue.record("\(describe(items))"); return }
        #expect(first.id == "a" && first.text == "One.")
        #expect(first.metadata == [Document.Field(name: "url", json: "\"u\"")])
    }

    @Test func marksAreEscapedOnlyWhereTheParserWouldDropThem() {
        #expect(JSONByteOrderMarks.escaped(Data("{\"a\": 1}".utf8)) == Data("{\"a\": 1}".utf8))
        #expect(String(decoding: JSONByteOrderMarks.escaped(Data("\u{FEFF}{\"t\": \"\u{FEFF}x\u{FEFF}\"}".utf8)), as: UTF8.self) == #"{"t": "\ufeffx\ufeff"}"#)
        // Other characters encoded with a leading EF byte (full-width forms) are left alone.
        #expect(JSONByteOrderMarks.escaped(Data("{\"t\": \"ＡＢ\u{FFEF}\"}".utf8)) == Data("{\"t\": \"ＡＢ\u{FFEF}\"}".utf8))
    }

    /// The saved input: its records read with bad bytes repaired, as the target reads them;
    /// the field whose name starts with the mark keeps it, and the text parsed for a record
    /// with marks inside strings is the text between its quotes.
    @Test func theSavedInput() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/fuzz/documents-bom-key.jsonl")
        let documents = DocumentReader(invalidUTF8: .repair).documents(from: [url.path]).compactMap { try? $0.get() }
        let fields = documents.flatMap(\.metadata)
        #expect(fields.contains { $0.name == "\u{FEFF}_[type" && $0.json == "null" }, "\(fields.map(\.name))")
        #expect(documents.contains { $0.text == "There it is! I found it." })
    }
}
