import QuarryCore
import Testing

@Suite struct OffsetTests {
    static let samples = [
        "plain ASCII only",
        "SEOUL, Nov 9 (Reuters) – U.S. Secretary “two-way street”",
        "emoji 👍🏽 and 👩‍🚀 and 東京 and ภาษาไทย, café",
        String(repeating: "é👍a", count: 100),  // crosses many 64-byte blocks
    ]

    /// Every scalar boundary converts to the index Swift's own views give.
    @Test(arguments: samples)
    func convertsEveryBoundary(text: String) {
        let document = Document(id: "t", text: text)
        for unit in OffsetUnit.allCases {
            let index = OffsetIndex(document: document, unit: unit)
            var cursor = OffsetCursor(document: document, unit: unit)
            var position = text.unicodeScalars.startIndex
            var scalars = 0
            while true {
                let byte = text.utf8.distance(from: text.utf8.startIndex, to: position)
                let expected: Int
                switch unit {
                case .codepoints: expected = scalars
                case .utf8: expected = byte
                case .utf16: expected = text.utf16.distance(from: text.utf16.startIndex, to: position)
                }
                #expect(index.convert(byte) == expected, "\(unit) at byte \(byte)")
                #expect(cursor.convert(byte) == expected, "\(unit) cursor at byte \(byte)")
                if position == text.unicodeScalars.endIndex { break }
                position = text.unicodeScalars.index(after: position)
                scalars += 1
            }
        }
    }

    @Test func cursorRestartsWhenGoingBackwards() {
        let document = Document(id: "t", text: "é👍abc")
        var cursor = OffsetCursor(document: document, unit: .utf16)
        #expect(cursor.convert(8) == 5)
        #expect(cursor.convert(2) == 1)
    }
}
