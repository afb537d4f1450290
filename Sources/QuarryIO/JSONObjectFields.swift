import Foundation
import QuarryCore

/// Splits one JSON object into its fields, each value kept as its exact JSON text, in order.
///
/// The input must already be valid JSON (the reader parses it with `JSONSerialization`
/// first); this only finds where each member starts and ends, so that output can repeat an
/// input's other fields byte for byte.
enum JSONObjectFields {
    static func split(_ data: Data) -> [Document.Field] {
        data.withUnsafeBytes { split($0.bindMemory(to: UInt8.self)) }
    }

    static func split(_ json: UnsafeBufferPointer<UInt8>) -> [Document.Field] {
        var fields: [Document.Field] = []
        var i = 0
        let n = json.count
        func skipSpace() {
            while i < n, json[i] == 0x20 || json[i] == 0x09 || json[i] == 0x0A || json[i] == 0x0D { i += 1 }
        }
        /// Moves past the string that starts at `i` (on its opening quote).
        func skipString() {
            i += 1
            while i < n && json[i] != 0x22 {
                i += json[i] == 0x5C ? 2 : 1
            }
            i += 1
        }
        /// Moves past the value that starts at `i`.
        func skipValue() {
            guard i < n else { return }
            switch json[i] {
            case 0x22:
                skipString()
            case 0x7B, 0x5B:  // { [
                var depth = 0
                while i < n {
                    switch json[i] {
                    case 0x22: skipString(); continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D: depth -= 1
                    default: break
                    }
                    i += 1
                    if depth == 0 { return }
                }
            default:  // a number, true, false or null
                while i < n, ![0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D].contains(json[i]) { i += 1 }
            }
        }
        skipSpace()
        guard i < n, json[i] == 0x7B else { return [] }
        i += 1
        while true {
            skipSpace()
            guard i < n, json[i] == 0x22 else { return fields }
            let keyStart = i
            skipString()
            let keyEnd = min(i, n)
            skipSpace()
            guard i < n, json[i] == 0x3A else { return fields }  // :
            i += 1
            skipSpace()
            let valueStart = i
            skipValue()
            let value = String(decoding: UnsafeBufferPointer(rebasing: json[valueStart..<min(i, n)]), as: UTF8.self)
            if let name = key(UnsafeBufferPointer(rebasing: json[keyStart..<keyEnd])) {
                fields.append(Document.Field(name: name, json: value))
            }
            skipSpace()
            guard i < n, json[i] == 0x2C else { return fields }  // ,
            i += 1
        }
    }

    /// A member name from its JSON text, quotes included: the bytes between the quotes when
    /// there is no escape (the usual case), else decoded by JSONDecoder.
    private static func key(_ quoted: UnsafeBufferPointer<UInt8>) -> String? {
        guard quoted.count >= 2 else { return nil }
        let inner = UnsafeBufferPointer(rebasing: quoted[1..<(quoted.count - 1)])
        if !inner.contains(0x5C) { return String(decoding: inner, as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(quoted))
    }
}
