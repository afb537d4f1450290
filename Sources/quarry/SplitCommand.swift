import ArgumentParser
import Quarry
import QuarryIO

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split documents into sentences (tokenizing them first).",
        discussion: """
        Sentence boundaries come from sentence punctuation, line breaks, bullets and list \
        items, decided by rules: abbreviations ("Mr.", "U.S.", "a.m."), initials, decimals, \
        e-mail addresses and URLs never split; closing quotes and brackets stay with their \
        sentence; punctuation inside brackets does not end the sentence around it (inside \
        quotations neither, with --keep-quotations); a blank line always ends a sentence, a single line break only in lists and after \
        short headings. The lists are in Rules/en/sentence-abbreviations.txt, \
        abbreviations.txt and sentence-starters.txt.

        The text view prints one sentence a line; json and jsonl give each sentence's start, \
        end, token range and text; tsv one sentence a row; conllu tokens grouped by sentence.

        Examples:
          quarry split Examples/blinken-seoul.txt
          quarry split -f jsonl corpus.jsonl
          quarry split -f conllu --words article.txt

        Exit status: 0 success; 1 at least one input could not be read (the others are \
        still written); 64 usage error.
        """
    )

    @OptionGroup var documents: DocumentOptions
    @OptionGroup var rules: RulesOption

    @Flag(help: "Split contractions and possessives into syntactic words (affects tokens and CoNLL-U).")
    var words = false

    @Flag(name: .customLong("keep-possessives"), help: "Keep possessives whole (\"Korea’s\"), as UD surface tokens do; by default \"’s\" is a token of its own.")
    var keepPossessives = false

    @Flag(name: .customLong("keep-quotations"), help: "Keep a quotation's sentences in the sentence around it (\"Stop. Now,\" he said. is one sentence). By default they split, as in UD.")
    var keepQuotations = false

    func run() throws {
        let tokenizer = Tokenizer(lexicon: try rules.loadLexicon(), options: .init(splitClitics: words, splitPossessives: !keepPossessives))
        let splitter = SentenceSplitter(lexicon: try rules.loadSentenceLexicon(), options: .init(keepQuotations: keepQuotations))
        let pipeline = try Pipeline([TokenizerStage(tokenizer: tokenizer), SentenceStage(splitter: splitter)])
        if try !documents.runPipeline(pipeline, primary: .sentences) {
            throw Exit.inputFailed
        }
    }
}
