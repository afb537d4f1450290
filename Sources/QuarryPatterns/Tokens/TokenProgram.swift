import QuarryCore

/// A ``TokenPattern`` compiled for the Pike VM (``TokenVM``), shared by reference (a VM is made
/// per rule and document; copying a struct of arrays would retain each): a flat array of instructions,
/// token predicates by index, span units and word lists by index.
///
/// `{m,n}` expands to m copies and n-m nested optional ones; `*`/`+` loop through a split.
/// A split's first target is the preferred one (greedy: go on repeating; lazy: stop).
final class TokenProgram: @unchecked Sendable {
    enum Instruction: Sendable, Hashable {
        /// Consume one token if predicate `p` holds.
        case token(Int)
        /// Consume one whole earlier span (span unit `u`).
        case span(Int)
        /// Consume one entry (one or several tokens) of word list `l`.
        case list(Int)
        /// Try `preferred`, then `other`.
        case split(Int, Int)
        case jump(Int)
        /// Record the current token position in capture slot `s`.
        case save(Int)
        /// Record the current token position in loop mark `k` (the start of an iteration).
        case mark(Int)
        /// The end of an iteration of a loop whose body can match no token: back to `loop`
        /// when the iteration consumed a token since mark `k`, else on to `exit`, as PCRE
        /// stops a loop after an empty iteration.
        case progress(Int, loop: Int, exit: Int)
        case assertSentenceStart
        case assertSentenceEnd
        /// Go on only when lookaround `k` (``looks``) holds at the current position.
        case look(Int)
        case match
    }

    /// A lookaround (`(?= … )`, `(?! … )`, `(?<= … )`, `(?<! … )`): its pattern compiled on
    /// its own, run by a VM of its own at the positions the rule's threads reach.
    struct Look: Sendable {
        let program: TokenProgram
        let ahead: Bool
        let negated: Bool
        /// Its ``PredicateInterner`` number: the key of its result row in ``TokenFeatures``,
        /// shared with every rule that writes the same lookaround.
        let key: Int
        let readsSpans: Bool
        /// When the lookaround tests one token (`(?<![pos=DET])`, `(?=[tag=VBD] | [tag=VBN])`):
        /// that test, as a predicate of the rule's own program, checked on the token before
        /// or after the position with no VM of its own.
        let single: Int?
        /// For a lookbehind, the most tokens its pattern spans (per document when it holds
        /// span units): the starts it is tried from.
        let bound: LengthBound?
    }

    /// A span unit (`@LABEL(tests)`).
    struct SpanUnit: Sendable {
        let label: String
        let tests: [SpanAttributeTest]
    }

    var instructions: [Instruction] = []
    var predicates: [CompiledPredicate] = []
    /// Per predicate, its ``PredicateInterner`` number (the key of its result row in
    /// ``TokenFeatures``) and whether it reads spans.
    var predicateKeys: [Int] = []
    var predicateReadsSpans: [Bool] = []
    var spanUnits: [SpanUnit] = []
    var lists: [CompiledWordList] = []
    /// Capture names in slot order (capture k uses slots 2k and 2k+1).
    var captureNames: [String] = []
    /// The lookarounds, by the index a ``Instruction/look(_:)`` names.
    var looks: [Look] = []
    /// Loop marks (after the capture slots).
    var markCount = 0
    /// Predicates and lists already compiled: the copies a `{m,n}` expands to share them (and
    /// the VM's per-token memo of a predicate's result).
    private var predicateIndex: [TokenPredicate: Int] = [:]
    private(set) var listIndex: [WordList: Int] = [:]

    /// The most instructions a program may have.
    static let maxInstructions = 100_000
    /// The largest `{m,n}` bound.
    static let maxRepeat = 1000

    struct Error: Swift.Error {
        var kind: PatternCompileError.Kind
        var message: String
    }

    /// Compiles `pattern`; one that can match no token is an error unless `allowingEmpty`
    /// (`quarry explain` runs the leading elements of a pattern, which may all be optional).
    init(_ pattern: TokenPattern, allowingEmpty: Bool = false) throws(Error) {
        if !allowingEmpty && Self.nullable(pattern) {
            throw Error(kind: .emptyMatch, message: "this rule can match no token at all; make at least one part of it required (for example + instead of *)")
        }
        try emit(pattern)
        instructions.append(.match)
        code = PredicateCode(predicates, lists: lists, first: Self.consumers(reachableFrom: 0, in: instructions))
    }

    /// The predicates flattened for the VM's hot path.
    private(set) var code = PredicateCode([], lists: [])

    /// The program's compiled form of `list`, added to ``lists`` the first time: one instance
    /// per list, so the VM's per-document tables serve every test of it.
    func compiledList(_ list: WordList) -> CompiledWordList {
        if let k = listIndex[list] { return lists[k] }
        lists.append(CompiledWordList.shared(list))
        listIndex[list] = lists.count - 1
        return lists[lists.count - 1]
    }

    /// The consuming instructions a match can start with (nil when the pattern can match
    /// without consuming): the VM skips a start position where none of them can consume.
    /// Assertions are passed through, which only adds consumers.
    static func consumers(reachableFrom start: Int, in instructions: [Instruction]) -> [Instruction]? {
        var seen = Set<Int>()
        var stack = [start]
        var found: [Instruction] = []
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch instructions[pc] {
            case .token, .span, .list:
                if !found.contains(instructions[pc]) { found.append(instructions[pc]) }
            case .match:
                return nil
            case let .split(a, b): stack += [a, b]
            case let .jump(target): stack.append(target)
            case let .progress(_, loop, exit): stack += [loop, exit]
            case .save, .mark, .assertSentenceStart, .assertSentenceEnd, .look: stack.append(pc + 1)
            }
        }
        return found
    }

    /// Whether the pattern can match zero tokens.
    static func nullable(_ pattern: TokenPattern) -> Bool {
        switch pattern {
        case .token, .span: false
        case let .sequence(parts): parts.allSatisfy(nullable)
        case let .alternation(parts): parts.isEmpty || parts.contains(where: nullable)
        case let .repeat(inner, min, _, _): min == 0 || nullable(inner)
        case let .capture(_, inner): nullable(inner)
        case .sentenceStart, .sentenceEnd, .look: true
        }
    }

    private func append(_ instruction: Instruction) throws(Error) {
        if instructions.count >= Self.maxInstructions {
            throw Error(kind: .syntax, message: "this token pattern compiles to more than \(Self.maxInstructions) instructions; use smaller {m,n} bounds")
        }
        instructions.append(instruction)
    }

    private func emit(_ pattern: TokenPattern) throws(Error) {
        switch pattern {
        case let .token(predicate):
            if case let .inList(list) = predicate {
                _ = compiledList(list)
                try append(.list(listIndex[list]!))
            } else {
                try append(.token(try predicateNumber(predicate)))
            }
        case let .span(label, tests):
            spanUnits.append(SpanUnit(label: label, tests: tests))
            try append(.span(spanUnits.count - 1))
        case let .sequence(parts):
            for part in parts { try emit(part) }
        case let .alternation(parts):
            // split L1, next; L1: a; jump end; next: split L2, ...; last alternative unsplit.
            var jumps: [Int] = []
            for (i, part) in parts.enumerated() {
                if i < parts.count - 1 {
                    let split = instructions.count
                    try append(.split(split + 1, -1))
                    try emit(part)
                    jumps.append(instructions.count)
                    try append(.jump(-1))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(part)
                }
            }
            for j in jumps { instructions[j] = .jump(instructions.count) }
        case let .repeat(inner, min, max, lazy):
            if let max, max > Self.maxRepeat || min > Self.maxRepeat {
                throw Error(kind: .syntax, message: "a repetition bound above \(Self.maxRepeat) is not allowed")
            }
            if min > Self.maxRepeat { throw Error(kind: .syntax, message: "a repetition bound above \(Self.maxRepeat) is not allowed") }
            if let max, max < min { throw Error(kind: .syntax, message: "{\(min),\(max)}: the maximum is below the minimum") }
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Nested optionals: (a(a(a)?)?)? — each split jumps to the common end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(instructions.count)
                    try append(.split(-1, -1))
                    try emit(inner)
                }
                let end = instructions.count
                for s in splits { instructions[s] = lazy ? .split(end, s + 1) : .split(s + 1, end) }
            } else {
                // L: split body, end; body; jump L. An inner that can match no token cannot
                // loop forever: the VM visits each instruction once per position.
                let loop = instructions.count
                try append(.split(-1, -1))
                if Self.nullable(inner) {
                    let mark = markCount
                    markCount += 1
                    try append(.mark(mark))
                    try emit(inner)
                    try append(.progress(mark, loop: loop, exit: instructions.count + 1))
                } else {
                    try emit(inner)
                    try append(.jump(loop))
                }
                let end = instructions.count
                instructions[loop] = lazy ? .split(end, loop + 1) : .split(loop + 1, end)
            }
        case let .capture(name, inner):
            var index = captureNames.firstIndex(of: name)
            if index == nil { captureNames.append(name); index = captureNames.count - 1 }
            try append(.save(2 * index!))
            try emit(inner)
            try append(.save(2 * index! + 1))
        case .sentenceStart:
            try append(.assertSentenceStart)
        case .sentenceEnd:
            try append(.assertSentenceEnd)
        case let .look(inner, ahead, negated):
            var bound: LengthBound? = nil
            if !ahead {
                guard let b = Self.lengthBound(inner) else {
                    throw Error(kind: .syntax, message: "a lookbehind must have a bounded length: inside (?<\(negated ? "!" : "=") … ) write {m,n} instead of +, * or {m,}")
                }
                bound = b
            }
            let program = try TokenProgram(inner, allowingEmpty: true)
            var single: Int? = nil
            if let predicate = Self.singleToken(inner) { single = try predicateNumber(predicate) }
            looks.append(Look(program: program, ahead: ahead, negated: negated,
                              key: PredicateInterner.shared.id(look: inner, ahead: ahead, negated: negated),
                              readsSpans: inner.readsSpans, single: single, bound: bound))
            try append(.look(looks.count - 1))
        }
    }

    /// The index of `predicate` in ``predicates``, compiled the first time.
    private func predicateNumber(_ predicate: TokenPredicate) throws(Error) -> Int {
        if let k = predicateIndex[predicate] { return k }
        predicates.append(try CompiledPredicate(predicate, program: self))
        predicateIndex[predicate] = predicates.count - 1
        predicateKeys.append(PredicateInterner.shared.id(predicate))
        predicateReadsSpans.append(predicate.readsSpans)
        return predicates.count - 1
    }

    /// The test of a pattern that is exactly one token (`[a]`, `[a] | [b]`), or nil. A list
    /// test alone is not one (an entry may have several words).
    static func singleToken(_ pattern: TokenPattern) -> TokenPredicate? {
        switch pattern {
        case .token(.inList): return nil
        case let .token(predicate): return predicate
        case let .alternation(parts):
            var tests: [TokenPredicate] = []
            for part in parts {
                guard let test = singleToken(part) else { return nil }
                tests.append(test)
            }
            return tests.isEmpty ? nil : .or(tests)
        case let .sequence(parts) where parts.count == 1: return singleToken(parts[0])
        default: return nil
        }
    }

    /// A word every match must contain (a `lower=`/`text=` token in every path), ASCII
    /// lower-cased, or nil: the rule then runs only in documents with a token of that text.
    /// The most tokens a match can span, or nil when unbounded (`+`, `*`, `{m,}`, span units).
    static func maxLength(_ pattern: TokenPattern) -> Int? {
        switch pattern {
        case let .token(.inList(list)):
            return list.entries.map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).count }.max() ?? 1
        case .token: return 1
        case .span: return nil
        case .sentenceStart, .sentenceEnd, .look: return 0
        case let .capture(_, inner): return maxLength(inner)
        case let .sequence(parts):
            var total = 0
            for part in parts {
                guard let length = maxLength(part) else { return nil }
                total += length
            }
            return total
        case let .alternation(parts):
            var longest = 0
            for part in parts {
                guard let length = maxLength(part) else { return nil }
                longest = max(longest, length)
            }
            return longest
        case let .repeat(inner, _, max, _):
            guard let max, let length = maxLength(inner) else { return nil }
            return max * length
        }
    }

    /// A word list every match takes an entry of (an `@list` or `in=@list` token in every
    /// path), or nil: such a rule can only match near a token where an entry starts.
    static func requiredList(_ pattern: TokenPattern) -> WordList? {
        switch pattern {
        case let .token(predicate):
            switch predicate {
            case let .inList(list): return list
            case let .and(parts): return parts.lazy.compactMap { requiredList(.token($0)) }.first
            default: return nil
            }
        case let .sequence(parts): return parts.lazy.compactMap(requiredList).first
        case let .repeat(inner, min, _, _): return min > 0 ? requiredList(inner) : nil
        case let .capture(_, inner): return requiredList(inner)
        case let .alternation(parts):
            let lists = parts.map(requiredList)
            if let first = lists.first ?? nil, lists.allSatisfy({ $0 == first }) { return first }
            return nil
        default: return nil
        }
    }

    /// The most tokens a match can span, as an expression over the longest span of each label
    /// a span unit names (known only per document), or nil when unbounded (`+`, `*`, `{m,}`).
    indirect enum LengthBound: Sendable {
        case tokens(Int)
        case span(String)
        case sum([LengthBound])
        case longest([LengthBound])
        case times(Int, LengthBound)

        /// The bound in one document, where `longestSpan` gives a label's longest span in tokens.
        func evaluate(_ longestSpan: (String) -> Int) -> Int {
            switch self {
            case let .tokens(n): n
            case let .span(label): longestSpan(label)
            case let .sum(parts): parts.reduce(0) { $0 + $1.evaluate(longestSpan) }
            case let .longest(parts): parts.map { $0.evaluate(longestSpan) }.max() ?? 0
            case let .times(n, inner): n * inner.evaluate(longestSpan)
            }
        }
    }

    static func lengthBound(_ pattern: TokenPattern) -> LengthBound? {
        if let fixed = maxLength(pattern) { return .tokens(fixed) }
        switch pattern {
        case let .span(label, _): return .span(label)
        case let .capture(_, inner): return lengthBound(inner)
        case let .sequence(parts):
            var bounds: [LengthBound] = []
            for part in parts {
                guard let bound = lengthBound(part) else { return nil }
                bounds.append(bound)
            }
            return .sum(bounds)
        case let .alternation(parts):
            var bounds: [LengthBound] = []
            for part in parts {
                guard let bound = lengthBound(part) else { return nil }
                bounds.append(bound)
            }
            return .longest(bounds)
        case let .repeat(inner, _, max, _):
            guard let max, let bound = lengthBound(inner) else { return nil }
            return .times(max, bound)
        default: return nil
        }
    }

    static func requiredWord(_ pattern: TokenPattern) -> String? {
        switch pattern {
        case let .token(predicate):
            switch predicate {
            case let .lower(word): return word.lowercasedASCII
            case let .text(word): return word.lowercasedASCII
            case let .and(parts): return parts.lazy.compactMap { requiredWord(.token($0)) }.first
            default: return nil
            }
        case let .sequence(parts): return parts.lazy.compactMap(requiredWord).first
        case let .repeat(inner, min, _, _): return min > 0 ? requiredWord(inner) : nil
        case let .capture(_, inner): return requiredWord(inner)
        case let .alternation(parts):
            let words = parts.map(requiredWord)
            if let first = words.first ?? nil, words.allSatisfy({ $0 == first }) { return first }
            return nil
        default: return nil
        }
    }
}

extension String {
    var lowercasedASCII: String {
        String(decoding: utf8.map(ASCII.lowercase), as: UTF8.self)
    }
}

/// A token predicate with its regexes compiled.
indirect enum CompiledPredicate: @unchecked Sendable {
    case any
    case and([CompiledPredicate])
    case or([CompiledPredicate])
    case not(CompiledPredicate)
    case text([UInt8])
    case lower([UInt8])
    case regex(TokenTextForm, Regex)
    case shape([UInt8])
    /// The kind to compare with (nil: a name no token kind has, so the test never holds).
    case kind(TokenKind?)
    case prefix([UInt8], caseless: Bool)
    case suffix([UInt8], caseless: Bool)
    case length(Comparison, Int)
    case flag(TokenFlagTest)
    /// The token starts an entry of the list (inside `and`/`or`/`not` a list test reads one token).
    case startsListEntry(CompiledWordList)
    case label(String)
    case pos(UInt8)
    case tag([UInt8])
    case lemma([UInt8])
    case lemmaInList(CompiledWordList)

    init(_ predicate: TokenPredicate, program: TokenProgram) throws(TokenProgram.Error) {
        switch predicate {
        case .any: self = .any
        case let .and(parts):
            var compiled: [CompiledPredicate] = []
            for p in parts { compiled.append(try CompiledPredicate(p, program: program)) }
            self = .and(compiled)
        case let .or(parts):
            var compiled: [CompiledPredicate] = []
            for p in parts { compiled.append(try CompiledPredicate(p, program: program)) }
            self = .or(compiled)
        case let .not(inner): self = .not(try CompiledPredicate(inner, program: program))
        case let .text(s): self = .text(Array(s.utf8))
        case let .lower(s): self = .lower(Array(s.lowercasedASCII.utf8))
        case let .regex(form, pattern, caseless):
            do {
                self = .regex(form, try Regex("(?:" + pattern + ")\\z", caseless: caseless, anchored: true))
            } catch {
                throw TokenProgram.Error(kind: .syntax, message: "in the token regex /\(pattern)/: \(error.message)")
            }
        case let .shape(s): self = .shape(Array(s.utf8))
        case let .kind(k): self = .kind(TokenKind.allCases.first { $0.description == k })
        case let .prefix(s, caseless): self = .prefix(Array((caseless ? s.lowercasedASCII : s).utf8), caseless: caseless)
        case let .suffix(s, caseless): self = .suffix(Array((caseless ? s.lowercasedASCII : s).utf8), caseless: caseless)
        case let .length(c, n): self = .length(c, n)
        case let .flag(f):
            self = .flag(f)
        case let .inList(list):
            self = .startsListEntry(program.compiledList(list))
        case let .label(l):
            self = .label(l)
        case let .pos(p): self = .pos(p.rawValue)
        case let .tag(t): self = .tag(Array(t.utf8))
        case let .lemma(l): self = .lemma(Array(l.lowercasedASCII.utf8))
        case let .lemmaInList(list): self = .lemmaInList(program.compiledList(list))
        }
    }
}
