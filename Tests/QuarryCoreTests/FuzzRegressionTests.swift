import QuarryCore
import Testing

/// Inputs the fuzz targets (Fuzz/, scripts/fuzz.sh) found, each kept as a test with the fix.
@Suite struct FuzzRegressionTests {
    /// Found by `documents`: two lone continuation bytes (8A 85) were repaired to one U+FFFD;
    /// each is a maximal ill-formed subpart of its own, as Unicode recommends and the doc of
    /// `UTF8Validation.repair` promises. Swift's decoder is the reference.
    @Test(arguments: [
        [0x8A, 0x85],                          // the fuzz input: two lone continuation bytes
        [0x61, 0xC0, 0x80, 0x62],              // C0 never starts a sequence: C0 and 80 apart
        [0xF0, 0x80, 0x80, 0x80],              // 80 cannot follow F0: four subparts
        [0xED, 0xA0, 0x80],                    // a surrogate: ED, A0 and 80 apart
        [0xE2, 0x80, 0x41, 0xE2, 0x80],        // truncated sequences: one U+FFFD each
        [0xF4, 0x8F, 0xBF, 0x80, 0x80],        // F4 8F BF 80 is U+10FFFF, then a lone 80
        [0xF1, 0x80, 0x80, 0xF1, 0x80, 0xFF],  // F1 80 80 is one subpart (then F1 80, FF)
    ] as [[UInt8]])
    func repairReplacesEachMaximalSubpart(input: [UInt8]) {
        let repaired = input.withUnsafeBufferPointer { UTF8Validation.repair($0) }
        #expect(repaired.bytes == Array(String(decoding: input, as: UTF8.self).utf8))
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = input.makeIterator()
        var offset = 0
        var expected: [Int] = []
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded): offset += encoded.count
            case let .error(length): expected.append(offset); offset += length
            case .emptyInput: break parsing
            }
        }
        #expect(repaired.repairedOffsets == expected)
    }
}
