import Foundation
import QuarryCore

/// The word lists the quote stage works from, as written in the list files under
/// `Rules/en/` (`quote-verbs.txt`, `quote-phrases.txt`, `titles.txt`,
/// `quote-speakers.txt`, `quote-demonyms.txt`, `quote-grammar.txt`, `quote-adverbials.txt`,
/// `quote-speaker-suffixes.txt`) or in a rule file's `list` declarations.
///
/// Entry formats:
/// - verbs: a lemma (`emphasize`), whose regular forms are made here, or every form written
///   out, lemma first (`say|says|said|saying`). Several words are a multiword cue whose first
///   word inflects (`call for`); `*` is a gap for a noun phrase (`refer to * as`). `=quote`
///   after an entry makes it a cue only when what it reports holds a quotation (`call =quote`:
///   "Bush called Trump “unhinged”", not "Bush called the police"). `=be` marks a predicate
///   that reports a position after a form of "be", uninflected (`concerned =be`: "officials
///   are concerned that ...", `expected to =be`).
/// - phrases: cues whose source follows them (`according to`).
/// - titles: words before a name (`Foreign Minister`, `Sen.`), with `=m` or `=f` when the title
///   tells the gender (`Mrs. =f`).
/// - speakers: nouns that can speak without a name (`analysts =pl`, `ministry =org`,
///   `spokesman =sg`).
/// - demonyms: words before a title that say where from (`South Korean`, `U.S.`).
/// - grammar: the language's closed-class words, one word and its class an entry (`he
///   =pronoun-male`, `has =auxiliary`, `which =relative-thing`); `grammarClasses` lists the
///   classes, and `quote-grammar.txt` explains each.
/// - adverbials: words of the adverbials around a cue (`tuesday =time`, `statement =noun`).
/// - speaker suffixes: endings of plural nouns for people not in the speakers list (`ists`:
///   "economists said").
///
/// The grammar lists are needed as much as the verbs: a lexicon built by hand in Swift should
/// start from ``english(profile:)`` or ``load(directory:profile:)`` and change the fields it needs.
public struct QuoteLexicon: Sendable {
    /// Cue verbs and multiword cues (`say|says|said|saying`, `refer to * as`, `call =quote`).
    public var verbs: [String]
    /// Cues whose source follows them (`according to`).
    public var phrases: [String]
    /// Titles before a name (`Foreign Minister`, `Mrs. =f`).
    public var titles: [String]
    /// Words before a title that are not titles (`former`, `Deputy`): stripped with it.
    public var titleModifiers: [String] = []
    /// Nouns that can speak without a name (`analysts =pl`, `ministry =org`).
    public var speakers: [String]
    /// Words before a title that say where from (`South Korean`, `U.S.`).
    public var demonyms: [String]
    /// Closed-class words with their class (`he =pronoun-male`, `has =auxiliary`).
    public var grammar: [String]
    /// Words of the adverbials around a cue (`tuesday =time`, `statement =noun`).
    public var adverbials: [String]
    /// Endings of plural nouns for people not in ``speakers`` (`ists`).
    public var speakerSuffixes: [String]
    /// Words that open a line of page furniture, never a statement or a speaker
    /// (`Story continues below advertisement`, `READ MORE`, `Related`, `Contact`).
    public var furniture: [String] = []
    /// First names with the sex they mostly name (`Jane =f`, `John =m`): a person speaker
    /// named so is a woman or a man to the pronouns after it.
    public var givenNames: [String] = []
    /// Which question the stage answers: who said what (``QuoteProfile/speech``), or every
    /// attributed statement, belief and finding (``QuoteProfile/attribution``, the default).
    public var profile: QuoteProfile = .attribution
    /// Span labels (from earlier stages) whose spans are people: a speaker inside one takes
    /// its bounds and its `of` attribute (the full name of an alias) as its entity.
    public var personLabels: Set<String> = ["PERSON"]
    /// Span labels whose spans are organisations.
    public var organisationLabels: Set<String> = ["ORG"]
    /// When set, the cues are the spans of this label that earlier rule phases wrote (the
    /// cue grammar of `Rules/en/quotes.quarry`), not the stage's own verb forms: a span's
    /// `cue` group (else the span) is the cue, the span's end is where its words end, and its
    /// `form` attribute (past, third, base, gerund, predicate, phrase) and `quotation=needed`
    /// say how it reports.
    public var cueLabel: String? = nil
    /// When set, speakers come first from the spans of this label that earlier rule phases
    /// wrote (the speaker grammar of `Rules/en/quotes.quarry`): a span's `speaker` group is the
    /// speaker of the cue its `cue` group covers. A cue with no such span gets its speaker
    /// from the stage's own steps.
    public var speakerLabel: String? = nil

    /// Makes a lexicon from entries in the formats above; empty lists by default. The stage
    /// refuses a lexicon without ``verbs`` and works poorly without ``grammar``: to change a few
    /// lists, start from ``english(profile:)``.
    public init(verbs: [String] = [], phrases: [String] = [], titles: [String] = [], speakers: [String] = [], demonyms: [String] = [],
                grammar: [String] = [], adverbials: [String] = [], speakerSuffixes: [String] = []) {
        self.verbs = verbs
        self.phrases = phrases
        self.titles = titles
        self.speakers = speakers
        self.demonyms = demonyms
        self.grammar = grammar
        self.adverbials = adverbials
        self.speakerSuffixes = speakerSuffixes
    }

    /// The names of the list files read from a language directory such as `Rules/en`.
    public enum FileName {
        /// The cue verbs (``QuoteLexicon/verbs``).
        public static let verbs = "quote-verbs.txt"
        /// The cue phrases (``QuoteLexicon/phrases``).
        public static let phrases = "quote-phrases.txt"
        /// The titles (``QuoteLexicon/titles``).
        public static let titles = "titles.txt"
        /// The title modifiers (``QuoteLexicon/titleModifiers``).
        public static let titleModifiers = "title-modifiers.txt"
        /// The nameless speakers (``QuoteLexicon/speakers``).
        public static let speakers = "quote-speakers.txt"
        /// The demonyms (``QuoteLexicon/demonyms``).
        public static let demonyms = "quote-demonyms.txt"
        /// The closed-class words (``QuoteLexicon/grammar``).
        public static let grammar = "quote-grammar.txt"
        /// The adverbial words (``QuoteLexicon/adverbials``).
        public static let adverbials = "quote-adverbials.txt"
        /// The plural endings (``QuoteLexicon/speakerSuffixes``).
        public static let speakerSuffixes = "quote-speaker-suffixes.txt"
        /// The page furniture openers (``QuoteLexicon/furniture``).
        public static let furniture = "quote-furniture.txt"
        /// The first names with their sex (``QuoteLexicon/givenNames``).
        public static let givenNames = "entities/given-name-genders.txt"
        /// The cue verbs of the speech profile (a narrower ``QuoteLexicon/verbs``).
        public static let speechVerbs = "quote-speech-verbs.txt"
    }

    /// One list of the lexicon: the file it is read from and the field it fills.
    public struct ListField: Sendable {
        /// The file's name in a language directory (`quote-verbs.txt`).
        public let file: String
        /// The field the file's entries go to.
        public let field: WritableKeyPath<QuoteLexicon, [String]> & Sendable
    }

    /// Each field with its file name, in the order ``load(directory:profile:)`` reads them.
    public static let files: [ListField] = [
        ListField(file: FileName.verbs, field: \.verbs), ListField(file: FileName.phrases, field: \.phrases),
        ListField(file: FileName.titles, field: \.titles), ListField(file: FileName.titleModifiers, field: \.titleModifiers),
        ListField(file: FileName.speakers, field: \.speakers),
        ListField(file: FileName.demonyms, field: \.demonyms), ListField(file: FileName.grammar, field: \.grammar),
        ListField(file: FileName.adverbials, field: \.adverbials),
        ListField(file: FileName.speakerSuffixes, field: \.speakerSuffixes),
        ListField(file: FileName.furniture, field: \.furniture),
        ListField(file: FileName.givenNames, field: \.givenNames),
    ]

    /// Reads the lists from a folder such as `Rules/en`; with the ``QuoteProfile/speech``
    /// profile, the cue verbs are `quote-speech-verbs.txt`.
    public static func load(directory: URL, profile: QuoteProfile = .attribution) throws(LexiconError) -> QuoteLexicon {
        var lexicon = QuoteLexicon()
        lexicon.profile = profile
        for list in files {
            let file = list.file == FileName.verbs && profile == .speech ? FileName.speechVerbs : list.file
            lexicon[keyPath: list.field] = try ListFile(url: directory.appendingPathComponent(file)).entries.map(\.text)
        }
        return lexicon
    }

    /// The classes a `grammar` entry may name after `=`, and the word classes each sets.
    static let grammarClasses: [String: WordClass] = [
        "pronoun-male": .pronounMale, "pronoun-female": .pronounFemale, "pronoun-plural": .pronounPlural,
        "pronoun-neuter": .pronounNeuter, "pronoun-other": .pronounOther, "object-pronoun": .objectPronoun,
        "possessive": [.possessivePronoun, .determiner], "determiner": .determiner, "auxiliary": .auxiliary,
        "modal": [.auxiliary, .modal], "be": .be, "that": .that, "and": .and, "preposition": .preposition, "of": .of, "to": .to,
        "clause": .clauseWord, "coordinator": .coordinator, "relative": .relative, "relative-thing": [.relative, .thingRelative],
        "degree": .degree, "article": .article, "answer": .answer, "quantity": .quantity, "not-speaker": .notSpeaker,
        "name-particle": .nameParticle, "tell": .addresseeCue, "negation": .negation,
    ]

    /// The classes an `adverbials` entry may name after `=`.
    static let adverbialClasses: [String: WordClass] = ["time": .timeWord, "noun": .adverbialNoun]

    /// The lists shipped in Quarry's `Rules/en` (found through `QUARRY_RULES`, beside the
    /// executable, or in the source checkout).
    public static func english(profile: QuoteProfile = .attribution) throws(LexiconError) -> QuoteLexicon {
        guard let root = RulesLocator.defaultDirectory() else {
            throw LexiconError.rulesNotFound(searched: RulesLocator.candidates().map(\.path))
        }
        return try load(directory: root.appendingPathComponent("en"), profile: profile)
    }

    /// The regular forms of a verb lemma: the lemma, third person singular, past and
    /// present participle ("emphasize" -> emphasizes, emphasized, emphasizing).
    public static func regularForms(_ lemma: String) -> [String] {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        let chars = Array(lemma)
        guard let last = chars.last else { return [] }
        let beforeLast = chars.count >= 2 ? chars[chars.count - 2] : " "
        let third: String
        if ["s", "x", "z"].contains(last) || lemma.hasSuffix("ch") || lemma.hasSuffix("sh") {
            third = lemma + "es"
        } else if last == "y" && !vowels.contains(beforeLast) {
            third = String(lemma.dropLast()) + "ies"
        } else {
            third = lemma + "s"
        }
        let past: String
        if last == "e" {
            past = lemma + "d"
        } else if last == "y" && !vowels.contains(beforeLast) {
            past = String(lemma.dropLast()) + "ied"
        } else {
            past = lemma + "ed"
        }
        let gerund: String
        if last == "e" && beforeLast != "e" && chars.count > 2 {
            gerund = String(lemma.dropLast()) + "ing"
        } else {
            gerund = lemma + "ing"
        }
        return [lemma, third, past, gerund]
    }
}

/// The question a quotes stage answers; each profile has its own cue verbs (a list file) and
/// a few rules of its own.
public enum QuoteProfile: String, Sendable, CaseIterable {
    /// Who said what: statements made with a verb of saying or a statement noun. A quotation
    /// after reported speech is a quote of its own, negated cues ("did not say") and
    /// speaker labels that are not names report nothing, and a colon introduces a quotation
    /// only after a speaker.
    case speech
    /// Every attributed statement, belief, position and finding, as PolNeAR annotates them.
    case attribution
}

/// The grammatical form of a cue verb where it was found.
enum CueForm: UInt8 {
    case base, third, past, gerund, phrase
    /// A predicate after "be" (`concerned =be`: "officials are concerned that ...").
    case predicate

    /// The form a rule names in its `form` attribute (`set form=past`).
    init?(name: String) {
        switch name {
        case "base": self = .base
        case "third": self = .third
        case "past": self = .past
        case "gerund": self = .gerund
        case "phrase": self = .phrase
        case "predicate": self = .predicate
        default: return nil
        }
    }
}

/// Bits describing a word (from the lexicon) or a token (from its shape).
struct WordClass: OptionSet, Hashable {
    let rawValue: UInt64

    static let cueStart = WordClass(rawValue: 1 << 0)
    static let phraseStart = WordClass(rawValue: 1 << 1)
    static let titleStart = WordClass(rawValue: 1 << 2)
    static let titleWord = WordClass(rawValue: 1 << 3)
    static let demonymStart = WordClass(rawValue: 1 << 4)
    static let speakerSingular = WordClass(rawValue: 1 << 5)
    static let speakerPlural = WordClass(rawValue: 1 << 6)
    static let speakerOrg = WordClass(rawValue: 1 << 7)
    static let pronounMale = WordClass(rawValue: 1 << 8)
    static let pronounFemale = WordClass(rawValue: 1 << 9)
    static let pronounPlural = WordClass(rawValue: 1 << 10)
    static let pronounNeuter = WordClass(rawValue: 1 << 11)
    static let pronounOther = WordClass(rawValue: 1 << 12)
    static let determiner = WordClass(rawValue: 1 << 13)
    static let auxiliary = WordClass(rawValue: 1 << 14)
    static let be = WordClass(rawValue: 1 << 15)
    static let that = WordClass(rawValue: 1 << 16)
    static let and = WordClass(rawValue: 1 << 17)
    static let preposition = WordClass(rawValue: 1 << 18)
    static let clauseWord = WordClass(rawValue: 1 << 19)
    static let to = WordClass(rawValue: 1 << 20)
    static let of = WordClass(rawValue: 1 << 21)
    static let timeWord = WordClass(rawValue: 1 << 22)
    static let adverb = WordClass(rawValue: 1 << 23)
    static let modal = WordClass(rawValue: 1 << 24)
    static let possessivePronoun = WordClass(rawValue: 1 << 25)
    static let notSpeaker = WordClass(rawValue: 1 << 26)
    static let objectPronoun = WordClass(rawValue: 1 << 27)
    static let relative = WordClass(rawValue: 1 << 28)
    static let nameParticle = WordClass(rawValue: 1 << 29)
    /// Nouns of an adverbial after a cue: "said in a statement", "told reporters".
    static let adverbialNoun = WordClass(rawValue: 1 << 30)
    /// A word that joins a clause of equal rank ("but", "or", "while").
    static let coordinator = WordClass(rawValue: 1 << 31)
    /// A relative pronoun for things ("which").
    static let thingRelative = WordClass(rawValue: 1 << 32)
    /// An adverb of degree before a predicate ("very", "deeply").
    static let degree = WordClass(rawValue: 1 << 33)
    /// An article dropped from the front of a group's name ("the").
    static let article = WordClass(rawValue: 1 << 34)
    /// A word that can be all of a reported content ("yes", "no").
    static let answer = WordClass(rawValue: 1 << 35)
    /// A share of a surveyed group ("half", "most", "majority").
    static let quantity = WordClass(rawValue: 1 << 36)
    /// A cue whose object is the person addressed ("told", "tell").
    static let addresseeCue = WordClass(rawValue: 1 << 37)
    /// A word that negates a cue ("not", "never"): "did not say" reports nothing.
    static let negation = WordClass(rawValue: 1 << 38)
    /// The first word of a page furniture entry ("Story continues below advertisement").
    static let furnitureStart = WordClass(rawValue: 1 << 39)

    // Shape bits, set per token.
    static let capitalized = WordClass(rawValue: 1 << 40)
    static let lowercase = WordClass(rawValue: 1 << 41)
    static let comma = WordClass(rawValue: 1 << 42)
    static let colon = WordClass(rawValue: 1 << 43)
    static let sentenceFinal = WordClass(rawValue: 1 << 44)
    static let dash = WordClass(rawValue: 1 << 45)
    static let quoteMark = WordClass(rawValue: 1 << 46)
    static let possessive = WordClass(rawValue: 1 << 47)
    static let lyAdverb = WordClass(rawValue: 1 << 48)
    static let number = WordClass(rawValue: 1 << 49)
    static let openBracket = WordClass(rawValue: 1 << 50)
    static let closeBracket = WordClass(rawValue: 1 << 51)
    static let otherPunct = WordClass(rawValue: 1 << 52)
    static let word = WordClass(rawValue: 1 << 53)
    static let allCaps = WordClass(rawValue: 1 << 54)
    static let semicolon = WordClass(rawValue: 1 << 55)

    /// Whether any of `other`'s bits are set (`contains` needs all of them).
    @inline(__always) func intersects(_ other: WordClass) -> Bool { rawValue & other.rawValue != 0 }

    static let pronoun: WordClass = [.pronounMale, .pronounFemale, .pronounPlural, .pronounNeuter, .pronounOther]
    static let speakerNoun: WordClass = [.speakerSingular, .speakerPlural, .speakerOrg]
    static let punct: WordClass = [.comma, .colon, .sentenceFinal, .dash, .quoteMark, .openBracket, .closeBracket, .otherPunct, .semicolon]
}

/// A sequence of words from the lexicon (word ids; -2 is a gap).
struct LexiconPhrase {
    var words: [Int32]
    var form: CueForm
    /// Gender for titles: 0 unknown, 1 male, 2 female.
    var gender: UInt8
    /// The entry's lemma or text, for diagnostics and `quarry explain`.
    var lemma: String
    /// A cue only when its content holds a quotation (`=quote`).
    var needsQuotation = false
}

/// The lexicon compiled for lookup: one case-insensitive table of every word, classes per
/// word, and the multiword entries indexed by their first word.
final class CompiledQuoteLexicon: Sendable {
    let vocabulary: ByteStringSet
    let classes: [WordClass]
    let words: [String]
    let cues: [LexiconPhrase]
    let cuesByFirst: [[Int32]]
    let phrases: [LexiconPhrase]
    let phrasesByFirst: [[Int32]]
    let titles: [LexiconPhrase]
    let titlesByFirst: [[Int32]]
    let demonyms: [LexiconPhrase]
    let demonymsByFirst: [[Int32]]
    let furniture: [LexiconPhrase]
    /// A first name's sex (1 a man, 2 a woman), from ``QuoteLexicon/givenNames``.
    let givenNameGender: [String: UInt8]
    let furnitureByFirst: [[Int32]]
    let profile: QuoteProfile
    let personLabels: Set<String>
    let organisationLabels: Set<String>
    let cueLabel: String?
    let speakerLabel: String?
    /// Endings of plural nouns for people (`ists`), as bytes.
    let speakerSuffixes: [[UInt8]]
    /// The word that joins the names of a conjunction in an entity ("Blinken and Park"): the
    /// first `=and` word of the grammar list.
    let conjunction: String

    init(_ lexicon: QuoteLexicon) throws(StageBuildError) {
        var words: [String] = []
        var index: [String: Int32] = [:]
        var classes: [WordClass] = []
        func intern(_ word: String) -> Int32 {
            let key = word.lowercased()
            if let i = index[key] { return i }
            let i = Int32(words.count)
            index[key] = i
            words.append(key)
            classes.append([])
            return i
        }
        func mark(_ word: String, _ c: WordClass) { classes[Int(intern(word))].formUnion(c) }
        func splitWords(_ text: String) -> [String] {
            text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }

        /// An entry's text and its lower-cased `=tag`, if any ("Mrs. =f" -> ("Mrs.", "f")).
        func tagSplit(_ entry: String) -> (String, String?) {
            if let range = entry.range(of: " =", options: .backwards) {
                return (String(entry[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                        String(entry[range.upperBound...]).trimmingCharacters(in: .whitespaces).lowercased())
            }
            return (entry, nil)
        }
        /// `word =class` entries: the words and the classes their tag names in `table`.
        func markTagged(_ entries: [String], _ table: [String: WordClass], list: String) throws(StageBuildError) {
            for entry in entries {
                let (text, tag) = tagSplit(entry)
                guard let tag, let c = table[tag] else {
                    let expected = table.keys.sorted().map { "=" + $0 }.joined(separator: ", ")
                    throw StageBuildError("the quotes stage's \(list) entry '\(entry)' needs a class after the word (one of \(expected))")
                }
                guard splitWords(text).count == 1 else {
                    throw StageBuildError("the quotes stage's \(list) entry '\(entry)' must be one word and its class")
                }
                mark(text, c)
            }
        }
        try markTagged(lexicon.grammar, QuoteLexicon.grammarClasses, list: "grammar")
        // Without an `=and` word no mention is a conjunction, and the joiner is never used.
        let conjunction = lexicon.grammar.lazy.map(tagSplit).first { $0.1.flatMap { QuoteLexicon.grammarClasses[$0] } == .and }?.0 ?? "+"
        try markTagged(lexicon.adverbials, QuoteLexicon.adverbialClasses, list: "adverbials")

        // Verbs.
        var cues: [LexiconPhrase] = []
        for rawEntry in lexicon.verbs {
            var entry = rawEntry
            var needsQuotation = false
            if entry.hasSuffix(" =quote") {
                needsQuotation = true
                entry = String(entry.dropLast(7)).trimmingCharacters(in: .whitespaces)
            }
            if entry.hasSuffix(" =be") {
                // A predicate after "be": no inflection.
                let text = String(entry.dropLast(4)).trimmingCharacters(in: .whitespaces)
                let ids: [Int32] = splitWords(text).map { $0 == "*" ? -2 : intern($0) }
                guard let first = ids.first, first >= 0 else { continue }
                cues.append(LexiconPhrase(words: ids, form: .predicate, gender: 0, lemma: text))
                classes[Int(first)].insert(.cueStart)
                continue
            }
            let forms: [String]
            let explicit = entry.contains("|")
            if explicit {
                forms = entry.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } else {
                let parts = splitWords(entry)
                guard let head = parts.first else { continue }
                let rest = parts.dropFirst().joined(separator: " ")
                forms = QuoteLexicon.regularForms(head.lowercased()).map { rest.isEmpty ? $0 : $0 + " " + rest }
            }
            guard let lemmaForm = forms.first else { continue }
            let lemma = lemmaForm
            for (k, form) in forms.enumerated() {
                let cueForm: CueForm
                if explicit {
                    // lemma|third|past|gerund, in that order when all are given; otherwise judge by ending.
                    let head = splitWords(form).first?.lowercased() ?? ""
                    if k == 0 { cueForm = .base }
                    else if head.hasSuffix("ing") { cueForm = .gerund }
                    else if forms.count == 4 && k == 1 || (forms.count != 4 && head.hasSuffix("s") && !head.hasSuffix("ss")) { cueForm = .third }
                    else { cueForm = .past }
                } else {
                    cueForm = [CueForm.base, .third, .past, .gerund][min(k, 3)]
                }
                let ids: [Int32] = splitWords(form).map { $0 == "*" || $0 == "..." ? -2 : intern($0) }
                guard let first = ids.first, first >= 0 else { continue }
                cues.append(LexiconPhrase(words: ids, form: cueForm, gender: 0, lemma: lemma, needsQuotation: needsQuotation))
                classes[Int(first)].insert(.cueStart)
            }
        }
        var phrases: [LexiconPhrase] = []
        for entry in lexicon.phrases {
            let ids = splitWords(entry).map { intern($0) }
            guard let first = ids.first else { continue }
            phrases.append(LexiconPhrase(words: ids, form: .phrase, gender: 0, lemma: entry))
            classes[Int(first)].insert(.phraseStart)
        }
        var titles: [LexiconPhrase] = []
        for entry in lexicon.titles + lexicon.titleModifiers {
            let (text, tag) = tagSplit(entry)
            let ids = splitWords(text).map { intern($0) }
            guard let first = ids.first else { continue }
            titles.append(LexiconPhrase(words: ids, form: .phrase, gender: tag == "m" ? 1 : tag == "f" ? 2 : 0, lemma: text))
            classes[Int(first)].insert(.titleStart)
            for id in ids { classes[Int(id)].insert(.titleWord) }
        }
        var demonyms: [LexiconPhrase] = []
        for entry in lexicon.demonyms {
            let ids = splitWords(entry).map { intern($0) }
            guard let first = ids.first else { continue }
            demonyms.append(LexiconPhrase(words: ids, form: .phrase, gender: 0, lemma: entry))
            classes[Int(first)].insert(.demonymStart)
        }
        var furniture: [LexiconPhrase] = []
        for entry in lexicon.furniture {
            let ids = splitWords(entry).map { intern($0) }
            guard let first = ids.first else { continue }
            furniture.append(LexiconPhrase(words: ids, form: .phrase, gender: 0, lemma: entry))
            classes[Int(first)].insert(.furnitureStart)
        }
        for entry in lexicon.speakers {
            let (text, tag) = tagSplit(entry)
            let parts = splitWords(text)
            guard let last = parts.last else { continue }
            // Multiword nominals ("press secretary") are recognised by their head noun.
            let c: WordClass = tag == "pl" ? .speakerPlural : tag == "org" ? .speakerOrg : .speakerSingular
            mark(last, c)
        }
        /// For each word id, the entries starting with it, longest first (so the first match
        /// found is the longest).
        func byFirst(_ list: [LexiconPhrase]) -> [[Int32]] {
            var result = [[Int32]](repeating: [], count: words.count)
            for (i, p) in list.enumerated() { result[Int(p.words[0])].append(Int32(i)) }
            for k in result.indices where result[k].count > 1 {
                result[k].sort { list[Int($0)].words.count > list[Int($1)].words.count }
            }
            return result
        }
        self.vocabulary = ByteStringSet(words, caseInsensitive: true)
        self.classes = classes
        self.words = words
        self.cues = cues
        self.cuesByFirst = byFirst(cues)
        self.phrases = phrases
        self.phrasesByFirst = byFirst(phrases)
        self.titles = titles
        self.titlesByFirst = byFirst(titles)
        self.demonyms = demonyms
        self.demonymsByFirst = byFirst(demonyms)
        self.furniture = furniture
        self.furnitureByFirst = byFirst(furniture)
        self.profile = lexicon.profile
        self.personLabels = lexicon.personLabels
        self.organisationLabels = lexicon.organisationLabels
        self.cueLabel = lexicon.cueLabel
        self.speakerLabel = lexicon.speakerLabel
        self.conjunction = conjunction
        self.speakerSuffixes = lexicon.speakerSuffixes.map { Array($0.utf8) }.filter { !$0.isEmpty }
        var givenNameGender: [String: UInt8] = [:]
        for entry in lexicon.givenNames {
            let (name, tag) = tagSplit(entry)
            if let gender: UInt8 = tag == "m" ? 1 : tag == "f" ? 2 : nil, !name.isEmpty { givenNameGender[name] = gender }
        }
        self.givenNameGender = givenNameGender
        if cues.isEmpty { throw StageBuildError("the quotes stage has no cue verbs: its verbs list is empty") }
    }
}
