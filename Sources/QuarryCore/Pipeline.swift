import Dispatch

/// An ordered list of stages, checked when it is built and immutable afterwards.
///
/// Building a pipeline checks that every stage's ``Stage/reads`` are written by an earlier
/// stage, so that an impossible order ("sentences needs tokens") fails at load time, not
/// halfway through a corpus. A pipeline is `Sendable`: share one across threads and give each
/// thread its own ``Context`` (per-stage scratch).
///
/// ```swift
/// let pipeline = try Pipeline([TokenizerStage(tokenizer: .english())])
/// let context = try pipeline.makeContext()
/// let result = pipeline.run(Document(id: "a", text: "U.S. officials said so."), in: context)
/// ```
public struct Pipeline: Sendable {
    public let stages: [any Stage]

    /// Builds a pipeline, checking the order of its stages.
    /// - Throws: ``PipelineError`` when a stage reads a layer no earlier stage writes.
    public init(_ stages: [any Stage]) throws(PipelineError) {
        var available: Set<LayerName> = [.text]
        for (position, stage) in stages.enumerated() {
            for layer in stage.reads where !available.contains(layer) {
                let writers = stages.filter { $0.writes.contains(layer) }.map(\.name)
                throw PipelineError.missingLayer(
                    stage: stage.name, position: position + 1, layer: layer,
                    writtenLaterBy: writers.first)
            }
            available.formUnion(stage.writes)
        }
        self.stages = stages
    }

    /// The layers the pipeline writes, in stage order.
    public var writes: [LayerName] {
        var seen: Set<LayerName> = []
        return stages.flatMap(\.writes).filter { seen.insert($0).inserted }
    }

    /// Per-thread state for running this pipeline: one scratch object per stage.
    /// Not `Sendable`: make one per thread (or per task) with ``makeContext()``.
    public final class Context {
        let scratch: [AnyObject?]
        init(scratch: [AnyObject?]) { self.scratch = scratch }
    }

    /// Makes a context for one thread.
    public func makeContext() throws -> Context {
        Context(scratch: try stages.map { try $0.makeScratch() })
    }

    /// Runs every stage over `document`. A stage that throws records an error diagnostic;
    /// the stages after it still run if the layers they read exist, so one failure never
    /// loses the document's other layers.
    public func run(_ document: Document, in context: Context) -> AnnotatedDocument {
        var annotated = AnnotatedDocument(document: document)
        for (stage, scratch) in zip(stages, context.scratch) {
            guard stage.reads.allSatisfy({ annotated.has($0) }) else {
                annotated.diagnostics.append(Diagnostic(.error, "\(document.id): stage '\(stage.name)' skipped: an earlier stage failed to write \(stage.reads.filter { !annotated.has($0) }.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            do {
                try stage.process(&annotated, scratch: scratch)
            } catch {
                annotated.diagnostics.append(Diagnostic(.error, "\(document.id): stage '\(stage.name)' failed: \(error)"))
            }
        }
        return annotated
    }

    /// Runs every stage like ``run(_:in:)`` and adds each stage's wall-clock time, in
    /// nanoseconds, to `nanoseconds[i]` for the i-th stage (for `quarry bench --pipeline`).
    public func run(_ document: Document, in context: Context, timing nanoseconds: inout [UInt64]) -> AnnotatedDocument {
        if nanoseconds.count < stages.count { nanoseconds += Array(repeating: 0, count: stages.count - nanoseconds.count) }
        var annotated = AnnotatedDocument(document: document)
        for (i, (stage, scratch)) in zip(stages, context.scratch).enumerated() {
            guard stage.reads.allSatisfy({ annotated.has($0) }) else { continue }
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                try stage.process(&annotated, scratch: scratch)
            } catch {
                annotated.diagnostics.append(Diagnostic(.error, "\(document.id): stage '\(stage.name)' failed: \(error)"))
            }
            nanoseconds[i] &+= DispatchTime.now().uptimeNanoseconds &- start
        }
        return annotated
    }

    /// Runs the pipeline with a temporary context. Prefer ``run(_:in:)`` in a loop.
    public func run(_ document: Document) throws -> AnnotatedDocument {
        run(document, in: try makeContext())
    }
}

/// Why a pipeline could not be built.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stage number `position` (1-based) reads `layer`, which no earlier stage writes.
    case missingLayer(stage: String, position: Int, layer: LayerName, writtenLaterBy: String?)

    public var description: String {
        switch self {
        case let .missingLayer(stage, position, layer, writer):
            var text = "stage \(position) '\(stage)' needs the '\(layer)' layer, but no earlier stage writes it"
            if let writer {
                text += "; move '\(writer)' before '\(stage)'"
            } else {
                text += "; add a stage that writes '\(layer)' before it"
            }
            return text
        }
    }
}
