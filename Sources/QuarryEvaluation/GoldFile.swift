import Foundation

/// A gold file in JSON Lines, one object a line, decoded with `Codable`.
///
/// Blank lines (nothing but spaces, tabs and carriage returns) are skipped; every other line
/// must decode, and a line that does not is a ``GoldFileError`` naming `file:line` and what
/// was expected there.
public struct GoldFile<Line: Decodable> {
    /// One decoded line with its 1-based line number.
    public struct Entry {
        /// The line number in the file, counting from 1.
        public var line: Int
        /// The line's decoded value.
        public var value: Line
    }

    /// The file that was read.
    public let url: URL
    /// The decoded lines in file order, blank lines left out.
    public let entries: [Entry]

    /// Reads and decodes every line.
    /// - Parameters:
    ///   - url: the JSON Lines gold file.
    ///   - expected: what a line should be, for the error message
    ///     ("a JSON object with \"text\" and \"sentences\"").
    /// - Throws: ``GoldFileError``.
    public init(url: URL, expected: String) throws(GoldFileError) {
        self.url = url
        var entries: [Entry] = []
        for (number, line) in try GoldFile.lines(url) {
            do {
                entries.append(Entry(line: number, value: try JSONDecoder().decode(Line.self, from: line)))
            } catch {
                throw GoldFileError(file: url.path, line: number, message: "expected \(expected)\(GoldFileError.detail(error))")
            }
        }
        self.entries = entries
    }

    /// The non-blank lines of a file with their 1-based numbers.
    static func lines(_ url: URL) throws(GoldFileError) -> [(Int, Data)] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GoldFileError(file: url.path, line: nil, message: "cannot read: \(error.localizedDescription)")
        }
        var result: [(Int, Data)] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            result.append((index + 1, Data(line)))
        }
        return result
    }
}

/// A gold file that cannot be read or has a line that is not what the evaluation expects.
public struct GoldFileError: Error, Sendable, CustomStringConvertible {
    /// The gold file's path.
    public var file: String
    /// The 1-based line, when the problem is on one line.
    public var line: Int?
    /// What is wrong ("expected a JSON object with …", "cannot read: …").
    public var message: String

    /// Makes an error about `file`; `line` counts from 1, nil when the whole file is at fault.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }

    /// What a decoding error says about the line, in a few words.
    static func detail(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "" }
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch error {
        case let .keyNotFound(key, context):
            let at = path(context.codingPath)
            return " (no \"\(key.stringValue)\"\(at.isEmpty ? "" : " in \(at)"))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return " (\(path(context.codingPath)) has the wrong type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? " (not valid JSON)" : " (\(path(context.codingPath)): \(context.debugDescription))"
        @unknown default:
            return ""
        }
    }
}
