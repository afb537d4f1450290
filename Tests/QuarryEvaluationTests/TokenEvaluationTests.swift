import Foundation
import QuarryCore
import QuarryEvaluation
import QuarryTestSupport
import Testing

@Suite struct TokenEvaluationTests {
    /// Splits at spaces only: "Korea’s" and "dog." stay whole.
    static var spaces: TokenEvaluation.System {
        TokenEvaluation.System(name: "spaces") { document in
            var records = ContiguousArray<TokenRecord>()
            var start: Int?
            let bytes = Array(document.text.utf8) + [0x20]
            for (i, b) in bytes.enumerated() {
                if b == 0x20 {
                    if let s = start { records.append(TokenRecord(start: s, end: i, kind: .word)) }
                    start = nil
                } else if start == nil {
                    start = i
                }
            }
            return TokenLayer(records: records)
        }
    }

    // "Café" is 4 code points and 5 bytes: gold offsets are code points.
    static let gold = [
        TokenEvaluation.GoldDocument(id: "a", genre: "news", text: "Café opens today.",
                                     tokens: [0..<4, 5..<10, 11..<16, 16..<17]),
        TokenEvaluation.GoldDocument(id: "b", genre: "blog", text: "Korea’s dog", tokens: [0..<5, 5..<7, 8..<11]),
    ]

    @Test func scoresCodePointSpans() {
        let report = TokenEvaluation.evaluate(Self.gold, system: Self.spaces, goldFile: "g.jsonl", errors: 5)
        // Predicted: Café, opens, today. | Korea’s, dog: right are Café, opens, dog.
        #expect(report.documents == 2)
        #expect(report.score == Score(gold: 7, predicted: 5, correct: 3))
        #expect(report.genres["news"] == Score(gold: 4, predicted: 3, correct: 2))
        #expect(report.genres["blog"] == Score(gold: 3, predicted: 2, correct: 1))
        #expect(report.mismatches == [
            TokenEvaluation.Mismatch(gold: ["today", "."], predicted: ["today."]),
            TokenEvaluation.Mismatch(gold: ["Korea", "’s"], predicted: ["Korea’s"]),
        ])
    }

    @Test func rendersTheCLIReport() {
        let report = TokenEvaluation.evaluate(Self.gold, system: Self.spaces, goldFile: "g.jsonl", errors: 1)
        #expect(report.rendered(json: false) == """
              gold ["today", "."]  predicted ["today."]
            token evaluation: spaces on g.jsonl (2 documents)
              gold 7  predicted 5  correct 3
              precision 0.6000  recall 0.4286  F1 0.5000
              blog       F1 0.4000  (3 gold tokens)
              news       F1 0.5714  (4 gold tokens)
            """)
        #expect(report.rendered(json: true).hasSuffix(#"{"system": "spaces", "gold": "g.jsonl", "documents": 2, "gold_tokens": 7, "predicted_tokens": 5, "correct": 3, "precision": 0.6000, "recall": 0.4286, "f1": 0.5000}"#))
    }

    @Test func decodesGoldFilesAndNamesTheBadLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = #"{"doc_id": "d", "text": "Hi there", "sentences": [{"tokens": [["Hi", 0, 2], ["there", 3, 8]]}]}"#
        let url = directory.appendingPathComponent("gold.jsonl")
        try (good + "\n\n").write(to: url, atomically: true, encoding: .utf8)
        let report = try TokenEvaluation.evaluate(gold: url, system: Self.spaces)
        #expect(report.score == Score(gold: 2, predicted: 2, correct: 2))

        try (good + "\n" + #"{"text": "no sentences"}"# + "\n").write(to: url, atomically: true, encoding: .utf8)
        let error = try #require(throws: GoldFileError.self) { try TokenEvaluation.evaluate(gold: url, system: Self.spaces) }
        #expect(error.line == 2)
        #expect(error.description.hasPrefix(url.path + ":2: expected a gold document"))
        #expect(error.description.contains(#"no "sentences""#), "\(error)")
    }
}
