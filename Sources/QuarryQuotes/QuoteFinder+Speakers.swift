import QuarryCore

/// Step 4: each cue's speaker, and the statements introduced by a speaker label.
extension QuoteFinder {
    // MARK: - Step 4: speakers

    /// The speaker of the cue at `cue`, looking left, then right.
    func speaker(of cue: Range<Int>, afterCue: Int, form: CueForm, phrase: Bool) -> (range: Range<Int>, inverted: Bool, source: SpeakerSource)? {
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
        if form == .gerund {
            // A progressive: past the "be" of "is (now) insisting", "has been saying".
            var k = from
            while k > sentence.lowerBound && (cls[k].contains(.lyAdverb) || cls[k].contains(.timeWord) || cls[k].contains(.auxiliary) && !cls[k].contains(.be)) { k -= 1 }
            if k >= sentence.lowerBound, cls[k].contains(.be) {
                while k > sentence.lowerBound && cls[k].contains(.be) { k -= 1 }
                from = k
            }
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
                if form == .base && j == cue.lowerBound - 1 && !isPlural(np) {
                    // Attribution: the name may end a longer subject ("Aides to Clinton say").
                    if lexicon.profile != .speech, let s = plainSubject(endingAt: j, sentence: sentence, form: form, adjacent: true), s.lowerBound < np.lowerBound {
                        return (s, false, .mention)
                    }
                    return nil
                }
                // An object relative clause ("the plan which the department proposed"): the
                // cue's object is outside the clause.
                if np.lowerBound > sentence.lowerBound, cls[np.lowerBound - 1].contains(.relative) { return nil }
                // A name, then a role with no comma after it: "Ian Tiley, mayor of the
                // council warns", "Patrick Chinamasa, a representative of the party said".
                if let name = nameBeforeRole(np, sentence: sentence) { return (name.lowerBound..<np.upperBound, false, .mention) }
                return (np, false, .mention)
            }
            // A person or organisation of the entity pack that the lists do not know.
            if let span = entitySpan(at: j), span.tokens.upperBound == j + 1, span.tokens.lowerBound >= sentence.lowerBound,
               quotationOf[span.tokens.lowerBound] < 0 {
                return (span.tokens, false, .mention)
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
                // Attribution (PolNeAR marks the relative pronoun as the source): the mention
                // takes ", who" too; its entity is still the antecedent's.
                return (lexicon.profile == .speech ? np : np.lowerBound..<(j + 1), false, .mention)
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
                while k > sentence.lowerBound && j - k <= (lexicon.profile == .speech ? 14 : 22) && !cls[k].contains(.comma) && !cls[k].contains(.sentenceFinal) && quotationOf[k] < 0 { k -= 1 }
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
                    if appositive.contains(.preposition) || appositive.contains(.clauseWord) || isParticiple(k + 1) {
                        return (name, false, .mention)
                    }
                }
                // Attribution: a name with a bracket before the appositive ("Rep. Elijah
                // Cummings (D-Md.), chair of the Platform Committee, said").
                if lexicon.profile != .speech, k - 1 > sentence.lowerBound, cls[k].contains(.comma), k + 1 < j, cls[k - 1].contains(.closeBracket),
                   let open = stride(from: k - 2, through: max(sentence.lowerBound, k - 8), by: -1).first(where: { cls[$0].contains(.openBracket) }),
                   open - 1 >= sentence.lowerBound, let name = nounPhrase(endingAt: open - 1, limit: sentence.lowerBound), quotationOf[name.lowerBound] < 0,
                   isNameWord(name.upperBound - 1) {
                    return (name.lowerBound..<k, false, .mention)
                }
                // Attribution: a subject the lists do not know before the appositive or
                // parenthetical ("Supporters of abortion rights, on the other hand, argued",
                // "Henry Clay's biographers, David and Jeanne Heidler, wrote").
                if lexicon.profile != .speech, k > sentence.lowerBound, cls[k].contains(.comma), k + 1 < j,
                   let name = plainSubject(endingAt: k - 1, sentence: sentence, form: .past, adjacent: false) {
                    let appositive = cls[k + 1]
                    if appositive.contains(.preposition) || appositive.contains(.clauseWord) || isParticiple(k + 1) { return (name, false, .mention) }
                    if appositive.contains(.determiner) || appositive.contains(.titleWord) || appositive.contains(.capitalized) {
                        return (name.lowerBound..<j, false, .mention)
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
                // "said Ohio’s remaining period is ...": a possessive opens the reported clause.
                if np.upperBound < sentence.upperBound, cls[np.upperBound].contains(.possessive) { return nil }
                return (np, true, .mention)
            }
        }
        // Attribution: a subject the lists do not know, from a clause's start to the cue.
        // Attribution: a subject the lists do not know, when a content follows the cue (a
        // word or a quotation, not punctuation or a preposition: "states such as", "plans,").
        if lexicon.profile != .speech, form != .gerund, afterCue < sentence.upperBound,
           quotationOf[afterCue] >= 0 || cls[afterCue].contains(.word) && !cls[afterCue].contains(.preposition) || cls[afterCue].contains(.that),
           let s = plainSubject(endingAt: skipAuxiliariesLeft(from, limit: sentence.lowerBound), sentence: sentence, form: form,
                                                                                    adjacent: skipAuxiliariesLeft(from, limit: sentence.lowerBound) == cue.lowerBound - 1) {
            return (s, false, .mention)
        }
        return nil
    }

    /// The speaker a rule phase wrote for `cue` (``ruleSpeakers``): after the cue it is
    /// inverted ("said the shop’s owner"); a single pronoun is found as a pronoun.
    func ruleSpeaker(of cue: Cue) -> (range: Range<Int>, inverted: Bool, source: SpeakerSource)? {
        guard let range = ruleSpeakers[cue.range.lowerBound] else { return nil }
        let pronoun = range.count == 1 && cls[range.lowerBound].intersects(.pronoun) && !cls[range.lowerBound].contains(.pronounOther)
        return (range, range.lowerBound >= cue.range.upperBound, pronoun ? .pronoun : .mention)
    }

    /// A subject noun phrase the lists do not know, that runs from the start of a clause to
    /// the cue ("The billionaire real estate magnate says", "Aides to Clinton say", "Last
    /// year’s FBI statistics show", "Many speakers at the service said"): words with no verb,
    /// pronoun, relative or clause word among them, opening the sentence or following a
    /// comma, colon, dash or a sentence-initial "But"/"And". Nil for anything else.
    func plainSubject(endingAt j: Int, sentence: Range<Int>, form: CueForm, adjacent: Bool) -> Range<Int>? {
        guard j >= sentence.lowerBound, quotationOf[j] < 0 else { return nil }
        let stops: WordClass = [.be, .auxiliary, .modal, .relative, .that, .clauseWord, .and, .coordinator, .negation, .pronoun,
                                .objectPronoun, .lyAdverb]
        // The head: a noun-like word.
        var head = cls[j]
        // "most of them said", "some of us say": a share of a group named by a pronoun.
        if head.contains(.objectPronoun), j > sentence.lowerBound, cls[j - 1].contains(.of) { head.remove(.objectPronoun) }
        guard head.contains(.word), head.isDisjoint(with: stops), head.isDisjoint(with: [.determiner, .preposition, .to, .of, .possessivePronoun, .cueStart]) else { return nil }
        var k = j - 1
        while k >= sentence.lowerBound && j - k < 12 {
            let c = cls[k]
            guard quotationOf[k] < 0 else { return nil }
            if c.contains(.word) && c.isDisjoint(with: stops) || c.contains(.number) || c.contains(.possessive) {
                // A cue word inside the phrase only as a noun ("the report's authors").
                if c.contains(.cueStart) && !(k > sentence.lowerBound && (cls[k - 1].contains(.determiner) || cls[k - 1].contains(.possessivePronoun) || cls[k - 1].contains(.possessive))) { return nil }
                k -= 1
                continue
            }
            break
        }
        let start = k + 1
        guard start <= j else { return nil }
        // The clause opens the sentence, after an opening "But"/"And" or a short introduction
        // closed by a comma ("In an interview, ...").
        var opens = start == sentence.lowerBound || k == sentence.lowerBound && (cls[k].contains(.and) || cls[k].contains(.coordinator))
        if !opens, k > sentence.lowerBound, cls[k].contains(.comma), k - sentence.lowerBound <= 8 {
            let intro = cls[sentence.lowerBound]
            opens = (sentence.lowerBound..<k).allSatisfy { quotationOf[$0] < 0 && !cls[$0].contains(.cueStart) && !cls[$0].contains(.comma) }
                && (intro.contains(.preposition) || intro.contains(.clauseWord) || intro.contains(.timeWord) || intro.contains(.lyAdverb) || intro.contains(.auxiliary))
        }
        guard opens else { return nil }
        let first = cls[start]
        guard first.isDisjoint(with: [.preposition, .to, .of]) || first.contains(.determiner) else { return nil }
        // A base form agrees with a plural subject: its head ends in s ("Aides to Clinton say").
        if form == .base && adjacent {
            // Its head is the last word before a preposition ("records from the 2008 cycle").
            var head = j
            if let p = (start..<j).first(where: { $0 > start && cls[$0].intersects([.preposition, .of, .to]) }) { head = p - 1 }
            let e = Int(tokens[head].end)
            guard isPlural(head..<(head + 1)) || text[e - 1] == 0x73 && !cls[head].contains(.possessive) else { return nil }
        }
        return start..<(j + 1)
    }

    /// Whether token `i` is a lower-case present participle ("speaking", "writing") opening a
    /// parenthetical phrase: "X, speaking on condition of anonymity, said".
    func isParticiple(_ i: Int) -> Bool {
        guard cls[i].contains(.lowercase), !cls[i].contains(.preposition) else { return false }
        let start = Int(tokens[i].start), end = Int(tokens[i].end)
        return end - start > 5 && text[end - 3] == 0x69 && text[end - 2] == 0x6E && text[end - 1] == 0x67
    }

    /// The name before a role that opens the sentence: in "Ian Tiley, mayor of the council
    /// warns", `role` is "mayor of the council" and the result "Ian Tiley". Nil unless a
    /// comma separates them, the role starts with a determiner or a lower-case word, and the
    /// name (a person or organisation span, or capitalised words) starts the sentence.
    func nameBeforeRole(_ role: Range<Int>, sentence: Range<Int>) -> Range<Int>? {
        let comma = role.lowerBound - 1
        guard comma - 1 >= sentence.lowerBound, cls[comma].contains(.comma) else { return nil }
        let first = cls[role.lowerBound]
        guard first.contains(.determiner) && !first.contains(.that) || first.contains(.lowercase) else { return nil }
        var start = sentence.lowerBound
        while start < comma && (cls[start].contains(.quoteMark) && quotationOf[start] < 0 || cls[start].contains(.dash)) { start += 1 }
        if let span = entitySpan(at: comma - 1), span.tokens.upperBound == comma, span.tokens.lowerBound == start { return span.tokens }
        guard isNameWord(comma - 1), let name = nounPhrase(endingAt: comma - 1, limit: sentence.lowerBound), name.lowerBound == start,
              (name).allSatisfy({ isNameWord($0) || cls[$0].contains(.nameParticle) || cls[$0].contains(.dash) }) else { return nil }
        return name
    }

    // MARK: - Step 4: attributions

    /// Step 4: an attribution for each cue whose speaker is found, in the order of the cues;
    /// cues without a speaker are dropped.
    func attributeSpeakers(_ cues: [Cue]) -> [Attribution] {
        var found: [Attribution] = []
        let speech = lexicon.profile == .speech
        for cue in cues {
            // "The MDC has not stated that ...": in the speech profile, nothing was said.
            if speech, cue.kind != .phrase, isNegated(cue.range) { continue }
            let sentence = sentenceRange(of: cue.range.lowerBound)
            if isParticipleClause(cue, sentence: sentence) {
                if let attribution = participleAttribution(cue, sentence: sentence, after: found) { found.append(attribution) }
                continue
            }
            if !speech, let attribution = passiveAttribution(cue, sentence: sentence) {
                found.append(attribution)
                continue
            }
            if !speech, let attribution = openingParticiple(cue, sentence: sentence) {
                found.append(attribution)
                continue
            }
            let speaker = ruleSpeaker(of: cue) ?? speaker(of: cue.range, afterCue: cue.afterCue, form: cue.kind.form, phrase: cue.kind == .phrase)
            if speaker == nil, cue.kind != .phrase, let attribution = borrowedSpeaker(cue, sentence: sentence, after: found) {
                found.append(attribution)
                continue
            }
            guard let speaker else { continue }
            found.append(attribution(cue, speaker: speaker, sentence: sentence))
        }
        return found
    }

    /// A passive with its agent ("O'Malley's move was first reported by MSNBC", "This
    /// proposal was rejected by 64 percent of the electorate"): the agent speaks, and the
    /// content is the subject, from the clause's start to "be".
    private func passiveAttribution(_ cue: Cue, sentence: Range<Int>) -> Attribution? {
        guard cue.kind.form == .past, !cls[cue.range.lowerBound].contains(.addresseeCue),
              let by = passiveAgent(after: cue.range.upperBound, sentence: sentence) else { return nil }
        var b = cue.range.lowerBound - 1
        while b > sentence.lowerBound && (cls[b].contains(.lyAdverb) || cls[b].contains(.auxiliary) && !cls[b].contains(.be)) { b -= 1 }
        guard b >= sentence.lowerBound, cls[b].contains(.be) else { return nil }
        while b > sentence.lowerBound && (cls[b - 1].contains(.be) || cls[b - 1].contains(.auxiliary)) { b -= 1 }
        // The subject: from the sentence's start (or a comma) to "be", without quotations.
        var s = b - 1
        while s >= sentence.lowerBound && b - s <= 12 && !cls[s].contains(.comma) && !cls[s].contains(.relative) && quotationOf[s] < 0 && !cls[s].contains(.cueStart) { s -= 1 }
        guard s < sentence.lowerBound || cls[s].contains(.comma), s + 1 < b else { return nil }
        let agentStart = by + 1
        guard agentStart < sentence.upperBound else { return nil }
        let agent: Range<Int>
        if let np = nounPhrase(startingAt: agentStart, limit: sentence.upperBound) {
            agent = np
        } else {
            var e = agentStart
            while e < sentence.upperBound && e - agentStart < 10 && !cls[e].intersects(.punct) && !cls[e].contains(.relative) && quotationOf[e] < 0 { e += 1 }
            guard e > agentStart else { return nil }
            agent = agentStart..<e
        }
        var attribution = Attribution(cue: cue.range, kind: cue.kind, afterCue: agent.upperBound, speaker: agent, source: .mention)
        attribution.speakerPosition = .after
        attribution.clauseStart = s + 1
        attribution.content = (s + 1)..<b
        attribution.openingClause = true
        return attribution
    }

    /// A past participle clause that opens the sentence, alone or after "when"/"if" ("Asked
    /// whether ..., Trump said", "When asked about it, she said"): its speaker is the subject
    /// after the clause's comma, and its content the words up to that comma.
    private func openingParticiple(_ cue: Cue, sentence: Range<Int>) -> Attribution? {
        guard cue.kind.form == .past else { return nil }
        let c = cue.range.lowerBound
        guard c == sentence.lowerBound || c - 1 == sentence.lowerBound && cls[c - 1].contains(.clauseWord) && !cls[c - 1].contains(.coordinator) else { return nil }
        var comma = cue.afterCue
        while comma < sentence.upperBound && comma - cue.afterCue < 30 && !cls[comma].contains(.comma) && !cls[comma].contains(.sentenceFinal) && quotationOf[comma] < 0 { comma += 1 }
        guard comma < sentence.upperBound, comma > cue.afterCue, cls[comma].contains(.comma), comma + 1 < sentence.upperBound else { return nil }
        let s = comma + 1
        let subject: Range<Int>
        if cls[s].intersects(.pronoun) && !cls[s].contains(.pronounNeuter) {
            subject = s..<(s + 1)
        } else if let np = nounPhrase(startingAt: s, limit: sentence.upperBound), quotationOf[np.lowerBound] < 0 {
            subject = np
        } else {
            return nil
        }
        var attribution = Attribution(cue: cue.range, kind: cue.kind, afterCue: cue.afterCue, speaker: subject,
                                      source: cls[subject.lowerBound].intersects(.pronoun) ? .pronoun : .mention)
        attribution.clauseStart = c
        attribution.content = cue.afterCue..<comma
        attribution.openingClause = true
        return attribution
    }

    /// A participle after a comma or a dash: "Trump spoke for an hour, saying ...".
    private func isParticipleClause(_ cue: Cue, sentence: Range<Int>) -> Bool {
        cue.kind.form == .gerund && cue.range.lowerBound > sentence.lowerBound
            && (cls[cue.range.lowerBound - 1].contains(.comma) || cls[cue.range.lowerBound - 1].contains(.dash))
    }

    /// A participle clause's speaker: the previous cue's speaker in the sentence, else the
    /// sentence's subject.
    private func participleAttribution(_ cue: Cue, sentence: Range<Int>, after found: [Attribution]) -> Attribution? {
        var subject: (Range<Int>, SpeakerSource)? = nil
        if let previous = found.last, sentence.contains(previous.cue.lowerBound), let s = previous.speaker {
            subject = (s, previous.speakerSource)
        } else if let s = sentenceSubject(sentence, before: cue.range.lowerBound) {
            subject = (s, cls[s.lowerBound].intersects(.pronoun) ? .pronoun : .mention)
        }
        guard let (s, source) = subject else { return nil }
        var attribution = Attribution(cue: cue.range, kind: cue.kind, afterCue: cue.afterCue, speaker: s, source: source)
        attribution.clauseStart = cue.range.lowerBound - 1
        if let previous = found.indices.last, sentence.contains(found[previous].cue.lowerBound) { attribution.inheritedFrom = previous }
        return attribution
    }

    /// A cue after "and" with no speaker of its own: the previous cue's speaker ("...
    /// supported these efforts and called for ..."), or with no cue before it in the sentence,
    /// the sentence's subject ("Gary Emineth, a former chairman, became a delegate and said").
    private func borrowedSpeaker(_ cue: Cue, sentence: Range<Int>, after found: [Attribution]) -> Attribution? {
        let j = skipAuxiliariesLeft(cue.range.lowerBound - 1, limit: sentence.lowerBound)
        if j >= sentence.lowerBound, cls[j].contains(.and) || cls[j].contains(.comma) && j > sentence.lowerBound && cls[j - 1].contains(.and),
           let previous = found.last, sentence.contains(previous.cue.lowerBound), let s = previous.speaker,
           previous.cueKind.form == cue.kind.form || previous.cueKind.form == .phrase {
            var shared = Attribution(cue: cue.range, kind: cue.kind, afterCue: cue.afterCue, speaker: s, source: previous.speakerSource)
            shared.inheritedFrom = found.count - 1
            shared.clauseStart = j
            return shared
        }
        if j >= sentence.lowerBound, cls[j].contains(.and), cue.kind.form == .past || cue.kind.form == .third,
           found.last.map({ !sentence.contains($0.cue.lowerBound) }) ?? true,
           let subject = sentenceSubject(sentence, before: j), subject.upperBound < j {
            var attribution = Attribution(cue: cue.range, kind: cue.kind, afterCue: cue.afterCue, speaker: subject,
                                          source: cls[subject.lowerBound].intersects(.pronoun) ? .pronoun : .mention)
            attribution.clauseStart = j
            return attribution
        }
        return nil
    }

    /// A cue with the speaker ``speaker(of:afterCue:form:phrase:)`` found for it.
    private func attribution(_ cue: Cue, speaker: (range: Range<Int>, inverted: Bool, source: SpeakerSource), sentence: Range<Int>) -> Attribution {
        var attribution = Attribution(cue: cue.range, kind: cue.kind, afterCue: cue.afterCue, speaker: speaker.range, source: speaker.source)
        if cue.kind == .phrase { attribution.afterCue = speaker.range.upperBound }
        if speaker.inverted {
            attribution.speakerPosition = .after
        } else {
            let left = skipAuxiliariesLeft(cue.range.lowerBound - 1, limit: sentence.lowerBound)
            if left >= sentence.lowerBound, cls[left].contains(.relative),
               speaker.range.upperBound <= left || speaker.range.upperBound == left + 1 && cls[left - 1].contains(.comma) { attribution.speakerPosition = .antecedent }
        }
        attribution.clauseStart = speaker.inverted ? cue.range.lowerBound : min(speaker.range.lowerBound, cue.range.lowerBound)
        return attribution
    }

    /// Statements introduced by a speaker label at the start of a paragraph or sentence:
    /// a name of at most five words and a colon ("Marco Rubio: I’m Not Interested …",
    /// "CLINTON: Honestly, I ..."). The content runs to the end of the paragraph.
    func labelledStatements(_ found: [Attribution]) -> [Attribution] {
        var result: [Attribution] = []
        let cues = Set(found.map(\.cue.lowerBound))
        for sentence in sentences where sentence.endToken > sentence.firstToken {
            let start = Int(sentence.firstToken)
            guard start < n, quotationOf[start] < 0, !isFurniture(start) else { continue }
            var k = start
            while k < n && k - start < 6 && isNameWord(k) && !cls[k].contains(.titleWord) { k += 1 }
            guard k > start, k < n, k - start <= 5, cls[k].contains(.colon), !cues.contains(k), isNameWord(k - 1) else { continue }
            // Speech: a label is a name ("Christine Lagarde:", "CLINTON:", or a person or
            // organisation span), and what follows it is not a title-case headline.
            if lexicon.profile == .speech {
                let isName = k - start >= 2 || cls[start].contains(.allCaps) && tokens[start].end - tokens[start].start >= 3
                    || entitySpan(at: start).map { $0.tokens.upperBound >= k } ?? false
                guard isName, k + 1 < n, !isHeadline(sentenceRange(of: k + 1)) else { continue }
            }
            // The content: after the colon to the paragraph's end, before its final mark.
            var e = k + 1
            while e < n && paragraphOf[e] == paragraphOf[k] { e += 1 }
            while e > k + 1 && (cls[e - 1].contains(.sentenceFinal) || cls[e - 1].contains(.comma)) && quotationOf[e - 1] < 0 { e -= 1 }
            guard e - (k + 1) >= 3 else { continue }
            var a = Attribution(cue: k..<(k + 1), kind: .label, afterCue: k + 1, speaker: start..<k, source: .mention)
            a.clauseStart = start
            a.content = (k + 1)..<e
            if let q = quotationOf[k + 1] >= 0 ? Int(quotationOf[k + 1]) : nil, quotationTokens[q].upperBound >= e - 1 {
                a.kind = .direct
                a.quoted = QuotationRun(q)
                a.content = quotationTokens[q]
            } else if ((k + 1)..<e).contains(where: { quotationOf[$0] >= 0 }) {
                a.kind = .mixed
            }
            result.append(a)
        }
        return result
    }
}
