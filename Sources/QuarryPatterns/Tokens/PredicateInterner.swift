import Foundation
import QuarryCore

/// Numbers every token predicate compiled in the process, equal predicates alike: the key of
/// a predicate's per-document result row in ``TokenFeatures``, so that `[is-title]` is
/// evaluated once per token and document whichever rules and stages test it. Hashing a
/// predicate (which may hold a long word list) happens here, at compile time, never per
/// document.
final class PredicateInterner: @unchecked Sendable {
    static let shared = PredicateInterner()

    private let lock = NSLock()
    private var ids: [TokenPredicate: Int] = [:]
    private var nextMatcher = 0

    /// The number of `predicate`.
    func id(_ predicate: TokenPredicate) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[predicate] { return id }
        let id = ids.count
        ids[predicate] = id
        return id
    }

    /// A number no other compiled matcher has (keys a matcher's own tables in shared features).
    func matcherID() -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextMatcher += 1
        return nextMatcher
    }
}
