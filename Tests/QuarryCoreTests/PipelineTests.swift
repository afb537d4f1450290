import QuarryCore
import Testing

/// Minimal stages for checking the pipeline's order rules and failure handling.
struct WritesTokens: Stage {
    var name: String { "tokenize" }
    var reads: [LayerName] { [.text] }
    var writes: [LayerName] { [.tokens] }
    func process(_ document: inout AnnotatedDocument, scratch: AnyObject?) throws {
        let count = document.document.utf8Count
        document.tokens = TokenLayer(records: count > 0 ? [TokenRecord(start: 0, end: count, kind: .word)] : [])
    }
}

struct ReadsTokens: Stage {
    var name: String { "sentences" }
    var reads: [LayerName] { [.tokens] }
    var writes: [LayerName] { [.sentences] }
    func process(_ document: inout AnnotatedDocument, scratch: AnyObject?) throws {
        document.sentences = SentenceLayer(records: [SentenceRecord(start: 0, end: document.document.utf8Count, firstToken: 0, endToken: document.tokens!.count)])
    }
}

struct Fails: Stage {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    var name: String { "fails" }
    var reads: [LayerName] { [.text] }
    var writes: [LayerName] { ["custom"] }
    func process(_ document: inout AnnotatedDocument, scratch: AnyObject?) throws { throw Boom() }
}

final class Counter { var calls = 0 }

struct CountsScratch: Stage {
    var name: String { "counter" }
    var reads: [LayerName] { [] }
    var writes: [LayerName] { [] }
    func makeScratch() throws -> AnyObject? { Counter() }
    func process(_ document: inout AnnotatedDocument, scratch: AnyObject?) throws {
        let counter = scratch as! Counter
        counter.calls += 1
        document.diagnostics.append(Diagnostic(.note, "call \(counter.calls)"))
    }
}

@Suite struct PipelineTests {
    @Test func rejectsAStageBeforeTheLayerItReads() {
        #expect(throws: PipelineError.missingLayer(stage: "sentences", position: 1, layer: .tokens, writtenLaterBy: "tokenize")) {
            try Pipeline([ReadsTokens(), WritesTokens()])
        }
        let error = PipelineError.missingLayer(stage: "sentences", position: 1, layer: .tokens, writtenLaterBy: "tokenize")
        #expect(error.description == "stage 1 'sentences' needs the 'tokens' layer, but no earlier stage writes it; move 'tokenize' before 'sentences'")
        #expect(throws: PipelineError.self) { try Pipeline([ReadsTokens()]) }
    }

    @Test func runsStagesInOrder() throws {
        let pipeline = try Pipeline([WritesTokens(), ReadsTokens()])
        #expect(pipeline.writes == [.tokens, .sentences])
        let result = try pipeline.run(Document(id: "a", text: "hello"))
        #expect(result.tokens?.count == 1)
        #expect(result.sentences?.first?.tokenRange == 0..<1)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func aFailingStageCostsOnlyItsOwnLayer() throws {
        let pipeline = try Pipeline([Fails(), WritesTokens(), ReadsTokens()])
        let result = try pipeline.run(Document(id: "doc7", text: "hello"))
        #expect(result.tokens != nil && result.sentences != nil)
        #expect(result.diagnostics.map(\.message) == ["doc7: stage 'fails' failed: boom"])
    }

    @Test func scratchIsPerContext() throws {
        let pipeline = try Pipeline([CountsScratch()])
        let first = try pipeline.makeContext(), second = try pipeline.makeContext()
        _ = pipeline.run(Document(id: "a", text: "x"), in: first)
        let again = pipeline.run(Document(id: "b", text: "y"), in: first)
        let other = pipeline.run(Document(id: "c", text: "z"), in: second)
        // Each context kept its own counter: the scratch is reused within one, never shared.
        #expect(again.diagnostics.map(\.message) == ["call 2"])
        #expect(other.diagnostics.map(\.message) == ["call 1"])
    }
}

@Suite struct DiagnosticTests {
    @Test func rendersLikeACompiler() {
        let diagnostic = Diagnostic(.error, "unknown macro 'TITLE'", at: .init(file: "news.quarry", line: 3, column: 9, sourceLine: "rule x /{TITLE}/"))
        #expect(diagnostic.description == "news.quarry:3:9: error: unknown macro 'TITLE'\nrule x /{TITLE}/\n        ^")
    }

    @Test func keepsTabsUnderTheCaret() {
        let diagnostic = Diagnostic(.warning, "w", at: .init(file: "f", line: 1, column: 3, sourceLine: "\tab"))
        #expect(diagnostic.description.hasSuffix("\tab\n\t ^"))
    }
}

@Suite struct ByteStringSetTests {
    @Test func exactAndFoldedLookups() {
        let exact = ByteStringSet(["Mr.", "U.S.", "No."])
        #expect(exact.contains("Mr.") && exact.contains("No."))
        #expect(!exact.contains("no.") && !exact.contains("Mr") && !exact.contains(""))
        let folded = ByteStringSet(["e", "re", "non"], caseInsensitive: true)
        #expect(folded.contains("RE") && folded.contains("Non") && !folded.contains("co"))
        #expect(folded.maxLength == 3)
    }

    @Test func growsPastItsFirstTable() {
        let words = (0..<5000).map { "w\($0)" }
        let set = ByteStringSet(words)
        #expect(set.count == 5000)
        #expect(words.allSatisfy { set.contains($0) })
        #expect(!set.contains("w5000"))
    }
}
