import Foundation
import QuarryCore

// Entry points for the fuzz targets (Fuzz/) and tests: the reader's paths over bytes that do
// not come from a named file or from standard input. Not API: `@_spi(Fuzzing) import QuarryIO`.
@_spi(Fuzzing)
extension DocumentReader {
    /// For internal use only. What reading a file called `name` that holds `data` gives:
    /// one text document, or (`jsonl`) one per JSON Lines record, with the problems in
    /// between, in order.
    public func _documents(fromMemory data: Data, name: String, jsonl: Bool) -> [Result<Document, InputProblem>] {
        var output: [Result<Document, InputProblem>] = []
        guard jsonl else {
            makeDocument(id: name, data: data, origin: name, into: &output)
            return output
        }
        var lines = JSONLines(name: name, source: .memory(data))
        while lines.read(reader: self, into: &output) {}
        return output
    }

    /// For internal use only. The JSON Lines records of the stream `fd` (read to its end in
    /// reads of at most `readSize` bytes, as standard input is read), with the problems in
    /// between, in order.
    public func _jsonLines(streamingFrom fd: Int32, name: String, readSize: Int) -> [Result<Document, InputProblem>] {
        var output: [Result<Document, InputProblem>] = []
        var lines = JSONLines(name: name, source: .stream(fd))
        lines.readSize = max(1, readSize)
        while lines.read(reader: self, into: &output) {}
        return output
    }
}
