import CICU
import QuarryCore

/// ICU's sentence break iterator alone (UAX #29, `en@ss=standard` by default), with no rule
/// layer: the baseline Quarry's splitter is measured against. Spans are trimmed like
/// Quarry's; whitespace-only segments are dropped.
public struct ICUSentenceSegmenter: Sendable {
    /// The ICU locale identifier of the sentence break rules (`en@ss=standard`: with ICU's
    /// standard suppressions, so "Mr." does not end a sentence).
    public let locale: String

    /// Makes a segmenter for the ICU locale `locale`; nothing is opened until a scratch is made.
    public init(locale: String = "en@ss=standard") {
        self.locale = locale
    }

    /// Per-thread state: an ICU sentence iterator.
    public final class Scratch {
        let breaker: OpaquePointer?
        /// Opens an ICU sentence iterator for `locale`; when it does not open, ``split(_:scratch:)``
        /// returns no sentences.
        public init(locale: String) {
            var error = [CChar](repeating: 0, count: 64)
            breaker = quarry_breaker_open(QUARRY_BREAK_SENTENCE, locale, &error, error.count)
        }
        deinit { if let breaker { quarry_breaker_close(breaker) } }
    }

    /// An ICU iterator for this segmenter's locale, to reuse on one thread.
    public func makeScratch() -> Scratch { Scratch(locale: locale) }

    /// The sentences of a document as trimmed UTF-8 byte ranges.
    public func split(_ document: Document, scratch: Scratch? = nil) -> [Range<Int>] {
        let scratch = scratch ?? makeScratch()
        return document.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty, let breaker = scratch.breaker,
                  quarry_breaker_set_text(breaker, base, Int64(bytes.count)) == 0 else { return [] }
            var result: [Range<Int>] = []
            var previous = 0
            while true {
                let boundary = quarry_breaker_next(breaker)
                if boundary < 0 { break }
                var a = previous, z = Int(boundary)
                previous = z
                while a < z && ASCII.isSpace(base[a]) { a += 1 }
                while z > a && ASCII.isSpace(base[z - 1]) { z -= 1 }
                if z > a { result.append(a..<z) }
            }
            return result
        }
    }

}
