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
