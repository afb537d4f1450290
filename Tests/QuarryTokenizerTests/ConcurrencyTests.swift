import Foundation
import QuarryCore
import QuarryTestSupport
import QuarryTokenizer
import Testing

/// One pipeline shared by several threads, each with its own context, gives the same tokens
/// as a single-threaded run.
@Test func aSharedPipelineIsThreadSafe() throws {
    let pipeline = try Pipeline([TokenizerStage(tokenizer: english)])
    let seed = try Fixtures.seedDocument()
    let texts = [seed.text, "東京都に住んでいます。 U.S. officials", "ภาษาไทยง่ายนิดเดียว don't", seed.text + " 👍🏽"]
    let documents = texts.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) }
    let expected = try documents.map { try pipeline.run($0).tokens!.records }

    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var mismatches = 0
    }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
        let context = try! pipeline.makeContext()
        for round in 0..<20 {
            let index = (worker + round) % documents.count
            let tokens = pipeline.run(documents[index], in: context).tokens!.records
            if tokens != expected[index] {
                results.lock.lock(); results.mismatches += 1; results.lock.unlock()
            }
        }
    }
    #expect(results.mismatches == 0)
}
