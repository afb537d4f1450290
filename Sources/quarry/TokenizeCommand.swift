import ArgumentParser
import Quarry
import QuarryIO

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Split documents into tokens.",
        discussion: """
        Tokens follow UD English surface tokens: "U.S.", "Mr." and "a.m." keep their period; \
        "3.5", "1,000" and "08:02" are one number; URLs, e-mail addresses, @handles and \
        #hashtags stay whole; "..." and "--" are one token; "e-mail" and "re-elected" stay \
        whole while other hyphenated words split; the possessive "’s" is a token of its own \
        ("Korea" "’s", as UD and spaCy have it; --keep-possessives keeps "Korea’s"); \
        contractions are surface tokens ("don't", "it's") that --words splits into "do" "n't".

        The lists behind these rules (abbreviations, hyphen prefixes, special tokens, clitics) \
        are plain files in Rules/en/ that you can edit.

        Kinds: word, number, punct, symbol, url, email, handle, hashtag, emoticon, ideographic.

        Examples:
          quarry tokenize Examples/blinken-seoul.txt
          quarry tokenize -f json --offsets utf8 article.txt
          quarry tokenize -f conllu --words corpus.jsonl > corpus.conllu

        Exit status: 0 success (warnings may have been printed); 1 at least one input could \
        not be read (invalid UTF-8, binary, missing, bad JSON line; the others are still \
        written); 64 usage error.
        """
    )

    @OptionGroup var documents: DocumentOptions
    @OptionGroup var rules: RulesOption

    @Flag(help: "Split contractions and possessives into syntactic words as UD does (do + n't, Korea + ’s).")
    var words = false

    @Flag(name: .customLong("keep-possessives"), help: "Keep possessives whole (\"Korea’s\"), as UD surface tokens do; by default \"’s\" is a token of its own.")
    var keepPossessives = false

    @Flag(name: .customLong("icu-only"), help: "Use ICU's word break iterator alone, without Quarry's exception layer (for comparison).")
    var icuOnly = false

    func run() throws {
        let stage: any Stage
        if icuOnly {
            stage = ICUTokenizerStage(segmenter: ICUWordSegmenter())
        } else {
            let lexicon = try rules.loadLexicon()
            stage = TokenizerStage(tokenizer: Tokenizer(lexicon: lexicon, options: .init(splitClitics: words, splitPossessives: !keepPossessives)))
        }
        let pipeline = try Pipeline([stage])
        if try !documents.runPipeline(pipeline) {
            throw Exit.inputFailed
        }
    }
}
