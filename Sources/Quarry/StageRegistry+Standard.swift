import Foundation
import QuarryTagger

extension StageRegistry {
    /// The built-in stages: `tokenize`, `sentences`, `tag`, `patterns`, `aliases`, `quotations` and `quotes`. Register your own on a
    /// copy to use them by name in rule files:
    ///
    /// ```swift
    /// var registry = StageRegistry.standard
    /// registry.register(StageKind(name: "shout", summary: "...", reads: [.tokens], writes: []) { _ in Shout() })
    /// ```
    public static var standard: StageRegistry {
        var registry = StageRegistry()
        registry.register(tokenizeKind)
        registry.register(sentencesKind)
        registry.register(tagKind)
        registry.register(patternsKind)
        // The labels these two write come from their options: the check of a rule file
        // knows what they provide to later phases.
        var aliases = aliasesKind
        aliases.writesLabels = { options in
            var labels: Set<String> = []
            for name in ["persons", "organisations"] {
                if case let .string(value)? = options[name] { labels.formUnion(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            }
            return labels
        }
        registry.register(aliases)
        var quotations = quotationsKind
        quotations.writesLabels = { options in
            if case let .string(value)? = options["label"] { return [value] }
            return ["QUOTATION"]
        }
        registry.register(quotations)
        registry.register(quotesKind)
        return registry
    }

    static let listsOption = StageOptionSpec(name: "lists", type: .string, default: "", summary: "folder of the language lists (abbreviations.txt, ...), relative to the rule file; default: Quarry's Rules/en")

    /// The lists folder: the option's path, or the shipped Rules/en.
    static func listsDirectory(_ request: StageRequest) throws -> URL {
        if let path = request.path("lists") { return path }
        guard let root = RulesLocator.defaultDirectory() else {
            throw StageBuildError("cannot find Quarry's Rules directory for the language lists; set lists=\"path\" or \(RulesLocator.environmentVariable)")
        }
        return root.appendingPathComponent("en")
    }

    static let tokenizeKind = StageKind(
        name: "tokenize", summary: "ICU word boundaries with Quarry's exception layer (UD English surface tokens)",
        options: [
            listsOption,
            StageOptionSpec(name: "words", type: .bool, default: "false", summary: "split contractions into syntactic words (do + n't)"),
            StageOptionSpec(name: "keep-possessives", type: .bool, default: "false", summary: "keep possessives whole (Korea’s) as UD surface tokens do"),
            StageOptionSpec(name: "locale", type: .string, default: "en", summary: "ICU locale for dictionary scripts (Thai, Chinese, Japanese, ...)"),
            StageOptionSpec(name: "abbreviations", type: .list, default: "", summary: "more abbreviations that keep their period, from a list in the rule file"),
            StageOptionSpec(name: "hyphen-prefixes", type: .list, default: "", summary: "more prefixes that stay joined across a hyphen, from a list"),
        ],
        reads: [.text], writes: [.tokens]
    ) { request in
        let directory = try listsDirectory(request)
        do {
            var lexicon = try TokenizerLexicon.load(directory: directory)
            if let extra = request.list("abbreviations") { lexicon.addAbbreviations(extra) }
            if let extra = request.list("hyphen-prefixes") { lexicon.addHyphenPrefixes(extra) }
            let options = Tokenizer.Options(splitClitics: request.bool("words"), splitPossessives: !request.bool("keep-possessives"),
                                            locale: request.string("locale") ?? "en")
            return TokenizerStage(tokenizer: Tokenizer(lexicon: lexicon, options: options))
        } catch {
            throw StageBuildError("cannot load the tokenizer's lists: \(error)")
        }
    }

    static let sentencesKind = StageKind(
        name: "sentences", summary: "rule-based sentence splitting (abbreviations, quotes, lists, lines)",
        options: [
            listsOption,
            StageOptionSpec(name: "keep-quotations", type: .bool, default: "false", summary: "keep a quotation's sentences in the sentence around it"),
            StageOptionSpec(name: "titles", type: .list, default: "", summary: "more abbreviations that never end a sentence before a name (\"Amb.\"), from a list"),
            StageOptionSpec(name: "abbreviations", type: .list, default: "", summary: "more abbreviations that end a sentence only before a starter word, from a list"),
            StageOptionSpec(name: "starters", type: .list, default: "", summary: "more words that start sentences, from a list"),
        ],
        reads: [.tokens], writes: [.sentences]
    ) { request in
        let directory = try listsDirectory(request)
        do {
            var lexicon = try SentenceLexicon.load(directory: directory)
            if let extra = request.list("titles") { lexicon.add(extra, as: .title) }
            if let extra = request.list("abbreviations") { lexicon.add(extra, as: .prenominal) }
            if let extra = request.list("starters") { lexicon.addStarters(extra) }
            return SentenceStage(splitter: SentenceSplitter(lexicon: lexicon, options: .init(keepQuotations: request.bool("keep-quotations"))))
        } catch {
            throw StageBuildError("cannot load the sentence splitter's lists: \(error)")
        }
    }

    static let tagKind = StageKind(
        name: "tag", summary: "parts of speech (UPOS and Penn tags) and lemmas from a trained model; rules test them with pos=, tag=, lemma=",
        options: [
            StageOptionSpec(name: "model", type: .string, default: "",
                            summary: "a model trained by `quarry train tagger`, relative to the rule file; default: Quarry's Rules/en/tagger.qtag (UD English EWT + GUM)"),
        ],
        reads: [.tokens, .sentences], writes: [.tags]
    ) { request in
        let url: URL
        if let path = request.path("model") {
            url = path
        } else if let shipped = TaggerModel.shippedURL {
            url = shipped
        } else {
            throw StageBuildError("cannot find Quarry's Rules directory for the tagger model; set model=\"path\" or \(RulesLocator.environmentVariable)")
        }
        do {
            return TagStage(model: try TaggerModel.shared(at: url))
        } catch {
            throw StageBuildError("\(error)")
        }
    }

    static let patternsKind = StageKind(
        name: "patterns", summary: "PCRE2 pattern rules and word lists; writes labelled spans",
        argument: "SET (a `patterns` declaration; default: every rule)",
        options: [listsOption], reads: [], writes: [.spans]
    ) { request in
        let name = request.argument ?? "all"
        guard let set = request.patternSets[name] else {
            throw StageBuildError("unknown patterns declaration '\(name)'")
        }
        let commonWords = try commonWords(request)
        try checkSpecificTags(set)
        do throws(PatternCompileErrors) {
            if request.checkOnly {
                // Only the errors are wanted: everything a run builds but the JIT, then dropped.
                let checked = try PatternMatcher(set, commonWords: commonWords, jit: false)
                for rule in checked.matchesNothing {
                    request.warnRule?(rule, "this rule is made only of lookarounds, anchors or word boundaries, so every match would be empty, and spans are never empty: it never matches; make it consume text (for example \\d+(?=%) instead of (?=\\d+%))")
                }
                // Its rules stay, so that a pipeline built to be checked reads the layers they read.
                return PatternStage(matcher: checked)
            }
            return PatternStage(matcher: try PatternMatcher(set, commonWords: commonWords))
        } catch {
            throw StageBuildError("rules did not compile", ruleFailures: error.errors.map {
                StageBuildError.RuleFailure(rule: $0.rule, offset: $0.offset, message: $0.message)
            })
        }
    }

    /// Refuses `tag=` tests that name a tag the shipped tagger never gives, with the nearest
    /// valid tag and the list of them (a model trained on other data may have other tags: the
    /// check uses the shipped model's, and is skipped when it cannot be found).
    static func checkSpecificTags(_ set: PatternSet) throws {
        let rulesWithTags = set.rules.enumerated().compactMap { k, rule -> (Int, [String])? in
            guard case let .tokens(pattern) = rule.matcher else { return nil }
            let tags = pattern.specificTags
            return tags.isEmpty ? nil : (k, tags)
        }
        guard !rulesWithTags.isEmpty, let url = TaggerModel.shippedURL, let model = try? TaggerModel.shared(at: url) else { return }
        let valid = model.tagSet.specificNames
        var failures: [StageBuildError.RuleFailure] = []
        for (k, tags) in rulesWithTags {
            for tag in tags where !valid.contains(tag) {
                var message = "unknown tag '\(tag)'"
                if let guess = Suggestion.closest(to: tag, in: valid) ?? valid.first(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) {
                    message += " (did you mean '\(guess)'?)"
                }
                message += "; tag= takes a tag of the tagger's model: \(valid.joined(separator: " ")) (universal tags such as NOUN go with pos=)"
                failures.append(StageBuildError.RuleFailure(rule: k, offset: 0, message: message))
            }
        }
        if !failures.isEmpty { throw StageBuildError("rules name unknown tags", ruleFailures: failures) }
    }

    /// The lists folder's common-word list (``CommonWords``) for the patterns stage. Without a
    /// `lists` option and without Quarry's Rules directory there is none: the list only tunes
    /// speed, so a patterns-only pipeline still runs where the Rules directory is not installed.
    static func commonWords(_ request: StageRequest) throws -> Set<String> {
        guard request.path("lists") != nil || RulesLocator.defaultDirectory() != nil else { return [] }
        let directory = try listsDirectory(request)
        do {
            return try CommonWords.load(directory: directory)
        } catch {
            throw StageBuildError("cannot load the patterns stage's common words: \(error)")
        }
    }

    static let aliasesKind = StageKind(
        name: "aliases", summary: "short mentions of names found earlier: a person's surname alone, an organisation's declared acronym",
        options: [
            StageOptionSpec(name: "persons", type: .string, default: "PERSON", summary: "labels whose spans give surnames, comma-separated"),
            StageOptionSpec(name: "organisations", type: .string, default: "ORG", summary: "labels whose spans give acronyms declared in parentheses, comma-separated"),
            StageOptionSpec(name: "replace", type: .string, default: "GPE,LOC", summary: "labels a mention replaces when it covers exactly the same word, comma-separated"),
            StageOptionSpec(name: "given-names", type: .bool, default: "false", summary: "a person's first name alone is a mention too, when no other person shares it"),
        ],
        reads: [.tokens, .spans], writes: [.spans]
    ) { request in
        func labels(_ option: String, _ fallback: String) -> Set<String> {
            Set((request.string(option) ?? fallback).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        return AliasStage(personLabels: labels("persons", "PERSON"), organisationLabels: labels("organisations", "ORG"),
                          replaceableLabels: labels("replace", "GPE,LOC"), givenNames: request.bool("given-names"))
    }

    static let quotationsKind = StageKind(
        name: "quotations", summary: "quotation marks paired into spans, for rules that read a quotation as one unit (@QUOTATION)",
        options: [
            StageOptionSpec(name: "label", type: .string, default: "QUOTATION", summary: "the spans' label (_QUOTATION keeps them out of the result)"),
            StageOptionSpec(name: "nested", type: .bool, default: "false", summary: "also write quotations inside quotations (attribute depth)"),
        ],
        reads: [.tokens], writes: [.spans]
    ) { request in
        QuotationStage(label: request.string("label") ?? "QUOTATION", nested: request.bool("nested"))
    }

    static let quotesKind = StageKind(
        name: "quotes", summary: "quote attribution: direct and reported speech, cues, speakers resolved to entities",
        options: [
            listsOption,
            StageOptionSpec(name: "verbs", type: .list, default: "@quote-verbs", summary: "cue verbs of the attribution profile, replacing quote-verbs.txt (`say|says|said|saying`, `call for`, `refer to * as`); given, it serves both profiles"),
            StageOptionSpec(name: "speech-verbs", type: .list, default: "@quote-speech-verbs", summary: "cue verbs of the speech profile (verbs of saying), replacing quote-speech-verbs.txt"),
            StageOptionSpec(name: "phrases", type: .list, default: "@quote-phrases", summary: "cue phrases whose source follows, replacing quote-phrases.txt (`according to`)"),
            StageOptionSpec(name: "titles", type: .list, default: "@quote-titles", summary: "titles stripped from speaker names, replacing titles.txt (`Foreign Minister`, `Mrs. =f`)"),
            StageOptionSpec(name: "title-modifiers", type: .list, default: "@quote-title-modifiers", summary: "words stripped with a title, replacing title-modifiers.txt (`former`, `Deputy`)"),
            StageOptionSpec(name: "speakers", type: .list, default: "@quote-speakers", summary: "nouns that can speak without a name, replacing quote-speakers.txt (`analysts =pl`)"),
            StageOptionSpec(name: "demonyms", type: .list, default: "@quote-demonyms", summary: "words of origin before titles, replacing quote-demonyms.txt (`South Korean`)"),
            StageOptionSpec(name: "grammar", type: .list, default: "@quote-grammar", summary: "closed-class words with their class, replacing quote-grammar.txt (`he =pronoun-male`)"),
            StageOptionSpec(name: "adverbials", type: .list, default: "@quote-adverbials", summary: "words of adverbials around cues, replacing quote-adverbials.txt (`tuesday =time`)"),
            StageOptionSpec(name: "speaker-suffixes", type: .list, default: "@quote-speaker-suffixes", summary: "endings of plural nouns for people, replacing quote-speaker-suffixes.txt (`ists`)"),
            StageOptionSpec(name: "furniture", type: .list, default: "@quote-furniture", summary: "openers of page furniture lines, replacing quote-furniture.txt (`Story continues below advertisement`)"),
            StageOptionSpec(name: "given-names", type: .list, default: "@quote-given-names", summary: "first names with the sex they mostly name, replacing entities/given-name-genders.txt (`Jane =f`): pronouns do not go back to a speaker of the other sex"),
            StageOptionSpec(name: "profile", type: .choice(QuoteProfile.allCases.map(\.rawValue)), default: "attribution",
                            summary: "speech: who said what (verbs default to quote-speech-verbs.txt); attribution: beliefs, positions and findings too"),
            StageOptionSpec(name: "cues", type: .label, default: "",
                            summary: "take the cues from spans of this label written by earlier rule phases (`_CUE`: group cue, attributes form and quotation), not from the verbs list"),
            StageOptionSpec(name: "speaker-spans", type: .label, default: "",
                            summary: "take a cue's speaker first from spans of this label written by earlier rule phases (`_SPEAKER`: groups cue and speaker; other cues get the stage's own), and roles from its spans with groups role and name (\"the party\" names the organisation a role rule gave it)"),
        ],
        reads: [.tokens, .sentences], writes: [.quotes]
    ) { request in
        var lexicon = QuoteLexicon()
        lexicon.profile = request.string("profile").flatMap(QuoteProfile.init(rawValue:)) ?? .attribution
        if let label = request.string("cues"), !label.isEmpty { lexicon.cueLabel = label }
        if let label = request.string("speaker-spans"), !label.isEmpty { lexicon.speakerLabel = label }
        let names = QuoteLexicon.FileName.self
        let fields: [(option: String, file: String, path: WritableKeyPath<QuoteLexicon, [String]>)] = [
            // The speech profile reads `speech-verbs` unless the rule file gave `verbs` itself.
            (lexicon.profile == .speech && (request.given.isEmpty ? request.list("speech-verbs") != nil : !request.given.contains("verbs")) ? "speech-verbs" : "verbs",
             lexicon.profile == .speech ? names.speechVerbs : names.verbs, \.verbs), ("phrases", names.phrases, \.phrases), ("titles", names.titles, \.titles),
            ("title-modifiers", names.titleModifiers, \.titleModifiers),
            ("speakers", names.speakers, \.speakers), ("demonyms", names.demonyms, \.demonyms),
            ("grammar", names.grammar, \.grammar), ("adverbials", names.adverbials, \.adverbials),
            ("speaker-suffixes", names.speakerSuffixes, \.speakerSuffixes), ("furniture", names.furniture, \.furniture),
            ("given-names", names.givenNames, \.givenNames),
        ]
        for field in fields {
            if let entries = request.list(field.option) {
                lexicon[keyPath: field.path] = entries
            } else {
                let directory = try listsDirectory(request)
                do {
                    lexicon[keyPath: field.path] = try ListFile(url: directory.appendingPathComponent(field.file)).entries.map(\.text)
                } catch {
                    throw StageBuildError("cannot load the quote stage's lists: \(error)")
                }
            }
        }
        return try QuoteStage(lexicon: lexicon)
    }
}
