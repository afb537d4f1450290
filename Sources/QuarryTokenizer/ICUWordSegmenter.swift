import CICU
import QuarryCore

/// ICU's word break iterator alone, with no exception layer: the baseline Quarry's tokenizer is
/// measured against (`quarry tokenize --icu-only`, `quarry evaluate tokens --icu-only`, the
/// benchmarks).
///
/// Every segment between two ICU boundaries that is not whitespace becomes a token; its kind
/// comes from ICU's rule status (letters, numbers) or, for the rest, from the first scalar.
public struct ICUWordSegmenter: Sendable {
    /// The ICU locale identifier of the word break rules (`en`, `th`).
    public let locale: String

    /// Makes a segmenter for the ICU locale `locale`; nothing is opened until the first document.
    public init(locale: String = "en") {
        self.locale = locale
    }

    /// Segments a document. `scratch` reuses an ICU iterator on one thread.
    public func segment(_ document: Document, scratch: TokenizerScratch? = nil) -> TokenLayer {
        let scratch = scratch ?? TokenizerScratch(locale: locale)
        return document.withUTF8 { bytes in
            var records = ContiguousArray<TokenRecord>()
            guard let base = bytes.baseAddress, bytes.count > 0,
                  let breaker = scratch.wordBreaker(),
                  quarry_breaker_set_text(breaker, base, Int64(bytes.count)) == 0 else {
                return TokenLayer(records: records)
            }
            records.reserveCapacity(bytes.count / 5)
            var previous = 0
            while true {
                let boundary = quarry_breaker_next(breaker)
                if boundary < 0 { break }
                let end = Int(boundary)
                let status = quarry_breaker_rule_status(breaker)
                if status >= QUARRY_WORD_NUMBER {
                    records.append(TokenRecord(start: previous, end: end, kind: status >= QUARRY_WORD_LETTER ? .word : .number))
                } else if !Self.isSpace(base, previous, end) {
                    records.append(TokenRecord(start: previous, end: end, kind: Self.isSymbol(base, previous, end) ? .symbol : .punct))
                } else if !records.isEmpty {
                    records[records.count - 1].flags.insert(.spaceAfter)
                }
                previous = end
            }
            return TokenLayer(records: records)
        }
    }

    /// Whether a segment starts with a symbol (currency, maths, emoji) rather than punctuation.
    static func isSymbol(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        guard let first = text.unicodeScalars.first else { return false }
        switch first.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    /// Whether a segment is whitespace (ICU puts a run of spaces in one segment).
    static func isSpace(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let b = base[start]
        if ASCII.isSpace(b) { return true }
        guard b >= 0x80 else { return false }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}
