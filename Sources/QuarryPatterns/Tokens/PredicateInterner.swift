import Foundation
import QuarryCore

/// Numbers every token predicate compiled in the process, equal predicates alike: the key of
/// a predicate's per-document result row in ``TokenFeatures``, so that `[is-title]` is
/// evaluated once per token and document whichever rules and stages test it.
///
/// A predicate is known by a 128-bit fingerprint of its whole content (every test, string and
/// list entry, each tagged and length-prefixed), computed at compile time, never per document.
/// Only the fingerprints are kept: the predicates themselves hold strings whose references
/// Swift tags in their high bits, which a leak checker cannot follow from a global table.
final class PredicateInterner: @unchecked Sendable {
    static let shared = PredicateInterner()

    private struct Key: Hashable {
        var a: UInt64
        var b: UInt64
    }

    private let lock = NSLock()
    private var ids: [Key: Int] = [:]
    private var nextMatcher = 0

    /// The number of `predicate`.
    func id(_ predicate: TokenPredicate) -> Int {
        var fingerprint = Fingerprint()
        fingerprint.add(predicate)
        return number(fingerprint, in: &ids)
    }

    /// The number of lookaround `pattern` (`ahead`, `negated`): the key of its per-document
    /// result row, shared by every rule that writes the same lookaround (numbered apart from
    /// the predicates).
    func id(look pattern: TokenPattern, ahead: Bool, negated: Bool) -> Int {
        var fingerprint = Fingerprint()
        fingerprint.byte(ahead ? 1 : 0)
        fingerprint.byte(negated ? 1 : 0)
        fingerprint.add(pattern)
        return number(fingerprint, in: &lookIDs)
    }
    private var lookIDs: [Key: Int] = [:]

    /// The number `table` gives the fingerprint, a new one (its size) the first time.
    private func number(_ fingerprint: Fingerprint, in table: inout [Key: Int]) -> Int {
        let key = Key(a: fingerprint.a, b: fingerprint.b)
        lock.lock()
        defer { lock.unlock() }
        if let id = table[key] { return id }
        table[key] = table.count
        return table.count - 1
    }

    /// A number no other compiled matcher has (keys a matcher's own tables in shared features).
    func matcherID() -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextMatcher += 1
        return nextMatcher
    }
}

/// Two 64-bit hashes of one byte stream with different multipliers and mixing (FNV-1a, and a
/// multiply-rotate hash), deterministic across runs.
private struct Fingerprint {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x9e37_79b9_7f4a_7c15

    mutating func byte(_ x: UInt8) {
        a = (a ^ UInt64(x)) &* 0x100_0000_01b3
        b = ((b ^ UInt64(x)) &* 0xff51_afd7_ed55_8ccd)
        b = (b << 29) | (b >> 35)
    }

    mutating func int(_ x: Int) {
        var v = UInt64(bitPattern: Int64(x))
        for _ in 0..<8 { byte(UInt8(truncatingIfNeeded: v)); v >>= 8 }
    }

    mutating func string(_ s: String) {
        int(s.utf8.count)
        for x in s.utf8 { byte(x) }
    }

    mutating func list(_ list: WordList) {
        string(list.name)
        byte(list.caseInsensitive ? 1 : 0)
        int(list.entries.count)
        for entry in list.entries { string(entry) }
    }

    /// A token pattern, case by case as for predicates.
    mutating func add(_ p: TokenPattern) {
        switch p {
        case let .token(predicate): byte(30); add(predicate)
        case let .span(label, tests):
            byte(31); string(label); int(tests.count)
            for test in tests { string(test.name); string(test.value ?? ""); byte(test.value == nil ? 0 : 1); byte(test.negated ? 1 : 0) }
        case let .sequence(parts): byte(32); int(parts.count); for part in parts { add(part) }
        case let .alternation(parts): byte(33); int(parts.count); for part in parts { add(part) }
        case let .repeat(inner, min, max, lazy): byte(34); int(min); int(max ?? -1); byte(lazy ? 1 : 0); add(inner)
        case let .capture(name, inner): byte(35); string(name); add(inner)
        case .sentenceStart: byte(36)
        case .sentenceEnd: byte(37)
        case let .look(inner, ahead, negated): byte(38); byte(ahead ? 1 : 0); byte(negated ? 1 : 0); add(inner)
        }
    }

    /// Each case a tag byte, then its content; parts counted, so no two predicates give the
    /// same stream.
    mutating func add(_ p: TokenPredicate) {
        switch p {
        case .any: byte(1)
        case let .and(parts): byte(2); int(parts.count); for part in parts { add(part) }
        case let .or(parts): byte(3); int(parts.count); for part in parts { add(part) }
        case let .not(inner): byte(4); add(inner)
        case let .text(s): byte(5); string(s)
        case let .lower(s): byte(6); string(s)
        case let .regex(form, pattern, caseless): byte(7); string(form.rawValue); string(pattern); byte(caseless ? 1 : 0)
        case let .shape(s): byte(8); string(s)
        case let .kind(s): byte(9); string(s)
        case let .prefix(s, caseless): byte(10); string(s); byte(caseless ? 1 : 0)
        case let .suffix(s, caseless): byte(11); string(s); byte(caseless ? 1 : 0)
        case let .length(comparison, n): byte(12); string(comparison.rawValue); int(n)
        case let .flag(flag): byte(13); string(flag.rawValue)
        case let .inList(l): byte(14); list(l)
        case let .label(s): byte(15); string(s)
        case let .pos(pos): byte(16); byte(pos.rawValue)
        case let .tag(s): byte(17); string(s)
        case let .lemma(s): byte(18); string(s)
        case let .lemmaInList(l): byte(19); list(l)
        }
    }
}
