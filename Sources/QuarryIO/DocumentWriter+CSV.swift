import QuarryCore

extension DocumentWriter {
    // MARK: - CSV

    /// The header row of the CSV table for ``primary`` (quotes, spans, sentences or tokens).
    var csvHeader: [String] {
        switch primary {
        case .quotes: ["id", "index", "kind", "start", "end", "speaker", "entity", "cue", "via", "text"]
        case .spans: ["id", "index", "label", "start", "end", "rule", "text", "attrs"]
        case .sentences: ["id", "index", "start", "end", "tokens", "text"]
        default: ["id", "index", "start", "end", "kind", "text"]
        }
    }

    /// One row per quote, span, sentence or token of the document (``primary``), RFC 4180:
    /// fields with a comma, a double quote or a line break are quoted, quotes doubled, rows
    /// end in CRLF. Offsets in ``offsets`` units.
    func writeCSV(_ annotated: AnnotatedDocument) {
        let document = annotated.document
        let index = OffsetIndex(document: document, unit: offsets)
        func text(_ range: Range<Int>?) -> String { range.map { String(document.text(utf8: $0)) } ?? "" }
        func offset(_ value: UInt32) -> String { String(index.convert(Int(value))) }
        switch primary {
        case .quotes:
            guard let quotes = annotated.quotes else { return }
            for (i, quote) in quotes.records.enumerated() {
                row([document.id, String(i), quote.kind.description, offset(quote.start), offset(quote.end),
                     text(quote.speaker), quotes.entity(of: quote) ?? "", text(quote.cue), quote.speakerSource.description,
                     text(quote.range)])
            }
        case .spans:
            guard let spans = annotated.spans else { return }
            for (i, span) in spans.records.enumerated() {
                let attributes = spans.attributes(of: span, in: document).map { "\($0.name)=\($0.value)" }.joined(separator: ";")
                row([document.id, String(i), spans.labels[Int(span.label)], offset(span.start), offset(span.end),
                     spans.rules[Int(span.rule)], text(span.range), attributes])
            }
        case .sentences:
            guard let sentences = annotated.sentences else { return }
            for (i, sentence) in sentences.records.enumerated() {
                row([document.id, String(i), offset(sentence.start), offset(sentence.end),
                     String(sentence.endToken - sentence.firstToken), text(sentence.range)])
            }
        default:
            guard let tokens = annotated.tokens else { return }
            for (i, token) in tokens.records.enumerated() {
                row([document.id, String(i), offset(token.start), offset(token.end), token.kind.description, text(token.range)])
            }
        }
    }

    func row(_ fields: [String]) {
        for (k, field) in fields.enumerated() {
            if k > 0 { sink.write(byte: 0x2C) }
            sink.write(CSV.field(field))
        }
        sink.write("\r\n")
    }
}

/// RFC 4180 fields.
enum CSV {
    /// `text` as a CSV field: as it is, or in double quotes (inner quotes doubled) when it
    /// holds a comma, a double quote, a carriage return or a line feed, or begins or ends
    /// with white space (which some readers would trim).
    static func field(_ text: String) -> String {
        let needsQuotes = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || text.first.map { $0 == " " || $0 == "\t" } == true || text.last.map { $0 == " " || $0 == "\t" } == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
