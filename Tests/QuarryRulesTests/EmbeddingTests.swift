import Foundation
import Quarry
import Testing

/// A stage an embedder writes in Swift: counts the spans of one label into a custom layer.
struct LabelCounter: StatelessStage {
    let label: String
    var name: String { "count-labels" }
    var reads: [LayerName] { [.spans] }
    var writes: [LayerName] { ["label-counts"] }
    func process(_ document: inout AnnotatedDocument) throws {
        let spans = document.spans!
        let count = spans.records.filter { spans.labels[Int($0.label)] == label }.count
        document.custom["label-counts"] = [label: count]
    }
}

@Suite struct Embedding {
    @Test func aPipelineFromAString() throws {
        let book = try RuleBook.load(source: """
        define NUM = /\\d+(?:\\.\\d+)?/
        rule money MONEY /\\$\\s?{NUM}(?:\\s+(?:million|billion))?/
        rule percent PERCENT /{NUM}\\s?%/
        pipeline quick
          tokenize
          patterns
        """, registry: .standard)
        let pipeline = try book.pipeline()
        let result = try pipeline.run(Document(id: "a", text: "Shares rose 3.5% to $1.2 billion."))
        let spans = try #require(result.spans)
        #expect(spans.records.map { spans.labels[Int($0.label)] } == ["PERCENT", "MONEY"])
        #expect(spans.records.map { String(result.document.text(utf8: $0.range)) } == ["3.5%", "$1.2 billion"])
        #expect(result.tokens != nil && result.sentences == nil)
    }

    /// `ascii` on a rule or on a patterns declaration makes \w, \b, \d and \s ASCII-only.
    @Test func asciiRulesAndDeclarations() throws {
        let book = try RuleBook.load(source: """
        rule uni WORD /\\bcaf\\w*/
        rule asc WORD /\\bcaf\\w*/ ascii
        patterns unicode overlap=all
          rules uni
        patterns plain overlap=all ascii
          rules uni
        pipeline u
          patterns unicode
        pipeline a
          patterns plain
        pipeline r
          patterns asc_only
        patterns asc_only overlap=all
          rules asc
        """, registry: .standard)
        #expect(book.rules.map(\.ascii) == [false, true])
        for (name, expected) in [("u", "café"), ("a", "caf"), ("r", "caf")] {
            let result = try book.pipeline(named: name).run(Document(id: "d", text: "un café noir"))
            let spans = try #require(result.spans)
            #expect(spans.records.map { String(result.document.text(utf8: $0.range)) } == [expected], "pipeline \(name)")
        }
    }

    @Test func aCustomStageIsUsableByNameWithOptions() throws {
        var registry = StageRegistry.standard
        registry.register(StageKind(
            name: "count-labels", summary: "counts spans of one label",
            options: [StageOptionSpec(name: "label", type: .string, default: "MONEY", summary: "the label to count")],
            reads: [.spans], writes: ["label-counts"]
        ) { request in LabelCounter(label: request.string("label") ?? "MONEY") })

        let book = try RuleBook.load(source: """
        rule money MONEY /\\$\\d+/
        pipeline counting
          tokenize
          patterns
          count-labels label=MONEY
        """, registry: registry)
        let result = try book.pipeline(named: "counting").run(Document(id: "a", text: "$5 then $7 and $9."))
        #expect(result.custom["label-counts"] as? [String: Int] == ["MONEY": 3])

        // The same file with the standard registry: the stage is unknown, with a suggestion list.
        #expect {
            try RuleBook.load(source: "rule money MONEY /\\$\\d+/\npipeline counting\n  tokenize\n  patterns\n  count-labels\n", registry: .standard)
        } throws: { error in
            (error as? RuleErrors)?.description.contains("unknown stage 'count-labels'") == true
        }
        // Option values are checked against the kind's spec.
        #expect {
            try RuleBook.load(source: "rule money MONEY /\\$\\d+/\npipeline counting\n  tokenize\n  patterns\n  count-labels colour=red\n", registry: registry)
        } throws: { error in
            (error as? RuleErrors)?.description.contains("unknown option 'colour' for the 'count-labels' stage; options: label") == true
        }
    }

    @Test func aSharedPipelineRunsOnManyThreads() throws {
        let book = try RuleBook.load(source: "rule money MONEY /\\$\\d+/ scope=tokens\npipeline p\n  tokenize\n  sentences\n  patterns\n", registry: .standard)
        let pipeline = try book.pipeline()
        final class Box: @unchecked Sendable { let lock = NSLock(); var counts: [Int] = [] }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let context = try! pipeline.makeContext()
            for round in 0..<25 {
                let text = String(repeating: "Pay $\(worker) now. ", count: round + 1)
                let count = pipeline.run(Document(id: "d", text: text), in: context).spans?.count ?? -1
                box.lock.lock(); box.counts.append(count - (round + 1)); box.lock.unlock()
            }
        }
        #expect(box.counts.count == 100 && box.counts.allSatisfy { $0 == 0 })
    }
}

@Suite struct ListsFromTheLanguage {
    /// The tokenizer's and the sentence splitter's lists can be extended from a rule file.
    @Test func stageListsFromDeclaredLists() throws {
        let source = """
        list ranks = Amb., Cmdr., Brig.Gen.
        list joined = cyber
        pipeline p
          tokenize abbreviations=@ranks hyphen-prefixes=@joined
          sentences titles=@ranks
        """
        let result = try RuleBook.load(source: source, registry: .standard).pipeline()
            .run(Document(id: "a", text: "We met Brig.Gen. Smith about cyber-security. It went well."))
        let tokens = try #require(result.tokens).map { String(result.document.text(utf8: $0.range)) }
        #expect(tokens.contains("Brig.Gen.") && tokens.contains("cyber-security"))
        #expect(try #require(result.sentences).count == 2)

        // Without the lists: "Brig.Gen" + "." and "cyber" "-" "security", and a split after "Brig.Gen.".
        let plain = try RuleBook.load(source: "pipeline p\n  tokenize\n  sentences\n", registry: .standard).pipeline()
            .run(Document(id: "a", text: "We met Brig.Gen. Smith about cyber-security. It went well."))
        let plainTokens = try #require(plain.tokens).map { String(plain.document.text(utf8: $0.range)) }
        #expect(!plainTokens.contains("cyber-security"))

        #expect {
            try RuleBook.load(source: "pipeline p\n  tokenize abbreviations=@rank\n", registry: .standard)
        } throws: { error in
            (error as? RuleErrors)?.description.contains("<rules>:2:26: error: unknown list '@rank'") == true
        }
    }

    /// The quote stage's grammar lists (quote-grammar.txt, quote-adverbials.txt,
    /// quote-speaker-suffixes.txt) are replaced by a rule file's lists like its other lists.
    @Test func quoteGrammarListsFromDeclaredLists() throws {
        let text = "The talks had failed badly, the minister said in a podcast."
        func content(_ source: String) throws -> [String] {
            let result = try RuleBook.load(source: source, registry: .standard).pipeline().run(Document(id: "a", text: text))
            return try #require(result.quotes).records.map { String(result.document.text(utf8: $0.range)) }
        }
        // The shipped adverbials do not know "podcast": "in a podcast" is taken for the content.
        #expect(try content("pipeline p\n  tokenize\n  sentences\n  quotes\n") == ["in a podcast"])
        // With "podcast" as the noun of an adverbial, the content is the clause before the cue.
        let source = """
        list my-adverbials
          podcast =noun
        pipeline p
          tokenize
          sentences
          quotes adverbials=@my-adverbials
        """
        #expect(try content(source) == ["The talks had failed badly"])

        // A grammar entry needs a known class.
        #expect {
            try RuleBook.load(source: "list g = he\npipeline p\n  tokenize\n  sentences\n  quotes grammar=@g\n", registry: .standard).pipeline()
        } throws: { error in
            "\(error)".contains("grammar entry 'he' needs a class after the word")
        }
        #expect {
            try RuleBook.load(source: "list g\n  he =pronoun-mail\npipeline p\n  tokenize\n  sentences\n  quotes grammar=@g\n", registry: .standard).pipeline()
        } throws: { error in
            "\(error)".contains("=pronoun-male")
        }
    }
}
