import Foundation
import QuarryCore

/// The word lists the quote stage works from, as written in the list files under
/// `Rules/en/` (`quote-verbs.txt`, `quote-phrases.txt`, `quote-titles.txt`,
/// `quote-speakers.txt`, `quote-demonyms.txt`) or in a rule file's `list` declarations.
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
public struct QuoteLexicon: Sendable {
    public var verbs: [String]
    public var phrases: [String]
    public var titles: [String]
    public var speakers: [String]
    public var demonyms: [String]

    public init(verbs: [String] = [], phrases: [String] = [], titles: [String] = [], speakers: [String] = [], demonyms: [String] = []) {
        self.verbs = verbs
        self.phrases = phrases
        self.titles = titles
        self.speakers = speakers
        self.demonyms = demonyms
    }

    /// The file names in a lists folder, by field.
    public static let fileNames = (verbs: "quote-verbs.txt", phrases: "quote-phrases.txt", titles: "quote-titles.txt",
                                   speakers: "quote-speakers.txt", demonyms: "quote-demonyms.txt")

    /// Reads the five lists from a folder such as `Rules/en`.
    public static func load(directory: URL) throws(LexiconError) -> QuoteLexicon {
        func read(_ name: String) throws(LexiconError) -> [String] {
            try ListFile(url: directory.appendingPathComponent(name)).entries.map(\.text)
        }
        return QuoteLexicon(verbs: try read(fileNames.verbs), phrases: try read(fileNames.phrases), titles: try read(fileNames.titles),
                            speakers: try read(fileNames.speakers), demonyms: try read(fileNames.demonyms))
    }

    /// The lists shipped in Quarry's `Rules/en` (found through `QUARRY_RULES`, beside the
    /// executable, or in the source checkout).
    public static func english() throws(LexiconError) -> QuoteLexicon {
        guard let root = RulesLocator.defaultDirectory() else {
            throw LexiconError.rulesNotFound(searched: RulesLocator.candidates().map(\.path))
        }
        return try load(directory: root.appendingPathComponent("en"))
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

/// The grammatical form of a cue verb where it was found.
enum CueForm: UInt8 {
    case base, third, past, gerund, phrase
    /// A predicate after "be" (`concerned =be`: "officials are concerned that ...").
    case predicate
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
    /// Word ids of frequent words the resolver needs by name.
    let id: (and: Int32, that: Int32, according: Int32, told: Int32, tell: Int32, it: Int32, and2: Int32)

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

        // Function words: grammar, not lexicon, so they live here.
        for w in ["he", "him", "himself"] { mark(w, w == "he" ? .pronounMale : .objectPronoun) }
        for w in ["she"] { mark(w, .pronounFemale) }
        for w in ["they", "we"] { mark(w, .pronounPlural) }
        for w in ["it"] { mark(w, .pronounNeuter) }
        for w in ["i", "you"] { mark(w, .pronounOther) }
        for w in ["her", "them", "us", "me", "herself", "themselves"] { mark(w, .objectPronoun) }
        for w in ["his", "her", "their", "its", "our", "my", "your"] { mark(w, [.possessivePronoun, .determiner]) }
        for w in ["the", "a", "an", "this", "these", "those", "other", "another", "both", "some", "many", "several", "most",
                  "all", "each", "every", "any", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                  "dozens", "hundreds", "thousands", "few", "more", "such", "one", "no", "top", "senior", "former", "fellow"] {
            mark(w, .determiner)
        }
        for w in ["has", "have", "had", "did", "does", "do", "'s", "’s", "'ve", "’ve", "'d", "’d", "also", "not", "n't", "n’t", "never",
                  "previously", "recently", "later", "then", "once", "again", "already", "just", "even", "still", "often",
                  "first", "long", "too", "since", "similarly", "separately", "further", "meanwhile", "however", "ultimately",
                  "instead", "otherwise", "now", "today", "yesterday", "subsequently", "initially", "last", "earlier"] {
            mark(w, .auxiliary)
        }
        for w in ["will", "would", "could", "can", "may", "might", "should", "shall", "must", "'ll", "’ll"] { mark(w, [.auxiliary, .modal]) }
        for w in ["is", "was", "were", "are", "be", "been", "being", "am"] { mark(w, .be) }
        mark("that", .that)
        for w in ["and", "&"] { mark(w, .and) }
        for w in ["of", "in", "on", "at", "for", "with", "by", "from", "about", "into", "over", "after", "before", "during",
                  "under", "against", "between", "among", "through", "without", "until", "upon", "within", "across", "toward",
                  "towards", "via", "per", "than", "like", "as", "around", "behind", "despite", "amid", "near", "outside", "inside"] {
            mark(w, .preposition)
        }
        mark("of", .of)
        mark("to", .to)
        for w in ["while", "because", "although", "though", "if", "when", "where", "whether", "why", "how", "what", "but", "or",
                  "so", "yet", "unless", "once", "after", "before", "since", "whereas", "nor"] {
            mark(w, .clauseWord)
        }
        for w in ["who", "which", "whom", "whose"] { mark(w, .relative) }
        for w in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight",
                  "morning", "afternoon", "evening", "night", "week", "month", "year", "earlier", "later", "recently", "last",
                  "this", "next", "on", "in", "at", "during", "after", "before", "time", "times", "day", "days", "ago", "once",
                  "twice", "statement", "interview", "told", "reporters", "a", "an", "the", "separately", "also", "then",
                  "privately", "publicly", "repeatedly", "january", "february", "march", "april", "may", "june", "july",
                  "august", "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."] {
            mark(w, .timeWord)
        }
        // Words that head no speaker. Data, results, polls and reports do speak in news
        // ("official data suggest", "the report said"), so they are not here.
        for w in ["this", "that", "there", "which", "what", "who", "one", "some", "many", "others", "most", "all", "none",
                  "nobody", "everyone", "everybody", "anyone", "something", "nothing", "everything", "here", "now", "then"] {
            mark(w, .notSpeaker)
        }
        for w in ["statement", "interview", "reporters", "email", "e-mail", "conference", "call", "speech", "rally", "news", "release",
                  "post", "message", "tweet", "letter", "briefing", "radio", "television", "telephone", "phone", "week", "month"] {
            mark(w, .adverbialNoun)
        }
        // Weekdays are capitalised but never speak ("Priebus later Thursday told").
        for w in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] { mark(w, .notSpeaker) }
        for w in ["de", "van", "von", "der", "den", "la", "le", "al", "el", "bin", "ibn", "da", "dos", "del", "di", "du", "mc"] {
            mark(w, .nameParticle)
        }

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
        func genderSplit(_ entry: String) -> (String, String?) {
            if let range = entry.range(of: " =", options: .backwards) {
                return (String(entry[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                        String(entry[range.upperBound...]).trimmingCharacters(in: .whitespaces).lowercased())
            }
            return (entry, nil)
        }
        var titles: [LexiconPhrase] = []
        for entry in lexicon.titles {
            let (text, tag) = genderSplit(entry)
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
        for entry in lexicon.speakers {
            let (text, tag) = genderSplit(entry)
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
        let andID = intern("and")
        let ids = (and: andID, that: intern("that"), according: intern("according"), told: intern("told"), tell: intern("tell"),
                   it: intern("it"), and2: intern("&"))
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
        self.id = ids
        if cues.isEmpty { throw StageBuildError("the quotes stage has no cue verbs: its verbs list is empty") }
    }
}
