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

    /// An empty lexicon: only the tokenizer's shape rules apply.
    public init() {
        abbreviationsExact = ByteStringSet([])
        abbreviationsFolded = ByteStringSet([], caseInsensitive: true)
        hyphenPrefixes = ByteStringSet([], caseInsensitive: true)
        specials = Array(repeating: [], count: 256)
        cliticSuffixes = []
        wordSplits = [:]
        wordSplitKeys = ByteStringSet([], caseInsensitive: true)
    }

    /// The file names read from a language directory.
    public static let fileNames = (
        abbreviations: "abbreviations.txt", hyphenPrefixes: "hyphen-prefixes.txt",
        specialTokens: "special-tokens.txt", clitics: "clitics.txt")

    /// Loads the four lists from `directory` (e.g. `Rules/en`).
    /// - Throws: ``LexiconError`` naming the file, and line and column for a malformed entry.
    public static func load(directory: URL) throws(LexiconError) -> TokenizerLexicon {
        var lexicon = TokenizerLexicon()
        let names = fileNames
        let abbreviations = try entries(of: directory.appendingPathComponent(names.abbreviations))
        for entry in abbreviations where !entry.text.hasSuffix(".") {
            throw LexiconError.malformed(entry.location(column: entry.text.count + 1), "an abbreviation must end with a period: '\(entry.text)'")
        }
        let texts = abbreviations.map(\.text)
        lexicon.abbreviationsExact = ByteStringSet(texts.filter { $0 != $0.lowercased() })
        lexicon.abbreviationsFolded = ByteStringSet(texts.filter { $0 == $0.lowercased() }, caseInsensitive: true)

        let prefixes = try entries(of: directory.appendingPathComponent(names.hyphenPrefixes))
        for entry in prefixes where entry.text.contains("-") || entry.text.contains(" ") {
            throw LexiconError.malformed(entry.location(column: 1), "write a hyphen prefix without its hyphen: '\(entry.text)'")
        }
        lexicon.hyphenPrefixes = ByteStringSet(prefixes.map(\.text), caseInsensitive: true)

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
        for entry in try entries(of: directory.appendingPathComponent(names.clitics)) {
            let fields = entry.text.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, fields[0] == "suffix" || fields[0] == "word" else {
                throw LexiconError.malformed(entry.location(column: 1), "expected 'suffix TEXT' or 'word HOST|CLITIC'")
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
        return lexicon
    }

    /// Loads the English lexicon from the default rules directory (see ``RulesLocator``).
    public static func english() throws(LexiconError) -> TokenizerLexicon {
        guard let root = RulesLocator.defaultDirectory() else {
            throw LexiconError.rulesNotFound(searched: RulesLocator.candidates().map(\.path))
        }
        return try load(directory: root.appendingPathComponent("en"))
    }

    struct Entry {
        var text: String
        var file: String
        var line: Int
        var sourceLine: String
        var indent: Int
        func location(column: Int) -> Diagnostic.Location {
            Diagnostic.Location(file: file, line: line, column: column + indent, sourceLine: sourceLine)
        }
    }

    /// The non-comment, non-blank lines of a list file, trimmed.
    static func entries(of url: URL) throws(LexiconError) -> [Entry] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LexiconError.missingFile(url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LexiconError.malformed(Diagnostic.Location(file: url.path, line: 1, column: 1), "the file is not valid UTF-8")
        }
        var result: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let raw = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
            result.append(Entry(text: trimmed, file: url.path, line: number + 1, sourceLine: raw, indent: indent))
        }
        return result
    }
}

/// Why a lexicon could not be loaded.
public enum LexiconError: Error, Sendable, CustomStringConvertible {
    case missingFile(String)
    case malformed(Diagnostic.Location, String)
    case rulesNotFound(searched: [String])

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "error: cannot read \(path): no such file (set \(RulesLocator.environmentVariable) to the Rules directory, or pass --rules)"
        case let .malformed(location, message):
            return Diagnostic(.error, message, at: location).description
        case let .rulesNotFound(searched):
            return "error: cannot find Quarry's Rules directory; set \(RulesLocator.environmentVariable). Searched:\n  " + searched.joined(separator: "\n  ")
        }
    }
}
