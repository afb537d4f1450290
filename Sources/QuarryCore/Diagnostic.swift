/// A message about an input or a rule: an error, a warning or a note, optionally located.
///
/// Diagnostics print like a compiler's: `file:line:col: error: message`, followed by the
/// source line and a caret when the source text is known.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// Where a diagnostic points: a file (or document id), a 1-based line and column.
    public struct Location: Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int
        /// The text of the line, for the caret display.
        public var sourceLine: String?

        public init(file: String, line: Int, column: Int, sourceLine: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.sourceLine = sourceLine
        }
    }

    public var severity: Severity
    public var message: String
    public var location: Location?

    public init(_ severity: Severity, _ message: String, at location: Location? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// The compiler-style rendering: location, severity, message, then source line and caret.
    public var description: String {
        guard let location else { return "\(severity.rawValue): \(message)" }
        var text = "\(location.file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
        if let line = location.sourceLine {
            text += "\n" + line + "\n"
            // The caret goes under the column; tabs are kept so that it lines up.
            let prefix = line.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }
            text += prefix.joined() + "^"
        }
        return text
    }
}
