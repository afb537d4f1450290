import QuarryCore

/// The byte-level engine behind ``SentenceSplitter``: one pass to collect candidate
/// boundaries, a pass to find list markers, then a decision per candidate.
///
/// A final class rather than a struct: a struct this size was copied on calls in the hot loop.
/// Its state is `@exclusivity(unchecked)`: one scanner serves one call on one thread, and the
/// dynamic exclusivity checks on every access showed in profiles.
final class SentenceScanner {
    let p: UnsafePointer<UInt8>
    let n: Int
    let lexicon: SentenceLexicon

    /// Sentence ends (exclusive byte offsets), in any order, possibly repeated.
    @exclusivity(unchecked) private var cuts: [Int] = []
    /// Quoted and bracketed spans that close within their paragraph: (opener, closer)
    /// positions. Sentence punctuation strictly inside one is not a boundary.
    @exclusivity(unchecked) private var spans: [(open: Int, close: Int)] = []
    /// Whether quotations protect their punctuation (``SentenceSplitter/Options/keepQuotations``).
    let keepQuotations: Bool
    /// Openers of those spans (a standalone quote that opens one starts the next sentence).
    @exclusivity(unchecked) private var spanOpeners: Set<Int> = []
    /// Standalone quotes (spaces around them) judged to open or to close a quotation.
    @exclusivity(unchecked) private var standaloneOpeners: Set<Int> = []
    @exclusivity(unchecked) private var standaloneClosers: Set<Int> = []
    @exclusivity(unchecked) private var nextSpan = 0
    @exclusivity(unchecked) private var activeSpans: [(open: Int, close: Int)] = []
    /// Positions of the "." or ")" that closes a list marker ("1." "2)" "a."): not terminals.
    @exclusivity(unchecked) private var markerPunctuation: Set<Int> = []
    /// The largest cut so far: the word before a period never reaches back across it.
    @exclusivity(unchecked) private var lastCut = 0
    /// Candidates before this offset were consumed by an earlier decision (a "..." run).
    @exclusivity(unchecked) private var consumedUntil = 0
    /// The last paragraph examined for list layout: [start, end) and the verdict.
    @exclusivity(unchecked) private var listParagraph: (start: Int, end: Int, isList: Bool) = (-1, -1, false)

    init(p: UnsafePointer<UInt8>, n: Int, lexicon: SentenceLexicon, keepQuotations: Bool) {
        self.p = p
        self.n = n
        self.lexicon = lexicon
        self.keepQuotations = keepQuotations
    }

    enum EventKind: UInt8 {
        case period, bang, ellipsis, fullStop, closeParen, newline, bullet
        /// Quotes and brackets, for pairing only.
        case quote, openBracket, closeBracket
    }

    struct Event {
        var position: Int
        var kind: EventKind
        var length: Int
    }

    // MARK: - Driver

    func sentences() -> [Range<Int>] {
        let events = collectEvents()
        findListMarkers(events)
        pairQuotesAndBrackets(events)
        for event in events where event.position >= consumedUntil {
            switch event.kind {
            case .period, .bang, .ellipsis: decideTerminal(event.position)
            case .fullStop: decideFullStop(event)
            case .newline: decideNewline(event.position)
            case .bullet: decideBullet(event.position)
            case .closeParen: decideCloseParen(event.position)
            case .quote, .openBracket, .closeBracket: break  // used by the passes above
            }
        }
        return buildRanges()
    }

    // MARK: - Candidates

    /// Bytes that may start a candidate: . ! ? ) newline, and the lead bytes of the
    /// non-ASCII candidates (… ‼ ⁇ • ⁃ 。 ！ ？ । ؟ ۔).
    static let candidateBytes: [Bool] = (0..<256).map { b in
        switch b {
        case 0x2E, 0x21, 0x3F, 0x29, 0x0A, 0x0D, 0xE2, 0xE3, 0xEF, 0xE0, 0xD8, 0xDB: return true
        case 0x22, 0x27, 0x60, 0x28, 0x5B, 0x5D, 0x7B, 0x7D, 0xC2: return true  // quotes and brackets
        default: return false
        }
    }

    func collectEvents() -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(n / 60 + 8)
        Self.candidateBytes.withUnsafeBufferPointer { table in
            let candidate = table.baseAddress!
            var i = 0
            while i < n {
                let b = p[i]
                if !candidate[Int(b)] { i += 1; continue }
                switch b {
                case 0x2E: events.append(Event(position: i, kind: .period, length: 1))
                case 0x21, 0x3F: events.append(Event(position: i, kind: .bang, length: 1))
                case 0x29:
                    events.append(Event(position: i, kind: .closeParen, length: 1))
                    events.append(Event(position: i, kind: .closeBracket, length: 1))
                case 0x0A: events.append(Event(position: i, kind: .newline, length: 1))
                case 0x0D:  // a lone carriage return is a line break too
                    if i + 1 >= n || p[i + 1] != 0x0A { events.append(Event(position: i, kind: .newline, length: 1)) }
                case 0x22, 0x27, 0x60: events.append(Event(position: i, kind: .quote, length: 1))
                case 0x28, 0x5B, 0x7B: events.append(Event(position: i, kind: .openBracket, length: 1))
                case 0x5D, 0x7D: events.append(Event(position: i, kind: .closeBracket, length: 1))
                default:
                    if let kind = nonASCIICandidate(i) {
                        events.append(Event(position: i, kind: kind.0, length: kind.1))
                        i += kind.1
                        continue
                    }
                }
                i += 1
            }
        }
        return events
    }

    /// The candidate kind and byte length of a non-ASCII scalar at `i`, if it is one.
    func nonASCIICandidate(_ i: Int) -> (EventKind, Int)? {
        guard i + 1 < n else { return nil }
        let b0 = p[i], b1 = p[i + 1]
        if b0 == 0xC2 && (b1 == 0xAB || b1 == 0xBB) { return (.quote, 2) }  // « »
        if b0 == 0xD8 && b1 == 0x9F { return (.fullStop, 2) }  // ؟
        if b0 == 0xDB && b1 == 0x94 { return (.fullStop, 2) }  // ۔
        guard i + 2 < n else { return nil }
        let b2 = p[i + 2]
        switch (b0, b1, b2) {
        case (0xE2, 0x80, 0xA6): return (.ellipsis, 3)                     // …
        case (0xE2, 0x80, 0xBC), (0xE2, 0x81, 0x87...0x89): return (.bang, 3)  // ‼ ⁇ ⁈ ⁉
        case (0xE2, 0x80, 0xA2), (0xE2, 0x80, 0xA3), (0xE2, 0x81, 0x83),
             (0xE2, 0x97, 0xA6), (0xE2, 0x96, 0xAA), (0xE2, 0x97, 0x8F): return (.bullet, 3)  // • ‣ ⁃ ◦ ▪ ●
        case (0xE2, 0x80, 0x98...0x9F), (0xE2, 0x80, 0xB9), (0xE2, 0x80, 0xBA): return (.quote, 3)  // ‘ ’ ‚ ‛ “ ” „ ‟ ‹ ›
        case (0xE3, 0x80, 0x82), (0xEF, 0xBD, 0xA1), (0xEF, 0xBC, 0x8E): return (.fullStop, 3)   // 。 ｡ ．
        case (0xEF, 0xBC, 0x81), (0xEF, 0xBC, 0x9F): return (.fullStop, 3)   // ！ ？
        case (0xEF, 0xBC, 0x88): return (.openBracket, 3)                    // （
        case (0xEF, 0xBC, 0x89): return (.closeBracket, 3)                   // ）
        case (0xE0, 0xA5, 0xA4), (0xE0, 0xA5, 0xA5): return (.fullStop, 3)   // । ॥
        default: return nil
        }
    }

    // MARK: - Terminal punctuation

    func decideTerminal(_ i: Int) {
        if markerPunctuation.contains(i) { return }
        // A spaced ellipsis: ". . ." (three dots) never ends a sentence; four dots do.
        if p[i] == 0x2E && i + 2 < n && p[i + 1] == 0x20 && p[i + 2] == 0x2E {
            var j = i
            var dots = 1
            while j + 2 < n && p[j + 1] == 0x20 && p[j + 2] == 0x2E { j += 2; dots += 1 }
            let runEnd = j + 1
            consumedUntil = runEnd
            let attached = i > 0 && !ASCII.isSpace(p[i - 1])
            if attached && dots >= 4 {
                // "compounds. . . . The": the period ends the sentence; when a capital follows,
                // the ellipsis opens the next one. At the end of a paragraph it is all one.
                let after = closersEnd(runEnd)
                let (k, newlines) = skipSpace(after)
                if k >= n || newlines >= 2 { cut(after); return }
                if isUpperStart(k) && !isProtected(i, end: after) { cut(i + 1) }
                return
            }
            finishTerminal(start: i, runEnd: runEnd, dots: dots, bangOrQuestion: false, ellipsis: true)
            return
        }
        // An unspaced run: ".", "...", "?!", "!!", "....", "…"; in pre-tokenized text also
        // "! ! !" and "! ." (terminal marks separated by single spaces).
        var j = i
        var dots = 0
        var bang = false
        var ellipsis = false
        while j < n {
            let b = p[j]
            if b == 0x2E { dots += 1; j += 1 }
            else if b == 0x21 || b == 0x3F { bang = true; j += 1 }
            else if b == 0xE2, let (kind, length) = nonASCIICandidate(j), kind == .ellipsis || kind == .bang {
                if kind == .ellipsis { ellipsis = true } else { bang = true }
                j += length
            } else if b == 0x20 && j + 1 < n && (p[j + 1] == 0x21 || p[j + 1] == 0x3F || (p[j + 1] == 0x2E && (bang || j + 2 >= n || p[j + 2] != 0x20 || dots > 0))) {
                // "Tribe ! ! !", "Bravo ! .", "Happy! . . .", "Happy? ..."
                if p[j + 1] == 0x2E && dots == 0 && !bang { break }
                if p[j + 1] == 0x2E { ellipsis = ellipsis || dots == 0 }
                j += 1
            } else {
                break
            }
        }
        consumedUntil = j
        if dots >= 3 && !bang { ellipsis = true }
        if bang && dots >= 3 { ellipsis = true }
        finishTerminal(start: i, runEnd: j, dots: dots, bangOrQuestion: bang, ellipsis: ellipsis)
    }

    func finishTerminal(start i: Int, runEnd j: Int, dots: Int, bangOrQuestion: Bool, ellipsis: Bool) {
        var e = closersEnd(j)
        var (k, newlines) = skipSpace(e)
        if k >= n || newlines >= 2 { cut(e); return }
        // A standalone closing quote or footnote after a space belongs to this sentence:
        // "to do ? '' Graham", "a gas. [1] It".
        if newlines == 0, let attached = attachedAfterSpace(k) {
            e = attached
            (k, newlines) = skipSpace(e)
            if k >= n || newlines >= 2 { cut(e); return }
        }
        if isProtected(i, end: e) { return }  // inside a quotation or brackets
        if k == e {
            // No space after: "world.Today" ends a sentence; "3.5", "U.S", "e.g.," do not.
            if dots == 1 && !bangOrQuestion && e == j { decideUnspaced(i) }
            // "foreigners?thanks", "before..I should": no space, but a word follows.
            else if e == j && (bangOrQuestion || dots >= 2) && k < n && (ASCII.isLetter(p[k]) || isUpperStart(k)) && i > 0 && !ASCII.isSpace(p[i - 1]) {
                if bangOrQuestion || isUpperStart(k) { cut(e) }
            }
            return
        }
        if isLowerStart(k) {
            // A lower-case word usually continues (`“Why not?” asked Smith.`, "Yahoo! in"), but
            // informal text starts sentences in lower case: "Hello? are they open" and
            // "at best. the waitress" split when no closer intervenes.
            if e == j && !ellipsis && lowerCaseStartsSentence(i, bangOrQuestion: bangOrQuestion, dots: dots, next: k) { cut(e) }
            return
        }
        let c = p[k]
        if c == 0x2C || c == 0x3B || c == 0x3A { return }  // ", ; :" continue it too
        if ellipsis {
            // "[...]" marks an omission inside a sentence.
            if i > 0 && p[i - 1] == 0x5B { return }
            // After an ellipsis a capital starts a new sentence, except the pronoun "I"
            // ("the thing is . . . I didn't mean it"); two spaces before it always do.
            let pronounI = p[k] == 0x49 && (k + 1 >= n || !ASCII.isLetter(p[k + 1]))
            if isUpperStart(k) && (!pronounI || k - e >= 2 || newlines > 0) { cut(e) }
            return
        }
        if bangOrQuestion {
            // "at Yahoo! Research": a name ending in "!" ends a sentence only before a starter.
            if j == i + 1 && p[i] == 0x21 {
                let ws = wordStart(before: i)
                if ws < i && lexicon.exclamationNames.contains(p + ws, i + 1 - ws) && !startsWithStarter(k) { return }
            }
            cut(e)
            return
        }
        if dots == 2 { cut(e); return }  // "L.P.." : the abbreviation's period, then the sentence's
        decidePeriod(i, end: e, next: k)
    }

    /// Whether a lower-case word after sentence punctuation starts a new sentence: after "?"
    /// (not "!", which ends names such as "Yahoo!"), and after a period that ends an
    /// ordinary word of two or more letters (not an abbreviation, initial or number).
    func lowerCaseStartsSentence(_ i: Int, bangOrQuestion: Bool, dots: Int, next k: Int) -> Bool {
        guard i > 0, !ASCII.isSpace(p[i - 1]) else { return false }  // "feud ? or will" (pre-tokenized)
        if bangOrQuestion { return p[i] == 0x3F && dots == 0 }
        guard dots == 1 else { return false }
        let ws = wordStart(before: i)
        guard i - ws >= 2 else { return false }
        // After a number the word is a unit: "5 ft. 6 in. tall".
        var before = ws
        while before > 0 && p[before - 1] == 0x20 { before -= 1 }
        if before < ws && before > 0 && ASCII.isDigit(p[before - 1]) { return false }
        let word = UnsafeBufferPointer(start: p + ws, count: i - ws)
        // Only plain lower-case letters (a capitalised or dotted word may be an abbreviation).
        guard word.allSatisfy({ ASCII.isLower($0) }) else { return false }
        if lexicon.kind(of: p + ws, i + 1 - ws) != nil { return false }
        // The next word must be a word, not a unit or a continuation such as "5 ft. 6 in."
        var m = k
        while m < n && ASCII.isLetter(p[m]) { m += 1 }
        return m - k >= 1
    }

    /// A single period followed by whitespace and a character that is not lower case.
    func decidePeriod(_ i: Int, end e: Int, next k: Int) {
        var ws = wordStart(before: i)
        var wordEnd = i
        if ws == i {
            // " ." in pre-tokenized text: judge the word before the space ("Mr . Robinson").
            guard i >= 2, p[i - 1] == 0x20 else { cut(e); return }
            wordEnd = i - 1
            ws = wordStart(before: wordEnd)
            if ws == wordEnd { cut(e); return }
        }
        let nextIsDigit = ASCII.isDigit(p[k])
        let nextIsUpper = isUpperStart(k)
        let word = UnsafeBufferPointer(start: p + ws, count: wordEnd - ws)

        // The abbreviation with its period: contiguous when attached, rebuilt otherwise.
        var kind: SentenceLexicon.Kind?
        if wordEnd == i {
            kind = lexicon.kind(of: p + ws, i + 1 - ws)
        } else {
            var buffer = Array(word)
            buffer.append(0x2E)
            kind = buffer.withUnsafeBufferPointer { lexicon.kind(of: $0.baseAddress!, $0.count) }
        }
        if kind == nil && isDottedLetters(word) { kind = .prenominal }
        // "a. m." and "p. m." written with a space.
        if kind == nil && word.count == 1 {
            let letter = ASCII.lowercase(word[0])
            if (letter == 0x61 || letter == 0x70) && i + 3 < n && p[i + 1] == 0x20 && ASCII.lowercase(p[i + 2]) == 0x6D && p[i + 3] == 0x2E { return }
            if letter == 0x6D && ws >= 3 && p[ws - 1] == 0x20 && p[ws - 2] == 0x2E && (ASCII.lowercase(p[ws - 3]) == 0x61 || ASCII.lowercase(p[ws - 3]) == 0x70) {
                kind = .time
                ws -= 3
            }
        }

        // Abbreviations whose kind depends on the word before them.
        if kind == .postnominal {
            // "in St. Louis", "said Dr. Jones": a title; "on Main St.", "Hale Sr.": the end of
            // a name; "on 5th St.": a street.
            switch wordBefore(ws) {
            case .capitalized?: kind = .prenominal
            case .ordinal?: kind = .street
            default: kind = .title
            }
        } else if kind == .state {
            // "in Fresno, Calif. Crews" ends; "the Mass. Turnpike" does not.
            kind = placeBefore(ws) ? .final : .prenominal
        }

        switch kind {
        case .title?, .postnominal?:
            if nextIsUpper || nextIsDigit { return }  // "Mr. Park", "No. 5"
            cut(e)
            return
        case .prenominal?, .state?:
            if nextIsUpper && startsWithStarter(k) { cut(e) }  // "the U.S. How" / "the U.S. Government"
            return
        case .final?:
            if nextIsUpper { cut(e) }  // "her Ph.D. Sam was"
            return
        case .street?:
            // "on Grand Ave. Police closed" ends; "1100 Harmon Ave. NW" does not.
            if nextIsUpper && !nextWord(k, in: lexicon.afterStreet) { cut(e) }
            return
        case .month?:
            // "on Jan. 19", "in Jan. 2020"; alone, the month ends a sentence before a capital
            // ("lost 3% in Aug. Managers"), unless it introduces the sentence ("In Jan. Mr.").
            if nextIsDigit { return }
            if nextIsUpper && (startsWithStarter(k) || !sentenceSoFarIsIntroduction(before: ws)) { cut(e) }
            return
        case .time?:
            // "at 6 p.m. He went" and "He left at 6 p.m. Mr. Smith stayed" end; "At 5 a.m.
            // Mr. Smith went" and "at 5 p.m. Monday" (or "EST", "Jan. 4") do not.
            if nextWord(k, in: lexicon.afterTime) { return }
            if nextIsUpper && startsWithStarter(k) { cut(e); return }
            if (nextIsUpper || nextIsDigit) && !sentenceSoFarIsIntroduction(before: ws) { cut(e) }
            return
        case nil:
            break
        }
        if wordEnd != i { cut(e); return }
        if word.count == 1 && ASCII.isUpper(word[0]) {
            // "Jonas E. Smith": an initial. "you and I. Did": the pronoun ends a sentence.
            if word[0] == 0x49 && !previousWordIsCapitalized(ws) { cut(e); return }
            if nextIsUpper || nextIsDigit { return }  // "Jonas E. Smith", "S. 10th Street"
            cut(e)
            return
        }
        if nextIsDigit && isShortWord(word) { return }  // "N°. 1026"
        cut(e)
    }

    /// What precedes a word, within its sentence.
    enum WordBefore {
        /// A word that starts with a capital ("Main St.").
        case capitalized
        /// An ordinal number ("5th St."); a plain number is ``other`` ("In 2019 Dr. Jones").
        case ordinal
        /// Any other word ("in St. Louis").
        case other
    }

    /// The kind of the word before the one starting at `ws`, or nil when that word starts
    /// the sentence (or the text).
    func wordBefore(_ ws: Int) -> WordBefore? {
        var j = ws
        while j > lastCut && (p[j - 1] == 0x20 || p[j - 1] == 0x09) { j -= 1 }
        guard j < ws, j > lastCut else { return nil }
        let start = wordStart(before: j)
        guard start < j else { return .other }  // punctuation: "(St. Paul)", "\"Dr. Who\""
        if ASCII.isDigit(p[start]) {
            // "1st", "2nd", "3rd", "5th": digits, then two letters.
            let suffixStart = j - 2
            guard suffixStart > start, ASCII.isDigit(p[suffixStart - 1]), ASCII.isLetter(p[suffixStart]), ASCII.isLetter(p[j - 1]) else { return .other }
            return .ordinal
        }
        return isUpperStart(start) ? .capitalized : .other
    }

    /// Whether a capitalised word and a comma come before the word at `ws`: a place before a
    /// state ("Fresno, Calif.", "Washington, D.C.").
    func placeBefore(_ ws: Int) -> Bool {
        var j = ws
        while j > lastCut && (p[j - 1] == 0x20 || p[j - 1] == 0x09) { j -= 1 }
        guard j > lastCut + 1, j < ws, p[j - 1] == 0x2C else { return false }
        let start = wordStart(before: j - 1)
        return start < j - 1 && isUpperStart(start)
    }

    /// Whether the letters at `k` form a word of `words` ("Monday" in "Monday.", "Jan" in
    /// "Jan. 4").
    func nextWord(_ k: Int, in words: ByteStringSet) -> Bool {
        var m = k
        while m < n && ASCII.isLetter(p[m]) { m += 1 }
        return m > k && words.contains(p + k, m - k)
    }

    /// Whether the words from the sentence's start up to `end` only introduce it: intro words
    /// ("at", "on"), numbers and capitalised words ("On Jan. 5, at 6", "By 9:00").
    func sentenceSoFarIsIntroduction(before end: Int) -> Bool {
        var j = lastCut
        // A colon or semicolon starts a new clause: "He noted: In 44 B.C. Caesar died."
        var c = end
        while c > j { if p[c - 1] == 0x3A || p[c - 1] == 0x3B { j = c; break }; c -= 1 }
        var words = 0
        while j < end {
            while j < end && (ASCII.isSpace(p[j]) || p[j] == 0x2C || p[j] == 0x28) { j += 1 }
            guard j < end else { break }
            var m = j
            while m < end && !ASCII.isSpace(p[m]) { m += 1 }
            var z = m
            while z > j && (p[z - 1] == 0x2C || p[z - 1] == 0x29) { z -= 1 }
            words += 1
            let first = p[j]
            let isNumber = ASCII.isDigit(first)
            if !(isNumber || isUpperStart(j) || lexicon.introWords.contains(p + j, z - j)) { return false }
            j = m
        }
        return true
    }

    /// After a terminal and one space: a standalone closing quote ("''", "'", "\"" between
    /// spaces, not the opener of a quotation) or footnote marks ("[1][2]"). Returns where it
    /// ends.
    func attachedAfterSpace(_ k: Int) -> Int? {
        var j = k
        // Footnote marks: "[1]", "[1][2] [3]".
        var footnoteEnd: Int? = nil
        while j < n && p[j] == 0x5B {
            var m = j + 1
            while m < n && m - j <= 4 && ASCII.isDigit(p[m]) { m += 1 }
            guard m > j + 1, m < n, p[m] == 0x5D else { break }
            footnoteEnd = m + 1
            j = m + 1
            if j + 1 < n && p[j] == 0x20 && p[j + 1] == 0x5B { j += 1 }
        }
        if let footnoteEnd { return footnoteEnd }
        // A standalone straight quote that closes ('' or ' or " with spaces around it), or
        // any standalone quote followed by a lower-case word or punctuation.
        var m = k
        while m < n && m - k < 2 && (p[m] == 0x27 || p[m] == 0x22) { m += 1 }
        guard m > k, m >= n || ASCII.isSpace(p[m]) || p[m] == 0x2C, !spanOpeners.contains(k) else { return nil }
        if standaloneOpeners.contains(k) {
            let (after, _) = skipSpace(m)
            guard after >= n || isLowerStart(after) || isClosingPunctuation(p[after]) else { return nil }
        }
        // Terminal marks after it stay too: "Dad ! '' ."
        var end = m
        while end + 1 < n && p[end] == 0x20 && (p[end + 1] == 0x2E || p[end + 1] == 0x21 || p[end + 1] == 0x3F)
                && (end + 2 >= n || ASCII.isSpace(p[end + 2])) { end += 2 }
        return end
    }

    /// "world.Today", "1,000.That", "Tuesday.Mr.": a period between a lower-case letter or a
    /// digit and a capitalised word, outside e-mail addresses, URLs and domain names.
    func decideUnspaced(_ i: Int) {
        let next = i + 1
        guard i > 0, next + 1 < n, ASCII.isUpper(p[next]), ASCII.isLower(p[next + 1]) else { return }
        let before = p[i - 1]
        guard ASCII.isLower(before) || ASCII.isDigit(before) else { return }
        // The whitespace-delimited chunk around the period.
        var a = i
        while a > 0 && !ASCII.isSpace(p[a - 1]) { a -= 1 }
        var z = next
        while z < n && !ASCII.isSpace(p[z]) { z += 1 }
        for k in a..<z where p[k] == 0x40 || p[k] == 0x2F { return }  // '@' or '/': e-mail or URL
        if z - a > 4 && ASCII.matchesIgnoringCase(p + a, Self.www) { return }
        var m = next
        while m < n && ASCII.isLetter(p[m]) { m += 1 }
        if lexicon.topLevelDomains.contains(p + next, m - next) { return }  // "Newsfeed.Com"
        // A listed abbreviation with inner periods: "Brig.Gen."
        var end = next
        while end < n && (ASCII.isLetter(p[end]) || (p[end] == 0x2E && end + 1 < n && ASCII.isLetter(p[end + 1]))) { end += 1 }
        if end < n && p[end] == 0x2E && lexicon.kind(of: p + a, end + 1 - a) != nil { return }
        cut(next)
    }

    static let www: [UInt8] = Array("www.".utf8)

    /// A parenthesis that ends a sentence without a period: "(BBC) The Palestinian group"
    /// splits before a sentence starter. List markers ("1)") are handled elsewhere, and
    /// datelines ("SEOUL (Reuters) – U.S. officials") are not followed by a starter.
    func decideCloseParen(_ i: Int) {
        if markerPunctuation.contains(i) { return }
        let (k, newlines) = skipSpace(i + 1)
        guard k > i + 1, newlines < 2, k < n, isUpperStart(k), startsWithStarter(k) else { return }
        // "I" after ")" is often inside the sentence: "(see above) I think".
        if p[k] == 0x49 && (k + 1 >= n || !ASCII.isLetter(p[k + 1])) { return }
        if !isProtected(i, end: i + 1) { cut(i + 1) }
    }

    /// CJK, Devanagari and Arabic full stops: a boundary after them and their closers.
    func decideFullStop(_ event: Event) {
        let e = closersEnd(event.position + event.length)
        if !isProtected(event.position, end: e) { cut(e) }
    }

    // MARK: - Quotations and brackets

    /// Whether sentence punctuation at `i`, whose closers end at `end`, lies inside a
    /// quotation or brackets that close after `end` ("\"How many? I don't know.\"").
    func isProtected(_ i: Int, end: Int) -> Bool {
        while nextSpan < spans.count && spans[nextSpan].open < i {
            activeSpans.append(spans[nextSpan])
            nextSpan += 1
        }
        activeSpans.removeAll { $0.close < i }
        return activeSpans.contains { $0.open < i && $0.close >= end }
    }

    /// Pairs quotation marks and brackets within each paragraph. A mark that never closes
    /// costs nothing: it protects no text, so an unbalanced quote never swallows the
    /// sentences after it. Spans longer than ``maximumSpan`` bytes are ignored.
    ///
    /// Marks are read with QuarryCore's ``QuotationMark`` table and paired with its
    /// ``QuotationStack`` (shared with the quote stage); the classes below, which mark closes
    /// which, and the judgement of direction from spaces are the splitter's own.
    func pairQuotesAndBrackets(_ events: [Event]) {
        /// Pairing classes: a closer pairs only with an opener of its class. Stricter than
        /// ``QuotationMark/Family``: a straight " closes only a straight ", and ` pairs with '.
        enum Mark: Equatable { case straightDouble, doubleApostrophe, backticks, curlyDouble, lowDouble, guillemet, angle, single, curlySingle, paren, square, curly }
        /// An open mark; `ambiguous` marks a standalone quote whose direction was guessed.
        struct Open { var mark: Mark; var ambiguous: Bool }
        var found: [(open: Int, close: Int)] = []
        var stack = QuotationStack<Open>(maximumSpan: Self.maximumSpan)
        var standaloneOpen: [Mark: Bool] = [:]
        func close(_ mark: Mark, _ position: Int, _ length: Int, into spans: inout [(open: Int, close: Int)], ambiguous: Bool = false) -> Bool {
            guard let pair = stack.close(at: position, where: { $0.mark == mark }) else { return false }
            let opener = pair.opener
            if opener.key.ambiguous && !ambiguous { standaloneOpen[mark] = false }
            guard pair.isWithinLimit else { return true }
            guard keepQuotations || mark == .paren || mark == .square || mark == .curly else { return true }
            // Two guessed ends protect only prose, not pre-tokenized text (" , " and " . "),
            // where the guess is unreliable.
            if opener.key.ambiguous && ambiguous && looksPreTokenized(opener.position, position) { return true }
            spans.append((opener.position, position))
            return true
        }
        func push(_ mark: Mark, _ position: Int) { stack.open(Open(mark: mark, ambiguous: false), at: position) }
        // Quotes with spaces on both sides cannot show their direction: one followed by
        // punctuation closes; otherwise they alternate open/close within the paragraph.
        func standalone(_ q: Int, _ length: Int, _ mark: Mark) {
            let (after, _) = skipSpace(q + length)
            if after < n && isClosingPunctuation(p[after]) {
                _ = close(mark, q, length, into: &found, ambiguous: true)
                standaloneClosers.insert(q)
                return
            }
            if standaloneOpen[mark] == true {
                standaloneClosers.insert(q)
                _ = close(mark, q, length, into: &found, ambiguous: true)
                standaloneOpen[mark] = false
            } else {
                standaloneOpeners.insert(q)
                stack.open(Open(mark: mark, ambiguous: true), at: q)
                standaloneOpen[mark] = true
            }
        }
        var index = 0
        while index < events.count {
            let event = events[index]
            index += 1
            let q = event.position
            switch event.kind {
            case .newline:
                if blankLineAfter(q) { stack.removeAll(); standaloneOpen.removeAll() }
            case .openBracket:
                push(p[q] == 0x5B ? .square : (p[q] == 0x7B ? .curly : .paren), q)
            case .closeBracket:
                _ = close(p[q] == 0x5D ? .square : (p[q] == 0x7D ? .curly : .paren), q, event.length, into: &found)
            case .quote:
                // ‛ and ‟ are quote events but not in the table: never paired.
                guard let quotationMark = QuotationMark(at: q, in: p, count: n) else { break }
                let spaceBefore = q == 0 || ASCII.isSpace(p[q - 1]) || p[q - 1] == 0x28 || p[q - 1] == 0x5B
                let afterIndex = q + event.length
                let spaceAfter = afterIndex >= n || ASCII.isSpace(p[afterIndex]) || isClosingPunctuation(p[afterIndex])
                switch quotationMark {
                case .straightDouble:
                    if spaceBefore && spaceAfter { standalone(q, 1, .straightDouble); break }
                    if stack.top?.key.mark == .straightDouble || (!spaceBefore && stack.contains { $0.mark == .straightDouble }) {
                        _ = close(.straightDouble, q, 1, into: &found)
                    } else if !(spaceAfter && !spaceBefore) {
                        push(.straightDouble, q)
                    }
                case .doubleGrave:
                    if !close(.backticks, q, 2, into: &found) { push(.backticks, q) }
                    index += 1  // the second backtick
                case .graveAccent:
                    if !close(.single, q, 1, into: &found) { push(.single, q) }
                case .doubleApostrophe:
                    // '' as a double quote (pre-tokenized text): ambiguous in direction
                    if !close(.backticks, q, 2, into: &found) { standalone(q, 2, .doubleApostrophe) }
                    index += 1  // the second apostrophe
                case .straightSingle:
                    let letterBefore = q > 0 && (ASCII.isLetter(p[q - 1]) || ASCII.isDigit(p[q - 1]))
                    let letterAfter = afterIndex < n && ASCII.isLetter(p[afterIndex])
                    if letterBefore && letterAfter { break }  // an apostrophe: "don't"
                    if isClitic(afterIndex) && (spaceBefore || letterBefore) { break }  // "'s", "'re" in pre-tokenized text
                    if spaceBefore && spaceAfter {
                        standalone(q, 1, .single)
                    } else if spaceBefore {
                        push(.single, q)
                    } else if spaceAfter || afterIndex >= n {
                        _ = close(.single, q, 1, into: &found)
                    }
                case .leftGuillemet: push(.guillemet, q)
                case .rightGuillemet: _ = close(.guillemet, q, 2, into: &found)
                case .leftDouble: push(.curlyDouble, q)
                case .lowDouble: push(.lowDouble, q)
                case .rightDouble:
                    if !close(.curlyDouble, q, 3, into: &found) { _ = close(.lowDouble, q, 3, into: &found) }
                case .leftSingle: push(.curlySingle, q)
                case .rightSingle:  // ’ closes only a ‘
                    if spaceAfter || afterIndex >= n { _ = close(.curlySingle, q, 3, into: &found) }
                case .leftSingleGuillemet: push(.angle, q)
                case .rightSingleGuillemet: _ = close(.angle, q, 3, into: &found)
                case .lowSingle, .leftCorner, .rightCorner, .leftWhiteCorner, .rightWhiteCorner:
                    break  // ‚ is not paired here; corner brackets are not quote events
                }
            default:
                break
            }
        }
        found.sort { $0.open < $1.open }
        spans = found
        spanOpeners = Set(found.map(\.open))
    }

    /// Whether the text at `i` is a clitic after an apostrophe: a word listed in
    /// ``SentenceLexicon/clitics`` ("s", "t", "re", ... from `clitics.txt`) followed by a
    /// non-letter.
    func isClitic(_ i: Int) -> Bool {
        let clitics = lexicon.clitics
        let longest = clitics.maxLength
        var m = i
        while m < n && m - i <= longest && ASCII.isLetter(p[m]) { m += 1 }
        return m > i && m - i <= longest && clitics.contains(p + i, m - i)
    }

    /// Whether the text between two positions is tokenized with spaces (" , " or " . ").
    func looksPreTokenized(_ a: Int, _ z: Int) -> Bool {
        var j = a
        while j + 2 < z {
            if p[j] == 0x20 && (p[j + 1] == 0x2C || p[j + 1] == 0x2E) && p[j + 2] == 0x20 { return true }
            j += 1
        }
        return false
    }

    /// The longest quotation or bracketed span (bytes) that protects its punctuation.
    static let maximumSpan = 600

    @inline(__always) func isClosingPunctuation(_ b: UInt8) -> Bool {
        b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A || b == 0x21 || b == 0x3F || b == 0x29 || b == 0x5D
    }

    // MARK: - Lines, bullets and lists

    func decideNewline(_ i: Int) {
        let (k, newlines) = skipSpace(i)
        if newlines >= 2 {
            cut(i)  // a blank line ends a paragraph
            consumedUntil = k
            return
        }
        guard k < n else { return }
        if isBulletStart(k) || isListItemStart(k) { cut(i); return }
        if paragraphIsList(around: i) { cut(i); return }
        // A short line without final punctuation, then a capital: a heading or a signature.
        var lineStart = i
        while lineStart > 0 && p[lineStart - 1] != 0x0A { lineStart -= 1 }
        var lineEnd = i
        while lineEnd > lineStart && ASCII.isSpace(p[lineEnd - 1]) { lineEnd -= 1 }
        guard lineEnd > lineStart, lineEnd - lineStart <= Self.shortLine, isUpperStart(k) else { return }
        let last = p[lineEnd - 1]
        if last == 0x2C || last == 0x3B || last == 0x3A || last == 0x2D || last == 0x28 { return }  // , ; : - (
        cut(i)
    }

    /// Lines at most this long (bytes) count as short: headings, list lines, signatures.
    static let shortLine = 40

    func decideBullet(_ b: Int) {
        if b == 0 || ASCII.isSpace(p[b - 1]) { cut(b) }
    }

    /// A bullet at `k`: one of • ‣ ⁃ ◦ ▪ ●, or "-" / "*" followed by a space.
    func isBulletStart(_ k: Int) -> Bool {
        if (p[k] == 0x2D || p[k] == 0x2A) && k + 1 < n && p[k + 1] == 0x20 { return true }
        if p[k] == 0xE2, let (kind, _) = nonASCIICandidate(k), kind == .bullet { return true }
        return false
    }

    /// Whether the line at `k` starts with a list marker found by ``findListMarkers(_:)``.
    func isListItemStart(_ k: Int) -> Bool {
        var j = k
        while j < n && j < k + 4 && (ASCII.isDigit(p[j]) || ASCII.isLetter(p[j])) { j += 1 }
        return j > k && j < n && markerPunctuation.contains(j)
    }

    /// A paragraph of three or more short lines, none ending in sentence punctuation, is a
    /// list: each line is a sentence ("features\ncontact manager\nevents, activities").
    func paragraphIsList(around i: Int) -> Bool {
        if i >= listParagraph.start && i < listParagraph.end { return listParagraph.isList }
        var start = i
        while start > 0 {
            if p[start - 1] == 0x0A && blankLineBefore(start - 1) { break }
            start -= 1
        }
        var end = i
        while end < n {
            if p[end] == 0x0A && blankLineAfter(end) { break }
            end += 1
        }
        var lines = 0
        var isList = true
        var lineStart = start
        var j = start
        while j <= end {
            if j == end || p[j] == 0x0A {
                var a = lineStart, z = j
                while a < z && ASCII.isSpace(p[a]) { a += 1 }
                while z > a && ASCII.isSpace(p[z - 1]) { z -= 1 }
                if z > a {
                    lines += 1
                    let last = p[z - 1]
                    if z - a > Self.shortLine + 10 || last == 0x2E || last == 0x21 || last == 0x3F || last == 0x2C {
                        isList = false
                        break
                    }
                }
                lineStart = j + 1
            }
            j += 1
        }
        listParagraph = (start, end, isList && lines >= 3)
        return listParagraph.isList
    }

    func blankLineBefore(_ newline: Int) -> Bool {
        var j = newline
        while j > 0 && (p[j - 1] == 0x20 || p[j - 1] == 0x09 || p[j - 1] == 0x0D) { j -= 1 }
        return j == 0 || p[j - 1] == 0x0A
    }

    func blankLineAfter(_ newline: Int) -> Bool {
        var j = newline + 1
        while j < n && (p[j] == 0x20 || p[j] == 0x09 || p[j] == 0x0D) { j += 1 }
        return j >= n || p[j] == 0x0A
    }

    /// List markers: "1." "2)" "3.)" "a." "b)" at the start of a line (or the text, or after
    /// a bullet), and the markers that continue their sequence (same style, next value)
    /// anywhere after them: "1) The first item 2) The second item". A marker's punctuation
    /// is not a sentence end, and a continuing marker starts a new sentence.
    func findListMarkers(_ events: [Event]) {
        struct Run { var value: Int; var anchored: Bool }
        var runs: [Int: Run] = [:]  // by style * 4 + kind
        for event in events where event.kind == .period || event.kind == .closeParen {
            let q = event.position
            // The marker's text: one to three digits or a single letter before q.
            var s = q
            while s > 0 && q - s < 3 && ASCII.isDigit(p[s - 1]) { s -= 1 }
            var kind = 0  // 0 number, 1 lower-case letter, 2 capital letter
            var value = 0
            if s < q {
                if s > 0 && ASCII.isDigit(p[s - 1]) { continue }
                for k in s..<q { value = value * 10 + Int(p[k] - 0x30) }
            } else if q > 0 && ASCII.isLetter(p[q - 1]) {
                s = q - 1
                kind = ASCII.isUpper(p[s]) ? 2 : 1
                value = Int(ASCII.lowercase(p[s]) - 0x60)
            } else {
                continue
            }
            // What precedes it: the start of the text or a line, a space, or a bullet.
            let anchored: Bool
            var itemStart = s  // where the list item starts: the marker, or a bullet before it
            var before = s
            while before > 0 && (p[before - 1] == 0x20 || p[before - 1] == 0x09) { before -= 1 }
            if before == 0 || p[before - 1] == 0x0A {
                anchored = true
            } else if before >= 3, nonASCIICandidate(before - 3)?.0 == .bullet {
                anchored = true
                itemStart = before - 3
            } else if before < s && (p[before - 1] == 0x2E || p[before - 1] == 0x21 || p[before - 1] == 0x3F) && kind != 2
                        && before >= 3 && ASCII.isLetter(p[before - 2]) && ASCII.isLetter(p[before - 3])
                        && !(p[before - 1] == 0x2E && isAbbreviation(endingAt: before)) {
                // After the end of a sentence: "this. 1. The first item"; not after a listed
                // abbreviation, whose number it is ("on Jan. 19. The", "the party's No. 2.").
                anchored = true
            } else if before < s {
                anchored = false
            } else {
                continue  // glued to a word: "U.S", "3.5"
            }
            // Its style, and a space after it.
            var style = p[q] == 0x29 ? 1 : 0
            var end = q + 1
            if p[q] == 0x2E && q + 1 < n && p[q + 1] == 0x29 { style = 2; end = q + 2 }
            guard end < n, p[end] == 0x20 || p[end] == 0x09 else { continue }
            if kind == 2 && style == 0 && !anchored { continue }  // "E. Smith" is an initial
            let key = style * 4 + kind
            if let run = runs[key], run.value + 1 == value {
                runs[key] = Run(value: value, anchored: run.anchored)
                markerPunctuation.insert(q)
                markerPunctuation.insert(end - 1)
                cuts.append(itemStart)
            } else if anchored {
                runs[key] = Run(value: value, anchored: true)
                markerPunctuation.insert(q)
                markerPunctuation.insert(end - 1)
                cuts.append(itemStart)
            }
        }
    }

    /// Whether the word ending with the period before `end` is a listed abbreviation ("Jan.").
    func isAbbreviation(endingAt end: Int) -> Bool {
        let start = wordStart(before: end - 1)
        return start < end - 1 && lexicon.kind(of: p + start, end - start) != nil
    }

    // MARK: - Building sentences

    func cut(_ position: Int) {
        cuts.append(position)
        lastCut = max(lastCut, position)
    }

    func buildRanges() -> [Range<Int>] {
        var ends = cuts.filter { $0 > 0 && $0 < n }
        ends.sort()
        ends.append(n)
        var result: [Range<Int>] = []
        result.reserveCapacity(ends.count)
        var start = 0
        for end in ends where end > start {
            var a = start, z = end
            while a < z, let length = spaceLength(at: a) { a += length }
            while z > a, let length = spaceLengthBefore(z) { z -= length }
            if z > a { result.append(a..<z) }
            start = end
        }
        return result
    }

    // MARK: - Text helpers

    /// The length of a whitespace scalar at `i` (ASCII or Unicode space), or nil.
    func spaceLength(at i: Int) -> Int? {
        let b = p[i]
        if ASCII.isSpace(b) { return 1 }
        if b < 0x80 { return nil }
        if b == 0xC2, i + 1 < n, p[i + 1] == 0xA0 || p[i + 1] == 0x85 { return 2 }
        guard i + 2 < n else { return nil }
        let b1 = p[i + 1], b2 = p[i + 2]
        if b == 0xE2 && b1 == 0x80 && (b2 <= 0x8B || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }
        if b == 0xE2 && b1 == 0x81 && b2 == 0x9F { return 3 }
        if b == 0xE3 && b1 == 0x80 && b2 == 0x80 { return 3 }
        if b == 0xEF && b1 == 0xBB && b2 == 0xBF { return 3 }
        return nil
    }

    /// The length of a whitespace scalar ending at `end`, or nil.
    func spaceLengthBefore(_ end: Int) -> Int? {
        if ASCII.isSpace(p[end - 1]) { return 1 }
        if p[end - 1] < 0x80 { return nil }
        var start = end - 1
        while start > 0 && p[start] & 0xC0 == 0x80 { start -= 1 }
        if let length = spaceLength(at: start), start + length == end { return length }
        return nil
    }

    /// Skips whitespace from `i`; returns where it stops and how many newlines it crossed.
    func skipSpace(_ i: Int) -> (Int, Int) {
        var j = i
        var newlines = 0
        while j < n, let length = spaceLength(at: j) {
            if p[j] == 0x0A || (p[j] == 0x0D && (j + 1 >= n || p[j + 1] != 0x0A)) { newlines += 1 }
            j += length
        }
        return (j, newlines)
    }

    /// Closing quotes and brackets directly after sentence punctuation, and footnote marks
    /// such as "[1]".
    func closersEnd(_ start: Int) -> Int {
        var j = start
        while j < n {
            let b = p[j]
            if b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D || b == 0x7D || b == 0x60 { j += 1; continue }
            if b == 0x5B {  // "[12]"
                var k = j + 1
                while k < n && k - j <= 4 && ASCII.isDigit(p[k]) { k += 1 }
                if k > j + 1 && k < n && p[k] == 0x5D { j = k + 1; continue }
                break
            }
            if b >= 0x80 && j + 1 < n {
                let b1 = p[j + 1]
                if b == 0xC2 && b1 == 0xBB { j += 2; continue }  // »
                if j + 2 < n {
                    let b2 = p[j + 2]
                    if b == 0xE2 && b1 == 0x80 && (b2 == 0x99 || b2 == 0x9D || b2 == 0xBA) { j += 3; continue }  // ’ ” ›
                    if b == 0xE3 && b1 == 0x80 && (b2 == 0x8D || b2 == 0x8F || b2 == 0x8B || b2 == 0x89) { j += 3; continue }  // 」』》〉
                    if b == 0xEF && b1 == 0xBC && b2 == 0x89 { j += 3; continue }  // ）
                }
            }
            break
        }
        return j
    }

    func isOpeningQuote(_ k: Int) -> Bool { openingQuoteLength(k) > 0 }

    func openingQuoteLength(_ k: Int) -> Int {
        let b = p[k]
        if b == 0x22 || b == 0x27 || b == 0x28 { return 1 }
        if b == 0xE2 && k + 2 < n && p[k + 1] == 0x80 && (p[k + 2] == 0x9C || p[k + 2] == 0x98) { return 3 }  // “ ‘
        if b == 0xC2 && k + 1 < n && p[k + 1] == 0xAB { return 2 }  // «
        return 0
    }

    /// Decodes the scalar at `i` (the text is valid UTF-8).
    func scalar(at i: Int) -> Unicode.Scalar? {
        let b0 = UInt32(p[i])
        var value: UInt32
        if b0 < 0x80 { value = b0 }
        else if b0 < 0xE0 { guard i + 1 < n else { return nil }; value = (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F) }
        else if b0 < 0xF0 { guard i + 2 < n else { return nil }; value = (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F) }
        else { guard i + 3 < n else { return nil }; value = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F) }
        return Unicode.Scalar(value)
    }

    func isUpperStart(_ k: Int) -> Bool {
        guard k < n else { return false }
        let b = p[k]
        if b < 0x80 { return ASCII.isUpper(b) }
        guard let s = scalar(at: k) else { return false }
        return s.properties.isUppercase || s.properties.generalCategory == .titlecaseLetter
    }

    func isLowerStart(_ k: Int) -> Bool {
        guard k < n else { return false }
        let b = p[k]
        if b < 0x80 { return ASCII.isLower(b) }
        guard let s = scalar(at: k) else { return false }
        return s.properties.isLowercase
    }

    /// The start of the word that ends at `end`: letters, digits, marks and symbols such as
    /// "°", joined by periods, apostrophes, hyphens, ampersands and underscores.
    func wordStart(before end: Int) -> Int {
        var s = end
        while s > lastCut {
            let b = p[s - 1]
            if b < 0x80 {
                if ASCII.isLetter(b) || ASCII.isDigit(b) || b == 0x2E || b == 0x27 || b == 0x2D || b == 0x26 || b == 0x5F {
                    s -= 1
                    continue
                }
                break
            }
            var lead = s - 1
            while lead > 0 && p[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard let scalar = scalar(at: lead) else { break }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .decimalNumber, .otherSymbol, .modifierSymbol:
                s = lead
            case .finalPunctuation where scalar == "\u{2019}":
                s = lead  // ’ inside a word
            default:
                return s
            }
        }
        return s
    }

    /// Whether the word before the one starting at `ws` starts with a capital (or there is
    /// none): "Albert I." is an initial, "you and I." the pronoun.
    func previousWordIsCapitalized(_ ws: Int) -> Bool {
        var j = ws
        while j > 0 && ASCII.isSpace(p[j - 1]) { j -= 1 }
        if j == 0 { return true }
        if j == ws { return false }
        let start = wordStart(before: j)
        if start == j { return false }
        return isUpperStart(start)
    }

    /// Single letters joined by periods: "U.S", "E.U", "a.m", "U.S.A".
    func isDottedLetters(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count >= 3, word.count % 2 == 1 else { return false }
        for (k, b) in word.enumerated() {
            if k % 2 == 0 { if !ASCII.isLetter(b) { return false } } else if b != 0x2E { return false }
        }
        return true
    }

    func isUpperCaseAMPM(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.count == 3 && (word[0] == 0x41 || word[0] == 0x50) && word[1] == 0x2E && word[2] == 0x4D
    }

    /// One or two characters, or a word with a symbol ("N°"), without digits.
    func isShortWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        if word.contains(where: ASCII.isDigit) { return false }
        let scalars = word.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return scalars <= 2 || word.contains(where: { $0 >= 0x80 })
    }

    /// Whether the word at `k` is listed in `sentence-starters.txt`.
    func startsWithStarter(_ k: Int) -> Bool {
        var m = k
        while m < n && ASCII.isLetter(p[m]) { m += 1 }
        return m > k && lexicon.starters.contains(p + k, m - k)
    }
}
