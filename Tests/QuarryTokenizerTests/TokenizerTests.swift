import Foundation
import QuarryCore
import QuarryTestSupport
import QuarryTokenizer
import Testing

/// One shared tokenizer over the project's own Rules/en lists.
let english: Tokenizer = {
    let lexicon = try! TokenizerLexicon.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en"))
    return Tokenizer(lexicon: lexicon)
}()

let englishWords = Tokenizer(lexicon: english.lexicon, options: .init(splitClitics: true))

/// Token texts joined by " | " (easy to read in a failure message).
func tokens(_ text: String, _ tokenizer: Tokenizer = english) -> String {
    tokenizer.tokenTexts(text).joined(separator: " | ")
}

func kinds(_ text: String) -> [TokenKind] {
    english.tokenize(Document(id: "t", text: text)).map(\.kind)
}

@Suite struct TokenizerCases {
    @Test(arguments: [
        // Abbreviations keep their period; sentence periods split.
        ("U.S. and U.N. officials met Mr. Park at 9 a.m. on Nov. 9.", "U.S. | and | U.N. | officials | met | Mr. | Park | at | 9 | a.m. | on | Nov. | 9 | ."),
        ("Acme Inc. fired Dr. Smith, Jr. yesterday.", "Acme | Inc. | fired | Dr. | Smith | , | Jr. | yesterday | ."),
        ("He lives in the U.S.", "He | lives | in | the | U.S."),
        ("J. R. R. Tolkien wrote it.", "J. | R. | R. | Tolkien | wrote | it | ."),
        ("So did I.", "So | did | I | ."),
        ("e.g. this, i.e. that", "e.g. | this | , | i.e. | that"),
        // Numbers.
        ("It cost $1.2 billion, up 3.5% from 1,000 units.", "It | cost | $ | 1.2 | billion | , | up | 3.5 | % | from | 1,000 | units | ."),
        ("At 08:02 on 9/30/01 call 303-832-8160.", "At | 08:02 | on | 9/30/01 | call | 303-832-8160 | ."),
        ("The score was 3-1 in 1990-2000.", "The | score | was | 3 | - | 1 | in | 1990 | - | 2000 | ."),
        ("1,000,000 people", "1,000,000 | people"),
        ("the 1990s and 2nd place", "the | 1990s | and | 2nd | place"),
        // URLs, e-mail, handles, hashtags.
        ("See https://www.state.gov/briefings/?id=7 now.", "See | https://www.state.gov/briefings/?id=7 | now | ."),
        ("(see http://en.wikipedia.org/wiki/Seoul_(city)).", "( | see | http://en.wikipedia.org/wiki/Seoul_(city) | ) | ."),
        ("Visit www.reuters.com, or reuters.com.", "Visit | www.reuters.com | , | or | reuters.com | ."),
        ("Write to press@state.gov or Kevin.A.Boone@accenture.com.", "Write | to | press@state.gov | or | Kevin.A.Boone@accenture.com | ."),
        ("@SecBlinken posted #G7 and #NorthKorea", "@SecBlinken | posted | #G7 | and | #NorthKorea"),
        // Runs of punctuation.
        ("Wait... what?! No -- never!!!", "Wait | ... | what | ?! | No | -- | never | !!!"),
        ("“Why not?” asked Smith.", "“ | Why | not | ? | ” | asked | Smith | ."),
        ("(AFP) — the end…", "( | AFP | ) | — | the | end | …"),
        // Hyphens: listed prefixes stay, others split as in UD English.
        ("e-mail the re-elected co-founder", "e-mail | the | re-elected | co-founder"),
        ("a non-Microsoft, two-way street", "a | non-Microsoft | , | two | - | way | street"),
        ("a two-and-a-half-year gap", "a | two | - | and | - | a | - | half | - | year | gap"),
        // Contractions and possessives are surface tokens.
        ("Don't say it's Korea’s or Hamas’ fault, O'Neill.", "Don't | say | it's | Korea | ’s | or | Hamas | ’ | fault | , | O'Neill | ."),
        ("That's Today's news; let's see who's there.", "That's | Today | 's | news | ; | let's | see | who's | there | ."),
        // Special tokens.
        ("b/c it works w/ AT&T :)", "b/c | it | works | w/ | AT&T | :)"),
        ("and/or", "and | / | or"),
    ] as [(String, String)])
    func surfaceTokens(text: String, expected: String) {
        #expect(tokens(text) == expected)
    }

    @Test(arguments: [
        ("I don't think it's Korea’s", "I | do | n't | think | it | 's | Korea | ’s"),
        ("They can't and won't, I'm sure we'll see", "They | ca | n't | and | wo | n't | , | I | 'm | sure | we | 'll | see"),
        ("You cannot, we're gonna", "You | can | not | , | we | 're | gon | na"),
        ("O'Neill isn't", "O'Neill | is | n't"),
    ] as [(String, String)])
    func wordsSplitClitics(text: String, expected: String) {
        #expect(tokens(text, englishWords) == expected)
    }

    @Test func cliticOffsetsMarkSurfaceTokens() {
        let document = Document(id: "t", text: "don't Korea’s cat")
        let surface = Tokenizer(lexicon: english.lexicon, options: .init(splitPossessives: false))
        #expect(surface.tokenize(document).map(\.cliticOffset) == [2, 5, 0])
        // By default the possessive is split and marked as host + clitic; "don't" keeps its offset.
        let layer = english.tokenize(document)
        #expect(layer.map(\.cliticOffset) == [2, 0, 0, 0])
        #expect(layer.map { $0.flags.contains(.cliticHost) } == [false, true, false, false])
        let words = englishWords.tokenize(document)
        #expect(words.map(\.flags).map { $0.contains(.cliticHost) } == [true, false, true, false, false])
        #expect(words.map(\.flags).map { $0.contains(.clitic) } == [false, true, false, true, false])
    }

    @Test func kindsAreAssigned() {
        #expect(kinds("Blinken said 3.5 % $ https://x.com a@b.com @x #y :-) 東京") ==
            [.word, .word, .number, .symbol, .symbol, .url, .email, .handle, .hashtag, .emoticon, .ideographic])
        #expect(kinds("“,”") == [.punct, .punct, .punct])
    }

    @Test func dictionaryScriptsGoThroughICU() {
        // ICU segments Thai and Japanese with its dictionaries: more than one token each.
        #expect(english.tokenTexts("ภาษาไทยง่ายนิดเดียว").count > 1)
        let japanese = english.tokenTexts("東京都に住んでいます。")
        #expect(japanese.count > 2)
        #expect(japanese.last == "。")
        #expect(japanese.joined() == "東京都に住んでいます。")
    }

    @Test func emojiSequencesAndMarksStayWhole() {
        #expect(tokens("ok 👍🏽 👩‍🚀!") == "ok | 👍🏽 | 👩‍🚀 | !")
        // A combining accent after a base letter is part of the word.
        #expect(tokens("cafe\u{301} noir") == "cafe\u{301} | noir")
    }

    @Test func whitespaceFlags() {
        let layer = english.tokenize(Document(id: "t", text: "One.\nTwo\n\nThree"))
        #expect(layer.map { $0.flags.contains(.spaceAfter) } == [false, true, true, false])
        #expect(layer.map { $0.flags.contains(.newlineAfter) } == [false, true, true, false])
        #expect(layer.map { $0.flags.contains(.paragraphAfter) } == [false, false, true, false])
    }

    @Test func emptyAndBlankDocuments() {
        #expect(english.tokenize(Document(id: "e", text: "")).isEmpty)
        #expect(english.tokenize(Document(id: "e", text: " \n\t\u{00A0}\u{3000} ")).isEmpty)
    }
}

@Suite struct TokenizerInvariants {
    /// Every non-whitespace scalar of `text` lies inside exactly one token, and the layer's
    /// invariants hold.
    func checkNothingIsLost(_ text: String, _ tokenizer: Tokenizer = english) {
        let document = Document(id: "t", text: text)
        let layer = tokenizer.tokenize(document)
        #expect(layer.invariantViolation(byteCount: document.utf8Count) == nil)
        var covered = [Bool](repeating: false, count: document.utf8Count)
        for token in layer { for i in token.range { covered[i] = true } }
        var byte = 0
        for scalar in text.unicodeScalars {
            let length = String(scalar).utf8.count
            if !scalar.properties.isWhitespace && scalar != "\u{FEFF}" && scalar != "\u{200B}" {
                #expect(covered[byte], "U+\(String(scalar.value, radix: 16)) at byte \(byte) is in no token")
            }
            byte += length
        }
    }

    @Test func theSeedArticleLosesNothing() throws {
        let document = try Fixtures.seedDocument()
        checkNothingIsLost(document.text)
        checkNothingIsLost(document.text, englishWords)
    }

    @Test func randomTextLosesNothing() {
        // A deterministic generator over a palette of troublesome characters.
        let palette = Array("aZ9 .,'’-–—/:@#$%&*()[]“”\"!?…\n\t\u{00A0}é\u{301}東京ภา👍🏽\u{200D}\u{FE0F}_+=<>~^|\\\u{0007}")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<60 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(palette[Int(state >> 33) % palette.count])
            }
            checkNothingIsLost(text)
            checkNothingIsLost(text, englishWords)
        }
    }

    @Test func theSeedArticleTokens() throws {
        let document = try Fixtures.seedDocument()
        let texts = english.tokenize(document).map { String(document.text(utf8: $0.range)) }
        for expected in ["U.S.", "U.N.", "Korea", "’s", "“", "”", "–", "(", "Reuters", ")", "2023", "Hamas", "G7"] {
            #expect(texts.contains(expected), "missing token \(expected)")
        }
        #expect(!texts.contains("U.S"))
        // Possessive "States’" (a plural without s) splits off its apostrophe, as UD does.
        #expect(texts.contains("States"))
    }
}

@Suite struct LexiconTests {
    func writeRules(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let defaults = [
            "abbreviations.txt": "Mr.\n", "hyphen-prefixes.txt": "e\n",
            "special-tokens.txt": ":) emoticon\n", "clitics.txt": "suffix n't\n", "top-level-domains.txt": "com\n",
        ]
        for (name, text) in defaults.merging(files, uniquingKeysWith: { $1 }) {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func userListsChangeTheTokens() throws {
        let directory = try writeRules(["abbreviations.txt": "# mine\nMr.\nApprox.\n", "hyphen-prefixes.txt": "well\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenizer = Tokenizer(lexicon: try TokenizerLexicon.load(directory: directory))
        #expect(tokenizer.tokenTexts("Approx. a well-known e-mail") == ["Approx.", "a", "well-known", "e", "-", "mail"])
    }

    /// Domain-name tokens end with a domain from top-level-domains.txt, marked or not.
    @Test func domainsFromTheSharedFile() throws {
        func kinds(_ domains: String) throws -> [String: TokenKind] {
            let directory = try writeRules(["top-level-domains.txt": domains])
            defer { try? FileManager.default.removeItem(at: directory) }
            let tokenizer = Tokenizer(lexicon: try TokenizerLexicon.load(directory: directory))
            let document = Document(id: "d", text: "see lemonde.fr and reuters.com now")
            let layer = tokenizer.tokenize(document)
            return Dictionary(layer.records.map { (String(document.text(utf8: $0.range)), $0.kind) }, uniquingKeysWith: { a, _ in a })
        }
        let comOnly = try kinds("com\n")
        #expect(comOnly["reuters.com"] == .url && comOnly["lemonde.fr"] != .url)
        let withFrance = try kinds("com\nfr =tokens\n")
        #expect(withFrance["reuters.com"] == .url && withFrance["lemonde.fr"] == .url)
    }

    @Test func malformedEntriesAreLocated() throws {
        let directory = try writeRules(["abbreviations.txt": "Mr.\n  Dr\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            try TokenizerLexicon.load(directory: directory)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("abbreviations.txt:2:5: error: an abbreviation must end with a period: 'Dr'") && text.hasSuffix("  Dr\n    ^")
        }
    }

    @Test func unknownKindsAreLocated() throws {
        let directory = try writeRules(["special-tokens.txt": "b/c word\nxx wrod\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            try TokenizerLexicon.load(directory: directory)
        } throws: { error in
            String(describing: error).contains("special-tokens.txt:2:4: error: unknown token kind 'wrod'")
        }
    }

    @Test func aMissingFileIsNamed() throws {
        let directory = try writeRules([:])
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("clitics.txt"))
        #expect {
            try TokenizerLexicon.load(directory: directory)
        } throws: { error in
            String(describing: error).contains("clitics.txt: no such file")
        }
    }
}
