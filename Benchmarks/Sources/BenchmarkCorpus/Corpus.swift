import Foundation

/// Finds and loads the texts the benchmarks run over.
///
/// The Wikinews corpus is a JSONL file (one object per line with a `"text"` field) that lives
/// outside the repository, at `../shared/data/corpus/wikinews.jsonl` relative to the project
/// root. `QUARRY_CORPUS` overrides that path. The corpus is optional: callers check
/// ``wikinewsURL()`` and skip their corpus benchmarks when it returns `nil`.
public enum BenchmarkCorpus {
    /// Environment variable naming the corpus JSONL file.
    public static let environmentVariable = "QUARRY_CORPUS"

    /// The project root (the directory holding the Quarry package), found from this source
    /// file's location: `<root>/Benchmarks/Sources/BenchmarkCorpus/Corpus.swift`.
    public static var projectRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // BenchmarkCorpus
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Benchmarks
            .deletingLastPathComponent()  // project root
    }

    /// Where the Wikinews corpus is expected: `$QUARRY_CORPUS`, else the default location.
    public static var wikinewsExpectedPath: String {
        if let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty {
            return value
        }
        return projectRoot
            .appendingPathComponent("../shared/data/corpus/wikinews.jsonl")
            .standardizedFileURL.path
    }

    /// The corpus file if it exists, else `nil`.
    public static func wikinewsURL() -> URL? {
        let path = wikinewsExpectedPath
        return FileManager.default.isReadableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// The seed article shipped with the repository.
    public static var seedArticleURL: URL {
        projectRoot.appendingPathComponent("Examples/blinken-seoul.txt")
    }

    /// Reads every line's `"text"` field from a JSONL file, in file order. Blank lines and
    /// lines without a string `"text"` are skipped.
    public static func loadTexts(jsonl url: URL) throws -> [String] {
        let data = try Data(contentsOf: url)
        var texts: [String] = []
        var lineStart = data.startIndex
        while lineStart < data.endIndex {
            let lineEnd = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let line = data[lineStart..<lineEnd]
            lineStart = lineEnd < data.endIndex ? data.index(after: lineEnd) : data.endIndex
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let object = try JSONSerialization.jsonObject(with: Data(line))
            if let record = object as? [String: Any], let text = record["text"] as? String {
                texts.append(text)
            }
        }
        return texts
    }

    /// Size of a set of texts: Unicode scalars (what Python's `len` counts) and UTF-8 bytes.
    public static func size(of texts: [String]) -> (chars: Int, bytes: Int) {
        var chars = 0
        var bytes = 0
        for text in texts {
            chars += text.unicodeScalars.count
            bytes += text.utf8.count
        }
        return (chars, bytes)
    }
}
