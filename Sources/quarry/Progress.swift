import Foundation
import QuarryCore
import QuarryIO

/// The progress line of a long run, on standard error when it is a terminal: documents, MB
/// read, MB/s, and the share done with an estimate of the time left when the inputs' total
/// size is known (files and folders; not standard input). It appears after a second, is
/// redrawn at most four times a second, and is erased before any message and at the end, so
/// nothing of it stays on the screen or in a log.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let total: Int?
    private var documents = 0
    private var bytes = 0
    private var lastDrawn: TimeInterval = 0
    private var shown = false

    /// A progress line for inputs of `total` bytes (nil: unknown).
    init(total: Int?) {
        self.total = total
    }

    /// Whether standard error is a terminal (the only place a progress line belongs).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// The total size of `inputs` as the reader will read them, or nil with standard input.
    static func totalBytes(of inputs: [String], reader: DocumentReader) -> Int? {
        var total = 0
        for input in inputs {
            if input == "-" { return nil }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else { continue }
            for path in isDirectory.boolValue ? reader.files(in: input) : [input] {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
                total += size
            }
        }
        return total
    }

    /// Input bytes read so far (called on the reading thread).
    func read(_ bytes: Int) {
        lock.lock()
        self.bytes = bytes
        lock.unlock()
    }

    /// One more document delivered; redraws the line when it is due.
    func delivered() {
        lock.lock()
        defer { lock.unlock() }
        documents += 1
        let elapsed = Date().timeIntervalSince(started)
        guard elapsed >= 1, elapsed - lastDrawn >= 0.25 else { return }
        lastDrawn = elapsed
        shown = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(elapsed: elapsed)).utf8))
    }

    /// Erases the line (before a message, and at the end).
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        shown = false
        lastDrawn = Date().timeIntervalSince(started)  // redraw after the message, not at once
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func line(elapsed: TimeInterval) -> String {
        let megabytes = Double(bytes) / 1_000_000
        let rate = megabytes / max(elapsed, 0.001)
        var text = "quarry: \(documents) document\(documents == 1 ? "" : "s"), \(String(format: "%.1f", megabytes)) MB, \(String(format: "%.1f", rate)) MB/s"
        if let total, total > 0 {
            let done = min(1, Double(bytes) / Double(total))
            text += String(format: ", %.0f%%", done * 100)
            if done > 0.001 && done < 1 {
                let left = Int((elapsed / done - elapsed).rounded())
                text += ", \(left / 60):\(String(format: "%02d", left % 60)) left"
            }
        }
        return text
    }
}

/// The reader's documents, reporting the bytes read to a progress line.
struct ReportingDocuments: Sequence {
    let base: DocumentReader.Documents
    let progress: Progress

    func makeIterator() -> Iterator { Iterator(base: base.makeIterator(), progress: progress) }

    struct Iterator: IteratorProtocol {
        var base: DocumentReader.Iterator
        let progress: Progress

        mutating func next() -> Result<Document, InputProblem>? {
            let item = base.next()
            progress.read(base.bytesRead)
            return item
        }
    }
}
