/// A set of bytes as at most 8 ranges [low, high], in the tuple form the C scanners' SSE2 range
/// tests read (`quarry_dfa`, `quarry_word_start_table`); `count` 0 when more ranges were
/// needed (the scanners then test every byte against their table).
struct ByteRanges {
    typealias Eight = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    var low: Eight = (0, 0, 0, 0, 0, 0, 0, 0)
    var high: Eight = (0, 0, 0, 0, 0, 0, 0, 0)
    var count: UInt32 = 0

    /// The bytes `b` for which `member(b)` holds.
    init(_ member: (Int) -> Bool) {
        var ranges: [(low: UInt8, high: UInt8)] = []
        for b in 0..<256 where member(b) {
            if let last = ranges.last, Int(last.high) == b - 1 { ranges[ranges.count - 1].high = UInt8(b) } else { ranges.append((UInt8(b), UInt8(b))) }
        }
        guard ranges.count <= 8 else { return }
        withUnsafeMutableBytes(of: &low) { low in
            for (r, range) in ranges.enumerated() { low[r] = range.low }
        }
        withUnsafeMutableBytes(of: &high) { high in
            for (r, range) in ranges.enumerated() { high[r] = range.high }
        }
        count = UInt32(ranges.count)
    }
}
