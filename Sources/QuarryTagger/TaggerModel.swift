import Foundation
import QuarryCore

/// A trained part-of-speech tagger and lemmatiser: an averaged perceptron's weights over
/// hashed features, a dictionary of words that always take one tag, and lemma rules.
///
/// The file (`.qtag`) opens with text lines: `QUARRY-TAGGER 1`, then `# ` lines that say what
/// it was trained on and under which licence, then a blank line; the rest is binary,
/// little-endian (see ``write(to:)``). Weights are quantised to ±``weightRange``.
///
/// Sendable: every table is written in `init` and only read after.
public final class TaggerModel: @unchecked Sendable {
    /// The classes and lemma rules.
    public let tagSet: TagSet
    /// Weights are quantised to ±2047, so that the sum of the fourteen features a word type
    /// contributes fits in 16 bits (the tagger caches those sums per type).
    public static let weightRange = 2047

    /// The comment lines of the file's header (without `# `): provenance and licence.
    public let header: [String]

    /// Feature key -> its weights.
    let weights: WeightTable
    /// The weights of the previous class (rows 0 ..< classes + 2, for classes -2 ... classes - 1)
    /// and of the class before it (the next classes + 2 rows), dense: read for every word.
    let classRows: UnsafeMutableBufferPointer<Int32>
    /// Exact word form -> the one class it always takes in training.
    let dictionary: KeyTable
    /// (lower-cased form, universal tag) -> lemma rule, for words whose rule the suffixes get wrong.
    let lemmaExceptions: KeyTable
    /// (universal tag, ending of the lower-cased form) -> lemma rule; the longest ending known wins.
    let lemmaSuffixes: KeyTable
    /// The longest ending ``lemmaSuffixes`` holds, in bytes.
    let lemmaSuffixLength: Int
    /// How words are usually capitalised (learned from unannotated text), or empty.
    let casing: CasingLexicon

    /// The raw tables, as the trainer makes them and the file stores them.
    struct Tables {
        var classes: [(universal: UniversalPOS, specific: String)]
        var lemmaRules: [LemmaRule]
        var header: [String]
        var features: [(key: UInt64, weights: [(tag: UInt8, weight: Int16)])]
        var dictionary: [(key: UInt64, tag: UInt16)]
        var lemmaExceptions: [(key: UInt64, rule: UInt16)]
        var lemmaSuffixes: [(key: UInt64, rule: UInt16)]
        var lemmaSuffixLength: Int
        var casing: [(key: UInt64, band: UInt8)] = []
    }

    /// A model over `tables`; `keepingTables` keeps them for ``write(to:)`` (the trainer's
    /// models), a model read from a file does not hold a second copy of its weights.
    init(_ tables: Tables, keepingTables: Bool = false) {
        tagSet = TagSet(universal: tables.classes.map(\.universal), specific: tables.classes.map(\.specific), lemmaRules: tables.lemmaRules)
        header = tables.header
        weights = WeightTable(tables.features)
        let c = tables.classes.count
        classRows = .allocate(capacity: 2 * (c + 2) * c)
        classRows.initialize(repeating: 0)
        for (k, template) in [Template.tagPrev, Template.tagPrev2].enumerated() {
            for t in -2..<c {
                weights.add(FeatureHash.key(template.rawValue, UInt64(bitPattern: Int64(t))), to: classRows.baseAddress! + (k * (c + 2) + t + 2) * c)
            }
        }
        dictionary = KeyTable(tables.dictionary.map { ($0.key, UInt32($0.tag)) })
        lemmaExceptions = KeyTable(tables.lemmaExceptions.map { ($0.key, UInt32($0.rule)) })
        lemmaSuffixes = KeyTable(tables.lemmaSuffixes.map { ($0.key, UInt32($0.rule)) })
        lemmaSuffixLength = tables.lemmaSuffixLength
        casing = CasingLexicon(bands: Dictionary(tables.casing.map { ($0.key, $0.band) }, uniquingKeysWith: { a, _ in a }))
        self.tables = keepingTables ? tables : nil
        featureCount = tables.features.count
    }

    deinit { classRows.deallocate() }

    /// Kept for ``write(to:)``.
    private let tables: Tables?

    /// How many features have weights.
    public let featureCount: Int

    // MARK: Lemmas

    static func lemmaExceptionKey(_ lower: UInt64, _ upos: UniversalPOS) -> UInt64 {
        FeatureHash.key(0x4C45_4D4D_4100_0000, lower, UInt64(upos.rawValue))
    }

    /// The key of a form as written (`exact` is its hash) whose lemma rule differs from its
    /// lower-cased form's ("i" whose lemma is "I").
    static func lemmaExactKey(_ exact: UInt64, _ upos: UniversalPOS) -> UInt64 {
        FeatureHash.key(0x4C45_4D4D_4145_0000, exact, UInt64(upos.rawValue))
    }

    static func lemmaSuffixKey(_ lowered: UnsafePointer<UInt8>, _ count: Int, ending k: Int, _ upos: UniversalPOS) -> UInt64 {
        FeatureHash.bytes(lowered + count - k, k, seed: 0x5355_4646_0000_0000 | UInt64(upos.rawValue) << 8 | UInt64(k))
    }

    /// The lemma rule of a word whose lower-cased form is `lowered` (hash `lower`; `exact` is
    /// the hash of the form as written) and whose universal tag is `upos`: the written form's
    /// entry, else the lower-cased form's, else the rule of its longest known ending, else
    /// the word itself (lower-cased unless a proper noun).
    func lemmaRule(lowered: UnsafePointer<UInt8>, count: Int, lower: UInt64, exact: UInt64, upos: UniversalPOS) -> Int {
        if let rule = lemmaExceptions.value(Self.lemmaExactKey(exact, upos)) { return Int(rule) }
        if let rule = lemmaExceptions.value(Self.lemmaExceptionKey(lower, upos)) { return Int(rule) }
        var k = min(lemmaSuffixLength, count - 1)
        while k >= 0 {
            if let rule = lemmaSuffixes.value(Self.lemmaSuffixKey(lowered, count, ending: k, upos)) { return Int(rule) }
            k -= 1
        }
        return 0
    }

    // MARK: File

    /// The first line of every model file.
    static let magic = "QUARRY-TAGGER 1"

    /// A model file that cannot be read, with why.
    public struct FormatError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the model at `url`.
    public convenience init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FormatError(message: "cannot read the tagger model \(url.path): \(error.localizedDescription)")
        }
        do {
            try self.init(Self.decode([UInt8](data)))
        } catch let error as FormatError {
            throw FormatError(message: "\(url.path): \(error.message)")
        }
    }

    /// Reads a model from the bytes of a `.qtag` file.
    public convenience init(bytes: [UInt8]) throws {
        try self.init(Self.decode(bytes))
    }

    /// Writes the model to `url`.
    public func write(to url: URL) throws {
        try Data(try encode()).write(to: url)
    }

    func encode() throws -> [UInt8] {
        guard let tables else { throw FormatError(message: "only a model made by the trainer is written; copy the file of a model that was read") }
        var out = Array("\(Self.magic)\n".utf8)
        for line in tables.header { out += Array("# \(line)\n".utf8) }
        out.append(0x0A)
        var w = ByteWriter(out)
        w.u32(UInt32(tables.classes.count))
        for c in tables.classes { w.u8(c.universal.rawValue); w.string(c.specific) }
        w.u32(UInt32(tables.lemmaRules.count))
        for r in tables.lemmaRules { w.u8(r.lowercase ? 1 : 0); w.u8(UInt8(r.strip)); w.string(r.append) }
        w.u32(UInt32(tables.features.count))
        for f in tables.features {
            w.u64(f.key)
            w.u8(UInt8(f.weights.count))
            for e in f.weights { w.u8(e.tag); w.u16(UInt16(bitPattern: e.weight)) }
        }
        w.u32(UInt32(tables.dictionary.count))
        for d in tables.dictionary { w.u64(d.key); w.u16(d.tag) }
        w.u32(UInt32(tables.lemmaExceptions.count))
        for e in tables.lemmaExceptions { w.u64(e.key); w.u16(e.rule) }
        w.u8(UInt8(tables.lemmaSuffixLength))
        w.u32(UInt32(tables.lemmaSuffixes.count))
        for e in tables.lemmaSuffixes { w.u64(e.key); w.u16(e.rule) }
        w.u32(UInt32(tables.casing.count))
        for e in tables.casing { w.u64(e.key); w.u8(e.band) }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> Tables {
        // The text header: the magic line, `# ` lines, a blank line.
        var at = 0
        var lines: [String] = []
        while true {
            guard let newline = bytes[at...].firstIndex(of: 0x0A) else { throw FormatError(message: "not a Quarry tagger model (no header)") }
            let line = String(decoding: bytes[at..<newline], as: UTF8.self)
            at = newline + 1
            if lines.isEmpty && line != magic {
                throw FormatError(message: "not a Quarry tagger model: it must start with '\(magic)' (train one with `quarry train tagger`)")
            }
            if line.isEmpty { break }
            lines.append(line)
        }
        var r = ByteReader(bytes: bytes, at: at)
        var tables = Tables(classes: [], lemmaRules: [], header: lines.dropFirst().map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : $0 },
                            features: [], dictionary: [], lemmaExceptions: [], lemmaSuffixes: [], lemmaSuffixLength: 0)
        let classCount = try r.u32()
        guard classCount > 0 && classCount <= 255 else { throw FormatError(message: "bad class count \(classCount)") }
        for _ in 0..<classCount {
            guard let upos = UniversalPOS(rawValue: try r.u8()) else { throw FormatError(message: "bad universal tag") }
            tables.classes.append((upos, try r.string()))
        }
        for _ in 0..<(try r.count(entriesOf: 3)) {
            let lowercase = try r.u8() != 0
            let strip = Int(try r.u8())
            tables.lemmaRules.append(LemmaRule(lowercase: lowercase, strip: strip, append: try r.string()))
        }
        if tables.lemmaRules.isEmpty { throw FormatError(message: "no lemma rules") }
        let featureCount = try r.count(entriesOf: 9)
        tables.features.reserveCapacity(featureCount)
        for _ in 0..<featureCount {
            let key = try r.u64()
            let n = Int(try r.u8())
            var weights: [(tag: UInt8, weight: Int16)] = []
            weights.reserveCapacity(n)
            for _ in 0..<n {
                let tag = try r.u8()
                guard tag < classCount else { throw FormatError(message: "a weight names class \(tag) of \(classCount)") }
                weights.append((tag, Int16(bitPattern: try r.u16())))
            }
            tables.features.append((key, weights))
        }
        for _ in 0..<(try r.count(entriesOf: 10)) {
            let key = try r.u64(), tag = try r.u16()
            guard tag < classCount else { throw FormatError(message: "the dictionary names class \(tag) of \(classCount)") }
            tables.dictionary.append((key, tag))
        }
        let ruleCount = UInt16(tables.lemmaRules.count)
        for _ in 0..<(try r.count(entriesOf: 10)) {
            let key = try r.u64(), rule = try r.u16()
            guard rule < ruleCount else { throw FormatError(message: "bad lemma rule \(rule)") }
            tables.lemmaExceptions.append((key, rule))
        }
        tables.lemmaSuffixLength = Int(try r.u8())
        for _ in 0..<(try r.count(entriesOf: 10)) {
            let key = try r.u64(), rule = try r.u16()
            guard rule < ruleCount else { throw FormatError(message: "bad lemma rule \(rule)") }
            tables.lemmaSuffixes.append((key, rule))
        }
        for _ in 0..<(try r.count(entriesOf: 9)) {
            let key = try r.u64(), band = try r.u8()
            guard band <= 12 else { throw FormatError(message: "bad casing band \(band)") }
            tables.casing.append((key, band))
        }
        guard r.at == bytes.count else { throw FormatError(message: "\(bytes.count - r.at) bytes left over after the tables") }
        return tables
    }
}

private struct ByteWriter {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
    mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    mutating func u64(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8((v >> (8 * UInt64(k))) & 0xFF)) } }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8.prefix(255))
        u8(UInt8(utf8.count))
        bytes += utf8
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var at: Int
    mutating func need(_ n: Int) throws {
        if at + n > bytes.count { throw TaggerModel.FormatError(message: "the file is truncated") }
    }
    mutating func u8() throws -> UInt8 { try need(1); defer { at += 1 }; return bytes[at] }
    mutating func u16() throws -> UInt16 { try need(2); defer { at += 2 }; return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    mutating func u32() throws -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[at + k]) << (8 * k) }
        at += 4
        return v
    }
    mutating func u64() throws -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
        at += 8
        return v
    }
    /// A count of entries each at least `size` bytes long, refused when the rest of the file
    /// cannot hold them (so a corrupt count never reserves gigabytes).
    mutating func count(entriesOf size: Int) throws -> Int {
        let n = Int(try u32())
        if n * size > bytes.count - at { throw TaggerModel.FormatError(message: "the file is truncated (\(n) entries announced)") }
        return n
    }
    mutating func string() throws -> String {
        let n = Int(try u8())
        try need(n)
        defer { at += n }
        return String(decoding: bytes[at..<at + n], as: UTF8.self)
    }
}
