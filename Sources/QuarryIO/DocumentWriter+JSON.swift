import Foundation
import QuarryCore

extension DocumentWriter {
    // MARK: - JSON

    /// One document as a JSON object (pretty) or one JSON Lines line.
    func writeJSON(_ annotated: AnnotatedDocument, pretty: Bool) {
        let document = annotated.document
        if pretty && written > 0 { sink.write(",\n") }
        let nl = pretty ? "\n" : ""
        let indent = pretty ? "  " : ""
        sink.write("{\(nl)\(indent)\"id\": ")
        sink.writeJSONString(document.id.utf8)
        if keepInputFields {
            for field in document.metadata where !Self.builtInKeys.contains(field.name) {
                sink.write(",\(nl)\(indent)")
                sink.writeJSONString(field.name.utf8)
                sink.write(": ")
                sink.write(field.json)
            }
        }
        if let tokens = annotated.tokens, includes(.tokens), tokenColumns {
            writeTokenColumns(tokens, tags: annotated.tags.flatMap { $0.records.count == tokens.records.count ? $0 : nil },
                              of: document, separator: ",\(nl)\(indent)")
        } else if let tokens = annotated.tokens, includes(.tokens) {
            let tags = annotated.tags.flatMap { $0.records.count == tokens.records.count ? $0 : nil }
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
                    sink.write("\"")
                    if let tags {
                        sink.write(", \"pos\": \"")
                        sink.write(tags.universal(i).description)
                        sink.write("\", \"tag\": ")
                        sink.writeJSONString(tags.specific(i).utf8)
                        sink.write(", \"lemma\": ")
                        sink.writeJSONString(tags.lemma(i, token: token, in: document).utf8)
                    }
                    sink.write("}")
                }
            }
            sink.write(pretty && !tokens.isEmpty ? "\n  ]" : "]")
        }
        if let sentences = annotated.sentences, includes(.sentences) {
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
                    if annotated.tokens != nil && includes(.tokens) {
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
        if let spans = annotated.spans, includes(.spans) {
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
        if let quotes = annotated.quotes, includes(.quotes) {
            sink.write(",\(nl)\(indent)\"quotes\": [")
            let index = OffsetIndex(document: document, unit: offsets)
            document.withUTF8 { bytes in
                /// `{"start": …, "end": …, "text": …}` for a byte range.
                func object(_ range: Range<Int>) {
                    sink.write("{\"start\": ")
                    sink.write(int: index.convert(range.lowerBound))
                    sink.write(", \"end\": ")
                    sink.write(int: index.convert(range.upperBound))
                    sink.write(", \"text\": ")
                    sink.writeJSONString(UnsafeBufferPointer(rebasing: bytes[range]))
                    sink.write("}")
                }
                func part(_ name: String, _ range: Range<Int>?) {
                    sink.write(", \"\(name)\": ")
                    if let range { object(range) } else { sink.write("null") }
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
                    sink.write(", \"via\": \"\(quote.speakerSource)\"")
                    // A quote that goes on from an earlier one: the index of its run's first quote.
                    if let run = quotes.runs[i] {
                        sink.write(", \"run\": ")
                        sink.write(int: run)
                    }
                    // A content interrupted by its cue: its pieces, without the cue's clause.
                    if let pieces = quotes.pieces[i] {
                        sink.write(", \"parts\": [")
                        for (k, piece) in pieces.enumerated() {
                            if k > 0 { sink.write(", ") }
                            object(piece)
                        }
                        sink.write("]")
                    }
                    sink.write("}")
                }
            }
            sink.write(pretty && quotes.count > 0 ? "\n  ]" : "]")
        }
        if !annotated.custom.isEmpty { writeCustomLayers(annotated, separator: ",\(nl)\(indent)") }
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

    /// The keys a document object already has; a custom layer may not take one.
    /// The tokens as columns (see ``tokenColumns``).
    private func writeTokenColumns(_ tokens: TokenLayer, tags: TagLayer?, of document: Document, separator: String) {
        sink.write(separator)
        sink.write("\"tokens\": {\"start\": [")
        var cursor = OffsetCursor(document: document, unit: offsets)
        var ends: [Int] = []
        ends.reserveCapacity(tokens.records.count)
        for (i, token) in tokens.records.enumerated() {
            if i > 0 { sink.write(byte: 0x2C) }
            sink.write(int: cursor.convert(Int(token.start)))
            ends.append(cursor.convert(Int(token.end)))
        }
        sink.write("], \"end\": [")
        for (i, end) in ends.enumerated() {
            if i > 0 { sink.write(byte: 0x2C) }
            sink.write(int: end)
        }
        sink.write("], \"kind\": [")
        for (i, token) in tokens.records.enumerated() {
            if i > 0 { sink.write(byte: 0x2C) }
            sink.write(int: Int(token.kind.rawValue))
        }
        sink.write("], \"kinds\": [")
        for (i, kind) in TokenKind.allCases.enumerated() {
            if i > 0 { sink.write(byte: 0x2C) }
            sink.write("\"\(kind.description)\"")
        }
        if let tags {
            sink.write("], \"pos\": [")
            for i in 0..<tags.records.count {
                if i > 0 { sink.write(byte: 0x2C) }
                sink.write("\"\(tags.universal(i).description)\"")
            }
            sink.write("], \"tag\": [")
            for i in 0..<tags.records.count {
                if i > 0 { sink.write(byte: 0x2C) }
                sink.writeJSONString(tags.specific(i).utf8)
            }
            sink.write("], \"lemma\": [")
            for (i, token) in tokens.records.enumerated() {
                if i > 0 { sink.write(byte: 0x2C) }
                sink.writeJSONString(tags.lemma(i, token: token, in: document).utf8)
            }
        }
        sink.write("]}")
    }

    static let builtInKeys: Set<String> = ["id", "tokens", "sentences", "spans", "quotes", "diagnostics"]

    /// Custom layers whose values are `Encodable`, each under its name, keys sorted.
    private func writeCustomLayers(_ annotated: AnnotatedDocument, separator: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for name in annotated.custom.keys.sorted(by: { $0.rawValue < $1.rawValue }) where includes(name) {
            guard !Self.builtInKeys.contains(name.rawValue) else {
                warnOnce(name, "custom layer '\(name)' has the name of a built-in key; it is not written")
                continue
            }
            guard let value = annotated.custom[name] as? any Encodable, let data = try? encoder.encode(value) else {
                warnOnce(name, "custom layer '\(name)' is not Encodable; it is not written (make its value Encodable to see it in JSON)")
                continue
            }
            sink.write(separator)
            sink.writeJSONString(name.rawValue.utf8)
            sink.write(": ")
            sink.write(bytes: data)
        }
    }
}
