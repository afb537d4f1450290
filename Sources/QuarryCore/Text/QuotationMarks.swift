/// The quotation marks that Quarry's scanners recognise: what each one is, independent of
/// the text around it.
///
/// Two stages pair quotation marks, with different policies, and share this table and
/// ``QuotationStack``:
/// - the quote stage (`QuoteMarkScanner` in QuarryQuotes) pairs marks by ``family``, lets a
///   ``Role/closing`` mark close the nearest open mark of its family, lets a mark with
///   ``closesLow`` close a low opener („…“, ‚…‘), and tells apostrophes from quotation marks
///   with Unicode letters;
/// - the sentence splitter (`SentenceScanner` in QuarrySentences) pairs finer classes (a
///   straight " closes only a straight ", “ never closes „), pairs brackets and backticks
///   too, and judges the direction of ``Role/ambiguous`` marks from the spaces around them.
///
/// The table states only what a mark is. Whether a given mark opens, closes or is an
/// apostrophe at a given place is each scanner's policy.
///
/// Not in the table: the reversed-9 marks ‛ (U+201B) and ‟ (U+201F), which neither scanner
/// pairs.
public enum QuotationMark: UInt8, CaseIterable, Sendable {
    /// " (U+0022): opens or closes a double quotation.
    case straightDouble
    /// ' (U+0027): opens or closes a single quotation, or is an apostrophe.
    case straightSingle
    /// The grave accent (U+0060): opens a single quotation in TeX and Penn Treebank text.
    case graveAccent
    /// '' (two U+0027): a straight double mark typed as two apostrophes (the New York Times,
    /// Penn Treebank closers).
    case doubleApostrophe
    /// Two grave accents (two U+0060): open a double quotation in TeX and Penn Treebank text.
    case doubleGrave
    /// “ (U+201C): opens a double quotation; in German („…“) it closes a low one.
    case leftDouble
    /// ” (U+201D): closes a double quotation.
    case rightDouble
    /// „ (U+201E): opens a double quotation (German, Polish, Czech, ...).
    case lowDouble
    /// ‘ (U+2018): opens a single quotation; in German (‚…‘) it closes a low one.
    case leftSingle
    /// ’ (U+2019): closes a single quotation, or is an apostrophe ("don’t", "States’").
    case rightSingle
    /// ‚ (U+201A): opens a single quotation (German).
    case lowSingle
    /// « (U+00AB): opens a guillemet quotation.
    case leftGuillemet
    /// » (U+00BB): closes a guillemet quotation.
    case rightGuillemet
    /// ‹ (U+2039): opens a single-guillemet quotation.
    case leftSingleGuillemet
    /// › (U+203A): closes a single-guillemet quotation.
    case rightSingleGuillemet
    /// 「 (U+300C): opens a corner-bracket quotation (Chinese, Japanese).
    case leftCorner
    /// 」 (U+300D): closes a corner-bracket quotation.
    case rightCorner
    /// 『 (U+300E): opens a white-corner-bracket quotation (nested in 「」).
    case leftWhiteCorner
    /// 』 (U+300F): closes a white-corner-bracket quotation.
    case rightWhiteCorner

    /// What a mark does when it is a quotation mark at all.
    public enum Role: UInt8, Sendable {
        /// Opens a quotation (it may also close a low opener: see ``QuotationMark/closesLow``).
        case opening
        /// Closes a quotation.
        case closing
        /// The same mark opens and closes (the straight typewriter marks); only the context
        /// tells which.
        case ambiguous
    }

    /// Marks of one family close one another: “ ” „ " '' `` are all double quotation marks.
    public enum Family: UInt8, Sendable {
        /// " “ ” „ and the doubled marks '' and ``.
        case double
        /// ' ‘ ’ ‚ and the grave accent.
        case single
        /// « ».
        case guillemet
        /// ‹ ›.
        case singleGuillemet
        /// 「 」.
        case corner
        /// 『 』.
        case whiteCorner
    }

    /// The mark at byte offset `i` of the `n` bytes at `p`, or nil. Two apostrophes or two
    /// grave accents in a row are read as one mark (``doubleApostrophe``, ``doubleGrave``).
    /// A multi-byte mark counts only when all its bytes lie before `n`.
    @inlinable
    public init?(at i: Int, in p: UnsafePointer<UInt8>, count n: Int) {
        switch p[i] {
        case 0x22: self = .straightDouble
        case 0x27: self = i + 1 < n && p[i + 1] == 0x27 ? .doubleApostrophe : .straightSingle
        case 0x60: self = i + 1 < n && p[i + 1] == 0x60 ? .doubleGrave : .graveAccent
        case 0xC2:
            guard i + 1 < n else { return nil }
            switch p[i + 1] {
            case 0xAB: self = .leftGuillemet
            case 0xBB: self = .rightGuillemet
            default: return nil
            }
        case 0xE2:
            guard i + 2 < n, p[i + 1] == 0x80 else { return nil }
            switch p[i + 2] {
            case 0x98: self = .leftSingle
            case 0x99: self = .rightSingle
            case 0x9A: self = .lowSingle
            case 0x9C: self = .leftDouble
            case 0x9D: self = .rightDouble
            case 0x9E: self = .lowDouble
            case 0xB9: self = .leftSingleGuillemet
            case 0xBA: self = .rightSingleGuillemet
            default: return nil
            }
        case 0xE3:
            guard i + 2 < n, p[i + 1] == 0x80 else { return nil }
            switch p[i + 2] {
            case 0x8C: self = .leftCorner
            case 0x8D: self = .rightCorner
            case 0x8E: self = .leftWhiteCorner
            case 0x8F: self = .rightWhiteCorner
            default: return nil
            }
        default: return nil
        }
    }

    /// The single-scalar mark whose code point is `scalar`, or nil. Never
    /// ``doubleApostrophe`` or ``doubleGrave``, which are two scalars.
    @inlinable
    public init?(scalar: UInt32) {
        switch scalar {
        case 0x22: self = .straightDouble
        case 0x27: self = .straightSingle
        case 0x60: self = .graveAccent
        case 0x201C: self = .leftDouble
        case 0x201D: self = .rightDouble
        case 0x201E: self = .lowDouble
        case 0x2018: self = .leftSingle
        case 0x2019: self = .rightSingle
        case 0x201A: self = .lowSingle
        case 0xAB: self = .leftGuillemet
        case 0xBB: self = .rightGuillemet
        case 0x2039: self = .leftSingleGuillemet
        case 0x203A: self = .rightSingleGuillemet
        case 0x300C: self = .leftCorner
        case 0x300D: self = .rightCorner
        case 0x300E: self = .leftWhiteCorner
        case 0x300F: self = .rightWhiteCorner
        default: return nil
        }
    }

    /// The mark's (first) code point.
    @inlinable
    public var scalar: UInt32 {
        switch self {
        case .straightDouble: 0x22
        case .straightSingle, .doubleApostrophe: 0x27
        case .graveAccent, .doubleGrave: 0x60
        case .leftDouble: 0x201C
        case .rightDouble: 0x201D
        case .lowDouble: 0x201E
        case .leftSingle: 0x2018
        case .rightSingle: 0x2019
        case .lowSingle: 0x201A
        case .leftGuillemet: 0xAB
        case .rightGuillemet: 0xBB
        case .leftSingleGuillemet: 0x2039
        case .rightSingleGuillemet: 0x203A
        case .leftCorner: 0x300C
        case .rightCorner: 0x300D
        case .leftWhiteCorner: 0x300E
        case .rightWhiteCorner: 0x300F
        }
    }

    /// The mark's length in UTF-8 bytes.
    @inlinable
    public var length: Int {
        switch self {
        case .straightDouble, .straightSingle, .graveAccent: 1
        case .doubleApostrophe, .doubleGrave, .leftGuillemet, .rightGuillemet: 2
        default: 3
        }
    }

    /// Whether it opens, closes or may do either.
    @inlinable
    public var role: Role {
        switch self {
        case .straightDouble, .straightSingle, .doubleApostrophe: .ambiguous
        case .rightDouble, .rightSingle, .rightGuillemet, .rightSingleGuillemet, .rightCorner, .rightWhiteCorner: .closing
        default: .opening
        }
    }

    /// The family whose marks close one another.
    @inlinable
    public var family: Family {
        switch self {
        case .straightDouble, .doubleApostrophe, .doubleGrave, .leftDouble, .rightDouble, .lowDouble: .double
        case .straightSingle, .graveAccent, .leftSingle, .rightSingle, .lowSingle: .single
        case .leftGuillemet, .rightGuillemet: .guillemet
        case .leftSingleGuillemet, .rightSingleGuillemet: .singleGuillemet
        case .leftCorner, .rightCorner: .corner
        case .leftWhiteCorner, .rightWhiteCorner: .whiteCorner
        }
    }

    /// The mark that usually ends a quotation this one opens, or that usually opens the
    /// quotation this one ends; an ambiguous mark is its own partner. A low opener's partner
    /// is the German closer (“ for „, ‘ for ‚); Polish closes „ with ” instead, which is why
    /// the scanners close by ``family`` rather than by partner.
    @inlinable
    public var partner: QuotationMark {
        switch self {
        case .straightDouble, .straightSingle, .doubleApostrophe: self
        case .graveAccent: .straightSingle
        case .doubleGrave: .doubleApostrophe
        case .leftDouble: .rightDouble
        case .rightDouble: .leftDouble
        case .lowDouble: .leftDouble
        case .leftSingle: .rightSingle
        case .rightSingle: .leftSingle
        case .lowSingle: .leftSingle
        case .leftGuillemet: .rightGuillemet
        case .rightGuillemet: .leftGuillemet
        case .leftSingleGuillemet: .rightSingleGuillemet
        case .rightSingleGuillemet: .leftSingleGuillemet
        case .leftCorner: .rightCorner
        case .rightCorner: .leftCorner
        case .leftWhiteCorner: .rightWhiteCorner
        case .rightWhiteCorner: .leftWhiteCorner
        }
    }

    /// A low-9 opener („ ‚), closed in German by the left mark of its family.
    @inlinable
    public var isLow: Bool { self == .lowDouble || self == .lowSingle }

    /// An opener that also closes a low opener of its family (“ after „, ‘ after ‚).
    @inlinable
    public var closesLow: Bool { self == .leftDouble || self == .leftSingle }

    /// A typewriter mark (ASCII): " ' ` '' ``.
    @inlinable
    public var isStraight: Bool { rawValue <= QuotationMark.doubleGrave.rawValue }

    /// A mark that is also written as an apostrophe (' ’); telling them apart needs the
    /// letters around it.
    @inlinable
    public var mayBeApostrophe: Bool { self == .straightSingle || self == .rightSingle }
}

/// The stack walk that pairs opening and closing marks, shared by the quote stage and the
/// sentence splitter: push an opener; on a closer, pop back to the nearest opener that the
/// closer may close.
///
/// The policy for unbalanced marks is the same in both scanners and fixed here:
/// - a closer with no opener it may close is ignored (``close(at:where:)`` returns nil and
///   the stack is unchanged);
/// - openers above the one a closer pairs with are dropped: an unbalanced opener costs only
///   its own quotation;
/// - openers still open at a paragraph's end are the caller's to report or drop
///   (``removeAll()``).
///
/// Parameters, and which caller uses which:
/// - `Key` is what a scanner remembers about an opener. The quote stage keeps the opening
///   ``QuotationMark`` (its family, whether it is low or straight); the sentence splitter
///   keeps its own pairing class (straight ", “, „, ', ‘, backticks, brackets, ...) and
///   whether a standalone mark's direction was guessed.
/// - The `where` closure of ``close(at:where:)`` says which openers a closer may close: the
///   quote stage matches by family (and, for “ after „, only low openers); the splitter
///   matches its class exactly.
/// - `maximumSpan` (bytes from opener to closer) flags pairs that are too far apart to
///   trust: the splitter uses 600 (a longer span protects no punctuation but still pops the
///   stack); the quote stage uses no limit (`Int.max`), since quotations run long.
///
/// Whether a mark opens or closes at a given place (straight marks, apostrophes, standalone
/// quotes) stays with each scanner: the two judge context differently and must keep doing so.
/// Pushes and pops allocate nothing once the stack has grown to the text's deepest nesting.
public struct QuotationStack<Key> {
    /// An open mark: what the scanner keeps about it, and its byte offset.
    public struct Opener {
        /// What the scanner keeps about the mark (its family, its pairing class).
        public var key: Key
        /// The mark's byte offset.
        public var position: Int

        /// An opener of `key` at byte offset `position`.
        @inlinable
        public init(key: Key, position: Int) {
            self.key = key
            self.position = position
        }
    }

    /// An opener popped by a closer.
    public struct Pair {
        /// The opener that the closer matched.
        public var opener: Opener
        /// The opener's index in the stack when it closed: 0 for an outermost mark.
        public var depth: Int
        /// Whether the closer lies at most ``QuotationStack/maximumSpan`` bytes after the opener.
        public var isWithinLimit: Bool

        /// A pair of `opener` closed at stack index `depth`.
        @inlinable
        public init(opener: Opener, depth: Int, isWithinLimit: Bool) {
            self.opener = opener
            self.depth = depth
            self.isWithinLimit = isWithinLimit
        }
    }

    @usableFromInline var openers: [Opener] = []
    /// The longest span, in bytes from the opener's offset to the closer's, that counts as
    /// within the limit (``Pair/isWithinLimit``).
    public let maximumSpan: Int

    /// An empty stack whose pairs count as within the limit up to `maximumSpan` bytes apart
    /// (600 in the sentence splitter; no limit in the quote stage).
    @inlinable
    public init(maximumSpan: Int = .max) {
        self.maximumSpan = maximumSpan
    }

    /// Pushes an opener at byte offset `position`.
    @inlinable
    public mutating func open(_ key: Key, at position: Int) {
        openers.append(Opener(key: key, position: position))
    }

    /// A closer at byte offset `position`: pops the nearest opener for which `matches` is
    /// true, with every opener above it, and returns it; nil (and nothing popped) when no
    /// opener matches.
    @inlinable
    public mutating func close(at position: Int, where matches: (Key) -> Bool) -> Pair? {
        guard let k = openers.lastIndex(where: { matches($0.key) }) else { return nil }
        let opener = openers[k]
        openers.removeSubrange(k...)
        return Pair(opener: opener, depth: k, isWithinLimit: position - opener.position <= maximumSpan)
    }

    /// Drops every opener (a paragraph ended), keeping the storage.
    @inlinable
    public mutating func removeAll() { openers.removeAll(keepingCapacity: true) }

    /// The innermost opener.
    @inlinable
    public var top: Opener? { openers.last }

    /// Whether no mark is open.
    @inlinable
    public var isEmpty: Bool { openers.isEmpty }

    /// The number of open marks.
    @inlinable
    public var count: Int { openers.count }

    /// The opener at `depth` (0: outermost).
    @inlinable
    public subscript(depth: Int) -> Opener { openers[depth] }

    /// Whether any open mark's key satisfies `predicate`.
    @inlinable
    public func contains(where predicate: (Key) -> Bool) -> Bool {
        openers.contains { predicate($0.key) }
    }

    /// The depth of the outermost open mark whose key satisfies `predicate`.
    @inlinable
    public func firstIndex(where predicate: (Key) -> Bool) -> Int? {
        openers.firstIndex { predicate($0.key) }
    }
}
