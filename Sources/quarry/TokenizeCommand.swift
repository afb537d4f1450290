import ArgumentParser
import Quarry
import QuarryIO
import Foundation

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
          quarry tokenize --tags Examples/blinken-seoul.txt        # word/UPOS
          quarry tokenize --tags --words -f conllu article.txt      # LEMMA, UPOS, XPOS filled

        With --tags, sentences are split and the tag stage gives each token a universal part of \
        speech, a Penn tag and a lemma (JSON: "pos", "tag", "lemma"; CoNLL-U: its columns).

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

    @Flag(help: "Also split sentences and tag: parts of speech (UPOS, Penn) and lemmas from the tagger model.")
    var tags = false

    @Option(help: ArgumentHelp("With --tags, a model from `quarry train tagger` (default: the shipped Rules/en/tagger.qtag).", valueName: "path"))
    var model: String?

    @Flag(name: .customLong("icu-only"), help: "Use ICU's word break iterator alone, without Quarry's exception layer (for comparison).")
    var icuOnly = false

    func validate() throws {
        if model != nil && !tags { throw ValidationError("--model needs --tags") }
        if tags && icuOnly { throw ValidationError("--tags works with Quarry's tokenizer, not --icu-only") }
    }

    func run() throws {
        let stage: any Stage
        if icuOnly {
            stage = ICUTokenizerStage(segmenter: ICUWordSegmenter())
        } else {
            let lexicon = try rules.loadLexicon()
            stage = TokenizerStage(tokenizer: Tokenizer(lexicon: lexicon, options: .init(splitClitics: words, splitPossessives: !keepPossessives)))
        }
        var stages: [any Stage] = [stage]
        if tags {
            let registry = StageRegistry.standard
            do {
                let sentences = registry.kind(named: "sentences")!, tag = registry.kind(named: "tag")!
                stages.append(try sentences.build(.defaults(for: sentences)))
                var options: [String: StageOptionValue] = [:]
                if let model { options["model"] = .string(URL(fileURLWithPath: model).standardizedFileURL.path) }
                stages.append(try tag.build(.defaults(for: tag, options: options)))
            } catch {
                Console.error("\(error)")
                throw Exit.inputFailed
            }
        }
        let pipeline = try Pipeline(stages)
        if try !documents.runPipeline(pipeline) {
            throw Exit.inputFailed
        }
    }
}
