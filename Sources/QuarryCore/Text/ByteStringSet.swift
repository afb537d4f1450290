/// A set of short byte strings with allocation-free lookup by pointer and length.
///
/// Open addressing over one contiguous storage buffer, FNV-1a hashing. Built once, then
/// read-only and `Sendable`; lookups never allocate. With `caseInsensitive`, ASCII letters are
/// folded on both insert and lookup (non-ASCII bytes compare exactly).
///
/// - Complexity: `contains` is O(k) for a key of k bytes, expected.
public struct ByteStringSet: @unchecked Sendable {  // read-only after init; the pointers are into `frozen`
    /// Whether ASCII letters match regardless of case (non-ASCII bytes always compare exactly).
    public let caseInsensitive: Bool
    /// The frozen tables, owned by `frozen`; the struct keeps plain pointers into them so that
    /// a lookup reads memory without retaining, releasing or bounds-checking arrays.
    private let frozen: Frozen
    private let storage: UnsafePointer<UInt8>
    private let entryStarts: UnsafePointer<Int32>
    private let entryLengths: UnsafePointer<Int32>
    private let table: UnsafePointer<Int32>  // -1 = empty, else index into the entries
    private let mask: Int
    /// The number of distinct strings in the set.
    public let count: Int
    /// The length of the longest entry, in bytes (a quick reject for longer keys).
    public let maxLength: Int

    /// The memory behind the pointers, freed with the last copy of the set.
    private final class Frozen: @unchecked Sendable {
        let storage: UnsafeMutableBufferPointer<UInt8>
        let entryStarts: UnsafeMutableBufferPointer<Int32>
        let entryLengths: UnsafeMutableBufferPointer<Int32>
        let table: UnsafeMutableBufferPointer<Int32>
        init(storage: [UInt8], starts: [Int32], lengths: [Int32], table: [Int32]) {
            func copy<T>(_ array: [T], _ filler: T) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
                buffer.initialize(repeating: filler)
                _ = buffer.initialize(from: array)
                return buffer
            }
            self.storage = copy(storage, 0)
            entryStarts = copy(starts, 0)
            entryLengths = copy(lengths, 0)
            self.table = copy(table, -1)
        }
        deinit {
            storage.deallocate()
            entryStarts.deallocate()
            entryLengths.deallocate()
            table.deallocate()
        }
    }

    /// Builds the set from `strings`, as UTF-8; duplicates (after folding, with `caseInsensitive`)
    /// are kept once, and the empty string is never found.
    public init<S: Sequence>(_ strings: S, caseInsensitive: Bool = false) where S.Element == String {
        self.caseInsensitive = caseInsensitive
        let list = Array(strings)
        // Distinct keys first (after folding), in the order first given.
        var seen = Set<[UInt8]>()
        var keys: [[UInt8]] = []
        for string in list {
            let bytes = Array(string.utf8)
            guard !bytes.isEmpty else { continue }
            let folded = caseInsensitive ? bytes.map(Self.fold) : bytes
            if seen.insert(folded).inserted { keys.append(bytes) }
        }
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        var storage: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = []
        var table = [Int32](repeating: -1, count: capacity)
        var longest = 0
        for (entry, key) in keys.enumerated() {
            starts.append(Int32(storage.count))
            lengths.append(Int32(key.count))
            storage.append(contentsOf: key)
            longest = max(longest, key.count)
            var slot = key.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count, caseInsensitive) } & (capacity - 1)
            while table[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Int32(entry)
        }
        frozen = Frozen(storage: storage, starts: starts, lengths: lengths, table: table)
        self.storage = UnsafePointer(frozen.storage.baseAddress!)
        entryStarts = UnsafePointer(frozen.entryStarts.baseAddress!)
        entryLengths = UnsafePointer(frozen.entryLengths.baseAddress!)
        self.table = UnsafePointer(frozen.table.baseAddress!)
        mask = capacity - 1
        count = keys.count
        maxLength = longest
    }

    /// ASCII lower-casing of one byte; other bytes are returned unchanged (``ASCII/lowercase(_:)``,
    /// the folding the set uses).
    @inlinable @inline(__always)
    public static func fold(_ b: UInt8) -> UInt8 { ASCII.lowercase(b) }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ n: Int, _ caseInsensitive: Bool) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        if caseInsensitive {
            for i in 0..<n { h = (h ^ UInt64(Self.fold(p[i]))) &* 0x100_0000_01b3 }
        } else {
            for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Whether the `count` bytes at `p` are in the set.
    @inlinable @inline(__always)
    public func contains(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        _contains(p, count)
    }

    @usableFromInline
    func _contains(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        _index(p, n) >= 0
    }

    /// The position of the `count` bytes at `p` among the distinct strings the set was made
    /// from (in the order first given), or nil.
    @inlinable @inline(__always)
    public func index(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let i = _index(p, count)
        return i >= 0 ? Int(i) : nil
    }

    @usableFromInline
    func _index(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        if n > maxLength || n == 0 { return -1 }
        var slot = Self.hash(p, n, caseInsensitive) & mask
        while true {
            let entry = table[slot]
            if entry < 0 { return -1 }
            if Int(entryLengths[Int(entry)]) == n {
                let q = storage + Int(entryStarts[Int(entry)])
                var equal = true
                if caseInsensitive {
                    for i in 0..<n where Self.fold(p[i]) != Self.fold(q[i]) { equal = false; break }
                } else {
                    equal = memcmpBytes(p, q, n)
                }
                if equal { return entry }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `string` is in the set.
    public func contains(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return false }
            return contains(base, buffer.count)
        }
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}
