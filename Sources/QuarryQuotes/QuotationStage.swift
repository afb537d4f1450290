import QuarryCore

/// Quotations as spans, for rule phases: every pair of quotation marks the quote stage would
/// pair (``QuoteMarkScanner``: curly, straight, angle and corner marks, nested, per paragraph,
/// continuing over paragraphs) becomes a span from its opening mark to its closing one, so
/// that a later `patterns` stage can treat a quotation as one unit (`@QUOTATION [lemma=say]`).
///
/// Nothing here is English: which marks pair is the same in every language the mark table
/// knows. A quotation that runs on into the next paragraph is written one span per paragraph;
/// each piece but the last has the attribute `continues` ("yes"). Quotations inside
/// quotations are written only with `nested`, with the attribute `depth` ("1", "2", ...).
public struct QuotationStage: StatelessStage {
    /// The spans' label (default `QUOTATION`; `_QUOTATION` keeps them out of the result).
    public let label: String
    /// Whether quotations inside quotations are written too.
    public let nested: Bool

    /// A stage writing quotation spans labelled `label`.
    public init(label: String = "QUOTATION", nested: Bool = false) {
        self.label = label
        self.nested = nested
    }

    /// `quotations`, the stage's name in diagnostics and timings.
    public var name: String { "quotations" }
    /// Tokens: a span covers whole tokens only when the marks are tokens of their own, which
    /// is what a later stage needs to read it as a unit.
    public var reads: [LayerName] { [.tokens] }
    /// The `spans` layer, added to any earlier one.
    public var writes: [LayerName] { [.spans] }

    public func process(_ document: inout AnnotatedDocument) {
        let quotations = document.document.withUTF8 { QuoteMarkScanner.scan($0) }
        var added = SpanLayer(labels: [label], rules: ["quotations"], attributeNames: ["continues", "depth"])
        for quotation in quotations where nested || quotation.depth == 0 {
            let first = added.attributes.count
            if quotation.continues {
                added.attributes.append(SpanAttribute(name: 0, value: .constant(UInt32(constant("yes", in: &added)))))
            }
            if quotation.depth > 0 {
                added.attributes.append(SpanAttribute(name: 1, value: .constant(UInt32(constant(String(quotation.depth), in: &added)))))
            }
            added.records.append(SpanRecord(start: quotation.start, end: quotation.end, label: 0, rule: 0,
                                            attributeStart: first, attributeCount: added.attributes.count - first))
        }
        guard !added.records.isEmpty else {
            if document.spans == nil { document.spans = SpanLayer() }
            return
        }
        if document.spans == nil { document.spans = added } else { document.spans!.merge(added) }
    }

    /// The index of `value` in the layer's constants, added when new.
    private func constant(_ value: String, in layer: inout SpanLayer) -> Int {
        if let k = layer.constants.firstIndex(of: value) { return k }
        layer.constants.append(value)
        return layer.constants.count - 1
    }
}
