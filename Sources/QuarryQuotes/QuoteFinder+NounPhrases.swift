import QuarryCore

/// Noun phrases: the words that can be a name or head a speaker, and the phrases that
/// speak ("U.S. Secretary of State Antony Blinken", "other G7 foreign ministers").
extension QuoteFinder {
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

    /// A word that stands for a share of a surveyed group: a number, or a `=quantity` word of
    /// the grammar list ("half", "a third", "most", "majority").
    func quantityWord(_ i: Int) -> Bool {
        cls[i].contains(.number) || cls[i].contains(.quantity)
    }
}
