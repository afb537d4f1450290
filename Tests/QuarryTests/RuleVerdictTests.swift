import Foundation
import Quarry
import Testing

/// `PatternMatcher.verdict`: the reasons `quarry explain --rule` prints, as values.
@Suite struct RuleVerdictTests {
    @Test func eachReasonOnOneText() throws {
        let book = try RuleBook.load(source: """
            rule year YEAR /\\b\\d{4}\\b/
            rule date DATE /\\bNov\\. \\d+, \\d{4}/ priority=2
            rule split SPLIT /ab/ scope=tokens
            rule never NEVER /zebra/
            patterns all overlap=longest
              rules year date split never
            pipeline p
              tokenize
              sentences
              patterns all
            """, registry: .standard)
        let pipeline = try book.pipeline()
        let annotated = try pipeline.run(Document(id: "t", text: "On Nov. 9, 2015 the cab left."))
        let stage = try #require(pipeline.stages.compactMap { $0 as? PatternStage }.first)
        let matcher = stage.matcher
        let result = matcher.match(annotated, scratch: matcher.makeScratch())
        func verdict(_ id: String) -> RuleVerdict {
            matcher.verdict(forRule: matcher.set.rules.firstIndex { $0.id == id }!, result: result, in: annotated)
        }
        #expect(verdict("date") == .fired([3..<15]))
        #expect(verdict("year") == .lostOverlaps([RuleVerdict.LostMatch(range: 11..<15, winnerRule: "date", winner: 3..<15)]))
        #expect(verdict("split") == .outsideScope(.tokens, matches: [21..<23]))
        #expect(verdict("never") == .matchesNowhere)
    }
}
