/// A document together with the layers the stages of a pipeline wrote for it.
///
/// Layers are compact arrays of value types (``TokenLayer``, ``SentenceLayer``); a layer is
/// `nil` until a stage that writes it has run.
public struct AnnotatedDocument: Sendable {
    public let document: Document
    public var tokens: TokenLayer?
    public var sentences: SentenceLayer?
    /// Labelled spans from pattern rules.
    public var spans: SpanLayer?
    /// Reported statements with their cues and speakers.
    public var quotes: QuoteLayer?
    /// Layers written by stages outside Quarry (registered by an embedder), by name.
    public var custom: [LayerName: any Sendable] = [:]
    /// Warnings and errors met while processing this document (a stage that failed, text
    /// that was repaired). A failing stage records an error here; later stages still run
    /// when the layers they read exist.
    public var diagnostics: [Diagnostic]

    public init(document: Document) {
        self.document = document
        self.diagnostics = document.repairs.isEmpty
            ? []
            : [Diagnostic(.warning, "\(document.id): replaced \(document.repairs.count) ill-formed UTF-8 sequence(s) with U+FFFD, the first at byte offset \(document.repairs[0])")]
    }

    /// Whether the layer `name` has been written.
    public func has(_ name: LayerName) -> Bool {
        switch name {
        case .text: true
        case .tokens: tokens != nil
        case .sentences: sentences != nil
        case .spans: spans != nil
        case .quotes: quotes != nil
        default: custom[name] != nil
        }
    }

    /// The tokens as views (``Token``), or an empty array when there is no token layer.
    public var tokenViews: [Token] {
        guard let tokens else { return [] }
        return tokens.records.enumerated().map { Token(document: document, index: $0.offset, record: $0.element) }
    }
}

/// The name of a layer a stage reads or writes.
public struct LayerName: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The document's text: always present.
    public static let text: LayerName = "text"
    public static let tokens: LayerName = "tokens"
    public static let sentences: LayerName = "sentences"
    public static let spans: LayerName = "spans"
    public static let quotes: LayerName = "quotes"
}
