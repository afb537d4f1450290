import Foundation
import QuarryCore
import QuarrySentences
import QuarryTestSupport
import QuarryTokenizer
import Testing

/// The default splitter (quotations split, as in UD and news tools).
let newsSplitter = SentenceSplitter(lexicon: englishSentenceLexicon)

@Suite struct SentenceSplitterCases {
    @Test(arguments: [
        // Quotes: closing marks stay with their sentence; a lower-case word continues it.
        ("“Why not?” asked Smith.", ["“Why not?” asked Smith."]),
        ("He said “stop.” Then he left.", ["He said “stop.”", "Then he left."]),
        // An unbalanced quote costs nothing after it.
        ("He said “stop. Then he left. It rained.", ["He said “stop.", "Then he left.", "It rained."]),
        // Datelines stay with their sentence.
        ("SEOUL, Nov 9 (Reuters) – U.S. Secretary of State Antony Blinken said so. He left.",
         ["SEOUL, Nov 9 (Reuters) – U.S. Secretary of State Antony Blinken said so.", "He left."]),
        ("WASHINGTON, Nov. 9 (Reuters) - The U.S. Senate voted. It passed.",
         ["WASHINGTON, Nov. 9 (Reuters) - The U.S. Senate voted.", "It passed."]),
        ("LONDON (AP) — Prime Minister Rishi Sunak spoke. Parliament listened.",
         ["LONDON (AP) — Prime Minister Rishi Sunak spoke.", "Parliament listened."]),
        // Titles never end a sentence before a name; ambiguous abbreviations need a starter.
        ("Sen. Warren and Gov. Newsom met Dr. Fauci.", ["Sen. Warren and Gov. Newsom met Dr. Fauci."]),
        ("It violates U.N. Security Council resolutions. They said so.", ["It violates U.N. Security Council resolutions.", "They said so."]),
        ("The talks were in the U.S. The ministers left.", ["The talks were in the U.S.", "The ministers left."]),
        ("Shares of Acme Inc. rose 3.5% to $1,200.50 at 10 a.m. on Monday.", ["Shares of Acme Inc. rose 3.5% to $1,200.50 at 10 a.m. on Monday."]),
        // A number after an abbreviation that takes one is not a list marker (issue 12).
        ("It happened on Jan. 19. The union left.", ["It happened on Jan. 19.", "The union left."]),
        ("She is the party's No. 2. He is No. 3.", ["She is the party's No. 2.", "He is No. 3."]),
        ("1. Security 2. Trade. 3. Climate", ["1. Security", "2. Trade.", "3. Climate"]),
        // Initials, e-mail addresses and URLs.
        ("J. R. R. Tolkien wrote it. Write to press@state.gov. See www.state.gov/r. Done.",
         ["J. R. R. Tolkien wrote it.", "Write to press@state.gov.", "See www.state.gov/r.", "Done."]),
        // Paragraphs always end sentences; single line breaks inside one do not.
        ("A headline without a period\n\nThe story begins here\nand continues. Next.",
         ["A headline without a period", "The story begins here\nand continues.", "Next."]),
        // Lists.
        ("Agenda:\n- security\n- trade\n- climate", ["Agenda:", "- security", "- trade", "- climate"]),
        ("1. Security 2. Trade 3. Climate", ["1. Security", "2. Trade", "3. Climate"]),
        // Bracketed punctuation stays inside.
        ("He spoke (briefly. very briefly) and left.", ["He spoke (briefly. very briefly) and left."]),
        // Other scripts.
        ("東京に行きました。大阪も。", ["東京に行きました。", "大阪も。"]),
    ] as [(String, [String])])
    func splits(text: String, expected: [String]) {
        #expect(newsSplitter.sentenceTexts(text) == expected)
    }

    @Test func quotationsSplitByDefaultAndStayWholeOnRequest() {
        let text = "“We will not stop. We will continue,” Blinken said. He left."
        #expect(newsSplitter.sentenceTexts(text) == ["“We will not stop.", "We will continue,” Blinken said.", "He left."])
        #expect(splitter.sentenceTexts(text) == ["“We will not stop. We will continue,” Blinken said.", "He left."])
    }

    /// Which marks the splitter pairs (through QuarryCore's QuotationMark table): a pair
    /// protects its sentence punctuation when quotations are kept whole.
    @Test func quotationMarksThatPairInTheSplitter() {
        // „ closes with ” but not with “ here (the quote stage accepts both).
        #expect(splitter.sentenceTexts("„Wir gehen. Sofort”, sagte er. Dann ging er.") == ["„Wir gehen. Sofort”, sagte er.", "Dann ging er."])
        #expect(splitter.sentenceTexts("„Wir gehen. Sofort“, sagte er. Dann ging er.") == ["„Wir gehen.", "Sofort“, sagte er.", "Dann ging er."])
        // `` closes with '' (Penn Treebank), guillemets and single guillemets pair.
        #expect(splitter.sentenceTexts("``We go. Now,'' he said. Then he left.") == ["``We go. Now,'' he said.", "Then he left."])
        #expect(splitter.sentenceTexts("«We go. Now», he said. Then he left.") == ["«We go. Now», he said.", "Then he left."])
        #expect(splitter.sentenceTexts("‹We go. Now›, he said. Then he left.") == ["‹We go. Now›, he said.", "Then he left."])
        // ‚ and ‟ are not paired by the splitter.
        #expect(splitter.sentenceTexts("‚We go. Now‘, he said. Then he left.") == ["‚We go.", "Now‘, he said.", "Then he left."])
        #expect(splitter.sentenceTexts("‟We go. Now”, he said. Then he left.") == ["‟We go.", "Now”, he said.", "Then he left."])
    }

    @Test func spansAreTrimmedAndNeverEmpty() {
        let text = "  \n\n One.  Two!  \n\n\n   \n Three?   "
        let document = Document(id: "t", text: text)
        let ranges = newsSplitter.split(document)
        #expect(ranges.map { String(document.text(utf8: $0)) } == ["One.", "Two!", "Three?"])
        #expect(newsSplitter.split(Document(id: "e", text: "")).isEmpty)
        #expect(newsSplitter.split(Document(id: "e", text: " \n\t ")).isEmpty)
    }

    /// The seed article, split by hand: 15 sentences, each paragraph's first sentence
    /// starting at its paragraph.
    @Test func theSeedArticle() throws {
        let document = try Fixtures.seedDocument()
        let sentences = newsSplitter.split(document).map { String(document.text(utf8: $0)) }
        #expect(sentences.count == 15)
        #expect(sentences.first == "date 2023-11-17 SEOUL, Nov 9 (Reuters) – U.S. Secretary of State Antony Blinken has expressed his apprehension regarding the increasing military collaboration between North Korea and Russia.")
        #expect(sentences[1] == "He referred to this growing partnership as a “two-way street” involving the exchange of arms and technical support.")
        #expect(sentences[8].hasSuffix("the violation of multiple U.N. Security Council resolutions."))
        #expect(sentences[10] == "In Japan, Blinken and other G7 foreign ministers condemned North Korea’s transfer of arms to Russia, which violates U.N. Security Council resolutions.")
        #expect(sentences.last?.hasPrefix("Blinken’s visit to South Korea signifies the U.S. government’s") == true)
    }
}

@Suite struct SentenceLayerTests {
    let tokenizer = Tokenizer(lexicon: try! TokenizerLexicon.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en")))

    /// With a token layer, every sentence holds whole tokens, the token ranges tile the
    /// layer, and no non-space text is outside a sentence.
    func checkLayer(_ text: String) throws {
        let pipeline = try Pipeline([TokenizerStage(tokenizer: tokenizer), SentenceStage(splitter: newsSplitter)])
        let result = try pipeline.run(Document(id: "t", text: text))
        let tokens = try #require(result.tokens), sentences = try #require(result.sentences)
        var nextToken = 0
        var previousEnd = 0
        for sentence in sentences {
            #expect(sentence.start >= previousEnd && sentence.start < sentence.end)
            #expect(Int(sentence.firstToken) == nextToken, "token ranges tile the layer")
            for t in sentence.tokenRange {
                #expect(tokens[t].start >= sentence.start && tokens[t].end <= sentence.end, "token \(t) crosses its sentence")
            }
            nextToken = Int(sentence.endToken)
            previousEnd = Int(sentence.end)
        }
        #expect(nextToken == tokens.count)
    }

    @Test func seedArticleLayer() throws {
        try checkLayer(try Fixtures.seedDocument().text)
    }

    @Test func runOnSentencesAgreeWithTokens() throws {
        // "album.That" is one token unless the tokenizer splits it as the splitter does.
        try checkLayer("Most of them are of high quality.You'll find more. See the album.That way we know.")
        let document = Document(id: "t", text: "the album.That way")
        #expect(tokenizer.tokenTexts(document.text) == ["the", "album", ".", "That", "way"])
        #expect(tokenizer.tokenTexts("mail Jane.Doe@example.com or Newsfeed.Com") == ["mail", "Jane.Doe@example.com", "or", "Newsfeed.Com"])
    }

    @Test(arguments: [
        "He said “stop. ‘Then (he left.’ It rained) again… ok?!",
        "a.b.c. d. E. F. 1. 2) 3.) • x ⁃y \n\n\n ...  . . . .",
        "'' ' `` \" “ ” ‘ ’ « » ( [ { } ] ) 。 ！ ？ । ؟ ۔",
    ])
    func odd(text: String) throws {
        try checkLayer(text)
    }

    @Test func randomTextKeepsTheLayerConsistent() throws {
        let palette = Array("aZ9 .,;:'’\"“”()[]!?…\n-•1)A.b\u{00A0}é東。")
        var state: UInt64 = 42
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<80 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(palette[Int(state >> 33) % palette.count])
            }
            try checkLayer(text)
            // Sentences cover all non-space text.
            let document = Document(id: "r", text: text)
            let ranges = newsSplitter.split(document)
            let covered = ranges.reduce(into: Set<Int>()) { $0.formUnion($1) }
            document.withUTF8 { bytes in
                for (i, b) in bytes.enumerated() where b > 0x20 && b < 0x80 {
                    #expect(covered.contains(i), "byte \(i) of \(text.debugDescription) is in no sentence")
                }
            }
        }
    }
}

@Suite struct SentenceLexiconTests {
    func directory(_ abbreviations: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-sent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try abbreviations.write(to: dir.appendingPathComponent("sentence-abbreviations.txt"), atomically: true, encoding: .utf8)
        try "Inc.\n".write(to: dir.appendingPathComponent("abbreviations.txt"), atomically: true, encoding: .utf8)
        try "The\nHe\n".write(to: dir.appendingPathComponent("sentence-starters.txt"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func userKindsChangeTheSentences() throws {
        let dir = try directory("title Pfc.\nfinal Inc.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let splitter = SentenceSplitter(lexicon: try SentenceLexicon.load(directory: dir))
        #expect(splitter.sentenceTexts("Ask Pfc. Jones. He knows.") == ["Ask Pfc. Jones.", "He knows."])
        #expect(splitter.sentenceTexts("He works at Acme Inc. Jones does too.") == ["He works at Acme Inc.", "Jones does too."])
    }

    /// The news kinds (`month`, `street`, `postnominal`, `state`) and the word lists that
    /// continue a sentence after a time or a street, from a user's file.
    @Test func newsKindsAndWordLists() throws {
        let dir = try directory("""
            month Jan.
            street Ave.
            postnominal St.
            state Calif.
            time p.m.
            after-time Monday EST
            after-street NW
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lexicon = try SentenceLexicon.load(directory: dir)
        #expect(lexicon.afterTime.contains("Monday") && lexicon.afterTime.contains("EST") && !lexicon.afterTime.contains("monday"))
        #expect(lexicon.afterStreet.contains("NW"))
        let splitter = SentenceSplitter(lexicon: lexicon)
        #expect(splitter.sentenceTexts("It began Jan. 19. The union left.") == ["It began Jan. 19.", "The union left."])
        #expect(splitter.sentenceTexts("Sales fell in Jan. Stores closed.") == ["Sales fell in Jan.", "Stores closed."])
        #expect(splitter.sentenceTexts("It is at 5 p.m. Monday. He left.") == ["It is at 5 p.m. Monday.", "He left."])
        #expect(splitter.sentenceTexts("It is at 5 p.m. Tuesday.") == ["It is at 5 p.m.", "Tuesday."])
        #expect(splitter.sentenceTexts("It is at 12 Oak Ave. NW now. Oak Ave. Police came.") == ["It is at 12 Oak Ave. NW now.", "Oak Ave.", "Police came."])
        // "St.": a title at the start or after a lower-case word, a name's end after a capital
        // (ends before a starter only), a street after an ordinal.
        #expect(splitter.sentenceTexts("St. Louis won. We met in St. Paul.") == ["St. Louis won.", "We met in St. Paul."])
        #expect(splitter.sentenceTexts("Go to Main St. The shop is open. Mount St. Helens erupted.")
                == ["Go to Main St.", "The shop is open.", "Mount St. Helens erupted."])
        #expect(splitter.sentenceTexts("Go to 5th St. Police are there.") == ["Go to 5th St.", "Police are there."])
        #expect(splitter.sentenceTexts("In 2019 St. Paul grew.") == ["In 2019 St. Paul grew."])
        // A state after "Place," ends a sentence before any capital; elsewhere before a starter.
        #expect(splitter.sentenceTexts("It is in Fresno, Calif. Crews left.") == ["It is in Fresno, Calif.", "Crews left."])
        #expect(splitter.sentenceTexts("The Calif. Crews left. He stayed in Calif. The end.") == ["The Calif. Crews left.", "He stayed in Calif.", "The end."])
    }

    @Test func errorsAreLocated() throws {
        let dir = try directory("title Mr.\nfinale etc.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            try SentenceLexicon.load(directory: dir)
        } throws: { error in
            String(describing: error).contains("sentence-abbreviations.txt:2:1: error: unknown kind 'finale'")
        }
        let dir2 = try directory("title Mr. Dr\n")
        defer { try? FileManager.default.removeItem(at: dir2) }
        #expect {
            try SentenceLexicon.load(directory: dir2)
        } throws: { error in
            String(describing: error).contains("sentence-abbreviations.txt:1:11: error: an abbreviation must end with a period: 'Dr'")
        }
    }

    /// The clitics come from the tokenizer's clitics.txt: an apostrophe before "s" in
    /// pre-tokenized text ("Tom 's") is not a quotation mark, so it protects nothing.
    @Test func cliticsFromTheTokenizersFile() throws {
        let dir = try directory("title Mr.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "Tom 's dog barked. Then it slept' and woke."
        // No clitics.txt: the apostrophe opens a quotation that the one after "slept" closes,
        // and with quotations kept whole the period inside does not end a sentence.
        let without = SentenceSplitter(lexicon: try SentenceLexicon.load(directory: dir), options: .init(keepQuotations: true))
        #expect(without.sentenceTexts(text) == [text])
        try "# clitics\nsuffix n't\nsuffix 's\nword can|not\nhost it\n".write(to: dir.appendingPathComponent("clitics.txt"), atomically: true, encoding: .utf8)
        let lexicon = try SentenceLexicon.load(directory: dir)
        #expect(lexicon.clitics.contains("s") && lexicon.clitics.contains("T") && lexicon.clitics.count == 2)
        let with = SentenceSplitter(lexicon: lexicon, options: .init(keepQuotations: true))
        #expect(with.sentenceTexts(text) == ["Tom 's dog barked.", "Then it slept' and woke."])
    }

    /// The top-level domains come from top-level-domains.txt, without the ones marked =tokens.
    @Test func domainsFromTheSharedFile() throws {
        let dir = try directory("title Mr.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "com\nit =tokens\n".write(to: dir.appendingPathComponent("top-level-domains.txt"), atomically: true, encoding: .utf8)
        let splitter = SentenceSplitter(lexicon: try SentenceLexicon.load(directory: dir))
        #expect(splitter.sentenceTexts("See Newsfeed.Com for more.") == ["See Newsfeed.Com for more."])
        #expect(splitter.sentenceTexts("The game ended.It was late.") == ["The game ended.", "It was late."])
        try "com\nit\n".write(to: dir.appendingPathComponent("top-level-domains.txt"), atomically: true, encoding: .utf8)
        let unmarked = SentenceSplitter(lexicon: try SentenceLexicon.load(directory: dir))
        #expect(unmarked.sentenceTexts("The game ended.It was late.") == ["The game ended.It was late."])

        try "com\n.org\n".write(to: dir.appendingPathComponent("top-level-domains.txt"), atomically: true, encoding: .utf8)
        #expect {
            try SentenceLexicon.load(directory: dir)
        } throws: { error in
            String(describing: error).contains("top-level-domains.txt:2:1: error: expected a domain without its period")
        }
    }
}
