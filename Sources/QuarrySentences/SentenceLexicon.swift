import Foundation
import QuarryCore

/// The lists the sentence splitter reads from `Rules/<language>/`:
///
/// - `sentence-abbreviations.txt`: abbreviations by how they decide boundaries (``Kind``);
/// - `abbreviations.txt` (shared with the tokenizer): any other abbreviation, treated as
///   ``Kind/prenominal``;
/// - `sentence-starters.txt`: the words that end a sentence after a prenominal abbreviation;
/// - shared with the tokenizer, and optional: `special-tokens.txt` (names ending in "!"),
///   `clitics.txt` (the clitics after an apostrophe, "'s", "'re", which are not quotation
///   marks) and `top-level-domains.txt` (no boundary at "Newsfeed.Com").
public struct SentenceLexicon: Sendable {
    /// How an abbreviation decides a sentence boundary after it.
    public enum Kind: String, Sendable, CaseIterable {
        /// Never ends a sentence before a capital or a number ("Mr.", "No.", "p.").
        case title
        /// Ends one only before a sentence starter ("U.S.", "Inc.").
        case prenominal
        /// Ends one before any capital ("etc.", "Ph.D.").
        case final
        /// Follows a number ("a.m.", "B.C."): ends one unless the sentence so far is an
        /// introduction ("At 5 a.m. Mr. Smith went" is one sentence) or the next word continues
        /// the time (``afterTime``: "5 p.m. Monday", "10 a.m. EST").
        case time
        /// A month ("Jan.", "Sept."): takes a day or a year ("Jan. 19", "Jan. 2020"). News style
        /// abbreviates a month only before a day, so one without a number ends a sentence before
        /// a capital ("lost 3% in Aug. Managers"), as a ``time`` does.
        case month
        /// Ends a street name ("Ave.", "Blvd."): ends a sentence before any capital but a
        /// compass point (``afterStreet``: "1100 Harmon Ave. NW").
        case street
        /// A title before a name ("St. Louis", "Dr. Jones"), or the end of a name after a
        /// capitalised word ("Main St.", "Elm Dr.", "John Hale Sr."), where it ends a sentence
        /// only before a sentence starter, or after an ordinal ("5th St."), where it ends one as
        /// a ``street`` does.
        case postnominal
        /// A state ("Calif.", "N.Y."): after a capitalised word and a comma ("Fresno, Calif.")
        /// it ends a sentence before any capital, since news style puts a comma after the state
        /// when the sentence goes on ("Worcester, Mass., and"); elsewhere ("the Mass.
        /// Turnpike") it is ``prenominal``.
        case state
    }

    var exact: [Kind: ByteStringSet] = [:]
    var folded: [Kind: ByteStringSet] = [:]
    /// Words that may introduce a time at the start of a sentence ("at", "on", "by").
    public var introWords = ByteStringSet([], caseInsensitive: true)
    /// Capitalised words that continue a sentence after a time ("Monday", "EST", "Jan"): the
    /// `after-time` lines of `sentence-abbreviations.txt`; exact case.
    public var afterTime = ByteStringSet([])
    /// Capitalised words that continue a sentence after a street ("NW", "North"): the
    /// `after-street` lines; exact case.
    public var afterStreet = ByteStringSet([])
    /// Words that start sentences ("The", "He", "How").
    public var starters = ByteStringSet([])
    /// Names that end with "!" ("Yahoo!"), from the tokenizer's `special-tokens.txt`: they end
    /// a sentence only before a sentence starter.
    public var exclamationNames = ByteStringSet([])
    /// What follows the apostrophe of a clitic ("s", "re", "t" of "n't"), from the `suffix`
    /// lines of the tokenizer's `clitics.txt`; any case. An apostrophe before one of these in
    /// pre-tokenized text ("it 's") is not a quotation mark.
    public var clitics = ByteStringSet([], caseInsensitive: true)
    /// Top-level domains after which an unspaced period does not end a sentence
    /// ("Newsfeed.Com"), from `top-level-domains.txt` (`TopLevelDomains/afterPeriod`); any case.
    public var topLevelDomains = ByteStringSet([], caseInsensitive: true)

    /// Empty lists: only the splitter's shape rules apply.
    public init() {}

    /// The kind of the abbreviation in `count` bytes at `p` (with its final period), if listed.
    func kind(of p: UnsafePointer<UInt8>, _ count: Int) -> Kind? {
        // An exact-case entry wins over a case-folded one ("Ft." title, "ft." final).
        for kind in Kind.allCases where exact[kind]?.contains(p, count) == true { return kind }
        for kind in Kind.allCases where folded[kind]?.contains(p, count) == true { return kind }
        return nil
    }

    /// Adds abbreviations of one kind (entries ending with a period).
    public mutating func add(_ abbreviations: [String], as kind: Kind) {
        var exactList: [String] = []
        var foldedList: [String] = []
        for entry in abbreviations {
            if entry == entry.lowercased() { foldedList.append(entry) } else { exactList.append(entry) }
        }
        exact[kind] = ByteStringSet((storedExact[kind] ?? []) + exactList)
        folded[kind] = ByteStringSet((storedFolded[kind] ?? []) + foldedList, caseInsensitive: true)
        storedExact[kind, default: []] += exactList
        storedFolded[kind, default: []] += foldedList
    }

    private var starterList: [String] = []

    /// Adds words that start sentences (for example from a rule file's `list`).
    public mutating func addStarters(_ words: [String]) {
        starterList += words
        starters = ByteStringSet(starterList)
    }

    private var storedExact: [Kind: [String]] = [:]
    private var storedFolded: [Kind: [String]] = [:]

    /// The names of the list files read from a language directory such as `Rules/en`.
    public enum FileName {
        /// Abbreviations by kind (`title`, `prenominal`, `final`, …): how each decides a boundary.
        public static let abbreviations = "sentence-abbreviations.txt"
        /// The tokenizer's abbreviations; those not classified above count as `prenominal`.
        public static let shared = "abbreviations.txt"
        /// Words that start a sentence after an abbreviation that may end one ("How"), one a line.
        public static let starters = "sentence-starters.txt"
        /// The tokenizer's special tokens, read for names ending in "!" ("Yahoo!"); optional.
        public static let specialTokens = "special-tokens.txt"
        /// The tokenizer's clitics, read for the suffixes after an apostrophe; optional.
        public static let clitics = "clitics.txt"
        /// Top-level domains: no boundary at an unspaced period before one ("Newsfeed.Com"); optional.
        public static let topLevelDomains = TopLevelDomains.fileName
    }

    /// Loads the lists from a language directory such as `Rules/en`.
    /// - Throws: `LexiconError` with the file, line and column of a malformed entry.
    public static func load(directory: URL) throws(LexiconError) -> SentenceLexicon {
        var lexicon = SentenceLexicon()
        var classified: [String: Kind] = [:]
        var intro: [String] = []
        var afterTime: [String] = []
        var afterStreet: [String] = []
        for entry in try ListFile(url: directory.appendingPathComponent(FileName.abbreviations)).entries {
            var fields = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let kindName = fields.removeFirst()
            // Word lines (no periods): the words themselves, not abbreviations.
            switch kindName {
            case "intro": intro += fields; continue
            case "after-time": afterTime += fields; continue
            case "after-street": afterStreet += fields; continue
            default: break
            }
            guard let kind = Kind(rawValue: kindName) else {
                let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw LexiconError.malformed(entry.location(column: 1), "unknown kind '\(kindName)' (expected \(kinds), intro, after-time or after-street)")
            }
            var column = kindName.count + 2
            for field in fields {
                if !field.hasSuffix(".") {
                    if let range = entry.text.range(of: field) { column = entry.text.distance(from: entry.text.startIndex, to: range.lowerBound) + 1 }
                    throw LexiconError.malformed(entry.location(column: column), "an abbreviation must end with a period: '\(field)'")
                }
                classified[field] = kind
            }
            lexicon.add(fields, as: kind)
        }
        lexicon.introWords = ByteStringSet(intro, caseInsensitive: true)
        lexicon.afterTime = ByteStringSet(afterTime)
        lexicon.afterStreet = ByteStringSet(afterStreet)
        // The tokenizer's abbreviations that are not classified above are prenominal.
        let shared = try ListFile(url: directory.appendingPathComponent(FileName.shared)).entries.map(\.text)
        let classifiedFolded = Set(classified.keys.map { $0.lowercased() })
        lexicon.add(shared.filter { !classifiedFolded.contains($0.lowercased()) && $0.hasSuffix(".") }, as: .prenominal)
        let starters = try ListFile(url: directory.appendingPathComponent(FileName.starters)).entries
        for entry in starters where entry.text.contains(" ") {
            throw LexiconError.malformed(entry.location(column: 1), "expected one word a line: '\(entry.text)'")
        }
        lexicon.addStarters(starters.map(\.text))
        // Optional: names ending in "!" from the tokenizer's special tokens.
        let specials = directory.appendingPathComponent(FileName.specialTokens)
        if FileManager.default.fileExists(atPath: specials.path) {
            let names = try ListFile(url: specials).entries.compactMap { entry -> String? in
                let token = entry.text.split(separator: " ").first.map(String.init) ?? ""
                return token.count > 1 && token.hasSuffix("!") ? token : nil
            }
            lexicon.exclamationNames = ByteStringSet(names)
        }
        // Optional: the clitics' text after the apostrophe ("suffix n't" -> "t"), from the
        // tokenizer's file; its other lines (words, hosts) are the tokenizer's business.
        let clitics = directory.appendingPathComponent(FileName.clitics)
        if FileManager.default.fileExists(atPath: clitics.path) {
            let afterApostrophe = try ListFile(url: clitics).entries.compactMap { entry -> String? in
                let fields = entry.text.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count == 2, fields[0] == "suffix" else { return nil }
                let value = fields[1].lowercased().replacingOccurrences(of: "’", with: "'")
                guard let apostrophe = value.firstIndex(of: "'") else { return nil }
                let after = value[value.index(after: apostrophe)...]
                return after.isEmpty ? nil : String(after)
            }
            lexicon.clitics = ByteStringSet(afterApostrophe, caseInsensitive: true)
        }
        // Optional: the domains shared with the tokenizer.
        let domains = directory.appendingPathComponent(FileName.topLevelDomains)
        if FileManager.default.fileExists(atPath: domains.path) {
            lexicon.topLevelDomains = ByteStringSet(try TopLevelDomains(url: domains).afterPeriod, caseInsensitive: true)
        }
        return lexicon
    }

    /// Loads the English lists from the default rules directory.
    public static func english() throws(LexiconError) -> SentenceLexicon {
        guard let root = RulesLocator.defaultDirectory() else {
            throw LexiconError.rulesNotFound(searched: RulesLocator.candidates().map(\.path))
        }
        return try load(directory: root.appendingPathComponent("en"))
    }
}
