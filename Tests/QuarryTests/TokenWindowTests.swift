import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// Token rules with a required word and a bounded length are searched only near the word's
/// occurrences; the matches must equal a search from every token (`ScanPlan.unfiltered`).
@Suite struct TokenWindowTests {
    @Test func windowedSearchEqualsTheFullSearch() throws {
        let book = try RuleBook.load(file: Fixtures.rulesDirectory.appendingPathComponent("bench/tokens-100.quarry"), registry: .standard)
        let matcher = try PatternMatcher(try #require(book.patternSets["tokens100"]))
        let front = try Pipeline([TokenizerStage(tokenizer: try .english()), SentenceStage(splitter: try .english())])
        var texts = [try String(contentsOf: Fixtures.seedArticle, encoding: .utf8),
                     "He said that Sen. Chuck Schumer said so, and said Antony Blinken, said Park Jin said.",
                     "said said said said Said SAID said", "Deutsche Bank Group Inc. said 5 percent that that"]
        if let gum = Fixtures.sharedData("corpus/wikinews_gum.jsonl") {
            texts += try String(contentsOf: gum, encoding: .utf8).split(separator: "\n").prefix(20).map {
                (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["text"] as! String
            }
        }
        var total = 0
        for (i, text) in texts.enumerated() {
            let annotated = try front.run(Document(id: "\(i)", text: text))
            let windowed = matcher.match(annotated, scratch: matcher.makeScratch(), plan: .everywhere).matches
            let full = matcher.match(annotated, scratch: matcher.makeScratch(), plan: .unfiltered).matches
            #expect(windowed.map { [$0.rule, $0.start, $0.end] } == full.map { [$0.rule, $0.start, $0.end] }, "text \(i)")
            total += full.count
        }
        #expect(total > 20)
    }
}
