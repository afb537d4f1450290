import QuarryCore
import Testing

@Suite struct ASCIITests {
    /// Every byte, against the definitions written out: the helpers replace hand-written
    /// comparisons in four modules, so they must agree on all 256 bytes.
    @Test func everyByte() {
        for value in 0...255 {
            let b = UInt8(value)
            #expect(ASCII.isUpper(b) == (b >= 0x41 && b <= 0x5A))
            #expect(ASCII.isLower(b) == (b >= 0x61 && b <= 0x7A))
            #expect(ASCII.isLetter(b) == ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A))
            #expect(ASCII.isDigit(b) == (b >= 0x30 && b <= 0x39))
            #expect(ASCII.isSpace(b) == (b == 0x20 || (b >= 0x09 && b <= 0x0D)))
            #expect(ASCII.isBlank(b) == (b == 0x20 || b == 0x09))
            #expect(ASCII.isBlankOrLineBreak(b) == (b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D))
            #expect(ASCII.lowercase(b) == (b >= 0x41 && b <= 0x5A ? b + 0x20 : b))
            #expect(ByteStringSet.fold(b) == ASCII.lowercase(b))
        }
    }

    @Test func matchingIgnoringCase() {
        let text = Array("WwW.Example, résumé".utf8)
        text.withUnsafeBufferPointer { p in
            #expect(ASCII.matchesIgnoringCase(p.baseAddress!, Array("www.".utf8)))
            #expect(!ASCII.matchesIgnoringCase(p.baseAddress!, Array("www,".utf8)))
            // Only ASCII folds: "É" does not match "é".
            #expect(ASCII.matchesIgnoringCase(p.baseAddress! + 13, Array("résumé".utf8)))
            #expect(!ASCII.matchesIgnoringCase(p.baseAddress! + 13, Array("RÉSUMÉ".utf8).map(ASCII.lowercase)))
        }
    }
}
