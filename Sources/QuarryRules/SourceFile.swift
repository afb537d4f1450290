import Foundation
import QuarryCore

/// A rule file's text split into lines, with the name diagnostics use for it.
struct SourceFile {
    let url: URL
    /// The path as diagnostics print it: relative to the working directory when inside it.
    let displayPath: String
    let lines: [String]

    init(url: URL, text: String) {
        self.url = url.standardizedFileURL
        self.displayPath = SourceFile.display(self.url)
        self.lines = TextLines.split(text)
    }

    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }

    /// The location of a 0-based UTF-8 byte offset in a 1-based line, as a 1-based
    /// character column (what editors show), with the line's text for the caret.
    func location(line: Int, byte: Int) -> Diagnostic.Location {
        let text = line >= 1 && line <= lines.count ? lines[line - 1] : ""
        return Diagnostic.Location(file: displayPath, line: line, column: SourceFile.column(in: text, byte: byte), sourceLine: text)
    }

    static func column(in text: String, byte: Int) -> Int {
        let utf8 = text.utf8
        let clamped = max(0, min(byte, utf8.count))
        let index = utf8.index(utf8.startIndex, offsetBy: clamped)
        return text[..<index].count + 1
    }
}

/// A position in a rule file before it is turned into a diagnostic location.
struct SourcePosition: Sendable, Hashable {
    var file: Int
    var line: Int
    /// 0-based UTF-8 byte offset in the line.
    var byte: Int
}
