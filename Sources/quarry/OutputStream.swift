import Foundation

/// A buffered writer to a file descriptor: output is built as bytes and written in large
/// chunks, so that millions of tokens do not mean millions of system calls.
final class OutputSink {
    // Unchecked: the sink is used by one thread; dynamic exclusivity checks on every write
    // cost about 15% of a `quarry run` (perf).
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let handle: FileHandle
    private let threshold = 1 << 16

    init(handle: FileHandle = .standardOutput) {
        self.handle = handle
        buffer.reserveCapacity(threshold + 4096)
    }

    deinit { flush() }

    @inline(__always)
    func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= threshold { flush() }
    }

    @inline(__always)
    func write<S: Sequence>(bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= threshold { flush() }
    }

    @inline(__always)
    func write(byte: UInt8) {
        buffer.append(byte)
    }

    func write(int value: Int) {
        if value >= 0 && value < 10 {
            buffer.append(UInt8(48 + value))
        } else {
            buffer.append(contentsOf: String(value).utf8)
        }
    }

    /// Writes `text` as a JSON string literal, quotes included.
    func writeJSONString<S: Sequence>(_ text: S) where S.Element == UInt8 {
        buffer.append(0x22)
        for b in text {
            switch b {
            case 0x22: buffer.append(contentsOf: [0x5C, 0x22])
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
            case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: buffer.append(b)
            }
        }
        buffer.append(0x22)
        if buffer.count >= threshold { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(handle.fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    // A closed pipe (quarry ... | head): stop quietly.
                    exit(errno == EPIPE ? 0 : 74)
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Messages for people, on standard error.
enum Console {
    static func warning(_ message: String) { print("quarry: warning: \(message)") }
    static func error(_ message: String) { print("quarry: error: \(message)") }
    static func note(_ message: String) { print(message) }

    private static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
