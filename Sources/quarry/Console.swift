import Foundation
import QuarryIO

/// Messages for people, on standard error.
enum Console {
    /// The progress line of the current run, erased before each message.
    nonisolated(unsafe) static var progress: Progress?
    /// `--quiet`: warnings are not printed (errors still are).
    nonisolated(unsafe) static var quiet = false

    static func warning(_ message: String) { if !quiet { print("quarry: warning: \(message)") } }
    static func error(_ message: String) { print("quarry: error: \(message)") }
    static func note(_ message: String) { print(message) }

    private static func print(_ line: String) {
        progress?.clear()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension OutputSink {
    /// Standard output. A closed pipe (`quarry ... | head`) ends the program quietly; any
    /// other write error ends it with status 74 (EX_IOERR).
    static var standardOutput: OutputSink {
        let sink = OutputSink(fileDescriptor: STDOUT_FILENO)
        sink.onFailure = { failure in exit(failure == .closedPipe ? 0 : 74) }
        return sink
    }
}
