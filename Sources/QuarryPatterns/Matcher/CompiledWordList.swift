import QuarryCore

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

    init(_ list: WordList) {
        key = "\(list.name)|\(list.caseInsensitive)|\(list.entries.count)|\(list.entries.hashValue)"
        var entries: [String] = []
        var maxWords = 0
        for entry in list.matchedEntries {
            let words = entry.split(whereSeparator: { $0.isWhitespace })
            guard !words.isEmpty else { continue }
            entries.append(words.joined(separator: " "))
            // Approximate an entry's token count by its words and inner punctuation runs.
            let tokens = words.reduce(0) { $0 + 1 + $1.filter { "-/'’".contains($0) }.count * 2 }
            maxWords = max(maxWords, min(8, tokens))
        }
        set = ByteStringSet(entries, caseInsensitive: list.caseInsensitive)
        // What the first token of an entry can be: its first word, or a part of it that ends
        // before punctuation ("al" of "al-Qaeda", "U.S" never: "U.S." stays whole, but both
        // are kept), so a token that is none of these starts no entry, whatever follows.
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
        firstTokens = ByteStringSet(heads, caseInsensitive: list.caseInsensitive)
        self.maxWords = entries.isEmpty ? 0 : maxWords
        var first = [Bool](repeating: false, count: 256)
        for entry in entries {
            guard let b = entry.utf8.first else { continue }
            first[Int(list.caseInsensitive ? ByteStringSet.fold(b) : b)] = true
        }
        firstBytes = first
    }

    func scan(_ tokens: TokenLayer, _ bytes: UnsafeBufferPointer<UInt8>, _ rule: CompiledRule, _ scratch: MatchScratch,
              into raw: inout [RawMatch]) {
        let records = tokens.records
        let base = bytes.baseAddress!
        let folds = set.caseInsensitive
        for i in records.indices {
            let first = base[Int(records[i].start)]
            guard firstBytes[Int(folds ? ByteStringSet.fold(first) : first)] else { continue }
            // One token: look it up where it stands, without copying.
            let length = Int(records[i].end - records[i].start)
            if maxWords == 1 {
                if length <= set.maxLength && set.contains(base + Int(records[i].start), length) {
                    raw.append(RawMatch(start: Int(records[i].start), end: Int(records[i].end), rule: rule.index, captures: []))
                }
                continue
            }
            if !firstTokens.contains(base + Int(records[i].start), length) { continue }
            scratch.ngram.removeAll(keepingCapacity: true)
            var j = i
            while j < records.count && j - i < maxWords {
                let token = records[j]
                if j > i {
                    if records[j - 1].end < token.start { scratch.ngram.append(0x20) }
                }
                scratch.ngram.append(contentsOf: UnsafeBufferPointer(start: base + Int(token.start), count: Int(token.end - token.start)))
                if scratch.ngram.count > set.maxLength { break }
                let found = scratch.ngram.withUnsafeBufferPointer { set.contains($0.baseAddress!, $0.count) }
                if found {
                    raw.append(RawMatch(start: Int(records[i].start), end: Int(token.end), rule: rule.index, captures: []))
                }
                j += 1
            }
        }
    }
}
