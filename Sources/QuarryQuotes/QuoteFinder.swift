import Foundation
import QuarryCore

/// Finds the reported statements of one document from its tokens, sentences and quotation
/// marks. One instance per document: it holds the per-token classes it computes.
///
/// The steps (docs/quotes.md explains them with examples):
/// 1. classify every token: lexicon classes (cue verb, title, speaker noun, pronoun, ...)
///    and shape (capitalised, comma, quotation mark, ...);
/// 2. find quotations ("…" pairs, nested, multi-paragraph) with ``QuoteMarkScanner``;
/// 3. find cues outside quotations and check each is used as a verb;
/// 4. find each cue's speaker: the noun phrase before it ("Blinken has said"), an appositive
///    ("Flynn, a top Trump surrogate, said"), after it ("said the minister"), or the speaker
///    of the cue it is joined to by "and";
/// 5. give each cue its content: a quotation right before or after it (direct), else the
///    clause after it (indirect, or mixed when it holds a quotation), else the clause before
///    it ("..., officials said.");
/// 6. quotations left over that open a sentence continue the previous quote's speaker;
/// 7. resolve speakers to entities (``EntityResolver``).
struct QuoteFinder {
    let debug = getenv("QUARRY_QUOTES_DEBUG") != nil
    let lexicon: CompiledQuoteLexicon
    let text: UnsafeBufferPointer<UInt8>
    let tokens: ContiguousArray<TokenRecord>
    let sentences: ContiguousArray<SentenceRecord>
    var ids: [Int32]
    var cls: [WordClass]
    var sentenceOf: [Int32]
    var paragraphOf: [Int32]
    /// For tokens inside an outermost quotation, its index in `quotations`; else -1.
    var quotationOf: [Int32]
    var quotations: [QuoteMarkScanner.Quotation] = []
    /// Token ranges of the outermost quotations.
    var quotationTokens: [Range<Int>] = []

    /// A cue with its speaker and content, as token ranges.
    struct Attribution {
        var cue: Range<Int>
        /// Where the words after the cue begin (after a gap's object for `refer to * as`).
        var afterCue: Int
        var speaker: Range<Int>?
        var speakerSource: SpeakerSource
        /// The speaker is after the cue ("said the minister").
        var inverted: Bool
        var content: Range<Int>? = nil
        var kind: QuoteKind = .indirect
        var quotation: Int? = nil
        /// The last quotation of a direct quote that runs over several (“A,” he said. “B.”).
        var lastQuotation: Int? = nil
        /// The speaker is the antecedent of "who" ("Barkley, who said ..., said"): the content
        /// ends at the clause's comma.
        var relativeClause = false
        /// A cue phrase whose source follows it ("according to X").
        var phrase = false
        /// Only a cue when its content holds a quotation.
        var needsQuotation = false
        /// A speaker label before a colon; its content is set when it is found.
        var labelled = false
        var entity: Int? = nil
        var inheritedFrom: Int? = nil
        var form: CueForm = .past
        /// Joined to the previous cue by "and": same speaker.
        var sharesSpeaker = false
        /// Where this cue's clause starts (its speaker, or the "and" before a shared cue):
        /// the content of a cue before it in the sentence stops here.
        var clauseStart = 0
    }

    init(lexicon: CompiledQuoteLexicon, text: UnsafeBufferPointer<UInt8>, tokens: ContiguousArray<TokenRecord>, sentences: ContiguousArray<SentenceRecord>) {
        self.lexicon = lexicon
        self.text = text
        self.tokens = tokens
        self.sentences = sentences
        let n = tokens.count
        ids = [Int32](repeating: -1, count: n)
        cls = [WordClass](repeating: [], count: n)
        sentenceOf = [Int32](repeating: 0, count: n)
        paragraphOf = [Int32](repeating: 0, count: n)
        quotationOf = [Int32](repeating: -1, count: n)
        classify()
    }

    // MARK: - Step 1: classes

    private mutating func classify() {
        let base = text.baseAddress!
        var paragraph: Int32 = 0
        let useLines = !tokens.contains { $0.flags.contains(.paragraphAfter) }
        // Local copies: one retain for the loop, not one per token.
        let vocabulary = lexicon.vocabulary
        let classes = lexicon.classes
        let maxLength = vocabulary.maxLength
        for (i, token) in tokens.enumerated() {
            let start = Int(token.start), length = Int(token.end - token.start)
            var c: WordClass = []
            if length <= maxLength, token.kind == .word || token.kind == .symbol,
               let id = vocabulary.index(base + start, length) {
                ids[i] = Int32(id)
                c = classes[id]
            }
            let first = text[start]
            switch token.kind {
            case .word, .handle, .hashtag:
                c.insert(.word)
                if ASCII.isUpper(first) {
                    c.insert(.capitalized)
                    if length > 1 {
                        var caps = true
                        for k in 1..<length where ASCII.isLower(text[start + k]) { caps = false; break }
                        if caps { c.insert(.allCaps) }
                    }
                } else if ASCII.isLower(first) {
                    c.insert(.lowercase)
                    if length > 3 && text[start + length - 2] == 0x6C && text[start + length - 1] == 0x79 { c.insert(.lyAdverb) }
                } else if first >= 0xC3 {
                    // A non-ASCII letter: ask Unicode whether it is upper case.
                    if let s = String(decoding: UnsafeBufferPointer(start: base + start, count: min(length, 4)), as: UTF8.self).unicodeScalars.first {
                        if s.properties.isUppercase { c.insert(.capitalized) } else if s.properties.isLowercase { c.insert(.lowercase) }
                    }
                }
                if (first == 0x27 || (first == 0xE2 && length >= 3 && text[start + 1] == 0x80 && text[start + 2] == 0x99))
                    && (length == 1 || length == 3 || (length <= 4 && ASCII.lowercase(text[start + length - 1]) == 0x73)) {
                    c.insert(.possessive)
                }
            case .number:
                c.insert(.number)
            case .punct, .symbol:
                switch first {
                case 0x2C: c.insert(.comma)
                case 0x3A: c.insert(.colon)
                case 0x3B: c.insert(.semicolon)
                case 0x2E, 0x21, 0x3F: c.insert(.sentenceFinal)
                case 0x28, 0x5B: c.insert(.openBracket)
                case 0x29, 0x5D: c.insert(.closeBracket)
                case 0x2D: c.insert(.dash)
                case 0x22: c.insert(.quoteMark)
                case 0x27: c.insert(length == 1 || length == 2 && text[start + 1] == 0x27 ? .quoteMark : .otherPunct)
                case 0xE2 where length == 3 && text[start + 1] == 0x80:
                    let b = text[start + 2]
                    if b >= 0x98 && b <= 0x9F { c.insert(.quoteMark) }
                    else if b == 0x93 || b == 0x94 { c.insert(.dash) }
                    else if b == 0xA6 { c.insert(.sentenceFinal) }
                    else { c.insert(.otherPunct) }
                case 0xC2 where length == 2 && (text[start + 1] == 0xAB || text[start + 1] == 0xBB):
                    c.insert(.quoteMark)
                default: c.insert(.otherPunct)
                }
                // A lone ’ or ' after a word is a possessive ("States’").
                if c.contains(.quoteMark), i > 0, tokens[i - 1].end == token.start, tokens[i - 1].kind == .word,
                   first == 0x27 || (first == 0xE2 && text[start + 2] == 0x99) {
                    c.insert(.possessive)
                }
            default:
                c.insert(.otherPunct)
            }
            cls[i] = c
            paragraphOf[i] = paragraph
            if token.flags.contains(.paragraphAfter) || (useLines && token.flags.contains(.newlineAfter)) { paragraph += 1 }
        }
        for (k, sentence) in sentences.enumerated() {
            for i in sentence.tokenRange where i < n { sentenceOf[i] = Int32(k) }
        }
    }

    private var n: Int { tokens.count }

    // MARK: - Step 2: quotations

    mutating func findQuotations() {
        quotations = QuoteMarkScanner.scan(text).filter { $0.depth == 0 }
        var t = 0
        for (q, quotation) in quotations.enumerated() {
            while t < n && Int(tokens[t].start) < quotation.start { t += 1 }
            let a = t
            var b = a
            while b < n && Int(tokens[b].start) < quotation.end { b += 1 }
            quotationTokens.append(a..<b)
            for i in a..<b { quotationOf[i] = Int32(q) }
            t = a
        }
    }

    // MARK: - Helpers

    func sentenceRange(of i: Int) -> Range<Int> {
        guard !sentences.isEmpty else { return 0..<n }
        let s = sentences[Int(sentenceOf[i])]
        return s.tokenRange
    }

    func isWordy(_ i: Int) -> Bool { cls[i].contains(.word) }

    /// Capitalised and able to be part of a name ("Blinken", "U.S.", "G7"), not a capitalised
    /// function word ("The", "While", "In").
    func isNameWord(_ i: Int) -> Bool {
        let c = cls[i]
        guard c.contains(.capitalized) else { return false }
        if c.contains(.titleWord) || c.intersects(.speakerNoun) { return true }
        // A cue word opening a sentence is the verb ("Asked about it, ..."), not a name.
        if c.contains(.cueStart), !sentences.isEmpty, i == Int(sentences[Int(sentenceOf[i])].firstToken) { return false }
        return c.isDisjoint(with: [.determiner, .preposition, .clauseWord, .relative, .that, .pronoun, .auxiliary, .be,
                                   .possessivePronoun, .objectPronoun, .notSpeaker, .to, .and])
    }

    /// A lower-case word that heads a speaking group although it is not in the list
    /// ("officers", "economists", "politicians").
    func isGuessedPluralSpeaker(_ i: Int) -> Bool {
        guard cls[i].contains(.lowercase) else { return false }
        let r = tokens[i].range
        guard r.count >= 5 else { return false }
        for s in lexicon.speakerSuffixes where r.count > s.count {
            var k = 0
            while k < s.count && text[r.upperBound - s.count + k] == s[k] { k += 1 }
            if k == s.count { return true }
        }
        return false
    }

    func isHead(_ i: Int) -> Bool {
        let c = cls[i]
        if c.contains(.notSpeaker) && !c.contains(.capitalized) { return false }
        if c.contains(.cueStart) && !c.intersects(.speakerNoun) && !c.contains(.capitalized) { return false }
        return isNameWord(i) || c.intersects(.speakerNoun) || isGuessedPluralSpeaker(i) || c.contains(.allCaps) && c.contains(.word)
    }

    /// A lower-case word that may modify a noun ("foreign", "top", "presidential").
    func isModifier(_ i: Int) -> Bool {
        let c = cls[i]
        guard c.contains(.lowercase) || c.contains(.number) else { return false }
        return c.isDisjoint(with: [.preposition, .clauseWord, .relative, .that, .pronoun, .auxiliary, .be, .cueStart, .to, .and,
                                   .objectPronoun, .lyAdverb, .timeWord]) || c.contains(.titleWord) || c.intersects(.speakerNoun)
    }

    /// The noun phrase ending at token `end` (inclusive), scanning left no further than
    /// `limit`: names with titles ("U.S. Secretary of State Antony Blinken"), groups ("other
    /// G7 foreign ministers"), conjunctions ("Blinken and Park"), possessives ("Clinton’s
    /// campaign"). Nil when `end` cannot head a speaker.
    func nounPhrase(endingAt end: Int, limit: Int) -> Range<Int>? {
        var head = end
        // "Sen. X (D-Mass.) said": step over a bracket right after the name.
        if cls[head].contains(.closeBracket) {
            var k = head - 1
            while k > limit && !cls[k].contains(.openBracket) && head - k < 8 { k -= 1 }
            guard k > limit, cls[k].contains(.openBracket) else { return nil }
            head = k - 1
        }
        guard head >= limit, isHead(head) else { return nil }
        var start = head
        var k = head - 1
        var pendingModifiers = 0
        var lastSafe = head
        while k >= limit {
            let c = cls[k]
            if isNameWord(k) || c.contains(.titleWord) || c.intersects(.speakerNoun) && !c.contains(.cueStart) {
                pendingModifiers = 0
                start = k
                lastSafe = k
            } else if c.contains(.determiner) && !c.contains(.that) {
                start = k
                lastSafe = k
                pendingModifiers = 0
                // Only more determiners ("all the") may precede a determiner.
                var m = k - 1
                while m >= limit && cls[m].contains(.determiner) && !cls[m].contains(.that) { lastSafe = m; m -= 1 }
                // "Blinken and other G7 foreign ministers": a conjunction may join a phrase before.
                if m - 1 >= limit, cls[m].contains(.and), isHead(m - 1) {
                    k = m - 1
                    start = k
                    lastSafe = k
                    continue
                }
                break
            } else if c.contains(.of) || c.contains(.nameParticle) && c.contains(.lowercase) {
                // "Secretary of State", "Bank of America", "Charles de Gaulle"
                guard k - 1 >= limit, isNameWord(k - 1) || cls[k - 1].contains(.titleWord) || cls[k - 1].intersects(.speakerNoun) else { break }
                guard start == k + 1, isNameWord(k + 1) || cls[k + 1].contains(.titleWord) || cls[k + 1].contains(.determiner)
                        || cls[k + 1].intersects(.speakerNoun) || isGuessedPluralSpeaker(k + 1) else { break }
                pendingModifiers = 0
            } else if c.contains(.and) {
                // "Blinken and Park": a noun phrase must come before the "and".
                guard k - 1 >= limit, isHead(k - 1) || cls[k - 1].intersects(.pronoun) && !cls[k - 1].contains(.pronounNeuter) else { break }
                if pendingModifiers > 0 { break }
                pendingModifiers = 0
            } else if c.contains(.possessive) {
                // "Clinton’s campaign", "the party’s nominee"
                guard k - 1 >= limit, isNameWord(k - 1) || cls[k - 1].intersects(.speakerNoun) || cls[k - 1].contains(.lowercase) && cls[k - 2 >= limit ? k - 2 : k - 1].contains(.determiner) else { break }
            } else if c.contains(.possessivePronoun) {
                start = k
                lastSafe = k
                break
            } else if isModifier(k) {
                // Plain lower-case words modify common nouns ("other G7 foreign ministers"),
                // not names: in "during the debate Trump said" the phrase is "Trump".
                if isNameWord(head) && !c.contains(.titleWord) && !c.intersects(.speakerNoun) { break }
                pendingModifiers += 1
                if pendingModifiers > 3 { break }
            } else if cls[k].contains(.dash) && k + 1 <= head && isNameWord(k + 1) && k - 1 >= limit && isNameWord(k - 1)
                        && tokens[k].end == tokens[k + 1].start && tokens[k - 1].end == tokens[k].start {
                // "Hewlett-Packard" split into three tokens.
            } else {
                break
            }
            k -= 1
        }
        start = lastSafe
        // A phrase that is only modifiers before a lower-case head needs its head listed.
        return start..<(end + 1)
    }

    /// The noun phrase starting at `start` and ending before `limit`: "the minister",
    /// "Pat Caddell, a Democratic pollster", "Sen. Elizabeth Warren (D-Mass.)".
    func nounPhrase(startingAt start: Int, limit: Int) -> Range<Int>? {
        var k = start
        var lastHead = -1
        var sawDeterminer = false
        while k < limit {
            let c = cls[k]
            if isNameWord(k) || c.intersects(.speakerNoun) || c.contains(.titleWord) || isGuessedPluralSpeaker(k) {
                if isHead(k) { lastHead = k }
            } else if c.contains(.determiner) && !c.contains(.that) {
                if lastHead >= 0 { break }
                sawDeterminer = true
            } else if c.contains(.of) || c.contains(.and) || c.contains(.nameParticle) && c.contains(.lowercase) {
                guard lastHead >= 0, k + 1 < limit, isNameWord(k + 1) || cls[k + 1].contains(.determiner) || cls[k + 1].contains(.titleWord) else { break }
            } else if c.contains(.possessive) {
                guard lastHead == k - 1 else { break }
            } else if isModifier(k) && lastHead < 0 {
                // "the top official"
            } else if c.intersects(.pronoun) && !c.contains(.pronounNeuter) && k == start {
                return k..<(k + 1)
            } else {
                break
            }
            k += 1
        }
        _ = sawDeterminer
        guard lastHead >= 0 else { return nil }
        var end = lastHead + 1
        // An appositive after a name: "Pat Caddell, a Democratic pollster," up to the next
        // comma or the sentence's end.
        if end + 1 < limit, cls[end].contains(.comma), isNameWord(lastHead),
           cls[end + 1].contains(.determiner) && !cls[end + 1].contains(.that) || cls[end + 1].contains(.titleWord) {
            var m = end + 1
            while m < limit && m - end <= 10 && !cls[m].contains(.comma) && !cls[m].contains(.sentenceFinal) && quotationOf[m] < 0
                    && !cls[m].contains(.cueStart) { m += 1 }
            if m - end <= 10, m == limit || cls[m].contains(.comma) || cls[m].contains(.sentenceFinal) { end = m }
        }
        // "(R-Texas)"
        if end < limit, cls[end].contains(.openBracket) {
            var m = end + 1
            while m < limit && !cls[m].contains(.closeBracket) && m - end < 8 { m += 1 }
            if m < limit, cls[m].contains(.closeBracket) { end = m + 1 }
        }
        return start..<end
    }

    /// Skips auxiliaries and adverbs left of `i` ("has also", "would later"), and a
    /// parenthetical adverb between commas ("Blinken, however, said").
    func skipAuxiliariesLeft(_ i: Int, limit: Int) -> Int {
        var j = i
        while j >= limit {
            let c = cls[j]
            // "Sanders on Wednesday morning also called": a time phrase after the subject.
            if c.contains(.timeWord) && !c.contains(.auxiliary) {
                var k = j
                while k > limit && cls[k].contains(.timeWord) && !cls[k].contains(.preposition) && j - k < 4 { k -= 1 }
                if k >= limit, cls[k].contains(.preposition), k < j, k > limit, isHead(k - 1) || cls[k - 1].intersects(.pronoun) {
                    j = k - 1
                    continue
                }
            }
            if c.contains(.auxiliary) && !c.contains(.timeWord) || c.contains(.modal) || c.contains(.lyAdverb) && c.contains(.lowercase)
                || c.contains(.auxiliary) && c.contains(.lowercase) {
                j -= 1
            } else if c.contains(.comma), j - 2 >= limit, cls[j - 2].contains(.comma),
                      cls[j - 1].contains(.lyAdverb) || cls[j - 1].contains(.auxiliary) {
                j -= 3
            } else {
                break
            }
        }
        return j
    }

    // MARK: - Step 3: cues

    /// Cues in the document, outside quotations, that are used as verbs.
    func findCues() -> [(range: Range<Int>, afterCue: Int, form: CueForm, phrase: Bool, needsQuotation: Bool)] {
        var result: [(Range<Int>, Int, CueForm, Bool, Bool)] = []
        var i = 0
        while i < n {
            let c = cls[i]
            guard c.contains(.cueStart) || c.contains(.phraseStart), quotationOf[i] < 0 else { i += 1; continue }
            if c.contains(.phraseStart), let (end, _) = matchPhrase(lexicon.phrases, lexicon.phrasesByFirst, at: i) {
                result.append((i..<end, end, .phrase, true, false))
                i = end
                continue
            }
            guard c.contains(.cueStart), !c.contains(.capitalized) || isHeadline(sentenceRange(of: i)),
                  let (end, phrase) = matchPhrase(lexicon.cues, lexicon.cuesByFirst, at: i, where: { isVerbUse(i, form: $0.form) }) else {
                i += 1
                continue
            }
            do {
                // The cue ends before a gap ("referred to" of "referred to * as").
                let gap = phrase.words.firstIndex(of: -2)
                let cueEnd = gap.map { i + $0 } ?? end
                result.append((i..<cueEnd, gap == nil ? end : cueEnd, phrase.form, false, phrase.needsQuotation))
                i = end
            }
        }
        return result
    }

    /// Matches the longest lexicon phrase starting at token `i`. A gap (-2) takes 1 to 8
    /// tokens of a noun phrase, without punctuation.
    func matchPhrase(_ list: [LexiconPhrase], _ index: [[Int32]], at i: Int, where accept: (LexiconPhrase) -> Bool = { _ in true }) -> (Int, LexiconPhrase)? {
        let id = ids[i]
        guard id >= 0, Int(id) < index.count else { return nil }
        let candidates = index[Int(id)]
        for candidate in candidates {
            let phrase = list[Int(candidate)]
            guard accept(phrase) else { continue }
            var t = i
            var ok = true
            var w = 0
            while w < phrase.words.count {
                let word = phrase.words[w]
                if word == -2 {
                    // Find the next literal word within 8 tokens.
                    guard w + 1 < phrase.words.count else { ok = false; break }
                    let next = phrase.words[w + 1]
                    var m = t + 1
                    while m < n && m - t <= 8 && ids[m] != next && !cls[m].contains(.sentenceFinal) && !cls[m].contains(.comma) { m += 1 }
                    guard m < n, m > t, ids[m] == next, m - t <= 8 else { ok = false; break }
                    t = m
                    w += 1
                    continue
                }
                guard t < n, ids[t] == word else { ok = false; break }
                t += 1
                w += 1
            }
            if ok { return (t, phrase) }
        }
        return nil
    }

    /// Whether a cue word at `i` is a verb here: not a noun after a determiner ("the
    /// report"), an infinitive ("declined to say"), a passive ("was told"), a participle
    /// opening a clause ("saying that"), or the object of another cue ("denied reports").
    func isVerbUse(_ i: Int, form: CueForm) -> Bool {
        let sentence = sentenceRange(of: i)
        guard i > sentence.lowerBound else { return false }
        let prev = cls[i - 1]
        if prev.contains(.determiner) || prev.contains(.possessivePronoun) || prev.contains(.to) || prev.contains(.possessive) { return false }
        if prev.contains(.cueStart) && !prev.contains(.capitalized) && !prev.intersects(.speakerNoun) { return false }
        // "reports of", "claims of" are nouns; "said of", "wrote of" stay verbs.
        if form != .past, i + 1 < n, cls[i + 1].contains(.of) { return false }
        switch form {
        case .predicate:
            // "is expected to", "are concerned", "was not sure": after a form of "be".
            var k = i - 1
            while k > sentence.lowerBound && i - k <= 3 && (cls[k].contains(.lyAdverb) || cls[k].contains(.auxiliary) && !cls[k].contains(.be) || cls[k].contains(.degree)) { k -= 1 }
            return cls[k].contains(.be)
        case .gerund:
            // "was saying", or a participle clause after a comma or dash ("..., saying that").
            return prev.contains(.be) || prev.contains(.comma) || prev.contains(.dash)
        case .past:
            return !prev.contains(.be)
        default:
            return !prev.contains(.be)
        }
    }

    // MARK: - Step 4: speakers

    /// The speaker of the cue at `cue`, looking left, then right.
    func speaker(of cue: Range<Int>, afterCue: Int, form: CueForm, phrase: Bool) -> (Range<Int>, inverted: Bool, SpeakerSource)? {
        let sentence = sentenceRange(of: cue.lowerBound)
        if phrase {
            // "..., according to a study last year by economists at Duke.": after a comma the
            // source runs to the sentence's end, and the content is before.
            let end = contentEnd(sentence)
            if cue.lowerBound > sentence.lowerBound, cls[cue.lowerBound - 1].contains(.comma) || cls[cue.lowerBound - 1].contains(.dash),
               end > afterCue, end - afterCue <= 25, !(afterCue..<end).contains(where: { quotationOf[$0] >= 0 || cls[$0].contains(.comma) && $0 + 1 < end && cls[$0 + 1].intersects(.pronoun) }) {
                return (afterCue..<end, true, .mention)
            }
            // "according to X": a speaker, or any source ("the results", "her plan") up to
            // the next comma.
            if let np = nounPhrase(startingAt: afterCue, limit: sentence.upperBound) { return (np, true, .mention) }
            var e = afterCue
            while e < sentence.upperBound && e - afterCue < 12 && !cls[e].contains(.comma) && !cls[e].contains(.sentenceFinal) && quotationOf[e] < 0 { e += 1 }
            guard e > afterCue, e - afterCue < 12 else { return nil }
            return (afterCue..<e, true, .mention)
        }
        var from = cue.lowerBound - 1
        if form == .predicate {
            // Past the adverbs and the "be" of "is (very) concerned".
            while from > sentence.lowerBound && !cls[from].contains(.be) { from -= 1 }
            while from > sentence.lowerBound && cls[from].contains(.be) { from -= 1 }
        }
        let j = skipAuxiliariesLeft(from, limit: sentence.lowerBound)
        if j >= sentence.lowerBound {
            let c = cls[j]
            if c.intersects(.pronoun) {
                // Base forms take plural subjects ("they say"); third-person forms singular.
                if form == .third && c.contains(.pronounPlural) { return nil }
                return (j..<(j + 1), false, c.contains(.pronounOther) ? .mention : .pronoun)
            }
            if let np = nounPhrase(endingAt: j, limit: sentence.lowerBound), quotationOf[np.lowerBound] < 0 {
                // A base form ("support", "say") agrees with a plural subject or follows an
                // auxiliary ("will say", "did not support"); "Trump support" is a noun phrase.
                if form == .base && j == cue.lowerBound - 1 && !isPlural(np) { return nil }
                // An object relative clause ("the plan which the department proposed"): the
                // cue's object is outside the clause.
                if np.lowerBound > sentence.lowerBound, cls[np.lowerBound - 1].contains(.relative) { return nil }
                return (np, false, .mention)
            }
            // "The actress said", "his son said": a determiner and a noun not in the list.
            if form == .past, isModifier(j) && c.contains(.lowercase) && !c.contains(.notSpeaker), j - 1 >= sentence.lowerBound {
                var d = j - 1
                if isModifier(d) && d - 1 >= sentence.lowerBound && !cls[d].contains(.determiner) { d -= 1 }
                if cls[d].contains(.determiner) && !cls[d].contains(.that) || cls[d].contains(.possessivePronoun) {
                    if d - 1 >= sentence.lowerBound && cls[d - 1].contains(.determiner) && !cls[d - 1].contains(.that) { d -= 1 }
                    return (d..<(j + 1), false, .mention)
                }
            }
            // "Barkley, who said ...": the antecedent of "who".
            if c.contains(.relative), j - 2 >= sentence.lowerBound, cls[j - 1].contains(.comma),
               let np = nounPhrase(endingAt: j - 2, limit: sentence.lowerBound), quotationOf[np.lowerBound] < 0 {
                return (np, false, .mention)
            }
            // "43 said", "a third said", "Most said": a share of a surveyed group.
            if form == .past || form == .base, quantityWord(j) {
                var d = j
                if d - 1 >= sentence.lowerBound, cls[d - 1].contains(.determiner) && !cls[d - 1].contains(.that) { d -= 1 }
                return (d..<(j + 1), false, .mention)
            }
            // "Hawkins and others who want to ban abortion said": a subject before a short
            // relative clause.
            if form == .past || form == .base || form == .third, c.contains(.lowercase) || c.contains(.number) {
                var r = j
                while r > sentence.lowerBound && j - r < 10 && !cls[r].contains(.relative) && !cls[r].intersects(.punct) && !cls[r].contains(.cueStart) { r -= 1 }
                if r > sentence.lowerBound, cls[r].contains(.relative), !cls[r].contains(.thingRelative), r < j,
                   let np = nounPhrase(endingAt: r - 1, limit: sentence.lowerBound), quotationOf[np.lowerBound] < 0 {
                    return (np, false, .mention)
                }
            }
            // "a Clinton supporter who has accused ...": the antecedent and "who".
            if c.contains(.relative), !c.contains(.thingRelative), j - 1 >= sentence.lowerBound,
               let np = nounPhrase(endingAt: j - 1, limit: sentence.lowerBound), quotationOf[np.lowerBound] < 0 {
                return (np.lowerBound..<(j + 1), false, .mention)
            }
            // Between dashes: "Joyce — who is a lawyer — told".
            if c.contains(.dash), j - 2 >= sentence.lowerBound {
                var k = j - 1
                while k > sentence.lowerBound && j - k <= 20 && !cls[k].contains(.dash) && !cls[k].contains(.sentenceFinal) && quotationOf[k] < 0 { k -= 1 }
                if k > sentence.lowerBound, cls[k].contains(.dash), k + 1 < j, let name = nounPhrase(endingAt: k - 1, limit: sentence.lowerBound),
                   quotationOf[name.lowerBound] < 0, isNameWord(name.upperBound - 1) || cls[name.upperBound - 1].intersects(.speakerNoun) {
                    return (name, false, .mention)
                }
            }
            // Appositive: "Flynn, a top Trump surrogate, said"
            if c.contains(.comma), j - 2 >= sentence.lowerBound {
                var k = j - 1
                while k > sentence.lowerBound && j - k <= 14 && !cls[k].contains(.comma) && !cls[k].contains(.sentenceFinal) && quotationOf[k] < 0 { k -= 1 }
                // Past an age: "Roxana M. Leon, 63, an independent voter, said".
                if k - 2 > sentence.lowerBound, cls[k].contains(.comma), cls[k - 1].contains(.number), cls[k - 2].contains(.comma) { k -= 2 }
                if k > sentence.lowerBound, cls[k].contains(.comma), k + 1 < j, let name = nounPhrase(endingAt: k - 1, limit: sentence.lowerBound),
                   quotationOf[name.lowerBound] < 0, isNameWord(name.upperBound - 1) || cls[name.upperBound - 1].intersects(.speakerNoun) {
                    let appositive = cls[k + 1]
                    if appositive.contains(.determiner) || appositive.contains(.titleWord) || appositive.contains(.relative)
                        || appositive.contains(.number) || appositive.contains(.capitalized) || isModifier(k + 1) {
                        return (name.lowerBound..<j, false, .mention)
                    }
                    // A parenthetical phrase: "Judge Stranch, in her dissent, said", "Powell's
                    // office, when contacted by Reuters, said". The speaker is the name alone.
                    if appositive.contains(.preposition) || appositive.contains(.clauseWord) {
                        return (name, false, .mention)
                    }
                }
                // A role, then the name: "the assailant, John McGraw, told".
                if k > sentence.lowerBound, cls[k].contains(.comma), k + 1 < j, let name = nounPhrase(endingAt: j - 1, limit: k + 1),
                   name.lowerBound == k + 1, isNameWord(j - 1) {
                    var d = k - 1
                    while d > sentence.lowerBound && k - d < 4 && (isModifier(d) || cls[d].contains(.lowercase)) && !cls[d].contains(.determiner) { d -= 1 }
                    if d >= sentence.lowerBound, cls[d].contains(.determiner) && !cls[d].contains(.that) || cls[d].contains(.possessivePronoun), d < k - 1 {
                        return (d..<j, false, .mention)
                    }
                }
            }
        }
        // Inverted: "..., said the minister", "“...,” said Smith".
        let before = cue.lowerBound - 1
        if before >= sentence.lowerBound, cls[before].contains(.comma) || cls[before].contains(.quoteMark) || cls[before].contains(.dash) {
            if let np = nounPhrase(startingAt: afterCue, limit: sentence.upperBound) {
                // "said she wanted ...": a pronoun after the cue starts the reported clause;
                // only "..., said he." at the sentence's end is inverted.
                if cls[np.lowerBound].intersects(.pronoun), np.upperBound < contentEnd(sentence) { return nil }
                return (np, true, .mention)
            }
        }
        return nil
    }

    // MARK: - Steps 3-6

    mutating func attribute() -> [Attribution] {
        findQuotations()
        let cues = findCues()
        if debug { for c in cues { print("cue", c.range, c.form, c.phrase, "speaker:", speaker(of: c.range, afterCue: c.afterCue, form: c.form, phrase: c.phrase) as Any) } }
        var found: [Attribution] = []
        var attachedQuotation = [Bool](repeating: false, count: quotations.count)

        for cue in cues {
            let sentence = sentenceRange(of: cue.range.lowerBound)
            if cue.form == .gerund, cue.range.lowerBound > sentence.lowerBound,
               cls[cue.range.lowerBound - 1].contains(.comma) || cls[cue.range.lowerBound - 1].contains(.dash) {
                // "Trump spoke for an hour, saying ...": the clause's subject speaks.
                var subject: (Range<Int>, SpeakerSource)? = nil
                if let previous = found.last, sentence.contains(previous.cue.lowerBound), let s = previous.speaker {
                    subject = (s, previous.speakerSource)
                } else if let s = sentenceSubject(sentence, before: cue.range.lowerBound) {
                    subject = (s, cls[s.lowerBound].intersects(.pronoun) ? .pronoun : .mention)
                }
                guard let (s, source) = subject else { continue }
                var attribution = Attribution(cue: cue.range, afterCue: cue.afterCue, speaker: s, speakerSource: source, inverted: false)
                attribution.form = cue.form
                attribution.clauseStart = cue.range.lowerBound - 1
                attribution.needsQuotation = cue.needsQuotation
                if let previous = found.indices.last, sentence.contains(found[previous].cue.lowerBound) { attribution.inheritedFrom = previous }
                found.append(attribution)
                continue
            }
            let speaker = speaker(of: cue.range, afterCue: cue.afterCue, form: cue.form, phrase: cue.phrase)
            if speaker == nil, !cue.phrase {
                // "... supported these efforts and called for ...": the previous cue's speaker.
                let j = skipAuxiliariesLeft(cue.range.lowerBound - 1, limit: sentence.lowerBound)
                if j >= sentence.lowerBound, cls[j].contains(.and) || cls[j].contains(.comma) && j > sentence.lowerBound && cls[j - 1].contains(.and),
                   let previous = found.last, sentence.contains(previous.cue.lowerBound), let s = previous.speaker,
                   previous.form == cue.form || previous.form == .phrase {
                    var shared = Attribution(cue: cue.range, afterCue: cue.afterCue, speaker: s, speakerSource: previous.speakerSource, inverted: false)
                    shared.inheritedFrom = found.count - 1
                    shared.sharesSpeaker = true
                    shared.form = cue.form
                    shared.needsQuotation = cue.needsQuotation
                    shared.clauseStart = j
                    found.append(shared)
                    continue
                }
                // "Gary Emineth, a former chairman, became a delegate and said ...": no cue
                // before, so the sentence's subject.
                if j >= sentence.lowerBound, cls[j].contains(.and), cue.form == .past || cue.form == .third,
                   found.last.map({ !sentence.contains($0.cue.lowerBound) }) ?? true,
                   let subject = sentenceSubject(sentence, before: j), subject.upperBound < j {
                    var attribution = Attribution(cue: cue.range, afterCue: cue.afterCue, speaker: subject,
                                                  speakerSource: cls[subject.lowerBound].intersects(.pronoun) ? .pronoun : .mention, inverted: false)
                    attribution.form = cue.form
                    attribution.needsQuotation = cue.needsQuotation
                    attribution.clauseStart = j
                    found.append(attribution)
                    continue
                }
            }
            guard let (speakerRange, inverted, source) = speaker else { continue }
            var attribution = Attribution(cue: cue.range, afterCue: cue.afterCue, speaker: speakerRange, speakerSource: source, inverted: inverted)
            if cue.phrase { attribution.afterCue = speakerRange.upperBound }
            attribution.form = cue.form
            attribution.phrase = cue.phrase
            attribution.needsQuotation = cue.needsQuotation
            let left = skipAuxiliariesLeft(cue.range.lowerBound - 1, limit: sentence.lowerBound)
            if left >= sentence.lowerBound, cls[left].contains(.relative), speakerRange.upperBound <= left { attribution.relativeClause = true }
            attribution.clauseStart = inverted ? cue.range.lowerBound : min(speakerRange.lowerBound, cue.range.lowerBound)
            found.append(attribution)
        }

        // Speaker labels: "Marco Rubio: I’m Not Interested", "CLINTON: Honestly, ...".
        let labelled = labelledStatements(found)
        for a in labelled { for i in a.content! where quotationOf[i] >= 0 { attachedQuotation[Int(quotationOf[i])] = true } }
        found += labelled
        found.sort { $0.cue.lowerBound < $1.cue.lowerBound }

        // Step 5: contents.
        for a in found.indices {
            let cue = found[a].cue
            let sentence = sentenceRange(of: cue.lowerBound)
            guard let speaker = found[a].speaker, !found[a].labelled else { continue }
            let clauseStart = found[a].clauseStart
            let clauseEnd = found[a].inverted ? max(speaker.upperBound, found[a].afterCue) : found[a].afterCue

            // A quotation just before the clause: “...,” he said.
            var b = clauseStart - 1
            while b >= 0 && (cls[b].contains(.comma) || cls[b].contains(.dash)) && quotationOf[b] < 0 { b -= 1 }
            if b >= 0, quotationOf[b] >= 0, !attachedQuotation[Int(quotationOf[b])], quotationTokens[Int(quotationOf[b])].upperBound == b + 1,
               attachesBefore(quotationTokens[Int(quotationOf[b])], clauseEnd: clauseEnd, sentence: sentence) {
                let q = Int(quotationOf[b])
                attachedQuotation[q] = true
                found[a].quotation = q
                found[a].kind = .direct
                found[a].content = quotationTokens[q]
                // “...,” he said. “...” — a quotation right after the cue continues it.
                var f = clauseEnd
                // Past an adverbial tail to the sentence's end ("Sanders said at a rally.").
                let tailEnd = contentEnd(sentence)
                if tailEnd > f, quotationOf[f] < 0, isAdverbialTail(f..<tailEnd), !(f..<tailEnd).contains(where: { quotationOf[$0] >= 0 }) { f = tailEnd }
                // "“A,” he said of the campaign, “B.”": an adverbial up to the comma before B.
                if f < n, quotationOf[f] < 0, let g = (f..<min(n, f + 12)).first(where: { quotationOf[$0] >= 0 }), g > f,
                   cls[g - 1].contains(.comma) || cls[g - 1].contains(.colon), isAdverbialTail(f..<(g - 1)) { f = g - 1 }
                while f < n && (cls[f].contains(.comma) || cls[f].contains(.sentenceFinal) || cls[f].contains(.colon)) && quotationOf[f] < 0 && f - clauseEnd < 12 { f += 1 }
                if f < n, quotationOf[f] >= 0, quotationTokens[Int(quotationOf[f])].lowerBound == f, !attachedQuotation[Int(quotationOf[f])],
                   !hasOwnCue(quotationTokens[Int(quotationOf[f])]) {
                    let q2 = Int(quotationOf[f])
                    attachedQuotation[q2] = true
                    found[a].lastQuotation = q2
                    found[a].content = quotationTokens[q].lowerBound..<quotationTokens[q2].upperBound
                }
                continue
            }
            // A quotation just after the cue: he said: “...”, X told reporters, “...”.
            var f = clauseEnd
            if cls[min(cue.lowerBound, n - 1)].contains(.addresseeCue) {
                // Step over the person told.
                if let object = nounPhrase(startingAt: f, limit: sentence.upperBound) ?? (f < n && cls[f].contains(.objectPronoun) ? f..<(f + 1) : nil) {
                    f = object.upperBound
                }
            }
            var g = f
            // "said in a statement: “...”": an adverbial before the colon.
            if g < n, quotationOf[g] < 0, let colon = (g..<min(n, g + 10)).first(where: { cls[$0].contains(.colon) || quotationOf[$0] >= 0 }),
               colon > g, cls[colon].contains(.colon), isAdverbialTail(g..<colon) { g = colon }
            while g < n && (cls[g].contains(.comma) || cls[g].contains(.colon) || cls[g].contains(.that) || cls[g].contains(.dash)) && quotationOf[g] < 0 && g - f < 3 { g += 1 }
            if g < n, quotationOf[g] >= 0, quotationTokens[Int(quotationOf[g])].lowerBound == g, !attachedQuotation[Int(quotationOf[g])],
               quotationTokens[Int(quotationOf[g])].upperBound >= contentEnd(sentence) {
                let q = Int(quotationOf[g])
                attachedQuotation[q] = true
                found[a].quotation = q
                found[a].kind = .direct
                found[a].content = quotationTokens[q]
                continue
            }
            // The clause after the cue: Blinken emphasized the need ..., Park said (that) ...
            var sentenceEnd = contentEnd(sentence)
            if found[a].relativeClause, let comma = (found[a].afterCue..<sentenceEnd).first(where: { cls[$0].contains(.comma) }) {
                sentenceEnd = comma
            }
            // The next cue's clause in this sentence ends this one's content.
            if a + 1 < found.count, found[a + 1].cue.lowerBound > cue.lowerBound, sentence.contains(found[a + 1].clauseStart),
               found[a + 1].clauseStart > found[a].afterCue, isCoordinated(found[a + 1].clauseStart) {
                sentenceEnd = min(sentenceEnd, trimEnd(found[a + 1].clauseStart, from: found[a].afterCue))
            }
            let inverted = found[a].inverted && !found[a].phrase
            var s = inverted ? clauseEnd : f
            while s < sentenceEnd && (cls[s].contains(.comma) || cls[s].contains(.colon) || cls[s].contains(.that)) { s += 1 }
            let after = s..<max(s, sentenceEnd)
            var adverbialOnly = isAdverbialTail(after)
            // "Victory is vital, he said after meeting aides, because ...": an adverbial up to
            // a comma after the cue, and a clause before the speaker: the content is before.
            if !adverbialOnly, !found[a].phrase, clauseStart > sentence.lowerBound + 2, cls[clauseStart - 1].contains(.comma),
               let comma = after.first(where: { cls[$0].contains(.comma) }), comma > after.lowerBound,
               cls[after.lowerBound].contains(.preposition) || cls[after.lowerBound].contains(.timeWord),
               isAdverbialTail(after.lowerBound..<comma) {
                adverbialOnly = true
            }
            if !inverted, after.count >= 2, !adverbialOnly {
                var end = after.upperBound
                if let existing = found[a].content { end = min(end, existing.upperBound) }
                found[a].content = after.lowerBound..<max(after.lowerBound + 1, end)
            } else {
                // The clause before: "The talks failed, officials said." / "..., said Smith."
                var e = clauseStart
                while e > sentence.lowerBound && (cls[e - 1].contains(.comma) || cls[e - 1].contains(.dash)) { e -= 1 }
                // Stop at a previous cue's clause in the same sentence.
                var start = sentence.lowerBound
                if a > 0, let previousSpeaker = found[a - 1].speaker, sentence.contains(found[a - 1].cue.lowerBound),
                   found[a - 1].cue.upperBound <= e {
                    start = max(start, found[a - 1].afterCue, previousSpeaker.upperBound)
                    if found[a - 1].content.map({ $0.upperBound > start }) ?? false { continue }
                }
                // A quotation opening the sentence is direct, already handled above unless
                // something sat between.
                while start < e && (cls[start].contains(.comma) || cls[start].contains(.that)) { start += 1 }
                if e - start >= 3 {
                    found[a].content = start..<e
                    // A parenthetical cue: "Mr. Trump is so reckless, the vice president said,
                    // that ...": the content runs on after it to the sentence's end.
                    let resume = after.lowerBound
                    if resume > clauseEnd, resume < sentenceEnd, cls[resume - 1].contains(.comma), !isAdverbialTail(resume..<sentenceEnd),
                       !(resume..<sentenceEnd).contains(where: { cls[$0].contains(.cueStart) && quotationOf[$0] < 0 }) {
                        found[a].content = start..<sentenceEnd
                    }
                } else if !inverted, after.count >= 2 || after.count == 1 && isContentWord(after.lowerBound) {
                    // "called for restraint", "said no"; not "Doe spoke first".
                    found[a].content = after
                }
            }
            if let content = found[a].content, found[a].quotation == nil {
                // Holds a quotation: mixed (or direct when the quotation is all of it).
                for i in content where quotationOf[i] >= 0 {
                    let q = Int(quotationOf[i])
                    let taken = attachedQuotation[q]
                    attachedQuotation[q] = true
                    let qt = quotationTokens[q]
                    if taken && qt.lowerBound <= content.lowerBound && qt.upperBound >= content.upperBound - 1 {
                        // Another statement already reports this quotation.
                        found[a].content = nil
                    } else if qt.lowerBound <= content.lowerBound && qt.upperBound >= content.upperBound - 1 {
                        found[a].kind = .direct
                        found[a].content = qt
                        found[a].quotation = q
                    } else {
                        found[a].kind = .mixed
                    }
                    break
                }
            }
        }
        found.removeAll { $0.content == nil || $0.content!.isEmpty || $0.needsQuotation && $0.kind == .indirect }
        // A cue inside another statement's reported clause ("said she wanted ...") is part of
        // that statement, not one of its own. Contents are sorted by cue here, so only the
        // statements before can hold it: a sweep keeps this linear.
        var reach = -1
        var keep = [Bool](repeating: true, count: found.count)
        for (k, a) in found.enumerated() where !a.cue.isEmpty {
            if a.cue.lowerBound < reach { keep[k] = false; continue }
            if a.kind != .direct, let content = a.content, content.lowerBound > a.cue.lowerBound || content.lowerBound >= a.cue.upperBound - 1 {
                reach = max(reach, content.upperBound)
            }
        }
        found = zip(found, keep).filter { $0.1 }.map { $0.0 }
        found.sort { $0.content!.lowerBound < $1.content!.lowerBound }

        // Step 6: quotations with no cue that open a sentence continue the previous speaker.
        var floating: [Attribution] = []
        var a = 0
        for (q, range) in quotationTokens.enumerated() where !attachedQuotation[q] {
            guard range.count >= 5 else { continue }
            let first = range.lowerBound
            let sentence = sentenceRange(of: first)
            let opensSentence = first == sentence.lowerBound || (first > 0 && (cls[first - 1].contains(.colon)))
            guard opensSentence || quotations[q].continues else { continue }
            // A quotation that a sentence goes on after is a title or a phrase ("“The Walking
            // Dead” is a drama"), not a statement.
            let after = range.upperBound
            if after < n, paragraphOf[after] == paragraphOf[range.upperBound - 1], sentenceRange(of: after) == sentence || sentenceOf[after] == sentenceOf[range.upperBound - 1],
               !cls[after].contains(.sentenceFinal), !cls[after].intersects(.punct) || cls[after].contains(.comma) {
                continue
            }
            while a < found.count && found[a].content!.lowerBound < first { a += 1 }
            // A quotation right after a direct quote continues it (the next paragraph, or the
            // next sentence with no cue of its own).
            if a > 0, found[a - 1].kind == .direct, found[a - 1].content!.upperBound == first
                || found[a - 1].kind == .direct && opensSentence && paragraphOf[first] == paragraphOf[found[a - 1].content!.lowerBound]
                    && followsDirectly(first, after: found[a - 1])
                || found[a - 1].kind == .direct && first > 0 && paragraphOf[first] == paragraphOf[first - 1] + 1
                    && found[a - 1].content!.upperBound > 0 && paragraphOf[found[a - 1].content!.upperBound - 1] == paragraphOf[first - 1]
                    && endsParagraph(found[a - 1]) {
                found[a - 1].content = found[a - 1].content!.lowerBound..<range.upperBound
                found[a - 1].lastQuotation = q
                continue
            }
            // Reported speech, then the speaker's own words in the next sentence: "She says
            // people should choose. “It is their life.”" — one statement, now mixed.
            if a > 0, found[a - 1].kind != .direct, !found[a - 1].cue.isEmpty, opensSentence,
               paragraphOf[first] == paragraphOf[found[a - 1].content!.lowerBound], followsDirectly(first, after: found[a - 1]) {
                found[a - 1].content = found[a - 1].content!.lowerBound..<range.upperBound
                found[a - 1].kind = .mixed
                continue
            }
            var attribution = Attribution(cue: 0..<0, afterCue: 0, speaker: nil, speakerSource: .none, inverted: false)
            attribution.content = range
            attribution.kind = .direct
            attribution.quotation = q
            // After a colon: the clause before introduces it ("he demurred: “…”", "Clinton
            // released the following statement: “…”"); its subject speaks, the colon is the cue.
            let introduced = first > 0 && cls[first - 1].contains(.colon) && sentenceOf[first - 1] == sentenceOf[first]
            if introduced, let subject = sentenceSubject(sentenceRange(of: first - 1), before: first - 1), subject.upperBound < first - 1 {
                attribution.cue = (first - 1)..<first
                attribution.speaker = subject
                attribution.speakerSource = cls[subject.lowerBound].intersects(.pronoun) ? .pronoun : .mention
            } else if a > 0 {
                let previous = found[a - 1]
                if paragraphOf[first] - paragraphOf[previous.content!.lowerBound] <= 2 {
                    attribution.speaker = previous.speaker
                    attribution.speakerSource = .previousQuote
                    attribution.inheritedFrom = a - 1
                }
            }
            floating.append(attribution)
        }
        if !floating.isEmpty {
            found.append(contentsOf: floating)
            found.sort { $0.content!.lowerBound < $1.content!.lowerBound }
        }
        return found
    }

    /// Whether the only tokens between a direct quote (and its cue's sentence) and token `i`
    /// are that sentence's own: "“A,” he said at a rally. “B.”" — B continues the quote.
    func followsDirectly(_ i: Int, after a: Attribution) -> Bool {
        let end = max(a.content!.upperBound, a.cue.isEmpty ? 0 : a.cue.upperBound, a.speaker?.upperBound ?? 0)
        guard end <= i else { return false }
        if end == i { return true }
        let sentence = sentenceRange(of: end - 1)
        return sentence.upperBound >= i || (sentence.upperBound..<i).allSatisfy { cls[$0].intersects(.punct) }
    }

    /// Whether a quotation is followed by a cue of its own ("“…,” the report stated"), so
    /// that it does not continue the quote before it.
    func hasOwnCue(_ quotation: Range<Int>) -> Bool {
        var k = quotation.upperBound
        while k < n && cls[k].contains(.comma) { k += 1 }
        let end = min(n, k + 8)
        while k < end && quotationOf[k] < 0 && !cls[k].contains(.sentenceFinal) {
            if cls[k].contains(.cueStart) && !cls[k].contains(.capitalized) { return true }
            k += 1
        }
        return false
    }

    /// Whether a direct quote (with its cue) is the last thing in its paragraph, so that a
    /// quotation opening the next paragraph continues it.
    func endsParagraph(_ a: Attribution) -> Bool {
        let end = max(a.content!.upperBound, a.cue.isEmpty ? 0 : a.cue.upperBound, a.speaker?.upperBound ?? 0)
        guard end > 0, end <= n else { return false }
        let paragraph = paragraphOf[end - 1]
        var i = end
        while i < n && paragraphOf[i] == paragraph {
            if !cls[i].intersects(.punct) && !isAdverbialTail(i..<min(n, i + 1)) { return false }
            i += 1
        }
        // Allow an adverbial tail after the cue ("he said on Tuesday.").
        return i - end <= 10
    }

    /// Whether a clause starting at `i` is joined to what precedes it ("..., but their leaders
    /// pledged", "and called for", "; officials said") rather than embedded in it ("said
    /// that officials believe").
    func isCoordinated(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        let p = cls[i - 1]
        if cls[i].contains(.and) || cls[i].contains(.comma) { return true }
        // "but", "or", "while" join; "because", "if", "that" subordinate (the clause after is
        // part of the content).
        return p.contains(.comma) || p.contains(.and) || p.contains(.semicolon) || p.contains(.dash) || p.contains(.colon)
            || p.contains(.coordinator) || p.contains(.quoteMark)
    }

    /// A word that stands for a share of a surveyed group: a number, or a `=quantity` word of
    /// the grammar list ("half", "a third", "most", "majority").
    func quantityWord(_ i: Int) -> Bool {
        cls[i].contains(.number) || cls[i].contains(.quantity)
    }

    /// A single word that can be all of a reported content: a noun or name ("restraint",
    /// "Ryan"), "yes" or "no" — not an adverb or auxiliary ("first", "again", "today").
    func isContentWord(_ i: Int) -> Bool {
        let c = cls[i]
        if c.contains(.answer) { return true }
        guard c.contains(.word) else { return false }
        return c.isDisjoint(with: [.auxiliary, .modal, .lyAdverb, .timeWord, .preposition, .determiner, .clauseWord, .be, .that, .to])
    }

    /// Whether a noun phrase is plural: a conjunction, or a plural head.
    func isPlural(_ np: Range<Int>) -> Bool {
        if np.contains(where: { cls[$0].contains(.and) }) { return true }
        let head = np.upperBound - 1
        return cls[head].contains(.speakerPlural) || isGuessedPluralSpeaker(head) || cls[head].contains(.pronounPlural)
            || cls[head].contains(.pronounOther)
    }

    /// The subject at the start of a sentence, before `limit`: its first noun phrase, after an
    /// introductory phrase closed by a comma ("On Tuesday, the senator ...").
    func sentenceSubject(_ sentence: Range<Int>, before limit: Int) -> Range<Int>? {
        var start = sentence.lowerBound
        while start < limit && (cls[start].contains(.quoteMark) || cls[start].contains(.dash)) { start += 1 }
        if start < limit, cls[start].intersects(.pronoun) && !cls[start].contains(.pronounNeuter) { return start..<(start + 1) }
        if let np = nounPhrase(startingAt: start, limit: limit), np.upperBound < limit, !cls[np.upperBound].contains(.comma) || np.upperBound + 1 < limit {
            return np
        }
        // After an introductory phrase.
        var k = start
        while k < limit && k - start < 8 && !cls[k].contains(.comma) { k += 1 }
        if k < limit, cls[k].contains(.comma), k + 1 < limit {
            if cls[k + 1].intersects(.pronoun) && !cls[k + 1].contains(.pronounNeuter) { return (k + 1)..<(k + 2) }
            return nounPhrase(startingAt: k + 1, limit: limit)
        }
        return nil
    }

    /// Whether a quotation just before a cue's clause is what the cue reports: it opens its
    /// clause (or runs into the cue's sentence from an earlier one), and it does not end
    /// with a full stop before a clause that has content of its own ("“...” He said the
    /// talks ..." starts a new statement).
    func attachesBefore(_ quotation: Range<Int>, clauseEnd: Int, sentence: Range<Int>) -> Bool {
        guard opensClause(quotation.lowerBound) || quotation.lowerBound < sentence.lowerBound && quotation.upperBound > sentence.lowerBound else {
            return false
        }
        let lastInside = quotation.upperBound - 2
        if lastInside > quotation.lowerBound, cls[lastInside].contains(.sentenceFinal), text[Int(tokens[lastInside].start)] == 0x2E {
            var s = clauseEnd
            let end = contentEnd(sentence)
            while s < end && (cls[s].contains(.comma) || cls[s].contains(.that)) { s += 1 }
            if s < end && !isAdverbialTail(s..<end) { return false }
        }
        return true
    }

    /// Statements introduced by a speaker label at the start of a paragraph or sentence:
    /// a name of at most five words and a colon ("Marco Rubio: I’m Not Interested …",
    /// "CLINTON: Honestly, I ..."). The content runs to the end of the paragraph.
    func labelledStatements(_ found: [Attribution]) -> [Attribution] {
        var result: [Attribution] = []
        let cues = Set(found.map(\.cue.lowerBound))
        for sentence in sentences where sentence.endToken > sentence.firstToken {
            let start = Int(sentence.firstToken)
            guard start < n, quotationOf[start] < 0 else { continue }
            var k = start
            while k < n && k - start < 6 && isNameWord(k) && !cls[k].contains(.titleWord) { k += 1 }
            guard k > start, k < n, k - start <= 5, cls[k].contains(.colon), !cues.contains(k), isNameWord(k - 1) else { continue }
            // The content: after the colon to the paragraph's end, before its final mark.
            var e = k + 1
            while e < n && paragraphOf[e] == paragraphOf[k] { e += 1 }
            while e > k + 1 && (cls[e - 1].contains(.sentenceFinal) || cls[e - 1].contains(.comma)) && quotationOf[e - 1] < 0 { e -= 1 }
            guard e - (k + 1) >= 3 else { continue }
            var a = Attribution(cue: k..<(k + 1), afterCue: k + 1, speaker: start..<k, speakerSource: .mention, inverted: false)
            a.labelled = true
            a.clauseStart = start
            a.content = (k + 1)..<e
            if let q = quotationOf[k + 1] >= 0 ? Int(quotationOf[k + 1]) : nil, quotationTokens[q].upperBound >= e - 1 {
                a.kind = .direct
                a.quotation = q
                a.content = quotationTokens[q]
            } else if ((k + 1)..<e).contains(where: { quotationOf[$0] >= 0 }) {
                a.kind = .mixed
            }
            result.append(a)
        }
        return result
    }

    /// Whether a sentence is a title-case headline ("Trump Says He Is Unlikely To ..."), where
    /// a capitalised cue is still a verb: most of its words are capitalised.
    func isHeadline(_ sentence: Range<Int>) -> Bool {
        var words = 0, capitals = 0
        for k in sentence where cls[k].contains(.word) {
            words += 1
            if cls[k].contains(.capitalized) { capitals += 1 }
        }
        return words >= 4 && capitals * 10 >= words * 8
    }

    /// Whether a clause may start at token `i`: a sentence's first token, or one after a
    /// colon, a dash or a paragraph break.
    func opensClause(_ i: Int) -> Bool {
        let sentence = sentenceRange(of: i)
        if i == 0 || i == sentence.lowerBound { return true }
        let p = cls[i - 1]
        // After a short introduction: "Later, “It works,” she said."
        if p.contains(.comma) && i - 1 - sentence.lowerBound <= 3 && (sentence.lowerBound..<(i - 1)).allSatisfy({ quotationOf[$0] < 0 }) { return true }
        return p.contains(.colon) || p.contains(.dash) || paragraphOf[i - 1] != paragraphOf[i]
    }

    /// The end of a sentence's content: before its final punctuation.
    func contentEnd(_ sentence: Range<Int>) -> Int {
        var e = sentence.upperBound
        while e > sentence.lowerBound && (cls[e - 1].contains(.sentenceFinal) || (cls[e - 1].contains(.quoteMark) && quotationOf[e - 1] < 0)
                                          || cls[e - 1].contains(.comma) || cls[e - 1].contains(.colon)) {
            e -= 1
        }
        return e
    }

    /// `i` moved left over commas and "and"/"but", not before `from`.
    func trimEnd(_ i: Int, from: Int) -> Int {
        var e = i
        while e > from + 1 && (cls[e - 1].contains(.comma) || cls[e - 1].contains(.and) || ids[e - 1] >= 0 && cls[e - 1].contains(.clauseWord) || cls[e - 1].contains(.semicolon)) {
            e -= 1
        }
        return e
    }

    /// Whether the tokens after a cue are only an adverbial ("on Tuesday", "in a statement",
    /// "told reporters", "last week"): then the content is before the cue.
    func isAdverbialTail(_ range: Range<Int>) -> Bool {
        if range.isEmpty { return true }
        if range.count > 8 { return false }
        for i in range {
            let c = cls[i]
            if c.contains(.that) { return false }
            if c.contains(.timeWord) || c.contains(.preposition) || c.contains(.determiner) || c.contains(.number) || c.contains(.comma)
                || c.contains(.capitalized) || c.intersects(.speakerNoun) || c.intersects(.pronoun) || c.contains(.objectPronoun) || c.contains(.lyAdverb)
                || c.contains(.possessivePronoun) || c.contains(.possessive) || c.contains(.titleWord) || c.contains(.adverbialNoun)
                || isGuessedPluralSpeaker(i) {
                continue
            }
            return false
        }
        return true
    }
}
