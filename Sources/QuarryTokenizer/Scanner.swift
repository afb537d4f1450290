import CICU
import QuarryCore

/// The byte-level scanner behind ``Tokenizer``. One instance tokenizes one document.
///
/// `i` always sits on a scalar boundary. Every byte of the input ends up either inside a
/// token or in the whitespace between tokens: nothing is dropped.
///
/// A final class rather than a struct: the scanner carries the lexicon, and a struct that large
/// was copied on every token (measured: 10% of the time in memcpy).
final class Scanner {
    let p: UnsafePointer<UInt8>
    let n: Int
    let cls: UnsafePointer<UInt8>
    let lexicon: TokenizerLexicon
    let splitClitics: Bool
    let splitPossessives: Bool
    let scratch: TokenizerScratch

    init(p: UnsafePointer<UInt8>, n: Int, cls: UnsafePointer<UInt8>, lexicon: TokenizerLexicon,
         splitClitics: Bool, splitPossessives: Bool, scratch: TokenizerScratch) {
        self.p = p
        self.n = n
        self.cls = cls
        self.lexicon = lexicon
        self.splitClitics = splitClitics
        self.splitPossessives = splitPossessives
        self.scratch = scratch
    }

    // MARK: - Driver

    func run(into records: inout ContiguousArray<TokenRecord>) {
        var i = skipSpace(0).end
        while i < n {
            let b = p[i]
            let c = cls[Int(b)]
            let countBefore = records.count
            var end: Int
            if c & ByteClass.word != 0 && b != 0x5F {
                let word = scanWord(i)
                end = word.end
                append(&records, i, end, word.kind, word.clitic, split: word.split)
            } else if c & ByteClass.nonASCII == 0 {
                let token = scanASCIIPunct(i)
                end = token.end
                append(&records, i, end, token.kind, token.clitic, split: false)
            } else {
                let (scalar, length) = decode(i)
                switch UnicodeClass.of(scalar) {
                case .letter, .digit, .mark, .format, .otherNumber:
                    let word = scanWord(i)
                    end = word.end
                    append(&records, i, end, word.kind, word.clitic, split: word.split)
                case .complex:
                    end = scanComplex(i, into: &records)
                case .space:
                    // Only reached for spaces skipSpace does not know; keep them out of tokens.
                    end = i + length
                case .punct, .symbol:
                    end = scanNonASCIIPunct(i, scalar, length, into: &records)
                }
            }
            end = extend(end)
            if records.count > countBefore {
                // Marks and joiners after the token belong to it.
                records[records.count - 1].end = UInt32(truncatingIfNeeded: end)
            }
            let gap = skipSpace(end)
            if gap.end > end, records.count > countBefore {
                var flags = records[records.count - 1].flags
                flags.insert(.spaceAfter)
                if gap.newlines > 0 { flags.insert(.newlineAfter) }
                if gap.newlines > 1 { flags.insert(.paragraphAfter) }
                records[records.count - 1].flags = flags
            }
            i = max(gap.end, i + 1)
        }
    }

    @inline(__always)
    func append(_ records: inout ContiguousArray<TokenRecord>, _ start: Int, _ end: Int, _ kind: TokenKind, _ clitic: Int, split: Bool) {
        if clitic > 0 && split {
            records.append(TokenRecord(start: start, end: start + clitic, kind: kind, flags: .cliticHost))
            records.append(TokenRecord(start: start + clitic, end: end, kind: kind, flags: .clitic))
        } else {
            records.append(TokenRecord(start: start, end: end, kind: kind, cliticOffset: clitic))
        }
    }

    /// Skips whitespace (ASCII and Unicode spaces) from `i`; counts newlines.
    @inline(__always)
    func skipSpace(_ start: Int) -> (end: Int, newlines: Int) {
        var i = start
        var newlines = 0
        while i < n {
            let b = p[i]
            let c = cls[Int(b)]
            if c & ByteClass.space != 0 {
                if b == 0x0A { newlines += 1 }
                i += 1
            } else if c & ByteClass.nonASCII != 0, let length = unicodeSpaceLength(i) {
                if p[i] == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9) { newlines += 1 }
                i += length
            } else {
                break
            }
        }
        return (i, newlines)
    }

    /// The byte length of a non-ASCII space at `i` (NBSP, U+2000...U+200B, line and paragraph
    /// separators, U+202F, U+205F, U+3000, U+1680, U+0085, the BOM), or nil.
    @inline(__always)
    func unicodeSpaceLength(_ i: Int) -> Int? {
        let b0 = p[i]
        if b0 == 0xC2, i + 1 < n, p[i + 1] == 0xA0 || p[i + 1] == 0x85 { return 2 }
        guard i + 2 < n else { return nil }
        let b1 = p[i + 1], b2 = p[i + 2]
        switch b0 {
        case 0xE2:
            if b1 == 0x80 && (b2 <= 0x8B || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }
            if b1 == 0x81 && b2 == 0x9F { return 3 }
        case 0xE3:
            if b1 == 0x80 && b2 == 0x80 { return 3 }
        case 0xE1:
            if b1 == 0x9A && b2 == 0x80 { return 3 }
        case 0xEF:
            if b1 == 0xBB && b2 == 0xBF { return 3 }
        default:
            break
        }
        return nil
    }

    /// Decodes the (valid) scalar at `i`.
    @inline(__always)
    func decode(_ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
            | UInt32(p[i + 3] & 0x3F), 4)
    }

    /// Whether the scalar at `i` is a word character (ASCII letter or digit, or a non-ASCII
    /// letter or digit).
    @inline(__always)
    func isWordStart(_ i: Int) -> Bool {
        guard i < n else { return false }
        let c = cls[Int(p[i])]
        if c & (ByteClass.letter | ByteClass.digit) != 0 { return true }
        if c & ByteClass.nonASCII == 0 { return false }
        switch UnicodeClass.of(decode(i).0) {
        case .letter, .digit: return true
        default: return false
        }
    }

    @inline(__always)
    func isLetter(_ i: Int) -> Bool {
        guard i < n else { return false }
        let c = cls[Int(p[i])]
        if c & ByteClass.letter != 0 { return true }
        if c & ByteClass.nonASCII == 0 { return false }
        return UnicodeClass.of(decode(i).0) == .letter
    }

    @inline(__always)
    func isDigit(_ i: Int) -> Bool { i < n && cls[Int(p[i])] & ByteClass.digit != 0 }

    /// Whether a token may end before `i`: the end of the text, whitespace or punctuation.
    @inline(__always)
    func isBoundary(_ i: Int) -> Bool {
        guard i < n else { return true }
        let c = cls[Int(p[i])]
        if c & (ByteClass.space | ByteClass.punct) != 0 && p[i] != 0x5F { return true }
        if c & ByteClass.nonASCII == 0 { return false }
        if unicodeSpaceLength(i) != nil { return true }
        switch UnicodeClass.of(decode(i).0) {
        case .punct, .symbol, .space: return true
        default: return false
        }
    }

    /// The length of a right single quotation mark (’, used as an apostrophe) at `i`, or 0.
    @inline(__always)
    func curlyApostrophe(_ i: Int) -> Int {
        i + 2 < n && p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x99 ? 3 : 0
    }

    // MARK: - Words and numbers

    /// Scans a word or number starting at `start` (a word character).
    /// `split` says whether the clitic (if any) is split off: always with ``splitClitics``,
    /// and for possessives with ``splitPossessives``.
    func scanWord(_ start: Int) -> (end: Int, kind: TokenKind, clitic: Int, split: Bool) {
        if cls[Int(p[start])] & ByteClass.letter != 0, let end = matchURL(start) {
            return (end, .url, 0, false)
        }
        var i = start
        var hasLetter = false
        var hasDot = false
        var hasApostrophe = false
        var lastWasDigit = false
        var lastWasLetter = false
        var onlyDigitsSoFar = true

        scan: while true {
            // A run of word characters.
            run: while i < n {
                let b = p[i]
                let c = cls[Int(b)]
                if c & ByteClass.letter != 0 {
                    hasLetter = true; lastWasLetter = true; lastWasDigit = false; onlyDigitsSoFar = false
                    i += 1
                } else if c & ByteClass.digit != 0 {
                    lastWasDigit = true; lastWasLetter = false
                    i += 1
                } else if b == 0x5F {  // '_' joins: "Lisa_resume.doc"
                    lastWasDigit = false; lastWasLetter = false; onlyDigitsSoFar = false
                    i += 1
                } else if c & ByteClass.nonASCII != 0 {
                    let (scalar, length) = decode(i)
                    switch UnicodeClass.of(scalar) {
                    case .letter:
                        hasLetter = true; lastWasLetter = true; lastWasDigit = false; onlyDigitsSoFar = false
                    case .mark, .format:
                        break  // marks and soft hyphens continue whatever came before
                    case .digit, .otherNumber:
                        lastWasDigit = true; lastWasLetter = false
                    default:
                        break run
                    }
                    i += length
                } else {
                    break
                }
            }
            guard i < n else { break scan }
            // A connector between word characters, kept only where the text on both sides
            // makes it part of the word.
            let b = p[i]
            switch b {
            case 0x2E:  // '.': "U.S", "3.5", "paulhastings.com", "alt.animals"
                if isWordStart(i + 1) && (lastWasLetter || lastWasDigit) && !isRunOnSentence(start, i) {
                    hasDot = true; onlyDigitsSoFar = onlyDigitsSoFar && isDigit(i + 1)
                    i += 1
                    continue scan
                }
            case 0x27:  // "'": "don't", "O'Neill", "Arafat's"
                if lastWasLetter && isLetter(i + 1) {
                    hasApostrophe = true
                    i += 1
                    continue scan
                }
            case 0xE2:  // "’" as an apostrophe: "Korea’s"
                let length = curlyApostrophe(i)
                if length > 0 && lastWasLetter && isLetter(i + length) {
                    hasApostrophe = true
                    i += length
                    continue scan
                }
            case 0x2C:  // ',': thousands, "5,000", "1,000,000"
                if lastWasDigit && onlyDigitsSoFar && isDigit(i + 1) && isDigit(i + 2) && isDigit(i + 3)
                    && !isDigit(i + 4) {
                    i += 4
                    continue scan
                }
            case 0x3A, 0x2F:  // ':' times "08:02", '/' dates "9/30/01"
                if lastWasDigit && onlyDigitsSoFar && isDigit(i + 1) {
                    i += 1
                    continue scan
                }
            case 0x2D:  // '-': phone numbers "303-832-8160", listed prefixes "e-mail"
                if lastWasDigit && onlyDigitsSoFar && isDigit(i + 1) && isPhoneLike(start, i) {
                    i += 1
                    continue scan
                }
                if lastWasLetter && isLetter(i + 1) && lexicon.hyphenPrefixes.contains(p + start, i - start) {
                    i += 1
                    lastWasLetter = false
                    continue scan
                }
            case 0x40:  // '@': e-mail address
                if i > start && isWordStart(i + 1), let end = scanDomain(i + 1) {
                    return (end, .email, 0, false)
                }
            default:
                break
            }
            break scan
        }

        // A final period that belongs to the token: listed abbreviations, letters joined by
        // periods ("U.S.", "a.m."), a capital initial ("J.").
        if i < n && p[i] == 0x2E && hasLetter && isAbbreviation(start, i, hasDot: hasDot) {
            i += 1
        }
        // Listed special tokens that continue past punctuation: "b/c", "Yahoo!", "AT&T".
        if i < n && cls[Int(p[i])] & ByteClass.punct != 0, let special = matchSpecial(start, minimumEnd: i + 1) {
            return (special.end, special.kind, 0, false)
        }
        if !hasLetter { return (i, .number, 0, false) }
        if hasDot && isDomainName(start, i) { return (i, .url, 0, false) }
        let clitic = cliticOffset(start, i, hasApostrophe: hasApostrophe)
        return (i, .word, clitic.offset, splitClitics || (splitPossessives && clitic.possessive))
    }

    /// A period between two sentences typed without a space: "album.That", "1,000.That"
    /// (a lower-case letter or digit, the period, a capital and a lower-case letter), unless
    /// the word is an e-mail address or the next part is a domain ("Newsfeed.Com").
    /// The sentence splitter ends a sentence there too, so tokens and sentences agree.
    func isRunOnSentence(_ start: Int, _ period: Int) -> Bool {
        let before = p[period - 1]
        guard ASCII.isLower(before) || ASCII.isDigit(before), period + 2 < n, ASCII.isUpper(p[period + 1]),
              ASCII.isLower(p[period + 2]) else { return false }
        var end = period + 1
        while end < n && cls[Int(p[end])] & ByteClass.letter != 0 { end += 1 }
        if lexicon.topLevelDomains.contains(p + period + 1, end - period - 1) { return false }
        // An e-mail address or a path further on: "Jane.Doe@example.com".
        var j = period + 1
        while j < n && j < period + 80 && cls[Int(p[j])] & ByteClass.space == 0 {
            if p[j] == 0x40 || p[j] == 0x2F { return false }
            j += 1
        }
        var k = start
        while k < period { if p[k] == 0x2F || p[k] == 0x40 { return false }; k += 1 }
        // A listed abbreviation with inner periods: "Brig.Gen.", "Ph.D."
        var chunkEnd = period + 1
        while chunkEnd < n && (cls[Int(p[chunkEnd])] & ByteClass.letter != 0
                || (p[chunkEnd] == 0x2E && chunkEnd + 1 < n && cls[Int(p[chunkEnd + 1])] & ByteClass.letter != 0)) { chunkEnd += 1 }
        if chunkEnd < n && p[chunkEnd] == 0x2E {
            let length = chunkEnd + 1 - start
            if lexicon.abbreviationsExact.contains(p + start, length) || lexicon.abbreviationsFolded.contains(p + start, length) { return false }
        }
        return true
    }

    /// Digit groups joined by hyphens, as in phone numbers: at most three digits before each
    /// hyphen and three or four after it ("3-5213", "303-832-8160"; not "1-0" or "1990-2000").
    func isPhoneLike(_ start: Int, _ hyphen: Int) -> Bool {
        var j = hyphen + 1
        var after = 0
        while j < n && isDigit(j) { j += 1; after += 1 }
        var before = 0
        while hyphen - before - 1 >= start && isDigit(hyphen - before - 1) { before += 1 }
        return after >= 3 && after <= 4 && before <= 3
    }

    func isAbbreviation(_ start: Int, _ period: Int, hasDot: Bool) -> Bool {
        let length = period + 1 - start
        if lexicon.abbreviationsExact.contains(p + start, length) || lexicon.abbreviationsFolded.contains(p + start, length) {
            return true
        }
        if length == 2 {
            // A capital initial, except "I", which ends sentences ("so did I.").
            return cls[Int(p[start])] & ByteClass.upper != 0 && p[start] != 0x49
        }
        guard hasDot else { return false }
        // Single letters joined by periods: U.S, a.m, W.H.S
        var j = start
        while j < period {
            guard cls[Int(p[j])] & ByteClass.letter != 0, j + 1 == period || p[j + 1] == 0x2E else { return false }
            j += 2
        }
        return true
    }

    /// A dotted token whose last label is a common top-level domain: "reuters.com".
    func isDomainName(_ start: Int, _ end: Int) -> Bool {
        var dot = end - 1
        while dot > start && p[dot] != 0x2E { dot -= 1 }
        let length = end - dot - 1
        guard dot > start, length >= 2, length <= 4 else { return false }
        return lexicon.topLevelDomains.contains(p + dot + 1, length)
    }

    /// After "@": a domain of word characters joined by single periods or hyphens.
    func scanDomain(_ start: Int) -> Int? {
        var i = start
        var end = start
        while i < n {
            let c = cls[Int(p[i])]
            if c & (ByteClass.letter | ByteClass.digit) != 0 || p[i] == 0x5F {
                i += 1
                end = i
            } else if (p[i] == 0x2E || p[i] == 0x2D) && i > start && i + 1 < n
                        && cls[Int(p[i + 1])] & (ByteClass.letter | ByteClass.digit) != 0 {
                i += 1
            } else {
                break
            }
        }
        return end > start ? end : nil
    }

    /// Where a clitic starts inside a word ("don't" -> 2, "Korea’s" -> 5), or 0.
    /// A possessive is the suffix "'s" (or "’s") after a host that is not listed as taking
    /// the contraction ("it's", "that's", "let's"): "Korea’s", "Today's".
    func cliticOffset(_ start: Int, _ end: Int, hasApostrophe: Bool) -> (offset: Int, possessive: Bool) {
        if !hasApostrophe {
            // Most words cannot be a listed split ("cannot"): check the first letter first.
            guard end - start <= lexicon.wordSplitKeys.maxLength,
                  lexicon.wordSplitFirstBytes[Int(ASCII.lowercase(p[start]))],
                  lexicon.wordSplitKeys.contains(p + start, end - start) else { return (0, false) }
            let key = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self).lowercased()
            return (lexicon.wordSplits[key] ?? 0, false)
        }
        for suffix in lexicon.cliticSuffixes {
            // The part after the apostrophe ends the word ...
            let afterStart = end - suffix.after.count
            guard afterStart > start, endsWith(suffix.after, at: afterStart) else { continue }
            // ... preceded by an apostrophe (' or ’) ...
            var apostrophe = afterStart - 1
            if p[apostrophe] != 0x27 {
                guard afterStart - 3 > start, curlyApostrophe(afterStart - 3) == 3 else { continue }
                apostrophe = afterStart - 3
            }
            // ... preceded by the part before it ("n" of "n't"), with a host left over.
            let hostEnd = apostrophe - suffix.before.count
            guard hostEnd > start, endsWith(suffix.before, at: hostEnd) else { continue }
            let possessive = suffix.before.isEmpty && suffix.after == [0x73]
                && !lexicon.contractionHosts.contains(p + start, hostEnd - start)
            return (hostEnd - start, possessive)
        }
        return (0, false)
    }

    @inline(__always)
    func endsWith(_ expected: [UInt8], at position: Int) -> Bool {
        ASCII.matchesIgnoringCase(p + position, expected)
    }

    // MARK: - URLs and special tokens

    static let schemes: [[UInt8]] = ["https://", "http://", "ftp://", "www."].map { Array($0.utf8) }

    /// A URL starting at `start` with a scheme or "www.": runs to whitespace, without trailing
    /// punctuation (and without a closing bracket it did not open).
    func matchURL(_ start: Int) -> Int? {
        let first = ASCII.lowercase(p[start])
        guard start + 4 < n else { return nil }
        let second = ASCII.lowercase(p[start + 1])
        // h(ttp) f(tp) w(ww)
        guard (first == 0x68 && second == 0x74) || (first == 0x66 && second == 0x74) || (first == 0x77 && second == 0x77) else { return nil }
        var matched = 0
        for scheme in Self.schemes where start + scheme.count < n {
            if ASCII.matchesIgnoringCase(p + start, scheme) { matched = scheme.count; break }
        }
        guard matched > 0, isWordStart(start + matched) else { return nil }
        var i = start + matched
        while i < n {
            let b = p[i]
            let c = cls[Int(b)]
            if c & ByteClass.space != 0 || b == 0x22 || b == 0x3C || b == 0x3E { break }
            if c & ByteClass.nonASCII != 0 {
                if unicodeSpaceLength(i) != nil { break }
                let (scalar, length) = decode(i)
                let kind = UnicodeClass.of(scalar)
                if kind == .punct || kind == .symbol { break }  // “ ” « » — …
                i += length
                continue
            }
            i += 1
        }
        // Trim trailing punctuation; keep ')' only if the URL opened one.
        while i > start + matched {
            let b = p[i - 1]
            if b == 0x29 {
                var open = 0, close = 0
                for j in start..<i { if p[j] == 0x28 { open += 1 } else if p[j] == 0x29 { close += 1 } }
                if open >= close { break }
            } else if !(b == 0x2E || b == 0x2C || b == 0x3B || b == 0x3A || b == 0x21 || b == 0x3F || b == 0x27
                        || b == 0x5D || b == 0x7D) {
                break
            }
            i -= 1
        }
        return i
    }

    /// The longest listed special token at `start` that ends at or after `minimumEnd` and at
    /// a boundary.
    func matchSpecial(_ start: Int, minimumEnd: Int) -> (end: Int, kind: TokenKind)? {
        let candidates = lexicon.specials[Int(p[start])]
        if candidates.isEmpty { return nil }
        for special in candidates {
            let end = start + special.bytes.count
            guard end >= minimumEnd, end <= n else { continue }
            var equal = true
            for (k, byte) in special.bytes.enumerated() where p[start + k] != byte { equal = false; break }
            guard equal else { continue }
            if special.kind == .emoticon {
                // ":)" only as a token of its own: after a space and before a space or punctuation.
                guard start == 0 || cls[Int(p[start - 1])] & ByteClass.space != 0 else { continue }
                guard end == n || cls[Int(p[end])] & (ByteClass.space | ByteClass.punct) != 0 else { continue }
            } else if !isBoundary(end) {
                continue
            }
            return (end, special.kind)
        }
        return nil
    }

    // MARK: - Punctuation and symbols

    func scanASCIIPunct(_ start: Int) -> (end: Int, kind: TokenKind, clitic: Int) {
        let b = p[start]
        if cls[Int(b)] == 0 { return (start + 1, .symbol, 0) }  // control characters
        if let special = matchSpecial(start, minimumEnd: start + 2) { return (special.end, special.kind, 0) }
        switch b {
        case 0x23:  // '#': hashtags
            if isLetter(start + 1) {
                var i = start + 1
                while i < n, isWordStart(i) || p[i] == 0x5F { i += isWordStart(i) ? decode(i).1 : 1 }
                return (i, .hashtag, 0)
            }
        case 0x40:  // '@': handles, "@SecBlinken", "@paulhastings.com"
            if i1IsHandleChar(start + 1) {
                var i = start + 1
                while i < n {
                    if cls[Int(p[i])] & ByteClass.word != 0 {
                        i += 1
                    } else if p[i] == 0x2E && i + 1 < n && cls[Int(p[i + 1])] & ByteClass.word != 0 {
                        i += 1
                    } else {
                        break
                    }
                }
                return (i, .handle, 0)
            }
        case 0x2E, 0x21, 0x3F:  // runs of . ! ?: "...", "!!!", "?!"
            var i = start + 1
            while i < n && (p[i] == 0x2E || p[i] == 0x21 || p[i] == 0x3F) { i += 1 }
            return (i, .punct, 0)
        case 0x2B:  // '+1', "+44"
            if isDigit(start + 1) && (start == 0 || cls[Int(p[start - 1])] & ByteClass.space != 0) {
                let number = scanWord(start + 1)
                if number.kind == .number { return (number.end, .number, 0) }  // never has a clitic
            }
        default:
            break
        }
        let kind: TokenKind = Self.symbolBytes.contains(b) ? .symbol : .punct
        // Runs of the same mark are one token: "--", "***", "====", "$$$", "<<".
        if Self.repeatableBytes.contains(b) {
            var i = start + 1
            while i < n && p[i] == b { i += 1 }
            return (i, kind, 0)
        }
        return (start + 1, kind, 0)
    }

    @inline(__always)
    func i1IsHandleChar(_ i: Int) -> Bool { i < n && cls[Int(p[i])] & ByteClass.word != 0 }

    static let symbolBytes: Set<UInt8> = Set("$%+<=>^|~&`".utf8)
    static let repeatableBytes: Set<UInt8> = Set("-=*_~<>$#+/\\|^`".utf8)

    /// Non-ASCII punctuation or symbols: one scalar each, but runs of the same dash or
    /// ellipsis are one token ("——").
    func scanNonASCIIPunct(_ start: Int, _ scalar: UInt32, _ length: Int, into records: inout ContiguousArray<TokenRecord>) -> Int {
        var end = start + length
        let kind: TokenKind = UnicodeClass.of(scalar) == .symbol ? .symbol : .punct
        if scalar == 0x2014 || scalar == 0x2013 || scalar == 0x2026 || scalar == 0x2015 {
            while end + length <= n && decode(end).0 == scalar { end += length }
        } else if Self.isRegionalIndicator(scalar), end < n, p[end] >= 0xF0, Self.isRegionalIndicator(decode(end).0) {
            end += 4  // a flag is a pair of regional indicators: "🇰🇷"
        }
        records.append(TokenRecord(start: start, end: end, kind: kind))
        return end
    }

    @inline(__always)
    static func isRegionalIndicator(_ scalar: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(scalar) }

    /// Marks, joiners, variation selectors and emoji modifiers after a token belong to it;
    /// after a zero-width joiner, so does the next scalar ("👩‍🚀").
    func extend(_ end: Int) -> Int {
        var i = end
        while i < n && p[i] >= 0xC0 {
            let (scalar, length) = decode(i)
            if scalar == 0x200D {
                i += length
                if i < n && p[i] >= 0x80 && unicodeSpaceLength(i) == nil { i += decode(i).1 }
                continue
            }
            if UnicodeClass.of(scalar) == .mark || (0xFE00...0xFE0F).contains(scalar)
                || (0x1F3FB...0x1F3FF).contains(scalar) || (0xE0020...0xE007F).contains(scalar) {
                i += length
                continue
            }
            break
        }
        return i
    }

    // MARK: - Dictionary scripts (ICU)

    /// A run of text in a dictionary-segmented script, handed to ICU's word break iterator.
    func scanComplex(_ start: Int, into records: inout ContiguousArray<TokenRecord>) -> Int {
        var end = start
        while end < n && p[end] >= 0x80 && unicodeSpaceLength(end) == nil { end += decode(end).1 }
        guard let breaker = scratch.wordBreaker(),
              quarry_breaker_set_text(breaker, p + start, Int64(end - start)) == 0 else {
            // ICU unavailable: keep the run as one token rather than lose it.
            records.append(TokenRecord(start: start, end: end, kind: .ideographic))
            return end
        }
        var previous = 0
        while true {
            let boundary = quarry_breaker_next(breaker)
            if boundary < 0 { break }
            let segment = Int(boundary)
            let status = quarry_breaker_rule_status(breaker)
            let kind: TokenKind
            if status >= QUARRY_WORD_LETTER { kind = .ideographic }
            else if status >= QUARRY_WORD_NUMBER { kind = .number }
            else { kind = UnicodeClass.of(decode(start + previous).0) == .symbol ? .symbol : .punct }
            records.append(TokenRecord(start: start + previous, end: start + segment, kind: kind))
            previous = segment
        }
        return end
    }
}
