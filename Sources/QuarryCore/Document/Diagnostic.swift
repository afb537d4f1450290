/// A message about an input or a rule: an error, a warning or a note, optionally located.
///
/// Diagnostics print like a compiler's: `file:line:col: error: message`, followed by the
/// source line and a caret when the source text is known.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is; its raw value is the word printed before the message.
    public enum Severity: String, Sendable, Hashable {
        /// A failure: a rule file with errors does not load; on a document, a stage that failed
        /// or was skipped.
        case error
        /// A problem that does not stop the work (a repaired input, a suspicious rule).
        case warning
        /// More on the diagnostic just before it, such as where a duplicate name was first declared.
        case note
    }

    /// Where a diagnostic points: a file (or document id), a 1-based line and column.
    public struct Location: Sendable, Hashable {
        /// The path of the rule or list file, as shown to the user, or a document's id.
        public var file: String
        /// The line, counting from 1.
        public var line: Int
        /// The column, counting from 1, in characters of ``sourceLine``.
        public var column: Int
        /// The text of the line, for the caret display.
        public var sourceLine: String?

        /// Makes a location; `line` and `column` count from 1. Without `sourceLine`, no caret is shown.
        public init(file: String, line: Int, column: Int, sourceLine: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.sourceLine = sourceLine
        }
    }

    /// Whether this is an error, a warning or a note.
    public var severity: Severity
    /// The message, without location or severity (those are added by ``description``).
    public var message: String
    /// Where the problem is, or nil when it has no place in a file (a stage that failed).
    public var location: Location?

    /// Makes a diagnostic; leave `location` nil when the problem has no place in a file.
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
