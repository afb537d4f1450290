import QuarryCore

/// Quote attribution as a pipeline stage: reads tokens and sentences, writes the `quotes`
/// layer (content, kind, cue, speaker mention and canonical speaker of every reported
/// statement).
///
/// ```swift
/// let stage = try QuoteStage(lexicon: try QuoteLexicon.english())   // or .load(directory:)
/// ```
///
/// Without a pipeline, use ``QuoteAttributor``, which this stage runs.
public struct QuoteStage: StatelessStage {
    /// The engine the stage runs.
    public let attributor: QuoteAttributor

    /// Compiles `lexicon` into the `quotes` stage.
    /// - Throws: `StageBuildError` when the lexicon has no cue verbs.
    public init(lexicon: QuoteLexicon) throws(StageBuildError) {
        attributor = try QuoteAttributor(lexicon: lexicon)
    }

    /// A stage running `attributor`.
    public init(attributor: QuoteAttributor) {
        self.attributor = attributor
    }

    /// The label of the rule phases' cue spans the stage reads (`cues=`), or nil when it finds
    /// its own cues.
    public var cueLabel: String? { attributor.compiled.cueLabel }
    /// The label of the rule phases' speaker spans the stage reads first (`speaker-spans=`), or nil.
    public var speakerLabel: String? { attributor.compiled.speakerLabel }

    /// `quotes`, the stage's name in diagnostics and timings.
    public var name: String { "quotes" }
    /// Tokens and sentences. The `spans` layer is read too when an earlier stage wrote one
    /// (the entity pack's PERSON and ORG spans become speakers); it is not required.
    /// With rule cues (``QuoteLexicon/cueLabel``) the spans are required.
    public var reads: [LayerName] {
        attributor.compiled.cueLabel == nil && attributor.compiled.speakerLabel == nil ? [.tokens, .sentences] : [.tokens, .sentences, .spans]
    }
    /// The `quotes` layer, replacing any earlier one.
    public var writes: [LayerName] { [.quotes] }

    /// Finds the document's quotes, cues and speakers and writes ``AnnotatedDocument/quotes``.
    public func process(_ document: inout AnnotatedDocument) {
        guard let tokens = document.tokens, let sentences = document.sentences else {
            document.quotes = QuoteLayer()
            return
        }
        document.quotes = attributor.attribute(document.document, tokens: tokens, sentences: sentences, spans: document.spans)
    }

    /// The person and organisation spans of an earlier stage (labels from the lexicon), with
    /// the `of` attribute of surname aliases.
    static func entityInputs(_ spans: SpanLayer?, in document: Document, lexicon: CompiledQuoteLexicon) -> [QuoteFinder.EntityInput] {
        guard let spans, !spans.records.isEmpty else { return [] }
        var persons = Set<UInt32>(), organisations = Set<UInt32>()
        for (k, label) in spans.labels.enumerated() {
            if lexicon.personLabels.contains(label) { persons.insert(UInt32(k)) }
            if lexicon.organisationLabels.contains(label) { organisations.insert(UInt32(k)) }
        }
        guard !persons.isEmpty || !organisations.isEmpty else { return [] }
        var result: [QuoteFinder.EntityInput] = []
        for record in spans.records where persons.contains(record.label) || organisations.contains(record.label) {
            let of = record.attributeCount > 0 ? spans.attributes(of: record, in: document).first(where: { $0.name == "of" })?.value : nil
            result.append(QuoteFinder.EntityInput(bytes: record.range, person: persons.contains(record.label), of: of))
        }
        return result
    }

    /// The cues the rule phases wrote (spans labelled `lexicon.cueLabel`), sorted, or nil when
    /// the stage finds its own. Forms: past, third, base, gerund, predicate, phrase (the
    /// `form` attribute; past when absent); `quotation=needed` makes a cue count only with a
    /// quotation in what it reports.
    static func cueInputs(_ spans: SpanLayer?, lexicon: CompiledQuoteLexicon) -> [QuoteFinder.CueInput]? {
        guard let label = lexicon.cueLabel else { return nil }
        guard let spans, let labelIndex = spans.labels.firstIndex(of: label) else { return [] }
        var result: [QuoteFinder.CueInput] = []
        for record in spans.records where record.label == UInt32(labelIndex) {
            var cue = record.range
            var form = CueForm.past
            var needsQuotation = false
            for attribute in spans.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)] {
                let name = spans.attributeNames[Int(attribute.name)]
                switch (name, attribute.value) {
                case let ("cue", .text(start, end)) where end > start:
                    cue = Int(start)..<Int(end)
                case let ("form", .constant(k)):
                    form = CueForm(name: spans.constants[Int(k)]) ?? .past
                case let ("quotation", .constant(k)):
                    needsQuotation = spans.constants[Int(k)] == "needed"
                default: break
                }
            }
            let kind: QuoteFinder.CueKind = form == .phrase ? .phrase : .verb(form, needsQuotation: needsQuotation)
            result.append(QuoteFinder.CueInput(cue: cue, span: record.range, kind: kind))
        }
        return result.sorted { $0.cue.lowerBound < $1.cue.lowerBound }
    }

    /// The speakers the rule phases wrote (spans labelled `lexicon.speakerLabel` with a `cue`
    /// and a `speaker` group), as byte ranges; nil when the stage finds its own.
    static func speakerInputs(_ spans: SpanLayer?, lexicon: CompiledQuoteLexicon) -> [QuoteFinder.SpeakerInput]? {
        guard let label = lexicon.speakerLabel else { return nil }
        guard let spans else { return [] }
        return ruleSpeakers(in: spans, label: label).map { QuoteFinder.SpeakerInput(cue: $0.cue, speaker: $0.speaker) }
    }

    /// The spans labelled `label` that have a `cue` and a `speaker` group: each group's UTF-8
    /// byte range and the rule that wrote the span (what the stage reads with `speaker-spans=`,
    /// and `quarry explain` shows).
    public static func ruleSpeakers(in spans: SpanLayer, label: String) -> [(cue: Range<Int>, speaker: Range<Int>, rule: String)] {
        groupPairs(in: spans, label: label, "cue", "speaker").map { (cue: $0.0, speaker: $0.1, rule: $0.rule) }
    }

    /// The roles the rule phases wrote (spans labelled `lexicon.speakerLabel` with a `role`
    /// and a `name` group: "Keneshbek Dushebayev, as new interior minister").
    static func roleInputs(_ spans: SpanLayer?, lexicon: CompiledQuoteLexicon) -> [QuoteFinder.RoleInput] {
        guard let label = lexicon.speakerLabel, let spans else { return [] }
        return ruleRoles(in: spans, label: label).map { QuoteFinder.RoleInput(role: $0.role, name: $0.name) }
    }

    /// The spans labelled `label` that have a `role` and a `name` group: the UTF-8 byte range
    /// of each and the rule that wrote the span. A later definite noun phrase with the role's
    /// last word ("the minister said") names that person or organisation.
    public static func ruleRoles(in spans: SpanLayer, label: String) -> [(role: Range<Int>, name: Range<Int>, rule: String)] {
        groupPairs(in: spans, label: label, "role", "name").map { (role: $0.0, name: $0.1, rule: $0.rule) }
    }

    /// The spans labelled `label` whose rule captured both groups `first` and `second`
    /// (non-empty): the byte range of each, and the rule.
    static func groupPairs(in spans: SpanLayer, label: String, _ first: String, _ second: String) -> [(Range<Int>, Range<Int>, rule: String)] {
        guard let labelIndex = spans.labels.firstIndex(of: label),
              let firstName = spans.attributeNames.firstIndex(of: first), let secondName = spans.attributeNames.firstIndex(of: second) else { return [] }
        var result: [(Range<Int>, Range<Int>, rule: String)] = []
        for record in spans.records where record.label == UInt32(labelIndex) {
            var a: Range<Int>? = nil, b: Range<Int>? = nil
            for attribute in spans.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)] {
                guard case let .text(start, end) = attribute.value, end > start else { continue }
                if attribute.name == UInt32(firstName) { a = Int(start)..<Int(end) } else if attribute.name == UInt32(secondName) { b = Int(start)..<Int(end) }
            }
            if let a, let b { result.append((a, b, spans.rules[Int(record.rule)])) }
        }
        return result
    }

    static func attribute(text: UnsafeBufferPointer<UInt8>, tokens: ContiguousArray<TokenRecord>,
                          sentences: ContiguousArray<SentenceRecord>, lexicon: CompiledQuoteLexicon,
                          entities: [QuoteFinder.EntityInput] = [], cues: [QuoteFinder.CueInput]? = nil,
                          speakers: [QuoteFinder.SpeakerInput]? = nil, roles: [QuoteFinder.RoleInput] = []) -> QuoteLayer {
        guard !tokens.isEmpty, text.baseAddress != nil else { return QuoteLayer() }
        var finder = QuoteFinder(lexicon: lexicon, text: text, tokens: tokens, sentences: sentences, entities: entities, cues: cues)
        if let speakers { finder.mapRuleSpeakers(speakers) }
        if !roles.isEmpty { finder.mapRoles(roles) }
        var attributions = finder.attribute()
        if attributions.isEmpty { return QuoteLayer() }
        var resolver = EntityResolver(finder: finder)
        resolver.resolve(&attributions)
        var layer = QuoteLayer()
        var entityMap: [Int: Int32] = [:]
        func bytes(_ range: Range<Int>) -> Range<Int> {
            Int(tokens[range.lowerBound].start)..<Int(tokens[range.upperBound - 1].end)
        }
        // The speech profile reports each quotation of a run as its own quote, linked to the
        // run's first quote; the attribution profile keeps a run as one quote in pieces.
        let splitRuns = lexicon.profile == .speech
        // For each attribution, the index of its (first) record; -1 when it has none.
        var recordOf = [Int](repeating: -1, count: attributions.count)
        for (k, a) in attributions.enumerated() {
            guard let content = a.content, !content.isEmpty else { continue }
            var entity: Int? = nil
            if let e = a.entity {
                if let mapped = entityMap[e] {
                    entity = Int(mapped)
                } else {
                    entityMap[e] = Int32(layer.entities.count)
                    entity = layer.entities.count
                    layer.entities.append(resolver.entities[e].name)
                }
            }
            func record(_ content: Range<Int>) -> QuoteRecord {
                QuoteRecord(content: content, kind: a.kind, cue: a.cue.isEmpty ? nil : bytes(a.cue), speaker: a.speaker.map(bytes),
                            speakerSource: a.speaker == nil ? .none : a.speakerSource, entity: entity)
            }
            recordOf[k] = layer.records.count
            // A quotation that goes on from the quote before it with that quote's speaker.
            if splitRuns, a.speakerSource == .previousQuote, let previous = a.inheritedFrom, previous < k, recordOf[previous] >= 0 {
                layer.runs[layer.records.count] = layer.runStart(of: recordOf[previous])
            }
            if let run = a.quoted, a.kind == .direct {
                let quotations = (run.first...run.last).map { finder.quotations[$0].start..<finder.quotations[$0].end }
                if splitRuns {
                    let first = layer.records.count
                    for (i, quotation) in quotations.enumerated() {
                        if i > 0 { layer.runs[layer.records.count] = layer.runStart(of: first) }
                        layer.records.append(record(quotation))
                    }
                    continue
                }
                if quotations.count > 1 { layer.pieces[layer.records.count] = quotations }
                // The quotation's own bounds (its closing mark may sit inside a token).
                layer.records.append(record(quotations[0].lowerBound..<quotations[quotations.count - 1].upperBound))
                continue
            }
            layer.records.append(record(bytes(content)))
        }
        return layer
    }
}
