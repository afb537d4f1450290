import QuarryCore

/// Splits text into sentences: candidate boundaries from the text, decided by rules.
///
/// Candidates are sentence punctuation (`. ! ? …` and the CJK, Devanagari and Arabic full
/// stops and question marks), line breaks, bullets and list markers. A rule layer decides
/// each one:
///
/// - abbreviations of kind `title` in `Rules/en/sentence-abbreviations.txt` never end a
///   sentence before a capital or a number ("Mr. Park", "No. 5"); those of kind `prenominal`,
///   those in `abbreviations.txt` and letters joined by periods ("U.S.", "a.m.") end one only
///   when a word from `sentence-starters.txt` follows
///   ("in the U.S. How" splits, "the U.S. Government" does not); capital initials never do
///   ("J. R. R. Tolkien"), except the pronoun "I" after a lower-case word;
/// - news conventions have kinds of their own: a `month` takes a day ("on Jan. 19. The"
///   splits after "19."), a `time` goes on into a weekday or time zone ("at 5 p.m. Monday"),
///   a `street` ends a sentence before a capital ("on Grand Ave. Police"), "St." reads the
///   word before it ("in St. Louis" / "on Main St. The"), and a `state` after "City," ends
///   one ("in Fresno, Calif. Crews");
/// - closing quotes and brackets after the punctuation stay with the sentence, and a
///   lower-case word after them continues it (`“Why not?” asked Smith.` is one sentence,
///   `He said “stop.” Then he left.` two); punctuation inside brackets (and, with
///   ``Options/keepQuotations``, inside quotations) does not end the sentence around it;
/// - decimals, times, e-mail addresses and URLs never split; ellipses split only when a
///   capital follows an unspaced "..." or "…", or after four dots;
/// - a blank line always ends a sentence; a single line break does not, unless the paragraph
///   is a list (bullets, numbered or lettered items, or short lines without punctuation) or
///   the line is a short heading followed by a capital;
/// - numbered and lettered list items ("1.", "2)", "a.") start sentences when they form a
///   sequence.
///
/// Sentences are UTF-8 byte ranges, trimmed of whitespace, never empty. The splitter reads
/// the text only, so it can run without a tokenizer; ``SentenceStage`` adds the token ranges
/// and snaps every boundary to a token boundary.
///
/// ```swift
/// let splitter = try SentenceSplitter.english()
/// splitter.sentenceTexts("I live in the U.S. How about you?")
/// // ["I live in the U.S.", "How about you?"]
/// ```
public struct SentenceSplitter: Sendable {
    /// How the splitter behaves.
    public struct Options: Sendable, Hashable {
        /// Keep a quotation's sentences in the sentence around it: `"Stop. Now," he said.` is
        /// one sentence (the convention of pragmatic_segmenter and sentencex). Default: false,
        /// which splits inside quotations as UD treebanks and most news tools do. Bracketed
        /// text is always kept whole.
        public var keepQuotations: Bool

        /// Options; by default the splitter splits inside quotations, as UD treebanks do.
        public init(keepQuotations: Bool = false) {
            self.keepQuotations = keepQuotations
        }
    }

    /// The language data: abbreviations by kind, sentence starters, domains.
    public let lexicon: SentenceLexicon
    /// Whether quotations are kept whole.
    public let options: Options

    /// Makes a splitter from loaded language data (``SentenceLexicon/load(directory:)``); see
    /// ``english(options:)`` for the shipped English lists.
    public init(lexicon: SentenceLexicon, options: Options = Options()) {
        self.lexicon = lexicon
        self.options = options
    }

    /// The English splitter, with lists from the default `Rules/en/`.
    public static func english(options: Options = Options()) throws(LexiconError) -> SentenceSplitter {
        SentenceSplitter(lexicon: try SentenceLexicon.english(), options: options)
    }

    /// The sentences of a document as trimmed UTF-8 byte ranges, in order.
    ///
    /// - Complexity: O(n): one pass over the bytes, then work per candidate boundary.
    public func split(_ document: Document) -> [Range<Int>] {
        document.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
            let scanner = SentenceScanner(p: base, n: bytes.count, lexicon: lexicon, keepQuotations: options.keepQuotations)
            return scanner.sentences()
        }
    }

    /// The sentence layer of a document. With `tokens`, each boundary that falls inside a
    /// token moves to the token's end, and each sentence records its token range.
    public func sentences(_ document: Document, tokens: TokenLayer?) -> SentenceLayer {
        let ranges = split(document)
        guard let tokens else {
            return SentenceLayer(records: ContiguousArray(ranges.map { SentenceRecord(start: $0.lowerBound, end: $0.upperBound) }))
        }
        var records = ContiguousArray<SentenceRecord>()
        records.reserveCapacity(ranges.count)
        var t = 0
        let count = tokens.count
        for range in ranges {
            let first = t
            var end = range.upperBound
            // Every token starts inside some sentence (sentences cover all non-space text);
            // a token that crosses the sentence's end extends it.
            while t < count && Int(tokens[t].start) < end {
                end = max(end, Int(tokens[t].end))
                t += 1
            }
            if let last = records.last, Int(last.end) > range.lowerBound {
                // The previous sentence was extended over this one's start: one sentence.
                records[records.count - 1].end = UInt32(max(Int(last.end), end))
                records[records.count - 1].endToken = UInt32(t)
                continue
            }
            records.append(SentenceRecord(start: range.lowerBound, end: end, firstToken: first, endToken: t))
        }
        return SentenceLayer(records: records)
    }

    /// The sentences of `text` as strings (a convenience for tests and scripts).
    public func sentenceTexts(_ text: String) -> [String] {
        let document = Document(id: "text", text: text)
        return split(document).map { String(document.text(utf8: $0)) }
    }
}
