import QuarryCore

extension DocumentWriter {
    // MARK: - HTML view

    /// Opens the page: the doctype, the head with the whole style sheet, and the page header.
    ///
    /// The page is self-contained and offline: no script, font, image or link leaves it, and
    /// its Content-Security-Policy forbids the browser to fetch anything. The markup is also
    /// well-formed XML (void elements are self-closed, every attribute quoted), so tests can
    /// parse it with any XML parser.
    func beginHTML() {
        sink.write("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
            <meta name="generator" content="Quarry" />
            <title>Quarry: entities and quotes</title>
            <style>
            \(HTMLStyle.sheet)</style>
            </head>
            <body>
            <header class="page">
            <h1>Entities and quotes</h1>
            <p class="intro">Entities are boxed in their label’s colour, with the label after them. \
            Quotes are tinted and underlined in their speaker’s colour and end with a tag naming the speaker; \
            the cue is in bold and the speaker’s mention is double-underlined. \
            Hover over a mark for details; each document ends with a table of its quotes.</p>
            </header>
            <main>

            """)
    }

    /// Closes the page.
    func endHTML() {
        if written == 0 { sink.write("<p class=\"empty\">No documents.</p>\n") }
        sink.write("</main>\n</body>\n</html>\n")
    }

    /// One document as a `<section>`: its id as a heading, a legend, the text with entity
    /// spans and quotes marked, the quote table and any diagnostics.
    ///
    /// Entities take a colour per label (the same on the whole page); speakers take a colour
    /// per canonical speaker, in order of first appearance in the document, so the same
    /// speaker has the same colour in all of its quotes. Colour never carries meaning alone:
    /// each entity shows its label, each quote ends with a tag naming its speaker, and every
    /// mark has a title with the details.
    func writeHTML(_ input: AnnotatedDocument) {
        // The layers chosen (`--layers`): a page of quotes alone, or of entities alone.
        var annotated = input
        if !includes(.spans) { annotated.spans = nil }
        if !includes(.quotes) { annotated.quotes = nil }
        let document = annotated.document
        let anchor = "d\(written + 1)"
        let speakers = HTMLSpeakers(annotated.quotes, document: document)
        let marks = HTMLMarks(annotated, speakers: speakers, anchor: anchor)

        sink.write("<section class=\"doc\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n")
        sink.write("<h2 id=\"\(anchor)-h\">\(escapeHTML(document.id))</h2>\n")
        var facts = ["\(document.text.unicodeScalars.count) characters"]
        if let spans = annotated.spans { facts.append(plural(spans.count, "entity span", "entity spans")) }
        if let quotes = annotated.quotes { facts.append(plural(quotes.count, "quote", "quotes")) }
        if annotated.spans == nil && annotated.quotes == nil { facts.append("no span or quote layer: the text alone") }
        sink.write("<p class=\"meta\">\(facts.joined(separator: " · "))</p>\n")
        writeHTMLLegend(annotated, speakers: speakers)

        sink.write("<div class=\"text\">")
        document.withUTF8 { bytes in marks.write(bytes, to: sink) }
        sink.write("</div>\n")

        if let quotes = annotated.quotes, quotes.count > 0 {
            writeHTMLQuoteTable(quotes, document: document, speakers: speakers, anchor: anchor)
        }
        if !annotated.diagnostics.isEmpty {
            sink.write("<ul class=\"diagnostics\" aria-label=\"Diagnostics\">\n")
            for diagnostic in annotated.diagnostics {
                sink.write("<li class=\"\(diagnostic.severity.rawValue)\"><strong>\(diagnostic.severity.rawValue)</strong> \(escapeHTML(diagnostic.message))</li>\n")
            }
            sink.write("</ul>\n")
        }
        sink.write("</section>\n")
    }

    /// The legend: the document's entity labels with their counts, its speakers with their
    /// colours and quote counts, and what the marks mean.
    private func writeHTMLLegend(_ annotated: AnnotatedDocument, speakers: HTMLSpeakers) {
        guard annotated.spans != nil || annotated.quotes != nil else { return }
        sink.write("<div class=\"legend\" role=\"group\" aria-label=\"Legend\">\n")
        if let spans = annotated.spans, spans.count > 0 {
            var counts = [Int](repeating: 0, count: spans.labels.count)
            for span in spans.records { counts[Int(span.label)] += 1 }
            let used = spans.labels.indices.filter { counts[$0] > 0 }.sorted { (-counts[$0], spans.labels[$0]) < (-counts[$1], spans.labels[$1]) }
            sink.write("<div class=\"row\"><span class=\"key\">Entities</span><ul>")
            for label in used {
                let name = spans.labels[label]
                sink.write("<li data-legend-label=\"\(escapeHTML(name))\"><span class=\"chip-e\" style=\"\(HTMLPalette.labelStyle(name))\">\(escapeHTML(name))</span> \(counts[label])</li>")
            }
            sink.write("</ul></div>\n")
        }
        if let quotes = annotated.quotes, quotes.count > 0 {
            sink.write("<div class=\"row\"><span class=\"key\">Speakers</span><ul>")
            for (index, name) in speakers.names.enumerated() {
                sink.write("<li data-legend-speaker=\"\(escapeHTML(name))\" style=\"\(HTMLPalette.speakerStyle(index))\"><span class=\"chip-s\">\(escapeHTML(name))</span> \(plural(speakers.quoteCounts[index], "quote", "quotes"))</li>")
            }
            if speakers.unattributed > 0 {
                sink.write("<li data-legend-speaker=\"\"><span class=\"chip-s none\">no speaker</span> \(plural(speakers.unattributed, "quote", "quotes"))</li>")
            }
            sink.write("</ul></div>\n")
            sink.write("<div class=\"row\"><span class=\"key\">Marks</span><ul class=\"samples\">"
                + "<li><span class=\"q\">quoted or reported words</span></li>"
                + "<li><span class=\"cue\">cue</span> (said, told)</li>"
                + "<li><span class=\"who\">speaker as mentioned</span></li>"
                + "<li><span class=\"q none\">quote without a speaker</span></li></ul></div>\n")
        }
        sink.write("</div>\n")
    }

    /// The quote table: number (a link to the quote in the text), speaker with the mention
    /// when it differs, cue, kind and the quote's text.
    private func writeHTMLQuoteTable(_ quotes: QuoteLayer, document: Document, speakers: HTMLSpeakers, anchor: String) {
        sink.write("<div class=\"table-wrap\"><table class=\"quotes\">\n<caption>Quotes</caption>\n")
        sink.write("<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Speaker</th><th scope=\"col\">Cue</th><th scope=\"col\">Kind</th><th scope=\"col\">Quote</th></tr></thead>\n<tbody>\n")
        for (i, quote) in quotes.records.enumerated() {
            let number = i + 1
            let speaker = speakers.ofQuote[i]
            let style = speaker.map { " style=\"\(HTMLPalette.speakerStyle($0))\"" } ?? ""
            sink.write("<tr data-q=\"\(number)\"\(style)>")
            sink.write("<td data-th=\"#\" class=\"n\"><a href=\"#\(anchor)-q\(number)\">\(number)</a></td>")
            if let speaker {
                sink.write("<td data-th=\"Speaker\" class=\"speaker\"><span class=\"name\">\(escapeHTML(speakers.names[speaker]))</span>")
            } else {
                sink.write("<td data-th=\"Speaker\" class=\"speaker none\"><span class=\"name\">no speaker</span>")
            }
            let mention = quote.speaker.map { flatText(document, $0) }
            var note = mention.flatMap { $0 == speaker.map({ speakers.names[$0] }) ? nil : "as “\($0)”" }
            if quote.speakerSource == .pronoun, let mention { note = "as “\(mention)” (pronoun)" }
            if quote.speakerSource == .previousQuote { note = "continues the previous quote" }
            if let note { sink.write("<span class=\"via\">\(escapeHTML(note))</span>") }
            sink.write("</td>")
            sink.write("<td data-th=\"Cue\">\(quote.cue.map { escapeHTML(flatText(document, $0)) } ?? "—")</td>")
            sink.write("<td data-th=\"Kind\" class=\"kind\">\(quote.kind)</td>")
            let text = quotes.contentPieces(of: i).map { flatText(document, $0) }.joined(separator: " … ")
            sink.write("<td data-th=\"Quote\">\(escapeHTML(text))</td></tr>\n")
        }
        sink.write("</tbody>\n</table></div>\n")
    }

    private func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }
}

// MARK: - Escaping

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and in quoted
/// attribute values; C0 control characters other than tab, line feed and carriage return
/// (which neither HTML nor XML allow) are shown as their Control Pictures (U+2400...).
private func escapeHTML(_ text: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        case "\u{0}"..."\u{1F}": out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private extension OutputSink {
    /// Writes UTF-8 `bytes` escaped as ``escapeHTML(_:)`` does, without making strings.
    func writeHTMLEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var run = 0
        for i in bytes.indices {
            let byte = bytes[i]
            let replacement: String
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&#39;"
            case 0x09, 0x0A, 0x0D: continue
            case 0x00..<0x20: replacement = String(Unicode.Scalar(0x2400 + UInt32(byte))!)
            default: continue
            }
            if run < i { write(bytes: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
            write(replacement)
            run = i + 1
        }
        if run < bytes.count { write(bytes: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count])) }
    }
}

/// The text of a byte range on one line (line breaks become spaces).
private func flatText(_ document: Document, _ range: Range<Int>) -> String {
    document.text(utf8: range).split(whereSeparator: \.isNewline).joined(separator: " ")
}

// MARK: - Speakers

/// The speakers of one document's quotes: canonical names in order of first appearance,
/// each quote's speaker index, and counts for the legend.
///
/// A quote's speaker is its resolved entity, else its mention's text; a quote with neither
/// is unattributed.
private struct HTMLSpeakers {
    /// The distinct speakers, in order of their first quote.
    private(set) var names: [String] = []
    /// For each quote (by index in the layer), its speaker's index in ``names``, or nil.
    private(set) var ofQuote: [Int?] = []
    /// How many quotes each speaker has, parallel to ``names``.
    private(set) var quoteCounts: [Int] = []
    /// How many quotes have no speaker.
    private(set) var unattributed = 0

    init(_ quotes: QuoteLayer?, document: Document) {
        guard let quotes else { return }
        var index: [String: Int] = [:]
        for quote in quotes.records {
            guard let name = quotes.entity(of: quote) ?? quote.speaker.map({ flatText(document, $0) }), !name.isEmpty else {
                ofQuote.append(nil)
                unattributed += 1
                continue
            }
            if let known = index[name] {
                ofQuote.append(known)
                quoteCounts[known] += 1
            } else {
                index[name] = names.count
                ofQuote.append(names.count)
                names.append(name)
                quoteCounts.append(1)
            }
        }
    }
}

// MARK: - Marks in the text

/// The marks of one document's text — quote pieces, speaker mentions, cues and entity spans —
/// and the writer that turns them into properly nested elements.
///
/// Marks may nest and may cross (an entity that runs out of a quote, two overlapping spans).
/// The text is cut at every mark's start and end; for each piece the marks that cover it are
/// ordered outermost first (quote, mention, cue, entity; then earlier start, then longer),
/// and the open elements are closed and opened to match that order. A mark cut this way
/// becomes several elements with the same data; only the last one carries its label or tag.
private struct HTMLMarks {
    /// One mark: a byte range, its rank (outer ranks nest inner ones) and its markup.
    struct Mark {
        /// Quotes outermost, entity spans innermost.
        enum Rank: Int { case quote, mention, cue, entity }
        var rank: Rank
        var start: Int
        var end: Int
        /// The opening tag.
        var open: String
        /// An `id` attribute for the first element of the mark only (`d1-q3`), or empty.
        var firstID: String = ""
        /// Written inside the mark's last element, before its closing tag: the entity's label,
        /// the quote's speaker tag.
        var tail: String = ""
    }

    private(set) var marks: [Mark] = []

    init(_ annotated: AnnotatedDocument, speakers: HTMLSpeakers, anchor: String) {
        let document = annotated.document
        if let quotes = annotated.quotes {
            // A mention or cue shared by several quotes (one speaker, two clauses) is one mark.
            var shared: [Range<Int>: (rank: Mark.Rank, quotes: [Int], speaker: Int?)] = [:]
            var sharedOrder: [Range<Int>] = []
            for (i, quote) in quotes.records.enumerated() {
                let number = i + 1
                let speaker = speakers.ofQuote[i]
                let name = speaker.map { speakers.names[$0] }
                var title = "Quote \(number) (\(quote.kind))\nspeaker: \(name ?? "none")"
                if let mention = quote.speaker.map({ flatText(document, $0) }), mention != name { title += " (“\(mention)”)" }
                if let cue = quote.cue { title += "\ncue: \(flatText(document, cue))" }
                let style = speaker.map { " style=\"\(HTMLPalette.speakerStyle($0))\"" } ?? ""
                let speakerData = name.map { " data-speaker=\"\(escapeHTML($0))\"" } ?? ""
                let open = "<span class=\"q\(speaker == nil ? " none" : "")\" data-q=\"\(number)\"\(speakerData) data-kind=\"\(quote.kind)\"\(style) title=\"\(escapeHTML(title))\">"
                let pieces = quotes.contentPieces(of: i).filter { !$0.isEmpty }
                for (k, piece) in pieces.enumerated() {
                    var mark = Mark(rank: .quote, start: piece.lowerBound, end: piece.upperBound, open: open)
                    if k == 0 { mark.firstID = "\(anchor)-q\(number)" }
                    if k == pieces.count - 1 {
                        mark.tail = "<span class=\"tag\">Q\(number) \(escapeHTML(name ?? "no speaker"))</span>"
                    }
                    marks.append(mark)
                }
                for (rank, range) in [(Mark.Rank.mention, quote.speaker), (.cue, quote.cue)] {
                    guard let range else { continue }
                    if shared[range] == nil {
                        shared[range] = (rank, [], speaker)
                        sharedOrder.append(range)
                    }
                    shared[range]!.quotes.append(number)
                }
            }
            for range in sharedOrder {
                let (rank, numbers, speaker) = shared[range]!
                let name = speaker.map { speakers.names[$0] }
                let list = numbers.map(String.init).joined(separator: " ")
                let role = rank == .mention ? "speaker" : "cue"
                let title = "\(role) of quote\(numbers.count > 1 ? "s" : "") \(numbers.map(String.init).joined(separator: ", "))"
                    + (name.map { ": \($0)" } ?? "")
                let style = speaker.map { " style=\"\(HTMLPalette.speakerStyle($0))\"" } ?? " style=\"\(HTMLPalette.neutralStyle)\""
                let speakerData = name.map { " data-speaker=\"\(escapeHTML($0))\"" } ?? ""
                let open = "<span class=\"\(rank == .mention ? "who" : "cue")\" data-q=\"\(list)\"\(speakerData)\(style) title=\"\(escapeHTML(title))\">"
                marks.append(Mark(rank: rank, start: range.lowerBound, end: range.upperBound, open: open))
            }
        }
        if let spans = annotated.spans {
            for (i, span) in spans.records.enumerated() where span.start < span.end {
                let label = spans.labels[Int(span.label)]
                var title = "\(label) · rule \(spans.rules[Int(span.rule)])"
                for attribute in spans.attributes(of: span, in: document) { title += "\n\(attribute.name) = \(attribute.value)" }
                let open = "<span class=\"e\" data-e=\"\(i)\" data-label=\"\(escapeHTML(label))\" style=\"\(HTMLPalette.labelStyle(label))\" title=\"\(escapeHTML(title))\">"
                marks.append(Mark(rank: .entity, start: Int(span.start), end: Int(span.end), open: open,
                                  tail: "<span class=\"lbl\">\(escapeHTML(label))</span>"))
            }
        }
        marks.sort { ($0.start, $0.rank.rawValue, -$0.end) < ($1.start, $1.rank.rawValue, -$1.end) }
    }

    /// Writes `text` with every mark as nested `<span>` elements, escaped.
    ///
    /// - Complexity: O(n log n + b·a log a) for n marks, b boundaries and at most a marks
    ///   over one piece of text.
    func write(_ text: UnsafeBufferPointer<UInt8>, to sink: OutputSink) {
        var bounds = [0, text.count]
        for mark in marks where mark.start < mark.end && mark.end <= text.count {
            bounds.append(mark.start)
            bounds.append(mark.end)
        }
        bounds = Array(Set(bounds)).sorted()
        var next = 0
        var active: [Int] = []
        var stack: [Int] = []
        var opened = [Bool](repeating: false, count: marks.count)
        /// Outermost first: rank, then earlier start, then longer, then input order.
        func outer(_ a: Int, _ b: Int) -> Bool {
            let x = marks[a], y = marks[b]
            return (x.rank.rawValue, x.start, -x.end, a) < (y.rank.rawValue, y.start, -y.end, b)
        }
        for (k, bound) in bounds.enumerated() {
            active.removeAll { marks[$0].end <= bound }
            while next < marks.count && marks[next].start <= bound {
                if marks[next].start < marks[next].end && marks[next].end <= text.count && marks[next].end > bound {
                    active.append(next)
                }
                next += 1
            }
            let wanted = active.sorted(by: outer)
            var common = 0
            while common < stack.count && common < wanted.count && stack[common] == wanted[common] { common += 1 }
            for index in stack[common...].reversed() {
                if marks[index].end == bound { sink.write(marks[index].tail) }
                sink.write("</span>")
            }
            for index in wanted[common...] {
                let mark = marks[index]
                if !opened[index] && !mark.firstID.isEmpty {
                    // `<span class=…` becomes `<span id="…" class=…`.
                    sink.write("<span id=\"\(mark.firstID)\"" + mark.open.dropFirst("<span".count))
                } else {
                    sink.write(mark.open)
                }
                opened[index] = true
            }
            stack = wanted
            if k + 1 < bounds.count {
                sink.writeHTMLEscaped(UnsafeBufferPointer(rebasing: text[bound..<bounds[k + 1]]))
            }
        }
    }
}

// MARK: - Colours and style

/// The page's colours: one per entity label (fixed for common labels, else picked by a
/// stable hash of the label, so a label has the same colour on every page) and one per
/// speaker (by order of first appearance in a document).
///
/// Every speaker colour has a contrast of at least 4.5:1 against white, so it serves as
/// text colour and, with white text, as a tag's background.
private enum HTMLPalette {
    /// (text and border, background) for labels that news pipelines use.
    static let knownLabels: [String: (String, String)] = [
        "PERSON": ("#5b3aa6", "#ece4ff"), "PER": ("#5b3aa6", "#ece4ff"),
        "ORG": ("#0f6d6d", "#d7f2f2"),
        "GPE": ("#8a5200", "#ffedcc"),
        "LOC": ("#9c3f14", "#fde2d6"),
        "NORP": ("#1f5c99", "#e1eeff"),
        "FAC": ("#6e4b1f", "#f1e7d9"),
        "DATE": ("#3f6b12", "#e7f4d7"),
        "TIME": ("#236b40", "#def3e6"),
        "MONEY": ("#1c6b39", "#d9f2e1"),
        "EVENT": ("#9c1f55", "#ffe0ec"),
        "PERCENT": ("#4a4f57", "#ebedf0"), "QUANTITY": ("#4a4f57", "#ebedf0"),
        "CARDINAL": ("#4a4f57", "#ebedf0"), "ORDINAL": ("#4a4f57", "#ebedf0"),
    ]
    /// (text and border, background) for other labels.
    static let otherLabels: [(String, String)] = [
        ("#7a4d00", "#fff3c4"), ("#2b5d8a", "#e2f0fb"), ("#7d2e8f", "#f7e3fb"), ("#2f6b2f", "#e4f5e0"),
        ("#8f3b2f", "#fbe5e0"), ("#3c5a66", "#e1edf1"), ("#6b5a00", "#f6f0c8"), ("#5a4a8a", "#ebe7fa"),
    ]
    /// Speaker colours, all dark enough for white text.
    static let speakers = [
        "#1d5fa8", "#b02a2a", "#1e7340", "#7540a8", "#a04f00",
        "#0c6e74", "#a12d6d", "#56620c", "#3a48b0", "#6b4c2e",
    ]
    /// The colour of marks whose quote has no speaker.
    static let neutral = "#5f6368"

    /// The custom properties of an entity mark: `--ec` (text, border) and `--eb` (background).
    static func labelStyle(_ label: String) -> String {
        let (ink, fill) = knownLabels[label.uppercased()] ?? otherLabels[Int(fnv1a(label) % UInt32(otherLabels.count))]
        return "--ec:\(ink);--eb:\(fill)"
    }

    /// The custom properties of a speaker's marks: `--sc` (the colour) and `--st` (a tint).
    /// After the palette's ten colours, speakers reuse them with a dashed underline
    /// (`--sl`), then a dotted one, so that two speakers never look alike.
    static func speakerStyle(_ index: Int) -> String {
        let colour = speakers[index % speakers.count]
        let line = ["solid", "dashed", "dotted"][(index / speakers.count) % 3]
        return "--sc:\(colour);--st:\(colour)1f;--sl:\(line)"
    }

    /// The custom properties of marks without a speaker.
    static var neutralStyle: String { "--sc:\(neutral);--st:\(neutral)1a;--sl:dashed" }

    /// FNV-1a over the label's UTF-8: stable across runs, unlike `Hasher`.
    private static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }
}

/// The page's style sheet. Sizes are relative (rem, em), nothing has a fixed width, and
/// long words wrap, so the page reads at 200% zoom; below 40rem the quote table becomes one
/// block per quote. In print, colours are kept and every meaning also has a border, an
/// underline or a text label. No `<` or `&` appears in it (the page stays well-formed XML).
private enum HTMLStyle {
    static let sheet = """
        :root { color-scheme: light; --ink: #1b1d21; --muted: #5f6368; --rule: #d5d9de; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; padding: 1.5rem 1.25rem 3rem; max-width: 64rem; color: var(--ink); background: #fff;
          font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
        header.page { border-bottom: 1px solid var(--rule); margin-bottom: 1.5rem; }
        h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
        .intro { color: var(--muted); margin: 0 0 1rem; font-size: .92rem; max-width: 48rem; }
        .doc + .doc { margin-top: 3rem; border-top: 2px solid var(--rule); padding-top: 1.5rem; }
        h2 { font-size: 1.45rem; margin: 0 0 .2rem; overflow-wrap: anywhere; }
        .meta { color: var(--muted); margin: 0 0 1rem; font-size: .9rem; }
        .legend { border: 1px solid var(--rule); border-radius: .5rem; padding: .5rem .75rem; margin: 0 0 1.25rem;
          font-size: .88rem; background: #fafbfc; }
        .legend .row { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .75rem; padding: .25rem 0; }
        .legend .row + .row { border-top: 1px dashed var(--rule); }
        .legend .key { font-weight: 700; min-width: 5.5em; color: var(--muted); }
        .legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem 1rem; flex: 1 1 20em; }
        .legend li { line-height: 1.9; }
        .chip-e { background: var(--eb); color: var(--ec); border: 1px solid var(--ec); border-radius: .35em;
          padding: .05em .4em; font-size: .85em; font-weight: 700; letter-spacing: .03em; }
        .chip-s { border-left: .9em solid var(--sc); border-bottom: .15em var(--sl) var(--sc); padding: 0 .35em;
          font-weight: 600; background: var(--st); }
        .chip-s.none { --sc: #5f6368; --st: #5f63681a; --sl: dashed; font-weight: 400; font-style: italic; }
        .samples .q, .samples .cue, .samples .who { --sc: #1b1d21; --st: #1b1d2112; }
        .text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.3; font-size: 1.06rem; max-width: 52rem; }
        .e { background: var(--eb); border: 1px solid var(--ec); border-radius: .35em; padding: .12em .25em;
          -webkit-box-decoration-break: clone; box-decoration-break: clone; }
        .lbl { color: var(--ec); font-size: .62em; font-weight: 700; letter-spacing: .05em; margin-left: .4em;
          vertical-align: .12em; user-select: none; }
        .q { background: var(--st); border-bottom: .22em var(--sl, solid) var(--sc); padding: .2em 0 .05em;
          -webkit-box-decoration-break: clone; box-decoration-break: clone; }
        .q.none { --sc: #5f6368; --st: #5f63681a; --sl: dashed; }
        .cue { color: var(--sc); font-weight: 700; text-decoration: underline .12em var(--sc); text-underline-offset: .2em; }
        .who { text-decoration: underline double var(--sc); text-decoration-thickness: .1em; text-underline-offset: .28em;
          font-weight: 600; }
        .tag { display: inline-block; max-width: 100%; line-height: 1.35; color: #fff; background: var(--sc);
          border: 1px solid var(--sc); border-radius: .3em; padding: .02em .4em; margin-left: .35em; font-size: .64em;
          font-weight: 700; vertical-align: .14em; user-select: none; }
        .table-wrap { overflow-x: auto; margin-top: 1.5rem; }
        table.quotes { border-collapse: collapse; width: 100%; font-size: .92rem; }
        caption { text-align: left; font-weight: 700; font-size: 1.1rem; padding-bottom: .4rem; }
        th, td { text-align: left; vertical-align: top; padding: .45rem .55rem; border-bottom: 1px solid var(--rule);
          overflow-wrap: break-word; }
        td.n, td.kind { white-space: nowrap; }
        thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
        td.speaker { border-left: .4em var(--sl, solid) var(--sc); font-weight: 600; min-width: 9em; }
        td.speaker.none { border-left: .4em dashed #5f6368; font-weight: 400; font-style: italic; }
        td.speaker .via { display: block; font-weight: 400; color: var(--muted); font-size: .9em; }
        tbody tr:nth-child(even) { background: #f6f7f9; }
        a { color: #1d4f91; }
        .diagnostics { font-size: .9rem; color: var(--muted); }
        .diagnostics .error strong { color: #b02a2a; }
        @media (max-width: 40rem) {
          body { padding: 1rem .75rem 2rem; }
          table.quotes, table.quotes tbody, table.quotes tr, table.quotes td { display: block; width: 100%; }
          table.quotes thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
          table.quotes tr { border-bottom: 2px solid var(--rule); padding: .3rem 0; }
          table.quotes td { border-bottom: none; padding: .15rem .5rem; }
          table.quotes td::before { content: attr(data-th) ": "; font-weight: 700; color: var(--muted); }
        }
        @media print {
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          .doc + .doc { break-before: page; border-top: none; }
          tr, .legend { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
          .tag { background: #fff; color: var(--sc); }
        }

        """
}
