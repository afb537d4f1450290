import CQuarryScan
import QuarryCore

/// Literals that only count at a word start, found by hashing the first bytes of every word.
///
/// Gazetteers and word lists (`\b(?:Paris|Berlin|...)`, `\bminister\b`) give thousands of
/// literals, nearly all of them prefixes after `\b`. Instead of feeding every byte to an
/// automaton, the scan (C, `quarry_word_start_scan`) finds word starts sixteen bytes at a time
/// with SSE2 byte classes, and at each one looks up the word's first two bytes in a 64 KiB
/// table of key lengths and then its first two to four bytes in an 8 KiB bit filter and a
/// small open-addressing hash table; only a key hit compares a literal's bytes. Exact and caseless literals share one
/// table (one pass over the text). The cost is a few instructions a byte plus a
/// few dozen a word start, whatever the number of literals; the tables of 10,000 literals
/// fit in the second-level cache.
///
/// A word start is a byte that is an ASCII letter, digit or '_' or a byte >= 0x80, and does not
/// follow an ASCII letter, digit or '_' — the test the prefilter applies to every word-start
/// prefix, so this scan finds the same candidates as an automaton followed by that test. Only
/// literals that begin with such a byte belong here (``accepts(_:)``); others go to the
/// automaton.
///
/// Immutable after construction and shared across threads; the class only owns the memory the
/// C table points into.
final class WordStartHash: @unchecked Sendable {
    /// The C table, in memory of its own: every scan reads it through this pointer, so
    /// threads sharing the hash never make a Swift access to a stored struct (passing
    /// `&table` was a modifying access each time, a data race under ThreadSanitizer).
    private let table: UnsafeMutablePointer<quarry_word_start_table>
    private let starts: UnsafeMutableBufferPointer<UInt8>
    private let pairLengths: UnsafeMutableBufferPointer<UInt8>
    private let keyBits: UnsafeMutableBufferPointer<UInt64>
    private let fold: UnsafeMutableBufferPointer<UInt8>
    private let slots: UnsafeMutableBufferPointer<quarry_key_slot>
    private let ids: UnsafeMutableBufferPointer<UInt32>
    private let literalOffset: UnsafeMutableBufferPointer<UInt32>
    private let literalLength: UnsafeMutableBufferPointer<UInt32>
    private let literalCaseless: UnsafeMutableBufferPointer<UInt8>
    private let literalBytes: UnsafeMutableBufferPointer<UInt8>
    let memoryBytes: Int

    /// ASCII letters, digits and '_': after one of these no word starts.
    static let wordByte: [Bool] = (0...255).map { (b: UInt8) in
        ASCII.isLetter(b) || ASCII.isDigit(b) || b == 0x5F
    }

    /// Whether a literal can be looked up here: it begins with an ASCII letter, digit, '_' or
    /// a byte >= 0x80.
    static func accepts(_ literal: [UInt8]) -> Bool {
        guard let first = literal.first else { return false }
        return first >= 0x80 || WordStartHash.wordByte[Int(first)]
    }

    /// A table for literals of both case modes (ASCII case folded or exact). Literal ids are
    /// positions in `literals`.
    /// - Precondition: every literal ``accepts(_:)``.
    convenience init(_ literals: [Literal]) {
        self.init(literals.map(\.bytes), caseless: literals.map(\.caseless))
    }

    /// Literals of one case mode: `caseInsensitive` folds ASCII letters, else bytes match exactly.
    convenience init(_ literals: [[UInt8]], caseInsensitive: Bool) {
        self.init(literals, caseless: Array(repeating: caseInsensitive, count: literals.count))
    }

    /// - Parameter caseless: per literal, whether it ignores ASCII case.
    init(_ literals: [[UInt8]], caseless: [Bool]) {
        precondition(literals.allSatisfy(WordStartHash.accepts), "word-start literals begin with a word byte or a byte >= 0x80")
        precondition(literals.count == caseless.count)
        // Keys OR 0x20 into every byte, in both modes: a superset of case folding.
        func key(_ literal: [UInt8]) -> (key: UInt32, length: Int) {
            let length = min(literal.count, 4)
            var key: UInt32 = 0
            for k in 0..<length { key |= UInt32(literal[k] | 0x20) << (8 * k) }
            return (key, length)
        }
        let foldedLiterals = literals.indices.map { caseless[$0] ? literals[$0].map(ASCII.lowercase) : literals[$0] }

        fold = .allocate(capacity: 256)
        starts = .allocate(capacity: 256)
        for b in 0..<256 { fold[b] = ASCII.lowercase(UInt8(b)); starts[b] = 0 }
        pairLengths = .allocate(capacity: 65_536)
        pairLengths.initialize(repeating: 0)
        keyBits = .allocate(capacity: 1024)
        keyBits.initialize(repeating: 0)
        var byKey: [UInt64: [Int]] = [:]
        for (id, literal) in foldedLiterals.enumerated() {
            // Text bytes are looked up as they are: every byte the literal's first one matches.
            let bit: UInt8 = literal.count == 1 ? 1 : 2
            for b in 0..<256 where (caseless[id] ? fold[b] : UInt8(b)) == literal[0] { starts[b] |= bit }
            let (k, length) = key(literal)
            byKey[UInt64(k) | UInt64(length) << 32, default: []].append(id)
            let filterBit = Int(quarry_key_bit(k, UInt32(length)))
            keyBits[filterBit >> 6] |= 1 << UInt64(filterBit & 63)
            if length >= 2 { pairLengths[Int(k & 0xFFFF)] |= 1 << (length - 1) }
        }
        // A quarter full at most: a miss usually ends at the first empty slot.
        var capacity = 16
        while capacity < byKey.count * 4 { capacity *= 2 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: quarry_key_slot(key: 0, first: 0, count: 0, length: 0, unused: 0))
        var flatIDs: [UInt32] = []
        var maxHits = 0
        // Keys in a fixed order, so that the table never depends on the dictionary's hashing.
        for composite in byKey.keys.sorted() {
            let members = byKey[composite]!.sorted { (literals[$0].count, $0) < (literals[$1].count, $1) }
            let k = UInt32(truncatingIfNeeded: composite), length = UInt32(composite >> 32)
            var slot = Int(quarry_key_hash(k, length) & UInt32(capacity - 1))
            while slots[slot].length != 0 { slot = (slot + 1) & (capacity - 1) }
            precondition(members.count <= Int(UInt16.max), "too many literals share one key")
            slots[slot] = quarry_key_slot(key: k, first: UInt32(flatIDs.count), count: UInt16(members.count), length: UInt8(length), unused: 0)
            flatIDs += members.map(UInt32.init)
            maxHits = max(maxHits, members.count)
        }
        ids = .allocate(capacity: max(flatIDs.count, 1))
        _ = ids.initialize(from: flatIDs)
        let count = max(literals.count, 1)
        literalOffset = .allocate(capacity: count)
        literalLength = .allocate(capacity: count)
        literalCaseless = .allocate(capacity: count)
        let totalBytes = literals.reduce(0) { $0 + $1.count }
        literalBytes = .allocate(capacity: max(totalBytes, 1))
        var offset = 0
        for (id, literal) in foldedLiterals.enumerated() {
            literalOffset[id] = UInt32(offset)
            literalLength[id] = UInt32(literal.count)
            literalCaseless[id] = caseless[id] ? 1 : 0
            for (k, b) in literal.enumerated() { literalBytes[offset + k] = b }
            offset += literal.count
        }
        // At one start, one slot per key length can hit: at most four slots' worth.
        let hitsPerStart = UInt32(min(maxHits * 4, literals.count))
        memoryBytes = 512 + 65_536 + 8_192 + capacity * MemoryLayout<quarry_key_slot>.stride + flatIDs.count * 4 + literals.count * 9 + totalBytes
        table = UnsafeMutablePointer<quarry_word_start_table>.allocate(capacity: 1)
        table.initialize(to: quarry_word_start_table(
            starts: UnsafePointer(starts.baseAddress!), pair_lengths: UnsafePointer(pairLengths.baseAddress!),
            key_bits: UnsafePointer(keyBits.baseAddress!), fold: UnsafePointer(fold.baseAddress!),
            slots: UnsafePointer(slots.baseAddress!), mask: UInt32(capacity - 1),
            ids: UnsafePointer(ids.baseAddress!), lit_offset: UnsafePointer(literalOffset.baseAddress!),
            lit_length: UnsafePointer(literalLength.baseAddress!), lit_caseless: UnsafePointer(literalCaseless.baseAddress!),
            lit_bytes: UnsafePointer(literalBytes.baseAddress!), max_hits_per_start: max(hitsPerStart, 1),
            range_low: (0, 0, 0, 0, 0, 0, 0, 0), range_high: (0, 0, 0, 0, 0, 0, 0, 0), range_count: 0))
        let ranges = ByteRanges { starts[$0] != 0 }
        (table.pointee.range_low, table.pointee.range_high, table.pointee.range_count) = (ranges.low, ranges.high, ranges.count)
    }

    deinit {
        for buffer in [starts, pairLengths, fold, literalCaseless, literalBytes] { buffer.deallocate() }
        for buffer in [ids, literalOffset, literalLength] { buffer.deallocate() }
        slots.deallocate()
        keyBits.deallocate()
        table.deallocate()
    }

    /// Hits collected per call to C before `found` is called on them.
    private static let batch = 4096

    /// Calls `found(literal, end)` (end exclusive) for every literal that occurs at a word
    /// start, in order of start, shorter before longer at one start.
    @inline(__always)
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let capacity = max(WordStartHash.batch, Int(table.pointee.max_hits_per_start))
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { hitIDs in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { hitEnds in
            var position = 0
            while position < bytes.count {
                let count = quarry_word_start_scan(table, base, bytes.count, &position, hitIDs.baseAddress!, hitEnds.baseAddress!, capacity)
                for k in 0..<count { found(Int(hitIDs[k]), hitEnds[k]) }
            }
        }}
    }
}

/// Whether `bytes` is all ASCII (no byte >= 0x80), sixteen bytes at a time.
func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    return quarry_first_non_ascii(base, bytes.count) == bytes.count
}
