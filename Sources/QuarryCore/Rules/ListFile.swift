import Foundation

/// A plain list file under `Rules/`: one entry a line, `#` starts a comment line, blank lines
/// are ignored. Entries keep their location so that errors point at them.
public struct ListFile: Sendable {
    /// One non-comment line, trimmed, with where it came from.
    public struct Entry: Sendable {
        /// The entry, surrounding whitespace trimmed (never empty, never a `#` comment).
        public var text: String
        /// The path of the list file the entry came from.
        public var file: String
        /// The entry's line in the file, counting from 1.
        public var line: Int
        /// The whole line as read (untrimmed, without its line break), for caret displays.
        public var sourceLine: String
        /// The 0-based column where `text` starts in `sourceLine`.
        public var indent: Int

        /// The location of the 1-based `column` of `text`.
        public func location(column: Int) -> Diagnostic.Location {
            Diagnostic.Location(file: file, line: line, column: column + indent, sourceLine: sourceLine)
        }
    }

    /// The file that was read.
    public let url: URL
    /// The entries in file order.
    public let entries: [Entry]

    /// Reads a list file.
    /// - Throws: ``LexiconError/missingFile(_:)`` or ``LexiconError/malformed(_:_:)`` for
    ///   a file that is not UTF-8.
    public init(url: URL) throws(LexiconError) {
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
        for (number, raw) in TextLines.split(text).enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
            result.append(Entry(text: trimmed, file: url.path, line: number + 1, sourceLine: raw, indent: indent))
        }
        self.url = url
        self.entries = result
    }
}

/// Why a list of language data could not be loaded.
public enum LexiconError: Error, Sendable, CustomStringConvertible {
    /// The file at this path could not be read (missing or unreadable).
    case missingFile(String)
    /// The file or one of its entries is invalid: where, and the message.
    case malformed(Diagnostic.Location, String)
    /// No `Rules/` directory was found; `searched` lists the directories tried, in order
    /// (``RulesLocator/candidates()``).
    case rulesNotFound(searched: [String])

    /// The message for the user, starting `error:` (compiler-style for `malformed`), with a hint
    /// on where Quarry looks for `Rules/`.
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
