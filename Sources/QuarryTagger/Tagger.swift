import QuarryCore

/// What tagging one sentence needs besides the model, reused sentence after sentence on one
/// thread: the words' hashes, their lower-cased bytes, feature keys and class scores.
public final class TaggerScratch {
    var words: UnsafeMutableBufferPointer<WordInfo>
    var lowered: UnsafeMutableBufferPointer<UInt8>
    var loweredStart: UnsafeMutableBufferPointer<Int32>
    var loweredLength: UnsafeMutableBufferPointer<Int32>
    let keys: UnsafeMutableBufferPointer<UInt64>
    let scores: UnsafeMutableBufferPointer<Int32>

    public init() {
        words = .allocate(capacity: 64)
        lowered = .allocate(capacity: 1024)
        loweredStart = .allocate(capacity: 64)
        loweredLength = .allocate(capacity: 64)
        keys = .allocate(capacity: Template.staticCount + Template.dynamicCount)
        scores = .allocate(capacity: 256)
    }

    deinit {
        words.deallocate()
        lowered.deallocate()
        loweredStart.deallocate()
        loweredLength.deallocate()
        keys.deallocate()
        scores.deallocate()
    }

    /// Makes room for a sentence of `count` words and `bytes` bytes of text.
    func reserve(words count: Int, bytes: Int) {
        if words.count < count + 4 {
            let capacity = max(count + 4, words.count * 2)
            words.deallocate(); words = .allocate(capacity: capacity)
            loweredStart.deallocate(); loweredStart = .allocate(capacity: capacity)
            loweredLength.deallocate(); loweredLength = .allocate(capacity: capacity)
        }
        // Unicode lower-casing can lengthen a word (İ is 2 bytes, i̇ is 3): room for twice.
        if lowered.count < bytes * 2 + 16 {
            lowered.deallocate()
            lowered = .allocate(capacity: max(bytes * 2 + 16, lowered.count * 2))
        }
    }
}

extension TaggerModel {
    /// Tags one sentence of `count` words, word `k` being `text[word(k)]`, and writes each
    /// word's class and lemma rule to `out[k]`.
    public func tag(count: Int, text: UnsafeBufferPointer<UInt8>, word: (Int) -> Range<Int>, scratch: TaggerScratch,
                    into out: UnsafeMutablePointer<TagRecord>) {
        guard count > 0 else { return }
        var bytes = 0
        for k in 0..<count { bytes += word(k).count }
        scratch.reserve(words: count, bytes: bytes)
        let words = scratch.words.baseAddress!
        words[0] = .padding(1)
        words[1] = .padding(2)
        words[count + 2] = .padding(3)
        words[count + 3] = .padding(4)
        var used = 0
        for k in 0..<count {
            let range = word(k)
            let source = UnsafeBufferPointer(rebasing: text[range])
            let before = used
            words[k + 2] = WordInfo(source, lowered: scratch.lowered.baseAddress! + used, loweredCapacity: scratch.lowered.count - used)
            // The lower-cased form is as long as the word when ASCII; otherwise measure it.
            var length = source.count
            if source.contains(where: { $0 >= 0x80 }) {
                length = LemmaRule.lowercased(String(decoding: source, as: UTF8.self)).utf8.count
                length = min(length, scratch.lowered.count - used)
            }
            scratch.loweredStart[k] = Int32(before)
            scratch.loweredLength[k] = Int32(length)
            used += length
        }
        let sentenceCase = SentenceCase.of(UnsafeBufferPointer(start: words + 2, count: count))
        decode(count: count, words: words, sentenceCase: sentenceCase, scratch: scratch, into: out)
        for k in 0..<count {
            let upos = tagSet.universal[Int(out[k].tag)]
            let rule = lemmaRule(lowered: scratch.lowered.baseAddress! + Int(scratch.loweredStart[k]), count: Int(scratch.loweredLength[k]),
                                 lower: words[k + 2].lower, upos: upos)
            out[k].lemma = UInt16(rule)
        }
    }

    /// Greedy left-to-right decoding: each word's class from the dictionary or from the best
    /// score of its features, the previous two classes feeding the next word's.
    private func decode(count: Int, words: UnsafeMutablePointer<WordInfo>, sentenceCase: SentenceCase, scratch: TaggerScratch,
                        into out: UnsafeMutablePointer<TagRecord>) {
        let classCount = tagSet.count
        let keys = scratch.keys.baseAddress!
        let scores = scratch.scores.baseAddress!
        let starts = rowStarts.baseAddress!, classes = entryClasses.baseAddress!, weights = entryWeights.baseAddress!
        var previous = -1, previous2 = -2
        for i in 0..<count {
            var best: Int
            if let fixed = dictionary.value(words[i + 2].exact) {
                best = Int(fixed)
            } else {
                let n = Template.staticKeys(words, i, first: i == 0, sentenceCase: sentenceCase, into: keys)
                Template.dynamicKeys(words, i, previous: previous, previous2: previous2, into: keys + n)
                for c in 0..<classCount { scores[c] = 0 }
                for f in 0..<(n + Template.dynamicCount) {
                    guard let row = features.value(keys[f]) else { continue }
                    var e = Int(starts[Int(row)])
                    let end = Int(starts[Int(row) + 1])
                    while e < end {
                        scores[Int(classes[e])] &+= Int32(weights[e])
                        e += 1
                    }
                }
                best = 0
                var top = scores[0]
                for c in 1..<classCount where scores[c] > top {
                    top = scores[c]
                    best = c
                }
            }
            out[i] = TagRecord(tag: best, lemma: 0)
            previous2 = previous
            previous = best
        }
    }
}
