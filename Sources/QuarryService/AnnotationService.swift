import Foundation
import Quarry
import QuarryIO

/// What `quarry serve` does for a request, without HTTP: the pipelines of some rule files,
/// loaded once, run on the documents a request carries, with the CLI's writers.
///
/// A request names a loaded pipeline and brings text; it can never name a file, a rule or an
/// include, so nothing it sends reads the server's files or changes its rules. Requests run
/// concurrently: each takes a `Pipeline.Context` from a pool (one per thread that needs one)
/// and gives it back.
///
/// The body is JSON, `{"text": "..."}` or `{"documents": [{"text": ..., "id": ..., ...}]}`,
/// with optional `"pipeline"`, `"layers"` (a list or a comma-separated string), `"offsets"`
/// and `"format"` (`json`, `jsonl`, `html`); the same names work as query parameters;
/// `"tokens": "columns"` writes the tokens as columns (`DocumentWriter/tokenColumns`). A
/// document without an `"id"` is named by its index in the list, counted from the request's
/// `"index_base"` (default 0), so a client that sends a stream in batches keeps its numbering. A
/// `text/plain` body is one document; a form (`application/x-www-form-urlencoded`, as the
/// page at `/` sends) has the fields `text`, `pipeline` and `format`.
public final class AnnotationService: Sendable {
    /// Limits on what one request may ask for.
    public struct Limits: Sendable {
        /// The largest request body, in bytes (default 2 MB).
        public var bodyBytes = 2_000_000
        /// The most documents in one request (default 1,000).
        public var documents = 1_000
        /// How long a request may run, in seconds (default 10): checked before each document,
        /// so a batch stops at the first document after it; one document's run is bounded by
        /// the body size and the rules' match limits instead.
        public var seconds: Double = 10

        public init() {}

        /// No limit on documents or time: for callers in the same process (the C ABI), which
        /// choose their own batch sizes; a time limit there would fail a slow batch for nothing.
        public static var unbounded: Limits {
            var limits = Limits()
            limits.bodyBytes = Int.max
            limits.documents = Int.max
            limits.seconds = .infinity
            return limits
        }
    }

    /// A pipeline as the service offers it.
    public struct Entry: Sendable {
        /// The name requests use.
        public let name: String
        /// The rule file it was declared in.
        public let file: String
        let declaredName: String
        let pipeline: Pipeline
        let pool: Pipeline.ContextPool
        /// The layers a response carries unless the request says otherwise: spans and quotes
        /// when the pipeline writes them (as `quarry run`), else all.
        let defaultLayers: Set<LayerName>?
        /// The layer the CSV-like views would show (unused by JSON).
        let primary: LayerName
    }

    /// The pipelines, in the order of the files and their declarations; the first is the default.
    public let entries: [Entry]
    public let limits: Limits

    /// A reply: an HTTP status, a content type and the body.
    public struct Reply: Sendable, Error {
        public var status: Int
        public var contentType: String
        public var body: [UInt8]

        public static func json(_ status: Int, _ object: Any) -> Reply {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            return Reply(status: status, contentType: "application/json; charset=utf-8", body: Array(data) + [0x0A])
        }

        public static func error(_ status: Int, _ message: String) -> Reply { json(status, ["error": message]) }
    }

    /// Loads every pipeline `ruleFiles` declare, with their includes (a pipeline two files
    /// include is served once; a name declared twice is offered as `file-stem/name` the
    /// second time).
    /// - Throws: the rule files' errors, as `quarry check` would print them.
    public convenience init(ruleFiles: [String], limits: Limits = Limits(), registry: StageRegistry = .standard) throws(ServiceError) {
        var books: [(String, RuleBook)] = []
        for file in ruleFiles {
            do { books.append((file, try RuleBook.load(file: URL(fileURLWithPath: file), registry: registry))) } catch { throw .rules(file, error) }
        }
        try self.init(books: books, limits: limits)
    }

    /// Loads the pipelines of rule-language text (`name` is the file name its diagnostics
    /// show; includes are read relative to the current folder).
    public convenience init(ruleSource: String, name: String = "<rules>", limits: Limits = Limits(),
                            registry: StageRegistry = .standard) throws(ServiceError) {
        let book: RuleBook
        do { book = try RuleBook.load(source: ruleSource, name: name, registry: registry) } catch { throw .rules(name, error) }
        try self.init(books: [(name, book)], limits: limits)
    }

    init(books: [(String, RuleBook)], limits: Limits) throws(ServiceError) {
        var entries: [Entry] = []
        for (file, book) in books {
            for (name, declaredIn) in zip(book.pipelineNames, book.pipelineFiles) {
                if entries.contains(where: { $0.file == declaredIn && $0.declaredName == name }) { continue }
                let pipeline: Pipeline, pool: Pipeline.ContextPool
                do {
                    pipeline = try book.pipeline(named: name)
                    pool = try Pipeline.ContextPool(pipeline)
                } catch {
                    throw .pipeline(file, name, "\(error)")
                }
                let stem = URL(fileURLWithPath: declaredIn).deletingPathExtension().lastPathComponent
                let key = entries.contains { $0.name == name } ? "\(stem)/\(name)" : name
                let results = Set([LayerName.spans, .quotes].filter { pipeline.writes.contains($0) })
                let primary: LayerName = pipeline.writes.contains(.quotes) ? .quotes : pipeline.writes.contains(.spans) ? .spans : .tokens
                entries.append(Entry(name: key, file: declaredIn, declaredName: name, pipeline: pipeline, pool: pool,
                                     defaultLayers: results.isEmpty ? nil : results, primary: primary))
            }
        }
        self.entries = entries
        self.limits = limits
    }

    /// `GET /v1/pipelines`: each pipeline's name, file, stages and layers.
    public func pipelines() -> Reply {
        .json(200, ["pipelines": entries.map { entry in
            ["name": entry.name, "file": entry.file, "stages": entry.pipeline.stages.map(\.name),
             "writes": entry.pipeline.writes.map(\.rawValue)] as [String: Any]
        }])
    }

    /// `POST /v1/annotate`.
    /// - Parameters:
    ///   - body: the request body, at most ``Limits/bodyBytes`` (the HTTP layer enforces it).
    ///   - contentType: the request's Content-Type header, if any.
    ///   - query: the query parameters.
    ///   - jobs: threads for a batch in JSON or JSON Lines (1: the calling thread).
    public func annotate(body: [UInt8], contentType: String?, query: [String: String], jobs: Int = 1) -> Reply {
        let started = DispatchTime.now().uptimeNanoseconds
        if let bad = body.withUnsafeBufferPointer({ UTF8Validation.firstInvalidOffset(in: $0) }) {
            return .error(400, "the request body is not valid UTF-8 (byte offset \(bad))")
        }
        let request: Request
        switch parse(body, contentType: contentType, query: query) {
        case let .success(parsed): request = parsed
        case let .failure(reply): return reply
        }
        guard let entry = request.pipeline.map({ name in entries.first { $0.name == name } }) ?? entries.first else {
            let known = entries.map(\.name).joined(separator: ", ")
            return .error(404, "no pipeline named '\(request.pipeline ?? "")'; this server has: \(known.isEmpty ? "none" : known)")
        }
        var layers = entry.defaultLayers
        if let names = request.layers {
            var chosen: Set<LayerName> = []
            for name in names {
                if name == "all" { chosen.formUnion(entry.pipeline.writes); continue }
                let layer = LayerName(rawValue: name)
                guard entry.pipeline.writes.contains(layer) else {
                    return .error(400, "layer '\(name)' is not one the pipeline '\(entry.name)' writes (\(entry.pipeline.writes.map(\.rawValue).joined(separator: ", ")))")
                }
                chosen.insert(layer)
            }
            layers = chosen
        }
        let deadline = limits.seconds < 1e9 ? started + UInt64(limits.seconds * 1_000_000_000) : UInt64.max
        let body: [UInt8]
        do {
            let (bytes, done) = try run(request, entry, layers: layers, jobs: max(1, jobs), deadline: deadline)
            guard let bytes else {
                return .error(503, "the request ran out of time (\(limits.seconds) s) after \(done) of \(request.documents.count) documents; send fewer or shorter documents per request")
            }
            body = bytes
        } catch {
            return .error(500, "the pipeline '\(entry.name)' could not be prepared: \(error)")
        }
        let type: String
        switch request.format {
        case .jsonl: type = "application/x-ndjson; charset=utf-8"
        case .json: type = "application/json; charset=utf-8"
        default: type = request.format.rawValue == "html" ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
        }
        return Reply(status: 200, contentType: type, body: body)
    }

    func writer(_ request: Request, _ entry: Entry, layers: Set<LayerName>?, array: Bool) -> (DocumentWriter, OutputSink) {
        let sink = OutputSink()
        let writer = DocumentWriter(format: request.format, offsets: request.offsets, sink: sink, jsonArray: array, primary: entry.primary)
        writer.layers = layers
        writer.keepInputFields = true
        writer.tokenColumns = request.tokenColumns
        return (writer, sink)
    }

    /// The documents through the pipeline's ordered batch runner (`Pipeline.run(_:jobs:…)`, the
    /// one `quarry run` uses) on `jobs` threads with the entry's pooled contexts, written in
    /// input order: the output, or nil when the deadline passed before every document was
    /// taken; and how many documents were done. The deadline is checked as each document after
    /// the first is taken.
    func run(_ request: Request, _ entry: Entry, layers: Set<LayerName>?, jobs: Int, deadline: UInt64) throws -> ([UInt8]?, Int) {
        let (writer, sink) = writer(request, entry, layers: layers, array: request.batch)
        writer.begin()
        var late = false
        var done = 0
        let inputs = request.documents.enumerated().lazy.prefix { k, _ in
            if k > 0 && DispatchTime.now().uptimeNanoseconds > deadline { late = true }
            return !late
        }.map { Result<Document, Never>.success($0.element) }
        try entry.pipeline.run(inputs, jobs: min(jobs, request.documents.count), contexts: entry.pool) { result in
            writer.write(try! result.get())
            done += 1
        }
        if late { return (nil, done) }
        writer.end()
        return (sink.bytes, done)
    }

    /// A parsed request.
    struct Request {
        var documents: [Document]
        var batch = false
        var pipeline: String?
        var layers: [String]?
        var format: OutputFormat = .json
        var offsets: OffsetUnit = .codepoints
        var tokenColumns = false
    }

    /// The formats a response can take.
    static let formats: Set<String> = ["json", "jsonl", "html"]

    func parse(_ body: [UInt8], contentType: String?, query: [String: String]) -> Result<Request, Reply> {
        let type = (contentType ?? "application/json").lowercased()
        var fields: [String: Any]
        if type.hasPrefix("text/plain") {
            fields = ["text": String(decoding: body, as: UTF8.self)]
        } else if type.hasPrefix("application/x-www-form-urlencoded"), body.first(where: { !ASCII.isBlankOrLineBreak($0) }) != UInt8(ascii: "{") {
            // A form (the page at `/`). A body that starts with `{` is JSON whatever the header
            // says: `curl -d '{"text": …}'` sends JSON with the form type.
            fields = AnnotationService.formFields(String(decoding: body, as: UTF8.self))
            if fields["text"] == nil && fields["documents"] == nil {
                return .failure(.error(400, "the form has no 'text' field (Content-Type: \(contentType ?? "")); send a form with text=..., or JSON with Content-Type: application/json"))
            }
        } else {
            guard !body.isEmpty else { return .failure(.error(400, "the request has no body; send JSON such as {\"text\": \"...\"}")) }
            do {
                guard let object = try JSONSerialization.jsonObject(with: JSONByteOrderMarks.escaped(Data(body)), options: [.fragmentsAllowed]) as? [String: Any] else {
                    return .failure(.error(400, "the body must be a JSON object: {\"text\": \"...\"} or {\"documents\": [{\"text\": \"...\"}]}"))
                }
                fields = object
            } catch {
                let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
                return .failure(.error(400, "the body is not valid JSON: \(detail)"))
            }
        }
        for (key, value) in query where ["pipeline", "layers", "format", "offsets", "tokens"].contains(key) { fields[key] = value }
        var request = Request(documents: [])
        switch fields["pipeline"] {
        case nil: break
        case let name as String: request.pipeline = name
        default: return .failure(.error(400, "\"pipeline\" must be a string"))
        }
        switch fields["layers"] {
        case nil: break
        case let list as String: request.layers = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case let list as [String]: request.layers = list
        default: return .failure(.error(400, "\"layers\" must be a list of names or a comma-separated string"))
        }
        if let format = fields["format"] {
            guard let name = format as? String, AnnotationService.formats.contains(name), let value = OutputFormat(rawValue: name) else {
                return .failure(.error(400, "\"format\" must be one of \(AnnotationService.formats.sorted().joined(separator: ", "))"))
            }
            request.format = value
        }
        if let offsets = fields["offsets"] {
            guard let name = offsets as? String, let value = OffsetUnit(rawValue: name) else {
                return .failure(.error(400, "\"offsets\" must be codepoints, utf8 or utf16"))
            }
            request.offsets = value
        }
        switch fields["tokens"] {
        case nil, "objects" as String: break
        case "columns" as String: request.tokenColumns = true
        default: return .failure(.error(400, "\"tokens\" must be \"objects\" (the default) or \"columns\""))
        }
        switch (fields["text"], fields["documents"]) {
        case let (text as String, nil):
            let id = (fields["id"] as? String) ?? "text"
            request.documents = [Document(id: id, text: text)]
        case let (nil, list as [Any]):
            var base = 0
            if let value = fields["index_base"] {
                // JSON true would pass as 1: a Boolean's objCType is "c".
                // At most 2^53 - 1, the largest whole number every JSON reader keeps exact; a
                // larger one would also overflow `base + index` below.
                guard let boxed = value as? NSNumber, String(cString: boxed.objCType) != "c",
                      let number = value as? Int, number >= 0, number <= AnnotationService.maximumIndexBase else {
                    return .failure(.error(400, "\"index_base\" must be a whole number from 0 to \(AnnotationService.maximumIndexBase)"))
                }
                base = number
            }
            guard list.count <= limits.documents else {
                return .failure(.error(413, "\(list.count) documents in one request; the limit is \(limits.documents)"))
            }
            request.batch = true
            for (k, item) in list.enumerated() {
                guard let record = item as? [String: Any], let text = record["text"] as? String else {
                    return .failure(.error(400, "documents[\(k)] must be an object with a \"text\" string"))
                }
                let id: String
                switch record["id"] {
                case let value as String: id = value
                case let value as NSNumber: id = value.stringValue
                default: id = String(base + k)
                }
                var document = Document(id: id, text: text)
                document.metadata = record.keys.filter { $0 != "text" && $0 != "id" }.sorted().compactMap { key in
                    (try? JSONSerialization.data(withJSONObject: record[key]!, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]))
                        .map { Document.Field(name: key, json: String(decoding: $0, as: UTF8.self)) }
                }
                request.documents.append(document)
            }
        case (nil, nil):
            return .failure(.error(400, "the request needs \"text\" (a string) or \"documents\" (a list of {\"text\": ...})"))
        default:
            return .failure(.error(400, "give either \"text\" (a string) or \"documents\" (a list), not both or another type"))
        }
        return .success(request)
    }

    /// The largest `index_base` a batch may give: 2^53 - 1 (JSON numbers beyond it are not exact
    /// in JavaScript or in readers that parse numbers as doubles).
    public static let maximumIndexBase = 9_007_199_254_740_991

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func formFields(_ body: String) -> [String: Any] {
        var fields: [String: Any] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { (String(s).replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(s) }
            let key = decode(parts[0])
            guard !key.isEmpty else { continue }
            fields[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

/// Why the service could not start.
public enum ServiceError: Error, CustomStringConvertible {
    /// A rule file has errors (each with file:line:col).
    case rules(String, RuleErrors)
    /// A pipeline could not be built or bound.
    case pipeline(String, String, String)

    public var description: String {
        switch self {
        case let .rules(file, errors):
            return (errors.diagnostics.map(\.description) + ["\(errors.errors.count) error\(errors.errors.count == 1 ? "" : "s") in \(file)"]).joined(separator: "\n")
        case let .pipeline(file, name, message):
            return "\(file): pipeline '\(name)': \(message)"
        }
    }
}
