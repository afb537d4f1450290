import Foundation
import QuarryTestSupport
import Testing

/// Runs the built `quarry` executable as a user would: a separate process, with its exit
/// status, standard output and standard error captured.
enum QuarryCLI {
    /// What one run of `quarry` produced.
    struct Result: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool

        var out: String { String(decoding: stdout, as: UTF8.self) }
        var err: String { String(decoding: stderr, as: UTF8.self) }

        var description: String {
            "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stderr:\n\(err.prefix(2_000))\n--- stdout:\n\(out.prefix(2_000))"
        }
    }

    /// The `quarry` executable built next to this test bundle (`.build/<config>/quarry`),
    /// else `<package>/.build/debug/quarry`.
    static let executable: URL = {
        let fm = FileManager.default
        var starts: [URL] = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent(),
        ]
        starts += Bundle.allBundles.map(\.bundleURL)
        for start in starts {
            var directory = start.standardizedFileURL
            // The bundle itself, then its parents: `.build/debug/X.xctest` -> `.build/debug`.
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("quarry")
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   fm.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                directory.deleteLastPathComponent()
            }
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/quarry")
    }()

    /// Runs `quarry arguments...` in `directory` (default: the package root), feeding `stdin`
    /// (default: nothing, as from /dev/null). Output goes through files, not pipes, so that a
    /// large output can never dead-lock the test; a run longer than `timeout` is killed.
    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                    timeout: TimeInterval = 20) throws -> Result {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("quarry-cli-io-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }

        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        _ = fm.createFile(atPath: inURL.path, contents: stdin ?? Data())

        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Fixtures.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["QUARRY_RULES"] = nil  // the Rules/ shipped with this build tree
        process.environment = environment
        process.standardInput = inHandle
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try Data(contentsOf: outURL),
                      stderr: try Data(contentsOf: errURL),
                      timedOut: timedOut)
    }

    /// Runs `body` with a fresh temporary directory, removed afterwards.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("quarry-cli-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: directory) }
        return try body(directory)
    }

    /// Writes `bytes` to `name` inside `directory`.
    @discardableResult
    static func write(_ bytes: [UInt8], to name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @discardableResult
    static func write(_ text: String, to name: String, in directory: URL) throws -> URL {
        try write(Array(text.utf8), to: name, in: directory)
    }
}

// MARK: - Reading the JSON output

/// One token of the JSON output.
struct OutputToken: Sendable, Equatable, CustomStringConvertible {
    var start: Int
    var end: Int
    var text: String
    var kind: String

    var description: String { "\(start)..<\(end) \(kind) \"\(text)\"" }
}

/// One document of the JSON output.
struct OutputDocument: Sendable {
    var id: String
    var tokens: [OutputToken]
    var diagnostics: [[String: String]]
}

enum OutputError: Error, CustomStringConvertible {
    case malformed(String)
    var description: String {
        switch self { case let .malformed(why): return "malformed quarry output: \(why)" }
    }
}

enum OutputParser {
    /// The kinds `quarry tokenize --help` documents.
    static let documentedKinds: Set<String> = [
        "word", "number", "punct", "symbol", "url", "email", "handle", "hashtag", "emoticon", "ideographic",
    ]

    static func document(_ value: Any) throws -> OutputDocument {
        guard let object = value as? [String: Any] else { throw OutputError.malformed("not an object: \(value)") }
        guard let id = object["id"] as? String else { throw OutputError.malformed("no string \"id\"") }
        guard let rawTokens = object["tokens"] as? [Any] else { throw OutputError.malformed("no \"tokens\" array in \(id)") }
        var tokens: [OutputToken] = []
        tokens.reserveCapacity(rawTokens.count)
        for raw in rawTokens {
            guard let token = raw as? [String: Any],
                  let start = token["start"] as? Int, let end = token["end"] as? Int,
                  let text = token["text"] as? String, let kind = token["kind"] as? String else {
                throw OutputError.malformed("bad token \(raw) in \(id)")
            }
            tokens.append(OutputToken(start: start, end: end, text: text, kind: kind))
        }
        let diagnostics = (object["diagnostics"] as? [[String: Any]] ?? []).map { entry in
            entry.compactMapValues { $0 as? String }
        }
        return OutputDocument(id: id, tokens: tokens, diagnostics: diagnostics)
    }

    /// `-f json` output for one input: a single object.
    static func single(_ data: Data) throws -> OutputDocument {
        try document(JSONSerialization.jsonObject(with: data))
    }

    /// `-f json` output for several inputs or JSON Lines input: an array of objects.
    static func array(_ data: Data) throws -> [OutputDocument] {
        guard let array = try JSONSerialization.jsonObject(with: data) as? [Any] else {
            throw OutputError.malformed("expected a JSON array")
        }
        return try array.map(document)
    }

    /// `-f jsonl` output: one compact object a line.
    static func lines(_ data: Data) throws -> [OutputDocument] {
        try data.split(separator: 0x0A).filter { !$0.isEmpty }.map { line in
            try document(JSONSerialization.jsonObject(with: Data(line)))
        }
    }
}

// MARK: - Checking tokens against the input text

/// The offset units of `--offsets`, with how to slice a Swift string in each.
enum OffsetUnitArgument: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case codepoints, utf16, utf8

    var testDescription: String { "--offsets \(rawValue)" }

    /// The text as an array of integers in this unit (scalar values, UTF-16 units or bytes).
    func units(of text: String) -> [UInt32] {
        switch self {
        case .codepoints: return text.unicodeScalars.map(\.value)
        case .utf16: return text.utf16.map(UInt32.init)
        case .utf8: return text.utf8.map(UInt32.init)
        }
    }

    /// For each unit of the text: whether the code point it belongs to is white space.
    func whitespaceMask(of text: String) -> [Bool] {
        var mask: [Bool] = []
        for scalar in text.unicodeScalars {
            let width: Int
            switch self {
            case .codepoints: width = 1
            case .utf16: width = UTF16.width(scalar)
            case .utf8: width = UTF8.width(scalar)
            }
            mask.append(contentsOf: repeatElement(scalar.properties.isWhitespace, count: width))
        }
        return mask
    }
}

enum TokenChecks {
    /// Every token's text is the input sliced at its offsets; tokens are sorted, non-empty and
    /// do not overlap; every non-white-space character of the input is inside some token.
    static func expectConsistent(_ tokens: [OutputToken], with text: String, unit: OffsetUnitArgument,
                                 document: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let units = unit.units(of: text)
        var badSlices: [String] = []
        var badOrder: [String] = []
        var covered = [Bool](repeating: false, count: units.count)
        var previousEnd = 0
        for (index, token) in tokens.enumerated() {
            guard token.start >= 0, token.start < token.end, token.end <= units.count else {
                badSlices.append("#\(index) \(token): offsets outside 0...\(units.count) or empty")
                continue
            }
            if Array(units[token.start..<token.end]) != unit.units(of: token.text) {
                badSlices.append("#\(index) \(token): the input there is \"\(describe(units[token.start..<token.end], unit))\"")
            }
            if token.start < previousEnd {
                badOrder.append("#\(index) \(token) starts before the previous token's end \(previousEnd)")
            }
            previousEnd = max(previousEnd, token.end)
            for i in token.start..<token.end { covered[i] = true }
        }
        #expect(badSlices.isEmpty, "\(document) \(unit.testDescription): \(badSlices.count) token(s) whose text is not the input at their offsets, e.g. \(badSlices.prefix(5))", sourceLocation: sourceLocation)
        #expect(badOrder.isEmpty, "\(document) \(unit.testDescription): tokens out of order or overlapping, e.g. \(badOrder.prefix(5))", sourceLocation: sourceLocation)

        let whitespace = unit.whitespaceMask(of: text)
        var dropped: [String] = []
        var i = 0
        while i < units.count {
            if !covered[i] && !whitespace[i] {
                var j = i
                while j < units.count && !covered[j] && !whitespace[j] { j += 1 }
                dropped.append("\(i)..<\(j) \"\(describe(units[i..<j], unit))\"")
                i = j
            } else {
                i += 1
            }
        }
        #expect(dropped.isEmpty, "\(document) \(unit.testDescription): non-white-space text outside every token: \(dropped.prefix(5))", sourceLocation: sourceLocation)
    }

    /// Token offsets (code points) fall on grapheme cluster boundaries: no token cuts a
    /// user-perceived character (an emoji with its modifiers, a flag, a letter and its accents).
    static func graphemeSplits(_ tokens: [OutputToken], in text: String) -> [String] {
        var boundaries: Set<Int> = [0]
        var offset = 0
        for character in text {
            offset += character.unicodeScalars.count
            boundaries.insert(offset)
        }
        return tokens.filter { !boundaries.contains($0.start) || !boundaries.contains($0.end) }.map(\.description)
    }

    private static func describe(_ slice: ArraySlice<UInt32>, _ unit: OffsetUnitArgument) -> String {
        switch unit {
        case .codepoints:
            var s = String.UnicodeScalarView()
            for v in slice { if let scalar = Unicode.Scalar(v) { s.append(scalar) } }
            return String(s)
        case .utf16: return String(decoding: slice.map { UInt16($0) }, as: UTF16.self)
        case .utf8: return String(decoding: slice.map { UInt8($0) }, as: UTF8.self)
        }
    }
}

extension Array where Element == OutputToken {
    var texts: [String] { map(\.text) }

    /// Whether `sequence` occurs as consecutive tokens; with `touching`, also with no gap
    /// between them (the pieces of one split word, like "two" "-" "way").
    func containsRun(_ sequence: [String], touching: Bool = false) -> Bool {
        guard !sequence.isEmpty, count >= sequence.count else { return false }
        outer: for start in 0...(count - sequence.count) {
            for k in 0..<sequence.count {
                guard self[start + k].text == sequence[k] else { continue outer }
                if touching && k > 0 && self[start + k - 1].end != self[start + k].start { continue outer }
            }
            return true
        }
        return false
    }

    /// The tokens around the first token whose text is `text`, for failure messages.
    func context(of text: String, radius: Int = 4) -> [String] {
        guard let i = firstIndex(where: { $0.text == text }) else { return [] }
        return self[Swift.max(0, i - radius)..<Swift.min(count, i + radius + 1)].map(\.text)
    }
}
