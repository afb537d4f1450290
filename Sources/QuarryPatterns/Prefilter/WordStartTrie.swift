import QuarryCore
/// A trie of literals that only count where a word starts, walked from each word start.
///
/// Word-list and gazetteer rules (`\b(?:Paris|Berlin|...)`) give thousands of such literals.
/// An Aho-Corasick automaton over them feeds every byte to a table of states × byte classes
/// (megabytes for a few thousand words), and most of its time goes to cache misses. This
/// trie is walked only from word starts and stores its edges sparsely (a byte class and a
/// child per edge, grouped by parent), so the whole structure is a few hundred kilobytes and
/// the walk from a word start mostly stays in cache. The root is a dense row.
///
/// A word start is a byte that begins some literal and does not follow an ASCII letter, digit
/// or '_': the same test the prefilter applies to word-start prefixes, so it finds the same
/// candidates as the automaton followed by that test.
///
/// - Complexity: per word start, at most the length of the longest literal; memory
///   O(total literal bytes).
struct WordStartTrie: Sendable {
    /// Byte -> class (ASCII letters folded first when caseless); class 0 is in no literal.
    private let classOf: [UInt8]
    /// The root's child per class (0: none).
    private let rootChild: [UInt32]
    /// The edges of state s: `edgeClass[edgeStart[s]..<edgeStart[s + 1]]`, with children at
    /// the same positions in `edgeChild`. A child (here and in `rootChild`) has its high bit
    /// set when literals end there.
    private let edgeStart: [UInt32]
    private let edgeClass: [UInt8]
    private let edgeChild: [UInt32]
    /// The literals ending exactly at state s: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [UInt32]
    private let outputs: [UInt32]
    /// Bytes that begin a literal.
    private let startsLiteral: [Bool]

    var stateCount: Int { edgeStart.count - 1 }
    var memoryBytes: Int { 256 + rootChild.count * 4 + edgeStart.count * 8 + edgeClass.count * 5 + outputs.count * 4 }

    /// A trie for literals of one case mode: all caseless (ASCII case folded) or all exact.
    /// Literal ids are positions in `literals`.
    init(_ literals: [Literal]) {
        precondition(Set(literals.map(\.caseless)).count <= 1, "one trie matches literals of one case mode")
        self.init(literals.map(\.bytes), caseInsensitive: literals.first?.caseless ?? false)
    }

    /// - Parameter caseInsensitive: fold ASCII letters; otherwise bytes match exactly.
    init(_ literals: [[UInt8]], caseInsensitive: Bool) {
        func fold(_ b: UInt8) -> UInt8 { caseInsensitive ? ASCII.lowercase(b) : b }
        var used = [Bool](repeating: false, count: 256)
        for literal in literals { for b in literal { used[Int(fold(b))] = true } }
        var foldedClass = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for b in 0..<256 where used[b] && classCount < 256 {
            foldedClass[b] = UInt8(classCount)
            classCount += 1
        }
        let classOf = (0..<256).map { foldedClass[Int(fold(UInt8($0)))] }
        // Build with dictionaries, then lay the states out breadth first, so that the states
        // near the root (visited from every word start) sit together.
        var children: [[UInt8: Int]] = [[:]]
        var ends: [[UInt32]] = [[]]
        for (id, literal) in literals.enumerated() where !literal.isEmpty {
            var state = 0
            for b in literal {
                let c = classOf[Int(b)]
                if let next = children[state][c] {
                    state = next
                } else {
                    children.append([:])
                    ends.append([])
                    children[state][c] = children.count - 1
                    state = children.count - 1
                }
            }
            ends[state].append(UInt32(id))
        }
        var order = [0]
        var head = 0
        while head < order.count {
            let state = order[head]
            head += 1
            order += children[state].sorted { $0.key < $1.key }.map(\.value)
        }
        var newIndex = [Int](repeating: 0, count: order.count)
        for (position, state) in order.enumerated() { newIndex[state] = position }
        var edgeStart: [UInt32] = [], edgeClass: [UInt8] = [], edgeChild: [UInt32] = []
        var outputStart: [UInt32] = [], outputs: [UInt32] = []
        for state in order {
            edgeStart.append(UInt32(edgeClass.count))
            for (c, child) in children[state].sorted(by: { $0.key < $1.key }) {
                edgeClass.append(c)
                edgeChild.append(UInt32(newIndex[child]) | (ends[child].isEmpty ? 0 : 0x8000_0000))
            }
            outputStart.append(UInt32(outputs.count))
            outputs += ends[state].sorted()
        }
        edgeStart.append(UInt32(edgeClass.count))
        outputStart.append(UInt32(outputs.count))
        var rootChild = [UInt32](repeating: 0, count: classCount)
        for (c, child) in children[0] { rootChild[Int(c)] = UInt32(newIndex[child]) | (ends[child].isEmpty ? 0 : 0x8000_0000) }
        startsLiteral = (0..<256).map { rootChild[Int(classOf[$0])] != 0 }
        self.classOf = classOf
        self.rootChild = rootChild
        self.edgeStart = edgeStart
        self.edgeClass = edgeClass
        self.edgeChild = edgeChild
        self.outputStart = outputStart
        self.outputs = outputs
    }

    /// ASCII letters, digits and '_': after one of these no word starts.
    static let wordByte: [Bool] = (0...255).map { (b: UInt8) in
        ASCII.isLetter(b) || ASCII.isDigit(b) || b == 0x5F
    }

    /// Calls `found(literal, end)` (end exclusive) for every literal that occurs at a word
    /// start, in order of start, shorter before longer at one start.
    @inline(__always)
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        guard let base = bytes.baseAddress, stateCount > 1 else { return }
        let n = bytes.count
        classOf.withUnsafeBufferPointer { classes in
        rootChild.withUnsafeBufferPointer { root in
        edgeStart.withUnsafeBufferPointer { edgeStart in
        edgeClass.withUnsafeBufferPointer { edgeClass in
        edgeChild.withUnsafeBufferPointer { edgeChild in
        outputStart.withUnsafeBufferPointer { outputStart in
        outputs.withUnsafeBufferPointer { outputs in
        startsLiteral.withUnsafeBufferPointer { starters in
        WordStartTrie.wordByte.withUnsafeBufferPointer { wordBytes in
            let cls = classes.baseAddress!, isWord = wordBytes.baseAddress!, startable = starters.baseAddress!
            var i = 0
            while i < n {
                // Skip to a byte that begins a literal; inside a word, to the word's end.
                if !startable[Int(base[i])] { i &+= 1; continue }
                let startsWord = isWord[Int(base[i])]
                if i > 0 && isWord[Int(base[i &- 1])] {
                    // Inside a word: the next start is after its end.
                    i &+= 1
                    if startsWord { while i < n && isWord[Int(base[i])] { i &+= 1 } }
                    continue
                }
                var child = root[Int(cls[Int(base[i])])]
                var j = i &+ 1
                while child != 0 {
                    let state = Int(child & 0x7FFF_FFFF)
                    if child & 0x8000_0000 != 0 {
                        for k in Int(outputStart[state])..<Int(outputStart[state &+ 1]) { found(Int(outputs[k]), j) }
                    }
                    guard j < n else { break }
                    let c = cls[Int(base[j])]
                    j &+= 1
                    child = 0
                    if c != 0 {
                        var e = Int(edgeStart[state])
                        let end = Int(edgeStart[state &+ 1])
                        while e < end {
                            if edgeClass[e] == c { child = edgeChild[e]; break }
                            e &+= 1
                        }
                    }
                }
                // After a word byte, no other word start before the word ends.
                i &+= 1
                if startsWord { while i < n && isWord[Int(base[i])] { i &+= 1 } }
            }
        }}}}}}}}}
    }
}
