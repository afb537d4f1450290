import QuarryCore

/// Collects errors and warnings with their positions while files are parsed and resolved;
/// they become located ``Diagnostic``s once all files are known.
final class DiagnosticSink {
    struct Entry {
        var severity: Diagnostic.Severity
        var position: SourcePosition?
        var message: String
        /// Notes printed after the diagnostic ("in macro TITLE defined at ...").
        var notes: [(SourcePosition?, String)] = []
    }

    private(set) var entries: [Entry] = []

    func error(_ position: SourcePosition?, _ message: String, notes: [(SourcePosition?, String)] = []) {
        entries.append(Entry(severity: .error, position: position, message: message, notes: notes))
    }

    func warning(_ position: SourcePosition?, _ message: String, notes: [(SourcePosition?, String)] = []) {
        entries.append(Entry(severity: .warning, position: position, message: message, notes: notes))
    }

    var hasErrors: Bool { entries.contains { $0.severity == .error } }

    /// The entries as diagnostics, notes following their diagnostic, in file order.
    func diagnostics(_ files: [SourceFile]) -> [Diagnostic] {
        func location(_ position: SourcePosition?) -> Diagnostic.Location? {
            guard let position, position.file < files.count else { return nil }
            return files[position.file].location(line: position.line, byte: position.byte)
        }
        var result: [Diagnostic] = []
        let ordered = entries.enumerated().sorted { a, b in
            let x = a.element.position, y = b.element.position
            switch (x, y) {
            case let (x?, y?): return (x.file, x.line, x.byte, a.offset) < (y.file, y.line, y.byte, b.offset)
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }
        for (_, entry) in ordered {
            result.append(Diagnostic(entry.severity, entry.message, at: location(entry.position)))
            for (position, note) in entry.notes { result.append(Diagnostic(.note, note, at: location(position))) }
        }
        return result
    }
}
