// Fuzz target `quotes`: the quote stage on arbitrary text (bytes that are not UTF-8 are
// repaired first, as every document's text is valid UTF-8).
//
// 1. The quotation-mark pairer (QuoteMarkScanner, through `@_spi(Fuzzing)`): every quotation
//    lies inside the text on character boundaries, starts at a quotation mark, ends just after
//    one unless it runs to its paragraph's end (`continues`); quotations are sorted by start
//    (the longer first), nested or disjoint, never partly overlapping, and each one's depth is
//    the number of quotations around it.
// 2. Quote attribution over the English tokenizer's tokens and the sentence splitter's
//    sentences (QuoteAttributor.english()): the three layers keep their invariants.

import Foundation
import FuzzSupport
import Quarry
@_spi(Fuzzing) import QuarryQuotes

let (tokenizer, splitter, attributor) = fuzzSetup("cannot load the English lists") {
    (try Tokenizer.english(), try SentenceSplitter.english(), try QuoteAttributor.english())
}
nonisolated(unsafe) let scratch = fuzzSetup("tokenizer scratch") { tokenizer.makeScratch() }

/// The length of the quotation mark that ends at `end`, or nil.
func markEnding(at end: Int, _ text: UnsafeBufferPointer<UInt8>) -> Int? {
    for length in 1...3 where end - length >= 0 {
        if let mark = QuotationMark(at: end - length, in: text.baseAddress!, count: end), mark.length == length { return length }
    }
    return nil
}

func checkQuotations(_ text: UnsafeBufferPointer<UInt8>) {
    let quotations = QuoteAttributor._quotations(in: text)
    var open: [_Quotation] = []
    for (k, q) in quotations.enumerated() {
        let what = "quotation \(k) (\(q.start)..<\(q.end), depth \(q.depth)\(q.continues ? ", continues" : ""))"
        fuzzCheck(q.start < q.end && q.end <= text.count, "\(what): not a range inside the \(text.count)-byte text")
        fuzzCheck(LayerChecks.isBoundary(q.start, text) && LayerChecks.isBoundary(q.end, text), "\(what) splits a character")
        fuzzCheck(QuotationMark(at: q.start, in: text.baseAddress!, count: text.count) != nil, "\(what) does not start at a quotation mark")
        if !q.continues { fuzzCheck(markEnding(at: q.end, text) != nil, "\(what) does not end with a quotation mark") }
        if k > 0 {
            let p = quotations[k - 1]
            fuzzCheck((p.start, -p.end) <= (q.start, -q.end), "\(what) is out of order after \(p.start)..<\(p.end)")
        }
        while let last = open.last, last.end <= q.start { open.removeLast() }
        if let last = open.last {
            fuzzCheck(q.end <= last.end, "\(what) partly overlaps \(last.start)..<\(last.end)")
        }
        fuzzCheck(q.depth == open.count, "\(what): depth \(q.depth), but \(open.count) quotation(s) around it")
        open.append(q)
    }
}

runFuzzer { raw in
    let bytes = raw.bindMemory(to: UInt8.self)
    guard let document = try? Document(id: "fuzz", bytes: bytes, invalidUTF8: .repair) else { fuzzFailure("the repair policy threw") }
    document.withUTF8 { checkQuotations($0) }
    var annotated = AnnotatedDocument(document: document)
    let tokens = tokenizer.tokenize(document, scratch: scratch)
    let sentences = splitter.sentences(document, tokens: tokens)
    annotated.tokens = tokens
    annotated.sentences = sentences
    annotated.quotes = attributor.attribute(document, tokens: tokens, sentences: sentences)
    LayerChecks.check(annotated)
    return 0
}
