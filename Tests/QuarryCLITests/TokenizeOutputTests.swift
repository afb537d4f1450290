import Foundation
import QuarryTestSupport
import Testing

/// `quarry tokenize` on real text: offsets, coverage and the tokens a reader of UD English
/// expects.
@Suite("quarry tokenize: tokens and offsets")
struct TokenizeOutputTests {
    static let multilingual = "Blinken 👍🏽 said “hi” in 東京 and ภาษาไทย, café.\nA family: 👨‍👩‍👧 (ZWJ), a flag 🇰🇷, e\u{301} decomposed.\n"

    @Test("tokenize -f json Examples/blinken-seoul.txt: slices, order, coverage, expected tokens")
    func seedArticle() throws {
        let text = String(decoding: try Data(contentsOf: Fixtures.seedArticle), as: UTF8.self)
        let result = try QuarryCLI.run(["tokenize", "-f", "json", "Examples/blinken-seoul.txt"])
        #expect(result.status == 0, "\(result)")
        let document = try OutputParser.single(result.stdout)
        #expect(document.id == "Examples/blinken-seoul.txt")
        let tokens = document.tokens
        #expect(tokens.count > 400, "the seed article has well over 400 tokens; got \(tokens.count)")
        TokenChecks.expectConsistent(tokens, with: text, unit: .codepoints, document: "blinken-seoul.txt")
        #expect(TokenChecks.graphemeSplits(tokens, in: text).isEmpty)

        let texts = Set(tokens.texts)
        for expected in ["U.S.", "U.N.", "“", "”", "Korea", "’s", "Reuters", "–", "Blinken", "G7", "2023"] {
            #expect(texts.contains(expected), "no token \"\(expected)\"")
        }
        // Possessives split off their noun by default, as UD does.
        #expect(!texts.contains("Korea’s") && !texts.contains("Blinken’s"), "a possessive was not split")
        // Consecutive tokens, and the pieces of split words with no gap between them.
        let runs: [(sequence: [String], touching: Bool)] = [
            (["North", "Korea", "’s", "ballistic"], false),
            (["Korea", "’s"], true),
            (["the", "U.S.", "government", "’s"], false),     // the abbreviation keeps its period
            (["multiple", "U.N.", "Security"], false),
            (["“", "two", "-", "way", "street", "”"], false),
            (["“", "two", "-", "way"], true),
            (["two", "-", "and", "-", "a", "-", "half", "-", "year"], true),  // split at every hyphen
            (["(", "Reuters", ")", "–", "U.S."], false),
            (["(", "Reuters", ")"], true),
            (["States", "’", "concerns"], false),              // "the United States’ concerns"
        ]
        for run in runs {
            let found = tokens.containsRun(run.sequence, touching: run.touching)
            #expect(found, "no run \(run.sequence)\(run.touching ? " (touching)" : ""); around \"\(run.sequence[1])\": \(tokens.context(of: run.sequence[1]))")
        }
        let hyphenated = tokens.filter { $0.text.contains("half-") || $0.text.contains("-and") || $0.text.contains("two-") }
        #expect(hyphenated.isEmpty, "\(hyphenated)")
        let kinds = Dictionary(tokens.map { ($0.text, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(kinds["–"] == "punct")
        #expect(kinds["2023"] == "number")
        #expect(kinds["U.S."] == "word")
        let undocumented = Set(tokens.map(\.kind)).subtracting(OutputParser.documentedKinds)
        #expect(undocumented.isEmpty, "kinds not listed in `quarry tokenize --help`: \(undocumented)")
    }

    @Test("offsets of every unit slice the input exactly (emoji, CJK, Thai, combining marks)",
          arguments: OffsetUnitArgument.allCases)
    func offsetsOnMultilingualText(unit: OffsetUnitArgument) throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Self.multilingual, to: "multi.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "--offsets", unit.rawValue, "multi.txt"], in: directory)
            #expect(result.status == 0, "\(result)")
            let document = try OutputParser.single(result.stdout)
            #expect(document.id == "multi.txt")
            TokenChecks.expectConsistent(document.tokens, with: Self.multilingual, unit: unit, document: "multi.txt")
            let texts = document.tokens.texts
            // The skin-tone emoji is one token (one grapheme), as is the ZWJ family.
            for expected in ["Blinken", "👍🏽", "said", "“", "hi", "”", "東京", "café", "👨‍👩‍👧"] {
                #expect(texts.contains(expected), "no token \"\(expected)\" in \(texts)")
            }
            // A flag is two regional indicators forming one grapheme: one token, as ICU has it.
            #expect(texts.contains("🇰🇷"), "no token \"🇰🇷\" in \(texts)")
            #expect(!texts.contains("👍"), "the emoji modifier was split from its base")
            // No token cuts a grapheme cluster.
            if unit == .codepoints {
                let splits = TokenChecks.graphemeSplits(document.tokens, in: Self.multilingual)
                #expect(splits.isEmpty, "tokens that cut a grapheme cluster: \(splits)")
            }
            // Offsets differ by unit exactly as the encodings do.
            let thumbs = try #require(document.tokens.first { $0.text == "👍🏽" })
            let width = ["codepoints": 2, "utf16": 4, "utf8": 8][unit.rawValue]!
            #expect(thumbs.start == 8 && thumbs.end - thumbs.start == width, "\(thumbs)")
        }
    }

    @Test("offsets of every unit on real news documents (wikinews_gum.jsonl)",
          .enabled(if: Fixtures.sharedData("corpus/wikinews_gum.jsonl") != nil,
                   "skipped: ../shared/data/corpus/wikinews_gum.jsonl is not present"),
          arguments: OffsetUnitArgument.allCases)
    func offsetsOnWikinews(unit: OffsetUnitArgument) throws {
        guard let corpus = Fixtures.sharedData("corpus/wikinews_gum.jsonl") else {
            print("skipped: ../shared/data/corpus/wikinews_gum.jsonl is not present")
            return
        }
        // The input, line by line, as Python's json module would read it.
        var inputs: [(id: String, text: String)] = []
        for line in try Data(contentsOf: corpus).split(separator: 0x0A) where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            inputs.append((try #require(object["id"] as? String), try #require(object["text"] as? String)))
        }
        #expect(inputs.count >= 5)

        let result = try QuarryCLI.run(["tokenize", "-f", "jsonl", "--offsets", unit.rawValue, corpus.path])
        #expect(result.status == 0, "\(result)")
        let documents = try OutputParser.lines(result.stdout)
        #expect(documents.map(\.id) == inputs.map(\.id), "one output line per input line, in input order")
        for (document, input) in zip(documents, inputs) {
            #expect(!document.tokens.isEmpty, "\(input.id): no tokens")
            TokenChecks.expectConsistent(document.tokens, with: input.text, unit: unit, document: input.id)
            if unit == .codepoints {
                let splits = TokenChecks.graphemeSplits(document.tokens, in: input.text)
                #expect(splits.isEmpty, "\(input.id): tokens that cut a grapheme cluster: \(splits.prefix(5))")
            }
        }
    }

    @Test("standard input: echo \"U.S. officials don't agree.\" | quarry tokenize -f json -")
    func standardInput() throws {
        let sentence = "U.S. officials don't agree.\n"
        let result = try QuarryCLI.run(["tokenize", "-f", "json", "-"], stdin: Data(sentence.utf8))
        #expect(result.status == 0, "\(result)")
        #expect(result.err.isEmpty, "unexpected messages: \(result.err)")
        let document = try OutputParser.single(result.stdout)
        #expect(document.id == "stdin")
        #expect(document.tokens.texts == ["U.S.", "officials", "don't", "agree", "."])
        #expect(document.tokens.map(\.kind) == ["word", "word", "word", "word", "punct"])
        TokenChecks.expectConsistent(document.tokens, with: sentence, unit: .codepoints, document: "stdin")
    }

    @Test("possessives split by default; --words splits contractions too; --keep-possessives keeps UD surface tokens")
    func wordsSplitsClitics() throws {
        let sentence = "U.S. officials don't agree with North Korea’s plan.\n"
        let kept = try QuarryCLI.run(["tokenize", "-f", "json", "--keep-possessives", "-"], stdin: Data(sentence.utf8))
        #expect(try OutputParser.single(kept.stdout).tokens.texts == ["U.S.", "officials", "don't", "agree", "with", "North", "Korea’s", "plan", "."])
        let surface = try QuarryCLI.run(["tokenize", "-f", "json", "-"], stdin: Data(sentence.utf8))
        let words = try QuarryCLI.run(["tokenize", "-f", "json", "--words", "-"], stdin: Data(sentence.utf8))
        #expect(surface.status == 0, "\(surface)")
        #expect(words.status == 0, "\(words)")
        let surfaceTokens = try OutputParser.single(surface.stdout).tokens
        let wordTokens = try OutputParser.single(words.stdout).tokens
        #expect(surfaceTokens.texts == ["U.S.", "officials", "don't", "agree", "with", "North", "Korea", "’s", "plan", "."])
        #expect(wordTokens.texts == ["U.S.", "officials", "do", "n't", "agree", "with", "North", "Korea", "’s", "plan", "."])
        let doNot = wordTokens.containsRun(["do", "n't"], touching: true)
        let korea = wordTokens.containsRun(["Korea", "’s"], touching: true)
        #expect(doNot, "the two words share the surface token's span with no gap")
        #expect(korea)
        TokenChecks.expectConsistent(surfaceTokens, with: sentence, unit: .codepoints, document: "stdin")
        TokenChecks.expectConsistent(wordTokens, with: sentence, unit: .codepoints, document: "stdin --words")
    }

    @Test("several inputs with -f json give an array, in command-line order")
    func severalInputsMakeAnArray() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write("First file.", to: "one.txt", in: directory)
            try QuarryCLI.write("Second, “quoted” file.\n", to: "two.txt", in: directory)
            let result = try QuarryCLI.run(["tokenize", "-f", "json", "one.txt", "two.txt"], in: directory)
            #expect(result.status == 0, "\(result)")
            let documents = try OutputParser.array(result.stdout)
            #expect(documents.map(\.id) == ["one.txt", "two.txt"])
            #expect(documents.first?.tokens.texts == ["First", "file", "."])
            #expect(documents.last?.tokens.texts == ["Second", ",", "“", "quoted", "”", "file", "."])
        }
    }
}

/// `quarry tokenize --tags`: parts of speech and lemmas in every output that shows tokens.
@Suite("quarry tokenize --tags")
struct TokenizeTagsTests {
    @Test("JSON tokens carry pos, tag and lemma; CoNLL-U fills its columns; a bad model is an error")
    func tags() throws {
        let input = Data("U.S. officials don't agree, Blinken said.\n".utf8)
        let json = try QuarryCLI.run(["tokenize", "--tags", "-f", "json", "-"], stdin: input)
        #expect(json.status == 0, "\(json)")
        let object = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        let tokens = try #require(object?["tokens"] as? [[String: Any]])
        let said = try #require(tokens.first { $0["text"] as? String == "said" })
        #expect(said["pos"] as? String == "VERB" && said["tag"] as? String == "VBD" && said["lemma"] as? String == "say")
        #expect(tokens.first { $0["text"] as? String == "officials" }?["lemma"] as? String == "official")

        let conllu = try QuarryCLI.run(["tokenize", "--tags", "--words", "-f", "conllu", "-"], stdin: input)
        #expect(conllu.status == 0)
        let lines = conllu.out.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.contains { $0.count == 10 && $0[1] == "n't" && $0[2] == "not" && $0[3] == "PART" })
        #expect(lines.contains { $0.count == 10 && $0[1] == "Blinken" && $0[3] == "PROPN" && $0[4] == "NNP" })

        let missing = try QuarryCLI.run(["tokenize", "--tags", "--model", "/no/such/model.qtag", "-"], stdin: input)
        #expect(missing.status != 0)
        #expect(missing.out.contains("cannot read the tagger model") || missing.err.contains("cannot read the tagger model"))
        let usage = try QuarryCLI.run(["tokenize", "--model", "x.qtag", "-"], stdin: input)
        #expect(usage.status == 64)
    }
}
