/// What kind of reported statement a quote is.
public enum QuoteKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// The words themselves, between quotation marks: “We will not back down,” she said.
    case direct
    /// Reported speech without quotation marks: Blinken emphasized the need to ...
    case indirect
    /// Reported speech that quotes some of the words: He referred to it as a “two-way street”.
    case mixed

    /// The kind's name in output (`direct`, `indirect`, `mixed`).
    public var description: String {
        switch self {
        case .direct: "direct"
        case .indirect: "indirect"
        case .mixed: "mixed"
        }
    }
}

/// How a quote's speaker was found.
public enum SpeakerSource: UInt8, Sendable, CustomStringConvertible {
    /// No speaker was found.
    case none
    /// A name or noun phrase next to the cue ("Blinken said", "said the minister").
    case mention
    /// A pronoun next to the cue, resolved to an earlier speaker ("He underlined ...").
    case pronoun
    /// A quote with no cue of its own, continuing the quote before it.
    case previousQuote

    /// The source's name in output (`none`, `mention`, `pronoun`, `previous-quote`).
    public var description: String {
        switch self {
        case .none: "none"
        case .mention: "mention"
        case .pronoun: "pronoun"
        case .previousQuote: "previous-quote"
        }
    }
}

/// One reported statement: its content, cue and speaker, as UTF-8 byte ranges.
///
/// Invariants: `start < end`; an absent cue or speaker has an empty range (`cueStart ==
/// cueEnd`); `entity` is nil or an index into ``QuoteLayer/entities``.
public struct QuoteRecord: Sendable, Hashable {
    /// The content: the quoted words (direct) or the reported clause (indirect, mixed).
    public var start: UInt32
    /// The UTF-8 byte offset just past the content's last byte.
    public var end: UInt32
    /// Direct, indirect or mixed.
    public var kind: QuoteKind
    /// How the speaker was found; ``SpeakerSource/none`` when there is none.
    public var speakerSource: SpeakerSource
    /// The UTF-8 byte offset where the cue starts; equal to ``cueEnd`` when there is no cue.
    public var cueStart: UInt32
    /// The UTF-8 byte offset just past the cue.
    public var cueEnd: UInt32
    /// The UTF-8 byte offset where the speaker mention starts; equal to ``speakerEnd`` when there
    /// is none.
    public var speakerStart: UInt32
    /// The UTF-8 byte offset just past the speaker mention.
    public var speakerEnd: UInt32
    /// The entity index, with -1 for none: 4 bytes instead of an optional's 9.
    private var entityIndex: Int32

    /// The index of the speaker's canonical entity ("Antony Blinken" for "He") in
    /// ``QuoteLayer/entities``, or nil when the speaker was not resolved.
    public var entity: Int? {
        get { entityIndex >= 0 ? Int(entityIndex) : nil }
        set { entityIndex = Int32(truncatingIfNeeded: newValue ?? -1) }
    }

    /// Makes a record from UTF-8 byte ranges, which must fit in 32 bits; `content` must not be empty,
    /// and a nil or empty `cue` or `speaker` means none.
    public init(content: Range<Int>, kind: QuoteKind, cue: Range<Int>?, speaker: Range<Int>?,
                speakerSource: SpeakerSource, entity: Int?) {
        start = UInt32(truncatingIfNeeded: content.lowerBound)
        end = UInt32(truncatingIfNeeded: content.upperBound)
        self.kind = kind
        self.speakerSource = speakerSource
        cueStart = UInt32(truncatingIfNeeded: cue?.lowerBound ?? 0)
        cueEnd = UInt32(truncatingIfNeeded: cue?.upperBound ?? 0)
        speakerStart = UInt32(truncatingIfNeeded: speaker?.lowerBound ?? 0)
        speakerEnd = UInt32(truncatingIfNeeded: speaker?.upperBound ?? 0)
        self.entityIndex = Int32(truncatingIfNeeded: entity ?? -1)
    }

    /// The content's UTF-8 byte range.
    public var range: Range<Int> { Int(start)..<Int(end) }
    /// The cue's byte range ("said", "referred to"), or nil.
    public var cue: Range<Int>? { cueStart < cueEnd ? Int(cueStart)..<Int(cueEnd) : nil }
    /// The speaker mention's byte range ("He", "South Korean Foreign Minister Park Jin"), or nil.
    public var speaker: Range<Int>? { speakerStart < speakerEnd ? Int(speakerStart)..<Int(speakerEnd) : nil }
}

/// The quotes of one document, sorted by content start, with the canonical speaker names
/// their `entity` indices point into.
public struct QuoteLayer: Sendable {
    /// The quotes, sorted by the start of their content.
    public var records: ContiguousArray<QuoteRecord>
    /// The canonical speaker names (``QuoteRecord/entity`` indexes them), each once.
    public var entities: [String]
    /// The pieces of a quote's content that is interrupted by its cue ("“A,” Lagarde told
    /// reporters. “B.”": the two quotations), keyed by the record's index in ``records``,
    /// as UTF-8 byte ranges inside the record's content range. Quotes in one piece have no
    /// entry.
    public var pieces: [Int: [Range<Int>]] = [:]
    /// Quotes that go on from an earlier quote with the same speaker (the second quotation
    /// of "“A,” Lagarde said. “B.”", or a quotation in the next sentence or paragraph with no
    /// cue of its own), keyed by the record's index in ``records``: the index of the run's
    /// first quote. The speech profile reports each quotation of a run as its own quote and
    /// links them here; the attribution profile keeps a run as one quote with ``pieces``.
    public var runs: [Int: Int] = [:]

    /// Makes a layer; `records` must be sorted by content start, and their entity indices valid in
    /// `entities`.
    public init(records: ContiguousArray<QuoteRecord> = [], entities: [String] = []) {
        self.records = records
        self.entities = entities
    }

    /// The number of quotes.
    public var count: Int { records.count }

    /// The pieces of the content of the quote at `index`: its ``pieces`` entry, else the
    /// record's whole content range.
    public func contentPieces(of index: Int) -> [Range<Int>] {
        pieces[index] ?? [records[index].range]
    }

    /// The index of the first quote of the run the quote at `index` belongs to: `index` itself
    /// when it opens a run or stands alone.
    public func runStart(of index: Int) -> Int {
        runs[index] ?? index
    }

    /// The canonical speaker of a quote, or nil.
    public func entity(of record: QuoteRecord) -> String? {
        guard let index = record.entity, index < entities.count else { return nil }
        return entities[index]
    }
}
