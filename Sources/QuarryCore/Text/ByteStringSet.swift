/// A set of short byte strings with allocation-free lookup by pointer and length.
///
/// Open addressing over one contiguous storage buffer, FNV-1a hashing. Built once, then
/// read-only and `Sendable`; lookups never allocate. With `caseInsensitive`, ASCII letters are
/// folded on both insert and lookup (non-ASCII bytes compare exactly).
///
/// - Complexity: `contains` is O(k) for a key of k bytes, expected.
public struct ByteStringSet: Sendable {
    /// Whether ASCII letters match regardless of case (non-ASCII bytes always compare exactly).
    public let caseInsensitive: Bool
    private var storage: [UInt8] = []
    private var entries: [(start: Int32, length: Int32)] = []
    private var table: [Int32]  // -1 = empty, else index into entries
    private var mask: Int
    /// The length of the longest entry, in bytes (a quick reject for longer keys).
    public private(set) var maxLength = 0

    /// Builds the set from `strings`, as UTF-8; duplicates (after folding, with `caseInsensitive`)
    /// are kept once, and the empty string is never found.
    public init<S: Sequence>(_ strings: S, caseInsensitive: Bool = false) where S.Element == String {
        self.caseInsensitive = caseInsensitive
        let list = Array(strings)
        var capacity = 16
        while capacity < list.count * 2 { capacity <<= 1 }
        table = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for string in list { insert(Array(string.utf8)) }
    }

    /// The number of distinct strings in the set.
    public var count: Int { entries.count }

    /// ASCII lower-casing of one byte; other bytes are returned unchanged (``ASCII/lowercase(_:)``,
    /// the folding the set uses).
    @inlinable @inline(__always)
    public static func fold(_ b: UInt8) -> UInt8 { ASCII.lowercase(b) }

    @inline(__always)
    private func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        if caseInsensitive {
            for i in 0..<n { h = (h ^ UInt64(Self.fold(p[i]))) &* 0x100_0000_01b3 }
        } else {
            for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    private mutating func insert(_ key: [UInt8]) {
        if key.withUnsafeBufferPointer({ contains($0.baseAddress!, $0.count) }) { return }
        if entries.count * 2 >= table.count { grow() }
        let start = storage.count
        storage.append(contentsOf: key)
        entries.append((Int32(start), Int32(key.count)))
        maxLength = max(maxLength, key.count)
        place(entries.count - 1)
    }

    private mutating func place(_ entry: Int) {
        let (start, length) = entries[entry]
        var slot = storage.withUnsafeBufferPointer { hash($0.baseAddress! + Int(start), Int(length)) } & mask
        while table[slot] >= 0 { slot = (slot + 1) & mask }
        table[slot] = Int32(entry)
    }

    private mutating func grow() {
        table = Array(repeating: -1, count: table.count * 2)
        mask = table.count - 1
        for entry in entries.indices { place(entry) }
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
        if n > maxLength || n == 0 || entries.isEmpty { return -1 }
        var slot = hash(p, n) & mask
        return storage.withUnsafeBufferPointer { store in
            while true {
                let entry = table[slot]
                if entry < 0 { return -1 }
                let (start, length) = entries[Int(entry)]
                if Int(length) == n {
                    let q = store.baseAddress! + Int(start)
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
