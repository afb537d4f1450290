// Fuzz target `documents`: the document loader on arbitrary bytes.
//
// The input is a file's bytes. Checked:
// - UTF-8 validation against Swift's own decoder: the same first bad byte, and a repair that
//   gives exactly the text `String(decoding:as:)` gives (one U+FFFD per maximal ill-formed
//   subpart, as Unicode recommends and UTF8Validation promises), at the offsets Swift's
//   parser reports;
// - the bytes read as a text file and as a JSON Lines file, rejecting and repairing bad UTF-8:
//   every outcome is a document or an InputProblem (a message), and a text document's text is
//   the input itself (rejecting) or its repair;
// - JSON Lines read from memory (a file) and streamed (standard input) in reads of 1 to 64
//   bytes, so that lines cross reads: the same documents and problems, in the same order;
// - every document written as JSON Lines with its input fields (`keepInputFields`, which
//   splits each record's other members out of the JSON text): one valid JSON object with the
//   document's id and each input field's value.

import Foundation
import FuzzSupport
import QuarryCore
@_spi(Fuzzing) import QuarryIO

/// The first invalid byte and the repaired text, by Swift's UTF-8 parser.
func swiftUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> (firstInvalid: Int?, repairs: [Int]) {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    var repairs: [Int] = []
    while true {
        switch parser.parseScalar(from: &iterator) {
        case let .valid(encoded): offset += encoded.count
        case let .error(length): repairs.append(offset); offset += length
        case .emptyInput: return (repairs.first, repairs)
        }
    }
}

func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>) {
    let (firstInvalid, swiftRepairs) = swiftUTF8(bytes)
    let ours = UTF8Validation.firstInvalidOffset(in: bytes)
    fuzzCheck(ours == firstInvalid, "UTF8Validation.firstInvalidOffset = \(ours.map(String.init) ?? "nil"), Swift's parser: \(firstInvalid.map(String.init) ?? "nil")")
    let repaired = UTF8Validation.repair(bytes)
    let expected = Array(String(decoding: bytes, as: UTF8.self).utf8)
    fuzzCheck(repaired.bytes == expected, "UTF8Validation.repair gives \(repaired.bytes.count) bytes, String(decoding:) \(expected.count); repairs at \(repaired.repairedOffsets.prefix(8)), Swift's at \(swiftRepairs.prefix(8))")
    fuzzCheck(repaired.repairedOffsets == swiftRepairs, "UTF8Validation.repair replaced at \(repaired.repairedOffsets.prefix(8)), Swift's parser at \(swiftRepairs.prefix(8))")
}

func describe(_ results: [Result<Document, InputProblem>]) -> [String] {
    results.map { result in
        switch result {
        case let .success(document):
            let fields = document.metadata.map { "\($0.name)=\($0.json)" }.joined(separator: ",")
            return "document id=\(document.id.debugDescription) text=\(document.text.debugDescription) repairs=\(document.repairs) fields=[\(fields)]"
        case let .failure(problem):
            return "\(problem.severity) \(problem.message)"
        }
    }
}

/// The keys the JSON writer owns; input fields with these names are not repeated.
let builtInKeys: Set<String> = ["id", "tokens", "sentences", "spans", "quotes", "diagnostics"]

/// Each document as one JSON Lines record with its input fields: one valid JSON object with
/// the document's id and each input field's value (the last of a repeated name).
func checkJSONRoundTrip(_ results: [Result<Document, InputProblem>]) {
    for case let .success(document) in results {
        let sink = OutputSink()
        let writer = DocumentWriter(format: .jsonl, sink: sink)
        writer.keepInputFields = true
        writer.begin()
        writer.write(AnnotatedDocument(document: document))
        writer.end()
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(sink.bytes)))
        } catch {
            fuzzFailure("the JSON Lines output of document \(document.id.debugDescription) is not JSON (\(error)):\n\(sink.string)")
        }
        guard let object = parsed as? [String: Any] else { fuzzFailure("the JSON Lines output is not an object:\n\(sink.string)") }
        fuzzCheck(object["id"] as? String == document.id, "the output's id is not the document's:\n\(sink.string)")
        var last: [String: String] = [:]
        for field in document.metadata where !builtInKeys.contains(field.name) { last[field.name] = field.json }
        for (name, json) in last {
            let value = try? JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(json.utf8)), options: [.fragmentsAllowed])
            fuzzCheck(value != nil, "input field \(name.debugDescription) is not one JSON value: \(json)")
            fuzzCheck((object[name] as? NSObject)?.isEqual(value) == true, "input field \(name.debugDescription) = \(json) is not repeated in the output:\n\(sink.string)")
        }
    }
}

// The stream's bytes go through a file (read(2) returns exactly what is asked for, so the
// reads are the same on every run of an input).
let streamFile = fuzzScratchFolder("documents").appendingPathComponent("stream-\(getpid()).jsonl").path
let streamFD = open(streamFile, O_RDWR | O_CREAT | O_TRUNC, 0o600)
guard streamFD >= 0 else { fatalError("cannot open \(streamFile)") }
unlink(streamFile)

runFuzzer { raw in
    let bytes = raw.bindMemory(to: UInt8.self)
    checkUTF8(bytes)
    let data = Data(bytes)
    // The size of each read of the stream: 1 to 64 bytes, from the last input byte.
    let readSize = 1 + Int(bytes.last ?? 0) % 64
    _ = ftruncate(streamFD, 0)
    if !bytes.isEmpty { fuzzCheck(pwrite(streamFD, bytes.baseAddress, bytes.count, 0) == bytes.count, "cannot write the stream file") }
    for policy in [Document.InvalidUTF8Policy.reject, .repair] {
        let reader = DocumentReader(invalidUTF8: policy)

        let text = reader._documents(fromMemory: data, name: "input.txt", jsonl: false)
        for case let .success(document) in text {
            let expected = policy == .reject ? Array(bytes) : UTF8Validation.repair(bytes).bytes
            fuzzCheck(Array(document.text.utf8) == expected, "the text document's text is not the input (\(policy))")
        }
        checkJSONRoundTrip(text)

        let lines = reader._documents(fromMemory: data, name: "input.jsonl", jsonl: true)
        _ = lseek(streamFD, 0, SEEK_SET)
        let streamed = reader._jsonLines(streamingFrom: streamFD, name: "input.jsonl", readSize: readSize)
        let (fromMemory, fromStream) = (describe(lines), describe(streamed))
        if fromMemory != fromStream {
            let k = (0..<min(fromMemory.count, fromStream.count)).first { fromMemory[$0] != fromStream[$0] } ?? min(fromMemory.count, fromStream.count)
            fuzzFailure("JSON Lines from memory and streamed in reads of \(readSize) bytes differ at result \(k):\n  memory: \(k < fromMemory.count ? fromMemory[k] : "(none)")\n  stream: \(k < fromStream.count ? fromStream[k] : "(none)")")
        }
        checkJSONRoundTrip(lines)
    }
    return 0
}
