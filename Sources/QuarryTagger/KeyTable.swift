import CQuarryScan

/// An open-addressing hash table from 64-bit keys (already hashed) to 32-bit values, in
/// buffers it owns: a lookup is a mask, a load and a compare, with no reference counting.
/// Built once, read by every thread.
final class KeyTable: @unchecked Sendable {
    private let keys: UnsafeMutableBufferPointer<UInt64>
    private let values: UnsafeMutableBufferPointer<UInt32>
    private let mask: Int
    /// How many keys are stored.
    let count: Int

    /// A table of `entries`; a later entry with the same key replaces an earlier one.
    init(_ entries: [(key: UInt64, value: UInt32)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0)
        mask = capacity - 1
        var stored = 0
        for entry in entries {
            let key = Self.nonZero(entry.key)
            var slot = Int(truncatingIfNeeded: key) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == 0 { stored += 1 }
            keys[slot] = key
            values[slot] = entry.value
        }
        count = stored
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// 0 marks an empty slot, so a key of 0 is stored as 1.
    @inline(__always)
    static func nonZero(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    /// The value stored under `key`, or nil.
    @inline(__always)
    func value(_ key: UInt64) -> UInt32? {
        let key = Self.nonZero(key)
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

/// The perceptron's weights: feature key -> (class, weight) pairs, laid out so that a lookup
/// touches two cache lines at most: an open-addressing slot holding the key's upper 32 bits
/// and where its block starts, then the block (a count, then one packed pair per class with a
/// weight). Two features would have to share a slot chain and their upper 32 bits to be
/// confused.
final class WeightTable: @unchecked Sendable {
    /// One bit per 2^22 key hashes (512 KB, so it stays in cache): clear means the key surely has
    /// no weights, and most keys a tagger asks for have none (a pair of words never seen).
    private let filter: UnsafeMutableBufferPointer<UInt64>
    private static let filterBits = 22
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let blocks: UnsafeMutableBufferPointer<UInt32>
    private let mask: Int

    init(_ features: [(key: UInt64, weights: [(tag: UInt8, weight: Int16)])]) {
        var capacity = 16
        while capacity < features.count * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        mask = capacity - 1
        filter = .allocate(capacity: 1 << (Self.filterBits - 6))
        filter.initialize(repeating: 0)
        var packed: [UInt32] = []
        packed.reserveCapacity(features.reduce(0) { $0 + $1.weights.count + 1 })
        for feature in features {
            let start = packed.count
            packed.append(UInt32(feature.weights.count))
            for entry in feature.weights { packed.append(UInt32(entry.tag) << 16 | UInt32(UInt16(bitPattern: entry.weight))) }
            let tag = Self.tag(feature.key)
            var slot = Int(truncatingIfNeeded: feature.key) & mask
            while slots[slot] != 0 && slots[slot] >> 32 != UInt64(tag) { slot = (slot + 1) & mask }
            slots[slot] = UInt64(tag) << 32 | UInt64(start)
            let bit = Self.filterBit(feature.key)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        blocks = .allocate(capacity: max(1, packed.count))
        _ = blocks.initialize(from: packed)
    }

    deinit {
        filter.deallocate()
        slots.deallocate()
        blocks.deallocate()
    }

    @inline(__always)
    private static func filterBit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 40) & ((1 << filterBits) - 1) }

    /// Whether `key` may have weights (false: it surely has none).
    @inline(__always)
    func mayHave(_ key: UInt64) -> Bool {
        let bit = Self.filterBit(key)
        return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    @inline(__always)
    private static func tag(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key >> 32) | 1 }

    /// Hints the CPU to load the slot where the search for `key` starts.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        guard mayHave(key) else { return }
        quarry_prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: key) & mask))
    }

    /// Where `key`'s block starts, or -1 when it has no weights; the block's line is prefetched.
    @inline(__always)
    func find(_ key: UInt64) -> Int {
        guard mayHave(key) else { return -1 }
        let tag = UInt64(Self.tag(key))
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = slots[slot]
            if found == 0 { return -1 }
            if found >> 32 == tag {
                let start = Int(truncatingIfNeeded: found & 0xFFFF_FFFF)
                quarry_prefetch(blocks.baseAddress! + start)
                return start
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds the weights of the block at `start` (from ``find(_:)``) to `scores`.
    @inline(__always)
    func add(block start: Int, to scores: UnsafeMutablePointer<Int32>) {
        let count = Int(blocks[start])
        var e = start + 1
        let end = e + count
        while e < end {
            let v = blocks[e]
            scores[Int(v >> 16)] &+= Int32(Int16(truncatingIfNeeded: v))
            e += 1
        }
    }

    /// Adds the weights of every key of `keys` to `scores`: all slots are prefetched, then
    /// found, then all blocks read, so that the loads overlap instead of waiting in turn.
    @inline(__always)
    func add(_ keys: UnsafeMutablePointer<UInt64>, count: Int, to scores: UnsafeMutablePointer<Int32>, starts: UnsafeMutablePointer<Int>) {
        for f in 0..<count { prefetch(keys[f]) }
        for f in 0..<count { starts[f] = find(keys[f]) }
        for f in 0..<count where starts[f] >= 0 { add(block: starts[f], to: scores) }
    }

    /// Adds the weights of `key`, if it has any, to `scores`.
    @inline(__always)
    func add(_ key: UInt64, to scores: UnsafeMutablePointer<Int32>) {
        let start = find(key)
        if start >= 0 { add(block: start, to: scores) }
    }
}
