import Foundation
import QuarryTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `quarry serve` over a real socket, as curl or a notebook would use it.
@Suite("quarry serve", .serialized)
struct ServeTests {
    /// One HTTP/1.1 exchange over a fresh connection (Connection: close): status and body.
    static func request(port: Int, _ method: String, _ path: String, body: [UInt8] = [], headers: [String: String] = [:]) throws -> (status: Int, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let message = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < message.count {
            let n = message[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return (0, text) }
        let statusLine = text[..<split.lowerBound].split(separator: "\r\n").first ?? ""
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var payload = String(text[split.upperBound...])
        if text[..<split.lowerBound].lowercased().contains("transfer-encoding: chunked") { payload = dechunk(payload) }
        return (status, payload)
    }

    static func dechunk(_ text: String) -> String {
        var out = "", rest = Substring(text)
        while let line = rest.range(of: "\r\n"), let size = Int(rest[..<line.lowerBound], radix: 16), size > 0 {
            let start = line.upperBound
            let bytes = Array(rest[start...].utf8)
            out += String(decoding: bytes.prefix(size), as: UTF8.self)
            rest = Substring(String(decoding: bytes.dropFirst(size + 2), as: UTF8.self))
        }
        return out
    }

    @Test("serve: health, pipelines, annotate, the page, errors with status codes; 127.0.0.1 by default")
    func serve() throws {
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = QuarryCLI.executable
        process.arguments = ["serve", "Rules/news.quarry", "--port", String(port), "--max-body", "5000"]
        process.currentDirectoryURL = Fixtures.packageRoot
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        // Wait (up to 60 s: a debug build loads the rules slowly) until it listens.
        var ready = false
        for _ in 0..<600 where !ready {
            Thread.sleep(forTimeInterval: 0.1)
            ready = (try? Self.request(port: port, "GET", "/healthz"))?.status == 200
            if !process.isRunning { break }
        }
        #expect(ready, "quarry serve did not start listening on port \(port)")
        guard ready else { return }

        let health = try Self.request(port: port, "GET", "/healthz")
        #expect(health.body.contains("\"status\":\"ok\""), "\(health)")
        let pipelines = try Self.request(port: port, "GET", "/v1/pipelines")
        #expect(pipelines.status == 200 && pipelines.body.contains("\"name\":\"news\""), "\(pipelines)")

        let json = Array(#"{"text": "“We will not give up,” Antony Blinken said in Seoul."}"#.utf8)
        let annotated = try Self.request(port: port, "POST", "/v1/annotate", body: json, headers: ["Content-Type": "application/json"])
        #expect(annotated.status == 200, "\(annotated)")
        let object = try JSONSerialization.jsonObject(with: Data(annotated.body.utf8)) as? [String: Any]
        #expect((object?["quotes"] as? [[String: Any]])?.first?["entity"] as? String == "Antony Blinken", "\(annotated)")

        let page = try Self.request(port: port, "GET", "/")
        #expect(page.status == 200 && page.body.contains("<form") && page.body.contains("/v1/annotate") && !page.body.contains("http://"), "\(page.body.prefix(300))")

        let bad = try Self.request(port: port, "POST", "/v1/annotate", body: Array("{oops".utf8))
        #expect(bad.status == 400 && bad.body.contains("not valid JSON"), "\(bad)")
        let unknown = try Self.request(port: port, "POST", "/v1/annotate?pipeline=nope", body: json)
        #expect(unknown.status == 404 && unknown.body.contains("no pipeline named 'nope'"), "\(unknown)")
        let large = try Self.request(port: port, "POST", "/v1/annotate", body: Array(repeating: 0x61, count: 6_000), headers: ["Content-Type": "text/plain"])
        #expect(large.status == 413 && large.body.contains("limit of 5000 bytes"), "\(large)")
        let route = try Self.request(port: port, "GET", "/etc/passwd")
        #expect(route.status == 404, "\(route)")

        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("listening on http://127.0.0.1:\(port)/"), "\(log)")
    }

    @Test("serve: a rule file with errors stops before listening, with file:line:col")
    func badRules() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            _ = try QuarryCLI.write("rule broken X /(/\npipeline p\n  patterns\n", to: "bad.quarry", in: directory)
            let result = try QuarryCLI.run(["serve", "bad.quarry", "--port", "1"], in: directory)
            #expect(result.status == 1 && result.err.contains("bad.quarry:1:"), "\(result)")
        }
    }
}
