import Foundation
import QuarryCore

/// One problem with one input, or a warning about it; the other inputs are still read.
public struct InputProblem: Error, Sendable, CustomStringConvertible {
    /// `.error` when the input (or one JSON line) was not read; `.warning` when it was read
    /// but something about it deserves a look (an empty file).
    public var severity: Diagnostic.Severity
    /// The message, starting with where: `path`, or `path:line` for JSON Lines.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.init(.error, message)
    }

    /// A problem of the given severity; `message` starts with the input's path (`path:line`
    /// for JSON Lines).
    public init(_ severity: Diagnostic.Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    /// The message (``message``).
    public var description: String { message }
}

/// Turns paths into documents, one at a time, as they are needed.
///
/// A `.jsonl` path gives one document per line (`"text"`, an optional `"id"`, and any other
/// fields, kept in `Document/metadata`); any other file is one document; a folder gives the
/// files under it that match ``globs`` (recursively, in path order, hidden files and folders
/// left out); `-` is standard input: JSON Lines with ``Format/jsonl``, or with ``Format/auto``
/// when its first character (after white space) is `{`, else one text document. JSON Lines
/// are read line by line, from standard input too, so a stream of any length is processed as
/// it arrives, in bounded memory.
///
/// Every input gives `.success(document)` or `.failure(problem)` in order; warnings come as
/// `.failure` with ``InputProblem/severity`` `.warning`, just before the document they are
/// about. Feed the sequence to `Pipeline/run(_:jobs:limits:deliver:)`.
///
/// ```swift
/// for case let .success(document) in DocumentReader().documents(from: ["news.jsonl"]) {
///     print(document.id, document.utf8Count)
/// }
/// ```
public struct DocumentReader: Sendable {
    /// How inputs are read.
    public enum Format: String, CaseIterable, Sendable {
        /// By extension: `.jsonl` is JSON Lines, anything else is text.
        case auto
        /// Each input is one text document.
        case text
        /// Each input is JSON Lines.
        case jsonl
    }

    /// How inputs are read: by extension (the default), as text or as JSON Lines.
    public var format: Format
    /// Ill-formed UTF-8: reject the input (the default) or repair it with U+FFFD and warn.
    public var invalidUTF8: Document.InvalidUTF8Policy
    /// Which files of a folder are read (``defaultGlobs`` unless set): shell patterns (`*`,
    /// `?`, `[...]`); one without a `/` is matched against the file name, one with a `/`
    /// against the path below the folder (where `*` also matches `/`).
    public var globs: [String]

    /// `*.txt` and `*.jsonl`: the inputs Quarry reads by extension.
    public static let defaultGlobs = ["*.txt", "*.jsonl"]

    /// The largest document read, in bytes of UTF-8 (a text file, standard input as one
    /// document, or one JSON Lines record's text; default ``defaultMaximumDocumentBytes``). A
    /// larger one is an error that names it and the limit; the other documents are still read.
    public var maximumDocumentBytes = DocumentReader.defaultMaximumDocumentBytes
    /// 256 MiB: far above any article, and small enough that one stray file (a database dump,
    /// a disk image) cannot make a run hold gigabytes of annotations.
    public static let defaultMaximumDocumentBytes = 256 << 20

    /// The limit in force: the user's, never above what a document can hold.
    var documentLimit: Int { min(maximumDocumentBytes, Document.maximumUTF8Count) }

    /// What a document over the limit is told.
    func tooLarge(_ origin: String, _ count: Int) -> InputProblem {
        let limit = documentLimit
        func megabytes(_ n: Int) -> String {
            n >= 1 << 20 ? String(format: "%.1f MB", Double(n) / 1_048_576)
                : n >= 1 << 10 ? String(format: "%.1f KB", Double(n) / 1024) : "\(n) bytes"
        }
        let raise = limit < Document.maximumUTF8Count ? "raise the limit with --max-document-size, or " : ""
        return InputProblem("\(origin): \(megabytes(count)) of text is more than the maximum document size (\(megabytes(limit))); \(raise)split it, for example into JSON Lines with one article a line")
    }

    /// A reader; by default it decides the format by extension, rejects ill-formed UTF-8 and
    /// reads the `.txt` and `.jsonl` files of folders.
    public init(format: Format = .auto, invalidUTF8: Document.InvalidUTF8Policy = .reject, globs: [String] = DocumentReader.defaultGlobs) {
        self.format = format
        self.invalidUTF8 = invalidUTF8
        self.globs = globs
    }

    /// The files under `folder` that match ``globs``, in path order (hidden entries skipped),
    /// as paths that start with `folder`.
    public func files(in folder: String) -> [String] {
        let base = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if let type = walker.fileAttributes?[.type] as? FileAttributeType, type == .typeDirectory { continue }
            if globs.contains(where: { DocumentReader.matches($0, name: name, relative: relative) }) {
                found.append(base == "/" ? "/" + relative : base + "/" + relative)
            }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func matches(_ glob: String, name: String, relative: String) -> Bool {
        glob.contains("/") ? fnmatch(glob, relative, 0) == 0 : fnmatch(glob, name, 0) == 0
    }

    /// The documents of `paths`, read lazily in order.
    public func documents(from paths: [String]) -> Documents {
        Documents(reader: self, paths: paths)
    }

    /// The documents of some paths; iterating reads them.
    public struct Documents: Sequence {
        let reader: DocumentReader
        let paths: [String]
        public func makeIterator() -> Iterator { Iterator(reader: reader, paths: paths) }
    }

    /// Reads one input after another.
    public struct Iterator: IteratorProtocol {
        let reader: DocumentReader
        var paths: [String]
        var nextPath = 0
        var pending: [Result<Document, InputProblem>] = []
        var pendingHead = 0
        var lines: JSONLines?
        /// Input bytes read so far (files, JSON lines, standard input): for progress reports.
        public private(set) var bytesRead = 0

        public mutating func next() -> Result<Document, InputProblem>? {
            while true {
                if pendingHead < pending.count {
                    defer {
                        pendingHead += 1
                        if pendingHead == pending.count { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
                    }
                    return pending[pendingHead]
                }
                if lines != nil {
                    let more = lines!.read(reader: reader, into: &pending)
                    bytesRead += lines!.consumed
                    lines!.consumed = 0
                    if more { continue }
                    lines = nil
                    continue
                }
                guard nextPath < paths.count else { return nil }
                let path = paths[nextPath]
                nextPath += 1
                open(path)
            }
        }

        private mutating func open(_ path: String) {
            let isJSONL = reader.format == .jsonl || (reader.format == .auto && path.lowercased().hasSuffix(".jsonl"))
            if path == "-" {
                openStandardInput()
                return
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                pending.append(.failure(InputProblem("\(path): no such file or folder")))
                return
            }
            if isDirectory.boolValue {
                let files = reader.files(in: path)
                if files.isEmpty {
                    let patterns = reader.globs.joined(separator: ", ")
                    pending.append(.failure(InputProblem("\(path): a folder with no file matching \(patterns) (choose others with --glob)")))
                }
                // The folder's files are read next, before the inputs after it.
                paths.insert(contentsOf: files, at: nextPath)
                return
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
            } catch {
                pending.append(.failure(InputProblem("\(path): cannot read: \(error.localizedDescription)")))
                return
            }
            if isJSONL {
                lines = JSONLines(name: path, source: .memory(data))
            } else {
                bytesRead += data.count
                reader.makeDocument(id: path, data: data, origin: path, into: &pending)
            }
        }

        /// Standard input: JSON Lines (streamed) when the reader says so, or, with
        /// ``Format/auto``, when the first character after white space is `{`; else one text
        /// document.
        private mutating func openStandardInput() {
            let fd = FileHandle.standardInput.fileDescriptor
            if reader.format == .jsonl {
                lines = JSONLines(name: "stdin", source: .stream(fd))
                return
            }
            var head: [UInt8] = []
            var ended = false
            if reader.format == .auto {
                // Read until the first byte that is not white space (or the end).
                while !ended && head.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    var chunk = [UInt8](repeating: 0, count: 1 << 16)
                    let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { ended = true } else { head += chunk[0..<count] }
                }
                if let first = head.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }), first == UInt8(ascii: "{") {
                    lines = JSONLines(name: "stdin", source: .stream(fd), buffered: head, ended: ended)
                    return
                }
            }
            var data = Data(head)
            if !ended { data.append(FileHandle.standardInput.readDataToEndOfFile()) }
            bytesRead += data.count
            reader.makeDocument(id: "stdin", data: data, origin: "stdin", into: &pending)
        }
    }

    /// Checks raw bytes and makes a document: empty input warns; binary input, UTF-16 and
    /// invalid UTF-8 are errors that say where and what to do.
    func makeDocument(id: String, data: Data, origin: String, into output: inout [Result<Document, InputProblem>]) {
        if data.isEmpty {
            output.append(.failure(InputProblem(.warning, "\(origin): empty input (no text to process)")))
        }
        if data.count > documentLimit {
            output.append(.failure(tooLarge(origin, data.count)))
            return
        }
        if data.count >= 2 && ((data[data.startIndex] == 0xFF && data[data.startIndex + 1] == 0xFE)
                               || (data[data.startIndex] == 0xFE && data[data.startIndex + 1] == 0xFF)) {
            output.append(.failure(InputProblem("\(origin): looks like UTF-16 (byte-order mark); Quarry reads UTF-8: convert it with `iconv -f UTF-16 -t UTF-8`")))
            return
        }
        if let nul = data.firstIndex(of: 0) {
            output.append(.failure(InputProblem("\(origin): looks like a binary file (NUL byte at offset \(nul - data.startIndex)); Quarry reads UTF-8 text")))
            return
        }
        do {
            // Repairs become a warning diagnostic on the annotated document.
            output.append(.success(try Document(id: id, bytes: data, invalidUTF8: invalidUTF8)))
        } catch {
            switch error {
            case let .invalidUTF8(_, offset):
                output.append(.failure(InputProblem("\(origin): invalid UTF-8 at byte offset \(offset) (pass --repair-utf8 to replace bad bytes with U+FFFD)")))
            }
        }
    }
}

/// JSON Lines from memory or from a stream, one record at a time.
struct JSONLines {
    enum Source {
        case memory(Data)
        case stream(Int32)
    }

    let name: String
    var source: Source
    var lineNumber = 0
    var sawContent = false
    var finished = false
    /// Bytes before `position` have been consumed.
    var position = 0
    /// For streams: bytes read but not yet consumed, and the file offset of `buffer[0]`.
    var buffer: [UInt8] = []
    var bufferBase = 0
    var scanned = 0
    /// Bytes consumed (lines and their newlines) since the owner last reset it.
    var consumed = 0
    var streamEnded = false
    /// The most bytes one read of a stream asks for (tests and fuzzing make it small, so that
    /// lines cross reads).
    var readSize = 1 << 16

    /// - Parameters:
    ///   - buffered: bytes of a stream already read (standard input, sniffed for its format).
    ///   - ended: the stream ended within `buffered`.
    init(name: String, source: Source, buffered: [UInt8] = [], ended: Bool = false) {
        self.name = name
        self.source = source
        self.buffer = buffered
        self.streamEnded = ended
    }

    /// Reads the next record into `pending` (with any warnings before it); false at the
    /// end, after queuing the warning for an input without a single line.
    mutating func read(reader: DocumentReader, into pending: inout [Result<Document, InputProblem>]) -> Bool {
        while !finished {
            guard let (line, lineOffset) = nextLine() else {
                finished = true
                if !sawContent { pending.append(.failure(InputProblem(.warning, "\(name): empty input (no JSON lines)"))) }
                return false
            }
            lineNumber += 1
            consumed += line.count + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            sawContent = true
            var warnings: [InputProblem] = []
            let item = Self.record(line, origin: "\(name):\(lineNumber)", fileOffset: lineOffset, reader: reader, warnings: &warnings)
            pending += warnings.map { .failure($0) }
            pending.append(item)
            return true
        }
        return false
    }

    /// The next line without its newline, and the file offset where it starts.
    private mutating func nextLine() -> (Data, Int)? {
        switch source {
        case let .memory(data):
            guard position < data.count else { return nil }
            let start = data.startIndex + position
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            let line = data[start..<end]  // a slice: no copy
            let offset = position
            position = end - data.startIndex + (end < data.endIndex ? 1 : 0)
            return (line, offset)
        case let .stream(fd):
            while true {
                // Bytes before `scanned` hold no newline (a long line is not searched again
                // after every read).
                if let newline = buffer[max(position, scanned)...].firstIndex(of: 0x0A) {
                    let line = Data(buffer[position..<newline])
                    let offset = bufferBase + position
                    position = newline + 1
                    scanned = position
                    return (line, offset)
                }
                scanned = buffer.count
                if streamEnded {
                    guard position < buffer.count else { return nil }
                    let line = Data(buffer[position...])
                    let offset = bufferBase + position
                    position = buffer.count
                    return (line, offset)
                }
                // Drop what was consumed, then read more.
                if position > 0 {
                    buffer.removeFirst(position)
                    bufferBase += position
                    scanned -= position
                    position = 0
                }
                var chunk = [UInt8](repeating: 0, count: readSize)
                let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    streamEnded = true
                } else {
                    buffer.append(contentsOf: chunk[0..<count])
                }
            }
        }
    }

    /// One JSON Lines record as a document.
    static func record(_ line: Data, origin: String, fileOffset: Int, reader: DocumentReader,
                       warnings: inout [InputProblem]) -> Result<Document, InputProblem> {
        var json = line
        if let bad = line.withUnsafeBytes({ UTF8Validation.firstInvalidOffset(in: $0.bindMemory(to: UInt8.self)) }) {
            guard reader.invalidUTF8 == .repair else {
                return .failure(InputProblem("\(origin): invalid UTF-8 at byte offset \(bad) of the line (byte \(fileOffset + bad) of the file); pass --repair-utf8 to replace bad bytes with U+FFFD"))
            }
            let repaired = line.withUnsafeBytes { UTF8Validation.repair($0.bindMemory(to: UInt8.self)) }
            warnings.append(InputProblem(.warning, "\(origin): replaced \(repaired.repairedOffsets.count) ill-formed UTF-8 sequence(s) with U+FFFD, the first at byte offset \(bad) of the line"))
            json = Data(repaired.bytes)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(json), options: [.fragmentsAllowed])
        } catch {
            return .failure(InputProblem("\(origin): not a JSON object: \(describe(error))"))
        }
        guard let record = object as? [String: Any] else {
            return .failure(InputProblem("\(origin): expected a JSON object with a \"text\" field"))
        }
        guard let text = record["text"] as? String else {
            return .failure(InputProblem("\(origin): missing the \"text\" field (a string)"))
        }
        let id: String
        switch record["id"] {
        case let value as String: id = value
        case let value as NSNumber: id = value.stringValue
        default: id = origin
        }
        if text.isEmpty { warnings.append(InputProblem(.warning, "\(origin): empty \"text\"")) }
        if text.utf8.contains(0) {
            warnings.append(InputProblem(.warning, "\(origin): the text contains NUL characters"))
        }
        if text.utf8.count > reader.documentLimit {
            return .failure(reader.tooLarge(origin, text.utf8.count))
        }
        var document = Document(id: id, text: text)
        if record.count > (record["id"] == nil ? 1 : 2) {
            document.metadata = JSONObjectFields.split(JSONByteOrderMarks.withoutLeadingMark(json)).filter { $0.name != "text" && $0.name != "id" }
        }
        return .success(document)
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
