import Foundation
import Testing
import Quarry
@testable import QuarryTagger
import QuarryTestSupport

/// A small treebank written here (CoNLL-U), for training and reader tests that need no data.
private let tinyTreebank = """
# newdoc id = a
# newpar
# text = Blinken said he doesn't agree.
1	Blinken	Blinken	PROPN	NNP	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	he	he	PRON	PRP	_	6	nsubj	_	_
4-5	doesn't	_	_	_	_	_	_	_	_
4	does	do	AUX	VBZ	_	6	aux	_	_
5	n't	not	PART	RB	_	6	advmod	_	_
6	agree	agree	VERB	VB	_	2	ccomp	_	SpaceAfter=No
7	.	.	PUNCT	.	_	2	punct	_	_

# text = The ministers met.
1	The	the	DET	DT	_	2	det	_	_
2	ministers	minister	NOUN	NNS	_	3	nsubj	_	_
3	met	meet	VERB	VBD	_	0	root	_	SpaceAfter=No
4	.	.	PUNCT	.	_	3	punct	_	_

# newpar
# text = Officials said talks continue.
1	Officials	official	NOUN	NNS	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	talks	talk	NOUN	NNS	_	4	nsubj	_	_
4	continue	continue	VERB	VBP	_	2	ccomp	_	SpaceAfter=No
5	.	.	PUNCT	.	_	2	punct	_	_

"""

@Suite struct CoNLLUReaderTests {
    @Test func rebuildsTextAndPlacesWordsOfMultiwordTokens() throws {
        let file = try CoNLLUFile(text: tinyTreebank)
        #expect(file.documents.count == 1)
        let document = file.documents[0]
        #expect(document.text == "Blinken said he doesn't agree. The ministers met.\n\nOfficials said talks continue.")
        let words = document.sentences[0].words
        let bytes = Array(document.text.utf8)
        func text(_ w: CoNLLUFile.Word) -> String { String(decoding: bytes[w.range!], as: UTF8.self) }
        #expect(words.map(text) == ["Blinken", "said", "he", "does", "n't", "agree", "."])
        #expect(words[1].head == nil && words[0].head == 1)
        #expect(text(document.sentences[2].words[0]) == "Officials")
    }

    @Test func reportsAMalformedLineWithItsNumber() {
        #expect(throws: CoNLLUFile.FormatError.self) { try CoNLLUFile(text: "# text = a\n1\ta\ta\n", path: "bad.conllu") }
        do { _ = try CoNLLUFile(text: "# text = a\n1\ta\ta\n", path: "bad.conllu") } catch {
            #expect("\(error)".hasPrefix("bad.conllu:2:"))
        }
    }
}

@Suite struct TrainingTests {
    @Test func trainingIsDeterministicAndLearnsItsData() throws {
        let file = try CoNLLUFile(text: tinyTreebank)
        var options = TaggerTrainer.Options()
        options.minWeight = 0
        options.dictionaryMinCount = 1000
        let first = TaggerTrainer(files: [file], options: options).train(header: ["test"])
        let second = TaggerTrainer(files: [file], options: options).train(header: ["test"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-tagger-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a.qtag"), b = directory.appendingPathComponent("b.qtag")
        try first.write(to: a)
        try second.write(to: b)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        // Read back, it tags a training sentence as it was annotated.
        let reread = try TaggerModel(contentsOf: a)
        #expect(reread.header == ["test"])
        let tags = tag("Officials said talks continue.", with: reread)
        #expect(tags.map(\.pos) == ["NOUN", "VERB", "NOUN", "VERB", "PUNCT"])
        #expect(tags.map(\.lemma) == ["official", "say", "talk", "continue", "."])
    }

    @Test func refusesAFileThatIsNotAModel() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(ProcessInfo.processInfo.processIdentifier).qtag")
        try Data("hello\n\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TaggerModel.FormatError.self) { try TaggerModel(contentsOf: url) }
    }
}

/// Tags `text` with `model` through the standard tokenizer and sentence splitter.
private func tag(_ text: String, with model: TaggerModel) -> [(text: String, pos: String, tag: String, lemma: String)] {
    let pipeline = try! Pipeline([try! StageRegistry.standard.kind(named: "tokenize")!.build(.defaults(for: StageRegistry.standard.kind(named: "tokenize")!)),
                                  try! StageRegistry.standard.kind(named: "sentences")!.build(.defaults(for: StageRegistry.standard.kind(named: "sentences")!)),
                                  TagStage(model: model)])
    let annotated = try! pipeline.run(Document(id: "t", text: text))
    let tokens = annotated.tokens!.records
    let tags = annotated.tags!
    return tokens.indices.map { i in
        (String(annotated.document.text(utf8: tokens[i].range)), tags.universal(i).description, tags.specific(i),
         tags.lemma(i, token: tokens[i], in: annotated.document))
    }
}

@Suite struct ShippedModelTests {
    let model: TaggerModel?

    init() {
        model = TaggerModel.shippedURL.flatMap { try? TaggerModel.shared(at: $0) }
    }

    @Test func carriesItsLicenceAndFitsTheBudget() throws {
        let url = try #require(TaggerModel.shippedURL)
        let model = try #require(self.model)
        #expect(model.header.contains { $0.contains("CC BY-SA 4.0") })
        #expect(model.header.contains { $0.contains("EWT") } && model.header.contains { $0.contains("GUM") })
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size <= 4_000_000)
    }

    @Test func tagsTheSeedArticlesFirstSentence() throws {
        let model = try #require(self.model)
        let tags = tag("U.S. Secretary of State Antony Blinken has expressed his apprehension regarding the increasing military collaboration.", with: model)
        let byWord = Dictionary(tags.map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byWord["Blinken"]?.pos == "PROPN")
        #expect(byWord["has"]?.pos == "AUX" && byWord["has"]?.lemma == "have")
        #expect(byWord["expressed"]?.tag == "VBN" && byWord["expressed"]?.lemma == "express")
        #expect(byWord["his"]?.tag == "PRP$")
        #expect(byWord["the"]?.pos == "DET")
    }

    @Test func capitalsNumbersAndAddressesGetSensibleTags() throws {
        let model = try #require(self.model)
        let headline = tag("OFFICIALS SAID THE TALKS WILL CONTINUE IN SEOUL", with: model)
        #expect(headline.first { $0.text == "SAID" }?.pos == "VERB")
        #expect(headline.first { $0.text == "SAID" }?.lemma == "say")
        #expect(headline.first { $0.text == "TALKS" }?.pos == "NOUN")
        let mixed = tag("Read https://www.state.gov/briefings and call 555-0100 about the 3.5 percent rise.", with: model)
        #expect(mixed.first { $0.text.hasPrefix("https") }?.pos == "X" || mixed.first { $0.text.hasPrefix("https") }?.pos == "PROPN"
                || mixed.first { $0.text.hasPrefix("https") }?.pos == "NOUN")
        #expect(mixed.first { $0.text == "3.5" }?.pos == "NUM")
        // A word never seen in training still gets a part of speech from its ending.
        let unseen = tag("The minister blorfed the glimbering zorkations.", with: model)
        #expect(unseen.first { $0.text == "zorkations" }?.pos == "NOUN")
        #expect(unseen.first { $0.text == "zorkations" }?.lemma == "zorkation")
        #expect(unseen.first { $0.text == "blorfed" }?.pos == "VERB")
    }

    @Test func rulesTestPartsOfSpeechAndLemmas() throws {
        try #require(model != nil)
        let source = """
        list speech-verbs = say, tell, add
        pipeline t
          tokenize
          sentences
          tag
          patterns cues
        patterns cues
          rules cue
        rule cue CUE (?<verb>[lemma=@speech-verbs & pos=VERB]) (?<who>[pos=PROPN]+ | [pos=PRON & tag=PRP])
        """
        let book = try RuleBook.load(source: source, registry: .standard)
        let pipeline = try book.pipeline()
        let annotated = try pipeline.run(Document(id: "t", text: "“We will act,” said Blinken. “Nothing changes,” adds Kim Jong Un, and tells him so."))
        let spans = try #require(annotated.spans)
        let found = spans.records.map { String(annotated.document.text(utf8: $0.range)) }
        #expect(found == ["said Blinken", "adds Kim Jong Un", "tells him"])
    }

    @Test func aRuleOverTagsWithoutTheStageIsAnErrorNamingIt() {
        let source = """
        pipeline t
          tokenize
          sentences
          patterns cues
        patterns cues
          rules cue
        rule cue CUE [pos=VERB]
        """
        do {
            _ = try RuleBook.load(source: source, registry: .standard).pipeline()
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("add `tag` before it") })
        }
    }

    @Test func unknownTagNamesAreRefusedWithTheNearest() {
        for (test, expected) in [("pos=NONU", "did you mean 'NOUN'"), ("tag=VDB", "did you mean 'VB'")] {
            let source = "pipeline t\n  tokenize\n  sentences\n  tag\n  patterns p\npatterns p\n  rules r\nrule r X [\(test)]\n"
            do {
                _ = try RuleBook.load(source: source, registry: .standard).pipeline()
                Issue.record("expected an error for \(test)")
            } catch {
                #expect(error.diagnostics.contains { $0.message.contains(expected) }, "\(error.diagnostics)")
            }
        }
    }
}

@Suite struct HeldInDevAccuracyTests {
    /// UD EWT dev end to end, a guard against regressions (the figures are in docs/evaluation.md).
    @Test func ewtDevAccuracyHolds() throws {
        guard let url = Fixtures.sharedData("ud/en_ewt-ud-dev.conllu") else {
            print("skipped: ../shared/data/ud/en_ewt-ud-dev.conllu not found")
            return
        }
        guard let modelURL = TaggerModel.shippedURL else { return }
        let model = try TaggerModel.shared(at: modelURL)
        let registry = StageRegistry.standard
        let tokenize = try registry.kind(named: "tokenize")!.build(StageRequest(options: ["words": .bool(true)]))
        let sentences = try registry.kind(named: "sentences")!.build(.defaults(for: registry.kind(named: "sentences")!))
        let pipeline = try Pipeline([tokenize, sentences, TagStage(model: model)])
        let context = try pipeline.makeContext()
        let file = try CoNLLUFile(url: url)
        var words = 0, right = 0
        for gold in file.documents {
            let annotated = pipeline.run(Document(id: gold.id, text: gold.text), in: context)
            let tokens = annotated.tokens!.records
            var byRange: [Range<Int>: Int] = [:]
            for (i, t) in tokens.enumerated() { byRange[t.range] = i }
            for sentence in gold.sentences {
                for word in sentence.words {
                    words += 1
                    if let r = word.range, let i = byRange[r], annotated.tags!.universal(i).description == word.upos { right += 1 }
                }
            }
        }
        #expect(Double(right) / Double(words) >= 0.93)
    }
}

@Suite struct CachedScoringTests {
    /// The tagger sums one-word features per word type from a cache; tagging the seed article
    /// that way gives the classes that plain feature-by-feature scoring gives.
    @Test func theTypeCacheScoresAsThePlainFeaturesDo() throws {
        guard let url = TaggerModel.shippedURL, let model = try? TaggerModel.shared(at: url) else { return }
        let document = try Fixtures.seedDocument()
        let registry = StageRegistry.standard
        let pipeline = try Pipeline([try registry.kind(named: "tokenize")!.build(.defaults(for: registry.kind(named: "tokenize")!)),
                                     try registry.kind(named: "sentences")!.build(.defaults(for: registry.kind(named: "sentences")!)),
                                     TagStage(model: model)])
        let annotated = try pipeline.run(document)
        let tokens = annotated.tokens!.records
        let tags = annotated.tags!
        var compared = 0
        document.withUTF8 { text in
            for sentence in annotated.sentences!.records {
                let first = Int(sentence.firstToken), count = Int(sentence.endToken) - first
                var previous = -1, previous2 = -2
                for i in 0..<count {
                    let scores = model.referenceScores(count: count, text: text, word: { tokens[first + $0].range }, at: i,
                                                       previous: previous, previous2: previous2)
                    let best = scores.indices.max { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 }!
                    let chosen = Int(tags.records[first + i].tag)
                    if model.isInDictionary(text: text, range: tokens[first + i].range) == nil {
                        #expect(chosen == best, "token \(first + i)")
                        compared += 1
                    }
                    previous2 = previous
                    previous = chosen
                }
            }
        }
        #expect(compared > 150)
    }
}
