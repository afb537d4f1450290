import Foundation
import QuarryCore

/// The language data the tokenizer reads: abbreviations, hyphen prefixes, special tokens and
/// clitics. Loaded from plain files a user can edit (`Rules/en/*.txt`).
public struct TokenizerLexicon: Sendable {
    /// Abbreviations written with their period, exact-case entries.
    public var abbreviationsExact: ByteStringSet
    /// Abbreviations written all in lower case, matched in any case.
    public var abbreviationsFolded: ByteStringSet
    /// Prefixes that stay joined across a hyphen, without the hyphen, matched in any case.
    public var hyphenPrefixes: ByteStringSet
    /// Special tokens, indexed by first byte, longest first.
    var specials: [[SpecialToken]]
    /// Clitic suffixes with the apostrophe removed ("nt" for "n't"... see ``CliticSuffix``).
    var cliticSuffixes: [CliticSuffix]
    /// Whole words split at a fixed byte offset ("cannot" at 3), lower-cased keys.
    var wordSplits: [String: Int]
    var wordSplitKeys: ByteStringSet
    /// The (lower-case) first bytes of ``wordSplitKeys``: a cheap filter before hashing.
    var wordSplitFirstBytes: [Bool] = Array(repeating: false, count: 256)
    /// Words whose "'s" is a contraction ("it's" = it is), not a possessive; any case.
    var contractionHosts: ByteStringSet
    /// Top-level domains ("com", "uk"), any case: the last part of a domain name token, and a
    /// capitalised word after an unspaced period that does not start a sentence.
    public var topLevelDomains: ByteStringSet

    struct SpecialToken: Sendable {
        var bytes: [UInt8]
        var kind: TokenKind
    }

    /// A suffix such as "n't": `before` is the part before the apostrophe ("n"), `after` the
    /// part after it ("t"), both lower case.
    struct CliticSuffix: Sendable {
        var before: [UInt8]
        var after: [UInt8]
    }

    private var abbreviationList: [String] = []
    private var hyphenPrefixList: [String] = []

    /// Adds abbreviations (written with their period; all-lower-case entries match any case),
    /// for example from a `list` declared in a rule file (`tokenize abbreviations=@mine`).
    public mutating func addAbbreviations(_ entries: [String]) {
        abbreviationList += entries.filter { $0.hasSuffix(".") }
        abbreviationsExact = ByteStringSet(abbreviationList.filter { $0 != $0.lowercased() })
        abbreviationsFolded = ByteStringSet(abbreviationList.filter { $0 == $0.lowercased() }, caseInsensitive: true)
    }

    /// Adds prefixes that stay joined across a hyphen (without the hyphen).
    public mutating func addHyphenPrefixes(_ entries: [String]) {
        hyphenPrefixList += entries
        hyphenPrefixes = ByteStringSet(hyphenPrefixList, caseInsensitive: true)
    }

    /// An empty lexicon: only the tokenizer's shape rules apply.
    public init() {
        abbreviationsExact = ByteStringSet([])
        abbreviationsFolded = ByteStringSet([], caseInsensitive: true)
        hyphenPrefixes = ByteStringSet([], caseInsensitive: true)
        specials = Array(repeating: [], count: 256)
        cliticSuffixes = []
        wordSplits = [:]
        wordSplitKeys = ByteStringSet([], caseInsensitive: true)
        contractionHosts = ByteStringSet([], caseInsensitive: true)
        topLevelDomains = ByteStringSet([], caseInsensitive: true)
    }

    /// The file names read from a language directory.
    public enum FileName {
        /// Abbreviations with their period ("U.S.", "Mr."), one a line.
        public static let abbreviations = "abbreviations.txt"
        /// Prefixes that stay joined across a hyphen ("e", "re"), without the hyphen.
        public static let hyphenPrefixes = "hyphen-prefixes.txt"
        /// Tokens kept whole although they contain splitting characters ("AT&T", emoticons), with a kind.
        public static let specialTokens = "special-tokens.txt"
        /// How surface tokens split into words: suffixes ("n't"), whole words ("can|not"), `'s` hosts.
        public static let clitics = "clitics.txt"
        /// Top-level domains ("com"), shared with the sentence splitter (`TopLevelDomains`).
        public static let topLevelDomains = TopLevelDomains.fileName
    }

    /// Loads the five lists from `directory` (e.g. `Rules/en`).
    /// - Throws: `LexiconError` naming the file, and line and column for a malformed entry.
    public static func load(directory: URL) throws(LexiconError) -> TokenizerLexicon {
        var lexicon = TokenizerLexicon()
        let names = FileName.self
        let abbreviations = try entries(of: directory.appendingPathComponent(names.abbreviations))
        for entry in abbreviations where !entry.text.hasSuffix(".") {
            throw LexiconError.malformed(entry.location(column: entry.text.count + 1), "an abbreviation must end with a period: '\(entry.text)'")
        }
        let texts = abbreviations.map(\.text)
        lexicon.addAbbreviations(texts)

        let prefixes = try entries(of: directory.appendingPathComponent(names.hyphenPrefixes))
        for entry in prefixes where entry.text.contains("-") || entry.text.contains(" ") {
            throw LexiconError.malformed(entry.location(column: 1), "write a hyphen prefix without its hyphen: '\(entry.text)'")
        }
        lexicon.addHyphenPrefixes(prefixes.map(\.text))

        for entry in try entries(of: directory.appendingPathComponent(names.specialTokens)) {
            let fields = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            var kind = TokenKind.word
            if fields.count == 2 {
                guard let parsed = TokenKind.allCases.first(where: { $0.description == fields[1] }) else {
                    let column = entry.text.distance(from: entry.text.startIndex, to: fields[1].startIndex) + 1
                    throw LexiconError.malformed(entry.location(column: column), "unknown token kind '\(fields[1])' (expected one of: \(TokenKind.allCases.map(\.description).joined(separator: ", ")))")
                }
                kind = parsed
            } else if fields.count > 2 {
                throw LexiconError.malformed(entry.location(column: 1), "expected a token and an optional kind, found \(fields.count) fields")
            }
            let bytes = Array(fields[0].utf8)
            lexicon.specials[Int(bytes[0])].append(SpecialToken(bytes: bytes, kind: kind))
        }
        for i in lexicon.specials.indices { lexicon.specials[i].sort { $0.bytes.count > $1.bytes.count } }

        var splitKeys: [String] = []
        var hosts: [String] = []
        for entry in try entries(of: directory.appendingPathComponent(names.clitics)) {
            let fields = entry.text.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "host" {
                hosts += fields.dropFirst().map { String($0) }
                continue
            }
            guard fields.count == 2, fields[0] == "suffix" || fields[0] == "word" else {
                throw LexiconError.malformed(entry.location(column: 1), "expected 'suffix TEXT', 'word HOST|CLITIC' or 'host WORD...'")
            }
            let value = String(fields[1]).lowercased()
            if fields[0] == "suffix" {
                let normalized = value.replacingOccurrences(of: "’", with: "'")
                guard let apostrophe = normalized.firstIndex(of: "'") else {
                    throw LexiconError.malformed(entry.location(column: 8), "a clitic suffix must contain an apostrophe: '\(value)'")
                }
                lexicon.cliticSuffixes.append(CliticSuffix(
                    before: Array(normalized[..<apostrophe].utf8),
                    after: Array(normalized[normalized.index(after: apostrophe)...].utf8)))
            } else {
                let parts = value.split(separator: "|")
                guard parts.count == 2 else {
                    throw LexiconError.malformed(entry.location(column: 6), "write a split word as HOST|CLITIC: '\(value)'")
                }
                let key = parts.joined()
                lexicon.wordSplits[key] = parts[0].utf8.count
                splitKeys.append(key)
            }
        }
        lexicon.wordSplitKeys = ByteStringSet(splitKeys, caseInsensitive: true)
        for key in splitKeys { if let first = key.utf8.first { lexicon.wordSplitFirstBytes[Int(ASCII.lowercase(first))] = true } }
        lexicon.contractionHosts = ByteStringSet(hosts, caseInsensitive: true)
        let domains = try TopLevelDomains(url: directory.appendingPathComponent(names.topLevelDomains))
        lexicon.topLevelDomains = ByteStringSet(domains.all, caseInsensitive: true)
        return lexicon
    }

    /// Loads the English lexicon from the default rules directory (see `RulesLocator`).
    public static func english() throws(LexiconError) -> TokenizerLexicon {
        guard let root = RulesLocator.defaultDirectory() else {
            throw LexiconError.rulesNotFound(searched: RulesLocator.candidates().map(\.path))
        }
        return try load(directory: root.appendingPathComponent("en"))
    }

    typealias Entry = ListFile.Entry

    static func entries(of url: URL) throws(LexiconError) -> [Entry] {
        try ListFile(url: url).entries
    }
}

