import Dispatch

/// An ordered list of stages, checked when it is built and immutable afterwards.
///
/// Building a pipeline checks that every stage's ``Stage/reads`` are written by an earlier
/// stage, so that an impossible order ("sentences needs tokens") fails at load time, not
/// halfway through a corpus. A pipeline is `Sendable`: share one across threads and give each
/// thread its own ``Context`` (the stages' scratch state).
///
/// ```swift
/// let pipeline = try Pipeline([TokenizerStage(tokenizer: .english())])
/// let context = try pipeline.makeContext()
/// let result = pipeline.run(Document(id: "a", text: "U.S. officials said so."), in: context)
/// ```
///
/// For many documents, ``run(_:jobs:limits:deliver:)`` spreads them over threads and hands
/// the results back in input order.
public struct Pipeline: Sendable {
    /// The stages, in the order they run.
    public let stages: [any Stage]
    /// Whether spans with an internal label (one that starts with `_`, written by a rule for
    /// later phases to read) stay in the result. By default they are removed once every stage
    /// has run; `quarry explain` keeps them.
    public var keepsInternalSpans = false
    /// Ties contexts to the pipeline that made them.
    private let identity = Identity()
    private final class Identity: Sendable {}

    /// Builds a pipeline, checking the order of its stages.
    /// - Throws: ``PipelineError`` when a stage reads a layer no earlier stage writes.
    public init(_ stages: [any Stage]) throws(PipelineError) {
        if let first = Pipeline.orderProblems(stages).first { throw first }
        self.stages = stages
    }

    /// Every layer a stage reads that no earlier stage writes, in stage order (a rule-file
    /// loader reports them all; ``init(_:)`` throws the first).
    public static func orderProblems(_ stages: [any Stage]) -> [PipelineError] {
        var problems: [PipelineError] = []
        var available: Set<LayerName> = [.text]
        for (position, stage) in stages.enumerated() {
            for layer in stage.reads where !available.contains(layer) {
                // A later stage that writes it (not the stage itself: "move X before X" helps no one).
                let writer = stages[(position + 1)...].first { $0.writes.contains(layer) }?.name
                problems.append(.missingLayer(stage: stage.name, position: position + 1, layer: layer, writtenLaterBy: writer))
            }
            available.formUnion(stage.writes)
        }
        return problems
    }

    /// The layers the pipeline writes, in stage order.
    public var writes: [LayerName] {
        var seen: Set<LayerName> = []
        return stages.flatMap(\.writes).filter { seen.insert($0).inserted }
    }

    /// The state one thread needs to run this pipeline: each stage's ``Stage/Scratch``.
    ///
    /// A context is not `Sendable` and not thread-safe: make one per thread (or per task)
    /// with ``makeContext()`` and use it only there. It may be reused for any number of
    /// documents, and only with the pipeline that made it.
    public final class Context {
        fileprivate let bound: [any BoundStage]
        fileprivate let owner: ObjectIdentifier
        /// The last stage that reads the document's derived data (-1: none).
        fileprivate let lastDerivedReader: Int
        fileprivate init(bound: [any BoundStage], owner: ObjectIdentifier) {
            self.bound = bound
            self.owner = owner
            lastDerivedReader = bound.lastIndex { $0.readsDerived } ?? -1
        }
    }

    /// Makes a context for one thread.
    /// - Throws: what a stage's ``Stage/makeScratch()`` throws.
    public func makeContext() throws -> Context {
        Context(bound: try stages.map { try bind($0) }, owner: ObjectIdentifier(identity))
    }

    /// Runs every stage over `document`. A stage that throws records an error diagnostic;
    /// the stages after it still run if the layers they read exist, so one failure never
    /// loses the document's other layers. A stage whose inputs are missing is skipped with
    /// an error diagnostic that says which layer is missing.
    ///
    /// - Precondition: `context` was made by this pipeline's ``makeContext()``.
    public func run(_ document: Document, in context: Context) -> AnnotatedDocument {
        runStages(document, context, timing: nil)
    }

    /// Runs every stage like ``run(_:in:)`` and adds each stage's wall-clock time, in
    /// nanoseconds, to `nanoseconds[i]` for the i-th stage (for `quarry bench --pipeline`).
    /// `nanoseconds` is grown to one entry per stage when it is shorter.
    public func run(_ document: Document, in context: Context, timing nanoseconds: inout [UInt64]) -> AnnotatedDocument {
        if nanoseconds.count < stages.count { nanoseconds += Array(repeating: 0, count: stages.count - nanoseconds.count) }
        return nanoseconds.withUnsafeMutableBufferPointer { runStages(document, context, timing: $0) }
    }

    /// Runs the pipeline with a temporary context. Prefer ``run(_:in:)`` in a loop: making a
    /// context opens ICU iterators and allocates match data.
    public func run(_ document: Document) throws -> AnnotatedDocument {
        run(document, in: try makeContext())
    }

    /// The one stage loop, timed when `timing` is given.
    private func runStages(_ document: Document, _ context: Context,
                           timing: UnsafeMutableBufferPointer<UInt64>?) -> AnnotatedDocument {
        precondition(context.owner == ObjectIdentifier(identity), "a Pipeline.Context must be used with the pipeline that made it")
        var annotated = AnnotatedDocument(document: document)
        for (i, stage) in context.bound.enumerated() {
            let reads = stage.reads
            guard reads.allSatisfy({ annotated.has($0) }) else {
                let missing = reads.filter { !annotated.has($0) }.map(\.rawValue).joined(separator: ", ")
                annotated.diagnostics.append(Diagnostic(.error, "\(document.id): stage '\(stage.name)' skipped: an earlier stage failed to write \(missing)"))
                continue
            }
            let start = timing == nil ? 0 : DispatchTime.now().uptimeNanoseconds
            do {
                try stage.process(&annotated)
            } catch {
                annotated.diagnostics.append(Diagnostic(.error, "\(document.id): stage '\(stage.name)' failed: \(error)"))
            }
            // What the stages shared is not part of the result: dropped as soon as no later
            // stage reads it, so the rest of the pipeline (and the output queue) runs without it.
            if i == context.lastDerivedReader { annotated.derived.removeAll() }
            if let timing { timing[i] &+= DispatchTime.now().uptimeNanoseconds &- start }
        }
        annotated.derived.removeAll()
        if !keepsInternalSpans, let spans = annotated.spans, spans.labels.contains(where: SpanLayer.isInternal) {
            annotated.spans = spans.withoutInternalLabels()
        }
        return annotated
    }
}

/// A stage with this thread's scratch, seen without its concrete type.
private protocol BoundStage: AnyObject {
    var name: String { get }
    var reads: [LayerName] { get }
    var readsDerived: Bool { get }
    func process(_ document: inout AnnotatedDocument) throws
}

/// A stage and its scratch, typed: the scratch is the one its own `makeScratch()` made.
private final class TypedBoundStage<S: Stage>: BoundStage {
    let stage: S
    var scratch: S.Scratch

    init(_ stage: S) throws {
        self.stage = stage
        self.scratch = try stage.makeScratch()
    }

    var name: String { stage.name }
    var reads: [LayerName] { stage.reads }
    var readsDerived: Bool { stage.readsDerived }

    func process(_ document: inout AnnotatedDocument) throws {
        try stage.process(&document, scratch: &scratch)
    }
}

private func bind<S: Stage>(_ stage: S) throws -> any BoundStage {
    try TypedBoundStage(stage)
}

/// Why a pipeline could not be built.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The built-in stage kind that writes each built-in layer, for the advice.
    static let standardWriters: [LayerName: String] = [.tokens: "tokenize", .sentences: "sentences", .tags: "tag", .spans: "patterns", .quotes: "quotes"]

    /// Stage number `position` (1-based) reads `layer`, which no earlier stage writes.
    case missingLayer(stage: String, position: Int, layer: LayerName, writtenLaterBy: String?)

    public var description: String {
        switch self {
        case let .missingLayer(stage, position, layer, writer):
            var text = "stage \(position) '\(stage)' needs the '\(layer)' layer, but no earlier stage writes it"
            if let writer {
                text += "; move '\(writer)' before '\(stage)'"
            } else if let kind = Self.standardWriters[layer] {
                text += "; add `\(kind)` before it"
            } else {
                text += "; add a stage that writes '\(layer)' before it"
            }
            return text
        }
    }
}
