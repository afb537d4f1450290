import QuarryCore

/// Writes annotated documents in one of the ``OutputFormat``s. The stages know nothing of
/// output: this is the only place that turns layers into text.
final class DocumentWriter {
    let format: OutputFormat
    let offsets: OffsetUnit
    let sink: OutputSink
    let color: Bool
    /// With `--format json`: write an array of documents (several inputs, or JSON Lines input)
    /// rather than one bare object. Decided from the command line, never from the data.
    let jsonArray: Bool
    /// The layer the text view and TSV show: tokens for `tokenize`, sentences for `split`.
    let primary: LayerName
    private var written = 0

    init(format: OutputFormat, offsets: OffsetUnit, sink: OutputSink, color: Bool, jsonArray: Bool, primary: LayerName = .tokens) {
        self.primary = primary
        self.format = format
        self.offsets = offsets
        self.sink = sink
        self.color = color
        self.jsonArray = jsonArray
    }

    func begin() {
        if format == .tsv {
            switch primary {
            case .quotes: sink.write("id\tindex\tkind\tstart\tend\tcue\tspeaker\tentity\tvia\ttext\n")
            case .spans: sink.write("id\tlabel\tstart\tend\trule\ttext\tattrs\n")
            case .sentences: sink.write("id\tindex\tstart\tend\ttokens\ttext\n")
            default: sink.write("id\tindex\tstart\tend\tkind\ttext\n")
            }
        }
        if format == .json && jsonArray { sink.write("[\n") }
    }

    func write(_ annotated: AnnotatedDocument) {
        switch format {
        case .json: writeJSON(annotated, pretty: true)
        case .jsonl: writeJSON(annotated, pretty: false)
        case .tsv: writeTSV(annotated)
        case .conllu: writeCoNLLU(annotated)
        case .text: writeText(annotated)
        }
        written += 1
    }

    func end() {
        if format == .json && (jsonArray || written > 0) { sink.write(jsonArray ? "\n]\n" : "\n") }
        sink.flush()
    }

    // MARK: - JSON

    private func writeJSON(_ annotated: AnnotatedDocument, pretty: Bool) {
        let document = annotated.document
        if pretty && written > 0 { sink.write(",\n") }
        let nl = pretty ? "\n" : ""
        let indent = pretty ? "  " : ""
        sink.write("{\(nl)\(indent)\"id\": ")
        sink.writeJSONString(document.id.utf8)
        if let tokens = annotated.tokens {
            sink.write(",\(nl)\(indent)\"tokens\": [")
            var cursor = OffsetCursor(document: document, unit: offsets)
            document.withUTF8 { bytes in
                for (i, token) in tokens.records.enumerated() {
                    if i > 0 { sink.write(byte: 0x2C) }
                    if pretty { sink.write("\n    ") }
                    sink.write("{\"start\": ")
                    sink.write(int: cursor.convert(Int(token.start)))
                    sink.write(", \"end\": ")
                    sink.write(int: cursor.convert(Int(token.end)))
                    sink.write(", \"text\": ")
                    sink.writeJSONString(UnsafeBufferPointer(rebasing: bytes[token.range]))
                    sink.write(", \"kind\": \"")
                    sink.write(token.kind.description)
                    sink.write("\"}")
                }
            }
            sink.write(pretty && !tokens.isEmpty ? "\n  ]" : "]")
        }
        if let sentences = annotated.sentences {
            sink.write(",\(nl)\(indent)\"sentences\": [")
            var cursor = OffsetCursor(document: document, unit: offsets)
            document.withUTF8 { bytes in
                for (i, sentence) in sentences.records.enumerated() {
                    if i > 0 { sink.write(byte: 0x2C) }
                    if pretty { sink.write("\n    ") }
                    sink.write("{\"start\": ")
                    sink.write(int: cursor.convert(Int(sentence.start)))
                    sink.write(", \"end\": ")
                    sink.write(int: cursor.convert(Int(sentence.end)))
                    if annotated.tokens != nil {
                        sink.write(", \"tokens\": [")
                        sink.write(int: Int(sentence.firstToken))
                        sink.write(", ")
                        sink.write(int: Int(sentence.endToken))
                        sink.write("]")
                    }
                    sink.write(", \"text\": ")
                    sink.writeJSONString(UnsafeBufferPointer(rebasing: bytes[sentence.range]))
                    sink.write("}")
                }
            }
            sink.write(pretty && !sentences.isEmpty ? "\n  ]" : "]")
        }
        if let spans = annotated.spans {
            sink.write(",\(nl)\(indent)\"spans\": [")
            let index = OffsetIndex(document: document, unit: offsets)
            document.withUTF8 { bytes in
                for (i, span) in spans.records.enumerated() {
                    if i > 0 { sink.write(byte: 0x2C) }
                    if pretty { sink.write("\n    ") }
                    sink.write("{\"label\": ")
                    sink.writeJSONString(spans.labels[Int(span.label)].utf8)
                    sink.write(", \"start\": ")
                    sink.write(int: index.convert(Int(span.start)))
                    sink.write(", \"end\": ")
                    sink.write(int: index.convert(Int(span.end)))
                    sink.write(", \"text\": ")
                    sink.writeJSONString(UnsafeBufferPointer(rebasing: bytes[span.range]))
                    sink.write(", \"rule\": ")
                    sink.writeJSONString(spans.rules[Int(span.rule)].utf8)
                    sink.write(", \"attrs\": {")
                    for (k, attribute) in spans.attributes(of: span, in: document).enumerated() {
                        if k > 0 { sink.write(", ") }
                        sink.writeJSONString(attribute.name.utf8)
                        sink.write(": ")
                        sink.writeJSONString(attribute.value.utf8)
                    }
                    sink.write("}}")
                }
            }
            sink.write(pretty && spans.count > 0 ? "\n  ]" : "]")
        }
        if let quotes = annotated.quotes {
            sink.write(",\(nl)\(indent)\"quotes\": [")
            let index = OffsetIndex(document: document, unit: offsets)
            document.withUTF8 { bytes in
                func part(_ name: String, _ range: Range<Int>?) {
                    sink.write(", \"\(name)\": ")
                    guard let range else { sink.write("null"); return }
                    sink.write("{\"start\": ")
                    sink.write(int: index.convert(range.lowerBound))
                    sink.write(", \"end\": ")
                    sink.write(int: index.convert(range.upperBound))
                    sink.write(", \"text\": ")
                    sink.writeJSONString(UnsafeBufferPointer(rebasing: bytes[range]))
                    sink.write("}")
                }
                for (i, quote) in quotes.records.enumerated() {
                    if i > 0 { sink.write(byte: 0x2C) }
                    if pretty { sink.write("\n    ") }
                    sink.write("{\"kind\": \"\(quote.kind)\", \"start\": ")
                    sink.write(int: index.convert(Int(quote.start)))
                    sink.write(", \"end\": ")
                    sink.write(int: index.convert(Int(quote.end)))
                    sink.write(", \"text\": ")
                    sink.writeJSONString(UnsafeBufferPointer(rebasing: bytes[quote.range]))
                    part("cue", quote.cue)
                    part("speaker", quote.speaker)
                    sink.write(", \"entity\": ")
                    if let entity = quotes.entity(of: quote) { sink.writeJSONString(entity.utf8) } else { sink.write("null") }
                    sink.write(", \"via\": \"\(quote.speakerSource)\"}")
                }
            }
            sink.write(pretty && quotes.count > 0 ? "\n  ]" : "]")
        }
        if !annotated.diagnostics.isEmpty {
            sink.write(",\(nl)\(indent)\"diagnostics\": [")
            for (i, diagnostic) in annotated.diagnostics.enumerated() {
                if i > 0 { sink.write(", ") }
                sink.write("{\"severity\": \"\(diagnostic.severity.rawValue)\", \"message\": ")
                sink.writeJSONString(diagnostic.message.utf8)
                sink.write("}")
            }
            sink.write("]")
        }
        sink.write(pretty ? "\n}" : "}\n")
    }

    // MARK: - TSV

    private func writeTSV(_ annotated: AnnotatedDocument) {
        if primary == .quotes, let quotes = annotated.quotes {
            let document = annotated.document
            let index = OffsetIndex(document: document, unit: offsets)
            let id = TSV.escape(document.id)
            func text(_ range: Range<Int>?) -> String { range.map { TSV.escape(String(document.text(utf8: $0))) } ?? "" }
            for (i, quote) in quotes.records.enumerated() {
                let entity = TSV.escape(quotes.entity(of: quote) ?? "")
                sink.write("\(id)\t\(i)\t\(quote.kind)\t\(index.convert(Int(quote.start)))\t\(index.convert(Int(quote.end)))\t\(text(quote.cue))\t\(text(quote.speaker))\t\(entity)\t\(quote.speakerSource)\t\(text(quote.range))\n")
            }
            return
        }
        if primary == .spans, let spans = annotated.spans {
            let document = annotated.document
            let index = OffsetIndex(document: document, unit: offsets)
            let id = TSV.escape(document.id)
            for span in spans.records {
                let attributes = spans.attributes(of: span, in: document).map { "\($0.name)=\($0.value)" }.joined(separator: ";")
                sink.write("\(id)\t\(spans.labels[Int(span.label)])\t\(index.convert(Int(span.start)))\t\(index.convert(Int(span.end)))\t\(TSV.escape(spans.rules[Int(span.rule)]))\t\(TSV.escape(String(document.text(utf8: span.range))))\t\(TSV.escape(attributes))\n")
            }
            return
        }
        if primary == .sentences, let sentences = annotated.sentences {
            let document = annotated.document
            var cursor = OffsetCursor(document: document, unit: offsets)
            let id = Array(TSV.escape(document.id).utf8)
            document.withUTF8 { bytes in
                for (i, sentence) in sentences.records.enumerated() {
                    sink.write(bytes: id)
                    sink.write("\t\(i)\t\(cursor.convert(Int(sentence.start)))\t\(cursor.convert(Int(sentence.end)))\t\(sentence.endToken - sentence.firstToken)\t")
                    sink.write(bytes: TSV.escape(UnsafeBufferPointer(rebasing: bytes[sentence.range])))
                    sink.write(byte: 0x0A)
                }
            }
            return
        }
        guard let tokens = annotated.tokens else { return }
        let document = annotated.document
        var cursor = OffsetCursor(document: document, unit: offsets)
        let id = Array(TSV.escape(document.id).utf8)
        document.withUTF8 { bytes in
            for (i, token) in tokens.records.enumerated() {
                sink.write(bytes: id)
                sink.write("\t\(i)\t\(cursor.convert(Int(token.start)))\t\(cursor.convert(Int(token.end)))\t\(token.kind)\t")
                sink.write(bytes: TSV.escape(UnsafeBufferPointer(rebasing: bytes[token.range])))
                sink.write(byte: 0x0A)
            }
        }
    }

    // MARK: - CoNLL-U

    /// CoNLL-U: one block per sentence (per paragraph while there is no sentence layer), a
    /// range line before the words of a split surface token, `SpaceAfter=No` where no space
    /// follows.
    private func writeCoNLLU(_ annotated: AnnotatedDocument) {
        guard let tokens = annotated.tokens else { return }
        let document = annotated.document
        sink.write("# newdoc id = \(document.id)\n")
        let blocks = CoNLLUBlocks.blocks(of: annotated)
        for (number, block) in blocks.enumerated() {
            guard !block.tokens.isEmpty else { continue }
            sink.write("# sent_id = \(document.id)-\(number + 1)\n")
            let first = tokens[block.tokens.lowerBound], last = tokens[block.tokens.upperBound - 1]
            let text = document.text(utf8: Int(first.start)..<Int(last.end))
            sink.write("# text = \(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))\n")
            var word = 0
            var index = block.tokens.lowerBound
            while index < block.tokens.upperBound {
                let token = tokens[index]
                let spaceAfter = token.flags.contains(.spaceAfter) || index + 1 == block.tokens.upperBound
                if token.cliticOffset > 0 {
                    // A surface token with its words: "1-2 don't", "1 do", "2 n't".
                    let split = Int(token.start) + Int(token.cliticOffset)
                    sink.write("\(word + 1)-\(word + 2)\t\(document.text(utf8: token.range))\t_\t_\t_\t_\t_\t_\t_\t\(spaceAfter ? "_" : "SpaceAfter=No")\n")
                    sink.write("\(word + 1)\t\(document.text(utf8: Int(token.start)..<split))\t_\t_\t_\t_\t_\t_\t_\t_\n")
                    sink.write("\(word + 2)\t\(document.text(utf8: split..<Int(token.end)))\t_\t_\t_\t_\t_\t_\t_\t_\n")
                    word += 2
                } else if token.flags.contains(.cliticHost), index + 1 < block.tokens.upperBound {
                    // Split already (--words): the range line, then the two tokens as words.
                    let clitic = tokens[index + 1]
                    let cliticSpace = clitic.flags.contains(.spaceAfter) || index + 2 == block.tokens.upperBound
                    sink.write("\(word + 1)-\(word + 2)\t\(document.text(utf8: Int(token.start)..<Int(clitic.end)))\t_\t_\t_\t_\t_\t_\t_\t\(cliticSpace ? "_" : "SpaceAfter=No")\n")
                    sink.write("\(word + 1)\t\(document.text(utf8: token.range))\t_\t_\t_\t_\t_\t_\t_\t_\n")
                    sink.write("\(word + 2)\t\(document.text(utf8: clitic.range))\t_\t_\t_\t_\t_\t_\t_\t_\n")
                    word += 2
                    index += 1
                } else {
                    word += 1
                    sink.write("\(word)\t\(document.text(utf8: token.range))\t_\t_\t_\t_\t_\t_\t_\t\(spaceAfter ? "_" : "SpaceAfter=No")\n")
                }
                index += 1
            }
            sink.write("\n")
        }
    }

    // MARK: - Text view

    /// The view for people: a header, then the text with "·" wherever the tokenizer split
    /// without a space; the marks are dimmed on a terminal.
    private func writeText(_ annotated: AnnotatedDocument) {
        if primary == .quotes, let quotes = annotated.quotes {
            writeQuoteView(annotated, quotes)
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
        document.withUTF8 { bytes in
            var previousEnd = 0
            for token in tokens.records {
                let start = Int(token.start)
                if start > previousEnd {
                    sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[previousEnd..<start]))
                } else if previousEnd > 0 {
                    sink.write(mark)
                }
                sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[token.range]))
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
    private func writeSentenceView(_ annotated: AnnotatedDocument, _ sentences: SentenceLayer) {
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
    /// under its column; the mention is shown under the entity when they differ.
    private func writeQuoteView(_ annotated: AnnotatedDocument, _ quotes: QuoteLayer) {
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
            var note = mention == entity ? "" : mention
            if quote.speakerSource == .previousQuote { note = "(continues the previous quote)" }
            return Row(speaker: entity, mention: note, cue: quote.cue == nil ? "—" : flat(quote.cue), kind: "\(quote.kind)", text: flat(quote.range))
        }
        let speakerWidth = min(30, max(7, rows.map { $0.speaker.count }.max() ?? 7))
        let cueWidth = min(16, max(3, rows.map { $0.cue.count }.max() ?? 3))
        let kindWidth = 8
        let textWidth = 100 - speakerWidth - cueWidth - kindWidth - 8
        func pad(_ s: String, _ width: Int) -> String {
            s.count > width ? String(s.prefix(width - 1)) + "…" : s.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        func wrap(_ s: String, _ width: Int) -> [String] {
            var lines: [String] = []
            var line = ""
            for word in s.split(separator: " ") {
                if !line.isEmpty && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            if !line.isEmpty { lines.append(line) }
            return lines.isEmpty ? [""] : lines
        }
        sink.write(dim("  " + pad("speaker", speakerWidth) + "  " + pad("cue", cueWidth) + "  " + pad("kind", kindWidth) + "  quote") + "\n")
        for row in rows {
            let lines = wrap(row.text, max(20, textWidth))
            let mentionLines = row.mention.isEmpty ? [] : wrap(row.mention, speakerWidth - 2).map { "  " + $0 }
            for k in 0..<max(lines.count, 1 + mentionLines.count) {
                let speaker = k == 0 ? bold(pad(row.speaker, speakerWidth)) : (k - 1 < mentionLines.count ? dim(pad(mentionLines[k - 1], speakerWidth)) : pad("", speakerWidth))
                let cue = k == 0 ? pad(row.cue, cueWidth) : pad("", cueWidth)
                let kind = k == 0 ? dim(pad(row.kind, kindWidth)) : pad("", kindWidth)
                sink.write("  " + speaker + "  " + cue + "  " + kind + "  " + (k < lines.count ? lines[k] : "") + "\n")
            }
        }
    }

    /// The span view: the text with each kept span marked `[text]LABEL` (on a terminal the
    /// span is underlined and its label coloured), then a table of the spans.
    private func writeSpanView(_ annotated: AnnotatedDocument, _ spans: SpanLayer) {
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

    private func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    private func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}

/// Sentence-sized blocks for CoNLL-U: the sentence layer when there is one, else paragraphs
/// (tokens followed by a blank line end a block).
enum CoNLLUBlocks {
    struct Block { var tokens: Range<Int> }

    static func blocks(of annotated: AnnotatedDocument) -> [Block] {
        guard let tokens = annotated.tokens else { return [] }
        if let sentences = annotated.sentences {
            return sentences.records.map { Block(tokens: $0.tokenRange) }
        }
        var result: [Block] = []
        var start = 0
        for (i, token) in tokens.records.enumerated() where token.flags.contains(.paragraphAfter) {
            result.append(Block(tokens: start..<(i + 1)))
            start = i + 1
        }
        if start < tokens.count { result.append(Block(tokens: start..<tokens.count)) }
        return result
    }
}

enum TSV {
    static func escape(_ text: String) -> String {
        String(decoding: escape(Array(text.utf8)), as: UTF8.self)
    }

    static func escape<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            switch b {
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            default: out.append(b)
            }
        }
        return out
    }
}
