import Foundation

/// Keeps U+FEFF in JSON strings that Foundation's parser would drop.
///
/// `JSONSerialization` on Linux (swift-corelibs-foundation) removes a U+FEFF written as is
/// (bytes EF BB BF) from the start of every string it decodes, so a record
/// `{"text": "\u{FEFF}Seoul ..."}` would be read as "Seoul ..." and every offset written for
/// it would be one less than in the sender's text. The escaped form `\ufeff` is kept, so the
/// bytes are rewritten to it before parsing.
public enum JSONByteOrderMarks {
    static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let escape = Array(#"\ufeff"#.utf8)

    /// `json` without a byte-order mark at its very start (a file's or a line's own mark,
    /// which is not part of the value).
    public static func withoutLeadingMark(_ json: Data) -> Data {
        json.starts(with: mark) ? json.dropFirst(3) : json
    }

    /// `json` for `JSONSerialization`: without a leading mark, and with every other U+FEFF
    /// written as `\ufeff` (valid JSON has U+FEFF only inside strings; elsewhere the text
    /// stays invalid). Returns the bytes unchanged, without copying, when there is none.
    public static func escaped(_ json: Data) -> Data {
        let body = withoutLeadingMark(json)
        return body.withUnsafeBytes { raw -> Data in
            let bytes = raw.bindMemory(to: UInt8.self)
            var marks: [Int] = []
            var i = 0
            while i + 2 < bytes.count {
                if bytes[i] == 0xEF && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF { marks.append(i); i += 3 } else { i += 1 }
            }
            guard !marks.isEmpty else { return body }
            var output = [UInt8]()
            output.reserveCapacity(bytes.count + 3 * marks.count)
            var from = 0
            for at in marks {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<at]))
                output.append(contentsOf: escape)
                from = at + 3
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from...]))
            return Data(output)
        }
    }
}
