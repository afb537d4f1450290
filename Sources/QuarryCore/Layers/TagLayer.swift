/// The universal parts of speech of Universal Dependencies (UPOS): the same seventeen in every
/// language, so they live in code; a tagger's language-specific tags (Penn Treebank's `NN`,
/// `VBD`) come from its model (``TagSet``).
public enum UniversalPOS: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case adj, adp, adv, aux, cconj, det, intj, noun, num, part, pron, propn, punct, sconj, sym, verb, x

    /// The tag as UD writes it (`NOUN`).
    public var description: String { Self.names[Int(rawValue)] }

    /// The tags as UD writes them, in ``rawValue`` order.
    public static let names = ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
                               "PUNCT", "SCONJ", "SYM", "VERB", "X"]

    /// The tag named `name` (`"NOUN"`), or nil.
    public init?(name: String) {
        guard let k = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: UInt8(k))
    }
}

/// How a lemma is made from a word: take the word as written or lower-cased, drop some bytes
/// from its end, append a string ("said" → drop 3, append "ay" → "say").
///
/// A tagger model holds a table of these, and every token's lemma is an index into it, so a
/// tag layer stores no strings.
public struct LemmaRule: Sendable, Hashable {
    /// Whether the word is lower-cased first (`said`, `Said`, `SAID` → `say`); proper nouns keep their case.
    public var lowercase: Bool
    /// How many bytes are dropped from the end of the (lower-cased) word.
    public var strip: Int
    /// What is appended after the strip.
    public var append: String

    /// A rule: optionally lower-case, drop `strip` bytes, append `append`.
    public init(lowercase: Bool, strip: Int, append: String) {
        self.lowercase = lowercase
        self.strip = strip
        self.append = append
    }

    /// The rule that returns the word unchanged.
    public static let identity = LemmaRule(lowercase: false, strip: 0, append: "")

    /// The lemma of `word`: the rule applied, or the (lower-cased) word itself when the rule
    /// would strip more than the word has or cut a character in two.
    public func apply(to word: Substring) -> String {
        let base = lowercase ? Self.lowercased(word) : String(word)
        var utf8 = Array(base.utf8)
        guard strip <= utf8.count else { return base }
        let cut = utf8.count - strip
        if cut < utf8.count && utf8[cut] & 0xC0 == 0x80 { return base }
        utf8.removeSubrange(cut...)
        utf8.append(contentsOf: append.utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// `word` lower-cased: ASCII without decoding, anything else by Unicode's rules.
    public static func lowercased<S: StringProtocol>(_ word: S) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: word.utf8.map(ASCII.lowercase), as: UTF8.self)
        }
        return word.lowercased()
    }
}

/// The tags a tagger model can give: its classes (each a universal part of speech with a
/// language-specific tag) and its lemma rules. Shared, immutable, by every tag layer the model
/// wrote.
public final class TagSet: Sendable {
    /// Each class's universal part of speech.
    public let universal: [UniversalPOS]
    /// Each class's language-specific tag (`NN`, `VBD`; Penn Treebank's for English).
    public let specific: [String]
    /// The lemma rules a ``TagRecord/lemma`` indexes.
    public let lemmaRules: [LemmaRule]
    /// The distinct language-specific tags, sorted (for diagnostics and `tag=` tests).
    public let specificNames: [String]
    /// Per lemma rule, the bytes it appends, ASCII lower-cased: what makes lower-case lemmas
    /// of ASCII words without strings (token rules' `lemma=`).
    public let lemmaAppendsLowered: [[UInt8]]

    /// Makes a tag set; `universal` and `specific` have one entry per class.
    public init(universal: [UniversalPOS], specific: [String], lemmaRules: [LemmaRule]) {
        precondition(universal.count == specific.count, "one universal and one specific tag per class")
        self.universal = universal
        self.specific = specific
        self.lemmaRules = lemmaRules
        self.specificNames = Array(Set(specific)).sorted()
        self.lemmaAppendsLowered = lemmaRules.map { Array($0.append.utf8.map(ASCII.lowercase)) }
    }

    /// How many classes there are.
    public var count: Int { universal.count }
}

/// One token's tags: its class in the model's ``TagSet`` and the lemma rule that makes its lemma
/// from its text. 4 bytes.
public struct TagRecord: Sendable, Hashable {
    /// The class: an index into ``TagSet/universal`` and ``TagSet/specific``.
    public var tag: UInt16
    /// The lemma rule: an index into ``TagSet/lemmaRules``.
    public var lemma: UInt16

    /// A record of class `tag` whose lemma comes from rule `lemma`.
    public init(tag: Int, lemma: Int) {
        self.tag = UInt16(tag)
        self.lemma = UInt16(lemma)
    }
}

/// Parts of speech and lemmas, one ``TagRecord`` per token of the token layer, in the same order.
///
/// A token split from a surface word without its own record (``TokenRecord/cliticOffset`` not 0,
/// "don't" kept whole) is tagged as its host ("do").
public struct TagLayer: Sendable {
    /// What the records' indices mean.
    public let tagSet: TagSet
    /// One record per token.
    public var records: ContiguousArray<TagRecord>

    /// A layer over `tagSet`; `records` has one entry per token.
    public init(tagSet: TagSet, records: ContiguousArray<TagRecord>) {
        self.tagSet = tagSet
        self.records = records
    }

    /// Token `i`'s universal part of speech.
    public func universal(_ i: Int) -> UniversalPOS { tagSet.universal[Int(records[i].tag)] }
    /// Token `i`'s language-specific tag (`NNP`).
    public func specific(_ i: Int) -> String { tagSet.specific[Int(records[i].tag)] }

    /// The lemma of token `i`, whose record is `token`, in `document`.
    public func lemma(_ i: Int, token: TokenRecord, in document: Document) -> String {
        tagSet.lemmaRules[Int(records[i].lemma)].apply(to: document.text(utf8: Self.taggedRange(token)))
    }

    /// The part of a token that was tagged: the host of a surface word kept whole ("do" of
    /// "don't"), else the whole token.
    public static func taggedRange(_ token: TokenRecord) -> Range<Int> {
        token.cliticOffset == 0 ? token.range : Int(token.start)..<Int(token.start) + Int(token.cliticOffset)
    }
}

extension LayerName {
    /// Parts of speech and lemmas (``AnnotatedDocument/tags``), written by the `tag` stage.
    public static let tags: LayerName = "tags"
}
