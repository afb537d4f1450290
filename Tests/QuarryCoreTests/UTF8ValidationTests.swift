import QuarryCore
import Testing

@Suite struct UTF8ValidationTests {
    func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
    }

    @Test func acceptsWellFormedText() {
        #expect(firstInvalid(Array("SEOUL, Nov 9 (Reuters) – “two-way street” 東京 👍🏽".utf8)) == nil)
        #expect(firstInvalid([]) == nil)
        // Long ASCII runs go through the eight-bytes-at-a-time path.
        #expect(firstInvalid(Array(String(repeating: "abcdefgh", count: 100).utf8)) == nil)
    }

    @Test(arguments: [
        ([0x61, 0x62, 0x63, 0xFF, 0x64], 3),            // a byte that never occurs in UTF-8
        ([0x61, 0xC0, 0xAF], 1),                         // overlong "/"
        ([0xE0, 0x80, 0xAF], 0),                         // overlong three-byte
        ([0x41, 0xED, 0xA0, 0x80], 1),                   // a UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),                   // above U+10FFFF
        ([0x61, 0x62, 0xE2, 0x80], 2),                   // truncated at the end
        ([0x80, 0x61], 0),                               // a lone continuation byte
        (Array("abcdefghijklmnop".utf8) + [0xC3], 16),   // after the ASCII fast path
    ] as [([UInt8], Int)])
    func reportsTheFirstBadByte(bytes: [UInt8], offset: Int) {
        #expect(firstInvalid(bytes) == offset)
    }

    @Test func repairReplacesEachBadSequenceOnce() {
        let input: [UInt8] = Array("ab".utf8) + [0xFF] + Array("c".utf8) + [0xE2, 0x80] + Array("d".utf8)
        let repaired = input.withUnsafeBufferPointer { UTF8Validation.repair($0) }
        let (fixed, offsets) = (repaired.bytes, repaired.repairedOffsets)
        #expect(String(decoding: fixed, as: UTF8.self) == "ab\u{FFFD}c\u{FFFD}d")
        #expect(offsets == [2, 4])
    }

    @Test func documentRejectsOrRepairs() throws {
        let bad: [UInt8] = Array("abc".utf8) + [0xFF] + Array("def".utf8)
        #expect(throws: DocumentError.invalidUTF8(documentID: "d", byteOffset: 3)) {
            try Document(id: "d", bytes: bad)
        }
        let repaired = try Document(id: "d", bytes: bad, invalidUTF8: .repair)
        #expect(repaired.text == "abc\u{FFFD}def")
        #expect(repaired.repairs == [3])
        #expect(AnnotatedDocument(document: repaired).diagnostics.count == 1)
    }
}
