import Foundation

/// A buffered byte sink: output is built as bytes and written in large chunks, so that
/// millions of tokens do not mean millions of system calls.
///
/// A sink writes to a file descriptor (``init(fileDescriptor:)``) or collects the bytes in
/// memory (``init()``, read them with ``bytes``), for embedders that want a JSON string
/// rather than a file. Not thread-safe: one writer uses it.
public final class OutputSink {
    /// Why writing stopped.
    public enum WriteFailure: Sendable, Equatable {
        /// The reader went away (`quarry ... | head`).
        case closedPipe
        /// Any other `write(2)` error, with its `errno`.
        case error(Int32)
    }

    // Unchecked: the sink is used by one thread; dynamic exclusivity checks on every write
    // cost about 15% of a `quarry run` (perf).
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let fileDescriptor: Int32?
    private let threshold = 1 << 16
    private var collected: [UInt8] = []

    /// Set when a write failed; later output is dropped.
    public private(set) var failure: WriteFailure?
    /// Called once, on the first failed write. The command-line tool exits there; the
    /// default only records ``failure``.
    public var onFailure: (WriteFailure) -> Void = { _ in }

    /// A sink that writes to `fileDescriptor` (1 is standard output). The descriptor is not
    /// closed.
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(threshold + 4096)
    }

    /// A sink that keeps everything in memory; see ``bytes`` and ``string``.
    public init() {
        self.fileDescriptor = nil
    }

    deinit { flush() }

    /// Everything written so far (in-memory sinks only; empty for file sinks).
    public var bytes: [UInt8] {
        flush()
        return collected
    }

    /// Everything written so far as a string (in-memory sinks only).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes `string` as UTF-8; the buffer goes out when it passes its threshold.
    @inline(__always)
    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= threshold { flush() }
    }

    /// Writes `bytes` as they are; the buffer goes out when it passes its threshold.
    @inline(__always)
    public func write<S: Sequence>(bytes: S) where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= threshold { flush() }
    }

    /// Writes one byte, without checking the threshold (the next larger write or ``flush()`` does).
    @inline(__always)
    public func write(byte: UInt8) {
        buffer.append(byte)
    }

    /// Writes a decimal integer.
    public func write(int value: Int) {
        if value >= 0 && value < 10 {
            buffer.append(UInt8(48 + value))
        } else {
            buffer.append(contentsOf: String(value).utf8)
        }
    }

    /// Writes `text` as a JSON string literal, quotes included.
    public func writeJSONString<S: Sequence>(_ text: S) where S.Element == UInt8 {
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

    /// Writes out the buffer.
    public func flush() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let fileDescriptor else {
            collected.append(contentsOf: buffer)
            return
        }
        guard failure == nil else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    let failure: WriteFailure = errno == EPIPE ? .closedPipe : .error(errno)
                    self.failure = failure
                    onFailure(failure)
                    return
                }
                offset += written
            }
        }
    }
}
