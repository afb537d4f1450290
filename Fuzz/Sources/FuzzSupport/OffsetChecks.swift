import QuarryCore

/// A text in the three units Quarry's output can count offsets in, for checking offsets
/// written with it.
public struct OffsetText {
    public let scalars: [Unicode.Scalar]
    public let utf16: [UInt16]
    public let utf8: [UInt8]

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        utf16 = Array(text.utf16)
        utf8 = Array(text.utf8)
    }

    func count(_ unit: OffsetUnit) -> Int {
        switch unit {
        case .codepoints: scalars.count
        case .utf16: utf16.count
        case .utf8: utf8.count
        }
    }

    /// The text between two offsets (a range that splits a character decodes to U+FFFD, so
    /// it never equals the text written with it).
    func slice(_ start: Int, _ end: Int, _ unit: OffsetUnit) -> String {
        switch unit {
        case .codepoints: String(String.UnicodeScalarView(scalars[start..<end]))
        case .utf16: String(decoding: utf16[start..<end], as: UTF16.self)
        case .utf8: String(decoding: utf8[start..<end], as: UTF8.self)
        }
    }
}

/// Every `{"start", "end", "text"}` object in `value` (parsed JSON output of one document),
/// at any depth but inside `attrs`: the text between the offsets, counted in `unit`, must be
/// the object's text. `output` is shown when one does not.
public func checkOffsets(_ value: Any, unit: OffsetUnit, in text: OffsetText, output: @autoclosure () -> String) {
    if let list = value as? [Any] {
        for item in list { checkOffsets(item, unit: unit, in: text, output: output()) }
        return
    }
    guard let object = value as? [String: Any] else { return }
    if let start = object["start"] as? Int, let end = object["end"] as? Int, let written = object["text"] as? String {
        let count = text.count(unit)
        fuzzCheck(0 <= start && start <= end && end <= count, "\(unit) offsets \(start)..<\(end) outside the text (\(count)):\n\(output())")
        let shown = text.slice(start, end, unit)
        fuzzCheck(shown == written, "\(unit) offsets \(start)..<\(end) give \(shown.debugDescription), the output says \(written.debugDescription)")
    }
    for (key, item) in object where key != "attrs" {
        checkOffsets(item, unit: unit, in: text, output: output())
    }
}
