import Foundation
import QuarryCore

/// Trains a ``TaggerModel`` from CoNLL-U files: an averaged perceptron over the features of
/// ``Template`` with greedy decoding, a dictionary of unambiguous frequent words, and lemma
/// rules learned from the words' lemmas. Deterministic: the same files and options give the
/// same model, byte for byte.
public struct TaggerTrainer {
    /// What can be tuned.
    public struct Options: Sendable {
        /// Passes over the training sentences.
        public var iterations = 8
        /// A feature must occur this often in training to get weights.
        public var minFeatureCount = 1
        /// A word joins the dictionary when seen this often...
        public var dictionaryMinCount = 5
        /// ...with one class at least this share of the time.
        public var dictionaryMinShare = 0.99
        /// Copies of every `augmentEvery`-th sentence are added in capitals and in title case,
        /// so that datelines and headlines are seen (0: none).
        public var augmentEvery = 12
        /// Quantised weights (of ±``TaggerModel/weightRange``) with a magnitude below this are
        /// dropped: it prunes the shipped model under 4 MB.
        public var minWeight = 48
        /// The seed of the sentence order.
        public var seed: UInt64 = 0x5155_4152_5259
        public init() {}
    }

    /// The training sentences, as read.
    let sentences: [CoNLLUFile.Sentence]
    let options: Options
    /// How words are usually capitalised, from unannotated text (may be empty).
    let casing: CasingLexicon

    /// A trainer over the sentences of `files`, with a casing lexicon from unannotated text.
    public init(files: [CoNLLUFile], casing: CasingLexicon = CasingLexicon(), options: Options = Options()) {
        self.sentences = files.flatMap(\.sentences)
        self.casing = casing
        self.options = options
    }

    /// One training word, ready for the perceptron.
    private struct Sample {
        var bytes: [UInt8]
        var tag: Int
    }

    /// Trains; `log` hears progress (one line per pass, with the dev accuracy when `dev` is given).
    /// The training sentences must hold at least one word.
    public func train(header: [String], dev: [CoNLLUFile.Sentence] = [], log: (String) -> Void = { _ in }) -> TaggerModel {
        // 1. Classes: the (universal, specific) pairs seen three times or more; rarer pairs map
        //    to the commonest class with the same specific tag, else the same universal one.
        var pairCounts: [String: Int] = [:]
        for sentence in sentences { for w in sentence.words { pairCounts[w.upos + "\t" + w.xpos, default: 0] += 1 } }
        let ordered = pairCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var classes: [(universal: UniversalPOS, specific: String)] = []
        var classOf: [String: Int] = [:]
        for (pair, count) in ordered where count >= 3 {
            let parts = pair.split(separator: "\t", omittingEmptySubsequences: false)
            guard let upos = UniversalPOS(name: String(parts[0])), classes.count < 255 else { continue }
            classOf[pair] = classes.count
            classes.append((upos, String(parts[1])))
        }
        if classes.isEmpty { classes.append((.x, "_")) }  // no words: a model that tags everything X
        func classIndex(_ w: CoNLLUFile.Word) -> Int {
            if let k = classOf[w.upos + "\t" + w.xpos] { return k }
            if let k = classes.firstIndex(where: { $0.specific == w.xpos }) { return k }
            if let upos = UniversalPOS(name: w.upos), let k = classes.firstIndex(where: { $0.universal == upos }) { return k }
            return classes.firstIndex { $0.universal == .x } ?? 0
        }

        // 2. Samples, with augmented copies.
        var samples: [[Sample]] = []
        for (s, sentence) in sentences.enumerated() {
            let plain = sentence.words.map { Sample(bytes: Array($0.form.utf8), tag: classIndex($0)) }
            samples.append(plain)
            guard options.augmentEvery > 0 else { continue }
            if s % options.augmentEvery == options.augmentEvery / 3 {
                samples.append(sentence.words.map { Sample(bytes: Array($0.form.uppercased().utf8), tag: classIndex($0)) })
            } else if s % options.augmentEvery == 2 * options.augmentEvery / 3 {
                samples.append(sentence.words.map { Sample(bytes: Array(Self.capitalised($0.form).utf8), tag: classIndex($0)) })
            }
        }
        let devSamples = dev.map { $0.words.map { Sample(bytes: Array($0.form.utf8), tag: classIndex($0)) } }

        // 3. The dictionary: exact forms seen often with one class.
        var formCounts: [String: [Int: Int]] = [:]
        for sentence in sentences { for w in sentence.words { formCounts[w.form, default: [:]][classIndex(w), default: 0] += 1 } }
        var dictionary: [UInt64: Int] = [:]
        for (form, counts) in formCounts {
            let total = counts.values.reduce(0, +)
            guard total >= options.dictionaryMinCount, let top = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else { continue }
            if Double(top.value) >= options.dictionaryMinShare * Double(total) {
                dictionary[FeatureHash.string(form)] = top.key
            }
        }
        log("\(sentences.count) sentences, \(samples.count) with augmented copies, \(classes.count) classes, \(dictionary.count) dictionary words")

        // 4. Features seen often enough, numbered in order of first appearance.
        let scratch = TrainingWords(casing: casing)
        var featureCounts: [UInt64: Int32] = [:]
        var keys = [UInt64](repeating: 0, count: Template.staticCount + Template.dynamicCount)
        for sentence in samples {
            scratch.load(sentence)
            keys.withUnsafeMutableBufferPointer { out in
                for i in 0..<sentence.count {
                    let n = scratch.staticKeys(i, into: out.baseAddress!)
                    Template.dynamicKeys(scratch.words, i, previous: i > 0 ? sentence[i - 1].tag : -1,
                                         previous2: i > 1 ? sentence[i - 2].tag : (i == 1 ? -1 : -2), into: out.baseAddress! + n)
                    for f in 0..<(n + Template.dynamicCount) { featureCounts[out[f], default: 0] += 1 }
                }
            }
        }
        var rowOf: [UInt64: Int32] = [:]
        var rowKeys: [UInt64] = []
        for (key, count) in featureCounts where count >= options.minFeatureCount { rowOf[key] = 0; rowKeys.append(key) }
        rowKeys.sort()
        for (r, key) in rowKeys.enumerated() { rowOf[key] = Int32(r) }
        featureCounts = [:]
        log("\(rowKeys.count) features")

        // 5. The static rows of every training word, once.
        var staticRows: [[Int32]] = []
        for sentence in samples {
            scratch.load(sentence)
            var rows: [Int32] = []
            keys.withUnsafeMutableBufferPointer { out in
                for i in 0..<sentence.count {
                    let n = scratch.staticKeys(i, into: out.baseAddress!)
                    for f in 0..<n { if let r = rowOf[out[f]] { rows.append(r) } }
                    rows.append(-1)
                }
            }
            staticRows.append(rows)
        }

        // 6. The perceptron. Averaging keeps `sum` (each update times the step it happened at),
        //    so the average is weights - sum / steps.
        let c = classes.count
        var weights = [Float](repeating: 0, count: rowKeys.count * c)
        var sums = [Double](repeating: 0, count: rowKeys.count * c)
        var step = 1.0
        var order = Array(samples.indices)
        var random = SplitMix(seed: options.seed)
        var scores = [Float](repeating: 0, count: c)
        var active: [Int32] = []
        for iteration in 1...max(1, options.iterations) {
            for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, Int(random.next() % UInt64(k + 1))) }
            var correct = 0, total = 0
            for s in order {
                let sentence = samples[s]
                scratch.load(sentence)
                var previous = -1, previous2 = -2
                var cursor = 0
                for i in 0..<sentence.count {
                    active.removeAll(keepingCapacity: true)
                    while staticRows[s][cursor] >= 0 { active.append(staticRows[s][cursor]); cursor += 1 }
                    cursor += 1
                    let gold = sentence[i].tag
                    let guess: Int
                    if let fixed = dictionary[scratch.words[i + 2].exact] {
                        guess = fixed
                    } else {
                        keys.withUnsafeMutableBufferPointer { out in
                            Template.dynamicKeys(scratch.words, i, previous: previous, previous2: previous2, into: out.baseAddress!)
                            for f in 0..<Template.dynamicCount { if let r = rowOf[out[f]] { active.append(r) } }
                        }
                        for k in 0..<c { scores[k] = 0 }
                        weights.withUnsafeBufferPointer { w in
                            for r in active {
                                let base = Int(r) * c
                                for k in 0..<c { scores[k] += w[base + k] }
                            }
                        }
                        var best = 0
                        for k in 1..<c where scores[k] > scores[best] { best = k }
                        guess = best
                        if guess != gold {
                            for r in active {
                                let base = Int(r) * c
                                weights[base + gold] += 1; sums[base + gold] += step
                                weights[base + guess] -= 1; sums[base + guess] -= step
                            }
                        }
                        step += 1
                    }
                    if guess == gold { correct += 1 }
                    total += 1
                    previous2 = previous
                    previous = guess
                }
            }
            var line = String(format: "pass %d: train accuracy %.4f", iteration, Double(correct) / Double(max(1, total)))
            if !devSamples.isEmpty {
                let averaged = zip(weights, sums).map { Float(Double($0) - $1 / step) }
                let (joint, upos, xpos) = accuracy(devSamples, averaged, rowOf, c, dictionary, classes)
                line += String(format: ", dev accuracy %.4f (universal %.4f, specific %.4f)", joint, upos, xpos)
            }
            log(line)
        }

        // 7. Average, quantise, prune.
        var largest: Double = 0
        var averaged = [Double](repeating: 0, count: weights.count)
        for k in 0..<weights.count {
            averaged[k] = Double(weights[k]) - sums[k] / step
            largest = max(largest, abs(averaged[k]))
        }
        let scale = largest > 0 ? Double(TaggerModel.weightRange) / largest : 1
        var features: [(key: UInt64, weights: [(tag: UInt8, weight: Int16)])] = []
        for (r, key) in rowKeys.enumerated() {
            var row: [(tag: UInt8, weight: Int16)] = []
            for k in 0..<c {
                let q = Int((averaged[r * c + k] * scale).rounded())
                if abs(q) >= options.minWeight { row.append((UInt8(k), Int16(clamping: q))) }
            }
            if !row.isEmpty { features.append((key, row)) }
        }

        // 8. Lemmas.
        let lemmas = LemmaLearner(sentences: sentences)
        let tables = TaggerModel.Tables(
            classes: classes, lemmaRules: lemmas.rules, header: header, features: features,
            dictionary: dictionary.sorted { $0.key < $1.key }.map { ($0.key, UInt16($0.value)) },
            lemmaExceptions: lemmas.exceptions, lemmaSuffixes: lemmas.suffixes, lemmaSuffixLength: LemmaLearner.maxSuffix,
            casing: casing.bands.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        log("\(features.count) features kept after pruning, \(lemmas.rules.count) lemma rules, \(lemmas.exceptions.count) lemma exceptions, \(lemmas.suffixes.count) lemma endings")
        return TaggerModel(tables, keepingTables: true)
    }

    /// Greedy accuracy of float weights on `samples` (for the per-pass log).
    private func accuracy(_ samples: [[Sample]], _ weights: [Float], _ rowOf: [UInt64: Int32], _ c: Int, _ dictionary: [UInt64: Int],
                          _ classes: [(universal: UniversalPOS, specific: String)]) -> (Double, Double, Double) {
        let scratch = TrainingWords(casing: casing)
        var keys = [UInt64](repeating: 0, count: Template.staticCount + Template.dynamicCount)
        var scores = [Float](repeating: 0, count: c)
        var correct = 0, total = 0, universal = 0, specific = 0
        for sentence in samples {
            scratch.load(sentence)
            var previous = -1, previous2 = -2
            for i in 0..<sentence.count {
                var guess: Int
                if let fixed = dictionary[scratch.words[i + 2].exact] { guess = fixed } else {
                    for k in 0..<c { scores[k] = 0 }
                    keys.withUnsafeMutableBufferPointer { out in
                        let n = scratch.staticKeys(i, into: out.baseAddress!)
                        Template.dynamicKeys(scratch.words, i, previous: previous, previous2: previous2, into: out.baseAddress! + n)
                        for f in 0..<(n + Template.dynamicCount) {
                            guard let r = rowOf[out[f]] else { continue }
                            for k in 0..<c { scores[k] += weights[Int(r) * c + k] }
                        }
                    }
                    guess = 0
                    for k in 1..<c where scores[k] > scores[guess] { guess = k }
                }
                if guess == sentence[i].tag { correct += 1 }
                if classes[guess].universal == classes[sentence[i].tag].universal { universal += 1 }
                if classes[guess].specific == classes[sentence[i].tag].specific { specific += 1 }
                total += 1
                previous2 = previous
                previous = guess
            }
        }
        let n = Double(max(1, total))
        return (Double(correct) / n, Double(universal) / n, Double(specific) / n)
    }

    /// Every word with a letter capitalised first (a headline's case).
    static func capitalised(_ form: String) -> String {
        guard let first = form.first, first.isLetter else { return form }
        return first.uppercased() + form.dropFirst()
    }

    /// The words of one training sentence, hashed as the tagger hashes them.
    private final class TrainingWords {
        var words: UnsafeMutablePointer<WordInfo> = .allocate(capacity: 1)
        var capacity = 1
        var count = 0
        var sentenceCase = SentenceCase.prose
        var lowered: [UInt8] = []
        let casing: CasingLexicon
        init(casing: CasingLexicon) { self.casing = casing }
        deinit { words.deallocate() }

        func load(_ sentence: [Sample]) {
            if capacity < sentence.count + 4 {
                words.deallocate()
                capacity = sentence.count + 4
                words = .allocate(capacity: capacity)
            }
            count = sentence.count
            words[0] = .padding(1); words[1] = .padding(2)
            words[count + 2] = .padding(3); words[count + 3] = .padding(4)
            for (i, sample) in sentence.enumerated() {
                if lowered.count < sample.bytes.count * 2 + 16 { lowered = [UInt8](repeating: 0, count: sample.bytes.count * 2 + 16) }
                let capacity = lowered.count
                words[i + 2] = sample.bytes.withUnsafeBufferPointer { source in
                    lowered.withUnsafeMutableBufferPointer { WordInfo(source, lowered: $0.baseAddress!, loweredCapacity: capacity) }
                }
                words[i + 2].casing = casing.band(words[i + 2].lower)
            }
            sentenceCase = SentenceCase.of(UnsafeBufferPointer(start: words + 2, count: count))
        }

        func staticKeys(_ i: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
            Template.staticKeys(words, i, first: i == 0, sentenceCase: sentenceCase, into: out)
        }
    }
}

/// A small deterministic generator (SplitMix64) for the sentence order.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return FeatureHash.finish(state)
    }
}
