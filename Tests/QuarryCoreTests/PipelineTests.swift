import Foundation
import QuarryCore
import Testing

/// Minimal stages for checking the pipeline's order rules and failure handling.
struct WritesTokens: StatelessStage {
    var name: String { "tokenize" }
    var reads: [LayerName] { [.text] }
    var writes: [LayerName] { [.tokens] }
    func process(_ document: inout AnnotatedDocument) throws {
        let count = document.document.utf8Count
        document.tokens = TokenLayer(records: count > 0 ? [TokenRecord(start: 0, end: count, kind: .word)] : [])
    }
}

struct ReadsTokens: StatelessStage {
    var name: String { "sentences" }
    var reads: [LayerName] { [.tokens] }
    var writes: [LayerName] { [.sentences] }
    func process(_ document: inout AnnotatedDocument) throws {
        document.sentences = SentenceLayer(records: [SentenceRecord(start: 0, end: document.document.utf8Count, firstToken: 0, endToken: document.tokens!.count)])
    }
}

struct Fails: StatelessStage {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    var name: String { "fails" }
    var reads: [LayerName] { [.text] }
    var writes: [LayerName] { ["custom"] }
    func process(_ document: inout AnnotatedDocument) throws { throw Boom() }
}

final class Counter { var calls = 0 }

struct CountsScratch: Stage {
    var name: String { "counter" }
    var reads: [LayerName] { [] }
    var writes: [LayerName] { [] }
    func makeScratch() -> Counter { Counter() }
    func process(_ document: inout AnnotatedDocument, scratch counter: inout Counter) {
        counter.calls += 1
        document.diagnostics.append(Diagnostic(.note, "call \(counter.calls)"))
    }
}

/// Something a stage derives and keeps in the document for later stages.
final class Derived {}

/// Uses the document's derived data (`readsDerived`): notes whether it found what an earlier
/// stage kept there, then keeps its own if there was none.
struct UsesDerived: StatelessStage {
    var name: String
    var declares: Bool
    var reads: [LayerName] { [] }
    var writes: [LayerName] { [] }
    var readsDerived: Bool { declares }
    func process(_ document: inout AnnotatedDocument) throws {
        var made = false
        _ = document.derived.entry(Derived.self, isValid: { _ in true }) { made = true; return Derived() }
        document.diagnostics.append(Diagnostic(.note, "\(name): \(made ? "made" : "found")"))
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

    /// What stages derive is shared with later stages, and dropped right after the last stage
    /// that declares it reads it (and at the end): a stage after that one finds nothing.
    @Test func derivedDataLivesUntilItsLastReader() throws {
        let pipeline = try Pipeline([UsesDerived(name: "a", declares: true), UsesDerived(name: "b", declares: true),
                                     UsesDerived(name: "c", declares: false)])
        let notes = try pipeline.run(Document(id: "d", text: "x")).diagnostics.map(\.message)
        #expect(notes == ["a: made", "b: found", "c: made"])
        let unread = try Pipeline([UsesDerived(name: "a", declares: false), UsesDerived(name: "b", declares: false)])
        #expect(try unread.run(Document(id: "d", text: "x")).diagnostics.map(\.message) == ["a: made", "b: found"])
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

    @Test func aTimedRunIsTheSameRunWithClocks() throws {
        let pipeline = try Pipeline([Fails(), WritesTokens(), ReadsTokens()])
        let context = try pipeline.makeContext()
        var nanoseconds: [UInt64] = []
        let timed = pipeline.run(Document(id: "d", text: "hello"), in: context, timing: &nanoseconds)
        let plain = pipeline.run(Document(id: "d", text: "hello"), in: context)
        #expect(nanoseconds.count == 3)
        #expect(timed.diagnostics.map(\.message) == plain.diagnostics.map(\.message))
        #expect(timed.tokens?.count == plain.tokens?.count && timed.sentences?.count == plain.sentences?.count)
    }

    @Test func aSkippedStageSaysWhichLayerIsMissing() throws {
        // "fails" writes nothing, so the stage reading its layer is skipped, timed or not.
        struct ReadsCustom: StatelessStage {
            var name: String { "reader" }
            var reads: [LayerName] { ["custom"] }
            var writes: [LayerName] { [] }
            func process(_ document: inout AnnotatedDocument) throws {}
        }
        let pipeline = try Pipeline([Fails(), ReadsCustom()])
        var nanoseconds: [UInt64] = []
        let timed = pipeline.run(Document(id: "d", text: "x"), in: try pipeline.makeContext(), timing: &nanoseconds)
        #expect(timed.diagnostics.map(\.message) == ["d: stage 'fails' failed: boom", "d: stage 'reader' skipped: an earlier stage failed to write custom"])
    }
}

/// Writes the document's text length and the thread it ran on, slowly for short texts, so
/// that later documents finish first and the runner must reorder them.
struct SlowForShortTexts: StatelessStage {
    var name: String { "slow" }
    var reads: [LayerName] { [] }
    var writes: [LayerName] { ["length"] }
    func process(_ document: inout AnnotatedDocument) throws {
        if document.document.utf8Count < 3 { usleep(2_000) }
        document.custom["length"] = document.document.utf8Count
    }
}

@Suite struct ParallelRunTests {
    func inputs(_ n: Int) -> [Result<Document, TestProblem>] {
        (0..<n).map { i in
            i % 7 == 3 ? .failure(TestProblem(index: i)) : .success(Document(id: "doc\(i)", text: String(repeating: "x", count: i % 5)))
        }
    }
    struct TestProblem: Error, Equatable { var index: Int }

    @Test(arguments: [1, 2, 4, 7])
    func deliversEveryInputInOrder(jobs: Int) throws {
        let pipeline = try Pipeline([SlowForShortTexts()])
        var delivered: [String] = []
        try pipeline.run(inputs(200), jobs: jobs, limits: RunLimits(documents: 5, bytes: 1_000)) { result in
            switch result {
            case let .success(annotated):
                #expect(annotated.custom["length"] as? Int == annotated.document.utf8Count)
                delivered.append(annotated.document.id)
            case let .failure(problem):
                delivered.append("failed \(problem.index)")
            }
        }
        let expected = (0..<200).map { $0 % 7 == 3 ? "failed \($0)" : "doc\($0)" }
        #expect(delivered == expected)
    }

    @Test func holdsNoMoreThanTheLimit() throws {
        // The input sequence counts how far ahead of delivery the runner has read.
        final class Tally: @unchecked Sendable {  // every access under `lock`
            let lock = NSLock()
            var read = 0, delivered = 0, maxAhead = 0
            func didRead() { lock.lock(); read += 1; maxAhead = max(maxAhead, read - delivered); lock.unlock() }
            func didDeliver() { lock.lock(); delivered += 1; lock.unlock() }
        }
        let tally = Tally()
        let documents = (0..<300).lazy.map { i -> Result<Document, Never> in
            tally.didRead()
            return .success(Document(id: "\(i)", text: "abc"))
        }
        let pipeline = try Pipeline([SlowForShortTexts()])
        try pipeline.run(documents, jobs: 3, limits: RunLimits(documents: 6, bytes: 1 << 20)) { _ in tally.didDeliver() }
        #expect(tally.delivered == 300)
        // At most the limit is held, plus the one element being read.
        #expect(tally.maxAhead <= 7)
    }

    @Test func inMemoryBatchesComeBackInOrder() throws {
        let pipeline = try Pipeline([SlowForShortTexts(), WritesTokens()])
        let documents = (0..<50).map { Document(id: "\($0)", text: String(repeating: "y", count: $0 % 4)) }
        let results = try pipeline.run(documents, jobs: 3)
        #expect(results.map(\.document.id) == documents.map(\.id))
        #expect(results.map { $0.custom["length"] as? Int } == documents.map { $0.utf8Count })
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
