import QuarryCore
import Synchronization

/// A word list compiled to a hash set of its entries (whitespace inside an entry collapsed
/// to one space), matched over token n-grams: for each token, the 1..maxWords tokens that
/// follow it, joined as they are written (one space where the text has any whitespace).
/// A class: rules and programs pass it around in hot loops, and a reference is one retain
/// where a copy of the struct retained each of its tables.
final class CompiledWordList: Sendable {
    let set: ByteStringSet
    /// The most tokens an entry spans (at most 8).
    let maxWords: Int
    /// Which bytes can start an entry (ASCII-folded when the list ignores case): a token
    /// starting with any other byte is skipped without hashing.
    let firstBytes: [Bool]
    /// The texts the first token of an entry can have (see ``init(_:)``).
    let firstTokens: ByteStringSet
    /// Names the list's contents (its name, case rule, size and a hash of its entries): every
    /// rule and stage of a document that tests the same list shares one per-document table of
    /// its look-ups (stages of different rule files may declare lists of the same name).
    let key: String

    /// The compiled form of `list`, made once per process for the same contents: a list is
    /// compiled by every stage that uses it and by every load of the rule files (`quarry lsp`
    /// reloads them on each change), and compiling a gazetteer is most of a load's time.
    static func shared(_ list: WordList) -> CompiledWordList {
        let key = CacheKey(name: Array(list.name.utf8), caseInsensitive: list.caseInsensitive, entries: list.entries.map { Array($0.utf8) })
        if let found = cache.withLock({ $0[key] }) { return found }
        let compiled = CompiledWordList(list)
        cache.withLock { table in
            if table.count >= 512 { table.removeAll() }  // a bound for a long-running process
            table[key] = compiled
        }
        return compiled
    }

    /// Bytes, not strings: Swift compares strings by canonical equivalence ("é" precomposed
    /// equals "e" and a combining accent), but the compiled list matches bytes.
    private struct CacheKey: Hashable, Sendable {
        var name: [UInt8]
        var caseInsensitive: Bool
        var entries: [[UInt8]]
    }

    private static let cache = Mutex<[CacheKey: CompiledWordList]>([:])

    /// The entries as matched (``entries(of:)``), for groups of lists.
    let normalizedEntries: [String]
    /// The first tokens of the entries (``heads(of:)``), for groups of lists.
    let heads: [String]

    init(_ list: WordList) {
        key = "\(list.name)|\(list.caseInsensitive)|\(list.entries.count)|\(list.entries.map { Array($0.utf8) }.hashValue)"
        let entries = Self.entries(of: list)
        normalizedEntries = entries
        heads = Self.heads(of: entries)
        var maxWords = 0
        for entry in entries {
            // Approximate an entry's token count by its words and inner punctuation runs.
            let words = entry.split(separator: " ")
            let tokens = words.reduce(0) { $0 + 1 + $1.filter { "-/'’".contains($0) }.count * 2 }
            maxWords = max(maxWords, min(8, tokens))
        }
        set = ByteStringSet(entries, caseInsensitive: list.caseInsensitive)
        // A token that is none of these starts no entry, whatever follows.
        firstTokens = ByteStringSet(heads, caseInsensitive: list.caseInsensitive)
        self.maxWords = entries.isEmpty ? 0 : maxWords
        var first = [Bool](repeating: false, count: 256)
        for entry in entries {
            guard let b = entry.utf8.first else { continue }
            first[Int(list.caseInsensitive ? ByteStringSet.fold(b) : b)] = true
        }
        firstBytes = first
    }

    /// What the first token of an entry can be: its first word, or a part of it that ends
    /// before punctuation ("al" of "al-Qaeda"; "U.S." stays whole, but both are kept).
    static func heads(of entries: [String]) -> [String] {
        var heads: Set<String> = []
        for entry in entries {
            guard let word = entry.split(separator: " ").first else { continue }
            heads.insert(String(word))
            var prefix = ""
            for character in word {
                if !prefix.isEmpty && !(character.isLetter || character.isNumber) { heads.insert(prefix) }
                prefix.append(character)
                if !(character.isLetter || character.isNumber) { heads.insert(prefix) }
            }
        }
        return heads.sorted()
    }

    /// The list's entries as they are matched: whitespace inside an entry collapsed to one
    /// space, empty entries left out.
    static func entries(of list: WordList) -> [String] {
        list.matchedEntries.compactMap { entry in
            let words = entry.split(whereSeparator: { $0.isWhitespace })
            return words.isEmpty ? nil : words.joined(separator: " ")
        }
    }
}
