import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import QuarryCore
import QuarryIO
import Testing

/// Annotated documents made by hand, for the HTML writer's tests.
enum HandMade {
    /// The UTF-8 byte range of the `occurrence`-th `needle` in `text`.
    static func range(of needle: String, in text: String, occurrence: Int = 0) -> Range<Int> {
        let bytes = Array(text.utf8), pattern = Array(needle.utf8)
        var found = -1
        for start in 0...(bytes.count - pattern.count) where Array(bytes[start..<start + pattern.count]) == pattern {
            found += 1
            if found == occurrence { return start..<start + pattern.count }
        }
        fatalError("\(needle) not in \(text)")
    }

    /// A span layer of (label, byte range), sorted as the layer requires.
    static func spans(_ items: [(String, Range<Int>)]) -> SpanLayer {
        var labels: [String] = []
        var records: ContiguousArray<SpanRecord> = []
        for (label, range) in items.sorted(by: { ($0.1.lowerBound, $0.1.upperBound) < ($1.1.lowerBound, $1.1.upperBound) }) {
            if !labels.contains(label) { labels.append(label) }
            records.append(SpanRecord(start: range.lowerBound, end: range.upperBound, label: labels.firstIndex(of: label)!, rule: 0))
        }
        return SpanLayer(records: records, labels: labels, rules: ["hand"])
    }

    /// A quote record; `entity` indexes the layer's entity names.
    static func quote(_ content: Range<Int>, cue: Range<Int>? = nil, speaker: Range<Int>? = nil, entity: Int? = nil,
                      kind: QuoteKind = .direct) -> QuoteRecord {
        QuoteRecord(content: content, kind: kind, cue: cue, speaker: speaker,
                    speakerSource: speaker == nil ? .none : .mention, entity: entity)
    }

    static func document(_ id: String, _ text: String, spans: SpanLayer? = nil, quotes: QuoteLayer? = nil) -> AnnotatedDocument {
        var annotated = AnnotatedDocument(document: Document(id: id, text: text))
        annotated.spans = spans
        annotated.quotes = quotes
        return annotated
    }

    /// The page for `documents`, as `quarry run -f html` writes it.
    static func page(_ documents: [AnnotatedDocument]) -> String {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .html, sink: sink)
        writer.begin()
        for document in documents { writer.write(document) }
        writer.end()
        return sink.string
    }
}

/// Checks shared by the HTML tests.
enum HTMLChecks {
    /// Parses the page strictly (and, where Foundation has it, as XML), recording an issue
    /// when it is not well-formed.
    static func parse(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> HTMLNode {
        #if canImport(FoundationXML)
        do {
            _ = try XMLDocument(xmlString: html, options: [])
        } catch {
            Issue.record("the page is not well-formed XML: \(error)", sourceLocation: sourceLocation)
        }
        #endif
        return try HTMLParser.parse(html)
    }

    /// The elements of one mark, in document order.
    static func elements(_ root: HTMLNode, quote number: Int) -> [HTMLNode] {
        root.all { $0.classes.contains("q") && $0.attributes["data-q"] == String(number) }
    }

    static func elements(_ root: HTMLNode, span index: Int) -> [HTMLNode] {
        root.all { $0.attributes["data-e"] == String(index) }
    }

    /// The text a mark's elements show, without labels and speaker tags.
    static func markText(_ elements: [HTMLNode]) -> String {
        elements.map { $0.textContent(skipping: ["lbl", "tag"]) }.joined()
    }

    /// A custom property's value in a style attribute (`--sc` in `--sc:#1d5fa8;--st:…`).
    static func property(_ name: String, in node: HTMLNode?) -> String? {
        guard let style = node?.attributes["style"] else { return nil }
        for declaration in style.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 && parts[0] == name { return parts[1] }
        }
        return nil
    }

    /// Every section's text container, in order.
    static func texts(_ root: HTMLNode) -> [HTMLNode] { root.all { $0.classes.contains("text") } }
}

@Suite("HTML view: the writer on hand-made documents")
struct HTMLWriterTests {
    @Test func escapesTextIdsLabelsAndNames() throws {
        let text = "He said \"<script>alert('x')</script> & more\" to O'Brien.\u{1}"
        let spans = HandMade.spans([("<L&\"x\">", HandMade.range(of: "<script>", in: text)),
                                    ("PERSON", HandMade.range(of: "O'Brien", in: text))])
        let quotes = QuoteLayer(records: [HandMade.quote(HandMade.range(of: "\"<script>alert('x')</script> & more\"", in: text),
                                                         cue: HandMade.range(of: "said", in: text),
                                                         speaker: HandMade.range(of: "He", in: text), entity: 0)],
                                entities: ["O'Brien & <Co>"])
        let html = HandMade.page([HandMade.document("<b>id & \"quotes\"</b>", text, spans: spans, quotes: quotes)])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more&quot;"))
        let root = try HTMLChecks.parse(html)
        #expect(root.all { $0.name == "h2" }.map { $0.textContent() } == ["<b>id & \"quotes\"</b>"])
        // The text comes back whole; the control character is shown as its picture.
        #expect(HTMLChecks.texts(root).map { $0.textContent(skipping: ["lbl", "tag"]) }
                == [text.replacingOccurrences(of: "\u{1}", with: "\u{2401}")])
        #expect(root.all { $0.attributes["data-legend-speaker"] == "O'Brien & <Co>" }.count == 1)
        #expect(root.all { $0.attributes["data-label"] == "<L&\"x\">" }.map { $0.textContent(skipping: ["lbl"]) } == ["<script>"])
        #expect(root.all { $0.classes.contains("lbl") }.map { $0.textContent() }.contains("<L&\"x\">"))
    }

    @Test func spansNestInsideQuotesAndMentions() throws {
        let text = "Park said the plan “helps Seoul and Tokyo” today."
        let spans = HandMade.spans([("PERSON", HandMade.range(of: "Park", in: text)),
                                    ("GPE", HandMade.range(of: "Seoul", in: text)),
                                    ("GPE", HandMade.range(of: "Tokyo", in: text))])
        let quotes = QuoteLayer(records: [HandMade.quote(HandMade.range(of: "“helps Seoul and Tokyo”", in: text),
                                                         cue: HandMade.range(of: "said", in: text),
                                                         speaker: HandMade.range(of: "Park", in: text), entity: 0)],
                                entities: ["Park Jin"])
        let root = try HTMLChecks.parse(HandMade.page([HandMade.document("nest", text, spans: spans, quotes: quotes)]))
        let quote = HTMLChecks.elements(root, quote: 1)
        #expect(quote.count == 1, "a quote with nothing crossing it is one element")
        #expect(HTMLChecks.markText(quote) == "“helps Seoul and Tokyo”")
        #expect(quote.first?.all { $0.attributes["data-label"] == "GPE" }.map { $0.textContent(skipping: ["lbl"]) } == ["Seoul", "Tokyo"])
        #expect(quote.first?.attributes["data-speaker"] == "Park Jin")
        #expect(quote.first?.all { $0.classes.contains("tag") }.map { $0.textContent() } == ["Q1 Park Jin"])
        // The mention holds the PERSON span (same range: the mention is the outer one).
        let mention = root.all { $0.classes.contains("who") && $0.attributes["data-q"] != nil }
        #expect(mention.count == 1 && mention.first?.attributes["data-q"] == "1")
        #expect(mention.first?.all { $0.attributes["data-label"] == "PERSON" }.count == 1)
        let cue = root.all { $0.classes.contains("cue") && $0.attributes["data-q"] != nil }
        #expect(cue.map { $0.textContent() } == ["said"])
        // Mention, cue and quote share the speaker's colour, and the legend shows it.
        let colour = HTMLChecks.property("--sc", in: quote.first)
        #expect(colour != nil)
        #expect(HTMLChecks.property("--sc", in: mention.first) == colour && HTMLChecks.property("--sc", in: cue.first) == colour)
        #expect(HTMLChecks.property("--sc", in: root.all { $0.attributes["data-legend-speaker"] == "Park Jin" }.first) == colour)
    }

    @Test func crossingMarksAreSplitAndStayBalanced() throws {
        let text = "one two three four five six seven"
        let r = { (s: String) in HandMade.range(of: s, in: text) }
        // Sorted, the spans are A "one two", B "two three", D "two three four", C "four five",
        // A "six seven": A crosses B and D, B crosses the quote's start, C crosses its end.
        let spans = HandMade.spans([("A", r("one two")), ("B", r("two three")), ("C", r("four five")),
                                    ("D", r("two three four")), ("A", r("six seven"))])
        let quotes = QuoteLayer(records: [HandMade.quote(r("three four"), speaker: r("one"), entity: 0),
                                          HandMade.quote(r("five six"), cue: r("seven"), entity: 1)],
                                entities: ["One", "Two"])
        let annotated = HandMade.document("cross", text, spans: spans, quotes: quotes)
        let root = try HTMLChecks.parse(HandMade.page([annotated]))
        #expect(HTMLChecks.texts(root).first?.textContent(skipping: ["lbl", "tag"]) == text)
        for (i, span) in spans.records.enumerated() {
            let elements = HTMLChecks.elements(root, span: i)
            #expect(HTMLChecks.markText(elements) == String(annotated.document.text(utf8: span.range)), "span \(i)")
            // (A label is its span's own child; a nested span's label sits deeper.)
            #expect(elements.flatMap { $0.children.filter { $0.classes.contains("lbl") } }.count == 1, "span \(i) shows its label once")
            #expect(elements.last?.children.last?.classes.contains("lbl") == true, "span \(i)'s label ends its last piece")
        }
        #expect(HTMLChecks.elements(root, span: 1).count == 3, "B is cut where A ends and where the quote starts")
        #expect(HTMLChecks.elements(root, span: 3).count == 3, "C is cut where the first quote ends and the second starts")
        for (i, quote) in quotes.records.enumerated() {
            let elements = HTMLChecks.elements(root, quote: i + 1)
            #expect(HTMLChecks.markText(elements) == String(annotated.document.text(utf8: quote.range)))
            #expect(elements.flatMap { $0.children.filter { $0.classes.contains("tag") } }.count == 1)
            #expect(elements.filter { $0.attributes["id"] != nil }.count == 1, "only the first piece carries the anchor")
        }
    }

    /// Random layers over text with multi-byte characters: the markup is always balanced and
    /// every mark's elements show exactly its text.
    @Test func randomLayersGiveBalancedMarkup() throws {
        let text = "Ünïcödé “quoted” words, and more: 東京 & <tags> 'x' 🇰🇷 end.\nSecond line — here."
        var boundaries = [0]
        for scalar in text.unicodeScalars { boundaries.append(boundaries.last! + UTF8.width(scalar)) }
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        func randomRange() -> Range<Int> {
            let a = next(boundaries.count - 1)
            let b = a + 1 + next(min(12, boundaries.count - 1 - a))
            return boundaries[a]..<boundaries[b]
        }
        for round in 0..<300 {
            let spans = HandMade.spans((0..<next(9)).map { _ in (["X", "Y", "Z"][next(3)], randomRange()) })
            var records: [QuoteRecord] = []
            var pieces: [Int: [Range<Int>]] = [:]
            for _ in 0..<next(4) {
                let content = randomRange()
                records.append(HandMade.quote(content, cue: next(2) == 0 ? randomRange() : nil,
                                              speaker: next(2) == 0 ? randomRange() : nil, entity: next(3) == 0 ? nil : next(2)))
            }
            records.sort { $0.start < $1.start }
            for (i, record) in records.enumerated() where next(3) == 0 {
                // Two pieces when the content has room for a gap on scalar boundaries.
                let inside = boundaries.filter { $0 > record.range.lowerBound && $0 < record.range.upperBound }
                if inside.count >= 2 { pieces[i] = [record.range.lowerBound..<inside[0], inside[inside.count - 1]..<record.range.upperBound] }
            }
            var quotes = QuoteLayer(records: ContiguousArray(records), entities: ["P", "Q"])
            quotes.pieces = pieces
            let annotated = HandMade.document("r\(round)", text, spans: spans, quotes: quotes)
            let html = HandMade.page([annotated])
            let root: HTMLNode
            do {
                root = try HTMLChecks.parse(html)
            } catch {
                Issue.record("round \(round): \(error)")
                continue
            }
            #expect(HTMLChecks.texts(root).first?.textContent(skipping: ["lbl", "tag"]) == text, "round \(round)")
            for (i, span) in spans.records.enumerated() {
                #expect(HTMLChecks.markText(HTMLChecks.elements(root, span: i)) == String(annotated.document.text(utf8: span.range)),
                        "round \(round) span \(i)")
            }
            for i in records.indices {
                let expected = quotes.contentPieces(of: i).map { String(annotated.document.text(utf8: $0)) }.joined()
                #expect(HTMLChecks.markText(HTMLChecks.elements(root, quote: i + 1)) == expected, "round \(round) quote \(i + 1)")
            }
        }
    }

    @Test func severalDocumentsMakeOnePage() throws {
        let texts = ["“Yes,” Lew said.", "“No,” Park said.", "Nothing here."]
        let documents = texts.enumerated().map { i, text in
            let quotes = i == 2 ? QuoteLayer() : QuoteLayer(
                records: [HandMade.quote(HandMade.range(of: i == 0 ? "“Yes,”" : "“No,”", in: text),
                                         cue: HandMade.range(of: "said", in: text),
                                         speaker: HandMade.range(of: i == 0 ? "Lew" : "Park", in: text), entity: 0)],
                entities: [i == 0 ? "Jack Lew" : "Park Jin"])
            return HandMade.document("doc-\(i)", text, spans: HandMade.spans([]), quotes: quotes)
        }
        let html = HandMade.page(documents)
        #expect(html.components(separatedBy: "<!DOCTYPE html>").count == 2)
        #expect(html.components(separatedBy: "<html").count == 2 && html.hasSuffix("</html>\n"))
        let root = try HTMLChecks.parse(html)
        let sections = root.all { $0.name == "section" }
        #expect(sections.map { $0.attributes["id"] } == ["d1", "d2", "d3"])
        #expect(sections.map { $0.all { $0.name == "h2" }.first?.textContent() } == ["doc-0", "doc-1", "doc-2"])
        // Each legend names only its own document's speakers; each table links to its own quotes.
        #expect(sections.map { $0.all { $0.attributes["data-legend-speaker"] != nil }.map { $0.attributes["data-legend-speaker"]! } }
                == [["Jack Lew"], ["Park Jin"], []])
        let ids = Set(root.descendants.compactMap { $0.attributes["id"] })
        let links = root.descendants.compactMap { $0.attributes["href"] }
        #expect(links.sorted() == ["#d1-q1", "#d2-q1"])
        for link in links { #expect(ids.contains(String(link.dropFirst())), "\(link) points at nothing") }
    }

    @Test func pageIsSelfContained() throws {
        let plainText = "“We will not back down,” she said."
        let plain = HandMade.document("plain", plainText, spans: HandMade.spans([]),
                                      quotes: QuoteLayer(records: [HandMade.quote(HandMade.range(of: "“We will not back down,”", in: plainText))]))
        let html = HandMade.page([plain])
        // ("http-equiv" is the only "http" allowed: the Content-Security-Policy's attribute.)
        #expect(html.components(separatedBy: "http").count == html.components(separatedBy: "http-equiv").count)
        for needle in ["http:", "https:", "ftp:", "src=", "@import", "url(", "<script", "<link", "<img", "<iframe", "//"] {
            #expect(!html.contains(needle), "the page contains \(needle)")
        }
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))

        // A document that quotes URLs and CSS shows them as text, never as something to fetch.
        let text = "See https://evil.example/x.js and url(http://evil.example/a.png) or @import \"http://e/x.css\"; <img src=x>"
        let hostile = HandMade.document("https://evil.example/", text,
                                        spans: HandMade.spans([("URL", HandMade.range(of: "https://evil.example/x.js", in: text))]))
        let root = try HTMLChecks.parse(HandMade.page([plain, hostile]))
        let fetching: Set<String> = ["script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base", "form"]
        #expect(root.descendants.filter { fetching.contains($0.name) }.isEmpty)
        for node in root.descendants {
            for (name, value) in node.attributes {
                #expect(!["src", "srcset", "poster", "action", "formaction", "background", "data"].contains(name), "<\(node.name) \(name)=…>")
                if name == "href" { #expect(value.hasPrefix("#"), "href=\(value)") }
                if name == "style" { #expect(!value.contains("url(") && !value.contains("@import"), "style=\(value)") }
            }
        }
        let css = root.all { $0.name == "style" }.map { $0.textContent() }.joined()
        #expect(!css.isEmpty && !css.contains("url(") && !css.contains("@import") && !css.contains("http"))
        #expect(HTMLChecks.texts(root).last?.textContent(skipping: ["lbl", "tag"]) == text)
    }

    @Test func quoteWithoutSpeakerIsNeutral() throws {
        let text = "“Nobody knows,” it said."
        let quotes = QuoteLayer(records: [HandMade.quote(HandMade.range(of: "“Nobody knows,”", in: text), cue: HandMade.range(of: "said", in: text))])
        let root = try HTMLChecks.parse(HandMade.page([HandMade.document("anon", text, quotes: quotes)]))
        let quote = HTMLChecks.elements(root, quote: 1)
        #expect(quote.count == 1 && quote.first?.classes.contains("none") == true && quote.first?.attributes["data-speaker"] == nil)
        #expect(quote.first?.all { $0.classes.contains("tag") }.map { $0.textContent() } == ["Q1 no speaker"])
        #expect(root.all { $0.attributes["data-legend-speaker"] == "" }.first?.textContent() == "no speaker 1 quote")
        #expect(root.all { $0.classes.contains("speaker") }.map { $0.textContent() } == ["no speaker"])
    }

    @Test func sharedMentionIsOneMark() throws {
        let text = "Park Jin supported the plan and called for talks."
        let quotes = QuoteLayer(records: [
            HandMade.quote(HandMade.range(of: "the plan", in: text), cue: HandMade.range(of: "supported", in: text),
                           speaker: HandMade.range(of: "Park Jin", in: text), entity: 0, kind: .indirect),
            HandMade.quote(HandMade.range(of: "talks", in: text), cue: HandMade.range(of: "called for", in: text),
                           speaker: HandMade.range(of: "Park Jin", in: text), entity: 0, kind: .indirect),
        ], entities: ["Park Jin"])
        let root = try HTMLChecks.parse(HandMade.page([HandMade.document("shared", text, quotes: quotes)]))
        let mentions = root.all { $0.classes.contains("who") && $0.attributes["data-q"] != nil }
        #expect(mentions.map { $0.attributes["data-q"] } == ["1 2"])
        #expect(root.all { $0.classes.contains("cue") && $0.attributes["data-q"] != nil }.map { $0.textContent() } == ["supported", "called for"])
        #expect(root.all { $0.name == "tr" && $0.attributes["data-q"] != nil }.map { $0.all { $0.name == "td" }.map { $0.textContent() } }
                == [["1", "Park Jin", "supported", "indirect", "the plan"], ["2", "Park Jin", "called for", "indirect", "talks"]])
    }

    @Test func speakersKeepDistinctLooksPastThePalette() throws {
        let names = (1...12).map { "Speaker \($0)" }
        let text = names.map { "\($0) said yes." }.joined(separator: " ")
        let records = names.indices.map { i in
            HandMade.quote(HandMade.range(of: "yes", in: text, occurrence: i), cue: HandMade.range(of: "said", in: text, occurrence: i),
                           speaker: HandMade.range(of: names[i] + " ", in: text).lowerBound..<(HandMade.range(of: names[i] + " ", in: text).upperBound - 1),
                           entity: i, kind: .indirect)
        }
        let root = try HTMLChecks.parse(HandMade.page([HandMade.document("many", text, quotes: QuoteLayer(records: ContiguousArray(records), entities: names))]))
        let legend = names.map { name in root.all { $0.attributes["data-legend-speaker"] == name }.first }
        let looks = legend.map { $0?.attributes["style"] ?? "" }
        #expect(Set(looks).count == names.count, "every speaker looks different: \(looks)")
        #expect(Set(legend.prefix(10).map { HTMLChecks.property("--sc", in: $0) }).count == 10, "the first ten speakers have ten colours")
        for (i, name) in names.enumerated() {
            #expect(HTMLChecks.elements(root, quote: i + 1).first?.attributes["style"] == looks[i], "\(name)'s quote looks as in the legend")
        }
    }

    @Test func documentWithoutSpansOrQuotesShowsItsText() throws {
        let html = HandMade.page([HandMade.document("bare", "Just <text> & more.")])
        let root = try HTMLChecks.parse(html)
        #expect(HTMLChecks.texts(root).map { $0.textContent() } == ["Just <text> & more."])
        #expect(root.all { $0.classes.contains("legend") || $0.name == "table" }.isEmpty)
        #expect(root.all { $0.classes.contains("meta") }.first?.textContent().contains("the text alone") == true)
    }

    @Test func emptyRunIsStillAPage() throws {
        let root = try HTMLChecks.parse(HandMade.page([]))
        #expect(root.all { $0.name == "section" }.isEmpty)
        #expect(root.all { $0.classes.contains("empty") }.map { $0.textContent() } == ["No documents."])
    }
}
