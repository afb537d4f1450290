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

/// Token rules that match nowhere: which element failed, at which token, and why.
@Suite struct TokenMismatchVerdictTests {
    /// The verdict of rule `id` in the last patterns stage of `source`'s pipeline on `text`,
    /// with the document as that stage sees it (earlier stages' spans only).
    func mismatch(_ source: String, _ text: String, rule id: String) throws -> TokenMismatch {
        let book = try RuleBook.load(source: source, registry: .standard)
        let pipeline = try book.pipeline()
        let last = try #require(pipeline.stages.lastIndex { $0 is PatternStage })
        let before = try Pipeline(Array(pipeline.stages[..<last]))
        let seen = try before.run(Document(id: "t", text: text))
        let matcher = (pipeline.stages[last] as! PatternStage).matcher
        let result = matcher.match(seen, scratch: matcher.makeScratch())
        let verdict = matcher.verdict(forRule: matcher.set.rules.firstIndex { $0.id == id }!, result: result, in: seen)
        guard case let .tokenMismatch(found) = verdict else {
            Issue.record("expected a token mismatch, got \(verdict)")
            return TokenMismatch(elements: [], matched: -1, sites: [])
        }
        return found
    }

    let saidName = """
        list say = said, told
        rule cue MENTION [in=@say] []{0,2}? (?<name>[is-title])
        patterns p
          rules cue
        pipeline q
          tokenize
          sentences
          patterns p
        """

    @Test func elementAfterAGapFailsAtEveryTokenTheGapCanReach() throws {
        let text = "He said the president arrived."
        let found = try mismatch(saidName, text, rule: "cue")
        #expect(found.elements == ["[in=@say]", "[]{0,2}?", "(?<name>[is-title])"])
        #expect(found.matched == 2)
        // The lazy gap can stop after "said", "said the" or "said the president".
        let bytes = Array(text.utf8)
        #expect(found.sites.map { String(decoding: bytes[$0.token!], as: UTF8.self) } == ["the", "president", "arrived"])
        #expect(found.sites.map { String(decoding: bytes[$0.matched!], as: UTF8.self) } == ["said", "said the", "said the president"])
        #expect(found.sites[0].reasons == ["is-title is false for \"the\""])
    }

    @Test func firstElementNowhereNamesTheClosestTokenAndTheFailingTest() throws {
        let found = try mismatch("""
            rule un NEG [prefix=un suffix=ed]
            patterns p
              rules un
            pipeline q
              tokenize
              patterns p
            """, "An unkind word.", rule: "un")
        #expect(found.matched == 0)
        #expect(found.sites.count == 1)
        #expect(found.sites[0].token == 3..<9)
        #expect(found.sites[0].reasons == ["suffix=ed is false for \"unkind\""])
    }

    @Test func spanUnitOfAnEarlierPhaseFailingItsAttributeTest() throws {
        let found = try mismatch("""
            list honorifics = Mr., Sen.
            rule titled PERSON (?<title>[in=@honorifics]) [is-title]
            rule senator SENATOR @PERSON(title=Sen.) [lower=spoke]
            patterns names
              rules titled
            patterns later
              rules senator
            pipeline q
              tokenize
              sentences
              patterns names
              patterns later
            """, "Mr. Smith spoke.", rule: "senator")
        #expect(found.matched == 0)
        #expect(found.sites.first?.reasons == ["the PERSON span \"Mr. Smith\" fails the test (title=Sen.): its title is \"Mr.\""])
    }

    @Test func quantifierShortOfItsMinimumSaysHowManyItFound() throws {
        let found = try mismatch("""
            rule three NUMS [lower=scores] [kind=number]{3}
            patterns p
              rules three
            pipeline q
              tokenize
              patterns p
            """, "scores 3 4 .", rule: "three")
        #expect(found.matched == 1)
        #expect(found.sites.count == 1)
        #expect(found.sites[0].reasons == ["needs 3, found 2 (\"3 4\"), then: kind=number: \".\" is a punct token"])
    }
}
