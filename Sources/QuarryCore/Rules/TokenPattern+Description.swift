/// The canonical source form of token patterns, as written in a rule file: parsing it gives
/// back the same pattern (for a rule without `caseless`, whose lists are declared).

extension TokenPattern: CustomStringConvertible {
    /// The pattern as written in a rule file, in canonical form: tests side by side for
    /// `and`, ` | ` between alternatives, `(?: )` only where needed, `[]` for any token.
    public var description: String {
        switch self {
        case let .token(predicate): "[\(predicate)]"
        case let .span(label, tests):
            tests.isEmpty ? "@\(label)" : "@\(label)(\(tests.map(\.sourceText).joined(separator: ", ")))"
        case let .sequence(parts): parts.map { $0.wrapped(inSequence: true) }.joined(separator: " ")
        case let .alternation(parts): parts.map { $0.wrapped(inSequence: false) }.joined(separator: " | ")
        case let .repeat(inner, min, max, lazy):
            inner.repeatable + Self.quantifier(min: min, max: max) + (lazy ? "?" : "")
        case let .capture(name, inner): "(?<\(name)>\(inner))"
        case .sentenceStart: "^"
        case .sentenceEnd: "$"
        case let .look(inner, ahead, negated): "(?\(ahead ? "" : "<")\(negated ? "!" : "=")\(inner))"
        }
    }

    static func quantifier(min: Int, max: Int?) -> String {
        switch (min, max) {
        case (0, 1): "?"
        case (0, nil): "*"
        case (1, nil): "+"
        case let (m, nil): "{\(m),}"
        case let (m, n?) where m == n: "{\(m)}"
        case let (m, n?): "{\(m),\(n)}"
        }
    }

    /// As a part of a sequence (or an alternative): a nested sequence or alternation in `(?: )`.
    public func wrapped(inSequence: Bool) -> String {
        switch self {
        case .alternation: "(?:\(self))"
        case .sequence: inSequence ? "(?:\(self))" : description
        default: description
        }
    }

    /// As the operand of a quantifier.
    var repeatable: String {
        switch self {
        case .sequence, .alternation, .repeat: "(?:\(self))"
        default: description
        }
    }
}

extension TokenPredicate: CustomStringConvertible {
    /// The test as written between the brackets (`lower=said is-title`; empty for ``any``).
    public var description: String {
        switch self {
        case .any: ""
        case let .and(parts): parts.map { $0.operand(of: "and") }.joined(separator: " ")
        case let .or(parts): parts.map { $0.operand(of: "or") }.joined(separator: " | ")
        case let .not(inner): "!" + inner.operand(of: "not")
        case let .text(value): "text=" + Self.quote(value)
        case let .lower(value): "lower=" + Self.quote(value)
        case let .regex(form, pattern, caseless): "\(form.rawValue)=/\(Self.slashesEscaped(pattern))/" + (caseless ? "i" : "")
        case let .shape(value): "shape=" + Self.quote(value)
        case let .kind(value): "kind=" + Self.quote(value)
        case let .prefix(value, _): "prefix=" + Self.quote(value)
        case let .suffix(value, _): "suffix=" + Self.quote(value)
        case let .length(comparison, n): "length\(comparison.rawValue)\(n)"
        case let .flag(flag): flag.rawValue
        case let .inList(list): "in=@" + list.name
        case let .label(value): "label=" + Self.quote(value)
        case let .pos(value): "pos=" + value.description
        case let .tag(value): "tag=" + Self.quote(value)
        case let .lemma(value): "lemma=" + Self.quote(value)
        case let .lemmaInList(list): "lemma=@" + list.name
        }
    }

    func operand(of parent: String) -> String {
        switch self {
        case .and where parent != "or", .or: "(\(self))"
        case .and: description
        default: description
        }
    }

    /// The pattern with every unescaped `/` written `\/`, so that it can go between slashes.
    static func slashesEscaped(_ pattern: String) -> String {
        var result = ""
        var escaped = false
        for character in pattern {
            if character == "/" && !escaped { result.append("\\") }
            escaped = character == "\\" && !escaped
            result.append(character)
        }
        return result
    }

    /// A value bare when it reads back as itself, else in double quotes with `\"` and `\\`.
    static func quote(_ value: String) -> String {
        let special: Set<Character> = [" ", "\t", "]", ")", "(", "[", "&", "|", "\"", "\\", "!", "=", "<", ">", ",", "#"]
        if !value.isEmpty, !value.contains(where: { special.contains($0) || $0.isWhitespace }),
           value.first != "/", value.first != "@" {
            return value
        }
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}

extension SpanAttributeTest {
    /// The test as written in `@LABEL( … )`: `title`, `!title`, `title=Sen.`, `title!=Sen.`.
    public var sourceText: String {
        guard let value else { return (negated ? "!" : "") + name }
        return name + (negated ? "!=" : "=") + TokenPredicate.quote(value)
    }
}
