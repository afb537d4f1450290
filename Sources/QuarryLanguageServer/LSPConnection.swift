import Foundation

/// LSP's base protocol: each message is a JSON body after a `Content-Length: N` header and a
/// blank line (`\r\n\r\n`). Reads from one file handle, writes to another.
public final class LSPConnection {
    let input: FileHandle
    let output: FileHandle
    var buffer: [UInt8] = []

    /// A connection over `input` (the client's messages) and `output` (ours).
    public init(input: FileHandle, output: FileHandle) {
        self.input = input
        self.output = output
    }

    /// The next message's body, or nil at the end of the input. A header without
    /// Content-Length is skipped.
    public func read() -> [UInt8]? {
        while true {
            if let end = headerEnd() {
                let header = String(decoding: buffer[..<end], as: UTF8.self)
                let length = header.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first
                let bodyStart = end + 4
                guard let length, length >= 0 else {
                    buffer.removeFirst(bodyStart)
                    continue
                }
                while buffer.count < bodyStart + length {
                    guard fill() else { return nil }
                }
                let body = Array(buffer[bodyStart..<(bodyStart + length)])
                buffer.removeFirst(bodyStart + length)
                return body
            }
            guard fill() else { return nil }
        }
    }

    /// Writes one message.
    public func write(_ body: [UInt8]) {
        output.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + Data(body))
    }

    func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 0x0D && buffer[i + 1] == 0x0A && buffer[i + 2] == 0x0D && buffer[i + 3] == 0x0A {
            return i
        }
        return nil
    }

    func fill() -> Bool {
        let data = input.availableData
        if data.isEmpty { return false }
        buffer += data
        return true
    }
}
