import QuarryCore

/// Step 3: cues, the reporting verbs and phrases used as such.
extension QuoteFinder {
    // MARK: - Step 3: cues

    /// Cues in the document, outside quotations, that are used as verbs: the rule phases'
    /// (``ruleCues``) when the stage reads them, else its own.
    func findCues() -> [Cue] {
        if let ruleCues {
            var result: [Cue] = []
            for input in ruleCues {
                guard let cue = tokenRange(of: input.cue), let span = tokenRange(of: input.span),
                      quotationOf[cue.lowerBound] < 0, !isFurniture(cue.lowerBound),
                      result.last.map({ $0.range.upperBound <= cue.lowerBound }) ?? true else { continue }
                result.append(Cue(range: cue, afterCue: max(cue.upperBound, span.upperBound), kind: input.kind))
            }
            return result
        }
        var result: [Cue] = []
        var i = 0
        while i < n {
            let c = cls[i]
            guard c.contains(.cueStart) || c.contains(.phraseStart), quotationOf[i] < 0, !isFurniture(i) else { i += 1; continue }
            if c.contains(.phraseStart), let (end, _) = matchPhrase(lexicon.phrases, lexicon.phrasesByFirst, at: i) {
                result.append(Cue(range: i..<end, afterCue: end, kind: .phrase))
                i = end
                continue
            }
            // Attribution: a past participle opening the sentence ("Asked whether ..., Trump
            // said"); its speaker is the main clause's subject (`openingParticiple`).
            if c.contains(.cueStart), c.contains(.capitalized), lexicon.profile != .speech, i == sentenceRange(of: i).lowerBound,
               let (end, phrase) = matchPhrase(lexicon.cues, lexicon.cuesByFirst, at: i, where: { $0.form == .past && !$0.needsQuotation && !$0.words.contains(-2) }) {
                result.append(Cue(range: i..<end, afterCue: end, kind: .verb(phrase.form, needsQuotation: false)))
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
                result.append(Cue(range: i..<cueEnd, afterCue: gap == nil ? end : cueEnd, kind: .verb(phrase.form, needsQuotation: phrase.needsQuotation)))
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

    /// The "by" of a passive's agent right after a cue (past time words: "was rejected
    /// Friday by"), if any.
    func passiveAgent(after i: Int, sentence: Range<Int>) -> Int? {
        var k = i
        while k < sentence.upperBound && k - i < 3 && (cls[k].contains(.timeWord) || cls[k].contains(.lyAdverb)) && !isBy(k) { k += 1 }
        return k < sentence.upperBound && isBy(k) ? k : nil
    }

    /// Whether token `i` is the word "by".
    func isBy(_ i: Int) -> Bool {
        tokens[i].end - tokens[i].start == 2 && ASCII.lowercase(text[Int(tokens[i].start)]) == 0x62 && ASCII.lowercase(text[Int(tokens[i].start) + 1]) == 0x79
    }

    /// Whether a cue is negated ("has not stated", "did not say", "never said"): a negation
    /// among the auxiliaries and adverbs just before it.
    func isNegated(_ cue: Range<Int>) -> Bool {
        let sentence = sentenceRange(of: cue.lowerBound)
        var k = cue.lowerBound - 1
        while k >= sentence.lowerBound && cue.lowerBound - k <= 4 {
            let c = cls[k]
            if c.contains(.negation) { return true }
            guard c.contains(.auxiliary) || c.contains(.lyAdverb) || c.contains(.modal) else { return false }
            k -= 1
        }
        return false
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
            // Attribution: a passive with its agent ("was first reported by MSNBC").
            if prev.contains(.be) || prev.contains(.lyAdverb) && i - 2 >= sentence.lowerBound && cls[i - 2].contains(.be) {
                return lexicon.profile != .speech && passiveAgent(after: i + 1, sentence: sentence) != nil
            }
            return true
        default:
            return !prev.contains(.be)
        }
    }
}
