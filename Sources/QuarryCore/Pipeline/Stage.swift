/// One step of a ``Pipeline``: reads some layers of an ``AnnotatedDocument``, writes others.
///
/// A stage is immutable after it is made and is shared by every thread that runs the
/// pipeline, so it must be `Sendable`. Whatever a stage mutates while it works (ICU
/// iterators, PCRE2 match data, buffers) is its ``Scratch``: made by ``makeScratch()`` once
/// per thread, handed back to ``process(_:scratch:)`` on that thread only, never shared.
/// The type is the stage's own, so no stage ever downcasts a scratch object.
///
/// A stage that needs no scratch conforms to ``StatelessStage`` and writes only
/// ``StatelessStage/process(_:)``:
///
/// ```swift
/// struct CountLabels: StatelessStage {
///     var name: String { "count" }
///     var reads: [LayerName] { [.spans] }
///     var writes: [LayerName] { ["count"] }
///     func process(_ document: inout AnnotatedDocument) throws {
///         document.custom["count"] = document.spans?.records.count ?? 0
///     }
/// }
/// ```
public protocol Stage: Sendable {
    /// Per-thread mutable state (`Void` when the stage needs none).
    associatedtype Scratch = Void

    /// The stage's name in diagnostics and in `quarry stages` ("tokenize", "sentences").
    var name: String { get }
    /// The layers that must exist before this stage runs.
    var reads: [LayerName] { get }
    /// The layers this stage writes.
    var writes: [LayerName] { get }
    /// Makes this stage's scratch state for one thread. Throwing means the stage cannot run
    /// at all (an ICU locale that does not open, for example).
    func makeScratch() throws -> Scratch
    /// Processes one document with this thread's scratch. Throwing records an error for this
    /// document only; the pipeline's later stages still run when their inputs exist.
    func process(_ document: inout AnnotatedDocument, scratch: inout Scratch) throws
    /// Whether the stage reuses what earlier stages derived and kept in
    /// ``AnnotatedDocument/derived`` (default: false; see the extension).
    var readsDerived: Bool { get }
}

extension Stage {
    /// Whether the stage reuses what earlier stages derived and kept in
    /// ``AnnotatedDocument/derived`` (the token features of the patterns stages). A pipeline
    /// drops a document's derived data right after the last stage that reads it, so that the
    /// stages after it do not run with it held. Default: false.
    public var readsDerived: Bool { false }
}

extension Stage where Scratch == Void {
    /// A stage without scratch state has nothing to make.
    public func makeScratch() {}
}

/// A stage with no per-thread state.
public protocol StatelessStage: Stage where Scratch == Void {
    /// Processes one document. Throwing records an error for this document only.
    func process(_ document: inout AnnotatedDocument) throws
}

extension StatelessStage {
    /// Calls ``process(_:)``; the scratch is `Void`.
    public func process(_ document: inout AnnotatedDocument, scratch: inout Void) throws {
        try process(&document)
    }
}

/// A stage made of rules that can say which of them need a layer (for diagnostics such as
/// "needed by rule 'date'").
public protocol RuleNeeds {
    /// The ids of the rules that read `layer`.
    func rulesNeeding(_ layer: LayerName) -> [String]
}
