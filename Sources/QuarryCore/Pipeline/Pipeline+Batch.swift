import Foundation

/// Bounds on the documents a parallel run holds at once.
public struct RunLimits: Sendable, Equatable {
    /// Documents read but not yet delivered, at most (at least 1).
    public var documents: Int
    /// Bytes of text read but not yet delivered, at most; one document larger than this is
    /// still processed, alone.
    public var bytes: Int

    /// Makes limits of `documents` documents and `bytes` bytes of text; values below 1 count as 1.
    public init(documents: Int, bytes: Int) {
        self.documents = max(1, documents)
        self.bytes = max(1, bytes)
    }

    /// The default for `jobs` threads: 16 documents or 4 MB of text per thread, enough to
    /// keep every thread busy while the output of slow documents waits its turn.
    public static func standard(jobs: Int) -> RunLimits {
        RunLimits(documents: 16 * max(1, jobs), bytes: 4_000_000 * max(1, jobs))
    }
}

extension Pipeline {
    /// Runs the pipeline over a stream of documents on `jobs` threads and delivers every
    /// result in input order.
    ///
    /// `inputs` is read on the calling thread, one element at a time, as the run needs it:
    /// a stream of unknown length (standard input) is processed as it arrives, and no more
    /// than `limits` of it is held at once. An input that could not be read (a `.failure`)
    /// is delivered in its place in the order, unprocessed, so messages stay next to the
    /// documents around them.
    ///
    /// `deliver` is called once per input, in input order, never by two threads at once; it
    /// may run on any of the run's threads. The run returns after the last call.
    ///
    /// ```swift
    /// try pipeline.run(documents.lazy.map { .success($0) } as some Sequence<Result<Document, Never>>, jobs: 4) { result in
    ///     if case let .success(annotated) = result { print(annotated.document.id, annotated.quotes?.count ?? 0) }
    /// }
    /// ```
    ///
    /// Each thread makes its own ``Context``. With `jobs` 1 everything runs on the calling
    /// thread.
    /// - Throws: what ``makeContext()`` throws; nothing is delivered then.
    ///
    /// With `contexts`, the run takes its contexts from that pool and gives them back when
    /// it ends (a service that runs many batches makes each context once).
    public func run<Inputs: Sequence, Failure: Error>(
        _ inputs: Inputs, jobs: Int, limits: RunLimits? = nil, contexts: ContextPool? = nil,
        deliver: (Result<AnnotatedDocument, Failure>) -> Void
    ) throws where Inputs.Element == Result<Document, Failure> {
        let jobs = max(1, jobs)
        let first = try contexts?.take() ?? makeContext()  // fails before anything is read or delivered
        defer { contexts?.give(first) }
        if jobs == 1 {
            for input in inputs {
                deliver(input.map { run($0, in: first) })
            }
            return
        }
        try withoutActuallyEscaping(deliver) { deliver in
            let state = OrderedRun<Failure>(limits: limits ?? .standard(jobs: jobs), deliver: deliver)
            let group = DispatchGroup()
            for _ in 0..<jobs {
                group.enter()
                let pipeline = self
                Thread {
                    defer { group.leave() }
                    let context: Context
                    do { context = try contexts?.take() ?? pipeline.makeContext() } catch { state.fail(error); return }
                    defer { contexts?.give(context) }
                    while let (sequence, document) = state.take() {
                        state.finish(sequence, .success(pipeline.run(document, in: context)))
                    }
                }.start()
            }
            for input in inputs {
                guard state.admit(bytes: (try? input.get())?.utf8Count ?? 0) else { break }
                switch input {
                case let .success(document): state.submit(document)
                case let .failure(problem): state.submitFailure(problem)
                }
            }
            state.close()
            group.wait()
            state.detach()
            if let error = state.failure { throw error }
        }
    }

    /// Runs the pipeline over documents already in memory on `jobs` threads (documents dealt
    /// out by stride, one context per thread) and returns the results in input order.
    public func run(_ documents: [Document], jobs: Int) throws -> [AnnotatedDocument] {
        try ParallelWork.map(count: documents.count, jobs: jobs, makeState: { try makeContext() }) { context, index in
            run(documents[index], in: context)
        }
    }
}

extension Pipeline {
    /// Contexts of one pipeline kept for reuse across runs: a run takes one per thread (made
    /// when none is free) and gives it back. For services that run many small batches.
    public final class ContextPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [Context] = []
        private let pipeline: Pipeline

        /// A pool with one context made now, so that a pipeline whose stages cannot bind fails
        /// here rather than on a later run.
        public init(_ pipeline: Pipeline) throws {
            self.pipeline = pipeline
            free = [try pipeline.makeContext()]
        }

        /// A free context, or a new one.
        public func take() throws -> Context {
            lock.lock()
            let taken = free.popLast()
            lock.unlock()
            return try taken ?? pipeline.makeContext()
        }

        /// Gives back a context taken from this pool.
        public func give(_ context: Context) {
            lock.lock()
            free.append(context)
            lock.unlock()
        }
    }
}

/// Shared state of one ordered parallel run: a bounded queue of work, the results waiting
/// for their turn, and the delivery cursor.
///
/// Unchecked `Sendable`: every stored property is read and written only while `condition`
/// is locked, except `deliver`, which is called by one thread at a time (the one holding the
/// `delivering` flag, set and cleared under the lock), and only while the run that owns this
/// object is waiting for its threads, so the non-escaping closure outlives every call.
private final class OrderedRun<Failure: Error>: @unchecked Sendable {
    private let condition = NSCondition()
    private let limits: RunLimits
    /// Set to nil by ``detach()`` before the run returns: the worker threads may outlive
    /// the run by a moment, and must not keep the caller's closure.
    private var deliver: ((Result<AnnotatedDocument, Failure>) -> Void)?

    private var queue: [(Int, Document)] = []
    private var queueHead = 0
    private var waiting: [Int: (result: Result<AnnotatedDocument, Failure>, bytes: Int)] = [:]
    private var submitted = 0
    private var nextToDeliver = 0
    private var heldDocuments = 0
    private var heldBytes = 0
    private var closed = false
    private var delivering = false
    private(set) var failure: Error?

    init(limits: RunLimits, deliver: @escaping (Result<AnnotatedDocument, Failure>) -> Void) {
        self.limits = limits
        self.deliver = deliver
    }

    /// Waits until there is room for one more input of `bytes`; false when the run failed.
    func admit(bytes: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil && heldDocuments > 0
                && (heldDocuments >= limits.documents || heldBytes + bytes > limits.bytes) {
            condition.wait()
        }
        heldDocuments += 1
        heldBytes += bytes
        return failure == nil
    }

    func submit(_ document: Document) {
        condition.lock()
        queue.append((submitted, document))
        submitted += 1
        condition.broadcast()
        condition.unlock()
    }

    func submitFailure(_ problem: Failure) {
        condition.lock()
        let sequence = submitted
        submitted += 1
        condition.unlock()
        finish(sequence, .failure(problem))
    }

    /// The next document to process, or nil when the input is exhausted (or the run failed).
    func take() -> (Int, Document)? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead == queue.count && !closed && failure == nil { condition.wait() }
        guard queueHead < queue.count, failure == nil else { return nil }
        let item = queue[queueHead]
        queueHead += 1
        if queueHead > 1024 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return item
    }

    /// Records a result and delivers every result whose turn has come, unless another
    /// thread is already delivering (it will pick this one up).
    func finish(_ sequence: Int, _ result: Result<AnnotatedDocument, Failure>) {
        condition.lock()
        let bytes: Int
        if case let .success(annotated) = result { bytes = annotated.document.utf8Count } else { bytes = 0 }
        waiting[sequence] = (result, bytes)
        if delivering {
            condition.unlock()
            return
        }
        delivering = true
        while let ready = waiting.removeValue(forKey: nextToDeliver) {
            nextToDeliver += 1
            condition.unlock()
            deliver?(ready.result)
            condition.lock()
            heldDocuments -= 1
            heldBytes -= ready.bytes
            condition.broadcast()
        }
        delivering = false
        condition.unlock()
    }

    /// Drops the caller's closure; called after every thread has finished its work.
    func detach() {
        condition.lock()
        deliver = nil
        condition.unlock()
    }

    /// No more input.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// A thread could not make its context: stop reading, let the others finish.
    func fail(_ error: Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }
}

/// Work spread over threads by stride, each thread with state of its own.
public enum ParallelWork {
    /// Calls `body(&state, i)` for every `i` in `0..<count` on `jobs` threads (thread `w`
    /// takes `w`, `w + jobs`, ...) and returns the results in index order. Each thread makes
    /// its `state` with `makeState` on that thread, so per-thread scratch never crosses
    /// threads. With one job (or one item) everything runs on the calling thread.
    /// - Throws: the first error `makeState` throws.
    public static func map<State, Result>(
        count: Int, jobs: Int, makeState: @Sendable () throws -> State,
        _ body: @Sendable (inout State, Int) -> Result
    ) throws -> [Result] {
        let workers = min(max(1, jobs), max(1, count))
        if workers == 1 {
            var state = try makeState()
            return (0..<count).map { body(&state, $0) }
        }
        let slots = Slots<Result>(count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let state: State
            do { state = try makeState() } catch { slots.fail(error); return }
            var mutableState = state
            var index = worker
            while index < count {
                slots.store(body(&mutableState, index), at: index)
                index += workers
            }
        }
        if let error = slots.error { throw error }
        return slots.values.map { $0! }
    }

    /// Result slots written by several threads.
    ///
    /// Unchecked `Sendable`: each index is written by exactly one thread (the stride gives
    /// every index to one worker) through a fixed allocation, and the slots are read only
    /// after `concurrentPerform` has returned, which orders every write before the reads.
    private final class Slots<Value>: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<Value?>
        private let lock = NSLock()
        private(set) var error: Error?
        init(_ count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }
        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
        var values: [Value?] { Array(storage) }
        func store(_ value: Value, at index: Int) { storage[index] = value }
        func fail(_ error: Error) {
            lock.lock()
            if self.error == nil { self.error = error }
            lock.unlock()
        }
    }
}
