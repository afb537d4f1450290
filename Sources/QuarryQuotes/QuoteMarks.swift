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

    enum Family: UInt8 { case double, single, guillemet, singleGuillemet, corner, whiteCorner }

    private struct Open {
        var family: Family
        var position: Int
        /// A low opener („ ‚) closes with “ ‘ as well.
        var low: Bool
        var straight: Bool
    }

    /// Bytes that can matter: newlines, straight marks and the lead bytes of the curly,
    /// angle and corner marks; everything else is skipped in a tight loop.
    static let interesting: [Bool] = (0..<256).map { [0x0A, 0x22, 0x27, 0xC2, 0xE2, 0xE3].contains($0) }

    /// The quotations of a text, sorted by start.
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Quotation] {
        var result: [Quotation] = []
        var stack: [Open] = []
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

        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
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
        func isLetter(_ s: UInt32) -> Bool {
            if s < 0x80 { return (s | 0x20) >= 0x61 && (s | 0x20) <= 0x7A || (s >= 0x30 && s <= 0x39) }
            guard let scalar = Unicode.Scalar(s) else { return false }
            return scalar.properties.isAlphabetic
        }
        func isDigit(_ s: UInt32) -> Bool { s >= 0x30 && s <= 0x39 }
        func opensContext(_ s: UInt32) -> Bool {
            // Space, start, brackets, dashes, other openers, slash.
            s == 0x20 || s == 0x0A || s == 0x09 || s == 0x0D || s == 0x28 || s == 0x5B || s == 0x7B || s == 0x2014 || s == 0x2013
                || s == 0x2D || s == 0x201C || s == 0x2018 || s == 0x22 || s == 0x27 || s == 0xAB || s == 0x201E || s == 0xA0 || s == 0x2F
        }

        func close(_ family: Family, at p: Int, length: Int, lowCloser: Bool = false) -> Bool {
            // The nearest open mark of this family.
            guard let k = stack.lastIndex(where: { $0.family == family && (!lowCloser || $0.low) }) else { return false }
            let open = stack[k]
            result.append(Quotation(start: open.position, end: p + length, depth: k, continues: false))
            stack.removeSubrange(k...)
            return true
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
                while e > stack[k].position && isSpace(text[e - 1]) { e -= 1 }
                result.append(Quotation(start: stack[k].position, end: e, depth: k, continues: true))
            }
            stack.removeAll(keepingCapacity: true)
        }

        let interesting = QuoteMarkScanner.interesting
        var p = 0
        while p < n {
            while p < n && !interesting[Int(text[p])] { p += 1 }
            if p >= n { break }
            let b = text[p]
            if b == 0x0A {
                // Paragraph break?
                var j = p + 1
                var sawBlank = !blankLines
                while j < n && isSpace(text[j]) {
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
            let twoApostrophes = b == 0x27 && p + 1 < n && text[p + 1] == 0x27
            if b == 0x22 || twoApostrophes {  // " or '' (the New York Times' straight double mark)
                let width = twoApostrophes ? 2 : 1
                let before = scalarBefore(p)
                let after: UInt32 = p + width < n ? decode(p + width).0 : 0x20
                let hasOpen = stack.contains { $0.family == .double && $0.straight }
                if hasOpen && !(opensContext(before) && isLetter(after)) {
                    _ = close(.double, at: p, length: width)
                } else if !(after == 0x20 || after == 0x0A || after == 0x09 || after == 0x0D) {
                    stack.append(Open(family: .double, position: p, low: false, straight: true))
                }
                p += width
                continue
            }
            if b == 0x27 {  // '
                let before = scalarBefore(p)
                let after: UInt32 = p + 1 < n ? decode(p + 1).0 : 0x20
                if isLetter(before) && isLetter(after) || isDigit(after) { p += 1; continue }
                let hasOpen = stack.contains { $0.family == .single }
                if hasOpen && !isLetter(after) {
                    _ = close(.single, at: p, length: 1)
                } else if opensContext(before) && isLetter(after) {
                    stack.append(Open(family: .single, position: p, low: false, straight: true))
                }
                p += 1
                continue
            }
            if b < 0x80 { p += 1; continue }
            let (s, length) = decode(p)
            switch s {
            case 0x201C:  // “ opens, or closes a low „
                if let top = stack.last, top.family == .double, top.low, !isLetter(p + length < n ? decode(p + length).0 : 0x20) || scalarBefore(p) != 0x20 {
                    _ = close(.double, at: p, length: length, lowCloser: true)
                } else {
                    stack.append(Open(family: .double, position: p, low: false, straight: false))
                }
            case 0x201D:  // ”
                _ = close(.double, at: p, length: length)
            case 0x201E:  // „
                stack.append(Open(family: .double, position: p, low: true, straight: false))
            case 0x2018:  // ‘ opens unless it elides digits ("‘90s"); closes a low ‚
                let after: UInt32 = p + length < n ? decode(p + length).0 : 0x20
                if let top = stack.last, top.family == .single, top.low {
                    _ = close(.single, at: p, length: length, lowCloser: true)
                } else if !isDigit(after) {
                    stack.append(Open(family: .single, position: p, low: false, straight: false))
                }
            case 0x201A:  // ‚
                stack.append(Open(family: .single, position: p, low: true, straight: false))
            case 0x2019:  // ’ closes an open single quotation; otherwise an apostrophe
                let before = scalarBefore(p)
                let after: UInt32 = p + length < n ? decode(p + length).0 : 0x20
                if !(isLetter(before) && isLetter(after)) && !isDigit(after) && stack.contains(where: { $0.family == .single }) {
                    _ = close(.single, at: p, length: length)
                }
            case 0xAB: stack.append(Open(family: .guillemet, position: p, low: false, straight: false))
            case 0xBB: _ = close(.guillemet, at: p, length: length)
            case 0x2039: stack.append(Open(family: .singleGuillemet, position: p, low: false, straight: false))
            case 0x203A: _ = close(.singleGuillemet, at: p, length: length)
            case 0x300C: stack.append(Open(family: .corner, position: p, low: false, straight: false))
            case 0x300D: _ = close(.corner, at: p, length: length)
            case 0x300E: stack.append(Open(family: .whiteCorner, position: p, low: false, straight: false))
            case 0x300F: _ = close(.whiteCorner, at: p, length: length)
            default: break
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
