import Foundation
import QuarryTestSupport
import Testing

/// `quarry run` as an analyst uses it: layers, CSV, the text view, folders and standard input.
@Suite("quarry run: layers, csv, text view, folders, stdin")
struct RunOutputTests {
    static let news = "Rules/news.quarry"

    static let records = [
        #"{"id": "a", "url": "https://example.org/a", "date": "2024-05-01", "text": "“We will not give up,” Antony Blinken said in Seoul on Friday."}"#,
        #"{"id": "b", "meta": {"n": [1, 2]}, "text": "Park Jin, South Korea’s foreign minister, said the talks were useful."}"#,
    ]

    func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test("jsonl from standard input: streamed JSON Lines, the input's other fields kept, spans and quotes by default")
    func jsonLinesFromStdin() throws {
        let input = Data((Self.records.joined(separator: "\n") + "\n").utf8)
        let result = try QuarryCLI.run(["run", Self.news, "-f", "jsonl", "-"], stdin: input)
        #expect(result.status == 0, "\(result)")
        let lines = try objects(result.out)
        #expect(lines.map { $0["id"] as? String } == ["a", "b"])
        #expect(lines[0]["url"] as? String == "https://example.org/a" && lines[0]["date"] as? String == "2024-05-01")
        #expect((lines[1]["meta"] as? [String: Any])?["n"] as? [Int] == [1, 2])
        for line in lines {
            #expect(line["spans"] != nil && line["quotes"] != nil)
            #expect(line["tokens"] == nil && line["sentences"] == nil, "tokens and sentences only with --layers")
        }
        let quotes = try #require(lines[0]["quotes"] as? [[String: Any]])
        #expect(quotes.contains { ($0["entity"] as? String)?.contains("Blinken") == true })
        // Raw input fields come out byte for byte.
        #expect(result.out.contains(#""meta": {"n": [1, 2]}"#))

        let all = try QuarryCLI.run(["run", Self.news, "-f", "jsonl", "--layers", "all", "-"], stdin: input)
        let full = try objects(all.out)
        #expect(full.allSatisfy { $0["tokens"] != nil && $0["sentences"] != nil && $0["spans"] != nil })
        let quotesOnly = try objects(try QuarryCLI.run(["run", Self.news, "-f", "jsonl", "--layers", "quotes", "-"], stdin: input).out)
        #expect(quotesOnly.allSatisfy { $0["quotes"] != nil && $0["spans"] == nil })
    }

    @Test("standard input that does not start with { is one text document")
    func textFromStdin() throws {
        let result = try QuarryCLI.run(["run", Self.news, "-f", "jsonl", "-"], stdin: Data("  \n“Yes,” she said.\n{not json}".utf8))
        #expect(result.status == 0, "\(result)")
        let lines = try objects(result.out)
        #expect(lines.count == 1 && lines[0]["id"] as? String == "stdin")
    }

    @Test("-f csv: RFC 4180 quotes table by default, spans with --layers spans, one row per item")
    func csv() throws {
        guard let seed = Fixtures.sharedData("seed/blinken-seoul.txt") else {
            print("skipped: ../shared/data/seed/blinken-seoul.txt is not present")
            return
        }
        let json = try objects(try QuarryCLI.run(["run", Self.news, "-f", "jsonl", seed.path]).out)[0]
        let quotes = try #require(json["quotes"] as? [[String: Any]])
        let spans = try #require(json["spans"] as? [[String: Any]])

        let table = RFC4180.parse(try QuarryCLI.run(["run", Self.news, "-f", "csv", seed.path]).out)
        #expect(table.first == ["id", "index", "kind", "start", "end", "speaker", "entity", "cue", "via", "text"])
        #expect(table.count == quotes.count + 1 && table.dropFirst().allSatisfy { $0.count == 10 })
        for (row, quote) in zip(table.dropFirst(), quotes) {
            #expect(row[9] == quote["text"] as? String && row[3] == String(quote["start"] as? Int ?? -1))
            #expect(row[6] == (quote["entity"] as? String ?? ""))
        }
        let spanTable = RFC4180.parse(try QuarryCLI.run(["run", Self.news, "-f", "csv", "--layers", "spans", seed.path]).out)
        #expect(spanTable.first == ["id", "index", "label", "start", "end", "rule", "text", "attrs"])
        #expect(spanTable.count == spans.count + 1)
        #expect(zip(spanTable.dropFirst(), spans).allSatisfy { $0[6] == $1["text"] as? String && $0[2] == $1["label"] as? String })

        let both = try QuarryCLI.run(["run", Self.news, "-f", "csv", "--layers", "spans,quotes", seed.path])
        #expect(both.status == 64 && both.err.contains("csv writes one table"), "\(both)")
        let unknown = try QuarryCLI.run(["run", Self.news, "--layers", "entities", seed.path])
        #expect(unknown.status == 64 && unknown.err.contains("unknown layer 'entities'"), "\(unknown)")
        let missing = try QuarryCLI.run(["tokenize", "--layers", "quotes", seed.path])
        #expect(missing.status == 64 && missing.err.contains("does not write quotes"), "\(missing)")
    }

    @Test("the text view shows the quote table, labelled mentions, whole speaker names, then the entities")
    func textView() throws {
        guard let seed = Fixtures.sharedData("seed/blinken-seoul.txt") else {
            print("skipped: ../shared/data/seed/blinken-seoul.txt is not present")
            return
        }
        let result = try QuarryCLI.run(["run", Self.news, seed.path])
        #expect(result.status == 0, "\(result)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("speaker") && $0.contains("cue") && $0.contains("quote") })
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("mention: He") })
        #expect(!result.out.contains("…"), "nothing is cut short")
        let entities = try #require(lines.firstIndex { $0.contains("entities (") })
        let after = lines[entities...]
        for label in ["PERSON", "GPE", "ORG"] {
            #expect(after.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }, "\(label) listed")
        }
        #expect(after.contains { $0.contains("North Korea (") })
    }

    @Test("folders are read recursively; --glob chooses the files")
    func folders() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let sub = directory.appendingPathComponent("2024/05")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            _ = try QuarryCLI.write("“Yes,” Kim said.", to: "one.txt", in: directory)
            _ = try QuarryCLI.write("“No,” Lee said.", to: "two.txt", in: sub)
            _ = try QuarryCLI.write("“Maybe,” Park said.", to: "three.md", in: sub)
            let rules = Fixtures.packageRoot.appendingPathComponent(Self.news).path
            let all = try objects(try QuarryCLI.run(["run", rules, "-f", "jsonl", directory.path + "/"]).out)
            #expect(all.compactMap { $0["id"] as? String } == [directory.path + "/2024/05/two.txt", directory.path + "/one.txt"])
            let markdown = try objects(try QuarryCLI.run(["run", rules, "-f", "jsonl", "--glob", "*.md", directory.path]).out)
            #expect(markdown.compactMap { $0["id"] as? String } == [directory.path + "/2024/05/three.md"])
            let none = try QuarryCLI.run(["run", rules, "--glob", "*.pdf", directory.path])
            #expect(none.status == 1 && none.err.contains("a folder with no file matching *.pdf"), "\(none)")
            #expect(!none.err.contains("//"))
        }
    }
}
