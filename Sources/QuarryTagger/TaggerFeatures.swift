import QuarryCore

/// 64-bit hashing for feature keys: FNV-1a over bytes, then a finaliser that spreads every
/// input bit, so keys can be combined and probed directly.
enum FeatureHash {
    @inline(__always)
    static func bytes(_ p: UnsafePointer<UInt8>, _ count: Int, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var h = seed
        var k = 0
        while k < count {
            h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3
            k += 1
        }
        return finish(h)
    }

    @inline(__always)
    static func finish(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A feature's key: its template and up to two values.
    @inline(__always)
    static func key(_ template: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
        finish(finish(template &* 0x9E37_79B9_7F4A_7C15 ^ a) &+ b)
    }

    static func string(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { bytes($0.baseAddress!, $0.count) }
    }
}

/// What the tagger's features read of one word, hashed once: its lower-cased form, its
/// endings and first letter, its shape.
struct WordInfo {
    /// The word as written (for the tag dictionary).
    var exact: UInt64
    /// The word lower-cased.
    var lower: UInt64
    /// The last 1, 2, 3 and 4 bytes of the lower-cased word (0 when the word is not longer).
    var suffix1: UInt64, suffix2: UInt64, suffix3: UInt64, suffix4: UInt64, suffix5: UInt64
    /// The first three bytes of the lower-cased word (0 when the word is not longer).
    var prefix3: UInt64
    /// The first byte (sequence) of the lower-cased word.
    var prefix1: UInt64
    /// The shape: upper-case letters `X`, other letters `x`, digits `d`, anything else kept, a run cut to two.
    var shape: UInt64
    /// The word's band in the model's ``CasingLexicon`` (0: unknown), set by the tagger.
    var casing: UInt64 = 0
    /// Letters all upper-case (2 or more), first letter upper-case, has letters.
    var isUpper: Bool, isTitle: Bool, hasLetters: Bool

    /// Padding before the sentence's first word and after its last.
    static func padding(_ k: UInt64) -> WordInfo { WordInfo(padding: FeatureHash.finish(0x5041_4444_0000_0000 | k)) }

    private init(padding h: UInt64) {
        exact = h; lower = h; suffix1 = h; suffix2 = h; suffix3 = h; suffix4 = h; suffix5 = h; prefix1 = h; prefix3 = h; shape = h
        isUpper = false; isTitle = false; hasLetters = false
    }

    /// The hashes of the word in `bytes`; `lowered` is scratch space of at least its length.
    init(_ bytes: UnsafeBufferPointer<UInt8>, lowered: UnsafeMutablePointer<UInt8>, loweredCapacity: Int) {
        let n = bytes.count
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        var lowerCount = n
        var upperLetters = 0, letters = 0, firstUpper = false
        var shapeHash: UInt64 = 0xCBF2_9CE4_8422_2325
        var lastMapped: UInt8 = 0, run = 0
        if ascii {
            for k in 0..<n {
                let b = bytes[k]
                lowered[k] = ASCII.lowercase(b)
                let mapped: UInt8
                if ASCII.isUpper(b) { mapped = 0x58; upperLetters += 1; letters += 1; if letters == 1 { firstUpper = true } }
                else if ASCII.isLower(b) { mapped = 0x78; letters += 1 }
                else if ASCII.isDigit(b) { mapped = 0x64 }
                else { mapped = b }
                if mapped == lastMapped { run += 1 } else { run = 1; lastMapped = mapped }
                if run <= 2 { shapeHash = (shapeHash ^ UInt64(mapped)) &* 0x0000_0100_0000_01B3 }
            }
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            let lower = Array(text.lowercased().utf8.prefix(loweredCapacity))
            lowerCount = lower.count
            for (k, b) in lower.enumerated() { lowered[k] = b }
            for s in text.unicodeScalars {
                let p = s.properties
                var mapped: UInt64
                if p.isUppercase || p.generalCategory == .titlecaseLetter {
                    mapped = 0x58; upperLetters += 1; letters += 1; if letters == 1 { firstUpper = true }
                } else if p.isAlphabetic { mapped = 0x78; letters += 1 }
                else if p.numericType == .decimal { mapped = 0x64 }
                else { mapped = UInt64(s.value) }
                let m8 = UInt8(truncatingIfNeeded: mapped)
                if m8 == lastMapped { run += 1 } else { run = 1; lastMapped = m8 }
                if run <= 2 { shapeHash = (shapeHash ^ mapped) &* 0x0000_0100_0000_01B3 }
            }
        }
        let base = bytes.baseAddress!
        exact = FeatureHash.bytes(base, n)
        lower = FeatureHash.bytes(lowered, lowerCount)
        suffix1 = lowerCount > 1 ? FeatureHash.bytes(lowered + lowerCount - 1, 1, seed: 1) : 0
        suffix2 = lowerCount > 2 ? FeatureHash.bytes(lowered + lowerCount - 2, 2, seed: 2) : 0
        suffix3 = lowerCount > 3 ? FeatureHash.bytes(lowered + lowerCount - 3, 3, seed: 3) : 0
        suffix4 = lowerCount > 4 ? FeatureHash.bytes(lowered + lowerCount - 4, 4, seed: 4) : 0
        suffix5 = lowerCount > 5 ? FeatureHash.bytes(lowered + lowerCount - 5, 5, seed: 6) : 0
        prefix3 = lowerCount > 3 ? FeatureHash.bytes(lowered, 3, seed: 7) : 0
        var firstLength = 1
        if lowerCount > 0 && lowered[0] >= 0xC0 {
            while firstLength < lowerCount && lowered[firstLength] & 0xC0 == 0x80 { firstLength += 1 }
        }
        prefix1 = lowerCount > 0 ? FeatureHash.bytes(lowered, min(firstLength, lowerCount), seed: 5) : 0
        shape = FeatureHash.finish(shapeHash)
        hasLetters = letters > 0
        isUpper = letters >= 2 && upperLetters == letters
        isTitle = firstUpper
    }
}

/// How a sentence is written: as prose, all in capitals (a dateline, a shouted headline), or
/// with every word capitalised (a headline). Case means less in the last two.
enum SentenceCase: UInt64 {
    case prose = 1, upper = 2, title = 3

    /// The case of the words `words[range]`.
    static func of(_ words: UnsafeBufferPointer<WordInfo>) -> SentenceCase {
        var lettered = 0, upper = 0, title = 0
        for w in words where w.hasLetters {
            lettered += 1
            if w.isUpper { upper += 1 } else if w.isTitle { title += 1 }
        }
        guard lettered >= 3 else { return .prose }
        if upper * 10 >= lettered * 7 { return .upper }
        if (upper + title) * 10 >= lettered * 8 && title >= 3 { return .title }
        return .prose
    }
}

/// The feature templates. Static ones read words only and are computed before decoding;
/// dynamic ones read the tags chosen for the previous words.
enum Template: UInt64 {
    case bias = 1, lower, suffix1, suffix2, suffix3, suffix4, prefix1, shape, shapeCase, shapeFirst
    case lowerPrev, lowerPrev2, lowerNext, lowerNext2, suffixPrev, suffixNext, shapePrev, shapeNext
    case bigramPrev, bigramNext, around, prefix3, suffixLong, casingFirst, casingCase, casingNext, exact
    case tagPrev = 40, tagPrev2, tagBigram, tagPrevLower, tagPrevSuffix, tagPrevNext

    /// How many static keys ``staticKeys`` writes at most.
    static let staticCount = 27
    /// How many dynamic keys ``dynamicKeys`` writes.
    static let dynamicCount = 6
}

extension Template {
    /// Writes word `i`'s static feature keys into `out` (at most ``staticCount``); returns how
    /// many. `words` has two padding entries on each side: word `i` is `words[i + 2]`.
    @inline(__always)
    static func staticKeys(_ words: UnsafePointer<WordInfo>, _ i: Int, first: Bool, sentenceCase: SentenceCase,
                           into out: UnsafeMutablePointer<UInt64>) -> Int {
        let w = words[i + 2], p = words[i + 1], p2 = words[i], n = words[i + 3], n2 = words[i + 4]
        var c = 0
        @inline(__always) func add(_ t: Template, _ a: UInt64, _ b: UInt64 = 0) {
            out[c] = FeatureHash.key(t.rawValue, a, b)
            c += 1
        }
        add(.bias, 0)
        add(.lower, w.lower)
        if w.suffix1 != 0 { add(.suffix1, w.suffix1) }
        if w.suffix2 != 0 { add(.suffix2, w.suffix2) }
        if w.suffix3 != 0 { add(.suffix3, w.suffix3) }
        if w.suffix4 != 0 { add(.suffix4, w.suffix4) }
        add(.prefix1, w.prefix1)
        add(.shape, w.shape)
        add(.shapeCase, w.shape, sentenceCase.rawValue)
        add(.shapeFirst, w.shape, first ? 1 : 2)
        add(.lowerPrev, p.lower)
        add(.lowerPrev2, p2.lower)
        add(.lowerNext, n.lower)
        add(.lowerNext2, n2.lower)
        add(.suffixPrev, p.suffix3 != 0 ? p.suffix3 : p.lower)
        add(.suffixNext, n.suffix3 != 0 ? n.suffix3 : n.lower)
        add(.shapePrev, p.shape, sentenceCase.rawValue)
        add(.shapeNext, n.shape, sentenceCase.rawValue)
        add(.bigramPrev, p.lower, w.lower)
        add(.bigramNext, w.lower, n.lower)
        add(.around, p.lower, n.lower)
        add(.casingFirst, w.casing, first ? 1 : 2)
        add(.casingCase, w.casing, sentenceCase.rawValue)
        add(.casingNext, n.casing, w.isTitle ? 1 : 2)
        add(.prefix3, w.prefix3)
        if w.suffix5 != 0 { add(.suffixLong, w.suffix5) }
        add(.exact, w.exact)
        return c
    }

    /// The static features of word `i` that read two words (the rest read one word each and
    /// are summed per word type, for a word that is not its sentence's first in a sentence of
    /// prose: ``typeKeys(_:role:into:)``). Together with those they are exactly ``staticKeys``.
    @inline(__always)
    static func contextKeys(_ words: UnsafePointer<WordInfo>, _ i: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
        let w = words[i + 2], p = words[i + 1], n = words[i + 3]
        out[0] = FeatureHash.key(Template.bigramPrev.rawValue, p.lower, w.lower)
        out[1] = FeatureHash.key(Template.bigramNext.rawValue, w.lower, n.lower)
        out[2] = FeatureHash.key(Template.around.rawValue, p.lower, n.lower)
        out[3] = FeatureHash.key(Template.casingNext.rawValue, n.casing, w.isTitle ? 1 : 2)
        return 4
    }

    /// The features that read only word `w`, by the role it plays: the word itself (0), the
    /// word before (1), after (2), two before (3), two after (4); those that read the
    /// sentence's case and the word's place as they are in prose, past the first word.
    @inline(__always)
    static func typeKeys(_ w: WordInfo, role: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
        var c = 0
        @inline(__always) func add(_ t: Template, _ a: UInt64) {
            out[c] = FeatureHash.key(t.rawValue, a, 0)
            c += 1
        }
        @inline(__always) func add2(_ t: Template, _ a: UInt64, _ b: UInt64) {
            out[c] = FeatureHash.key(t.rawValue, a, b)
            c += 1
        }
        switch role {
        case 0:
            add(.bias, 0)
            add(.lower, w.lower)
            if w.suffix1 != 0 { add(.suffix1, w.suffix1) }
            if w.suffix2 != 0 { add(.suffix2, w.suffix2) }
            if w.suffix3 != 0 { add(.suffix3, w.suffix3) }
            if w.suffix4 != 0 { add(.suffix4, w.suffix4) }
            add(.prefix1, w.prefix1)
            add(.shape, w.shape)
            add(.prefix3, w.prefix3)
            if w.suffix5 != 0 { add(.suffixLong, w.suffix5) }
            add2(.shapeCase, w.shape, SentenceCase.prose.rawValue)
            add2(.shapeFirst, w.shape, 2)
            add2(.casingFirst, w.casing, 2)
            add2(.casingCase, w.casing, SentenceCase.prose.rawValue)
            add(.exact, w.exact)
        case 1:
            add(.lowerPrev, w.lower)
            add(.suffixPrev, w.suffix3 != 0 ? w.suffix3 : w.lower)
            add2(.shapePrev, w.shape, SentenceCase.prose.rawValue)
        case 2:
            add(.lowerNext, w.lower)
            add(.suffixNext, w.suffix3 != 0 ? w.suffix3 : w.lower)
            add2(.shapeNext, w.shape, SentenceCase.prose.rawValue)
        case 3: add(.lowerPrev2, w.lower)
        default: add(.lowerNext2, w.lower)
        }
        return c
    }

    /// Writes word `i`'s dynamic feature keys that need a lookup (``dynamicCount`` less the
    /// two that read one class, which the tagger keeps in dense rows).
    @inline(__always)
    static func pairKeys(_ words: UnsafePointer<WordInfo>, _ i: Int, previous: Int, previous2: Int,
                         into out: UnsafeMutablePointer<UInt64>) -> Int {
        let w = words[i + 2]
        let t1 = UInt64(bitPattern: Int64(previous)), t2 = UInt64(bitPattern: Int64(previous2))
        out[0] = FeatureHash.key(Template.tagBigram.rawValue, t1, t2)
        out[1] = FeatureHash.key(Template.tagPrevLower.rawValue, t1, w.lower)
        out[2] = FeatureHash.key(Template.tagPrevSuffix.rawValue, t1, w.suffix3 != 0 ? w.suffix3 : w.lower)
        out[3] = FeatureHash.key(Template.tagPrevNext.rawValue, t1, words[i + 3].lower)
        return 4
    }

    /// Writes word `i`'s dynamic feature keys (``dynamicCount``) given the classes of the two
    /// words before it (`-1`, `-2` for padding).
    @inline(__always)
    static func dynamicKeys(_ words: UnsafePointer<WordInfo>, _ i: Int, previous: Int, previous2: Int,
                            into out: UnsafeMutablePointer<UInt64>) {
        let w = words[i + 2]
        let t1 = UInt64(bitPattern: Int64(previous)), t2 = UInt64(bitPattern: Int64(previous2))
        out[0] = FeatureHash.key(Template.tagPrev.rawValue, t1)
        out[1] = FeatureHash.key(Template.tagPrev2.rawValue, t2)
        out[2] = FeatureHash.key(Template.tagBigram.rawValue, t1, t2)
        out[3] = FeatureHash.key(Template.tagPrevLower.rawValue, t1, w.lower)
        out[4] = FeatureHash.key(Template.tagPrevSuffix.rawValue, t1, w.suffix3 != 0 ? w.suffix3 : w.lower)
        out[5] = FeatureHash.key(Template.tagPrevNext.rawValue, t1, words[i + 3].lower)
    }
}
