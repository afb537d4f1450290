import QuarryCore

/// Learns lemma rules from a treebank's (form, universal tag, lemma) triples:
/// - each word's rule is how its lemma is made from it (``LemmaRule``: lower-case or not,
///   bytes dropped, string appended);
/// - per universal tag and ending of the lower-cased form (up to ``maxSuffix`` bytes), the
///   rule most word types with that ending take, kept when at least two types agree and it
///   differs from the rule of the ending one byte shorter;
/// - every word type whose own rule the endings get wrong is an exception, looked up first.
/// Word types count once each for the endings, so that frequent irregular words (be, have)
/// do not decide the rule of unseen words.
struct LemmaLearner {
    static let maxSuffix = 6

    private(set) var rules: [LemmaRule] = [.identity]
    private(set) var exceptions: [(key: UInt64, rule: UInt16)] = []
    private(set) var suffixes: [(key: UInt64, rule: UInt16)] = []
    private var ruleIndex: [LemmaRule: Int] = [.identity: 0]

    init(sentences: [CoNLLUFile.Sentence]) {
        // Word types: (lower-cased form, universal tag) -> rule counts.
        struct TypeKey: Hashable { var lower: [UInt8]; var upos: UniversalPOS }
        var types: [TypeKey: [Int: Int]] = [:]
        // The same by the form as written, for words whose case changes the lemma ("i" -> "I").
        var written: [TypeKey: [Int: Int]] = [:]
        for sentence in sentences {
            for w in sentence.words {
                guard let upos = UniversalPOS(name: w.upos), !w.lemma.isEmpty, w.lemma != "_" || w.form == "_",
                      let rule = Self.rule(form: w.form, lemma: w.lemma) else { continue }
                let key = TypeKey(lower: Array(LemmaRule.lowercased(w.form).utf8), upos: upos)
                let k = index(of: rule)
                types[key, default: [:]][k, default: 0] += 1
                written[TypeKey(lower: Array(w.form.utf8), upos: upos), default: [:]][k, default: 0] += 1
            }
        }
        // Sorted, so that ties and numbering do not depend on hashing order.
        let ordered = types.map { (key: $0.key, rule: Self.majority($0.value)) }.sorted { a, b in
            a.key.upos != b.key.upos ? a.key.upos.rawValue < b.key.upos.rawValue : a.key.lower.lexicographicallyPrecedes(b.key.lower)
        }

        // Endings.
        struct EndingKey: Hashable { var upos: UniversalPOS; var ending: [UInt8] }
        var endings: [EndingKey: [Int: Int]] = [:]
        for entry in ordered {
            let lower = entry.key.lower
            for k in 0...min(Self.maxSuffix, max(0, lower.count - 1)) {
                endings[EndingKey(upos: entry.key.upos, ending: Array(lower.suffix(k))), default: [:]][entry.rule, default: 0] += 1
            }
        }
        var chosen: [EndingKey: Int] = [:]
        for (key, counts) in endings {
            let best = Self.majority(counts)
            if key.ending.isEmpty || counts[best]! >= 2 { chosen[key] = best }
        }
        var kept: [(key: UInt64, rule: UInt16)] = []
        for (key, rule) in chosen {
            if !key.ending.isEmpty {
                // The nearest shorter ending that was chosen: equal rule, nothing to keep.
                var shorter = Array(key.ending.dropFirst())
                while chosen[EndingKey(upos: key.upos, ending: shorter)] == nil && !shorter.isEmpty { shorter.removeFirst() }
                if chosen[EndingKey(upos: key.upos, ending: shorter)] == rule { continue }
            }
            let hash = key.ending.withUnsafeBufferPointer { p in
                TaggerModel.lemmaSuffixKey(p.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.ending.count, ending: key.ending.count, key.upos)
            }
            kept.append((hash, UInt16(rule)))
        }
        kept.sort { $0.key < $1.key }
        suffixes = kept
        let table = KeyTable(kept.map { ($0.key, UInt32($0.rule)) })

        // Exceptions: what the endings predict wrongly.
        var exceptionList: [(key: UInt64, rule: UInt16)] = []
        for entry in ordered {
            let lower = entry.key.lower
            var predicted = 0
            lower.withUnsafeBufferPointer { p in
                let base = p.baseAddress ?? UnsafePointer(bitPattern: 1)!
                var k = min(Self.maxSuffix, lower.count - 1)
                while k >= 0 {
                    if let rule = table.value(TaggerModel.lemmaSuffixKey(base, lower.count, ending: k, entry.key.upos)) { predicted = Int(rule); break }
                    k -= 1
                }
            }
            if predicted != entry.rule {
                let hash = lower.withUnsafeBufferPointer { FeatureHash.bytes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, lower.count) }
                exceptionList.append((TaggerModel.lemmaExceptionKey(hash, entry.key.upos), UInt16(entry.rule)))
            }
        }
        // Forms as written whose rule differs from their lower-cased type's (looked up first).
        for (key, counts) in written {
            let lower = TypeKey(lower: Array(LemmaRule.lowercased(String(decoding: key.lower, as: UTF8.self)).utf8), upos: key.upos)
            let rule = Self.majority(counts)
            guard let lowerCounts = types[lower], Self.majority(lowerCounts) != rule, counts[rule]! >= 2 else { continue }
            let hash = key.lower.withUnsafeBufferPointer { FeatureHash.bytes($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.lower.count) }
            exceptionList.append((TaggerModel.lemmaExactKey(hash, key.upos), UInt16(rule)))
        }
        exceptionList.sort { $0.key < $1.key }
        exceptions = exceptionList
    }

    private mutating func index(of rule: LemmaRule) -> Int {
        if let k = ruleIndex[rule] { return k }
        rules.append(rule)
        ruleIndex[rule] = rules.count - 1
        return rules.count - 1
    }

    /// The commonest rule; ties go to the lower index (the rule seen first).
    static func majority(_ counts: [Int: Int]) -> Int {
        counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
    }

    /// The rule that makes `lemma` from `form`, or nil when it would strip more than 255 bytes.
    static func rule(form: String, lemma: String) -> LemmaRule? {
        let lowercase = lemma == LemmaRule.lowercased(lemma)
        let base = Array((lowercase ? LemmaRule.lowercased(form) : form).utf8)
        let target = Array(lemma.utf8)
        var p = 0
        while p < base.count && p < target.count && base[p] == target[p] { p += 1 }
        while p > 0 && ((p < target.count && target[p] & 0xC0 == 0x80) || (p < base.count && base[p] & 0xC0 == 0x80)) { p -= 1 }
        guard base.count - p <= 255, target.count - p <= 255 else { return nil }
        return LemmaRule(lowercase: lowercase, strip: base.count - p, append: String(decoding: target[p...], as: UTF8.self))
    }
}
