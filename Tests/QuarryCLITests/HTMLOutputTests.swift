import Foundation
import QuarryTestSupport
import Testing

/// `-f html` through the command line (the page itself is tested in QuarryIOTests).
@Suite("quarry run -f html")
struct HTMLOutputTests {
    /// `text` escaped as the HTML writer escapes it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test("the seed article: one page with every quote of -f jsonl, anchored and named by speaker")
    func seedPage() throws {
        let rules = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
        let html = try QuarryCLI.run(["run", rules, Fixtures.seedArticle.path, "-f", "html"])
        #expect(html.status == 0 && html.err.isEmpty, "\(html)")
        let page = html.out
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">") && page.hasSuffix("</html>\n"))
        #expect(page.components(separatedBy: "<section class=\"doc\"").count == 2)

        let jsonl = try QuarryCLI.run(["run", rules, Fixtures.seedArticle.path, "-f", "jsonl"])
        let object = try JSONSerialization.jsonObject(with: jsonl.stdout) as! [String: Any]
        let quotes = try #require(object["quotes"] as? [[String: Any]])
        let spans = try #require(object["spans"] as? [[String: Any]])
        #expect(!quotes.isEmpty && !spans.isEmpty)
        for (i, quote) in quotes.enumerated() {
            let n = i + 1
            #expect(page.contains("id=\"d1-q\(n)\""), "quote \(n) has its anchor")
            #expect(page.contains("<a href=\"#d1-q\(n)\">\(n)</a>"), "the table links to quote \(n)")
            if let entity = quote["entity"] as? String {
                #expect(page.contains("data-q=\"\(n)\" data-speaker=\"\(Self.escaped(entity))\""), "quote \(n) is \(entity)'s")
            }
            // The table shows the whole quote on one line.
            let text = (quote["text"] as? String ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
            #expect(page.contains("<td data-th=\"Quote\">\(Self.escaped(text))</td>"), "quote \(n) is in the table")
        }
        #expect(page.components(separatedBy: " data-e=\"").count - 1 >= spans.count, "every span has an element")
    }

    @Test("several inputs: one page, a section per document")
    func severalInputs() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let a = try QuarryCLI.write("“Yes,” Lew said.\n", to: "a.txt", in: directory)
            let b = try QuarryCLI.write("{\"id\": \"b1\", \"text\": \"x & <b>y</b>\"}\n{\"id\": \"b2\", \"text\": \"Park said no.\"}\n",
                                        to: "b.jsonl", in: directory)
            let rules = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
            let result = try QuarryCLI.run(["run", rules, a.path, b.path, "-f", "html"])
            #expect(result.status == 0, "\(result)")
            let page = result.out
            #expect(page.components(separatedBy: "<!DOCTYPE html>").count == 2)
            #expect(page.components(separatedBy: "<section class=\"doc\"").count == 4)
            for id in ["d1", "d2", "d3"] { #expect(page.contains("<section class=\"doc\" id=\"\(id)\"")) }
            #expect(page.contains("<h2 id=\"d2-h\">b1</h2>") && page.contains("x &amp; &lt;b&gt;y&lt;/b&gt;"))
            #expect(!page.contains("<b>"))
        }
    }

    @Test("tokenize -f html shows the text alone; --help lists html")
    func otherCommands() throws {
        let result = try QuarryCLI.run(["tokenize", "-f", "html", "-"], stdin: Data("a < b".utf8))
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("<div class=\"text\">a &lt; b</div>") && result.out.contains("the text alone"))
        let help = try QuarryCLI.run(["run", "--help"])
        #expect(help.out.contains("html (one self-contained page)") && help.out.contains("-f html"))
    }
}
