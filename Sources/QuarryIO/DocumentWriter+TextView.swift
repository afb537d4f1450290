import Foundation
import QuarryCore

extension DocumentWriter {
    // MARK: - Text view

    /// The view for people: a header, then the text with "·" wherever the tokenizer split
    /// without a space; the marks are dimmed on a terminal.
    func writeText(_ annotated: AnnotatedDocument) {
        if primary == .quotes, let quotes = annotated.quotes {
            writeQuoteView(annotated, quotes)
            if let spans = annotated.spans, includes(.spans) { writeEntityList(annotated, spans) }
            return
        }
        if primary == .spans, let spans = annotated.spans {
            writeSpanView(annotated, spans)
            return
        }
        if primary == .sentences, let sentences = annotated.sentences {
            writeSentenceView(annotated, sentences)
            return
        }
        let document = annotated.document
        guard let tokens = annotated.tokens else { return }
        var kinds: [TokenKind: Int] = [:]
        for token in tokens.records { kinds[token.kind, default: 0] += 1 }
        let summary = TokenKind.allCases.compactMap { kind in kinds[kind].map { "\(kind) \($0)" } }.joined(separator: ", ")
        let characters = document.text.unicodeScalars.count
        if written > 0 { sink.write("\n") }
        sink.write(bold("── \(document.id)") + dim(" · \(characters) characters · \(tokens.count) tokens (\(summary))") + "\n")
        let mark = dim("·")
        let tags = annotated.tags.flatMap { $0.records.count == tokens.records.count ? $0 : nil }
        document.withUTF8 { bytes in
            var previousEnd = 0
            for (i, token) in tokens.records.enumerated() {
                let start = Int(token.start)
                if start > previousEnd {
                    sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[previousEnd..<start]))
                } else if previousEnd > 0 {
                    sink.write(mark)
                }
                sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[token.range]))
                if let tags { sink.write(dim("/\(tags.universal(i))")) }
                previousEnd = Int(token.end)
            }
            if previousEnd < bytes.count {
                sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[previousEnd..<bytes.count]))
            }
        }
        if document.text.last != "\n" { sink.write("\n") }
    }

    /// The sentence view: a header, then one sentence a line, numbered; line breaks inside a
    /// sentence are shown as "⏎".
    func writeSentenceView(_ annotated: AnnotatedDocument, _ sentences: SentenceLayer) {
        let document = annotated.document
        if written > 0 { sink.write("\n") }
        sink.write(bold("── \(document.id)") + dim(" · \(document.text.unicodeScalars.count) characters · \(sentences.count) sentences") + "\n")
        let width = String(sentences.count).count
        for (i, sentence) in sentences.records.enumerated() {
            let number = String(i + 1)
            sink.write(dim(String(repeating: " ", count: width - number.count) + number) + "  ")
            let text = document.text(utf8: sentence.range)
            sink.write(text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: dim("⏎")))
            sink.write("\n")
        }
    }

    /// The quote view: one row per quote, speaker — cue — kind — content, the content wrapped
    /// under its column; the speaker's entity and, when it differs, the mention in the text
    /// ("mention: He") wrap at word boundaries in their column.
    func writeQuoteView(_ annotated: AnnotatedDocument, _ quotes: QuoteLayer) {
        let document = annotated.document
        if written > 0 { sink.write("\n") }
        var counts: [QuoteKind: Int] = [:]
        for quote in quotes.records { counts[quote.kind, default: 0] += 1 }
        let summary = QuoteKind.allCases.compactMap { kind in counts[kind].map { "\(kind) \($0)" } }.joined(separator: ", ")
        sink.write(bold("── \(document.id)") + dim(" · \(quotes.count) quotes" + (summary.isEmpty ? "" : " (\(summary))")) + "\n")
        guard quotes.count > 0 else { return }
        func flat(_ range: Range<Int>?) -> String {
            guard let range else { return "" }
            return document.text(utf8: range).split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        struct Row { var speaker: String; var mention: String; var cue: String; var kind: String; var text: String }
        let rows = quotes.records.map { quote -> Row in
            let mention = flat(quote.speaker)
            let entity = quotes.entity(of: quote) ?? (mention.isEmpty ? "—" : mention)
            var note = mention == entity ? "" : "mention: " + mention
            if quote.speakerSource == .previousQuote { note = "(continues the previous quote)" }
            return Row(speaker: entity, mention: note, cue: quote.cue == nil ? "—" : flat(quote.cue), kind: "\(quote.kind)", text: flat(quote.range))
        }
        let speakerWidth = min(24, max(7, rows.map { $0.speaker.count }.max() ?? 7))
        let cueWidth = min(16, max(3, rows.map { $0.cue.count }.max() ?? 3))
        let kindWidth = 8
        let textWidth = 100 - speakerWidth - cueWidth - kindWidth - 8
        func pad(_ s: String, _ width: Int) -> String {
            s.count > width ? String(s.prefix(width - 1)) + "…" : s.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        sink.write(dim("  " + pad("speaker", speakerWidth) + "  " + pad("cue", cueWidth) + "  " + pad("kind", kindWidth) + "  quote") + "\n")
        for row in rows {
            let lines = TextWrap.lines(row.text, width: max(20, textWidth))
            let entityLines = TextWrap.lines(row.speaker, width: speakerWidth)
            let mentionLines = row.mention.isEmpty ? [] : TextWrap.lines(row.mention, width: speakerWidth - 2).map { "  " + $0 }
            for k in 0..<max(lines.count, entityLines.count + mentionLines.count) {
                let speaker = k < entityLines.count ? bold(pad(entityLines[k], speakerWidth))
                    : (k - entityLines.count < mentionLines.count ? dim(pad(mentionLines[k - entityLines.count], speakerWidth)) : pad("", speakerWidth))
                let cue = k == 0 ? pad(row.cue, cueWidth) : pad("", cueWidth)
                let kind = k == 0 ? dim(pad(row.kind, kindWidth)) : pad("", kindWidth)
                sink.write("  " + speaker + "  " + cue + "  " + kind + "  " + (k < lines.count ? lines[k] : "") + "\n")
            }
        }
    }

    /// After the quote table: the entities, one line group per label, each distinct text once
    /// with its count, in order of first appearance.
    func writeEntityList(_ annotated: AnnotatedDocument, _ spans: SpanLayer) {
        guard spans.count > 0 else { return }
        let document = annotated.document
        var order: [String] = []
        var byLabel: [String: [(text: String, count: Int)]] = [:]
        for span in spans.records {
            let label = spans.labels[Int(span.label)]
            let text = document.text(utf8: span.range).split(whereSeparator: \.isNewline).joined(separator: " ")
            if byLabel[label] == nil { order.append(label) }
            if let k = byLabel[label]?.firstIndex(where: { $0.text == text }) {
                byLabel[label]![k].count += 1
            } else {
                byLabel[label, default: []].append((text, 1))
            }
        }
        sink.write("\n" + dim("  entities (\(spans.count) spans)") + "\n")
        let labelWidth = min(16, order.map(\.count).max() ?? 5)
        for label in order {
            let items = byLabel[label]!.map { $0.count > 1 ? "\($0.text) (\($0.count))" : $0.text }
            let lines = TextWrap.lines(items: items, separator: "; ", width: 96 - labelWidth)
            for (k, line) in lines.enumerated() {
                let name = k == 0 ? label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) : String(repeating: " ", count: labelWidth)
                sink.write("  " + (k == 0 ? bold(name) : name) + "  " + line + "\n")
            }
        }
    }

    /// The span view: the text with each kept span marked `[text]LABEL` (on a terminal the
    /// span is underlined and its label coloured), then a table of the spans.
    func writeSpanView(_ annotated: AnnotatedDocument, _ spans: SpanLayer) {
        let document = annotated.document
        if written > 0 { sink.write("\n") }
        var counts: [String: Int] = [:]
        for span in spans.records { counts[spans.labels[Int(span.label)], default: 0] += 1 }
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        sink.write(bold("── \(document.id)") + dim(" · \(spans.count) spans" + (summary.isEmpty ? "" : " (\(summary))")
            + (annotated.sentences.map { " · \($0.count) sentences" } ?? "")) + "\n")
        // Inline marks for the outermost spans (nested ones are in the table).
        var position = 0
        document.withUTF8 { bytes in
            for span in spans.records where Int(span.start) >= position {
                sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[position..<Int(span.start)]))
                let label = spans.labels[Int(span.label)]
                if color {
                    sink.write("\u{1B}[4m")
                    sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[span.range]))
                    sink.write("\u{1B}[0m\u{1B}[36m" + label + "\u{1B}[0m")
                } else {
                    sink.write("[")
                    sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[span.range]))
                    sink.write("]" + label)
                }
                position = Int(span.end)
            }
            sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[position..<bytes.count]))
        }
        if document.text.last != "\n" { sink.write("\n") }
        guard spans.count > 0 else { return }
        sink.write("\n")
        let index = OffsetIndex(document: document, unit: .codepoints)
        let labelWidth = min(16, spans.labels.map(\.count).max() ?? 5)
        for span in spans.records {
            let label = spans.labels[Int(span.label)].padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let offsets = "\(index.convert(Int(span.start)))-\(index.convert(Int(span.end)))".padding(toLength: 11, withPad: " ", startingAt: 0)
            let attributes = spans.attributes(of: span, in: document).map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            let text = document.text(utf8: span.range).replacingOccurrences(of: "\n", with: " ")
            sink.write("  \(label)  \(dim(offsets)) \(text)" + dim("  \(spans.rules[Int(span.rule)])") + (attributes.isEmpty ? "" : "  " + attributes) + "\n")
        }
    }
}

/// Word wrapping for the text view.
enum TextWrap {
    /// `text` in lines of at most `width` characters, broken at spaces; a word longer than
    /// `width` gets a line of its own, cut only if it is longer than the line.
    static func lines(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            var rest = Substring(word)
            while rest.count > width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
            line += (line.isEmpty ? "" : " ") + rest
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }

    /// `items` joined by `separator` in lines of at most `width` characters, broken only
    /// between items (an item longer than a line is wrapped at its spaces).
    static func lines(items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for (k, item) in items.enumerated() {
            let piece = item + (k < items.count - 1 ? separator.trimmingCharacters(in: .whitespaces) : "")
            if !line.isEmpty && line.count + 1 + piece.count > width {
                lines.append(line)
                line = ""
            }
            if piece.count > width {
                lines += Self.lines(piece, width: width)
                continue
            }
            line += (line.isEmpty ? "" : " ") + piece
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}
