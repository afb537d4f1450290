/// One labelled span from a pattern rule: a UTF-8 byte range, a label, the rule that made
/// it and its attributes. 24 bytes; labels, rule ids and attribute names are indices into
/// the layer's tables.
///
/// Invariants: `start < end`; `attributeStart + attributeCount` lies within the layer's
/// ``SpanLayer/attributes``.
public struct SpanRecord: Sendable, Hashable {
    /// The UTF-8 byte offset of the span's first byte in the document's text.
    public var start: UInt32
    /// The UTF-8 byte offset just past the span's last byte.
    public var end: UInt32
    /// Index into ``SpanLayer/labels``.
    public var label: UInt32
    /// Index into ``SpanLayer/rules``.
    public var rule: UInt32
    /// The first of this span's attributes in ``SpanLayer/attributes``.
    public var attributeStart: UInt32
    /// How many attributes the span has, consecutive from ``attributeStart`` (0 for none).
    public var attributeCount: UInt32

    /// Makes a record of the byte range `start..<end` with indices into its layer's tables; all must
    /// fit in 32 bits.
    public init(start: Int, end: Int, label: Int, rule: Int, attributeStart: Int = 0, attributeCount: Int = 0) {
        self.start = UInt32(start)
        self.end = UInt32(end)
        self.label = UInt32(label)
        self.rule = UInt32(rule)
        self.attributeStart = UInt32(attributeStart)
        self.attributeCount = UInt32(attributeCount)
    }

    /// The span's UTF-8 byte range.
    public var range: Range<Int> { Int(start)..<Int(end) }
}

/// An attribute of a span: a name and either a byte range of the text (a named capture) or
/// a constant string.
public struct SpanAttribute: Sendable, Hashable {
    /// Index into ``SpanLayer/attributeNames``.
    public var name: UInt32
    /// The value: a range of the text or a constant.
    public var value: Value

    /// Where an attribute's value comes from.
    public enum Value: Sendable, Hashable {
        /// A named capture: a UTF-8 byte range of the document.
        case text(start: UInt32, end: UInt32)
        /// A constant set by the rule: an index into ``SpanLayer/constants``.
        case constant(UInt32)
    }

    /// Makes an attribute; `name` is an index into the layer's ``SpanLayer/attributeNames``.
    public init(name: Int, value: Value) {
        self.name = UInt32(name)
        self.value = value
    }
}

/// The spans of one document, sorted by start (then end), with the tables their indices
/// point into.
public struct SpanLayer: Sendable {
    /// The spans, sorted by start, then end; they may overlap (with ``OverlapPolicy/all``).
    public var records: ContiguousArray<SpanRecord>
    /// Every span's attributes, each span's consecutive (``SpanRecord/attributeStart``).
    public var attributes: ContiguousArray<SpanAttribute>
    /// The distinct labels, which ``SpanRecord/label`` indexes (`MONEY`).
    public var labels: [String]
    /// The distinct ids of the rules that matched, which ``SpanRecord/rule`` indexes.
    public var rules: [String]
    /// The distinct attribute names, which ``SpanAttribute/name`` indexes.
    public var attributeNames: [String]
    /// The distinct constant values of `set` lines, which ``SpanAttribute/Value/constant(_:)`` indexes.
    public var constants: [String]

    /// Makes a layer; every index in `records` and `attributes` must be valid in the tables given,
    /// and `records` sorted by start, then end.
    public init(records: ContiguousArray<SpanRecord> = [], attributes: ContiguousArray<SpanAttribute> = [],
                labels: [String] = [], rules: [String] = [], attributeNames: [String] = [], constants: [String] = []) {
        self.records = records
        self.attributes = attributes
        self.labels = labels
        self.rules = rules
        self.attributeNames = attributeNames
        self.constants = constants
    }

    /// The number of spans.
    public var count: Int { records.count }

    /// Whether a label is internal: it starts with `_` (`_NAME_PART`). Later patterns stages
    /// read such spans; the pipeline's result leaves them out.
    public static func isInternal(_ label: String) -> Bool { label.hasPrefix("_") }

    /// The layer without the spans whose label is internal (their attributes stay in the
    /// table, unreferenced).
    public func withoutInternalLabels() -> SpanLayer {
        let hidden = Set(labels.indices.filter { Self.isInternal(labels[$0]) }.map(UInt32.init))
        var copy = self
        copy.records = records.filter { !hidden.contains($0.label) }
        return copy
    }

    /// The attributes of one span, values as text.
    public func attributes(of record: SpanRecord, in document: Document) -> [NamedValue] {
        let range = Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)
        return attributes[range].map { attribute in
            let name = attributeNames[Int(attribute.name)]
            switch attribute.value {
            case let .text(start, end): return NamedValue(name: name, value: String(document.text(utf8: Int(start)..<Int(end))))
            case let .constant(index): return NamedValue(name: name, value: constants[Int(index)])
            }
        }
    }

    /// The spans as views, in order.
    public func views(in document: Document) -> [Span] {
        records.indices.map { Span(layer: self, index: $0, document: document) }
    }
}

/// An attribute of a span: its name and its value as text.
public struct NamedValue: Sendable, Hashable {
    /// The attribute's name (a named group's or a `set` line's).
    public var name: String
    /// The attribute's value: the captured text, or the constant.
    public var value: String
    /// Makes an attribute with its value as text.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A span seen through its layer and document: a view that owns nothing of its own.
///
/// ```swift
/// for span in annotated.spans!.views(in: annotated.document) { print(span.label, span.text) }
/// ```
public struct Span: Sendable {
    /// The layer the span belongs to, with the tables its indices point into.
    public let layer: SpanLayer
    /// The span's position in ``SpanLayer/records``.
    public let index: Int
    /// The document the span's offsets point into.
    public let document: Document

    /// Makes a view of the span at `index` in `layer`, which must belong to `document`.
    public init(layer: SpanLayer, index: Int, document: Document) {
        self.layer = layer
        self.index = index
        self.document = document
    }

    /// The span's stored record.
    public var record: SpanRecord { layer.records[index] }
    /// The UTF-8 byte range.
    public var range: Range<Int> { record.range }
    /// The span's label (`MONEY`).
    public var label: String { layer.labels[Int(record.label)] }
    /// The id of the rule that matched.
    public var rule: String { layer.rules[Int(record.rule)] }
    /// The text the span covers.
    public var text: Substring { document.text(utf8: record.range) }
    /// The span's attributes with their values as text: named captures that took part in the
    /// match, then the rule's `set` constants.
    public var attributes: [NamedValue] { layer.attributes(of: record, in: document) }
}

extension SpanLayer {
    /// Adds another layer's spans (from a second patterns stage), re-indexing its tables,
    /// and keeps the records sorted by start, then end. A span with the range and label of
    /// one already in the layer is left out (the earlier stage's span, and its rule, stay).
    public mutating func merge(_ other: SpanLayer) {
        func remap(_ values: [String], into table: inout [String]) -> [UInt32] {
            values.map { value in
                if let i = table.firstIndex(of: value) { return UInt32(i) }
                table.append(value)
                return UInt32(table.count - 1)
            }
        }
        let labelMap = remap(other.labels, into: &labels)
        let ruleMap = remap(other.rules, into: &rules)
        let nameMap = remap(other.attributeNames, into: &attributeNames)
        let constantMap = remap(other.constants, into: &constants)
        // A span already written (same range, same label) is not written twice. Both lists are
        // sorted by start, then end: the layer's own spans are found by binary search, and
        // the ones this merge added with the same range are the last ones appended.
        let existing = records.count
        func present(_ start: UInt32, _ end: UInt32, _ label: UInt32) -> Bool {
            var lo = 0, hi = existing
            while lo < hi {
                let mid = (lo + hi) / 2
                if (records[mid].start, records[mid].end) < (start, end) { lo = mid + 1 } else { hi = mid }
            }
            while lo < existing && records[lo].start == start && records[lo].end == end {
                if records[lo].label == label { return true }
                lo += 1
            }
            var k = records.count - 1
            while k >= existing && records[k].start == start && records[k].end == end {
                if records[k].label == label { return true }
                k -= 1
            }
            return false
        }
        for record in other.records {
            guard !present(record.start, record.end, labelMap[Int(record.label)]) else { continue }
            let start = attributes.count
            for attribute in other.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)] {
                var copy = attribute
                copy.name = nameMap[Int(attribute.name)]
                if case let .constant(index) = attribute.value { copy.value = .constant(constantMap[Int(index)]) }
                attributes.append(copy)
            }
            records.append(SpanRecord(start: Int(record.start), end: Int(record.end), label: Int(labelMap[Int(record.label)]),
                                      rule: Int(ruleMap[Int(record.rule)]), attributeStart: start, attributeCount: Int(record.attributeCount)))
        }
        records.sort { ($0.start, $0.end) < ($1.start, $1.end) }
    }
}
