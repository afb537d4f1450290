import CQuarryScan
import QuarryCore
/// A multi-literal scanner over bytes: an Aho-Corasick automaton compiled to a dense DFA over
/// byte classes, matching exactly or ASCII case-insensitively.
///
/// Every byte of the text costs one table lookup; the bytes that occur in no literal share
/// one class, so the table stays small (states × classes). Outputs (the literals that end in a
/// state, through failure links) are precomputed per state. Built once per compiled rule set,
/// immutable and shared across threads.
///
/// - Complexity: O(n + matches) per scan; memory O(states × classes).
struct AhoCorasick: Sendable {
    /// Byte -> class (ASCII letters folded to lower case first).
    private let classOf: [UInt8]
    private let classCount: Int
    /// Next state for (state, class): `transitions[state * classCount + class]`.
    private let transitions: [UInt32]
    /// Outputs of each state: a range in `outputs`.
    private let outputStart: [UInt32]
    private let outputCount: [UInt16]
    /// Literal ids.
    private let outputs: [UInt32]
    /// Byte length of each literal.
    let lengths: [Int]
    /// Bytes that leave the start state: the scan skips every other byte while it is there
    /// (capitalised names start with one of 26 bytes; most text bytes start nothing).
    private let startsLiteral: [UInt8]
    /// The same bytes as ranges, for the SIMD skip.
    private let startRanges: ByteRanges

    var stateCount: Int { outputStart.count }
    var memoryBytes: Int { transitions.count * 4 + outputStart.count * 6 + outputs.count * 4 + 256 }

    /// An automaton for literals of one case mode: all caseless (ASCII case folded) or all
    /// exact. Literal ids are positions in `literals`.
    init(_ literals: [Literal]) {
        precondition(Set(literals.map(\.caseless)).count <= 1, "one automaton matches literals of one case mode")
        self.init(literals.map(\.bytes), caseInsensitive: literals.first?.caseless ?? false)
    }

    /// - Parameter caseInsensitive: fold ASCII letters (for literals from caseless patterns);
    ///   otherwise bytes match exactly.
    init(_ literals: [[UInt8]], caseInsensitive: Bool = true) {
        func fold(_ b: UInt8) -> UInt8 { caseInsensitive ? ASCII.lowercase(b) : b }
        // Byte classes: one per distinct (folded) byte used by a literal, plus class 0.
        var classOf = [UInt8](repeating: 0, count: 256)
        var used = [Bool](repeating: false, count: 256)
        for literal in literals { for b in literal { used[Int(fold(b))] = true } }
        var next: UInt8 = 1
        var classCount = 1
        var foldedClass = [UInt8](repeating: 0, count: 256)
        for b in 0..<256 where used[b] {
            if next == 255 { break }
            foldedClass[b] = next
            next += 1
            classCount += 1
        }
        for b in 0..<256 { classOf[b] = foldedClass[Int(fold(UInt8(b)))] }
        self.classOf = classOf
        self.classCount = classCount
        lengths = literals.map(\.count)

        // The trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
        var out: [[UInt32]] = [[]]
        for (id, literal) in literals.enumerated() where !literal.isEmpty {
            var state = 0
            for b in literal {
                let c = Int(classOf[Int(b)])
                if goto[state][c] < 0 {
                    goto[state][c] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: classCount))
                    out.append([])
                }
                state = Int(goto[state][c])
            }
            out[state].append(UInt32(id))
        }
        // Failure links, breadth first; turn the trie into a DFA.
        var fail = [Int](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for c in 0..<classCount {
            let s = goto[0][c]
            if s < 0 { goto[0][c] = 0 } else { fail[Int(s)] = 0; queue.append(Int(s)) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] += out[fail[state]]
            for c in 0..<classCount {
                let s = goto[state][c]
                if s < 0 {
                    goto[state][c] = goto[fail[state]][c]
                } else {
                    fail[Int(s)] = Int(goto[fail[state]][c])
                    queue.append(Int(s))
                }
            }
        }
        // Transitions hold the next state's row offset (state × classes), with the high bit
        // set when that state has outputs: one load per byte, no multiply, no second lookup.
        var transitions = [UInt32](repeating: 0, count: goto.count * classCount)
        var outputStart = [UInt32](repeating: 0, count: goto.count)
        var outputCount = [UInt16](repeating: 0, count: goto.count)
        var outputs: [UInt32] = []
        for (state, _) in goto.enumerated() {
            outputStart[state] = UInt32(outputs.count)
            let unique = Array(Set(out[state])).sorted()
            outputCount[state] = UInt16(min(unique.count, Int(UInt16.max)))
            outputs += unique.prefix(Int(UInt16.max))
        }
        for (state, row) in goto.enumerated() {
            for c in 0..<classCount {
                let target = Int(row[c])
                transitions[state * classCount + c] = UInt32(target * classCount) | (outputCount[target] > 0 ? 0x8000_0000 : 0)
            }
        }
        self.transitions = transitions
        let leaves = (0..<256).map { b in transitions[Int(classOf[b])] != 0 }
        startsLiteral = leaves.map { $0 ? 1 : 0 }
        startRanges = ByteRanges { leaves[$0] }
        self.outputStart = outputStart
        self.outputCount = outputCount
        self.outputs = outputs
    }

    /// Hits collected per call to C before `found` is called on them.
    private static let batch = 1024

    /// Calls `found(literal, end)` for every occurrence (end exclusive), in text order.
    ///
    /// The DFA runs in C (`quarry_dfa_scan`): in the start state it skips sixteen bytes at a
    /// time with SSE2 range tests while no byte can begin a literal.
    @inline(__always)
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        guard let base = bytes.baseAddress, stateCount > 1 else { return }
        var dfa = quarry_dfa()
        (dfa.range_low, dfa.range_high, dfa.range_count) = (startRanges.low, startRanges.high, startRanges.count)
        let width = UInt32(classCount)
        classOf.withUnsafeBufferPointer { classes in
        transitions.withUnsafeBufferPointer { table in
        outputStart.withUnsafeBufferPointer { starts in
        outputCount.withUnsafeBufferPointer { counts in
        outputs.withUnsafeBufferPointer { outputs in
        startsLiteral.withUnsafeBufferPointer { starters in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: AhoCorasick.batch) { hitRows in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: AhoCorasick.batch) { hitEnds in
            dfa.classes = classes.baseAddress
            dfa.transitions = table.baseAddress
            dfa.starts = starters.baseAddress
            var position = 0
            var row: UInt32 = 0
            while position < bytes.count {
                let count = quarry_dfa_scan(&dfa, base, bytes.count, &position, &row, hitRows.baseAddress!, hitEnds.baseAddress!, AhoCorasick.batch)
                for h in 0..<count {
                    let state = Int(hitRows[h] / width)
                    let start = Int(starts[state])
                    for k in start..<(start + Int(counts[state])) { found(Int(outputs[k]), hitEnds[h]) }
                }
            }
        }}}}}}}}
    }
}
