import QuarryCore

/// The invariants the layer types document, checked on a document's layers; any violation is a
/// ``fuzzFailure(_:)`` naming the layer and the record.
///
/// Every offset must lie inside the text and on a scalar boundary (not on a UTF-8
/// continuation byte): output converts offsets to code points, and a range that splits a
/// character cannot be shown.
public enum LayerChecks {
    /// Checks every layer `annotated` has.
    public static func check(_ annotated: AnnotatedDocument) {
        annotated.document.withUTF8 { text in
            if let tokens = annotated.tokens { check(tokens, text) }
            if let sentences = annotated.sentences { check(sentences, tokens: annotated.tokens, text) }
            if let spans = annotated.spans { check(spans, text) }
            if let tags = annotated.tags { check(tags, tokens: annotated.tokens, annotated.document) }
            if let quotes = annotated.quotes { check(quotes, text) }
        }
    }

    /// `offset` is inside `text` (the end counts) and not inside a character's bytes.
    public static func isBoundary(_ offset: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        offset >= 0 && offset <= text.count && (offset == text.count || text[offset] & 0xC0 != 0x80)
    }

    static func range(_ what: @autoclosure () -> String, _ start: Int, _ end: Int, _ text: UnsafeBufferPointer<UInt8>, empty: Bool = false) {
        fuzzCheck(empty ? start <= end : start < end, "\(what()): empty or reversed range \(start)..<\(end)")
        fuzzCheck(end <= text.count, "\(what()): \(start)..<\(end) ends past the text (\(text.count) bytes)")
        fuzzCheck(isBoundary(start, text) && isBoundary(end, text), "\(what()): \(start)..<\(end) splits a character")
    }

    /// Tokens: non-empty, sorted, disjoint, inside the text, on character boundaries.
    public static func check(_ tokens: TokenLayer, _ text: UnsafeBufferPointer<UInt8>) {
        if let problem = tokens.invariantViolation(byteCount: text.count) { fuzzFailure("tokens: \(problem)") }
        for (i, token) in tokens.records.enumerated() {
            range("token \(i)", Int(token.start), Int(token.end), text)
        }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Sentences: non-empty, sorted, disjoint, trimmed, inside the text; their token ranges
    /// valid, in order, and the tokens inside the sentence.
    public static func check(_ sentences: SentenceLayer, tokens: TokenLayer?, _ text: UnsafeBufferPointer<UInt8>) {
        var previousEnd = 0
        var previousToken = 0
        for (i, sentence) in sentences.records.enumerated() {
            let start = Int(sentence.start), end = Int(sentence.end)
            range("sentence \(i)", start, end, text)
            fuzzCheck(start >= previousEnd, "sentence \(i) (\(start)..<\(end)) overlaps or precedes its predecessor (ending at \(previousEnd))")
            fuzzCheck(!isSpace(text[start]) && !isSpace(text[end - 1]), "sentence \(i) (\(start)..<\(end)) is not trimmed")
            previousEnd = end
            guard let tokens else { continue }
            let first = Int(sentence.firstToken), last = Int(sentence.endToken)
            fuzzCheck(first <= last && last <= tokens.count, "sentence \(i): token range \(first)..<\(last) of \(tokens.count) tokens")
            fuzzCheck(first >= previousToken, "sentence \(i): token range \(first)..<\(last) starts before the previous sentence's end (\(previousToken))")
            previousToken = last
            for k in first..<last {
                let token = tokens.records[k]
                fuzzCheck(Int(token.start) >= start && Int(token.end) <= end,
                          "sentence \(i) (\(start)..<\(end)) holds token \(k) (\(token.start)..<\(token.end)), which is not inside it")
            }
        }
    }

    /// Spans: non-empty, sorted by start then end, inside the text; table indices valid;
    /// attributes inside the layer and their text ranges inside the text.
    /// One record per token, indices inside the tag set, every lemma valid text.
    public static func check(_ tags: TagLayer, tokens: TokenLayer?, _ document: Document) {
        fuzzCheck(tags.records.count == (tokens?.records.count ?? 0), "tags: \(tags.records.count) records for \(tokens?.records.count ?? 0) tokens")
        guard let tokens else { return }
        for (i, record) in tags.records.enumerated() {
            fuzzCheck(Int(record.tag) < tags.tagSet.count, "tags \(i): class \(record.tag) of \(tags.tagSet.count)")
            fuzzCheck(Int(record.lemma) < tags.tagSet.lemmaRules.count, "tags \(i): lemma rule \(record.lemma) of \(tags.tagSet.lemmaRules.count)")
            _ = tags.lemma(i, token: tokens.records[i], in: document)
        }
    }

    public static func check(_ spans: SpanLayer, _ text: UnsafeBufferPointer<UInt8>) {
        var previous: (Int, Int) = (0, 0)
        for (i, span) in spans.records.enumerated() {
            let start = Int(span.start), end = Int(span.end)
            range("span \(i)", start, end, text)
            fuzzCheck((start, end) >= previous, "span \(i) (\(start)..<\(end)) is out of order (after \(previous.0)..<\(previous.1))")
            previous = (start, end)
            fuzzCheck(Int(span.label) < spans.labels.count, "span \(i): label index \(span.label) of \(spans.labels.count)")
            fuzzCheck(Int(span.rule) < spans.rules.count, "span \(i): rule index \(span.rule) of \(spans.rules.count)")
            let first = Int(span.attributeStart), count = Int(span.attributeCount)
            fuzzCheck(first + count <= spans.attributes.count, "span \(i): attributes \(first)+\(count) of \(spans.attributes.count)")
            for attribute in spans.attributes[first..<(first + count)] {
                fuzzCheck(Int(attribute.name) < spans.attributeNames.count, "span \(i): attribute name index \(attribute.name)")
                switch attribute.value {
                case let .text(s, e): range("span \(i): attribute \(spans.attributeNames[Int(attribute.name)])", Int(s), Int(e), text, empty: true)
                case let .constant(c): fuzzCheck(Int(c) < spans.constants.count, "span \(i): constant index \(c)")
                }
            }
        }
    }

    /// Quotes: content non-empty, sorted by start, inside the text; cue, speaker and pieces
    /// inside the text (pieces inside the content); entity indices valid.
    public static func check(_ quotes: QuoteLayer, _ text: UnsafeBufferPointer<UInt8>) {
        var previousStart = 0
        for (i, quote) in quotes.records.enumerated() {
            let start = Int(quote.start), end = Int(quote.end)
            range("quote \(i)", start, end, text)
            fuzzCheck(start >= previousStart, "quote \(i) (\(start)..<\(end)) starts before its predecessor (\(previousStart))")
            previousStart = start
            if let cue = quote.cue { range("quote \(i): cue", cue.lowerBound, cue.upperBound, text) }
            if let speaker = quote.speaker { range("quote \(i): speaker", speaker.lowerBound, speaker.upperBound, text) }
            if let entity = quote.entity { fuzzCheck(entity < quotes.entities.count, "quote \(i): entity \(entity) of \(quotes.entities.count)") }
            for piece in quotes.contentPieces(of: i) {
                range("quote \(i): piece", piece.lowerBound, piece.upperBound, text)
                fuzzCheck(piece.lowerBound >= start && piece.upperBound <= end, "quote \(i) (\(start)..<\(end)): piece \(piece) outside the content")
            }
        }
        for key in quotes.pieces.keys { fuzzCheck(key >= 0 && key < quotes.count, "quote pieces for record \(key) of \(quotes.count)") }
    }
}
