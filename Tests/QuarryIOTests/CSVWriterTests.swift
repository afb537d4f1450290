import Foundation
import QuarryCore
@testable import QuarryIO
import QuarryTestSupport
import Testing

/// `-f csv`: RFC 4180 output that reads back to the same fields.
@Suite struct CSVWriterTests {
    @Test(arguments: ["plain", "a, b", "say \"no\"", "two\nlines", "cr\r\nlf", "", " padded ", "“curly”, ‘quotes’", "\"", ","])
    func fieldsReadBack(_ text: String) {
        let line = "x," + CSV.field(text) + ",y\r\n"
        #expect(RFC4180.parse(line) == [["x", text, "y"]], "\(line.debugDescription)")
    }

    @Test func quotesAndSpansTables() throws {
        let text = "He said, \"yes\".\nThen: “Go, now,” she said."
        var document = AnnotatedDocument(document: Document(id: "doc,1", text: text))
        let start = text.utf8.count - "“Go, now,” she said.".utf8.count
        let quoteEnd = start + "“Go, now,”".utf8.count
        let she = quoteEnd + 1
        document.quotes = QuoteLayer(records: [
            QuoteRecord(content: start..<quoteEnd, kind: .direct, cue: (she + 4)..<(she + 8), speaker: she..<(she + 3),
                        speakerSource: .pronoun, entity: nil),
        ])
        document.spans = SpanLayer(records: [SpanRecord(start: 0, end: 2, label: 0, rule: 0)], labels: ["PERSON"], rules: ["r,1"])
        for (primary, expected) in [(LayerName.quotes, [["id", "index", "kind", "start", "end", "speaker", "entity", "cue", "via", "text"],
                                                         ["doc,1", "0", "direct", String(text.unicodeScalars.count - "“Go, now,” she said.".unicodeScalars.count),
                                                          String(text.unicodeScalars.count - " she said.".unicodeScalars.count), "she", "", "said", "pronoun", "“Go, now,”"]]),
                                    (LayerName.spans, [["id", "index", "label", "start", "end", "rule", "text", "attrs"],
                                                       ["doc,1", "0", "PERSON", "0", "2", "r,1", "He", ""]])] {
            let sink = OutputSink()
            let writer = DocumentWriter(format: .csv, sink: sink, primary: primary)
            writer.begin()
            writer.write(document)
            writer.end()
            #expect(RFC4180.parse(sink.string) == expected, "\(sink.string)")
            #expect(sink.string.hasSuffix("\r\n") && !sink.string.hasPrefix("\u{FEFF}"))
        }
    }
}
