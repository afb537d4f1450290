import QuarryCore

/// How a word is usually written in running text, learned from unannotated documents: how
/// often it occurs (three bands) and how often it is capitalised where a sentence does not
/// start (four bands). It tells a proper noun from a common noun where case says nothing:
/// at a sentence's start, in a headline, in capitals.
///
/// Built by ``count(sentences:)`` from documents tokenized and split by Quarry itself; stored in
/// the model, keyed by the hash of the lower-cased word.
public struct CasingLexicon: Sendable {
    /// Lower-cased word hash -> band (1...12); 0 is "not seen often enough".
    var bands: [UInt64: UInt8] = [:] { didSet { storage = KeyTable(bands.map { ($0.key, UInt32($0.value)) }) } }
    private var storage = KeyTable([])

    /// Words seen fewer times than this are left out.
    public static let minimumCount = 5

    public init() {}

    init(bands: [UInt64: UInt8]) {
        self.bands = bands
        storage = KeyTable(bands.map { ($0.key, UInt32($0.value)) })
    }

    /// How many words it knows.
    public var count: Int { bands.count }

    /// Counts every word of `sentences` (each a list of words, as written): where it is not
    /// the sentence's first word, whether it starts with an upper-case letter.
    public static func count(sentences: some Sequence<[Substring]>) -> CasingLexicon {
        var seen: [UInt64: (total: Int, capitalised: Int)] = [:]
        for words in sentences {
            for (k, word) in words.enumerated() where k > 0 {
                guard let first = word.unicodeScalars.first, first.properties.isAlphabetic else { continue }
                let key = FeatureHash.string(LemmaRule.lowercased(word))
                var entry = seen[key] ?? (0, 0)
                entry.total += 1
                if first.properties.isUppercase { entry.capitalised += 1 }
                seen[key] = entry
            }
        }
        var bands: [UInt64: UInt8] = [:]
        for (key, entry) in seen where entry.total >= minimumCount {
            let frequency = entry.total < 20 ? 0 : entry.total < 200 ? 1 : 2
            let share = Double(entry.capitalised) / Double(entry.total)
            let capitals = share < 0.05 ? 0 : share < 0.5 ? 1 : share < 0.95 ? 2 : 3
            bands[key] = UInt8(1 + frequency * 4 + capitals)
        }
        return CasingLexicon(bands: bands)
    }

    /// The band of the word whose lower-cased hash is `lower`.
    @inline(__always)
    func band(_ lower: UInt64) -> UInt64 { UInt64(table.value(lower) ?? 0) }

    /// The bands as a hash table for lookups.
    private var table: KeyTable { storage }
}
