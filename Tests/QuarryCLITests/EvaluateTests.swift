import Foundation
import QuarryTestSupport
import Testing

/// `quarry evaluate tokens` against UD English EWT dev (from ../shared when present).
@Suite("quarry evaluate tokens")
struct EvaluateTests {
    static let gold = Fixtures.sharedData("ud/gold_en_ewt-ud-dev.jsonl")

    struct Scores {
        var system: String
        var documents: Int
        var goldTokens: Int
        var predictedTokens: Int
        var correct: Int
        var precision: Double
        var recall: Double
        var f1: Double
    }

    static func scores(_ result: QuarryCLI.Result) throws -> Scores {
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result)")
        func number(_ key: String) throws -> Double {
            try #require((object[key] as? NSNumber)?.doubleValue, "no number \"\(key)\" in \(object)")
        }
        return Scores(system: object["system"] as? String ?? "",
                      documents: Int(try number("documents")),
                      goldTokens: Int(try number("gold_tokens")),
                      predictedTokens: Int(try number("predicted_tokens")),
                      correct: Int(try number("correct")),
                      precision: try number("precision"), recall: try number("recall"), f1: try number("f1"))
    }

    @Test("--json: F1 >= 0.965 on EWT dev and above the --icu-only baseline",
          .enabled(if: EvaluateTests.gold != nil, "skipped: ../shared/data/ud/gold_en_ewt-ud-dev.jsonl is not present"))
    func tokenF1() throws {
        guard let gold = Self.gold else {
            print("skipped: ../shared/data/ud/gold_en_ewt-ud-dev.jsonl is not present")
            return
        }
        let quarry = try QuarryCLI.run(["evaluate", "tokens", "--json", "--gold", gold.path])
        let icu = try QuarryCLI.run(["evaluate", "tokens", "--json", "--icu-only", "--gold", gold.path])
        #expect(quarry.status == 0, "\(quarry)")
        #expect(icu.status == 0, "\(icu)")
        let ours = try Self.scores(quarry), baseline = try Self.scores(icu)
        #expect(ours.system == "quarry")
        #expect(baseline.system == "icu")
        #expect(ours.documents > 100 && ours.documents == baseline.documents)
        #expect(ours.goldTokens > 20_000 && ours.goldTokens == baseline.goldTokens)
        // The printed scores agree with the printed counts.
        for s in [ours, baseline] {
            let p = Double(s.correct) / Double(s.predictedTokens), r = Double(s.correct) / Double(s.goldTokens)
            #expect(abs(s.precision - p) < 0.0001 && abs(s.recall - r) < 0.0001 && abs(s.f1 - 2 * p * r / (p + r)) < 0.0001, "\(s)")
        }
        #expect(ours.f1 >= 0.965, "token F1 \(ours.f1)")
        #expect(ours.f1 > baseline.f1, "quarry \(ours.f1) vs ICU alone \(baseline.f1)")
    }

    @Test("--min-f1 above the score: exit 1 with a message",
          .enabled(if: EvaluateTests.gold != nil, "skipped: ../shared/data/ud/gold_en_ewt-ud-dev.jsonl is not present"))
    func minimumF1() throws {
        guard let gold = Self.gold else { return }
        let result = try QuarryCLI.run(["evaluate", "tokens", "--icu-only", "--min-f1", "0.999", "--gold", gold.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("min-f1"))
        #expect(result.out.contains("F1"), "the scores are still printed")
    }

    @Test("--gold /nonexistent: exit 1 naming the file")
    func missingGold() throws {
        let result = try QuarryCLI.run(["evaluate", "tokens", "--json", "--gold", "/nonexistent"])
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("/nonexistent"))
        #expect(result.out.isEmpty)
    }

    @Test("a gold file that is not gold JSON Lines: exit 1, no crash")
    func malformedGold() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let url = try QuarryCLI.write("{\"text\": \"no sentences\"}\nnot json at all\n", to: "gold.jsonl", in: directory)
            let result = try QuarryCLI.run(["evaluate", "tokens", "--json", "--gold", url.path], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("gold.jsonl"))
        }
    }
}
