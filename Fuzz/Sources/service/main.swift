// Fuzz target `service`: the C ABI (libQuarryC: `quarry_annotate`, `quarry_annotate_batch`),
// and through it the annotation service that `quarry serve` and the Python package share,
// with the shipped news pipelines, on arbitrary requests: what a C program, a Python caller
// or (as request bodies) a network client sends.
//
// The input's first byte chooses the call: bits 0-1: 0 `quarry_annotate` on the rest as the
// text, no options; 1 `quarry_annotate` with the rest's first line as the options and the
// remainder as the text; 2 and 3 `quarry_annotate_batch` with the rest as the request. Bit 2
// runs a batch a second time on two threads. Texts and requests are passed with their
// length, so they may hold NUL bytes; options are a C string (cut at the first NUL).
//
// Checked: the status is QUARRY_OK, 400, 404 or 413 (no time limit applies to the C ABI, so
// never 503; 500 would be a pipeline that cannot be prepared); the result is valid UTF-8 and
// its length is the one reported; an error is a JSON object whose "error" is a message; a
// success in JSON or JSON Lines parses, has one result per document sent (a batch's in its
// order), and every offset pair in it picks out the text written with it, in the unit asked
// for; an HTML result is a page; two threads give the same bytes as one.

import Foundation
import FuzzSupport
import QuarryCore
import QuarryC
import QuarryIO

nonisolated(unsafe) let service = fuzzSetup("cannot load Rules/news.quarry") { () throws -> OpaquePointer in
    guard let rules = RulesLocator.defaultDirectory() else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no Rules directory (set QUARRY_RULES)"])
    }
    var error: UnsafeMutablePointer<CChar>?
    guard let handle = quarry_load_file(rules.appendingPathComponent("news.quarry").path, &error) else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: error.map { String(cString: $0) } ?? "no message"])
    }
    return handle
}

/// One call's status and result (freed here).
struct Answer: Equatable {
    var status: Int32
    var bytes: [UInt8]
}

func answer(_ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>) -> Int32) -> Answer {
    var result: UnsafeMutablePointer<CChar>?
    var length = -1
    let status = call(&result, &length)
    guard let result else { fuzzFailure("status \(status) without a result") }
    defer { quarry_free(result) }
    fuzzCheck(length == strlen(result), "reported length \(length), the string has \(strlen(result)) bytes")
    return Answer(status: status, bytes: Array(UnsafeRawBufferPointer(start: result, count: length)))
}

/// `bytes` as a C caller passes them: a pointer (never NULL, also for no bytes) and a length.
func withBytes<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
    (Array(bytes) + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!, bytes.count) }
    }
}

/// What the call asked for, read independently of Quarry from the request (a batch) or the
/// options and text: the documents' texts, whether a list comes back, and the offset unit;
/// nil when the request is not JSON Quarry could accept.
func requested(batch: [UInt8]?, options: [String: Any], text: String?) -> (texts: [String], unit: OffsetUnit?)? {
    if let text {
        return ([text], OffsetUnit(rawValue: (options["offsets"] as? String) ?? "codepoints"))
    }
    guard let batch, let object = try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(batch)), options: [.fragmentsAllowed]) as? [String: Any] else { return nil }
    let unit = OffsetUnit(rawValue: (object["offsets"] as? String) ?? "codepoints")
    if let text = object["text"] as? String, object["documents"] == nil { return ([text], unit) }
    if let list = object["documents"] as? [Any], object["text"] == nil {
        let texts = list.compactMap { ($0 as? [String: Any])?["text"] as? String }
        return texts.count == list.count ? (texts, unit) : nil
    }
    return nil
}

runFuzzer { raw in
    let bytes = Array(raw.bindMemory(to: UInt8.self))
    guard let mode = bytes.first else { return -1 }
    var rest = bytes[1...]
    let reply: Answer
    var optionsObject: [String: Any] = [:]
    var text: String?
    var batch: [UInt8]?
    switch mode & 3 {
    case 0, 1:
        var options: [UInt8]? = nil
        if mode & 3 == 1 {
            let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            options = Array(rest[..<end].prefix { $0 != 0 }) + [0]
            rest = rest[min(end + 1, rest.endIndex)...]
            if let parsed = try? JSONSerialization.jsonObject(with: Data(options!.dropLast())) as? [String: Any] { optionsObject = parsed }
        }
        if Array(rest).withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset(in: $0) }) == nil { text = String(decoding: rest, as: UTF8.self) }
        reply = withBytes(rest) { pointer, count in
            answer { result, length in
                if let options {
                    return options.withUnsafeBufferPointer { o in
                        o.withMemoryRebound(to: CChar.self) { quarry_annotate(service, pointer, count, $0.baseAddress, result, length) }
                    }
                }
                return quarry_annotate(service, pointer, count, nil, result, length)
            }
        }
    default:
        batch = Array(rest)
        reply = withBytes(rest) { pointer, count in
            answer { quarry_annotate_batch(service, pointer, count, 1, $0, $1) }
        }
        if mode & 4 != 0 {
            let parallel = withBytes(rest) { pointer, count in
                answer { quarry_annotate_batch(service, pointer, count, 2, $0, $1) }
            }
            fuzzCheck(parallel == reply, "two threads answered \(parallel.status), one thread \(reply.status):\n\(String(decoding: parallel.bytes, as: UTF8.self))\n---\n\(String(decoding: reply.bytes, as: UTF8.self))")
        }
    }
    let shown = String(decoding: reply.bytes, as: UTF8.self)
    fuzzCheck([0, 400, 404, 413].contains(reply.status), "status \(reply.status): \(shown)")
    fuzzCheck(reply.bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) } == nil, "the result is not UTF-8")

    guard reply.status == 0 else {
        let object = try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(reply.bytes))) as? [String: Any]
        let message = object?["error"] as? String
        fuzzCheck(message.map { !$0.isEmpty } ?? false, "status \(reply.status) without a JSON error message: \(shown)")
        return 0
    }
    let format = batch.flatMap { try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data($0)), options: [.fragmentsAllowed]) as? [String: Any] }?["format"] as? String
        ?? optionsObject["format"] as? String ?? "json"
    if format == "html" {
        fuzzCheck(shown.lowercased().hasPrefix("<!doctype html"), "an HTML result that is not a page: \(shown.prefix(200))")
        return 0
    }
    // JSON: one object, or a list for a batch; JSON Lines: one object a line.
    let results: [Any]
    if format == "jsonl" {
        results = shown.split(separator: "\n").map { line in
            guard let object = try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(line.utf8))) else { fuzzFailure("a JSON Lines line is not JSON: \(line)") }
            return object
        }
    } else {
        guard let value = try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(reply.bytes))) else { fuzzFailure("the result is not JSON: \(shown)") }
        results = (value as? [Any]) ?? [value]
    }
    fuzzCheck(results.allSatisfy { $0 is [String: Any] }, "a result that is not an object: \(shown)")
    guard let request = requested(batch: batch, options: optionsObject, text: text) else { return 0 }
    fuzzCheck(results.count == request.texts.count, "\(request.texts.count) documents sent, \(results.count) results: \(shown)")
    if let unit = request.unit {
        for (result, text) in zip(results, request.texts) {
            checkOffsets(result, unit: unit, in: OffsetText(text), output: shown)
        }
    }
    return 0
}
