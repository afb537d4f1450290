import QuarryCore

/// Runs a ``TokenProgram`` over a document's tokens: a Pike VM, leftmost-first like PCRE.
///
/// One thread list per token position, in priority order; a thread is an instruction and
/// its capture slots (slot 0 holds where the match started). Closing over splits, jumps,
/// saves and assertions visits each instruction at most once per position, so a loop that
/// consumes no token cannot spin, and a lower-priority thread reaching an instruction already
/// reached is dropped. A consumer of several tokens (a span unit, a multi-token list entry)
/// puts a *waiting* thread in the next list that carries its target position; it moves one
/// position per step, keeping its place in the priority order, and resumes when it reaches
/// the target. The work per position is bounded by the program size plus the waiting
/// threads (at most one per consumer instruction, start position and distinct end).
///
/// Search is unanchored: while no match is found, a new lowest-priority thread starts at
/// each position; when a thread matches, lower-priority threads are cut and the higher ones
/// run on (they would give the preferred, often longer, match). The next search starts
/// at the match's end.
/// A rule's VM tables, made once per rule and thread (``MatchScratch``) and reused for every
/// document: nothing of the VM is allocated per document in the steady state (the start
/// table grows to the longest document seen).
final class VMTables {
    /// Per predicate of the program, its row of results in the features (0 unknown, 1 false,
    /// 2 true, per token), shared with every rule and stage that tests the same predicate.
    let memo: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt8>>
    /// The generation in which the closure last visited each instruction. Generations only
    /// grow, across documents too, so the table is never cleared.
    let visited: UnsafeMutableBufferPointer<Int>
    @exclusivity(unchecked) var generation = 0
    /// Per token, 1 where a match can start (``TokenVM/markStarts()``), for a full scan.
    @exclusivity(unchecked) private(set) var startable: UnsafeMutableBufferPointer<UInt8>
    /// The thread lists, a new thread's slots and the best match's slots.
    let threads: ThreadLists
    let start: UnsafeMutablePointer<Int32>
    let best: UnsafeMutablePointer<Int32>
    let slotCount: Int
    /// Per span unit and list of the program, the document's table and its array as a
    /// pointer; per label, its coverage table (``PredicateContext``).
    @exclusivity(unchecked) var spanTables: [TokenFeatures.SpanIndex?]
    @exclusivity(unchecked) var listTables: [TokenFeatures.ListStarts?]
    let spanOffsets: UnsafeMutableBufferPointer<UnsafeMutablePointer<Int32>>
    let listStates: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt8>>
    let coverage: UnsafeMutableBufferPointer<UnsafeMutablePointer<Bool>>
    /// Per lookaround of the program, its own VM's tables.
    let lookTables: [VMTables]
    /// Per lookaround, its result row in the features (one result per position: 0 unknown,
    /// 1 false, 2 true), shared with the other rules that write it.
    let lookRows: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt8>>

    init(program: TokenProgram) {
        memo = .allocate(capacity: max(1, program.predicates.count))
        visited = .allocate(capacity: max(1, program.instructions.count))
        visited.initialize(repeating: -1)
        startable = .allocate(capacity: 1)
        slotCount = 2 + 2 * program.captureNames.count + program.markCount
        threads = ThreadLists(width: slotCount)
        start = .allocate(capacity: slotCount)
        best = .allocate(capacity: slotCount)
        spanTables = Array(repeating: nil, count: program.spanUnits.count)
        listTables = Array(repeating: nil, count: program.lists.count)
        spanOffsets = .allocate(capacity: max(1, program.spanUnits.count))
        listStates = .allocate(capacity: max(1, program.lists.count))
        coverage = .allocate(capacity: max(1, program.code.labels.count))
        lookTables = program.looks.map { VMTables(program: $0.program) }
        lookRows = .allocate(capacity: max(1, program.looks.count))
    }

    /// Points the tables at `features`' document.
    func prepare(_ program: TokenProgram, _ features: TokenFeatures) {
        for p in program.predicateKeys.indices {
            memo[p] = features.predicateRow(program.predicateKeys[p], readsSpans: program.predicateReadsSpans[p])
        }
        let n = features.count
        if startable.count < n + 1 {
            startable.deallocate()
            startable = .allocate(capacity: max(n + 1, startable.count * 2))
        }
        startable.baseAddress!.update(repeating: 0, count: n + 1)
        for (u, unit) in program.spanUnits.enumerated() {
            let table = features.spanIndex(unit.label)
            spanTables[u] = table
            spanOffsets[u] = table.offsets.baseAddress!
        }
        for (l, list) in program.lists.enumerated() {
            let table = features.listStarts(list)
            listTables[l] = table
            listStates[l] = table.state.baseAddress!
        }
        for (k, label) in program.code.labels.enumerated() { coverage[k] = features.coverageTable(label) }
        for (k, look) in program.looks.enumerated() { lookRows[k] = features.lookRow(look.key, readsSpans: look.readsSpans) }
    }

    /// Lets go of the document's tables (the features own them).
    func release() {
        for u in spanTables.indices { spanTables[u] = nil }
        for l in listTables.indices { listTables[l] = nil }
        for tables in lookTables { tables.release() }
    }

    deinit {
        memo.deallocate()
        visited.deallocate()
        startable.deallocate()
        start.deallocate()
        best.deallocate()
        spanOffsets.deallocate()
        listStates.deallocate()
        coverage.deallocate()
        lookRows.deallocate()
    }
}

/// A list of threads in priority order: each an instruction, the position where a waiting
/// thread resumes (-1: not waiting), and its capture slots, all in flat buffers, so that
/// starting, copying and dropping a thread allocates nothing and touches no reference count.
struct ThreadList {
    private(set) var pc: UnsafeMutablePointer<Int32>
    private(set) var target: UnsafeMutablePointer<Int32>
    private(set) var slots: UnsafeMutablePointer<Int32>
    var count = 0
    private var capacity: Int
    let width: Int

    init(width: Int, capacity: Int = 16) {
        self.width = max(1, width)
        self.capacity = capacity
        pc = .allocate(capacity: capacity)
        target = .allocate(capacity: capacity)
        slots = .allocate(capacity: capacity * self.width)
    }

    /// Thread `k`'s slots.
    @inline(__always)
    func slots(_ k: Int) -> UnsafeMutablePointer<Int32> { slots + k * width }

    mutating func append(_ pc: Int, _ target: Int, _ from: UnsafePointer<Int32>) {
        if count == capacity { grow() }
        self.pc[count] = Int32(pc)
        self.target[count] = Int32(target)
        (slots + count * width).update(from: from, count: width)
        count += 1
    }

    /// Appends a copy of thread `k` at instruction `pc` (safe when the list grows).
    mutating func duplicate(_ k: Int, pc: Int) {
        if count == capacity { grow() }
        self.pc[count] = Int32(pc)
        target[count] = target[k]
        (slots + count * width).update(from: slots + k * width, count: width)
        count += 1
    }

    /// Removes the last thread (the closure's work list pops from the end).
    mutating func removeLast() { count -= 1 }

    private mutating func grow() {
        let bigger = capacity * 2
        let newPC = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
        let newTarget = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
        let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: bigger * width)
        newPC.update(from: pc, count: count)
        newTarget.update(from: target, count: count)
        newSlots.update(from: slots, count: count * width)
        free()
        pc = newPC
        target = newTarget
        slots = newSlots
        capacity = bigger
    }

    func free() {
        pc.deallocate()
        target.deallocate()
        slots.deallocate()
    }
}

/// Owns the VM's three thread lists between searches (a search moves them to locals and
/// back), and frees them with the last copy of the VM.
final class ThreadLists {
    @exclusivity(unchecked) var current: ThreadList
    @exclusivity(unchecked) var next: ThreadList
    @exclusivity(unchecked) var work: ThreadList
    init(width: Int) {
        current = ThreadList(width: width)
        next = ThreadList(width: width)
        work = ThreadList(width: width)
    }
    deinit {
        current.free()
        next.free()
        work.free()
    }
}

struct TokenVM {

    let program: TokenProgram
    let features: TokenFeatures
    /// The rule's reusable tables (``VMTables``), read and written through pointers: an array
    /// property written in a mutating method is checked for uniqueness on every write, and
    /// copied whole when a call still holds it.
    private let tables: VMTables
    private let memo: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    private let visited: UnsafeMutablePointer<Int>
    /// Steps taken: threads handled plus instructions visited by the closure (for tests).
    var steps = 0
    /// Whether the search in progress keeps only the preferred match: a thread that reaches
    /// `match` cuts every thread of lower priority, so the closure and the step stop there
    /// (what a backtracking matcher would never try). Off while walking all paths.
    private var preferredOnly = false
    /// Set when a closure reaches `match` with ``preferredOnly`` on.
    private var reachedMatch = false
    private let threads: ThreadLists
    /// Capture slots per thread: where the match starts and ends, each group's two, each mark.
    private let slotCount: Int
    /// Whether `tables.startable` holds the start tokens (a full scan marks them first).
    private var marked = false

    /// The document's tables for the program's span units and lists, as pointers, valid while
    /// the features live (they own the tables).
    private let spanOffsets: UnsafeMutablePointer<UnsafeMutablePointer<Int32>>
    private let listStates: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    /// What the flattened predicates read, and where each starts.
    private let predicateContext: PredicateContext
    private let predicateStarts: [Int32]
    /// The program's first consumers (``PredicateCode/first``), read without copying.
    private let firstConsumers: UnsafeMutableBufferPointer<(kind: UInt8, index: Int32)>?
    /// Per token, 1 where a paragraph starts (``TokenFeatures/paragraphStart``).
    private let paragraphStart: UnsafeMutablePointer<UInt8>
    /// One VM per lookaround of the program, over the same document.
    private var lookVMs: [TokenVM?]

    /// A VM for `program` over `features`' document, with the rule's `tables` from the
    /// thread's scratch (made here when nil: `quarry explain`, tests).
    init(program: TokenProgram, features: TokenFeatures, tables: VMTables? = nil) {
        self.program = program
        self.features = features
        let tables = tables ?? VMTables(program: program)
        tables.prepare(program, features)
        self.tables = tables
        spanOffsets = tables.spanOffsets.baseAddress!
        listStates = tables.listStates.baseAddress!
        predicateContext = PredicateContext(
            steps: program.code.steps.baseAddress!, pool: program.code.pool.baseAddress!,
            bytes: features.bytes.baseAddress ?? UnsafePointer(features.loweredBytes.baseAddress!),
            lowered: UnsafePointer(features.loweredBytes.baseAddress!),
            starts: UnsafePointer(features.tokenStarts.baseAddress!), ends: UnsafePointer(features.tokenEnds.baseAddress!),
            kinds: UnsafePointer(features.tokenKinds.baseAddress!),
            listStates: tables.listStates.baseAddress!, coverage: tables.coverage.baseAddress!)
        predicateStarts = program.code.starts
        firstConsumers = program.code.first
        memo = tables.memo.baseAddress!
        visited = tables.visited.baseAddress!
        slotCount = tables.slotCount
        threads = tables.threads
        paragraphStart = features.paragraphStart.baseAddress!
        // A longer lookaround gets its VM the first time it is asked (``lookVM(_:)``); one of
        // a single token is a test on the token before or after, with no VM of its own.
        lookVMs = [TokenVM?](repeating: nil, count: program.looks.count)
    }

    /// Makes the VM of lookaround `k` (not a single-token one) for this document on first use:
    /// most documents never reach most lookarounds, and making one prepares its tables.
    private mutating func makeLookVM(_ k: Int) {
        if lookVMs[k] == nil {
            lookVMs[k] = TokenVM(program: program.looks[k].program, features: features, tables: tables.lookTables[k])
        }
    }

    /// The document's list table `l` (set by ``VMTables/prepare(_:_:)``).
    @inline(__always)
    var listTables: [TokenFeatures.ListStarts?] { tables.listTables }

    /// Lets go of the document's tables, so the thread's scratch does not keep them.
    func finish() { tables.release() }

    /// Every match, left to right, as token ranges with capture slots (token positions).
    mutating func run(_ report: (Range<Int>, UnsafePointer<Int32>) -> Void) {
        let n = features.count
        markStarts()
        var position = 0
        while position < n {
            guard let (range, slots) = search(from: position) else { break }
            report(range, slots)
            position = max(range.upperBound, range.lowerBound + 1)
        }
    }

    /// The ends of span unit `u`'s spans that start at token `i`, through its table.
    private func spanEnds(_ u: Int, _ i: Int) -> [Int] {
        if spanOffsets[u][i] == spanOffsets[u][i + 1] { return [] }
        return features.spanEnds(tables.spanTables[u]!, program.spanUnits[u].tests, i)
    }

    /// Whether an entry of list `l` starts at token `i`, through its table.
    private func startsEntry(_ l: Int, _ i: Int) -> Bool {
        let known = listStates[l][i]
        if known != 0 { return known == 2 }
        return features.startsEntry(program.lists[l], tables.listTables[l]!, i)
    }

    func holds(_ p: Int, _ i: Int) -> Bool {
        evaluate(predicateContext, Int(predicateStarts[p]), i)
    }

    /// Whether a match can start at token `i`: one of the pattern's first consumers can
    /// consume it (a thread started where none can would die at once; not starting it saves
    /// its allocation, which is most of the cost of a rule without a required word).
    /// Whether a match may start at token `i`, which may be the end of the document (only a
    /// pattern that can match no token starts there).
    private mutating func mayStart(at i: Int) -> Bool {
        guard firstConsumers != nil else { return true }
        return i < features.count && canStart(at: i)
    }

    private mutating func canStart(at i: Int) -> Bool {
        guard let first = firstConsumers else { return true }
        for k in 0..<first.count {
            let (kind, index) = first[k]
            switch kind {
            case 0:
                let row = memo[Int(index)]
                var result = row[i]
                if result == 0 { result = holds(Int(index), i) ? 2 : 1; row[i] = result }
                if result == 2 { return true }
            case 1:
                if startsEntry(Int(index), i) { return true }
            case 2:
                if spanOffsets[Int(index)][i] != spanOffsets[Int(index)][i + 1] { return true }
            default:
                return true
            }
        }
        return false
    }

    /// Marks, in `tables.startable`, every token where a match can start, one first consumer
    /// at a time over all tokens (a loop per consumer keeps its tables at hand, where asking
    /// per position goes through the consumer list each time). A search then jumps from one
    /// marked token to the next.
    private mutating func markStarts() {
        let n = features.count
        let startable = tables.startable.baseAddress!
        guard let first = firstConsumers else {
            for i in 0..<n { startable[i] = 1 }
            marked = true
            return
        }
        for k in 0..<first.count {
            let (kind, index) = first[k]
            switch kind {
            case 0:
                let p = Int(index), at = Int(predicateStarts[p]), context = predicateContext
                let row = memo[p]
                for i in 0..<n where startable[i] == 0 {
                    var result = row[i]
                    if result == 0 { result = evaluate(context, at, i) ? 2 : 1; row[i] = result }
                    if result == 2 { startable[i] = 1 }
                }
            case 1:
                let l = Int(index), list = program.lists[l], table = tables.listTables[l]!, states = listStates[l]
                for i in 0..<n where startable[i] == 0 {
                    let known = states[i]
                    if known == 2 || (known == 0 && features.startsEntry(list, table, i)) { startable[i] = 1 }
                }
            case 2:
                let offsets = spanOffsets[Int(index)]
                for i in 0..<n where offsets[i] != offsets[i + 1] { startable[i] = 1 }
            default:
                for i in 0..<n { startable[i] = 1 }
            }
        }
        marked = true
    }

    /// The leftmost-first match starting at a token in `from...lastStart` (any start from
    /// `from` on when `lastStart` is nil), or nil.
    /// The slots are the VM's own, valid until the next search.
    mutating func search(from: Int, lastStart: Int? = nil) -> (Range<Int>, UnsafePointer<Int32>)? {
        let lastStart = lastStart ?? Int.max
        let n = features.count
        // The thread lists are kept between searches, so a search allocates none.
        var current = threads.current, next = threads.next, work = threads.work
        defer {
            current.count = 0
            next.count = 0
            threads.current = current
            threads.next = next
            threads.work = work
        }
        let start = tables.start
        var best: (Range<Int>, UnsafePointer<Int32>)? = nil
        var i = from
        tables.generation += 1
        preferredOnly = true
        defer { preferredOnly = false }
        while true {
            if marked && best == nil && current.count == 0 {
                // Nothing runs: jump to the next token where a match can start.
                let startable = tables.startable.baseAddress!
                while i < n && i < lastStart && startable[i] == 0 { i += 1 }
            }
            if best == nil && i < n && i <= lastStart && (marked ? tables.startable[i] != 0 : canStart(at: i)) {
                start.update(repeating: -1, count: slotCount)
                start[0] = Int32(i)
                add(&current, &work, 0, i, start)
            }
            if current.count == 0 {
                if best != nil || i >= n || i >= lastStart { break }
                i += 1
                tables.generation += 1
                continue
            }
            tables.generation += 1
            next.count = 0
            reachedMatch = false
            var k = 0
            while k < current.count {
                steps += 1
                if current.target[k] < 0, case .match = program.instructions[Int(current.pc[k])] {
                    let slots = current.slots(k)
                    tables.best.update(from: slots, count: slotCount)
                    best = (Int(slots[0])..<i, UnsafePointer(tables.best))
                    break
                }
                advance(current, k, at: i, &next, &work)
                // A thread reached `match` at the next token: the threads after this one
                // have lower priority, and the next step would cut what they add.
                if reachedMatch { break }
                k += 1
            }
            if i >= n { break }
            swap(&current, &next)
            i += 1
        }
        return best
    }

    /// Every position where a match starting exactly at token `start` can end, in increasing
    /// order: all paths, not only the preferred one (what `quarry explain` needs to say where
    /// the next element was tried). Linear like ``search(from:lastStart:)``.
    mutating func ends(from start: Int) -> [Int] {
        var found: [Int] = []
        walkAllPaths(from: start, through: nil) { end in
            if found.last != end { found.append(end) }
            return false
        }
        return found
    }

    /// Runs every path of the program from token `start`, calling `reached(end)` at each
    /// position where one matches (in increasing order) until it returns true; stops after
    /// position `limit` when one is given. Returns whether `reached` returned true. Uses the
    /// VM's own thread lists, so it allocates nothing.
    @discardableResult
    private mutating func walkAllPaths(from start: Int, through limit: Int?, _ reached: (Int) -> Bool) -> Bool {
        let n = features.count
        var current = threads.current, next = threads.next, work = threads.work
        defer {
            current.count = 0
            next.count = 0
            threads.current = current
            threads.next = next
            threads.work = work
        }
        current.count = 0
        tables.generation += 1
        tables.start.update(repeating: -1, count: slotCount)
        tables.start[0] = Int32(start)
        add(&current, &work, 0, start, tables.start)
        var i = start
        while current.count > 0 {
            if let limit, i > limit { return false }
            tables.generation += 1
            next.count = 0
            for k in 0..<current.count {
                if current.target[k] < 0, case .match = program.instructions[Int(current.pc[k])] {
                    if reached(i) { return true }
                    continue
                }
                advance(current, k, at: i, &next, &work)
            }
            if i >= n { break }
            swap(&current, &next)
            i += 1
        }
        return false
    }

    /// Whether lookaround `k` holds at token position `position`, computed once per position
    /// and document for every rule that writes it: a lookahead's pattern matches from
    /// `position` on, a lookbehind's ends at `position` starting at most its bound before
    /// (negated: no such match).
    private mutating func lookHolds(_ k: Int, at position: Int) -> Bool {
        let look = program.looks[k]
        if let p = look.single {
            // One token: the one after (ahead) or before the position.
            let i = look.ahead ? position : position - 1
            var found = false
            if i >= 0 && i < features.count {
                let memoRow = memo[p]
                var result = memoRow[i]
                if result == 0 { result = holds(p, i) ? 2 : 1; memoRow[i] = result }
                found = result == 2
            }
            return found != look.negated
        }
        let row = tables.lookRows[k]
        if row[position] != 0 { return row[position] == 2 }
        var found = false
        // A sub-match can only start where one of its first consumers takes the token: that
        // test (memoised per token) spares most runs of the sub-VM.
        makeLookVM(k)
        if look.ahead {
            found = lookVMs[k]!.mayStart(at: position) && lookVMs[k]!.matches(from: position, endingAt: nil)
        } else {
            let features = self.features
            let bound = look.bound?.evaluate { features.spanIndex($0).longest } ?? 0
            var start = position
            while start >= max(0, position - bound) && !found {
                found = lookVMs[k]!.mayStart(at: start) && lookVMs[k]!.matches(from: start, endingAt: position)
                start -= 1
            }
        }
        let holds = found != look.negated
        row[position] = holds ? 2 : 1
        return holds
    }

    /// Whether a match starts exactly at token `start` (and, when `end` is given, ends exactly
    /// there), by any path: the lookaround's question.
    mutating func matches(from start: Int, endingAt end: Int?) -> Bool {
        walkAllPaths(from: start, through: end) { reached in end == nil || reached == end }
    }

    /// Moves thread `k` of `list` past token `i`: a waiting thread on towards its target, a
    /// consumer into `next` for each way it can take the token (a token test, a span unit, a
    /// list entry); nothing when it cannot.
    private mutating func advance(_ list: ThreadList, _ k: Int, at i: Int, _ next: inout ThreadList, _ work: inout ThreadList) {
        let pc = Int(list.pc[k]), target = Int(list.target[k]), slots = list.slots(k)
        if target >= 0 {
            if target == i + 1 { add(&next, &work, pc + 1, i + 1, slots) } else { next.append(pc, target, slots) }
            return
        }
        let n = features.count
        guard i < n else { return }
        // A match never takes a token past a paragraph break (a blank line) after its start.
        if paragraphStart[i] != 0 && Int(slots[0]) < i { return }
        switch program.instructions[pc] {
        case let .token(p):
            let row = memo[p]
            var result = row[i]
            if result == 0 { result = holds(p, i) ? 2 : 1; row[i] = result }
            if result == 2 { add(&next, &work, pc + 1, i + 1, slots) }
        case let .span(u):
            let offsets = spanOffsets[u]
            let from = Int(offsets[i]), to = Int(offsets[i + 1])
            if from == to { return }
            if program.spanUnits[u].tests.isEmpty {
                // The spans that start here, longest first; equal ends are side by side.
                let ends = tables.spanTables[u]!.endPointer.baseAddress!
                var last: Int32 = -1
                for k in from..<to where ends[k] != last {
                    last = ends[k]
                    consume(pc, slots, to: Int(last), at: i, &next, &work)
                }
            } else {
                for end in spanEnds(u, i) { consume(pc, slots, to: end, at: i, &next, &work) }
            }
        case let .list(l):
            guard startsEntry(l, i) else { return }
            if program.lists[l].maxWords == 1 {
                // One-word entries: the entry is this token.
                add(&next, &work, pc + 1, i + 1, slots)
                return
            }
            for end in features.listEnds(program.lists[l], tables.listTables[l]!, i) { consume(pc, slots, to: end, at: i, &next, &work) }
        default:
            return
        }
    }

    private mutating func consume(_ pc: Int, _ slots: UnsafePointer<Int32>, to end: Int, at i: Int,
                                  _ next: inout ThreadList, _ work: inout ThreadList) {
        if end == i + 1 {
            add(&next, &work, pc + 1, i + 1, slots)
        } else {
            next.append(pc, end, slots)
        }
    }

    /// Follows splits, jumps, saves and assertions from `pc` at `position`, appending the
    /// threads that stop at a consumer or at the match to `list`, in priority order. `work`
    /// is the closure's stack (its `target` field unused).
    private mutating func add(_ list: inout ThreadList, _ work: inout ThreadList, _ pc: Int, _ position: Int,
                              _ slots: UnsafePointer<Int32>) {
        work.count = 0
        work.append(pc, -1, slots)
        let marks = 2 + 2 * program.captureNames.count
        while work.count > 0 {
            work.removeLast()
            let top = work.count
            let pc = Int(work.pc[top])
            // The popped entry's slots stay valid until the next append overwrites them.
            let slots = work.slots(top)
            steps += 1
            let generation = tables.generation
            if visited[pc] == generation { continue }
            visited[pc] = generation
            switch program.instructions[pc] {
            case let .jump(target):
                work.pc[top] = Int32(target)
                work.count += 1
            case let .split(preferred, other):
                work.pc[top] = Int32(other)
                work.count += 1
                work.duplicate(top, pc: preferred)
            case let .save(slot):
                slots[2 + slot] = Int32(position)
                work.pc[top] = Int32(pc + 1)
                work.count += 1
            case let .mark(k):
                slots[marks + k] = Int32(position)
                work.pc[top] = Int32(pc + 1)
                work.count += 1
            case let .progress(k, loop, exit):
                work.pc[top] = Int32(slots[marks + k] == Int32(position) ? exit : loop)
                work.count += 1
            case .assertSentenceStart:
                if position < features.count && features.sentenceStart[position] {
                    work.pc[top] = Int32(pc + 1)
                    work.count += 1
                }
            case .assertSentenceEnd:
                if position > 0 && features.sentenceEnd[position - 1] {
                    work.pc[top] = Int32(pc + 1)
                    work.count += 1
                }
            case let .look(k):
                if lookHolds(k, at: position) {
                    work.pc[top] = Int32(pc + 1)
                    work.count += 1
                }
            case .match:
                list.append(pc, -1, slots)
                // What is left to explore has lower priority than this match.
                if preferredOnly {
                    reachedMatch = true
                    work.count = 0
                }
            case .token, .span, .list:
                list.append(pc, -1, slots)
            }
        }
    }
}
