import QuarryCore

/// Steps 5 and 6: what each statement reports, and the quotations left without a cue.
extension QuoteFinder {
    // MARK: - Step 5: contents

    /// Step 5: the content of attribution `a` (not a label's, found with it): a quotation just
    /// before its clause or just after its cue (direct), else the clause after the cue, else
    /// the clause before it (indirect, or mixed when it holds a quotation). Marks the
    /// quotations it takes in `attached`.
    func findContent(of a: Int, in found: inout [Attribution], attached: inout [Bool]) {
        guard let speaker = found[a].speaker, found[a].cueKind != .label else { return }
        // A content found with the speaker (an opening participle clause: "Asked whether ...,").
        if found[a].content != nil {
            markQuotations(inContentOf: a, in: &found, attached: &attached)
            return
        }
        let sentence = sentenceRange(of: found[a].cue.lowerBound)
        let clauseEnd = found[a].speakerPosition == .after ? max(speaker.upperBound, found[a].afterCue) : found[a].afterCue
        if attachQuotationBefore(a, clauseEnd: clauseEnd, sentence: sentence, in: &found, attached: &attached) { return }
        let objectEnd = self.objectEnd(of: found[a], from: clauseEnd, sentence: sentence)
        if attachQuotationAfter(a, from: objectEnd, sentence: sentence, in: &found, attached: &attached) { return }
        guard reportedClause(a, clauseEnd: clauseEnd, objectEnd: objectEnd, sentence: sentence, in: &found) else { return }
        markQuotations(inContentOf: a, in: &found, attached: &attached)
    }

    /// “...,” he said: a free quotation just before the cue's clause becomes the content, with
    /// a quotation that continues it right after the cue (“...,” he said. “...”).
    private func attachQuotationBefore(_ a: Int, clauseEnd: Int, sentence: Range<Int>, in found: inout [Attribution], attached: inout [Bool]) -> Bool {
        var b = found[a].clauseStart - 1
        while b >= 0 && (cls[b].contains(.comma) || cls[b].contains(.dash)) && quotationOf[b] < 0 { b -= 1 }
        guard b >= 0, quotationOf[b] >= 0, !attached[Int(quotationOf[b])], quotationTokens[Int(quotationOf[b])].upperBound == b + 1,
              attachesBefore(quotationTokens[Int(quotationOf[b])], clauseEnd: clauseEnd, sentence: sentence) else { return false }
        let q = Int(quotationOf[b])
        attached[q] = true
        found[a].quoted = QuotationRun(q)
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
        if f < n, quotationOf[f] >= 0, quotationTokens[Int(quotationOf[f])].lowerBound == f, !attached[Int(quotationOf[f])],
           !hasOwnCue(quotationTokens[Int(quotationOf[f])]) {
            let q2 = Int(quotationOf[f])
            attached[q2] = true
            found[a].quoted?.last = q2
            found[a].content = quotationTokens[q].lowerBound..<quotationTokens[q2].upperBound
        }
        return true
    }

    /// Where the words after a cue start once the person addressed is stepped over ("told
    /// reporters"); `clauseEnd` for other cues.
    private func objectEnd(of attribution: Attribution, from clauseEnd: Int, sentence: Range<Int>) -> Int {
        var f = clauseEnd
        if cls[min(attribution.cue.lowerBound, n - 1)].contains(.addresseeCue) {
            if let object = nounPhrase(startingAt: f, limit: sentence.upperBound) ?? (f < n && cls[f].contains(.objectPronoun) ? f..<(f + 1) : nil) {
                f = object.upperBound
            }
        }
        return f
    }

    /// He said: “...”, X told reporters, “...”: a free quotation just after the cue that runs
    /// to the sentence's end becomes the content.
    private func attachQuotationAfter(_ a: Int, from f: Int, sentence: Range<Int>, in found: inout [Attribution], attached: inout [Bool]) -> Bool {
        var g = f
        // "said in a statement: “...”": an adverbial before the colon.
        if g < n, quotationOf[g] < 0, let colon = (g..<min(n, g + 10)).first(where: { cls[$0].contains(.colon) || quotationOf[$0] >= 0 }),
           colon > g, cls[colon].contains(.colon), isAdverbialTail(g..<colon) { g = colon }
        while g < n && (cls[g].contains(.comma) || cls[g].contains(.colon) || cls[g].contains(.that) || cls[g].contains(.dash)) && quotationOf[g] < 0 && g - f < 3 { g += 1 }
        guard g < n, quotationOf[g] >= 0, quotationTokens[Int(quotationOf[g])].lowerBound == g, !attached[Int(quotationOf[g])],
              quotationTokens[Int(quotationOf[g])].upperBound >= contentEnd(sentence) else { return false }
        let q = Int(quotationOf[g])
        attached[q] = true
        found[a].quoted = QuotationRun(q)
        found[a].kind = .direct
        found[a].content = quotationTokens[q]
        return true
    }

    /// The reported clause: after the cue ("Blinken emphasized the need ...", "Park said
    /// (that) ..."), up to the next coordinated cue's clause, or before it ("The talks failed,
    /// officials said.", "..., said Smith."), through a parenthetical cue. False when the
    /// clause before belongs to the previous statement of the sentence: nothing more to do.
    private func reportedClause(_ a: Int, clauseEnd: Int, objectEnd f: Int, sentence: Range<Int>, in found: inout [Attribution]) -> Bool {
        let cue = found[a].cue
        let clauseStart = found[a].clauseStart
        let isPhrase = found[a].cueKind == .phrase
        var sentenceEnd = contentEnd(sentence)
        if found[a].speakerPosition == .antecedent, let comma = (found[a].afterCue..<sentenceEnd).first(where: { cls[$0].contains(.comma) }) {
            sentenceEnd = comma
        }
        // The next cue's clause in this sentence ends this one's content.
        if a + 1 < found.count, found[a + 1].cue.lowerBound > cue.lowerBound, sentence.contains(found[a + 1].clauseStart),
           found[a + 1].clauseStart > found[a].afterCue, isCoordinated(found[a + 1].clauseStart) {
            sentenceEnd = min(sentenceEnd, trimEnd(found[a + 1].clauseStart, from: found[a].afterCue))
        }
        let inverted = found[a].speakerPosition == .after && !isPhrase
        var s = inverted ? clauseEnd : f
        while s < sentenceEnd && (cls[s].contains(.comma) || cls[s].contains(.colon) || cls[s].contains(.that)) { s += 1 }
        let after = s..<max(s, sentenceEnd)
        var adverbialOnly = isAdverbialTail(after)
        // "Victory is vital, he said after meeting aides, because ...": an adverbial up to
        // a comma after the cue, and a clause before the speaker: the content is before.
        if !adverbialOnly, !isPhrase, clauseStart > sentence.lowerBound + 2, cls[clauseStart - 1].contains(.comma),
           let comma = after.first(where: { cls[$0].contains(.comma) }), comma > after.lowerBound,
           cls[after.lowerBound].contains(.preposition) || cls[after.lowerBound].contains(.timeWord),
           isAdverbialTail(after.lowerBound..<comma) {
            adverbialOnly = true
        }
        if !inverted, after.count >= 2, !adverbialOnly {
            var end = after.upperBound
            if let existing = found[a].content { end = min(end, existing.upperBound) }
            found[a].content = after.lowerBound..<max(after.lowerBound + 1, end)
            return true
        }
        // The clause before: "The talks failed, officials said." / "..., said Smith."
        var e = clauseStart
        while e > sentence.lowerBound && (cls[e - 1].contains(.comma) || cls[e - 1].contains(.dash)) { e -= 1 }
        // Stop at a previous cue's clause in the same sentence.
        var start = sentence.lowerBound
        if a > 0, let previousSpeaker = found[a - 1].speaker, sentence.contains(found[a - 1].cue.lowerBound),
           found[a - 1].cue.upperBound <= e {
            start = max(start, found[a - 1].afterCue, previousSpeaker.upperBound)
            if found[a - 1].content.map({ $0.upperBound > start }) ?? false { return false }
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
        return true
    }

    /// A reported clause that holds a quotation is mixed, or direct when the quotation is all
    /// of it; none when another statement already reports that whole quotation.
    private func markQuotations(inContentOf a: Int, in found: inout [Attribution], attached: inout [Bool]) {
        guard let content = found[a].content, found[a].quoted == nil else { return }
        for i in content where quotationOf[i] >= 0 {
            let q = Int(quotationOf[i])
            let taken = attached[q]
            attached[q] = true
            let qt = quotationTokens[q]
            if taken && qt.lowerBound <= content.lowerBound && qt.upperBound >= content.upperBound - 1 {
                // Another statement already reports this quotation.
                found[a].content = nil
            } else if qt.lowerBound <= content.lowerBound && qt.upperBound >= content.upperBound - 1 {
                found[a].kind = .direct
                found[a].content = qt
                found[a].quoted = QuotationRun(q)
            } else {
                found[a].kind = .mixed
            }
            break
        }
    }

    /// Drops statements without content, quotation-only cues (`=quote`) that report none, and
    /// cues inside another statement's reported clause ("said she wanted ..." is part of that
    /// statement, not one of its own); sorts the rest by content.
    func dropUnreported(_ found: inout [Attribution]) {
        var keep = found.map { !($0.content == nil || $0.content!.isEmpty || $0.cueKind.needsQuotation && $0.kind == .indirect) }
        // Contents are sorted by cue here, so only the statements before can hold a cue: a
        // sweep keeps this linear.
        var reach = -1
        for (k, a) in found.enumerated() where keep[k] && !a.cue.isEmpty {
            if a.cue.lowerBound < reach { keep[k] = false; continue }
            if a.kind != .direct, let content = a.content, content.lowerBound > a.cue.lowerBound || content.lowerBound >= a.cue.upperBound - 1 {
                reach = max(reach, content.upperBound)
            }
        }
        Self.rearrange(&found, keep: { keep[$0] }) { $0.content!.lowerBound < $1.content!.lowerBound }
    }

    // MARK: - Step 6: quotations without a cue

    /// Step 6: quotations that no statement took and that open a sentence (or run over
    /// paragraphs): they continue the direct quote before them, turn the reported speech
    /// before them into a mixed quote, or become direct quotes of their own, spoken by the
    /// subject of the clause before a colon or by the previous quote's speaker.
    func addContinuingQuotations(to found: inout [Attribution], attached: [Bool]) {
        var floating: [Attribution] = []
        var a = 0
        for (q, range) in quotationTokens.enumerated() where !attached[q] {
            guard range.count >= 5 else { continue }
            let first = range.lowerBound
            let sentence = sentenceRange(of: first)
            let opensSentence = first == sentence.lowerBound || (first > 0 && (cls[first - 1].contains(.colon)))
            guard opensSentence || quotations[q].continues, !isFurniture(first) else { continue }
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
                found[a - 1].quoted?.last = q
                continue
            }
            // Reported speech, then the speaker's own words in the next sentence: "She says
            // people should choose. “It is their life.”" — one statement, now mixed (in the
            // speech profile, a quote of its own with the same speaker, below).
            if lexicon.profile != .speech, a > 0, found[a - 1].kind != .direct, !found[a - 1].cue.isEmpty, !found[a - 1].openingClause, opensSentence,
               paragraphOf[first] == paragraphOf[found[a - 1].content!.lowerBound], followsDirectly(first, after: found[a - 1]) {
                found[a - 1].content = found[a - 1].content!.lowerBound..<range.upperBound
                found[a - 1].kind = .mixed
                continue
            }
            var attribution = Attribution(cue: 0..<0, kind: .none, afterCue: 0, speaker: nil, source: .none)
            attribution.content = range
            attribution.kind = .direct
            attribution.quoted = QuotationRun(q)
            // After a colon: the clause before introduces it ("he demurred: “…”", "Clinton
            // released the following statement: “…”"); its subject speaks, the colon is the cue.
            let introduced = first > 0 && cls[first - 1].contains(.colon) && sentenceOf[first - 1] == sentenceOf[first]
            // Speech: the colon is a cue only after a speaker, not after a headline or a label
            // line ("Related: “…”").
            let colonIsCue = introduced && (lexicon.profile != .speech || !isHeadline(sentenceRange(of: first - 1)) && !isFurniture(first - 1))
            if colonIsCue, let subject = sentenceSubject(sentenceRange(of: first - 1), before: first - 1), subject.upperBound < first - 1,
               lexicon.profile != .speech || isHead(subject.upperBound - 1) || cls[subject.lowerBound].intersects(.pronoun) {
                attribution.cue = (first - 1)..<first
                attribution.cueKind = .colon
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
            // Speech: a quotation nobody is said to speak is not reported.
            if lexicon.profile == .speech && attribution.speaker == nil { continue }
            floating.append(attribution)
        }
        if !floating.isEmpty {
            found.append(contentsOf: floating)
            Self.rearrange(&found) { $0.content!.lowerBound < $1.content!.lowerBound }
        }
    }

    // MARK: - Clause tests

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

    /// A single word that can be all of a reported content: a noun or name ("restraint",
    /// "Ryan"), "yes" or "no" — not an adverb or auxiliary ("first", "again", "today").
    func isContentWord(_ i: Int) -> Bool {
        let c = cls[i]
        if c.contains(.answer) { return true }
        guard c.contains(.word) else { return false }
        return c.isDisjoint(with: [.auxiliary, .modal, .lyAdverb, .timeWord, .preposition, .determiner, .clauseWord, .be, .that, .to])
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
