import Foundation
import QuarryCore

/// Finds the reported statements of one document from its tokens, sentences and quotation
/// marks. One instance per document: it holds the per-token classes it computes.
///
/// The steps (docs/quotes.md explains them with examples), each in the file of its concern:
/// 1. classify every token: lexicon classes (cue verb, title, speaker noun, pronoun, ...)
///    and shape (capitalised, comma, quotation mark, ...) (this file);
/// 2. find quotations ("…" pairs, nested, multi-paragraph) with ``QuoteMarkScanner`` (this
///    file);
/// 3. find cues outside quotations and check each is used as a verb (`+Cues`);
/// 4. find each cue's speaker (`+Speakers`, with the noun phrases of `+NounPhrases`): the
///    noun phrase before it ("Blinken has said"), an appositive ("Flynn, a top Trump
///    surrogate, said"), after it ("said the minister"), or the speaker of the cue it is
///    joined to by "and";
/// 5. give each cue its content (`+Content`): a quotation right before or after it (direct),
///    else the clause after it (indirect, or mixed when it holds a quotation), else the
///    clause before it ("..., officials said.");
/// 6. quotations left over that open a sentence continue the previous quote's speaker
///    (`+Content`);
/// 7. resolve speakers to entities (``EntityResolver``, run by ``QuoteStage``).
///
/// The statements are ``Attribution`` values (`+Attribution`).
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
    /// The people and organisations an earlier stage found (the entity pack's PERSON and ORG
    /// spans), as token ranges; empty in a pipeline without them.
    var entitySpans: [EntitySpan] = []
    /// For each token inside an entity span, its index in `entitySpans`; else -1 (empty when
    /// there are no entity spans).
    var entityOf: [Int32] = []
    /// For each paragraph, whether it is page furniture ("Story continues below
    /// advertisement", "READ MORE: ..."): nothing in it is a statement or a speaker.
    var furnitureParagraphs: [Bool] = []

    /// A person or organisation span of an earlier stage.
    struct EntitySpan {
        var tokens: Range<Int>
        var person: Bool
        /// The full name a short mention stands for (the `of` attribute of a surname alias).
        var of: String?
    }

    /// A cue written by a rule phase (``QuoteLexicon/cueLabel``), as UTF-8 byte ranges.
    struct CueInput {
        /// The cue's words (the rule's `cue` group, else the span).
        var cue: Range<Int>
        /// The whole span: the words after the cue begin at its end (after the object of
        /// "described * as").
        var span: Range<Int>
        var kind: CueKind
    }

    /// The cues of the rule phases, when the stage reads them (nil: the stage finds its own).
    var ruleCues: [CueInput]? = nil

    /// A speaker written by a rule phase (``QuoteLexicon/speakerLabel``), as UTF-8 byte ranges.
    struct SpeakerInput {
        /// The cue whose speaker it is (the rule's `cue` group).
        var cue: Range<Int>
        /// The speaker (the rule's `speaker` group).
        var speaker: Range<Int>
    }

    /// The rule phases' speakers, by the first token of their cue, as token ranges.
    var ruleSpeakers: [Int: Range<Int>] = [:]

    /// Keys the rule phases' speakers by their cue's first token (the first span wins for a cue).
    mutating func mapRuleSpeakers(_ inputs: [SpeakerInput]) {
        for input in inputs {
            guard let cue = tokenRange(of: input.cue), let speaker = tokenRange(of: input.speaker), ruleSpeakers[cue.lowerBound] == nil else { continue }
            ruleSpeakers[cue.lowerBound] = speaker
        }
    }

    /// A role a rule phase gave a name ("the opposition party of Zimbabwe, the Movement for
    /// Democratic Change"), as UTF-8 byte ranges of the rule's `role` and `name` groups.
    struct RoleInput {
        var role: Range<Int>
        var name: Range<Int>
    }

    /// The rule phases' roles, in document order: the role's last token (its head), that
    /// word lower-cased, and the name it stands for.
    var roles: [(head: Int, headWord: String, name: Range<Int>)] = []

    mutating func mapRoles(_ inputs: [RoleInput]) {
        for input in inputs {
            guard let role = tokenRange(of: input.role), let name = tokenRange(of: input.name) else { continue }
            let head = role.upperBound - 1
            roles.append((head, String(decoding: UnsafeBufferPointer(rebasing: text[tokens[head].range]), as: UTF8.self).lowercased(), name))
        }
        roles.sort { $0.head < $1.head }
    }

    /// A person or organisation span handed to the finder, as a UTF-8 byte range.
    struct EntityInput {
        var bytes: Range<Int>
        var person: Bool
        var of: String?
    }

    init(lexicon: CompiledQuoteLexicon, text: UnsafeBufferPointer<UInt8>, tokens: ContiguousArray<TokenRecord>, sentences: ContiguousArray<SentenceRecord>,
         entities: [EntityInput] = [], cues: [CueInput]? = nil) {
        ruleCues = cues
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
        findFurniture()
        if !entities.isEmpty { mapEntities(entities) }
    }

    /// Marks the paragraphs that open with a page furniture entry followed by the
    /// paragraph's end, a colon or a dash.
    private mutating func findFurniture() {
        guard !lexicon.furniture.isEmpty, n > 0 else { return }
        furnitureParagraphs = [Bool](repeating: false, count: Int(paragraphOf[n - 1]) + 1)
        var i = 0
        while i < n {
            let paragraph = paragraphOf[i]
            if cls[i].contains(.furnitureStart), let (end, _) = matchPhrase(lexicon.furniture, lexicon.furnitureByFirst, at: i),
               end >= n || paragraphOf[end] != paragraph || cls[end].contains(.colon) || cls[end].contains(.dash)
                || cls[end].contains(.sentenceFinal) && (end + 1 >= n || paragraphOf[end + 1] != paragraph) {
                furnitureParagraphs[Int(paragraph)] = true
            }
            while i < n && paragraphOf[i] == paragraph { i += 1 }
        }
    }

    /// Whether token `i` is in a paragraph of page furniture.
    func isFurniture(_ i: Int) -> Bool {
        !furnitureParagraphs.isEmpty && furnitureParagraphs[Int(paragraphOf[i])]
    }

    /// Turns the byte ranges of entity spans into token ranges (spans that do not start and
    /// end on token bounds take the tokens they touch).
    private mutating func mapEntities(_ entities: [EntityInput]) {
        entityOf = [Int32](repeating: -1, count: n)
        for entity in entities.sorted(by: { $0.bytes.lowerBound < $1.bytes.lowerBound }) {
            // The first token ending after the span's start.
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(tokens[mid].end) <= entity.bytes.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            var e = lo
            while e < n && Int(tokens[e].start) < entity.bytes.upperBound { e += 1 }
            guard e > lo, (lo..<e).allSatisfy({ entityOf[$0] < 0 }) else { continue }
            let index = Int32(entitySpans.count)
            entitySpans.append(EntitySpan(tokens: lo..<e, person: entity.person, of: entity.of))
            for k in lo..<e { entityOf[k] = index }
        }
    }

    /// The tokens a UTF-8 byte range touches, or nil when it touches none.
    func tokenRange(of bytes: Range<Int>) -> Range<Int>? {
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(tokens[mid].end) <= bytes.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var e = lo
        while e < n && Int(tokens[e].start) < bytes.upperBound { e += 1 }
        return e > lo ? lo..<e : nil
    }

    /// The entity span token `i` is in, if any.
    func entitySpan(at i: Int) -> EntitySpan? {
        guard !entityOf.isEmpty, entityOf[i] >= 0 else { return nil }
        return entitySpans[Int(entityOf[i])]
    }

    // MARK: - Steps 2-6

    /// The document's statements, sorted by content, with speakers not yet resolved.
    mutating func attribute() -> [Attribution] {
        findQuotations()
        let cues = findCues()
        if debug { for c in cues { print("cue", c.range, c.kind, "speaker:", speaker(of: c.range, afterCue: c.afterCue, form: c.kind.form, phrase: c.kind == .phrase) as Any) } }
        // Quotations taken by a statement, by index in `quotations`.
        var attached = [Bool](repeating: false, count: quotations.count)
        var found = attributeSpeakers(cues)
        // Speaker labels: "Marco Rubio: I’m Not Interested", "CLINTON: Honestly, ...".
        let labelled = labelledStatements(found)
        for a in labelled { for i in a.content! where quotationOf[i] >= 0 { attached[Int(quotationOf[i])] = true } }
        found += labelled
        Self.rearrange(&found) { $0.cue.lowerBound < $1.cue.lowerBound }
        for a in found.indices { findContent(of: a, in: &found, attached: &attached) }
        dropUnreported(&found)
        addContinuingQuotations(to: &found, attached: attached)
        return found
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

    var n: Int { tokens.count }

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
}
