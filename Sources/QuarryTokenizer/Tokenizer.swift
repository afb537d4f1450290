import CICU
import QuarryCore

/// Splits text into tokens the way UD English and news readers expect.
///
/// The tokenizer follows ICU's word-boundary rules (UAX #29) and adds an exception layer on
/// top: abbreviations keep their period ("U.S.", "Mr.", "a.m."), numbers keep their
/// separators ("3.5", "1,000", "08:02", "9/30/01"), URLs, e-mail addresses, handles and
/// hashtags stay whole, runs such as "..." and "--" are one token, hyphenated words split
/// unless their prefix is listed ("e-mail", "re-elected"), possessives split off their noun
/// ("Korea" + "’s", as UD does), and contractions are surface tokens ("don't", "it's") that
/// ``Options/splitClitics`` splits into words ("do" + "n't").
/// The lists it reads are plain files under `Rules/en/` (see ``TokenizerLexicon``).
///
/// Runs of Thai, Lao, Khmer, Myanmar, Han and Kana text, which need dictionaries to segment,
/// go to ICU's word break iterator; alphabetic text is scanned directly over UTF-8 bytes,
/// which is what makes the tokenizer faster than ICU's iterator alone.
///
/// ```swift
/// let tokenizer = try Tokenizer.english()
/// let layer = tokenizer.tokenize(Document(id: "x", text: "U.S. officials don't agree."))
/// // U.S. | officials | don't | agree | .
/// ```
///
/// A `Tokenizer` is immutable and `Sendable`. ``tokenize(_:scratch:)`` takes an optional
/// ``TokenizerScratch`` (ICU state) to reuse on one thread.
public struct Tokenizer: Sendable {
    /// How the tokenizer behaves.
    public struct Options: Sendable, Hashable {
        /// Split contractions and possessives into syntactic words as UD does: "don't" becomes
        /// "do" + "n't", "Korea’s" becomes "Korea" + "’s". Default: false (surface tokens).
        public var splitClitics: Bool
        /// Split the possessive "'s" / "’s" off its noun ("Korea" + "’s"), as UD and spaCy do,
        /// while contractions stay whole ("it's", "don't"). Default: true. Set it to false for
        /// UD surface tokens, where "Korea’s" is one (multiword) token.
        public var splitPossessives: Bool
        /// The ICU locale used for dictionary-segmented scripts. Default: "en".
        public var locale: String

        /// Options; the defaults are `quarry tokenize`'s: surface tokens, possessives split off,
        /// ICU locale `en`.
        public init(splitClitics: Bool = false, splitPossessives: Bool = true, locale: String = "en") {
            self.splitClitics = splitClitics
            self.splitPossessives = splitPossessives
            self.locale = locale
        }
    }

    /// The language data: abbreviations, hyphen prefixes, special tokens, clitics, domains.
    public let lexicon: TokenizerLexicon
    /// How clitics and possessives split, and the ICU locale.
    public let options: Options

    /// Makes a tokenizer from loaded language data (``TokenizerLexicon/load(directory:)``); see
    /// ``english(options:)`` for the shipped English lists.
    public init(lexicon: TokenizerLexicon, options: Options = Options()) {
        self.lexicon = lexicon
        self.options = options
    }

    /// The English tokenizer, with the lists from the default `Rules/en/` directory.
    public static func english(options: Options = Options()) throws(LexiconError) -> Tokenizer {
        Tokenizer(lexicon: try TokenizerLexicon.english(), options: options)
    }

    /// Per-thread state (an ICU break iterator, opened on first need).
    public func makeScratch() -> TokenizerScratch { TokenizerScratch(locale: options.locale) }

    /// Tokenizes a document.
    ///
    /// - Complexity: O(n) in the document's length.
    public func tokenize(_ document: Document, scratch: TokenizerScratch? = nil) -> TokenLayer {
        let scratch = scratch ?? makeScratch()
        return document.withUTF8 { bytes in
            var records = ContiguousArray<TokenRecord>()
            records.reserveCapacity(bytes.count / 5 + 4)
            guard let base = bytes.baseAddress, bytes.count > 0 else { return TokenLayer(records: records) }
            ByteClass.table.withUnsafeBufferPointer { table in
                let scanner = Scanner(
                    p: base, n: bytes.count, cls: table.baseAddress!, lexicon: lexicon,
                    splitClitics: options.splitClitics, splitPossessives: options.splitPossessives, scratch: scratch)
                scanner.run(into: &records)
            }
            return TokenLayer(records: records)
        }
    }

    /// Tokenizes a string and returns the tokens' texts (a convenience for tests and scripts).
    public func tokenTexts(_ text: String) -> [String] {
        let document = Document(id: "text", text: text)
        return tokenize(document).map { String(document.text(utf8: $0.range)) }
    }
}

/// Per-thread tokenizer state: an ICU word break iterator, opened the first time a document
/// needs one (text in a dictionary-segmented script). Not thread-safe.
public final class TokenizerScratch {
    let locale: String
    var breaker: OpaquePointer?
    var failed = false

    init(locale: String) { self.locale = locale }

    /// A scratch for `locale`, for use with ``ICUWordSegmenter``.
    public static func make(locale: String) -> TokenizerScratch { TokenizerScratch(locale: locale) }

    deinit { if let breaker { quarry_breaker_close(breaker) } }

    func wordBreaker() -> OpaquePointer? {
        if breaker == nil && !failed {
            var error = [CChar](repeating: 0, count: 64)
            breaker = quarry_breaker_open(QUARRY_BREAK_WORD, locale, &error, error.count)
            failed = breaker == nil
        }
        return breaker
    }
}

/// Byte classes for the ASCII range (bit flags); bytes >= 0x80 are `nonASCII`.
enum ByteClass {
    static let space: UInt8 = 1
    static let newline: UInt8 = 2
    static let letter: UInt8 = 4
    static let digit: UInt8 = 8
    static let punct: UInt8 = 16
    static let nonASCII: UInt8 = 32
    static let upper: UInt8 = 64
    static let joiner: UInt8 = 128  // '_' joins words (UAX #29 ExtendNumLet)

    static let word: UInt8 = letter | digit | joiner

    static let table: [UInt8] = (0..<256).map { value -> UInt8 in
        let b = UInt8(value)
        switch b {
        case 0x20, 0x09, 0x0B, 0x0C, 0x0D: return space
        case 0x0A: return space | newline
        case 0x41...0x5A: return letter | upper
        case 0x61...0x7A: return letter
        case 0x30...0x39: return digit
        case 0x5F: return joiner | punct
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return punct
        case 0x80...0xFF: return nonASCII
        default: return 0  // other control characters: symbol tokens, never dropped
        }
    }
}
