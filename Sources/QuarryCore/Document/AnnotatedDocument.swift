import Foundation
/// A document together with the layers the stages of a pipeline wrote for it.
///
/// Layers are compact arrays of value types (``TokenLayer``, ``SentenceLayer``); a layer is
/// `nil` until a stage that writes it has run.
public struct AnnotatedDocument: Sendable {
    /// The input document: its id, text and metadata. Every layer's offsets are UTF-8 byte
    /// offsets into its text.
    public let document: Document
    /// Tokens in text order, written by a tokenizer stage; nil until one has run.
    public var tokens: TokenLayer?
    /// Sentences in text order, written by a sentence stage; nil until one has run.
    public var sentences: SentenceLayer?
    /// Parts of speech and lemmas, one record per token, written by the `tag` stage.
    public var tags: TagLayer?
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
    /// Work later stages reuse, derived from the layers above (the token features every
    /// patterns stage reads: lower-cased text, shapes, class bits, list entries, predicate
    /// results). Never output. Copies of the document share it; an entry checks that the layers
    /// it was made from are still the document's before it is reused. A pipeline empties it
    /// when the document is done.
    public var derived = DerivedCache()

    /// Starts an annotated document with no layers but the text. When the document was
    /// repaired (``Document/repairs`` is not empty), ``diagnostics`` opens with a warning that
    /// gives the count and the first repaired byte offset.
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
        case .tags: tags != nil
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
    /// The layer's name as written in stage declarations, `quarry stages` and JSON output (`"tokens"`).
    public let rawValue: String
    /// Names a layer; any string is allowed (custom layers use their own names).
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Names a layer with a string literal: `let layer: LayerName = "entities"`.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The name itself (``rawValue``).
    public var description: String { rawValue }

    /// The document's text: always present.
    public static let text: LayerName = "text"
    /// Tokens (``AnnotatedDocument/tokens``), written by the tokenizer stages.
    public static let tokens: LayerName = "tokens"
    /// Sentences (``AnnotatedDocument/sentences``), written by the sentence stages.
    public static let sentences: LayerName = "sentences"
    /// Labelled spans from pattern rules (``AnnotatedDocument/spans``).
    public static let spans: LayerName = "spans"
    /// Quotes with their cues and speakers (``AnnotatedDocument/quotes``).
    public static let quotes: LayerName = "quotes"
}

/// Per-document work that stages derive from layers and share with later stages, keyed by the
/// type that made it. Entries are made and used on the thread that owns the cache (the first
/// to ask); a document used from another thread at the same time gets no entry and computes
/// its own, so sharing never races.
public final class DerivedCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [ObjectIdentifier: AnyObject] = [:]
    private var owner: pthread_t? = nil

    /// An empty cache.
    public init() {}

    /// The entry made by `type`, made with `make` when missing or when `isValid` rejects it;
    /// nil when another thread owns the cache (the caller then makes its own, uncached).
    public func entry<T: AnyObject>(_ type: T.Type, isValid: (T) -> Bool, make: () -> T) -> T? {
        let me = pthread_self()
        lock.lock()
        if let owner, pthread_equal(owner, me) == 0 {
            lock.unlock()
            return nil
        }
        owner = me
        let key = ObjectIdentifier(type)
        if let found = entries[key] as? T, isValid(found) {
            lock.unlock()
            return found
        }
        lock.unlock()
        let made = make()
        lock.lock()
        entries[key] = made
        lock.unlock()
        return made
    }

    /// Drops every entry and the owner (the document is done, or goes to another thread).
    public func removeAll() {
        lock.lock()
        entries.removeAll()
        owner = nil
        lock.unlock()
    }
}
