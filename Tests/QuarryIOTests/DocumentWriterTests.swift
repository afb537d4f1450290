import Foundation
import Quarry
import QuarryIO
import Testing

/// A stage an embedder might write: counts tokens into a custom layer.
struct CountTokens: StatelessStage {
    var name: String { "count" }
    var reads: [LayerName] { [.tokens] }
    var writes: [LayerName] { ["token-count"] }
    func process(_ document: inout AnnotatedDocument) throws {
        document.custom["token-count"] = ["tokens": document.tokens?.count ?? 0]
        document.custom["opaque"] = NotEncodable()
    }
}
struct NotEncodable: Sendable {}

@Suite struct DocumentWriterTests {
    func annotated(_ text: String) throws -> AnnotatedDocument {
        let pipeline = try Pipeline([TokenizerStage(tokenizer: try Tokenizer.english()), CountTokens()])
        var document = Document(id: "d1", text: text)
        document.metadata = [Document.Field(name: "url", json: #""https://example.org/a""#), Document.Field(name: "id", json: "9")]
        return try pipeline.run(document)
    }

    @Test func customLayersAreWrittenOrReported() throws {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .jsonl, sink: sink)
        var warnings: [String] = []
        writer.onWarning = { warnings.append($0) }
        writer.begin()
        writer.write(try annotated("U.S. officials agree."))
        writer.write(try annotated("Again."))
        writer.end()
        let lines = sink.string.split(separator: "\n")
        #expect(lines.count == 2)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect((object["token-count"] as? [String: Int]) == ["tokens": 4])
        #expect(object["opaque"] == nil && object["url"] == nil)
        // Reported once, not once per document.
        #expect(warnings == ["custom layer 'opaque' is not Encodable; it is not written (make its value Encodable to see it in JSON)"])
    }

    @Test func inputFieldsComeBackWhenAsked() throws {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .jsonl, sink: sink)
        writer.keepInputFields = true
        writer.write(try annotated("Hi."))
        writer.end()
        let object = try JSONSerialization.jsonObject(with: Data(sink.bytes)) as! [String: Any]
        #expect(object["url"] as? String == "https://example.org/a")
        #expect(object["id"] as? String == "d1")  // an input field never replaces Quarry's own keys
    }

    @Test func otherFormatsSayTheyLeaveCustomLayersOut() throws {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .tsv, sink: sink)
        var warnings: [String] = []
        writer.onWarning = { warnings.append($0) }
        writer.begin()
        writer.write(try annotated("One two."))
        writer.end()
        #expect(sink.string.hasPrefix("id\tindex\tstart\tend\tkind\ttext\nd1\t0\t0\t3\tword\tOne\n"))
        #expect(warnings == ["custom layer 'opaque' is written only in json and jsonl output",
                             "custom layer 'token-count' is written only in json and jsonl output"])
    }

    @Test func viewsSliceTheDocument() throws {
        let pipeline = try RuleBook.shipped("news.quarry").pipeline()
        let text = "“We are ready,” Treasury Secretary Jack Lew said on Nov. 9, 2015."
        let result = try pipeline.run(Document(id: "v", text: text))
        let quotes = try #require(result.quotes).views(in: result.document)
        #expect(quotes.map(\.text) == ["“We are ready,”"])
        #expect(quotes.first?.cueText == "said" && quotes.first?.entity == "Jack Lew")
        let spans = try #require(result.spans).views(in: result.document)
        #expect(!spans.isEmpty)
        for span in spans { #expect(span.text == result.document.text(utf8: span.range)) }
    }
}

/// docs/embedding.md, "Running it, on one thread or many": reader, parallel runner, writer.
@Suite struct EmbeddingGuideRunnerTests {
    @Test func readRunWriteInOrder() throws {
        let file = try TemporaryFile((0..<40).map { #"{"id": "n\#($0)", "text": "“Yes,” Lew said on day \#($0)."}"# }.joined(separator: "\n")
                                     + "\nnot json\n", suffix: ".jsonl")
        let pipeline = try RuleBook.shipped("news.quarry").pipeline()
        let sink = OutputSink()
        let writer = DocumentWriter(format: .jsonl, sink: sink)
        var problems: [String] = []
        writer.begin()
        try pipeline.run(DocumentReader().documents(from: [file.path]), jobs: 3) { result in
            switch result {
            case let .success(annotated): writer.write(annotated)
            case let .failure(problem): problems.append("\(problem.severity) \(problem.message)")
            }
        }
        writer.end()
        let objects = try sink.string.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.map { $0["id"] as? String } == (0..<40).map { "n\($0)" })
        let quotes = objects.map { ($0["quotes"] as? [[String: Any]])?.first?["entity"] as? String }
        #expect(quotes.allSatisfy { $0 == "Lew" })
        #expect(problems.count == 1 && problems[0].hasPrefix("error \(file.path):41: not a JSON object"))
    }
}
