import QuarryCore

/// A token pattern as written, before word lists and the rule's options are known:
/// `@name` may still be a list element or a span, and `text=`, `prefix=`, `suffix=`
/// depend on the rule's `caseless`.
indirect enum TokenPatternSyntax {
    case token(TokenPredicateSyntax)
    /// `@name`, with `(tests)` when written (then always a span).
    case reference(name: String, tests: [SpanAttributeTest]?, position: SourcePosition)
    case sequence([TokenPatternSyntax])
    case alternation([TokenPatternSyntax])
    case `repeat`(TokenPatternSyntax, min: Int, max: Int?, lazy: Bool)
    case capture(name: String, TokenPatternSyntax)
    case sentenceStart
    case sentenceEnd
    /// `(?= … )`, `(?! … )`, `(?<= … )`, `(?<! … )`.
    case look(TokenPatternSyntax, ahead: Bool, negated: Bool)
    /// `{NAME}`: a token macro (`define NAME = [ … ]`), expanded when the rule is resolved.
    case macro(name: String, position: SourcePosition)

    /// Whether every match consumes at least one token (a span consumes at least one).
    var requiresToken: Bool {
        switch self {
        case .token, .reference: true
        // Known once the macro is expanded; the compiled program checks it then.
        case .macro: true
        case let .sequence(parts): parts.contains { $0.requiresToken }
        case let .alternation(parts): parts.allSatisfy { $0.requiresToken }
        case let .repeat(inner, min, _, _): min > 0 && inner.requiresToken
        case let .capture(_, inner): inner.requiresToken
        case .sentenceStart, .sentenceEnd, .look: false
        }
    }

    /// Whether a repetition without an upper bound (`+`, `*`, `{m,}`) is written in it (a
    /// macro's is found when the rule is compiled).
    var isUnbounded: Bool {
        switch self {
        case .token, .reference, .sentenceStart, .sentenceEnd, .macro: false
        case let .sequence(parts), let .alternation(parts): parts.contains { $0.isUnbounded }
        case let .repeat(inner, _, max, _): max == nil || inner.isUnbounded
        case let .capture(_, inner), let .look(inner, _, _): inner.isUnbounded
        }
    }

    /// The names of the named groups.
    var captureNames: [String] {
        switch self {
        case .token, .reference, .sentenceStart, .sentenceEnd, .look, .macro: []
        case let .sequence(parts), let .alternation(parts): parts.flatMap(\.captureNames)
        case let .repeat(inner, _, _, _): inner.captureNames
        case let .capture(name, inner): [name] + inner.captureNames
        }
    }
}

indirect enum TokenPredicateSyntax {
    /// A test that needs nothing more from the rule.
    case done(TokenPredicate)
    case and([TokenPredicateSyntax])
    case or([TokenPredicateSyntax])
    case not(TokenPredicateSyntax)
    case text(String)
    case prefix(String)
    case suffix(String)
    case inList(name: String, position: SourcePosition)
    /// `lemma=@name`: the list is looked up when the rule is resolved.
    case lemmaInList(name: String, position: SourcePosition)
}

struct TokenPatternDecl {
    var pattern: TokenPatternSyntax
    /// The pattern's first byte.
    var position: SourcePosition
    /// Whether errors were reported while parsing it (it is checked further, never used).
    var hasErrors = false
}

/// Parses the token pattern of a rule line (`[lower=said] (?<who>[is-title]+){1,4}`), byte by
/// byte from where it starts to the first top-level word (an option) or the end of the line.
struct TokenPatternParser {
    struct Abort: Error {}

    static let attributes = ["text", "lower", "shape", "kind", "prefix", "suffix", "in", "label", "length", "pos", "tag", "lemma"]
    static let flags = TokenFlagTest.allCases.map(\.rawValue)
    static let kinds = TokenKind.allCases.map(\.description)
    static let maximumRepetition = 1000

    let bytes: [UInt8]
    let line: Int
    let fileIndex: Int
    let report: (Int, String) -> Void
    var i: Int
    /// Set by errors that do not stop parsing (an unknown attribute): the pattern is not used.
    var failed = false

    init(line text: String, number: Int, fileIndex: Int, start: Int, report: @escaping (Int, String) -> Void) {
        self.bytes = Array(text.utf8)
        self.line = number
        self.fileIndex = fileIndex
        self.report = report
        self.i = start
    }

    func position(_ byte: Int) -> SourcePosition { SourcePosition(file: fileIndex, line: line, byte: byte) }

    mutating func error(_ byte: Int, _ message: String) {
        report(byte, message)
        failed = true
    }

    mutating func fatal(_ byte: Int, _ message: String) -> Abort {
        error(byte, message)
        return Abort()
    }

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
    func peek(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }
    /// The character that starts at byte `j`, for messages.
    func character(at j: Int) -> String {
        String(decoding: bytes[j...].prefix(4), as: UTF8.self).first.map(String.init) ?? ""
    }

    mutating func skipBlanks() {
        while let b = peek, ASCII.isBlank(b) { i += 1 }
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        ASCII.isLetter(b) || ASCII.isDigit(b) || b == 0x5F || b == 0x2D || b == 0x2E || b >= 0x80
    }

    static func isLetter(_ b: UInt8) -> Bool { ASCII.isLetter(b) || b == 0x5F || b >= 0x80 }

    mutating func readName() -> String {
        let start = i
        while let b = peek, Self.isNameByte(b) { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// Whether the rest of the line, from `i` on, is only a comment or nothing.
    var atEndOfPattern: Bool {
        guard let b = peek else { return true }
        if b == 0x23 && (i == 0 || ASCII.isBlank(bytes[i - 1])) { return true }  // # comment
        return false
    }

    // MARK: - Pattern

    /// Parses the whole pattern; returns it and the byte where the options begin, or nil after
    /// an error that leaves no usable pattern.
    /// A macro's pattern (`define NAME = …`) may match no token on its own (`[pos=DET]?`):
    /// `macro` skips that check, which the rules using it get.
    mutating func parse(macro: Bool = false) -> (TokenPatternDecl, end: Int)? {
        let start = i
        do {
            let pattern = try alternation(depth: 0)
            skipBlanks()
            if let b = peek, b == 0x29 {
                throw fatal(i, "unmatched ')': no group is open here")
            }
            if !failed && !macro && !pattern.requiresToken {
                error(start, "this rule can match nothing; make at least one token required")
            }
            // After errors that did not stop parsing, the pattern (with `[]` for the bad tests)
            // still goes on, so that list names and options are checked too; the errors
            // already recorded keep the rule book from loading.
            return (TokenPatternDecl(pattern: pattern, position: position(start), hasErrors: failed), i)
        } catch {
            return nil
        }
    }

    mutating func alternation(depth: Int) throws(Abort) -> TokenPatternSyntax {
        var branches: [TokenPatternSyntax] = []
        var bar = i
        while true {
            let items = try sequence(depth: depth)
            skipBlanks()
            if items.isEmpty, peek == 0x7C || !branches.isEmpty {
                throw fatal(peek == 0x7C ? i : bar, "empty alternative: write something on both sides of '|'")
            }
            branches.append(items.count == 1 ? items[0] : .sequence(items))
            guard peek == 0x7C else { break }
            bar = i
            i += 1
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func sequence(depth: Int) throws(Abort) -> [TokenPatternSyntax] {
        var items: [TokenPatternSyntax] = []
        while true {
            skipBlanks()
            if atEndOfPattern { break }
            let b = peek!
            if b == 0x29 || b == 0x7C { break }  // ) |
            if depth == 0 && (Self.isLetter(b) || (b >= 0x30 && b <= 0x39)) { break }  // an option
            if b == 0x3F || b == 0x2A || b == 0x2B {  // ? * +
                let lazy = peek(1) == 0x3F && b != 0x3F || (b == 0x3F && peek(1) == 0x3F)
                let written = character(at: i) + (lazy ? "?" : "")
                throw fatal(i, "quantifier '\(written)' has nothing before it to repeat")
            }
            if b == 0x7B && quantifierAhead() {  // {
                throw fatal(i, "quantifier '{' has nothing before it to repeat")
            }
            let atomStart = i
            let atom = try self.atom(depth: depth)
            items.append(try quantified(atom, atomStart: atomStart))
        }
        return items
    }

    /// Whether `{` at `i` starts `{m}`, `{m,}` or `{m,n}`.
    func quantifierAhead() -> Bool {
        var j = i + 1
        var digits = 0
        while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 { j += 1; digits += 1 }
        guard digits > 0, j < bytes.count else { return false }
        if bytes[j] == 0x7D { return true }
        guard bytes[j] == 0x2C else { return false }
        j += 1
        while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 { j += 1 }
        return j < bytes.count && bytes[j] == 0x7D
    }

    /// A run of digits: its value (capped just above the largest repetition allowed) and start.
    mutating func number() -> (Int, Int) {
        let start = i
        var value = 0
        while let b = peek, b >= 0x30 && b <= 0x39 {
            value = Swift.min(value * 10 + Int(b - 0x30), Self.maximumRepetition * 10)
            i += 1
        }
        return (value, start)
    }

    /// The digits written from `start` on.
    func digits(at start: Int) -> String {
        String(decoding: bytes[start...].prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
    }

    mutating func quantified(_ atom: TokenPatternSyntax, atomStart: Int) throws(Abort) -> TokenPatternSyntax {
        guard let b = peek, b == 0x3F || b == 0x2A || b == 0x2B || (b == 0x7B && quantifierAhead()) else {
            if peek == 0x7B && peek(1) == 0x2C {
                throw fatal(i, "a repetition needs its minimum: write {0,n}")
            }
            return atom  // a `{NAME}` after the atom is the next atom
        }
        let quantifierStart = i
        var min = 0, max: Int? = nil
        switch b {
        case 0x3F: min = 0; max = 1; i += 1
        case 0x2A: min = 0; max = nil; i += 1
        case 0x2B: min = 1; max = nil; i += 1
        default:
            i += 1
            let (m, mAt) = number()
            min = m
            if peek == 0x2C {
                i += 1
                if peek == 0x7D { max = nil } else {
                    let (n, nAt) = number()
                    max = n
                    if n > Self.maximumRepetition { error(nAt, "repetition count \(digits(at: nAt)) is too large (at most \(Self.maximumRepetition))") }
                    else if m > n { error(mAt, "in {\(m),\(n)} the minimum is larger than the maximum") }
                }
            } else {
                max = m
            }
            if m > Self.maximumRepetition { error(mAt, "repetition count \(digits(at: mAt)) is too large (at most \(Self.maximumRepetition))") }
            i += 1  // }
        }
        var lazy = false
        if peek == 0x3F { lazy = true; i += 1 }
        switch atom {
        case .sentenceStart, .sentenceEnd, .look:
            let written = String(decoding: bytes[quantifierStart..<i], as: UTF8.self)
            error(quantifierStart, "quantifier '\(written)' applies to '\(atom.anchorText)', which matches no token; there is nothing to repeat")
        default: break
        }
        if let next = peek, next == 0x3F || next == 0x2A || next == 0x2B || (next == 0x7B && quantifierAhead()) {
            throw fatal(i, "a quantifier cannot follow another quantifier; put the item in ( ) to repeat it again")
        }
        return .repeat(atom, min: min, max: max, lazy: lazy)
    }

    mutating func atom(depth: Int) throws(Abort) -> TokenPatternSyntax {
        let start = i
        switch peek! {
        case 0x5B:  // [
            i += 1
            skipBlanks()
            if peek == 0x5D { i += 1; return .token(.done(.any)) }
            let predicate = try predicateOr()
            skipBlanks()
            guard peek == 0x5D else {
                if let b = peek, b != 0x29 && b != 0x7C {
                    throw fatal(i, "unexpected '\(character(at: i))' in a token test; expected ']'")
                }
                throw fatal(i, "missing ']' to close the token test opened at column \(start + 1)")
            }
            i += 1
            return .token(predicate)
        case 0x28:  // (
            i += 1
            var captureName: String? = nil
            var look: (ahead: Bool, negated: Bool)? = nil
            if peek == 0x3F {
                if peek(1) == 0x3A { i += 2 }
                else if peek(1) == 0x3D || peek(1) == 0x21 {
                    look = (true, peek(1) == 0x21)
                    i += 2
                } else if peek(1) == 0x3C && (peek(2) == 0x3D || peek(2) == 0x21) {
                    look = (false, peek(2) == 0x21)
                    i += 3
                } else if peek(1) == 0x3C {
                    i += 2
                    let nameStart = i
                    let name = readName()
                    if name.isEmpty || !Self.isLetter(bytes[nameStart]) {
                        throw fatal(nameStart, "expected a group name after '(?<' (letters, digits, '_', starting with a letter)")
                    }
                    guard peek == 0x3E else { throw fatal(i, "expected '>' after the group name '\(name)'") }
                    i += 1
                    captureName = name
                } else {
                    throw fatal(i, "unknown group '(?': write (?:…), (?<name>…), or a lookaround (?=…), (?!…), (?<=…), (?<!…)")
                }
            }
            skipBlanks()
            if peek == 0x29 { throw fatal(start, "empty group: put at least one item inside ( )") }
            let inner = try alternation(depth: depth + 1)
            skipBlanks()
            guard peek == 0x29 else {
                throw fatal(i, "missing ')' to close the group opened at column \(start + 1)")
            }
            i += 1
            if let captureName { return .capture(name: captureName, inner) }
            if let look {
                if let name = inner.captureNames.first {
                    throw fatal(start, "the group '\(name)' is inside a lookaround, which keeps no tokens; write (?: … ) there, or move the group out")
                }
                if !look.ahead && inner.isUnbounded {
                    throw fatal(start, "a lookbehind must have a bounded length: inside (?<\(look.negated ? "!" : "=") … ) write {m,n} instead of +, * or {m,}")
                }
                return .look(inner, ahead: look.ahead, negated: look.negated)
            }
            return inner
        case 0x40:  // @
            i += 1
            let nameStart = i
            let name = readName()
            if name.isEmpty || !Self.isLetter(bytes[nameStart]) {
                throw fatal(nameStart, "expected a list or label name after '@'")
            }
            guard peek == 0x28 else { return .reference(name: name, tests: nil, position: position(start)) }
            i += 1
            var tests: [SpanAttributeTest] = []
            while true {
                skipBlanks()
                var negated = false
                if peek == 0x21 { negated = true; i += 1 }
                let testStart = i
                let test = readName()
                if test.isEmpty { throw fatal(testStart, "expected an attribute name in @\(name)( … )") }
                skipBlanks()
                var value: String? = nil
                if peek == 0x3D || (peek == 0x21 && peek(1) == 0x3D) {
                    if peek == 0x21 { negated.toggle(); i += 1 }
                    i += 1
                    skipBlanks()
                    value = try plainValue(attribute: test, in: "@\(name)( … )")
                }
                tests.append(SpanAttributeTest(name: test, value: value, negated: negated))
                skipBlanks()
                if peek == 0x2C { i += 1; continue }
                guard peek == 0x29 else { throw fatal(i, "missing ')' to close the attribute tests of @\(name)") }
                i += 1
                break
            }
            return .reference(name: name, tests: tests, position: position(start))
        case 0x5E: i += 1; return .sentenceStart
        case 0x24: i += 1; return .sentenceEnd
        case 0x7B:  // {NAME}
            i += 1
            let nameStart = i
            let name = readName()
            if name.isEmpty || !Self.isLetter(bytes[nameStart]) {
                throw fatal(nameStart, "'{' here is neither a repetition {m,n} nor a macro {NAME}; a macro's name starts with a letter")
            }
            guard peek == 0x7D else { throw fatal(i, "missing '}' to close the macro {\(name)") }
            i += 1
            return .macro(name: name, position: position(start))
        default:
            throw fatal(i, "expected a token test [ … ], a group ( … ), @name, {MACRO}, ^ or $, found '\(character(at: i))'")
        }
    }

    // MARK: - Predicates

    mutating func predicateOr() throws(Abort) -> TokenPredicateSyntax {
        var parts = [try predicateAnd()]
        while true {
            skipBlanks()
            guard peek == 0x7C else { break }
            i += 1
            parts.append(try predicateAnd())
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    mutating func predicateAnd() throws(Abort) -> TokenPredicateSyntax {
        var parts = [try unary()]
        while true {
            skipBlanks()
            guard let b = peek, b != 0x5D, b != 0x29, b != 0x7C else { break }
            if b == 0x26 { i += 1 }
            parts.append(try unary())
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    mutating func unary() throws(Abort) -> TokenPredicateSyntax {
        skipBlanks()
        guard let b = peek else { throw fatal(i, "missing ']' to close the token test") }
        if b == 0x21 { i += 1; return .not(try unary()) }
        if b == 0x28 {
            let start = i
            i += 1
            skipBlanks()
            if peek == 0x29 { throw fatal(start, "empty group: put at least one test inside ( )") }
            let inner = try predicateOr()
            skipBlanks()
            guard peek == 0x29 else { throw fatal(i, "missing ')' to close the group opened at column \(start + 1)") }
            i += 1
            return inner
        }
        return try test()
    }

    mutating func test() throws(Abort) -> TokenPredicateSyntax {
        let start = i
        let name = readName()
        if name.isEmpty {
            let b = peek!
            if b == 0x5B { throw fatal(i, "unexpected '[' in a token test; expected ']'") }
            throw fatal(i, "expected a token test (a flag such as is-title, or attribute=value), found '\(character(at: i))'")
        }
        // The comparison, if any.
        var comparison: Comparison? = nil
        let operatorStart = i
        if let b = peek {
            switch (b, peek(1)) {
            case (0x21, 0x3D): comparison = .notEqual; i += 2
            case (0x3C, 0x3D): comparison = .lessOrEqual; i += 2
            case (0x3E, 0x3D): comparison = .greaterOrEqual; i += 2
            case (0x3D, _): comparison = .equal; i += 1
            case (0x3C, _): comparison = .less; i += 1
            case (0x3E, _): comparison = .greater; i += 1
            default: break
            }
        }
        guard let comparison else {
            if let flag = TokenFlagTest(rawValue: name) { return .done(.flag(flag)) }
            if Self.attributes.contains(name) {
                throw fatal(i, "expected a comparison after '\(name)', e.g. \(name == "length" ? "length>=3" : "\(name)=value")")
            }
            var message = "unknown token flag '\(name)'"
            if let guess = Suggestion.closest(to: name, in: Self.flags + Self.attributes) {
                message += " (did you mean '\(guess)'?)"
            }
            message += "; flags: \(Self.flags.joined(separator: ", "))"
            error(start, message)
            return .done(.any)
        }
        skipBlanks()
        if name == "length" {
            let numberStart = i
            let written = digits(at: numberStart)
            i += written.utf8.count
            guard !written.isEmpty else { throw fatal(numberStart, "expected a whole number after 'length\(comparison.rawValue)'") }
            guard let n = Int(written) else { throw fatal(numberStart, "the length \(written) is too large") }
            return .done(.length(comparison, n))
        }
        guard Self.attributes.contains(name) else {
            var message = "unknown token attribute '\(name)'"
            if let guess = Suggestion.closest(to: name, in: Self.attributes + Self.flags) { message += " (did you mean '\(guess)'?)" }
            message += "; attributes: \(Self.attributes.joined(separator: ", "))"
            error(start, message)
            _ = try value(attribute: name)
            return .done(.any)
        }
        if comparison != .equal && comparison != .notEqual {
            error(operatorStart, "'\(comparison.rawValue)' compares numbers and works only with length; use = or != with '\(name)'")
        }
        let valueStart = i
        let parsed = try value(attribute: name)
        var result: TokenPredicateSyntax
        switch parsed {
        case let .regex(pattern, flags):
            guard name == "text" || name == "lower" || name == "lemma" else {
                error(valueStart, "a /regex/ value works only with text, lower and lemma, not '\(name)'")
                return .done(.any)
            }
            var caseless = false
            for (offset, flag) in flags.enumerated() {
                if flag == "i" { caseless = true } else {
                    error(i - flags.count + offset, "unknown flag '\(flag)': the only flag is i (caseless)")
                }
            }
            result = .done(.regex(name == "text" ? .text : name == "lower" ? .lower : .lemma, pattern, caseless: caseless))
        case let .list(list):
            guard name == "in" || name == "lemma" else {
                error(valueStart, "'@\(list)' names a word list; only in= and lemma= take one (in=@\(list), lemma=@\(list))")
                return .done(.any)
            }
            result = name == "in" ? .inList(name: list, position: position(valueStart)) : .lemmaInList(name: list, position: position(valueStart))
        case let .plain(text):
            switch name {
            case "text": result = .text(text)
            case "lower": result = .done(.lower(String(decoding: text.utf8.map(ASCII.lowercase), as: UTF8.self)))
            case "shape": result = .done(.shape(text))
            case "kind":
                guard Self.kinds.contains(text) else {
                    var message = "unknown token kind '\(text)'"
                    if let guess = Suggestion.closest(to: text, in: Self.kinds) { message += " (did you mean '\(guess)'?)" }
                    message += "; kinds: \(Self.kinds.joined(separator: ", "))"
                    error(valueStart, message)
                    return .done(.any)
                }
                result = .done(.kind(text))
            case "prefix": result = .prefix(text)
            case "suffix": result = .suffix(text)
            case "label": result = .done(.label(text))
            case "pos":
                guard let pos = UniversalPOS(name: text) else {
                    var message = "unknown part of speech '\(text)'"
                    if let guess = Suggestion.closest(to: text.uppercased(), in: UniversalPOS.names) { message += " (did you mean '\(guess)'?)" }
                    message += "; pos= takes a universal tag: \(UniversalPOS.names.joined(separator: ", ")) (Penn tags such as NN go with tag=)"
                    error(valueStart, message)
                    return .done(.any)
                }
                result = .done(.pos(pos))
            case "tag": result = .done(.tag(text))
            case "lemma": result = .done(.lemma(String(decoding: text.utf8.map(ASCII.lowercase), as: UTF8.self)))
            default:  // in
                error(valueStart, "in= takes a word list: in=@name")
                return .done(.any)
            }
        }
        return comparison == .notEqual ? .not(result) : result
    }

    enum Value {
        case plain(String)
        case regex(String, flags: String)
        case list(String)
    }

    /// A value after `=`: a bare word, a "string", a /regex/flags or an @list.
    mutating func value(attribute: String) throws(Abort) -> Value {
        guard let b = peek else { throw fatal(i, "expected a value after '\(attribute)='") }
        switch b {
        case 0x2F:  // /regex/
            let start = i
            i += 1
            let patternStart = i
            var inClass = false
            while true {
                guard let c = peek else {
                    throw fatal(start, "unterminated regular expression: add a closing / (write a slash inside it as \\/)")
                }
                if c == 0x5C { i += 2; continue }
                if inClass { if c == 0x5D { inClass = false } }
                else if c == 0x5B {
                    inClass = true
                    if peek(1) == 0x5D { i += 1 } else if peek(1) == 0x5E && peek(2) == 0x5D { i += 2 }
                } else if c == 0x2F { break }
                i += 1
            }
            let pattern = String(decoding: bytes[patternStart..<i], as: UTF8.self)
            i += 1
            let flagsStart = i
            while let c = peek, ASCII.isLower(c) { i += 1 }
            return .regex(pattern, flags: String(decoding: bytes[flagsStart..<i], as: UTF8.self))
        case 0x40:  // @list
            i += 1
            let nameStart = i
            let name = readName()
            if name.isEmpty { throw fatal(nameStart, "expected a list name after '@'") }
            return .list(name)
        default:
            return .plain(try plainValue(attribute: attribute, in: "a token test"))
        }
    }

    /// A bare word (up to whitespace, `]`, `)`, `&`, `|`, `,`... ) or a "string".
    mutating func plainValue(attribute: String, in context: String) throws(Abort) -> String {
        if peek == 0x22 {
            let start = i
            i += 1
            var value: [UInt8] = []
            while true {
                guard let c = peek else { throw fatal(start, "unterminated string: add a closing \"") }
                if c == 0x5C {
                    guard let e = peek(1), e == 0x22 || e == 0x5C else {
                        throw fatal(i, "unknown escape in a string (use \\\" or \\\\)")
                    }
                    value.append(e)
                    i += 2
                    continue
                }
                i += 1
                if c == 0x22 { break }
                value.append(c)
            }
            return String(decoding: value, as: UTF8.self)
        }
        let start = i
        while let c = peek, !ASCII.isBlank(c), c != 0x5D, c != 0x29, c != 0x26, c != 0x7C, !(context != "a token test" && c == 0x2C) { i += 1 }
        if i == start { throw fatal(i, "expected a value after '\(attribute)=' in \(context)") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    // MARK: - Where a token pattern starts

    /// The byte where a `rule ID LABEL` line's token pattern starts, or nil when the line is no
    /// such rule (a regex rule, a word-list rule `@list` with only options after it, anything else).
    static func patternStart(_ text: String) -> Int? {
        let b = Array(text.utf8)
        var i = 0
        if b.starts(with: Array("define".utf8)), b.count > 6, ASCII.isBlank(b[6]) {
            // `define NAME = …`: a token macro when what follows `=` is no /regex/.
            i = 6
            while i < b.count, ASCII.isBlank(b[i]) { i += 1 }
            while i < b.count, !ASCII.isBlank(b[i]) && b[i] != 0x3D { i += 1 }
            while i < b.count, ASCII.isBlank(b[i]) { i += 1 }
            guard i < b.count, b[i] == 0x3D else { return nil }
            i += 1
            while i < b.count, ASCII.isBlank(b[i]) { i += 1 }
            guard i < b.count, "[(@^${".utf8.contains(b[i]) else { return nil }
            return i
        }
        func skipBlanks() { while i < b.count, ASCII.isBlank(b[i]) { i += 1 } }
        func word() -> Int { let s = i; while i < b.count, !ASCII.isBlank(b[i]) { i += 1 }; return i - s }
        guard b.starts(with: Array("rule".utf8)), b.count > 4, ASCII.isBlank(b[4]) else { return nil }
        i = 4
        for _ in 0..<2 {
            skipBlanks()
            guard word() > 0 else { return nil }
        }
        skipBlanks()
        guard i < b.count else { return nil }
        let start = i
        switch b[i] {
        case 0x5B, 0x28, 0x5E, 0x24, 0x3F, 0x2A, 0x2B, 0x7B: return start  // [ ( ^ $, and ? * + { for their errors
        case 0x40:  // @name: a list rule unless more pattern follows
            i += 1
            while i < b.count, isNameByte(b[i]) { i += 1 }
            if i < b.count, !ASCII.isBlank(b[i]) { return start }  // @name( … ), @name+ ...
            skipBlanks()
            if i >= b.count || b[i] == 0x23 || isLetter(b[i]) { return nil }
            return start
        default: return nil
        }
    }
}

extension TokenPatternSyntax {
    var anchorText: String {
        switch self {
        case .sentenceEnd: "$"
        case let .look(_, ahead, negated): "(?\(ahead ? "" : "<")\(negated ? "!" : "=") … )"
        case let .macro(name, _): "{\(name)}"
        default: "^"
        }
    }
}
