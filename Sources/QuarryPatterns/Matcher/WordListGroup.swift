import QuarryCore

/// Every word-list rule of a set, looked up in one pass over the tokens.
///
/// The entries of all the lists are in two hash sets, one for the lists that match exactly
/// and one for those that ignore case, each entry with the rules whose lists hold it (as
/// Hyperscan reports the pattern id of a hit). For each token whose first byte can start some
/// entry, the token n-grams up to the longest entry are looked up once in each set, however
/// many lists there are. A hit counts for a rule under the conditions its own search had: the
/// n-gram spans no more tokens than its list's entries can, and for a list with entries of
/// several words the first token is one an entry can begin with. So the matches are those of
/// one search per rule, in another order, which overlap resolution sorts away.
final class WordListGroup: @unchecked Sendable {
    /// The member rules' positions in the set, in set order.
    let rules: [Int]
    /// Each rule position's member index (nil: not a word-list rule).
    let member: [Int: Int]
    /// Each member's list.
    let lists: [CompiledWordList]
    private let exact: Table?
    private let caseless: Table?
    /// Whether some member's entry can start with the byte (folded for caseless lists).
    private let firstBytes: [Bool]
    private let maxWords: Int
    private let maxLength: Int
    /// The first tokens the lists of several-word entries can begin with (exact, caseless):
    /// a token that is none of these can only match as a one-word entry.
    private let exactHeads: ByteStringSet
    private let caselessHeads: ByteStringSet

    /// One set of entries and, per entry (by its index in the set), the members holding it:
    /// `members[offsets[e] ..< offsets[e + 1]]`.
    private struct Table {
        let set: ByteStringSet
        let offsets: [Int32]
        let members: [Int32]

        init?(_ entries: [(member: Int, entries: [String])], caseInsensitive: Bool) {
            guard !entries.isEmpty else { return nil }
            let set = ByteStringSet(entries.flatMap(\.entries), caseInsensitive: caseInsensitive)
            self.set = set
            var byEntry = [[Int32]](repeating: [], count: set.count)
            for (member, words) in entries {
                for entry in words {
                    var entry = entry
                    let e = entry.withUTF8 { set.index($0.baseAddress!, $0.count) }!
                    if byEntry[e].last != Int32(member) { byEntry[e].append(Int32(member)) }
                }
            }
            var offsets: [Int32] = [0], members: [Int32] = []
            for list in byEntry {
                members += list
                offsets.append(Int32(members.count))
            }
            self.offsets = offsets
            self.members = members
        }
    }

    /// The group of `rules` (positions in the set, in order) with their word lists; nil
    /// without any.
    init?(_ members: [(position: Int, list: WordList, compiled: CompiledWordList)]) {
        guard !members.isEmpty else { return nil }
        rules = members.map(\.position)
        member = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($0.element.position, $0.offset) })
        lists = members.map(\.compiled)
        let entries = members.enumerated().map { (member: $0.offset, entries: $0.element.compiled.normalizedEntries) }
        exact = Table(entries.filter { !members[$0.member].list.caseInsensitive }, caseInsensitive: false)
        caseless = Table(entries.filter { members[$0.member].list.caseInsensitive }, caseInsensitive: true)
        var first = [Bool](repeating: false, count: 256)
        for list in lists {
            for b in 0..<256 where list.firstBytes[list.set.caseInsensitive ? Int(ByteStringSet.fold(UInt8(b))) : b] { first[b] = true }
        }
        firstBytes = first
        maxWords = lists.map(\.maxWords).max() ?? 0
        func heads(caseless: Bool) -> ByteStringSet {
            ByteStringSet(members.filter { $0.list.caseInsensitive == caseless && $0.compiled.maxWords > 1 }
                .flatMap(\.compiled.heads), caseInsensitive: caseless)
        }
        exactHeads = heads(caseless: false)
        caselessHeads = heads(caseless: true)
        maxLength = max(exact?.set.maxLength ?? 0, caseless?.set.maxLength ?? 0)
    }

    /// Appends every member's matches in the document to `raw`, at most `cap` per member
    /// (`counts[m]` gets member m's count before the cap, so a count above it means some were
    /// dropped), skipping members `included` rejects.
    func scan(_ tokens: TokenLayer, _ bytes: UnsafeBufferPointer<UInt8>, included: [Bool], cap: Int,
              counts: inout [Int], ngram: inout [UInt8], into raw: inout [RawMatch]) {
        for m in counts.indices { counts[m] = 0 }
        guard let base = bytes.baseAddress else { return }
        // One n-gram's hits in one table, for the members that accept them.
        func hits(_ table: Table, _ key: UnsafeBufferPointer<UInt8>, words: Int, start: Int, headLength: Int, end: Int,
                  _ counts: inout [Int], _ raw: inout [RawMatch]) {
            guard let e = table.set.index(key.baseAddress!, key.count) else { return }
            for k in Int(table.offsets[e])..<Int(table.offsets[e + 1]) {
                let m = Int(table.members[k])
                let list = lists[m]
                guard included[m], words <= list.maxWords else { continue }
                // A list of several-word entries only begins at a token that can begin one
                // of them (its own search skips every other token).
                if list.maxWords > 1 && !list.firstTokens.contains(base + start, headLength) { continue }
                counts[m] += 1
                if counts[m] <= cap { raw.append(RawMatch(start: start, end: end, rule: rules[m], captures: [])) }
            }
        }
        tokens.records.withUnsafeBufferPointer { records in
            for i in records.indices {
                let start = Int(records[i].start)
                guard firstBytes[Int(base[start])] else { continue }
                let headLength = Int(records[i].end) - start
                // The token alone, looked up where it stands; then, where a list of several-word
                // entries can begin, the n-grams that start with it.
                let key = UnsafeBufferPointer(start: base + start, count: headLength)
                if let exact { hits(exact, key, words: 1, start: start, headLength: headLength, end: start + headLength, &counts, &raw) }
                if let caseless { hits(caseless, key, words: 1, start: start, headLength: headLength, end: start + headLength, &counts, &raw) }
                guard maxWords > 1, exactHeads.contains(base + start, headLength) || caselessHeads.contains(base + start, headLength) else { continue }
                ngram.removeAll(keepingCapacity: true)
                ngram.append(contentsOf: key)
                var j = i + 1
                while j < records.count && j - i < maxWords {
                    let token = records[j]
                    if j > i && records[j - 1].end < token.start { ngram.append(0x20) }
                    ngram.append(contentsOf: UnsafeBufferPointer(start: base + Int(token.start), count: Int(token.end - token.start)))
                    if ngram.count > maxLength { break }
                    let words = j - i + 1, end = Int(token.end)
                    ngram.withUnsafeBufferPointer { key in
                        if let exact { hits(exact, key, words: words, start: start, headLength: headLength, end: end, &counts, &raw) }
                        if let caseless { hits(caseless, key, words: words, start: start, headLength: headLength, end: end, &counts, &raw) }
                    }
                    j += 1
                }
            }
        }
    }
}
