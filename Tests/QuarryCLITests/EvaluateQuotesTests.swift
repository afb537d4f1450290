import Foundation
import QuarryTestSupport
import Testing

/// `quarry evaluate quotes` and the quotes layer in `quarry run` output.
@Suite("quarry evaluate quotes")
struct EvaluateQuotesTests {
    static let dev = Fixtures.sharedData("quotes/polnear/polnear_dev.jsonl")

    static func object(_ result: QuarryCLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result)")
    }

    static func counts(_ object: [String: Any]?, _ key: String) -> Double {
        (object?[key] as? NSNumber)?.doubleValue ?? -1
    }

    @Test("PolNeAR dev, attribution profile: speaker accuracy >= 0.90, F1 no lower than measured (0.745)",
          .enabled(if: EvaluateQuotesTests.dev != nil, "skipped: ../shared/data/quotes/polnear/polnear_dev.jsonl is not present"))
    func polnearDev() throws {
        guard let dev = Self.dev else { return }
        let pipeline = Fixtures.rulesDirectory.appendingPathComponent("news-attribution.quarry").path
        let result = try QuarryCLI.run(["evaluate", "quotes", "--json", "--gold", dev.path, "--pipeline", pipeline], timeout: 300)
        #expect(result.status == 0, "\(result)")
        let scores = try Self.object(result)
        let all = scores["all"] as? [String: Any]
        #expect(Self.counts(all, "gold") == 2192)
        #expect(Self.counts(all, "speaker_accuracy") >= 0.90, "\(scores)")
        // The target is 0.80 (not met: docs/evaluation.md); this guards the measured level.
        #expect(Self.counts(all, "f1") >= 0.745, "\(scores)")
        let direct = (scores["by_kind"] as? [String: Any])?["direct"] as? [String: Any]
        #expect(Self.counts(direct, "f1") >= 0.85, "direct quotes: \(String(describing: direct))")
    }

    @Test("the speech gold set, speech profile (Rules/news.quarry): F1 and speaker accuracy no lower than measured")
    func speechSet() throws {
        let gold = Fixtures.rulesDirectory.deletingLastPathComponent().appendingPathComponent("Tests/Data/quotes/wikinews-speech.jsonl")
        let result = try QuarryCLI.run(["evaluate", "quotes", "--json", "--gold", gold.path], timeout: 300)
        #expect(result.status == 0, "\(result)")
        let all = try Self.object(result)["all"] as? [String: Any]
        #expect(Self.counts(all, "gold") == 135)
        #expect(Self.counts(all, "f1") >= 0.90, "\(String(describing: all))")
        #expect(Self.counts(all, "speaker_accuracy") >= 0.90, "\(String(describing: all))")
    }

    @Test("our own articles in five news styles, speech profile: every quote and speaker, as measured")
    func stylesSet() throws {
        let gold = Fixtures.rulesDirectory.deletingLastPathComponent().appendingPathComponent("Tests/Data/quotes/styles-speech.jsonl")
        let result = try QuarryCLI.run(["evaluate", "quotes", "--json", "--gold", gold.path], timeout: 300)
        #expect(result.status == 0, "\(result)")
        let all = try Self.object(result)["all"] as? [String: Any]
        #expect(Self.counts(all, "gold") == 28)
        // Development data (written after the rules it checks): this guards the level.
        #expect(Self.counts(all, "f1") >= 0.95, "\(String(describing: all))")
        #expect(Self.counts(all, "speaker_accuracy") >= 0.95, "\(String(describing: all))")
    }

    @Test("a small gold file: exact counts at 30% and 80% overlap")
    func smallGold() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            // Code-point offsets: "Smith" 0..<5, "said" 6..<10, the content 11..<27.
            let text = "Smith said the talks failed. The weather was fine."
            let article: [String: Any] = ["id": "a1", "text": text, "attributions": [
                ["content": [[11, 27]], "source": [[0, 5]], "cue": [[6, 10]]],
                ["content": [[29, 50]], "source": [], "cue": []],
            ]]
            let line = String(decoding: try JSONSerialization.data(withJSONObject: article), as: UTF8.self)
            let gold = try QuarryCLI.write(line + "\n", to: "gold.jsonl", in: directory)
            let result = try QuarryCLI.run(["evaluate", "quotes", "--json", "--gold", gold.path])
            #expect(result.status == 0, "\(result)")
            let scores = try Self.object(result)
            let all = scores["all"] as? [String: Any]
            #expect(Self.counts(all, "gold") == 2 && Self.counts(all, "predicted") == 1, "\(scores)")
            #expect(Self.counts(all, "precision") == 1 && Self.counts(all, "recall") == 0.5, "\(scores)")
            #expect(Self.counts(all, "speaker_accuracy") == 1, "\(scores)")
        }
    }

    @Test("--gold /nonexistent: exit 1 naming the file")
    func missingGold() throws {
        let result = try QuarryCLI.run(["evaluate", "quotes", "--gold", "/nonexistent"])
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("/nonexistent"))
    }

    @Test("a pipeline without a quotes stage: exit 1 with a message")
    func pipelineWithoutQuotes() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let rules = try QuarryCLI.write("pipeline p\n  tokenize\n  sentences\n", to: "p.quarry", in: directory)
            let gold = try QuarryCLI.write("{\"id\": \"a\", \"text\": \"x\", \"attributions\": []}\n", to: "g.jsonl", in: directory)
            let result = try QuarryCLI.run(["evaluate", "quotes", "--pipeline", rules.path, "--gold", gold.path])
            #expect(result.status == 1, "\(result)")
            #expect(result.err.contains("no quotes stage"), "\(result)")
        }
    }

    @Test("quarry run: the seed article's quotes in JSON Lines and TSV")
    func runOutputs() throws {
        let rules = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
        let jsonl = try QuarryCLI.run(["run", rules, Fixtures.seedArticle.path, "-f", "jsonl"])
        #expect(jsonl.status == 0, "\(jsonl)")
        let document = try #require(try JSONSerialization.jsonObject(with: jsonl.stdout) as? [String: Any])
        let quotes = try #require(document["quotes"] as? [[String: Any]])
        #expect(quotes.count == 16)
        let referred = try #require(quotes.first { ($0["cue"] as? [String: Any])?["text"] as? String == "referred to" })
        #expect(referred["kind"] as? String == "mixed")
        #expect(referred["entity"] as? String == "Antony Blinken")
        #expect((referred["speaker"] as? [String: Any])?["text"] as? String == "He")
        #expect(referred["via"] as? String == "pronoun")
        // Code-point offsets: the text at them is the quote's text.
        let text = try String(contentsOf: Fixtures.seedArticle, encoding: .utf8)
        let scalars = Array(text.unicodeScalars)
        let start = try #require(referred["start"] as? Int), end = try #require(referred["end"] as? Int)
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[start..<end])
        #expect(String(slice) == referred["text"] as? String)

        let tsv = try QuarryCLI.run(["run", rules, Fixtures.seedArticle.path, "-f", "tsv"])
        #expect(tsv.status == 0)
        let lines = tsv.out.split(separator: "\n")
        #expect(lines.first == "id\tindex\tkind\tstart\tend\tspeaker\tentity\tcue\tvia\ttext")
        #expect(lines.count == 17)
        // The same columns, in the same order, as CSV.
        let csv = try QuarryCLI.run(["run", rules, Fixtures.seedArticle.path, "-f", "csv"])
        let csvHeader = csv.out.split(separator: "\r\n").first.map { $0.split(separator: ",") }
        #expect(csvHeader == lines.first.map { $0.split(separator: "\t") })
        let speakers = lines.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false)[5] }
        #expect(speakers.contains("Blinken") || speakers.contains("Antony Blinken"), "\(speakers)")

        let table = try QuarryCLI.run(["run", rules, Fixtures.seedArticle.path, "--no-color"])
        #expect(table.out.contains("16 quotes (indirect 15, mixed 1)"), "\(table)")
        #expect(table.out.contains("Antony Blinken"))
    }
}
