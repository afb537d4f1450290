import QuarryCore

extension QuoteFinder {
    /// A cue found in the text, before its speaker is looked for.
    struct Cue {
        var range: Range<Int>
        /// Where the words after the cue begin (after a gap's object for `refer to * as`).
        var afterCue: Int
        var kind: CueKind
    }

    /// What introduces a statement.
    enum CueKind: Equatable {
        /// A reporting verb in one of its forms ("said", "is concerned"). With `needsQuotation`
        /// it is a cue only when what it reports holds a quotation (`call =quote`).
        case verb(CueForm, needsQuotation: Bool)
        /// A cue phrase whose source follows it ("according to X").
        case phrase
        /// The colon of a speaker label ("CLINTON: Honestly, ..."); the content is found with
        /// the label.
        case label
        /// The colon after a clause that introduces a quotation ("he demurred: “…”").
        case colon
        /// No cue: a quotation that continues the quote before it.
        case none

        /// The form the steps compare: the verb's, `.phrase` for a phrase, and `.past` (as for
        /// "said") for the cues that are not words.
        var form: CueForm {
            switch self {
            case let .verb(form, _): form
            case .phrase: .phrase
            case .label, .colon, .none: .past
            }
        }

        var needsQuotation: Bool {
            if case let .verb(_, needsQuotation) = self { return needsQuotation }
            return false
        }
    }

    /// Where a speaker stands relative to its cue.
    enum SpeakerPosition {
        /// Before the cue, as its subject ("Blinken has said").
        case before
        /// After the cue ("..., said the minister", "according to X").
        case after
        /// Before the cue as the antecedent of "who" ("Barkley, who said ..., said"): the
        /// content ends at the relative clause's comma.
        case antecedent
    }

    /// The quotations a direct quote covers, by index in `quotations`: one, or a run that a
    /// quote continues over (“A,” he said. “B.”).
    struct QuotationRun {
        var first: Int
        var last: Int

        init(_ quotation: Int) {
            first = quotation
            last = quotation
        }
    }

    /// A statement: its cue, speaker and content, as token ranges, and the speaker's entity
    /// once ``EntityResolver`` has run.
    struct Attribution {
        var cue: Range<Int>
        var cueKind: CueKind
        /// Where the words after the cue begin (after the source of a phrase: "according to X").
        var afterCue: Int

        var speaker: Range<Int>?
        var speakerSource: SpeakerSource
        var speakerPosition: SpeakerPosition = .before
        /// The statement whose speaker this one shares (a second cue joined by "and", a
        /// participle clause, a quotation that continues a quote): its entity becomes this
        /// one's when this one resolves none of its own.
        var inheritedFrom: Int? = nil
        /// Where this cue's clause starts (its speaker, or the "and" before a shared cue):
        /// the content of a cue before it in the sentence stops here.
        var clauseStart = 0

        var content: Range<Int>? = nil
        /// An opening participle clause ("Asked whether ..., X said"): its content is the
        /// clause, and a quotation after the sentence is not merged into it.
        var openingClause = false
        var kind: QuoteKind = .indirect
        /// For a direct quote, its quotations.
        var quoted: QuotationRun? = nil
        var entity: Int? = nil

        init(cue: Range<Int>, kind: CueKind, afterCue: Int, speaker: Range<Int>?, source: SpeakerSource) {
            self.cue = cue
            self.cueKind = kind
            self.afterCue = afterCue
            self.speaker = speaker
            self.speakerSource = source
        }

        /// The first quotation of a direct quote.
        var quotation: Int? { quoted?.first }
        /// The last quotation of a direct quote that runs over several.
        var lastQuotation: Int? { quoted?.last }
    }

    /// Keeps the statements `keep` accepts, sorted by `less`, with each `inheritedFrom` still
    /// naming the same statement (nil when that one was dropped).
    static func rearrange(_ found: inout [Attribution], keep: (Int) -> Bool = { _ in true },
                          by less: (Attribution, Attribution) -> Bool) {
        let order = found.indices.filter(keep).sorted { less(found[$0], found[$1]) || !less(found[$1], found[$0]) && $0 < $1 }
        var moved = [Int?](repeating: nil, count: found.count)
        for (new, old) in order.enumerated() { moved[old] = new }
        found = order.map { old in
            var a = found[old]
            a.inheritedFrom = a.inheritedFrom.flatMap { moved[$0] }
            return a
        }
    }
}
