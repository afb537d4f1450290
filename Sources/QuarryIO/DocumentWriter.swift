import Foundation
import QuarryCore

/// Writes annotated documents in one of the ``OutputFormat``s, one document at a time, as
/// they complete. The stages know nothing of output: this is the only place that turns
/// layers into text.
///
/// ```swift
/// let writer = DocumentWriter(format: .jsonl, sink: OutputSink(fileDescriptor: 1))
/// writer.begin()
/// for document in documents { writer.write(try pipeline.run(document)) }
/// writer.end()
/// ```
///
/// Custom layers (`AnnotatedDocument/custom`) are written by JSON and JSON Lines, under
/// their layer name, when their value is `Encodable`; a value that is not, or a name that
/// clashes with a built-in key, is reported once through ``onWarning`` and left out. HTML
/// shows spans and quotes; the text view, TSV, CSV and CoNLL-U their primary layer (the quote
/// view also lists the entities); they report custom layers the same way.
public final class DocumentWriter {
    /// The output format.
    public let format: OutputFormat
    /// The unit of every offset written (JSON, JSON Lines, TSV).
    public let offsets: OffsetUnit
    /// Where the bytes go.
    public let sink: OutputSink
    /// Whether the text view uses terminal colours.
    public let color: Bool
    /// With `.json`: write an array of documents rather than one bare object. Decide it from
    /// the request (several inputs, JSON Lines input), never from the data.
    public let jsonArray: Bool
    /// The layer the text view, TSV and CSV show: tokens for `tokenize`, sentences for
    /// `split`, quotes for `run` with a quote stage.
    public let primary: LayerName
    /// Whether JSON and JSON Lines repeat a document's input fields (`Document/metadata`:
    /// a JSON Lines record's "url" or "date") after its id, as they were. Off by default.
    public var keepInputFields = false
    /// The layers JSON, JSON Lines and HTML carry (nil: every layer the document has). The
    /// text view, TSV and CSV show ``primary``.
    public var layers: Set<LayerName>? = nil
    /// Whether JSON and JSON Lines write the tokens as columns,
    /// `{"start": [...], "end": [...], "kind": [k, ...], "kinds": ["word", ...]}` (`kind` indexes
    /// `kinds`), instead of one object per token: a fifth of the bytes and far cheaper to
    /// parse, for programs that slice the text themselves (the Python package). Off by default.
    public var tokenColumns = false
    /// Called with a message for each custom layer that cannot be written, once per layer
    /// name. The default ignores it.
    public var onWarning: (String) -> Void = { _ in }

    var written = 0
    private var reportedLayers: Set<LayerName> = []

    /// A writer to `sink`; by default offsets are in code points, without colour, one bare JSON
    /// object, tokens as the primary layer. Call ``begin()`` before the first document.
    public init(format: OutputFormat, offsets: OffsetUnit = .codepoints, sink: OutputSink, color: Bool = false,
                jsonArray: Bool = false, primary: LayerName = .tokens) {
        self.primary = primary
        self.format = format
        self.offsets = offsets
        self.sink = sink
        self.color = color
        self.jsonArray = jsonArray
    }

    /// Writes what comes before the first document (a TSV header, the opening bracket).
    public func begin() {
        if format == .tsv {
            // The CSV table's columns, in the same order.
            sink.write(csvHeader.joined(separator: "\t") + "\n")
        }
        if format == .csv {
            row(csvHeader)
        }
        if format == .json && jsonArray { sink.write("[\n") }
        if format == .html { beginHTML() }
    }

    /// Writes one document.
    public func write(_ annotated: AnnotatedDocument) {
        switch format {
        case .json: writeJSON(annotated, pretty: true)
        case .jsonl: writeJSON(annotated, pretty: false)
        case .tsv: writeTSV(annotated)
        case .conllu: writeCoNLLU(annotated)
        case .csv: writeCSV(annotated)
        case .text: writeText(annotated)
        case .html: writeHTML(annotated)
        }
        if format != .json && format != .jsonl {
            for name in annotated.custom.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                warnOnce(name, "custom layer '\(name)' is written only in json and jsonl output")
            }
        }
        written += 1
    }

    /// Writes what follows the last document and flushes the sink.
    public func end() {
        if format == .json && (jsonArray || written > 0) { sink.write(jsonArray ? "\n]\n" : "\n") }
        if format == .html { endHTML() }
        sink.flush()
    }

    /// Whether `layer` goes into the output (``layers``).
    func includes(_ layer: LayerName) -> Bool { layers?.contains(layer) ?? true }

    func warnOnce(_ layer: LayerName, _ message: String) {
        if reportedLayers.insert(layer).inserted { onWarning(message) }
    }

    func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}
