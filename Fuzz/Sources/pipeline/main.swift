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

/// Runs the pipeline, checks the layers, and writes the result with offsets in `unit`.
func run(_ document: Document, unit: OffsetUnit) {
    let annotated = pipeline.run(document, in: context)
    LayerChecks.check(annotated)
    let text = OffsetText(document.text)
    do {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .jsonl, offsets: unit, sink: sink)
        writer.begin()
        writer.write(annotated)
        writer.end()
        guard let parsed = try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(sink.bytes))) else {
            fuzzFailure("the JSON output is not JSON:\n\(sink.string)")
        }
        checkOffsets(parsed, unit: unit, in: text, output: sink.string)
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
