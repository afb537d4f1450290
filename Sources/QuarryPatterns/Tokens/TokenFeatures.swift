import CPCRE2
import QuarryCore

/// What token predicates read, for one document: built once per document when a token rule
/// runs, with caches filled as rules ask (label coverage, spans by start token).
///
/// - The lower-cased text is the document's bytes with ASCII letters lower-cased (other
///   letters unchanged), so a token's lower form is the same byte range.
/// - The shape maps upper-case letters to `X`, other letters to `x`, decimal digits to `d`,
///   keeps any other character, and cuts a run of one character longer than four to four
///   ("Blinken" → `Xxxxx`, "2024" → `dddd`, "U.S." → `X.X.`).
/// - Sentence starts and ends come from the sentence layer; without one, only the first
///   token starts a sentence and only the last one ends one.
/// - Spans are matched as units (`@LABEL`) only when they start at a token's start and end at
///   a token's end; `label=` holds for a token that lies wholly inside a span of the label.
///
/// One instance serves every patterns stage of a pipeline run (``shared(_:_:matchData:)``,
/// kept in ``AnnotatedDocument/derived``): what depends on tokens, sentences and tags only
/// (the lower-cased text, shapes, class bits, list entries, lemmas, and the results of
/// predicates that read no span) is computed once per document; what reads spans
/// (`label=`, span units) is dropped when a stage has added spans.
final class TokenFeatures {
    /// The document as it was when the features were last brought up to date (its own
    /// ``AnnotatedDocument/derived`` cleared, so that the features do not hold themselves).
    private(set) var document: AnnotatedDocument
    let records: ContiguousArray<TokenRecord>
    /// The document's text; set again by every user, inside its own `withUTF8`.
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    let sentenceStart: [Bool]
    let sentenceEnd: [Bool]
    /// PCRE2 match data of the thread's current user (regex predicates).
    private(set) var matchData: OpaquePointer
    var count: Int { records.count }

    /// The layers the features were made from, by the address of their records: a layer
    /// replaced or changed in place gets new storage (the features still hold the old one, so
    /// its address cannot be reused).
    private var stamp: Stamp
    private var spanStamp: LayerStamp

    struct LayerStamp: Equatable {
        var address: UnsafeRawPointer?
        var count: Int
        init<T>(_ records: ContiguousArray<T>?) {
            guard let records else { address = nil; count = -1; return }
            address = records.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            count = records.count
        }
    }
    struct Stamp: Equatable {
        var tokens: LayerStamp
        var sentences: LayerStamp
        var tags: LayerStamp
        init(_ document: AnnotatedDocument) {
            tokens = LayerStamp(document.tokens?.records)
            sentences = LayerStamp(document.sentences?.records)
            tags = LayerStamp(document.tags?.records)
        }
    }

    /// The document's features as the earlier stages left them when its tokens, sentences
    /// and tags are the same (span tables are brought up to date), made and kept for the later
    /// stages otherwise. `bytes` must be the document's text.
    static func shared(_ document: AnnotatedDocument, _ bytes: UnsafeBufferPointer<UInt8>, matchData: OpaquePointer) -> TokenFeatures {
        let stamp = Stamp(document)
        let features = document.derived.entry(TokenFeatures.self, isValid: { $0.stamp == stamp }) {
            TokenFeatures(document, bytes, matchData: matchData)
        } ?? TokenFeatures(document, bytes, matchData: matchData)
        features.refresh(document, bytes, matchData: matchData)
        return features
    }

    /// Points the features at this use's text and match data, and drops what read spans when
    /// the spans have changed.
    private func refresh(_ document: AnnotatedDocument, _ bytes: UnsafeBufferPointer<UInt8>, matchData: OpaquePointer) {
        self.bytes = bytes
        self.matchData = matchData
        let spans = LayerStamp(document.spans?.records)
        guard spans != spanStamp else { return }
        spanStamp = spans
        var snapshot = document
        snapshot.derived = DerivedCache()
        self.document = snapshot
        for table in coverageTables { table.coverage.deallocate() }
        coverageTables.removeAll()
        spanIndexes.removeAll()
        for p in spanPredicates { predicateRows[p]?.deallocate(); predicateRows[p] = nil }
        for l in spanLooks { lookRows[l]?.deallocate(); lookRows[l] = nil }
        spanLooks.removeAll()
        spanPredicates.removeAll()
    }

    /// Per predicate (``PredicateInterner`` id), its result on each token: 0 not known yet,
    /// 1 false, 2 true. Shared by every rule and stage that tests the same predicate.
    @exclusivity(unchecked) private var predicateRows: [UnsafeMutablePointer<UInt8>?] = []
    /// The rows of predicates that read spans, dropped when spans change.
    @exclusivity(unchecked) private var spanPredicates: [Int] = []

    /// The result row of predicate `id` (see ``predicateRows``).
    func predicateRow(_ id: Int, readsSpans: Bool) -> UnsafeMutablePointer<UInt8> {
        if id < predicateRows.count, let row = predicateRows[id] { return row }
        if id >= predicateRows.count { predicateRows += Array(repeating: nil, count: id + 1 - predicateRows.count) }
        let row = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, records.count))
        row.initialize(repeating: 0, count: max(1, records.count))
        predicateRows[id] = row
        if readsSpans { spanPredicates.append(id) }
        return row
    }

    /// Per lookaround (``PredicateInterner/id(look:ahead:negated:)``), its result at each
    /// position (0 unknown, 1 false, 2 true; one more than the tokens), shared by the rules
    /// that write it; dropped with the span-dependent rows when the lookaround reads spans.
    @exclusivity(unchecked) private var lookRows: [UnsafeMutablePointer<UInt8>?] = []
    @exclusivity(unchecked) private var spanLooks: [Int] = []

    /// The result row of lookaround `id`.
    func lookRow(_ id: Int, readsSpans: Bool) -> UnsafeMutablePointer<UInt8> {
        if id < lookRows.count, let row = lookRows[id] { return row }
        if id >= lookRows.count { lookRows += Array(repeating: nil, count: id + 1 - lookRows.count) }
        let row = UnsafeMutablePointer<UInt8>.allocate(capacity: records.count + 1)
        row.initialize(repeating: 0, count: records.count + 1)
        lookRows[id] = row
        if readsSpans { spanLooks.append(id) }
        return row
    }

    /// The lower-cased text, token starts and ends and kinds, as pointers for
    /// ``PredicateCode`` (allocated here, freed with the features).
    let loweredBytes: UnsafeMutableBufferPointer<UInt8>
    let tokenStarts: UnsafeMutableBufferPointer<UInt32>
    let tokenEnds: UnsafeMutableBufferPointer<UInt32>
    let tokenKinds: UnsafeMutableBufferPointer<UInt8>
    /// Per token, 1 when it opens a paragraph after the first (a blank line before it): a
    /// token rule's match never crosses one (``TokenVM``).
    let paragraphStart: UnsafeMutableBufferPointer<UInt8>

    init(_ document: AnnotatedDocument, _ bytes: UnsafeBufferPointer<UInt8>, matchData: OpaquePointer) {
        var snapshot = document
        snapshot.derived = DerivedCache()
        self.document = snapshot
        self.stamp = Stamp(document)
        self.spanStamp = LayerStamp(document.spans?.records)
        self.bytes = bytes
        self.matchData = matchData
        records = document.tokens?.records ?? []
        loweredBytes = .allocate(capacity: max(1, bytes.count))
        for (k, b) in bytes.enumerated() { loweredBytes[k] = ASCII.lowercase(b) }
        tokenStarts = .allocate(capacity: max(1, records.count))
        tokenEnds = .allocate(capacity: max(1, records.count))
        tokenKinds = .allocate(capacity: max(1, records.count))
        paragraphStart = .allocate(capacity: max(1, records.count))
        paragraphStart.initialize(repeating: 0)
        classBits = .allocate(capacity: max(1, records.count))
        classBits.initialize(repeating: 0)
        shapePool = .allocate(capacity: max(1, bytes.count))
        shapeStart = .allocate(capacity: max(1, records.count))
        shapeStart.initialize(repeating: -1)
        shapeLength = .allocate(capacity: max(1, records.count))
        shapeLength.initialize(repeating: 0)
        for (k, record) in records.enumerated() {
            tokenStarts[k] = record.start
            tokenEnds[k] = record.end
            tokenKinds[k] = record.kind.rawValue
            if record.flags.contains(.paragraphAfter) && k + 1 < records.count { paragraphStart[k + 1] = 1 }
        }
        var starts = [Bool](repeating: false, count: records.count)
        var ends = [Bool](repeating: false, count: records.count)
        if let sentences = document.sentences, !records.isEmpty {
            var t = 0
            for sentence in sentences.records {
                while t < records.count && records[t].start < sentence.start { t += 1 }
                var first = -1, last = -1
                var u = t
                while u < records.count && records[u].end <= sentence.end {
                    if first < 0 { first = u }
                    last = u
                    u += 1
                }
                if first >= 0 { starts[first] = true; ends[last] = true }
                t = u
            }
        } else if !records.isEmpty {
            starts[0] = true
            ends[records.count - 1] = true
        }
        sentenceStart = starts
        sentenceEnd = ends
    }

    deinit {
        loweredBytes.deallocate()
        tokenStarts.deallocate()
        tokenEnds.deallocate()
        tokenKinds.deallocate()
        paragraphStart.deallocate()
        for table in coverageTables { table.coverage.deallocate() }
        for row in predicateRows { row?.deallocate() }
        for row in lookRows { row?.deallocate() }
        classBits.deallocate()
        shapePool.deallocate()
        shapeStart.deallocate()
        shapeLength.deallocate()
    }

    /// Per label, which tokens lie inside one of its spans, as a pointer for ``PredicateCode``.
    @exclusivity(unchecked) private var coverageTables: [(label: String, coverage: UnsafeMutableBufferPointer<Bool>)] = []

    /// The coverage table of `label` (see ``covered(_:_:)``).
    func coverageTable(_ label: String) -> UnsafeMutablePointer<Bool> {
        for entry in coverageTables where entry.label == label { return entry.coverage.baseAddress! }
        let table = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, records.count))
        table.initialize(repeating: false)
        if let spans = document.spans, let l = spans.labels.firstIndex(of: label) {
            for span in spans.records where span.label == UInt32(l) {
                var lo = 0, hi = records.count
                while lo < hi { let mid = (lo + hi) / 2; if records[mid].start < span.start { lo = mid + 1 } else { hi = mid } }
                while lo < records.count && records[lo].end <= span.end { table[lo] = true; lo += 1 }
            }
        }
        coverageTables.append((label, table))
        return table.baseAddress!
    }

    /// The token's length in Unicode scalars.
    func scalarCount(_ i: Int) -> Int {
        text(i).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    func text(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(records[i].start)..<Int(records[i].end)])
    }

    func lower(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: UnsafeBufferPointer(loweredBytes)[Int(records[i].start)..<Int(records[i].end)])
    }

    /// The positions, in order, of the tokens whose lower-cased text is entry `word` of
    /// `words` (the required words of the matcher's token rules): one pass over the tokens on
    /// first use, shared by every rule run on this document.
    func positions(ofWord word: Int, in words: ByteStringSet, id: Int) -> [Int] {
        if wordPositionsID != id { wordPositions = nil; wordPositionsID = id }
        if wordPositions == nil {
            var positions = [[Int]](repeating: [], count: words.count)
            do {
                let text = UnsafeBufferPointer(loweredBytes)
                for (i, record) in records.enumerated() {
                    if let k = words.index(text.baseAddress! + Int(record.start), Int(record.end - record.start)) {
                        positions[k].append(i)
                    }
                }
            }
            wordPositions = positions
        }
        return wordPositions![word]
    }
    @exclusivity(unchecked) private var wordPositions: [[Int]]? = nil
    /// Which matcher's words ``wordPositions`` holds (stages share the features).
    @exclusivity(unchecked) private var wordPositionsID = -1

    /// The token's scalars.
    func scalars(_ i: Int) -> String.UnicodeScalarView { String(decoding: text(i), as: UTF8.self).unicodeScalars }

    /// Each token's shape, computed on first use and shared by every rule run on the document.
    /// Each token's shape in one pool: `shapeStart[i]` is where it starts (-1: not computed
    /// yet), `shapeLength[i]` its length. A shape is never longer than its token in bytes, so
    /// the pool has the document's size; computed on first use and shared by every rule.
    private let shapePool: UnsafeMutableBufferPointer<UInt8>
    private let shapeStart: UnsafeMutableBufferPointer<Int32>
    private let shapeLength: UnsafeMutableBufferPointer<Int32>
    @exclusivity(unchecked) private var shapePoolUsed = 0

    /// Whether token `i`'s shape is the `count` bytes at `wanted`.
    func shapeIs(_ i: Int, _ wanted: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if shapeStart[i] < 0 { storeShape(i) }
        guard Int(shapeLength[i]) == count else { return false }
        let start = Int(shapeStart[i])
        for k in 0..<count where shapePool[start + k] != wanted[k] { return false }
        return true
    }

    private func storeShape(_ i: Int) {
        let start = shapePoolUsed
        let text = self.text(i)
        var used = 0
        if isASCII(text) {
            // ASCII: the same mapping without property lookups, written straight to the pool.
            var last: UInt8 = 0, run = 0
            for b in text {
                let mapped: UInt8 = ASCII.isUpper(b) ? 0x58 : ASCII.isLower(b) ? 0x78 : ASCII.isDigit(b) ? 0x64 : b
                if mapped == last { run += 1 } else { run = 1; last = mapped }
                if run <= 4 { shapePool[start + used] = mapped; used += 1 }
            }
        } else {
            // A mapped scalar is never longer in UTF-8 than the scalar it replaces.
            for b in computeShape(i) { shapePool[start + used] = b; used += 1 }
        }
        shapePoolUsed += used
        shapeStart[i] = Int32(start)
        shapeLength[i] = Int32(used)
    }

    /// Whether every byte is below 0x80.
    @inline(__always)
    private func isASCII(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while k < text.count {
            if text[k] >= 0x80 { return false }
            k += 1
        }
        return true
    }

    func shape(_ i: Int) -> [UInt8] {
        if shapeStart[i] < 0 { storeShape(i) }
        return Array(shapePool[Int(shapeStart[i])..<Int(shapeStart[i] + shapeLength[i])])
    }

    /// The shape of a token with non-ASCII characters.
    private func computeShape(_ i: Int) -> [UInt8] {
        var out: [UInt8] = []
        let classes = ScalarClasses.shared
        let base = bytes.baseAddress!, end = Int(records[i].end)
        var k = Int(records[i].start)
        var last: UInt32 = 0xFFFF_FFFF, run = 0
        while k < end {
            let (value, length) = ScalarClasses.decode(base, k, end)
            let bits = classes.of(value)
            let mapped: UInt32 = bits & ScalarClasses.upper != 0 ? 0x58
                : bits & ScalarClasses.alphabetic != 0 ? 0x78
                : bits & ScalarClasses.decimal != 0 ? 0x64 : value
            if mapped == last { run += 1 } else { run = 1; last = mapped }
            if run <= 4 {
                if mapped == value {
                    for j in 0..<length { out.append(base[k + j]) }
                } else {
                    out.append(UInt8(mapped))
                }
            }
            k += length
        }
        return out
    }

    static let knownBit: UInt8 = 1, upperBit: UInt8 = 2, lowerBit: UInt8 = 4, titleBit: UInt8 = 8,
               digitBit: UInt8 = 16, punctBit: UInt8 = 32, spaceBeforeBit: UInt8 = 64

    /// The class bit a flag test reads, or 0 for the sentence flags (which have their own tables).
    static func classBit(_ test: TokenFlagTest) -> UInt8 {
        switch test {
        case .digit: return digitBit
        case .punct: return punctBit
        case .upper: return upperBit
        case .lower: return lowerBit
        case .title: return titleBit
        case .spaceBefore: return spaceBeforeBit
        case .sentenceStart, .sentenceEnd: return 0
        }
    }
    /// The character-class flags of each token, computed on first use and shared by every
    /// rule run on the document (Unicode property lookups are the costly part of a flag).
    private let classBits: UnsafeMutableBufferPointer<UInt8>

    /// The class flags of token `i`: all letters upper-case, all lower-case, title-case, all
    /// digits, all punctuation.
    @inline(__always)
    func classes(_ i: Int) -> UInt8 {
        let cached = classBits[i]
        if cached != 0 { return cached }
        return computeClasses(i)
    }

    /// Computes and keeps token `i`'s class flags (apart from ``classes(_:)``, which most
    /// calls end in: the work here should not weigh on a look-up).
    @inline(never)
    private func computeClasses(_ i: Int) -> UInt8 {
        var bits = Self.knownBit
        if precededBySpace(i) { bits |= Self.spaceBeforeBit }
        let text = self.text(i)
        if !text.isEmpty && isASCII(text) {
            // ASCII: no property lookups.
            var letters = 0, uppers = 0, lowers = 0, digits = 0, puncts = 0, firstUpper = false
            for b in text {
                if b &- 0x41 < 26 {
                    if letters == 0 { firstUpper = true }
                    letters += 1
                    uppers += 1
                } else if b &- 0x61 < 26 {
                    letters += 1
                    lowers += 1
                } else if b &- 0x30 < 10 {
                    digits += 1
                } else if b < 0x40 ? (Self.punctuationLow >> UInt64(b)) & 1 != 0 : (Self.punctuationHigh >> UInt64(b - 0x40)) & 1 != 0 {
                    puncts += 1
                }
            }
            if letters > 0 && uppers == letters { bits |= Self.upperBit }
            if letters > 0 && lowers == letters { bits |= Self.lowerBit }
            if letters > 0 && firstUpper && uppers == 1 { bits |= Self.titleBit }
            if digits == text.count { bits |= Self.digitBit }
            if puncts == text.count { bits |= Self.punctBit }
        } else if !text.isEmpty {
            var letters = 0, uppers = 0, lowers = 0, firstUpper = false
            var allDigits = true, allPunct = true
            let classes = ScalarClasses.shared
            let base = text.baseAddress!, end = text.count
            var k = 0
            while k < end {
                let (value, length) = ScalarClasses.decode(base, k, end)
                k += length
                let c = classes.of(value)
                if c & ScalarClasses.decimal == 0 { allDigits = false }
                if c & ScalarClasses.punctuation == 0 { allPunct = false }
                guard c & ScalarClasses.alphabetic != 0 else { continue }
                let upper = c & ScalarClasses.upper != 0
                if letters == 0 { firstUpper = upper }
                letters += 1
                if upper { uppers += 1 } else if c & ScalarClasses.lower != 0 { lowers += 1 }
            }
            if letters > 0 && uppers == letters { bits |= Self.upperBit }
            if letters > 0 && lowers == letters { bits |= Self.lowerBit }
            if letters > 0 && firstUpper && uppers == 1 && lowers == letters - 1 { bits |= Self.titleBit }
            if allDigits { bits |= Self.digitBit }
            if allPunct { bits |= Self.punctBit }
        }
        classBits[i] = bits
        return bits
    }

    /// The ASCII characters in Unicode's punctuation categories (P*; `$+<=>^`|~` are symbols),
    /// as bit masks over bytes 0-63 and 64-127.
    private static let punctuationLow: UInt64 = "!\"#%&'()*,-./:;?@[\\]_{}".utf8.reduce(0) { $1 < 0x40 ? $0 | (1 << UInt64($1)) : $0 }
    private static let punctuationHigh: UInt64 = "!\"#%&'()*,-./:;?@[\\]_{}".utf8.reduce(0) { $1 >= 0x40 ? $0 | (1 << UInt64($1 - 0x40)) : $0 }

    func flag(_ test: TokenFlagTest, _ i: Int) -> Bool {
        switch test {
        case .sentenceStart: return sentenceStart[i]
        case .sentenceEnd: return sentenceEnd[i]
        default: return classes(i) & Self.classBit(test) != 0
        }
    }

    /// Whether the character before token `i` is white space (ASCII without decoding).
    private func precededBySpace(_ i: Int) -> Bool {
        let start = Int(records[i].start)
        guard start > 0 else { return false }
        let before = bytes[start - 1]
        if before < 0x80 { return before == 0x20 || (before >= 0x09 && before <= 0x0D) }
        var j = start - 1
        while j > 0 && bytes[j] & 0xC0 == 0x80 { j -= 1 }
        let (value, _) = ScalarClasses.decode(bytes.baseAddress!, j, start)
        return ScalarClasses.shared.of(value) & ScalarClasses.whitespace != 0
    }

    /// Whether token `i` lies inside a span labelled `label`.
    func covered(_ label: String, _ i: Int) -> Bool { coverageTable(label)[i] }

    /// The spans of one label by the token they start at, as compressed rows: the spans
    /// starting at token `i` are entries `offsets[i] ..< offsets[i + 1]`, longest first. Built
    /// once per label and document; a token rule resolves its span units to these tables
    /// when it starts on a document, so a look-up is an array access.
    final class SpanIndex {
        /// `count + 1` row starts, allocated here so that the VM can read them through a
        /// pointer (no reference counting in its inner loop); freed with the index.
        let offsets: UnsafeMutableBufferPointer<Int32>
        let ends: [Int32]
        /// ``ends`` as a pointer, for the VM.
        let endPointer: UnsafeMutableBufferPointer<Int32>
        let records: [Int32]
        /// The most tokens one of the spans covers (0 without spans).
        let longest: Int
        init(offsets: [Int32], ends: [Int32], records: [Int32], longest: Int) {
            self.offsets = .allocate(capacity: offsets.count)
            _ = self.offsets.initialize(from: offsets)
            self.ends = ends
            endPointer = .allocate(capacity: max(1, ends.count))
            _ = endPointer.initialize(from: ends)
            self.records = records
            self.longest = longest
        }
        deinit {
            offsets.deallocate()
            endPointer.deallocate()
        }
    }
    @exclusivity(unchecked) private var spanIndexes: [String: SpanIndex] = [:]

    /// The token that starts at byte `offset`, if one does (binary search: tokens are sorted).
    func token(startingAt offset: UInt32) -> Int? {
        var lo = 0, hi = records.count
        while lo < hi { let mid = (lo + hi) / 2; if records[mid].start < offset { lo = mid + 1 } else { hi = mid } }
        return lo < records.count && records[lo].start == offset ? lo : nil
    }

    /// The token that ends at byte `offset`, if one does.
    func token(endingAt offset: UInt32) -> Int? {
        var lo = 0, hi = records.count
        while lo < hi { let mid = (lo + hi) / 2; if records[mid].end < offset { lo = mid + 1 } else { hi = mid } }
        return lo < records.count && records[lo].end == offset ? lo : nil
    }

    /// The spans labelled `label`, by start token.
    func spanIndex(_ label: String) -> SpanIndex {
        if let index = spanIndexes[label] { return index }
        var entries: [(start: Int, end: Int, record: Int)] = []
        if let spans = document.spans, let l = spans.labels.firstIndex(of: label) {
            for (k, span) in spans.records.enumerated() where span.label == UInt32(l) {
                guard let s = token(startingAt: span.start), let last = token(endingAt: span.end), last >= s else { continue }
                let e = last + 1
                entries.append((s, e, k))
            }
        }
        entries.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var offsets = [Int32](repeating: 0, count: records.count + 1)
        for entry in entries { offsets[entry.start + 1] += 1 }
        for i in 0..<records.count { offsets[i + 1] += offsets[i] }
        let index = SpanIndex(offsets: offsets, ends: entries.map { Int32($0.end) }, records: entries.map { Int32($0.record) },
                              longest: entries.map { $0.end - $0.start }.max() ?? 0)
        spanIndexes[label] = index
        return index
    }

    /// The token positions just past each span in `index` that starts at token `i` and passes
    /// `tests`, longest first.
    func spanEnds(_ index: SpanIndex, _ tests: [SpanAttributeTest], _ i: Int) -> [Int] {
        let range = Int(index.offsets[i])..<Int(index.offsets[i + 1])
        if range.isEmpty { return [] }
        var ends: [Int] = []
        for k in range {
            if !tests.isEmpty, let spans = document.spans {
                let attributes = spans.attributes(of: spans.records[Int(index.records[k])], in: document.document)
                let passes = tests.allSatisfy { test in
                    let found = attributes.contains { $0.name == test.name && (test.value == nil || $0.value == test.value) }
                    return found != test.negated
                }
                if !passes { continue }
            }
            let end = Int(index.ends[k])
            if !ends.contains(end) { ends.append(end) }
        }
        return ends
    }

    /// The token positions just past each span of `unit` that starts at token `i` and passes
    /// its tests, longest first.
    func spanEnds(_ unit: TokenProgram.SpanUnit, _ i: Int) -> [Int] {
        spanEnds(spanIndex(unit.label), unit.tests, i)
    }

    /// The attributes of the longest span labelled `label` that starts at token `i` (for
    /// `quarry explain`).
    func attributesOfSpan(_ label: String, at i: Int) -> [(name: String, value: String)] {
        let index = spanIndex(label)
        guard index.offsets[i] < index.offsets[i + 1], let spans = document.spans else { return [] }
        let record = spans.records[Int(index.records[Int(index.offsets[i])])]
        return spans.attributes(of: record, in: document.document).map { ($0.name, $0.value) }
    }

    /// Per token, whether an entry of one list starts there: 0 not yet known, 1 no, 2 yes.
    /// One table per list and document, shared by every rule that tests the list.
    final class ListStarts {
        /// One state a token, allocated here so that the VM can read and write it through a
        /// pointer; freed with the table.
        let state: UnsafeMutableBufferPointer<UInt8>
        init(count: Int) {
            state = .allocate(capacity: max(1, count))
            state.initialize(repeating: 0)
        }
        deinit { state.deallocate() }
        /// The entry ends found at each token where one starts, longest first (filled as the
        /// VM asks, so a multi-token list is looked up once per token and document).
        @exclusivity(unchecked) var ends: [Int32: [Int]] = [:]
    }

    /// The token positions just past each entry of `list` that starts at token `i`, longest
    /// first, through its table.
    func listEnds(_ list: CompiledWordList, _ table: ListStarts, _ i: Int) -> [Int] {
        if table.state[i] == 1 { return [] }
        if let known = table.ends[Int32(i)] { return known }
        let found = listEnds(list, i)
        table.state[i] = found.isEmpty ? 1 : 2
        if !found.isEmpty { table.ends[Int32(i)] = found }
        return found
    }
    /// The tables made so far; a short list searched by identity (a rule set reads a few
    /// lists, and comparing pointers is cheaper than hashing them).
    @exclusivity(unchecked) private var listStartTables: [(key: String, table: ListStarts)] = []
    @exclusivity(unchecked) private var ngram: [UInt8] = []

    /// The table of `list`'s entry starts for this document.
    func listStarts(_ list: CompiledWordList) -> ListStarts {
        let key = list.key
        for entry in listStartTables where entry.key == key { return entry.table }
        let table = ListStarts(count: records.count)
        listStartTables.append((key, table))
        return table
    }

    /// Whether an entry of `list` starts at token `i`, through its table.
    func startsEntry(_ list: CompiledWordList, _ table: ListStarts, _ i: Int) -> Bool {
        let known = table.state[i]
        if known != 0 { return known == 2 }
        let found: Bool
        if list.maxWords == 1 {
            found = isOneWordEntry(list, i)
        } else {
            let ends = listEnds(list, i)
            found = !ends.isEmpty
            if found { table.ends[Int32(i)] = ends }
        }
        table.state[i] = found ? 2 : 1
        return found
    }

    /// Whether token `i` is an entry of a list of one-word entries (no array made).
    @inline(__always)
    private func isOneWordEntry(_ list: CompiledWordList, _ i: Int) -> Bool {
        let start = Int(records[i].start), length = Int(records[i].end) - start
        let first = bytes[start]
        guard list.firstBytes[Int(list.set.caseInsensitive ? ByteStringSet.fold(first) : first)] else { return false }
        return length <= list.set.maxLength && list.set.contains(bytes.baseAddress! + start, length)
    }

    /// The tokens, in order, where an entry of `list` starts (its table records the answers
    /// for the rules that read the list next).
    func entryStarts(_ list: CompiledWordList) -> [Int] {
        let table = listStarts(list)
        var found: [Int] = []
        for i in 0..<records.count where startsEntry(list, table, i) { found.append(i) }
        return found
    }

    /// Whether an entry of `list` starts at token `i`.
    func startsEntry(_ list: CompiledWordList, _ i: Int) -> Bool {
        startsEntry(list, listStarts(list), i)
    }

    /// The token positions just past each entry of `list` that starts at token `i`, longest first.
    func listEnds(_ list: CompiledWordList, _ i: Int) -> [Int] {
        let first = bytes[Int(records[i].start)]
        guard list.firstBytes[Int(list.set.caseInsensitive ? ByteStringSet.fold(first) : first)] else { return [] }
        let head = text(i)
        if list.maxWords == 1 {
            // One-word entries: look the token up where it stands.
            return head.count <= list.set.maxLength && list.set.contains(head.baseAddress!, head.count) ? [i + 1] : []
        }
        if !list.firstTokens.contains(head.baseAddress!, head.count) { return [] }
        var ends: [Int] = []
        ngram.removeAll(keepingCapacity: true)
        var j = i
        while j < records.count && j - i < list.maxWords {
            if j > i && records[j - 1].end < records[j].start { ngram.append(0x20) }
            ngram.append(contentsOf: text(j))
            if ngram.count > list.set.maxLength { break }
            if ngram.withUnsafeBufferPointer({ list.set.contains($0.baseAddress!, $0.count) }) { ends.append(j + 1) }
            j += 1
        }
        return ends.reversed()
    }

    // MARK: Tags

    /// Token `i`'s universal part of speech (``UniversalPOS`` raw value), or 255 without a tag layer.
    func universal(_ i: Int) -> UInt8 {
        guard let tags = document.tags, i < tags.records.count else { return 255 }
        return tags.tagSet.universal[Int(tags.records[i].tag)].rawValue
    }

    /// Whether token `i`'s language-specific tag is the `count` bytes at `wanted`.
    func specificIs(_ i: Int, _ wanted: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard let tags = document.tags, i < tags.records.count else { return false }
        let name = specificNames(tags.tagSet)[Int(tags.records[i].tag)]
        guard name.count == count else { return false }
        for k in 0..<count where name[k] != wanted[k] { return false }
        return true
    }
    @exclusivity(unchecked) private var specificNameBytes: [[UInt8]]? = nil
    private func specificNames(_ tagSet: TagSet) -> [[UInt8]] {
        if let known = specificNameBytes { return known }
        let names = tagSet.specific.map { Array($0.utf8) }
        specificNameBytes = names
        return names
    }

    /// Token `i`'s lemma with ASCII letters lower-cased (empty without a tag layer); all lemmas
    /// are made on first use, in one pool shared by every rule.
    func lemma(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        if lemmaStarts.isEmpty { makeLemmas() }
        let start = Int(lemmaStarts[i]), end = Int(lemmaStarts[i + 1])
        return lemmaPool.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[start..<end]) }
    }
    @exclusivity(unchecked) private var lemmaPool: ContiguousArray<UInt8> = []
    @exclusivity(unchecked) private var lemmaStarts: [Int32] = []

    private func makeLemmas() {
        var starts: [Int32] = [0]
        starts.reserveCapacity(records.count + 1)
        var pool = ContiguousArray<UInt8>()
        pool.reserveCapacity(bytes.count + 16)
        let tags = document.tags.flatMap { $0.records.count == records.count ? $0 : nil }
        let appends = tags?.tagSet.lemmaAppendsLowered ?? []
        let text = bytes
        for (i, record) in records.enumerated() {
            if let tags {
                // An ASCII word: its bytes lower-cased, cut and extended in the pool, with no
                // string made (the rule's `apply`, less its case: the pool is lower case).
                let range = TagLayer.taggedRange(record)
                let r = Int(tags.records[i].lemma)
                var ascii = true
                for k in range where text[k] >= 0x80 { ascii = false; break }
                if ascii {
                    let strip = tags.tagSet.lemmaRules[r].strip
                    let keep = strip <= range.count ? range.count - strip : range.count
                    for k in range.lowerBound..<(range.lowerBound + keep) { pool.append(ASCII.lowercase(text[k])) }
                    if strip <= range.count { pool.append(contentsOf: appends[r]) }
                } else {
                    pool.append(contentsOf: tags.lemma(i, token: record, in: document.document).utf8.map(ASCII.lowercase))
                }
            }
            starts.append(Int32(pool.count))
        }
        pool.append(0)  // so that an empty pool still has an address
        lemmaPool = pool
        lemmaStarts = starts
    }

    /// Token `i`'s tags as `quarry explain` shows them (`pos=VERB tag=VBD lemma=say`), or nil
    /// without a tag layer.
    func tagDescription(_ i: Int) -> String? {
        guard let tags = document.tags, i < tags.records.count else { return nil }
        return "pos=\(tags.universal(i)) tag=\(tags.specific(i)) lemma=\(tags.lemma(i, token: records[i], in: document.document))"
    }

    /// Whether `regex` matches token `i`'s whole text, as written or lower-cased, or its lemma.
    func matches(_ regex: Regex, _ form: TokenTextForm, _ i: Int) -> Bool {
        if form == .lemma {
            let lemma = self.lemma(i)
            return pcre2_match_8(regex.code, lemma.baseAddress!, lemma.count, 0, UInt32(PCRE2_NO_UTF_CHECK), matchData, nil) >= 0
        }
        let start = Int(records[i].start), length = Int(records[i].end) - start
        let subject = form == .text ? bytes.baseAddress! : UnsafePointer(loweredBytes.baseAddress!)
        return pcre2_match_8(regex.code, subject + start, length, 0, UInt32(PCRE2_NO_UTF_CHECK), matchData, nil) >= 0
    }
}
