import Foundation
import QuarryCore

/// Turns command-line inputs into documents: a .jsonl file gives one document per line
/// ("text", optional "id"); any other file is one document; "-" reads standard input (as JSON
/// Lines with `--input-format jsonl`, else as one text document).
struct InputReader {
    enum Format: String, CaseIterable {
        case auto, text, jsonl
    }

    var format: Format = .auto
    var repairUTF8 = false

    /// One problem with one input; the others are still read.
    struct Problem: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads every input in order, calling `body` with each document or problem.
    func read(_ paths: [String], _ body: (Result<Document, Problem>) -> Void) {
        for path in paths {
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    body(.failure(Problem(message: "\(path): no such file")))
                    continue
                }
                if isDirectory.boolValue {
                    body(.failure(Problem(message: "\(path): is a directory (pass the files inside it, e.g. \(path)/*.txt)")))
                    continue
                }
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
                } catch {
                    body(.failure(Problem(message: "\(path): cannot read: \(error.localizedDescription)")))
                    continue
                }
            }
            let name = path == "-" ? "stdin" : path
            let isJSONL = format == .jsonl || (format == .auto && path.lowercased().hasSuffix(".jsonl"))
            if isJSONL {
                readJSONLines(data, name: name, body)
            } else {
                body(makeDocument(id: name, data: data, origin: name))
            }
        }
    }

    /// Checks raw bytes and makes a document: empty input warns, binary input and invalid
    /// UTF-8 are errors that say where and what to do.
    func makeDocument(id: String, data: Data, origin: String, byteBase: Int = 0) -> Result<Document, Problem> {
        if data.isEmpty {
            Console.warning("\(origin): empty input (no text to process)")
        }
        if data.count >= 2 && ((data[data.startIndex] == 0xFF && data[data.startIndex + 1] == 0xFE)
                               || (data[data.startIndex] == 0xFE && data[data.startIndex + 1] == 0xFF)) {
            return .failure(Problem(message: "\(origin): looks like UTF-16 (byte-order mark); Quarry reads UTF-8: convert it with `iconv -f UTF-16 -t UTF-8`"))
        }
        if let nul = data.firstIndex(of: 0) {
            return .failure(Problem(message: "\(origin): looks like a binary file (NUL byte at offset \(nul - data.startIndex + byteBase)); Quarry reads UTF-8 text"))
        }
        do {
            // Repairs become a warning diagnostic on the annotated document.
            return .success(try Document(id: id, bytes: data, invalidUTF8: repairUTF8 ? .repair : .reject))
        } catch {
            switch error {
            case let .invalidUTF8(_, offset):
                return .failure(Problem(message: "\(origin): invalid UTF-8 at byte offset \(offset + byteBase) (pass --repair-utf8 to replace bad bytes with U+FFFD)"))
            }
        }
    }

    private func readJSONLines(_ data: Data, name: String, _ body: (Result<Document, Problem>) -> Void) {
        var lineNumber = 0
        var lineStart = data.startIndex
        var sawContent = false
        while lineStart < data.endIndex {
            lineNumber += 1
            let lineEnd = data[lineStart...].firstIndex(of: 0x0A) ?? data.endIndex
            let line = data[lineStart..<lineEnd]
            defer { lineStart = lineEnd < data.endIndex ? lineEnd + 1 : data.endIndex }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            sawContent = true
            let origin = "\(name):\(lineNumber)"
            var json = Data(line)
            if let bad = line.withUnsafeBytes({ UTF8Validation.firstInvalidOffset(in: $0.bindMemory(to: UInt8.self)) }) {
                guard repairUTF8 else {
                    body(.failure(Problem(message: "\(origin): invalid UTF-8 at byte offset \(bad) of the line (byte \(lineStart - data.startIndex + bad) of the file); pass --repair-utf8 to replace bad bytes with U+FFFD")))
                    continue
                }
                let (fixed, repairs) = line.withUnsafeBytes { UTF8Validation.repair($0.bindMemory(to: UInt8.self)) }
                Console.warning("\(origin): replaced \(repairs.count) ill-formed UTF-8 sequence(s) with U+FFFD, the first at byte offset \(bad) of the line")
                json = Data(fixed)
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
            } catch {
                body(.failure(Problem(message: "\(origin): not a JSON object: \(Self.describe(error))")))
                continue
            }
            guard let record = object as? [String: Any] else {
                body(.failure(Problem(message: "\(origin): expected a JSON object with a \"text\" field")))
                continue
            }
            guard let text = record["text"] as? String else {
                body(.failure(Problem(message: "\(origin): missing the \"text\" field (a string)")))
                continue
            }
            let id: String
            switch record["id"] {
            case let value as String: id = value
            case let value as NSNumber: id = value.stringValue
            default: id = origin
            }
            if text.isEmpty { Console.warning("\(origin): empty \"text\"") }
            if text.utf8.contains(0) {
                Console.warning("\(origin): the text contains NUL characters")
            }
            body(.success(Document(id: id, text: text)))
        }
        if !sawContent { Console.warning("\(name): empty input (no JSON lines)") }
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
