import QuarryCore

/// What tagging needs besides the model, reused sentence after sentence on one thread: the
/// words' hashes, feature keys, class scores, and a cache of word types.
///
/// The cache keeps, per word type (its exact text), the word's hashes and the summed weights
/// of the features that read that word alone, in each of the five roles a word plays for
/// itself and its neighbours (``Template/typeKeys(_:role:into:)``). News repeats its words,
/// so most tokens cost five vector additions and a dozen lookups instead of thirty. It is
/// direct-mapped (a type evicts the one in its slot), never evicts a type the current sentence
/// uses, and is emptied when the scratch meets another model.
public final class TaggerScratch {
    static let cacheSize = 8192

    @exclusivity(unchecked) var words: UnsafeMutableBufferPointer<WordInfo>
    @exclusivity(unchecked) var lowered: UnsafeMutableBufferPointer<UInt8>
    @exclusivity(unchecked) var blockOf: UnsafeMutableBufferPointer<UnsafeMutablePointer<Int16>>
    @exclusivity(unchecked) var overflow: UnsafeMutableBufferPointer<Int16>
    /// Where a type's vectors are summed before they are narrowed to 16 bits.
    @exclusivity(unchecked) var wide: UnsafeMutableBufferPointer<Int32>
    let keys: UnsafeMutableBufferPointer<UInt64>
    let starts: UnsafeMutableBufferPointer<Int>
    @exclusivity(unchecked) var scores: UnsafeMutableBufferPointer<Int32>

    let cacheKeys: UnsafeMutableBufferPointer<UInt64>
    let cacheStamps: UnsafeMutableBufferPointer<UInt32>
    let cacheWords: UnsafeMutableBufferPointer<WordInfo>
    /// Per slot, the universal tag whose lemma rule is cached (255: none) and the rule.
    let cacheLemmaTag: UnsafeMutableBufferPointer<UInt8>
    let cacheLemmaRule: UnsafeMutableBufferPointer<UInt16>
    /// Per position of the sentence, its cache slot, or -1 when its vectors are not cached.
    @exclusivity(unchecked) var slotOf: UnsafeMutableBufferPointer<Int>
    @exclusivity(unchecked) var cacheVectors: UnsafeMutableBufferPointer<Int16>
    @exclusivity(unchecked) var cacheModel: ObjectIdentifier? = nil
    @exclusivity(unchecked) var classCount = 0
    @exclusivity(unchecked) var stamp: UInt32 = 0

    public init() {
        words = .allocate(capacity: 64)
        lowered = .allocate(capacity: 1024)
        blockOf = .allocate(capacity: 64)
        overflow = .allocate(capacity: 1)
        wide = .allocate(capacity: 1)
        keys = .allocate(capacity: 32)
        starts = .allocate(capacity: 32)
        scores = .allocate(capacity: 256)
        cacheKeys = .allocate(capacity: Self.cacheSize)
        cacheKeys.initialize(repeating: 0)
        cacheStamps = .allocate(capacity: Self.cacheSize)
        cacheStamps.initialize(repeating: 0)
        cacheWords = .allocate(capacity: Self.cacheSize)
        cacheLemmaTag = .allocate(capacity: Self.cacheSize)
        cacheLemmaTag.initialize(repeating: 255)
        cacheLemmaRule = .allocate(capacity: Self.cacheSize)
        cacheLemmaRule.initialize(repeating: 0)
        slotOf = .allocate(capacity: 64)
        cacheVectors = .allocate(capacity: 1)
    }

    deinit {
        words.deallocate()
        lowered.deallocate()
        blockOf.deallocate()
        overflow.deallocate()
        wide.deallocate()
        keys.deallocate()
        starts.deallocate()
        scores.deallocate()
        cacheKeys.deallocate()
        cacheStamps.deallocate()
        cacheWords.deallocate()
        cacheLemmaTag.deallocate()
        cacheLemmaRule.deallocate()
        slotOf.deallocate()
        cacheVectors.deallocate()
    }

    /// Gets ready for `model`: an empty cache when the model changed.
    func prepare(for model: TaggerModel) {
        let id = ObjectIdentifier(model)
        guard cacheModel != id else { return }
        cacheModel = id
        classCount = model.tagSet.count
        cacheVectors.deallocate()
        cacheVectors = .allocate(capacity: Self.cacheSize * 5 * classCount)
        wide.deallocate()
        wide = .allocate(capacity: 5 * classCount)
        cacheKeys.update(repeating: 0)
        cacheStamps.update(repeating: 0)
        cacheLemmaTag.update(repeating: 255)
        stamp = 0
        if scores.count < classCount {
            scores.deallocate()
            scores = .allocate(capacity: classCount)
        }
    }

    /// Makes room for a sentence of `count` words and `bytes` bytes of text.
    func reserve(words count: Int, bytes: Int) {
        if words.count < count + 4 {
            let capacity = max(count + 4, words.count * 2)
            words.deallocate(); words = .allocate(capacity: capacity)
            blockOf.deallocate(); blockOf = .allocate(capacity: capacity)
            slotOf.deallocate(); slotOf = .allocate(capacity: capacity)
        }
        if overflow.count < (count + 4) * 5 * classCount {
            overflow.deallocate()
            overflow = .allocate(capacity: max((count + 4) * 5 * classCount, overflow.count * 2))
        }
        // Unicode lower-casing can lengthen a word (İ is 2 bytes, i̇ is 3): room for twice.
        if lowered.count < bytes * 2 + 16 {
            lowered.deallocate()
            lowered = .allocate(capacity: max(bytes * 2 + 16, lowered.count * 2))
        }
        stamp &+= 1
        if stamp == 0 {
            cacheStamps.update(repeating: 0)
            stamp = 1
        }
    }
}

extension TaggerModel {
    /// Tags one sentence of `count` words, word `k` being `text[word(k)]`, and writes each
    /// word's class and lemma rule to `out[k]`.
    public func tag(count: Int, text: UnsafeBufferPointer<UInt8>, word: (Int) -> Range<Int>, scratch: TaggerScratch,
                    into out: UnsafeMutablePointer<TagRecord>) {
        guard count > 0 else { return }
        scratch.prepare(for: self)
        var bytes = 0
        for k in 0..<count { bytes += word(k).count }
        scratch.reserve(words: count, bytes: bytes)
        let words = scratch.words.baseAddress!
        let c = tagSet.count
        let lowered = scratch.lowered.baseAddress!
        // Each position's hashes and type vectors, from the cache or computed (0-1 and the last
        // two are padding).
        for p in 0..<(count + 4) {
            let real = p >= 2 && p < count + 2
            let source = real ? UnsafeBufferPointer(rebasing: text[word(p - 2)]) : UnsafeBufferPointer(start: lowered, count: 0)
            let padding: UInt64 = real ? 0 : p < 2 ? UInt64(p + 1) : UInt64(p - count + 1)
            let exact = real ? FeatureHash.bytes(source.baseAddress!, source.count) : WordInfo.padding(padding).exact
            // Two-way sets: the type is in one of the two slots of its set, or takes the one
            // used least recently (never one the current sentence uses).
            let set = (Int(truncatingIfNeeded: exact) & (TaggerScratch.cacheSize / 2 - 1)) * 2
            var slot = set
            if scratch.cacheKeys[set] != exact && scratch.cacheKeys[set + 1] == exact { slot = set + 1 }
            if scratch.cacheKeys[slot] == exact && exact != 0 {
                words[p] = scratch.cacheWords[slot]
                scratch.blockOf[p] = scratch.cacheVectors.baseAddress! + slot * 5 * c
                scratch.cacheStamps[slot] = scratch.stamp
                scratch.slotOf[p] = slot
                continue
            }
            if scratch.cacheStamps[set + 1] < scratch.cacheStamps[set] { slot = set + 1 }
            var info = real ? WordInfo(source, lowered: lowered, loweredCapacity: scratch.lowered.count) : WordInfo.padding(padding)
            if real { info.casing = casing.band(info.lower) }
            words[p] = info
            let block: UnsafeMutablePointer<Int16>
            if scratch.cacheStamps[slot] == scratch.stamp {
                block = scratch.overflow.baseAddress! + p * 5 * c
                scratch.slotOf[p] = -1
            } else {
                scratch.cacheKeys[slot] = exact
                scratch.cacheWords[slot] = info
                scratch.cacheStamps[slot] = scratch.stamp
                scratch.cacheLemmaTag[slot] = 255
                scratch.slotOf[p] = slot
                block = scratch.cacheVectors.baseAddress! + slot * 5 * c
            }
            fillTypeVectors(info, into: block, wide: scratch.wide.baseAddress!, keys: scratch.keys.baseAddress!, starts: scratch.starts.baseAddress!)
            scratch.blockOf[p] = block
        }
        let sentenceCase = SentenceCase.of(UnsafeBufferPointer(start: words + 2, count: count))
        decode(count: count, words: words, sentenceCase: sentenceCase, scratch: scratch, into: out)
        for k in 0..<count {
            let upos = tagSet.universal[Int(out[k].tag)]
            let slot = scratch.slotOf[k + 2]
            if slot >= 0 && scratch.cacheLemmaTag[slot] == upos.rawValue {
                out[k].lemma = scratch.cacheLemmaRule[slot]
                continue
            }
            let source = UnsafeBufferPointer(rebasing: text[word(k)])
            var length = source.count
            if source.contains(where: { $0 >= 0x80 }) {
                let lower = Array(LemmaRule.lowercased(String(decoding: source, as: UTF8.self)).utf8.prefix(scratch.lowered.count))
                length = lower.count
                for (j, b) in lower.enumerated() { lowered[j] = b }
            } else {
                for j in 0..<length { lowered[j] = ASCII.lowercase(source[j]) }
            }
            out[k].lemma = UInt16(lemmaRule(lowered: lowered, count: length, lower: words[k + 2].lower, exact: words[k + 2].exact, upos: upos))
            if slot >= 0 {
                scratch.cacheLemmaTag[slot] = upos.rawValue
                scratch.cacheLemmaRule[slot] = out[k].lemma
            }
        }
    }

    /// The summed weights of `w`'s one-word features in its five roles, at `block` (five rows
    /// of one score per class).
    func fillTypeVectors(_ w: WordInfo, into block: UnsafeMutablePointer<Int16>, wide: UnsafeMutablePointer<Int32>,
                         keys: UnsafeMutablePointer<UInt64>, starts: UnsafeMutablePointer<Int>) {
        let c = tagSet.count
        wide.update(repeating: 0, count: 5 * c)
        defer { for k in 0..<(5 * c) { block[k] = Int16(clamping: wide[k]) } }
        // The five roles' keys one after another; ends[r] is where role r's keys end.
        var n = 0
        var ends: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
        n += Template.typeKeys(w, role: 0, into: keys + n); ends.0 = n
        n += Template.typeKeys(w, role: 1, into: keys + n); ends.1 = n
        n += Template.typeKeys(w, role: 2, into: keys + n); ends.2 = n
        n += Template.typeKeys(w, role: 3, into: keys + n); ends.3 = n
        n += Template.typeKeys(w, role: 4, into: keys + n); ends.4 = n
        for f in 0..<n { weights.prefetch(keys[f]) }
        for f in 0..<n { starts[f] = weights.find(keys[f]) }
        for f in 0..<n where starts[f] >= 0 {
            let role = f < ends.0 ? 0 : f < ends.1 ? 1 : f < ends.2 ? 2 : f < ends.3 ? 3 : 4
            weights.add(block: starts[f], to: wide + role * c)
        }
    }

    /// Greedy left-to-right decoding: each word's class from the dictionary or from the best
    /// score of its features, the previous two classes feeding the next word's.
    private func decode(count: Int, words: UnsafeMutablePointer<WordInfo>, sentenceCase: SentenceCase, scratch: TaggerScratch,
                        into out: UnsafeMutablePointer<TagRecord>) {
        let classCount = tagSet.count
        let keys = scratch.keys.baseAddress!
        let scores = scratch.scores.baseAddress!
        let blocks = scratch.blockOf.baseAddress!
        let starts = scratch.starts.baseAddress!
        let rows = classRows.baseAddress!
        var previous = -1, previous2 = -2
        for i in 0..<count {
            var best: Int
            if let fixed = dictionary.value(words[i + 2].exact) {
                best = Int(fixed)
            } else {
                if i > 0 && sentenceCase == .prose {
                    // The type vectors: the word itself, the word before and after, two before
                    // and after; then the features that read two words.
                    let own = blocks[i + 2], before = blocks[i + 1] + classCount, after = blocks[i + 3] + 2 * classCount
                    let before2 = blocks[i] + 3 * classCount, after2 = blocks[i + 4] + 4 * classCount
                    for k in 0..<classCount {
                        scores[k] = Int32(own[k]) &+ Int32(before[k]) &+ Int32(after[k]) &+ Int32(before2[k]) &+ Int32(after2[k])
                    }
                    var n = Template.contextKeys(words, i, into: keys)
                    n += Template.pairKeys(words, i, previous: previous, previous2: previous2, into: keys + n)
                    weights.add(keys, count: n, to: scores, starts: starts)
                } else {
                    // A sentence's first word, or a headline: every feature, one by one.
                    for k in 0..<classCount { scores[k] = 0 }
                    var n = Template.staticKeys(words, i, first: i == 0, sentenceCase: sentenceCase, into: keys)
                    n += Template.pairKeys(words, i, previous: previous, previous2: previous2, into: keys + n)
                    weights.add(keys, count: n, to: scores, starts: starts)
                }
                let one = rows + (previous + 2) * classCount, two = rows + (classCount + 2 + previous2 + 2) * classCount
                for k in 0..<classCount { scores[k] &+= one[k] &+ two[k] }
                best = 0
                var top = scores[0]
                for k in 1..<classCount where scores[k] > top {
                    top = scores[k]
                    best = k
                }
            }
            out[i] = TagRecord(tag: best, lemma: 0)
            previous2 = previous
            previous = best
        }
    }

    /// The scores of word `i` computed the plain way, feature by feature (``Template/staticKeys``):
    /// the oracle the cached path is tested against.
    func referenceScores(count: Int, text: UnsafeBufferPointer<UInt8>, word: (Int) -> Range<Int>, at i: Int,
                         previous: Int, previous2: Int) -> [Int32] {
        var infos = [WordInfo.padding(1), WordInfo.padding(2)]
        var lowered = [UInt8](repeating: 0, count: 4096)
        for k in 0..<count {
            let source = UnsafeBufferPointer(rebasing: text[word(k)])
            var info = lowered.withUnsafeMutableBufferPointer { WordInfo(source, lowered: $0.baseAddress!, loweredCapacity: $0.count) }
            info.casing = casing.band(info.lower)
            infos.append(info)
        }
        infos += [WordInfo.padding(3), WordInfo.padding(4)]
        var scores = [Int32](repeating: 0, count: tagSet.count)
        infos.withUnsafeBufferPointer { words in
            let sentenceCase = SentenceCase.of(UnsafeBufferPointer(rebasing: words[2..<(count + 2)]))
            var keys = [UInt64](repeating: 0, count: Template.staticCount + Template.dynamicCount)
            keys.withUnsafeMutableBufferPointer { out in
                let n = Template.staticKeys(words.baseAddress!, i, first: i == 0, sentenceCase: sentenceCase, into: out.baseAddress!)
                Template.dynamicKeys(words.baseAddress!, i, previous: previous, previous2: previous2, into: out.baseAddress! + n)
                scores.withUnsafeMutableBufferPointer { s in
                    for f in 0..<(n + Template.dynamicCount) { weights.add(out[f], to: s.baseAddress!) }
                }
            }
        }
        return scores
    }
}

extension TaggerModel {
    /// The class the dictionary fixes for the word at `range`, or nil (for tests).
    func isInDictionary(text: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int? {
        let word = UnsafeBufferPointer(rebasing: text[range])
        return dictionary.value(FeatureHash.bytes(word.baseAddress!, word.count)).map(Int.init)
    }
}
