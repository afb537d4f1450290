// Fuzz target `pipeline`: the news pipeline (Rules/news.quarry: tokens, sentences, the value
// and entity packs, aliases, quotes), loaded once, on arbitrary bytes as one document.
//
// Bytes that are not UTF-8 must be refused with DocumentError.invalidUTF8 naming the first
// bad byte (the offset UTF8Validation reports); the pipeline then runs on the repaired text,
// as `--repair-utf8` would. Every layer of the result must keep its invariants (tokens sorted,
// disjoint, non-empty and inside the text; sentences likewise and trimmed, their tokens inside
// them; spans and quotes inside the text; no range splits a character), and the result is
// written as JSON with offsets in code points (the CLI's default) or UTF-16 units (by the
// input's first byte): it must parse, and the offsets of every token, sentence, span, quote,
// cue and speaker must pick out the text written with them.

import Foundation
import FuzzSupport
import Quarry
import QuarryIO

let pipeline = fuzzSetup("cannot load Rules/news.quarry") { try RuleBook.shipped("news.quarry").pipeline(named: "news") }
/// One context for every input, as one thread of `quarry run` keeps one.
nonisolated(unsafe) let context = fuzzSetup("cannot make the pipeline's context") { try pipeline.makeContext() }

/// Every `{"start", "end", "text"}` object in `value` (a parsed JSON output), at any depth:
/// the text between the offsets, counted in `unit`, must be the object's text.
func checkOffsets(_ value: Any, unit: OffsetUnit, scalars: [Unicode.Scalar], utf16: [UInt16], output: @autoclosure () -> String) {
    if let list = value as? [Any] {
        for item in list { checkOffsets(item, unit: unit, scalars: scalars, utf16: utf16, output: output()) }
        return
    }
    guard let object = value as? [String: Any] else { return }
    if let start = object["start"] as? Int, let end = object["end"] as? Int, let text = object["text"] as? String {
        let count = unit == .codepoints ? scalars.count : utf16.count
        fuzzCheck(0 <= start && start <= end && end <= count, "\(unit) offsets \(start)..<\(end) outside the text (\(count)):\n\(output())")
        let shown = unit == .codepoints
            ? String(String.UnicodeScalarView(scalars[start..<end]))
            : String(decoding: utf16[start..<end], as: UTF16.self)
        fuzzCheck(shown == text, "\(unit) offsets \(start)..<\(end) give \(shown.debugDescription), the output says \(text.debugDescription)")
    }
    for (key, item) in object where key != "attrs" {
        checkOffsets(item, unit: unit, scalars: scalars, utf16: utf16, output: output())
    }
}

/// Runs the pipeline, checks the layers, and writes the result with offsets in `unit`.
func run(_ document: Document, unit: OffsetUnit) {
    let annotated = pipeline.run(document, in: context)
    LayerChecks.check(annotated)
    let scalars = Array(document.text.unicodeScalars), utf16 = Array(document.text.utf16)
    do {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .jsonl, offsets: unit, sink: sink)
        writer.begin()
        writer.write(annotated)
        writer.end()
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(sink.bytes)) else {
            fuzzFailure("the JSON output is not JSON:\n\(sink.string)")
        }
        checkOffsets(parsed, unit: unit, scalars: scalars, utf16: utf16, output: sink.string)
    }
}

runFuzzer { raw in
    let bytes = raw.bindMemory(to: UInt8.self)
    // One output per input (writing and parsing it costs about as much as the run): code
    // points or UTF-16 units, by the first byte.
    let unit: OffsetUnit = (bytes.first ?? 0) & 1 == 0 ? .codepoints : .utf16
    do throws(DocumentError) {
        run(try Document(id: "fuzz", bytes: bytes), unit: unit)
    } catch {
        guard case let .invalidUTF8(_, offset) = error else { fuzzFailure("unexpected error \(error)") }
        let expected = UTF8Validation.firstInvalidOffset(in: bytes)
        fuzzCheck(offset == expected, "invalidUTF8 at \(offset), but the first bad byte is at \(expected.map(String.init) ?? "none")")
        guard let repaired = try? Document(id: "fuzz", bytes: bytes, invalidUTF8: .repair) else {
            fuzzFailure("the repair policy threw")
        }
        run(repaired, unit: unit)
    }
    return 0
}
