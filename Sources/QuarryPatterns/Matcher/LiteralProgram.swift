import QuarryCore

/// A rule made only of literal text, verified at a candidate start without PCRE2.
///
/// Gazetteers and word lists are mostly patterns like `\b(?:North\s+Korea|DPRK)\b` or the
/// prefix trie `\b(?i:f(?:ootball|encing)|s(?:occer|quash))\b` that `{@list}` expands to. In
/// prefix mode each candidate start costs one anchored PCRE2 attempt, and PCRE2 tries the
/// alternatives one after the other: thousands of instructions for a list of a hundred
/// entries. This program does the same leftmost-first backtracking search over a handful of
/// operations, and at an alternation goes straight to the branches whose first byte can match.
///
/// What it accepts (``init(pattern:caseless:)`` returns nil for anything else): literal
/// characters, `\` + punctuation, classes of single characters (`['’]`, `[-\s]`), `\s`, `\s+`,
/// `?` after any item, groups `(?:…)` and `(?i:…)`, alternation, `\b`, `(?<!\w)` and `(?!\w)`.
///
/// It gives PCRE2's answer (with PCRE2_UTF | PCRE2_UCP) or says it cannot know: whenever the
/// answer depends on a character above U+007F whose class is not certain (`\s` on a non-ASCII
/// character, a caseless `k` or `s` against one, a word boundary next to a mark or an
/// unassigned character) the attempt is ``Outcome/undecided`` and the caller runs PCRE2 at
/// that start. Letters and digits (general categories L and N) are word characters and
/// punctuation, symbols and separators are not, in every PCRE2 version.
struct LiteralProgram: Sendable {
    enum Outcome: Equatable { case match(end: Int), noMatch, undecided }

    private enum Op: Sendable {
        /// Bytes `pool[start..<start+count]`, ASCII letters folded when caseless.
        case bytes(start: Int32, count: Int32, caseless: Bool)
        /// One of several characters: `choices[first..<first+count]`, each a range of `pool`.
        case oneOf(first: Int32, count: Int32, caseless: Bool)
        /// One whitespace character (`\s`).
        case space
        case boundary
        case notAfterWord
        case notBeforeWord
        /// Try `preferred`; on failure, `other`.
        case split(preferred: Int32, other: Int32)
        case jump(Int32)
        /// An alternation's branches in order, narrowed by the next byte: `dispatch[table]`.
        case branch(table: Int32)
        case accept
    }

    private indirect enum Node {
        case text([UInt8], caseless: Bool)
        case oneOf([[UInt8]], caseless: Bool)
        case space
        case boundary, notAfterWord, notBeforeWord
        case concat([Node])
        case alternation([Node])
        case optional(Node)
        case plus(Node)
    }

    /// Operations one attempt may run before it gives up and PCRE2 decides.
    static let stepLimit = 20_000

    private var ops: [Op] = []
    private var pool: [UInt8] = []
    private var choices: [(start: Int32, count: Int32)] = []
    /// Per branch op: for each byte (and 256: the end of the text), the branch entry points
    /// to try, in order: `entries[rows[table * 258 + byte] ..< rows[table * 258 + byte + 1]]`.
    /// A table's 258 rows are reserved before its branches are emitted (they may hold
    /// alternations of their own) and filled after.
    private var rows: [Int32] = []
    private var entries: [Int32] = []
    /// Alternations with fewer branches are a chain of splits (a failing branch costs one
    /// byte comparison); larger ones dispatch on the next byte.
    private static let dispatchBranches = 6

    /// Whether the rule is `ascii` (no Unicode properties): a character above U+007F is then
    /// neither a word character nor a space, as PCRE2 reads it without PCRE2_UCP.
    private var ascii = false

    /// The program for `pattern`, or nil when it uses anything beyond the forms above.
    init?(pattern: String, caseless: Bool, ascii: Bool = false) {
        self.ascii = ascii
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let tree = parser.alternation(caseless: caseless), parser.i == parser.scalars.count else { return nil }
        emit(tree)
        ops.append(.accept)
        storage = Storage(self)
        // The build arrays are copied into the storage; matching reads only that.
        (ops, pool, choices, rows, entries) = ([], [], [], [], [])
    }

    // MARK: - Matching

    /// The program's tables in memory of their own, read through pointers by ``match``: one
    /// object to retain per use instead of five arrays.
    private final class Storage: @unchecked Sendable {
        let ops: UnsafeBufferPointer<Op>
        let pool: UnsafeBufferPointer<UInt8>
        let choices: UnsafeBufferPointer<(start: Int32, count: Int32)>
        let rows: UnsafeBufferPointer<Int32>
        let entries: UnsafeBufferPointer<Int32>

        init(_ program: LiteralProgram) {
            func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
                _ = buffer.initialize(from: array)
                return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[0..<array.count])
            }
            ops = copy(program.ops)
            pool = copy(program.pool)
            choices = copy(program.choices)
            rows = copy(program.rows)
            entries = copy(program.entries)
        }

        deinit {
            for pointer in [UnsafeRawPointer(ops.baseAddress), UnsafeRawPointer(pool.baseAddress), UnsafeRawPointer(choices.baseAddress),
                            UnsafeRawPointer(rows.baseAddress), UnsafeRawPointer(entries.baseAddress)] {
                pointer.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
            }
        }
    }

    private var storage: Storage? = nil

    /// The leftmost-first match that starts exactly at `start`, as PCRE2 would report it.
    func match(at start: Int, in text: UnsafeBufferPointer<UInt8>, stack: inout [(pc: Int32, position: Int)]) -> Outcome {
        let s = storage!
        return LiteralProgram.run(s.ops, s.pool, s.choices, s.rows, s.entries, start, text, ascii, &stack)
    }

    /// Whether `want` (a literal byte, lower case when caseless) accepts the text byte `got`;
    /// nil when only PCRE2 can tell (a caseless k or s against a byte above 0x7F: the Kelvin
    /// sign and the long s fold to them).
    @inline(__always)
    private static func accepts(_ want: UInt8, _ got: UInt8, caseless: Bool) -> Bool? {
        if want == got { return true }
        guard caseless else { return false }
        if got >= 0x80 { return want == 0x6B || want == 0x73 ? nil : false }
        return got | 0x20 == want && ASCII.isLetter(got)
    }

    /// Whether the literal bytes `pool[first ..< first + count]` occur in `text` at `position`;
    /// nil when only PCRE2 can tell (``accepts(_:_:caseless:)``).
    @inline(__always)
    private static func matches(_ pool: UnsafeBufferPointer<UInt8>, _ first: Int, _ count: Int, caseless: Bool,
                                _ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool? {
        if position + count > text.count { return false }
        for k in 0..<count {
            guard let accepted = accepts(pool[first + k], text[position + k], caseless: caseless) else { return nil }
            if !accepted { return false }
        }
        return true
    }

    private static func run(_ ops: UnsafeBufferPointer<Op>, _ pool: UnsafeBufferPointer<UInt8>,
                            _ choices: UnsafeBufferPointer<(start: Int32, count: Int32)>, _ rows: UnsafeBufferPointer<Int32>,
                            _ entries: UnsafeBufferPointer<Int32>, _ start: Int, _ text: UnsafeBufferPointer<UInt8>, _ ascii: Bool,
                            _ stack: inout [(pc: Int32, position: Int)]) -> Outcome {
        stack.removeAll(keepingCapacity: true)
        var pc = 0
        var position = start
        let n = text.count
        var steps = 0
        while true {
            // Literal patterns backtrack little; a pattern that does (nested optional
            // groups) is handed to PCRE2 and its match limit.
            steps &+= 1
            if steps > stepLimit { return .undecided }
            var ok = true
            switch ops[pc] {
            case let .bytes(first, count, caseless):
                guard let matched = matches(pool, Int(first), Int(count), caseless: caseless, text, at: position) else { return .undecided }
                if matched { position += Int(count); pc += 1 } else { ok = false }
            case let .oneOf(first, count, caseless):
                ok = false
                for c in Int(first)..<Int(first + count) {
                    let choice = choices[c]
                    guard let matched = matches(pool, Int(choice.start), Int(choice.count), caseless: caseless, text, at: position) else { return .undecided }
                    if matched {
                        position += Int(choice.count)
                        ok = true
                        break
                    }
                }
                if ok { pc += 1 }
            case .space:
                guard position < n else { ok = false; break }
                let b = text[position]
                if b >= 0x80 { if ascii { ok = false; break } else { return .undecided } }
                if b == 0x20 || (0x09...0x0D).contains(b) { position += 1; pc += 1 } else { ok = false }
            case .boundary:
                guard let before = isWord(text, before: position, ascii: ascii), let after = isWord(text, at: position, ascii: ascii) else { return .undecided }
                if before != after { pc += 1 } else { ok = false }
            case .notAfterWord:
                guard let before = isWord(text, before: position, ascii: ascii) else { return .undecided }
                if !before { pc += 1 } else { ok = false }
            case .notBeforeWord:
                guard let after = isWord(text, at: position, ascii: ascii) else { return .undecided }
                if !after { pc += 1 } else { ok = false }
            case let .split(preferred, other):
                stack.append((other, position))
                pc = Int(preferred)
            case let .jump(target):
                pc = Int(target)
            case let .branch(table):
                let row = Int(table) * 258 + (position < n ? Int(text[position]) : 256)
                let from = Int(rows[row]), to = Int(rows[row + 1])
                // Most branches fail on their first bytes: test those here and keep only the
                // branches that pass (later ones on the stack, in order), instead of pushing
                // every branch and popping it again.
                var chosen = -1
                var k = to - 1
                while k >= from {
                    let entry = Int(entries[k])
                    var passes = true
                    if case let .bytes(first, count, caseless) = ops[entry] {
                        // Undecided counts as passing: the branch itself then returns it.
                        passes = matches(pool, Int(first), Int(count), caseless: caseless, text, at: position) ?? true
                    }
                    if passes {
                        if chosen >= 0 { stack.append((Int32(chosen), position)) }
                        chosen = entry
                    }
                    k -= 1
                }
                if chosen < 0 { ok = false } else { pc = chosen }
            case .accept:
                return .match(end: position)
            }
            if !ok {
                guard let resume = stack.popLast() else { return .noMatch }
                pc = Int(resume.pc)
                position = resume.position
            }
        }
    }

    /// Whether the character that starts at `position` is a word character for PCRE2 with
    /// Unicode properties; false at the end; nil when not certain.
    static func isWord(_ text: UnsafeBufferPointer<UInt8>, at position: Int, ascii: Bool = false) -> Bool? {
        guard position < text.count else { return false }
        let b = text[position]
        if b < 0x80 { return WordStartHash.wordByte[Int(b)] }
        if ascii { return false }
        var decoder = UTF8()
        var iterator = text[position...].makeIterator()
        guard case let .scalarValue(scalar) = decoder.decode(&iterator) else { return nil }
        return wordClass(scalar)
    }

    /// The same for the character that ends just before `position`; false at the start.
    static func isWord(_ text: UnsafeBufferPointer<UInt8>, before position: Int, ascii: Bool = false) -> Bool? {
        guard position > 0 else { return false }
        let b = text[position - 1]
        if b < 0x80 { return WordStartHash.wordByte[Int(b)] }
        if ascii { return false }
        var start = position - 1
        while start > 0 && text[start] & 0xC0 == 0x80 && position - start < 4 { start -= 1 }
        return isWord(text, at: start)
    }

    /// L and N are word characters, P, S and Z are not; marks, connector punctuation (which
    /// PCRE2 10.43 added to `\w`), controls and unassigned characters are left to PCRE2.
    static func wordClass(_ scalar: Unicode.Scalar) -> Bool? {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        case .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return nil
        }
    }

    // MARK: - Compiling

    private mutating func emit(_ node: Node) {
        switch node {
        case let .text(bytes, caseless):
            ops.append(.bytes(start: Int32(pool.count), count: Int32(bytes.count), caseless: caseless))
            pool += bytes
        case let .oneOf(options, caseless):
            ops.append(.oneOf(first: Int32(choices.count), count: Int32(options.count), caseless: caseless))
            for option in options {
                choices.append((Int32(pool.count), Int32(option.count)))
                pool += option
            }
        case .space: ops.append(.space)
        case .boundary: ops.append(.boundary)
        case .notAfterWord: ops.append(.notAfterWord)
        case .notBeforeWord: ops.append(.notBeforeWord)
        case let .concat(items): for item in items { emit(item) }
        case let .optional(child):
            let split = ops.count
            ops.append(.accept)  // placeholder
            emit(child)
            ops[split] = .split(preferred: Int32(split + 1), other: Int32(ops.count))
        case let .plus(child):
            let start = ops.count
            emit(child)
            ops.append(.split(preferred: Int32(start), other: Int32(ops.count + 1)))
        case let .alternation(branches) where branches.count < LiteralProgram.dispatchBranches:
            // split(b1, next); b1; jump end; next: split(b2, ...) ... last branch.
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = ops.count
                    ops.append(.accept)  // placeholder
                    emit(branch)
                    jumps.append(ops.count)
                    ops.append(.accept)  // placeholder
                    ops[split] = .split(preferred: Int32(split + 1), other: Int32(ops.count))
                } else {
                    emit(branch)
                }
            }
            for jump in jumps { ops[jump] = .jump(Int32(ops.count)) }
        case let .alternation(branches):
            let table = rows.count / 258
            rows += Array(repeating: 0, count: 258)
            ops.append(.branch(table: Int32(table)))
            var lists = Array(repeating: [Int32](), count: 257)
            var jumps: [Int] = []
            for branch in branches {
                let entry = Int32(ops.count)
                if let first = LiteralProgram.firstBytes(branch) {
                    for b in 0..<256 where first.contains(UInt8(b)) { lists[b].append(entry) }
                } else {
                    for b in 0..<257 { lists[b].append(entry) }
                }
                emit(branch)
                jumps.append(ops.count)
                ops.append(.accept)  // placeholder
            }
            for jump in jumps { ops[jump] = .jump(Int32(ops.count)) }
            for (b, list) in lists.enumerated() {
                rows[table * 258 + b] = Int32(entries.count)
                entries += list
            }
            rows[table * 258 + 257] = Int32(entries.count)
        }
    }

    /// The bytes a match of `node` can start with (every case variant of a caseless letter);
    /// nil when it can be empty or start with anything.
    private static func firstBytes(_ node: Node) -> ByteSet? {
        func variants(_ b: UInt8, _ caseless: Bool) -> [UInt8] {
            caseless && ASCII.isLetter(b) ? [ASCII.lowercase(b), ASCII.lowercase(b) - 0x20] : [b]
        }
        switch node {
        case let .text(bytes, caseless):
            guard let b = bytes.first else { return nil }
            // A caseless k or s may also meet a non-ASCII sign: any lead byte is possible.
            if caseless && (b == 0x6B || b == 0x73) { return ByteSet(variants(b, true) + Array(0xC0...0xFF)) }
            return ByteSet(variants(b, caseless))
        case let .oneOf(options, caseless):
            var set = ByteSet()
            for option in options {
                guard let first = firstBytes(.text(option, caseless: caseless)) else { return nil }
                set.formUnion(first)
            }
            return set
        case .space: return ByteSet([0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] + Array(0x80...0xFF))
        case .boundary, .notAfterWord, .notBeforeWord, .optional: return nil
        case let .plus(child): return firstBytes(child)
        case let .concat(items):
            // Zero-width assertions first do not consume: look through them.
            for item in items {
                switch item {
                case .boundary, .notAfterWord, .notBeforeWord: continue
                default: return firstBytes(item)
                }
            }
            return nil
        case let .alternation(branches):
            var set = ByteSet()
            for branch in branches {
                guard let first = firstBytes(branch) else { return nil }
                set.formUnion(first)
            }
            return set
        }
    }

    // MARK: - Parsing

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0

        mutating func alternation(caseless: Bool) -> Node? {
            var branches: [Node] = []
            while true {
                guard let branch = sequence(caseless: caseless) else { return nil }
                branches.append(branch)
                guard i < scalars.count, scalars[i] == "|" else { break }
                i += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence(caseless: Bool) -> Node? {
            var items: [Node] = []
            while i < scalars.count, scalars[i] != "|", scalars[i] != ")" {
                guard var item = atom(caseless: caseless) else { return nil }
                if i < scalars.count, scalars[i] == "?" || scalars[i] == "+" {
                    let plus = scalars[i] == "+"
                    i += 1
                    // Lazy or possessive forms, and quantified assertions, are left to PCRE2.
                    if i < scalars.count, scalars[i] == "?" || scalars[i] == "+" { return nil }
                    switch item {
                    case .boundary, .notAfterWord, .notBeforeWord: return nil
                    case .text, .oneOf, .space: break
                    default: if plus { return nil }  // `+` only on what consumes a character
                    }
                    item = plus ? .plus(item) : .optional(item)
                }
                if i < scalars.count, scalars[i] == "*" || scalars[i] == "{" { return nil }
                // Adjacent characters of one case mode form one run.
                if case let .text(bytes, mode) = item, case let .text(previous, previousMode)? = items.last, mode == previousMode {
                    items[items.count - 1] = .text(previous + bytes, caseless: mode)
                } else {
                    items.append(item)
                }
            }
            return items.count == 1 ? items[0] : .concat(items)
        }

        mutating func atom(caseless: Bool) -> Node? {
            let c = scalars[i]
            switch c {
            case "(":
                let rest = String(String.UnicodeScalarView(scalars[i...].prefix(7)))
                if rest.hasPrefix("(?<!\\w)") { i += 7; return .notAfterWord }
                if rest.hasPrefix("(?!\\w)") { i += 6; return .notBeforeWord }
                var mode = caseless
                if rest.hasPrefix("(?:") { i += 3 } else if rest.hasPrefix("(?i:") { i += 4; mode = true } else { return nil }
                guard let inner = alternation(caseless: mode), i < scalars.count, scalars[i] == ")" else { return nil }
                i += 1
                return inner
            case "[":
                i += 1
                var options: [[UInt8]] = []
                var space = false
                while i < scalars.count, scalars[i] != "]" {
                    var s = scalars[i]
                    if s == "^" && options.isEmpty { return nil }
                    if s == "[" { return nil }
                    if s == "\\" {
                        guard i + 1 < scalars.count else { return nil }
                        let e = scalars[i + 1]
                        i += 2
                        if e == "s" { space = true; continue }
                        guard e.isASCII, !e.properties.isAlphabetic, !("0"..."9").contains(e) else { return nil }
                        s = e
                    } else {
                        // A range (a-z) is left to PCRE2; '-' first or last is a character.
                        if s == "-", !options.isEmpty, i + 1 < scalars.count, scalars[i + 1] != "]" { return nil }
                        i += 1
                    }
                    guard let bytes = Parser.character(s, caseless: caseless) else { return nil }
                    options.append(bytes)
                }
                guard i < scalars.count, !options.isEmpty || space else { return nil }
                i += 1
                // One character either way: `[-\s]` is "-" or a space, in any order.
                if space { return options.isEmpty ? .space : .alternation([.oneOf(options, caseless: caseless), .space]) }
                return .oneOf(options, caseless: caseless)
            case "\\":
                guard i + 1 < scalars.count else { return nil }
                let e = scalars[i + 1]
                i += 2
                if e == "b" { return .boundary }
                if e == "s" { return .space }
                guard e.isASCII, !e.properties.isAlphabetic, !("0"..."9").contains(e) else { return nil }
                return Parser.character(e, caseless: caseless).map { .text($0, caseless: caseless) }
            case ".", "^", "$", "*", "+", "?", "{", "}", "]", ")", "|":
                return nil
            default:
                i += 1
                return Parser.character(c, caseless: caseless).map { .text($0, caseless: caseless) }
            }
        }

        /// A character's UTF-8 bytes (an ASCII letter lower-cased when caseless); nil for a
        /// caseless character above U+007F that has other cases (PCRE2 folds those with
        /// Unicode's tables, which this program does not carry).
        static func character(_ c: Unicode.Scalar, caseless: Bool) -> [UInt8]? {
            if c.isASCII {
                let b = UInt8(c.value)
                return [caseless ? ASCII.lowercase(b) : b]
            }
            if caseless && c.properties.changesWhenCaseMapped { return nil }
            return Array(String(c).utf8)
        }
    }
}
