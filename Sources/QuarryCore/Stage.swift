/// One step of a ``Pipeline``: reads some layers of an ``AnnotatedDocument``, writes others.
///
/// A stage is immutable after it is made and is shared by every thread that runs the
/// pipeline, so it must be `Sendable`. Whatever a stage needs to mutate while it works
/// (ICU iterators, PCRE2 match data, buffers) goes in a scratch object made by
/// ``makeScratch()``: one per stage per thread, never shared.
///
/// ```swift
/// struct Uppercase: Stage {
///     var name: String { "shout" }
///     var reads: [LayerName] { [.tokens] }
///     var writes: [LayerName] { [] }
///     func process(_ doc: inout AnnotatedDocument, scratch: AnyObject?) throws { ... }
/// }
/// ```
public protocol Stage: Sendable {
    /// The stage's name in diagnostics and in `quarry stages` ("tokenize", "sentences").
    var name: String { get }
    /// The layers that must exist before this stage runs.
    var reads: [LayerName] { get }
    /// The layers this stage writes.
    var writes: [LayerName] { get }
    /// Makes this stage's per-thread scratch state. The default makes none.
    func makeScratch() throws -> AnyObject?
    /// Processes one document. `scratch` is the object ``makeScratch()`` returned on this
    /// thread. Throwing records an error for this document only.
    func process(_ document: inout AnnotatedDocument, scratch: AnyObject?) throws
}

extension Stage {
    public func makeScratch() throws -> AnyObject? { nil }
}

/// A stage made of rules that can say which of them need a layer (for diagnostics such as
/// "needed by rule 'date'").
public protocol RuleNeeds {
    func rulesNeeding(_ layer: LayerName) -> [String]
}
