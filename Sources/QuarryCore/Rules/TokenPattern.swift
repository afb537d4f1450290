/// A pattern over tokens and earlier spans: what a rule written in `[ … ]` compiles to (see
/// docs/rule-language.md, "Token patterns").
///
/// ```
/// rule said_person SPEAKER [lower=said] (?<who>[shape=Xx]+){1,4} [!kind=punct]?
/// ```
///
/// is a ``sequence(_:)`` of a ``token(_:)`` (``TokenPredicate/lower(_:)``), a ``capture(name:_:)``
/// around a ``repeat(_:min:max:lazy:)`` and an optional negated token. Matching is
/// leftmost-first like PCRE (greedy
/// quantifiers prefer more, lazy ones fewer, alternatives in order), in time linear in the
/// number of tokens times the pattern's size.
public indirect enum TokenPattern: Sendable, Hashable {
    /// One token that satisfies the predicate (`[lower=said]`; `[]` is any token).
    case token(TokenPredicate)
    /// One whole earlier span with this label, whose attributes pass every test
    /// (`@PERSON`, `@PERSON(title=Sen.)`): it consumes the tokens the span covers.
    case span(label: String, tests: [SpanAttributeTest])
    /// The parts one after another.
    case sequence([TokenPattern])
    /// The first alternative that leads to a match, in order (`a | b`).
    case alternation([TokenPattern])
    /// `min` to `max` (nil: no limit) repetitions, greedy or lazy (`? * + {m,n}`, `?? *? +? {m,n}?`).
    case `repeat`(TokenPattern, min: Int, max: Int?, lazy: Bool)
    /// A named group whose text becomes an attribute of the span (`(?<who> … )`).
    case capture(name: String, TokenPattern)
    /// Matches no token, only at the first token of a sentence (`^`).
    case sentenceStart
    /// Matches no token, only after the last token of a sentence (`$`).
    case sentenceEnd
    /// Matches no token: context that must (or, `negated`, must not) come right after the
    /// position (`ahead`: `(?= … )`, `(?! … )`) or end right before it (`(?<= … )`,
    /// `(?<! … )`). Its tokens are not part of the match and its captures are not kept.
    case look(TokenPattern, ahead: Bool, negated: Bool)
}

/// A test on one token.
public indirect enum TokenPredicate: Sendable, Hashable {
    /// Any token (`[]`).
    case any
    /// Every test passes (`a & b`, or tests side by side: `[lower=said kind=word]`).
    case and([TokenPredicate])
    /// At least one test passes (`a | b` inside the brackets).
    case or([TokenPredicate])
    /// The test fails (`!a`, `a!=b`).
    case not(TokenPredicate)
    /// The token's text, exactly (`text=Said`).
    case text(String)
    /// The token's text with ASCII letters lower-cased equals this (already lower-case) string
    /// (`lower=said`).
    case lower(String)
    /// A PCRE2 regular expression that must match the token's whole text, or its lower-cased
    /// text (`text=/^[A-Z]{2,}$/`, `lower=/ing$/`).
    case regex(TokenTextForm, String, caseless: Bool)
    /// The token's shape: letters mapped to `X`/`x`, digits to `d`, other characters kept,
    /// runs longer than four cut to four (`shape=Xxxxx` for "Blinken", `shape=X.X.` for "U.S.").
    case shape(String)
    /// The token kind (`kind=word`, `number`, `punct`, `symbol`, `url`, ...), as in JSON output.
    case kind(String)
    /// The token's text starts with this (`prefix=un`; ASCII case-insensitive when `caseless`).
    case prefix(String, caseless: Bool)
    /// The token's text ends with this (`suffix=ing`).
    case suffix(String, caseless: Bool)
    /// The token's length in Unicode scalars compared with a number (`length>=3`).
    case length(Comparison, Int)
    /// A property of the token (`is-title`, `is-upper`, `sent-start`, `space-before`, ...).
    case flag(TokenFlagTest)
    /// The token is an entry of a word list, or the first token of a multi-token entry that
    /// the following tokens complete (`in=@titles`): see ``TokenPattern`` matching.
    case inList(WordList)
    /// The token lies inside an earlier span with this label (`label=PERSON`).
    case label(String)
    /// The token's universal part of speech, from the `tag` stage (`pos=PROPN`).
    case pos(UniversalPOS)
    /// The token's language-specific tag, from the `tag` stage (`tag=VBD`).
    case tag(String)
    /// The token's lemma, from the `tag` stage, compared with ASCII letters lower-cased
    /// (`lemma=say` holds for said, says, Saying).
    case lemma(String)
    /// The token's lemma, lower-cased, is a one-word entry of the list (`lemma=@cue-verbs`).
    case lemmaInList(WordList)
}

/// Which form of a token's text a regex predicate tests.
public enum TokenTextForm: String, Sendable, Hashable {
    /// The text as written.
    case text
    /// The text with ASCII letters lower-cased.
    case lower
    /// The lemma (from the `tag` stage) with ASCII letters lower-cased.
    case lemma
}

/// A numeric comparison in a token predicate.
public enum Comparison: String, Sendable, Hashable, CaseIterable {
    /// `=`: equal to.
    case equal = "="
    /// `!=`: not equal to.
    case notEqual = "!="
    /// `<`: less than.
    case less = "<"
    /// `<=`: at most.
    case lessOrEqual = "<="
    /// `>`: greater than.
    case greater = ">"
    /// `>=`: at least.
    case greaterOrEqual = ">="

    /// Whether `lhs` compares to `rhs` this way.
    public func holds(_ lhs: Int, _ rhs: Int) -> Bool {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        }
    }
}

/// Properties of a token a predicate can test by name.
public enum TokenFlagTest: String, Sendable, Hashable, CaseIterable {
    /// First letter upper-case, the other letters lower-case ("Blinken").
    case title = "is-title"
    /// Has letters, all upper-case ("NATO").
    case upper = "is-upper"
    /// Has letters, all lower-case ("said").
    case lower = "is-lower"
    /// Only digits ("2024").
    case digit = "is-digit"
    /// Only punctuation.
    case punct = "is-punct"
    /// The first token of its sentence.
    case sentenceStart = "sent-start"
    /// The last token of its sentence.
    case sentenceEnd = "sent-end"
    /// Whitespace comes right before the token (false at the start of the text).
    case spaceBefore = "space-before"
}

/// A test on an attribute of a span matched as a unit (`@PERSON(title=Sen.)`).
public struct SpanAttributeTest: Sendable, Hashable {
    /// The attribute's name (a named group or constant of the rule that made the span).
    public var name: String
    /// The value it must have, or nil when it only has to be present (`@DATE(year)`).
    public var value: String?
    /// Whether the test is negated (`@PERSON(!title)`, `@PERSON(title!=Sen.)`).
    public var negated: Bool

    /// A test that `name` has `value` (or exists, when `value` is nil), negated or not.
    public init(name: String, value: String? = nil, negated: Bool = false) {
        self.name = name
        self.value = value
        self.negated = negated
    }
}
