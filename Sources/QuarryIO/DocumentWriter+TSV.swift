import QuarryCore

extension DocumentWriter {
    // MARK: - TSV

    func writeTSV(_ annotated: AnnotatedDocument) {
        if primary == .quotes, let quotes = annotated.quotes {
            let document = annotated.document
            let index = OffsetIndex(document: document, unit: offsets)
            let id = TSV.escape(document.id)
            func text(_ range: Range<Int>?) -> String { range.map { TSV.escape(String(document.text(utf8: $0))) } ?? "" }
            for (i, quote) in quotes.records.enumerated() {
                let entity = TSV.escape(quotes.entity(of: quote) ?? "")
                sink.write("\(id)\t\(i)\t\(quote.kind)\t\(index.convert(Int(quote.start)))\t\(index.convert(Int(quote.end)))\t\(text(quote.speaker))\t\(entity)\t\(text(quote.cue))\t\(quote.speakerSource)\t\(text(quote.range))\n")
            }
            return
        }
        if primary == .spans, let spans = annotated.spans {
            let document = annotated.document
            let index = OffsetIndex(document: document, unit: offsets)
            let id = TSV.escape(document.id)
            for (i, span) in spans.records.enumerated() {
                let attributes = spans.attributes(of: span, in: document).map { "\($0.name)=\($0.value)" }.joined(separator: ";")
                sink.write("\(id)\t\(i)\t\(spans.labels[Int(span.label)])\t\(index.convert(Int(span.start)))\t\(index.convert(Int(span.end)))\t\(TSV.escape(spans.rules[Int(span.rule)]))\t\(TSV.escape(String(document.text(utf8: span.range))))\t\(TSV.escape(attributes))\n")
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
