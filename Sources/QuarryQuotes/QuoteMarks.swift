import QuarryCore

/// Finds quotations: pairs of quotation marks, nested, per paragraph, with the news
/// convention for a quotation running over several paragraphs.
///
/// Rules:
/// - Openers and closers by family: “ ” and „ “ / „ ” and "…" (double); ‘ ’, ‚ ‘ and '…'
///   (single); « », ‹ ›, 「 」, 『 』.
/// - A straight mark opens after a space, an opening bracket or dash or at the start, and
///   closes otherwise when its family is open.
/// - ’ and ' between letters, after a letter with no single quotation open ("States’"), or
///   before a digit ("’90s") are apostrophes, never quotation marks.
/// - A closer pairs with the nearest open mark of its family; openers left in between
///   are dropped (an unbalanced mark costs only its own quotation). A closer with no
///   opener is ignored.
/// - At a paragraph's end, a double quotation still open continues when the next paragraph
///   starts with an opener of the same family: it is closed at the paragraph's end and marked
///   `continues`. Otherwise the opener was unbalanced and is dropped.
///
/// The marks come from QuarryCore's ``QuotationMark`` table and pair through its
/// ``QuotationStack`` (shared with the sentence splitter); the judgements of context above
/// are this scanner's own.
struct QuoteMarkScanner {
    struct Quotation: Equatable {
        /// From the opening mark to the end of the closing mark (or of the paragraph).
        var start: Int
        var end: Int
        /// Nesting depth: 0 for outermost.
        var depth: Int
        /// The quotation is closed by the end of its paragraph because the next paragraph
        /// opens again (the multi-paragraph convention).
        var continues: Bool
    }

    /// Bytes that can matter: newlines, straight marks and the lead bytes of the curly,
    /// angle and corner marks; everything else is skipped in a tight loop.
    static let interesting: [Bool] = (0..<256).map { [0x0A, 0x22, 0x27, 0xC2, 0xE2, 0xE3].contains($0) }

    /// The first offset from `p` on whose byte is ``interesting``, or the text's end. Out of
    /// line, so that this loop, where the time goes, keeps its few registers whatever the
    /// scanner around it needs (inlined, it spilled the table and cost two more instructions
    /// a byte).
    @inline(never)
    static func nextInteresting(_ text: UnsafeBufferPointer<UInt8>, from p: Int) -> Int {
        interesting.withUnsafeBufferPointer { table in
            var q = p
            while q < text.count && !table[Int(text[q])] { q += 1 }
            return q
        }
    }

    /// The quotations of a text, sorted by start.
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Quotation] {
        guard let base = text.baseAddress, !text.isEmpty else { return [] }
        var result: [Quotation] = []
        // Each open mark is kept as the mark that opened it: its family, whether it is low
        // („ ‚, closed by “ ‘ as well) and whether it is straight.
        var stack = QuotationStack<QuotationMark>()
        let n = text.count
        // Paragraphs are separated by blank lines; a text with no blank line uses lines.
        var blankLines = false
        var i = 0
        while i + 1 < n {
            if text[i] == 0x0A {
                var j = i + 1
                while j < n && (text[j] == 0x20 || text[j] == 0x09 || text[j] == 0x0D) { j += 1 }
                if j < n && text[j] == 0x0A { blankLines = true; break }
            }
            i += 1
        }

        /// The scalar before byte offset `p` (decoding backwards), or 0x20 at the start.
        func scalarBefore(_ p: Int) -> UInt32 {
            var q = p - 1
            if q < 0 { return 0x20 }
            while q > 0 && text[q] & 0xC0 == 0x80 { q -= 1 }
            return decode(q).0
        }
        func decode(_ p: Int) -> (UInt32, Int) {
            let b = text[p]
            if b < 0x80 { return (UInt32(b), 1) }
            if b < 0xE0, p + 1 < n { return ((UInt32(b & 0x1F) << 6) | UInt32(text[p + 1] & 0x3F), 2) }
            if b < 0xF0, p + 2 < n { return ((UInt32(b & 0x0F) << 12) | (UInt32(text[p + 1] & 0x3F) << 6) | UInt32(text[p + 2] & 0x3F), 3) }
            if p + 3 < n { return ((UInt32(b & 0x07) << 18) | (UInt32(text[p + 1] & 0x3F) << 12) | (UInt32(text[p + 2] & 0x3F) << 6) | UInt32(text[p + 3] & 0x3F), 4) }
            return (UInt32(b), 1)
        }
        /// A letter or a digit (ASCII or Unicode alphabetic).
        func isLetter(_ s: UInt32) -> Bool {
            if s < 0x80 { return ASCII.isLetter(UInt8(s)) || ASCII.isDigit(UInt8(s)) }
            guard let scalar = Unicode.Scalar(s) else { return false }
            return scalar.properties.isAlphabetic
        }
        func isDigit(_ s: UInt32) -> Bool { s < 0x80 && ASCII.isDigit(UInt8(s)) }
        func isSpace(_ s: UInt32) -> Bool { s < 0x80 && ASCII.isBlankOrLineBreak(UInt8(s)) }
        func opensContext(_ s: UInt32) -> Bool {
            // Space, start, brackets, dashes, other openers, slash.
            s == 0x20 || s == 0x0A || s == 0x09 || s == 0x0D || s == 0x28 || s == 0x5B || s == 0x7B || s == 0x2014 || s == 0x2013
                || s == 0x2D || s == 0x201C || s == 0x2018 || s == 0x22 || s == 0x27 || s == 0xAB || s == 0x201E || s == 0xA0 || s == 0x2F
        }

        /// Closes the nearest open mark of `family` (only a low one for “ and ‘ closing „ ‚).
        func close(_ family: QuotationMark.Family, at p: Int, length: Int, lowCloser: Bool = false) {
            guard let pair = stack.close(at: p, where: { $0.family == family && (!lowCloser || $0.isLow) }) else { return }
            result.append(Quotation(start: pair.opener.position, end: p + length, depth: pair.depth, continues: false))
        }

        func endParagraph(at end: Int, nextStart: Int) {
            guard !stack.isEmpty else { return }
            // Does the next paragraph open with a double opener?
            var continues = false
            if nextStart < n {
                let (s, _) = decode(nextStart)
                continues = s == 0x201C || s == 0x22 || s == 0x201E || s == 0xAB
            }
            if continues, let k = stack.firstIndex(where: { $0.family == .double || $0.family == .guillemet }) {
                var e = end
                while e > stack[k].position && ASCII.isBlankOrLineBreak(text[e - 1]) { e -= 1 }
                result.append(Quotation(start: stack[k].position, end: e, depth: k, continues: true))
            }
            stack.removeAll()
        }

        var p = 0
        while p < n {
            p = nextInteresting(text, from: p)
            if p >= n { break }
            let b = text[p]
            if b == 0x0A {
                // Paragraph break?
                var j = p + 1
                var sawBlank = !blankLines
                while j < n && ASCII.isBlankOrLineBreak(text[j]) {
                    if text[j] == 0x0A { sawBlank = true }
                    j += 1
                }
                if sawBlank {
                    endParagraph(at: p, nextStart: j)
                    p = j
                    continue
                }
                p += 1
                continue
            }
            // The mark here: straight marks by their bytes ('' is one double mark, as the New
            // York Times writes it), the others by their decoded scalar.
            let mark: QuotationMark
            let length: Int
            if b < 0x80 {
                guard let straight = QuotationMark(at: p, in: base, count: n) else { p += 1; continue }
                (mark, length) = (straight, straight.length)
            } else {
                let (s, scalarLength) = decode(p)
                guard let curly = QuotationMark(scalar: s) else { p += scalarLength; continue }
                (mark, length) = (curly, scalarLength)
            }
            switch mark {
            case .straightDouble, .doubleApostrophe:
                let before = scalarBefore(p)
                let after: UInt32 = p + length < n ? decode(p + length).0 : 0x20
                let hasOpen = stack.contains { $0.family == .double && $0.isStraight }
                if hasOpen && !(opensContext(before) && isLetter(after)) {
                    close(.double, at: p, length: length)
                } else if !isSpace(after) {
                    stack.open(mark, at: p)
                }
            case .straightSingle:
                let before = scalarBefore(p)
                let after: UInt32 = p + 1 < n ? decode(p + 1).0 : 0x20
                if isLetter(before) && isLetter(after) || isDigit(after) { break }  // an apostrophe
                let hasOpen = stack.contains { $0.family == .single }
                if hasOpen && !isLetter(after) {
                    close(.single, at: p, length: 1)
                } else if opensContext(before) && isLetter(after) {
                    stack.open(mark, at: p)
                }
            case .leftDouble:  // “ opens, or closes a low „
                if let top = stack.top?.key, top == .lowDouble, !isLetter(p + length < n ? decode(p + length).0 : 0x20) || scalarBefore(p) != 0x20 {
                    close(.double, at: p, length: length, lowCloser: true)
                } else {
                    stack.open(mark, at: p)
                }
            case .leftSingle:  // ‘ opens unless it elides digits ("‘90s"); closes a low ‚
                let after: UInt32 = p + length < n ? decode(p + length).0 : 0x20
                if let top = stack.top?.key, top == .lowSingle {
                    close(.single, at: p, length: length, lowCloser: true)
                } else if !isDigit(after) {
                    stack.open(mark, at: p)
                }
            case .rightSingle:  // ’ closes an open single quotation; otherwise an apostrophe
                let before = scalarBefore(p)
                let after: UInt32 = p + length < n ? decode(p + length).0 : 0x20
                if !(isLetter(before) && isLetter(after)) && !isDigit(after) && stack.contains(where: { $0.family == .single }) {
                    close(.single, at: p, length: length)
                }
            case .lowDouble, .lowSingle, .leftGuillemet, .leftSingleGuillemet, .leftCorner, .leftWhiteCorner:
                stack.open(mark, at: p)
            case .rightDouble, .rightGuillemet, .rightSingleGuillemet, .rightCorner, .rightWhiteCorner:
                close(mark.family, at: p, length: length)
            case .graveAccent, .doubleGrave:
                break  // not quotation marks in news text (and ` is not an interesting byte)
            }
            p += length
        }
        endParagraph(at: n, nextStart: n)
        result.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        // Depth from containment (pairs closed out of order may carry a stale depth).
        var open: [Int] = []
        for k in result.indices {
            while let last = open.last, result[last].end <= result[k].start { open.removeLast() }
            result[k].depth = open.count
            open.append(k)
        }
        return result
    }
}
