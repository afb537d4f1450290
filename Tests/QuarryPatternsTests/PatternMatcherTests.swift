import Foundation
import QuarryCore
import QuarryPatterns
import QuarrySentences
import QuarryTestSupport
import QuarryTokenizer
import Testing

let here = Diagnostic.Location(file: "test.quarry", line: 1, column: 1)

func regexRule(_ id: String, _ label: String, _ pattern: String, priority: Int = 0, scope: PatternScope = .anywhere,
               caseless: Bool = false, constants: [PatternRule.Constant] = []) -> PatternRule {
    PatternRule(id: id, label: label, matcher: .regex(pattern, SourceMap()), priority: priority, scope: scope,
                caseless: caseless, constants: constants, location: here)
}

let tokenizer = Tokenizer(lexicon: try! TokenizerLexicon.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en")))
let sentenceSplitter = SentenceSplitter(lexicon: try! SentenceLexicon.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en")))

/// Tokenizes and splits `text`, then runs the rules; returns "LABEL:text" per kept span.
func spans(_ text: String, _ rules: [PatternRule], overlap: OverlapPolicy = .longest) throws -> [String] {
    let matcher = try PatternMatcher(PatternSet(name: "t", rules: rules, overlap: overlap))
    var document = AnnotatedDocument(document: Document(id: "t", text: text))
    document.tokens = tokenizer.tokenize(document.document)
    document.sentences = sentenceSplitter.sentences(document.document, tokens: document.tokens)
    let layer = matcher.match(document, scratch: matcher.makeScratch()).layer
    return layer.records.map { "\(layer.labels[Int($0.label)]):\(document.document.text(utf8: $0.range))" }
}

@Suite struct PatternMatcherTests {
    @Test func findsAllMatchesWithUnicodeText() throws {
        let money = regexRule("money", "MONEY", #"\$\d+(?:\.\d+)?(?:\s+(?:million|billion))?"#)
        #expect(try spans("It cost $5 million – “not $3.5 billion” – in Seoul’s port; $12.", [money]) ==
                ["MONEY:$5 million", "MONEY:$3.5 billion", "MONEY:$12"])
    }

    @Test func namedCapturesAndConstantsBecomeAttributes() throws {
        let rule = regexRule("titled", "PERSON", #"(?<title>Secretary of State|Foreign Minister) (?<name>\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*)"#,
                             constants: [PatternRule.Constant(name: "source", value: "rules")])
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [rule]))
        let document = Document(id: "t", text: "U.S. Secretary of State Antony Blinken met Foreign Minister Park Jin.")
        let layer = matcher.match(AnnotatedDocument(document: document), scratch: matcher.makeScratch()).layer
        #expect(layer.count == 2)
        let first = layer.attributes(of: layer.records[0], in: document)
        #expect(first.map { "\($0.name)=\($0.value)" } == ["title=Secretary of State", "name=Antony Blinken", "source=rules"])
        #expect(layer.attributes(of: layer.records[1], in: document).map(\.value) == ["Foreign Minister", "Park Jin", "rules"])
    }

    @Test func overlapPolicies() throws {
        let sam = regexRule("sam", "HOBBIT", "Sam")
        let samwise = regexRule("samwise", "HOBBIT", "Samwise")
        #expect(try spans("Samwise and Sam.", [sam, samwise], overlap: .longest) == ["HOBBIT:Samwise", "HOBBIT:Sam"])
        #expect(try spans("Samwise and Sam.", [sam, samwise], overlap: .first) == ["HOBBIT:Sam", "HOBBIT:Sam"])
        #expect(try spans("Samwise and Sam.", [sam, samwise], overlap: .all) == ["HOBBIT:Sam", "HOBBIT:Samwise", "HOBBIT:Sam"])
        // Priority beats file order among equally long matches.
        let a = regexRule("a", "A", "North Korea"), b = regexRule("b", "B", "North Korea", priority: 2)
        #expect(try spans("North Korea", [a, b]) == ["B:North Korea"])
        #expect(try spans("North Korea", [a, regexRule("c", "C", "North Korea")]) == ["A:North Korea"])
    }

    @Test func tokenScopeFindsTheLeftmostMatchThatFits() throws {
        // "U.S" inside "U.S." does not end on a token boundary; the scope makes PCRE2
        // backtrack to an end that does rather than drop the match.
        let loose = regexRule("us", "GPE", #"U\.S\.?"#)
        let scoped = regexRule("us", "GPE", #"U\.S\.?"#, scope: .tokens)
        #expect(try spans("The U.S. government", [loose]) == ["GPE:U.S."])
        #expect(try spans("The U.S. government", [scoped]) == ["GPE:U.S."])
        let inside = regexRule("kor", "X", "Kor", scope: .tokens)
        #expect(try spans("Korea and Kor", [inside]) == ["X:Kor"])
        #expect(try spans("Korea", [regexRule("kor", "X", "Kor")]) == ["X:Kor"])
    }

    @Test func sentenceScopeKeepsMatchesInsideOneSentence() throws {
        let across = regexRule("span", "X", #"said\.\s+He"#)
        let scoped = regexRule("span", "X", #"said\.\s+He"#, scope: .sentence)
        #expect(try spans("Blinken said. He left.", [across]) == ["X:said. He"])
        #expect(try spans("Blinken said. He left.", [scoped]).isEmpty)
    }

    @Test func wordListsMatchWholeTokens() throws {
        let list = WordList(name: "countries", entries: ["North Korea", "Russia", "U.S.", "South  Korea"], caseInsensitive: false)
        let rule = PatternRule(id: "countries", label: "GPE", matcher: .wordList(list), location: here)
        #expect(try spans("North Korea and Russia; the U.S. and South Korea, not Russians or north korea.", [rule]) ==
                ["GPE:North Korea", "GPE:Russia", "GPE:U.S.", "GPE:South Korea"])
        let caseless = PatternRule(id: "c", label: "GPE", matcher: .wordList(WordList(name: "c", entries: ["north korea"], caseInsensitive: true)), location: here)
        #expect(try spans("NORTH KOREA", [caseless]) == ["GPE:NORTH KOREA"])
    }

    /// The word-list rules of a set are looked up together in one pass: together they must
    /// find what each finds alone, with exact and caseless lists sharing entries, lists of
    /// one-word and several-word entries, a regex rule between them, a per-rule cap and a plan
    /// that runs only some of them.
    @Test func wordListsTogetherFindWhatEachFindsAlone() throws {
        func list(_ id: String, _ entries: [String], caseless: Bool = false) -> PatternRule {
            PatternRule(id: id, label: id.uppercased(), matcher: .wordList(WordList(name: id, entries: entries, caseInsensitive: caseless)), location: here)
        }
        let rules = [
            list("countries", ["North Korea", "Korea", "Russia", "U.S.", "Georgia"]),
            regexRule("year", "YEAR", #"\b\d{4}\b"#),
            list("states", ["Georgia", "New York", "New York City"]),
            list("caseless", ["north korea", "georgia", "al-Qaeda", "new"], caseless: true),
            list("one", ["York", "Korea", "Russia"]),
            list("titles", ["Secretary of State", "Secretary", "State"]),
        ]
        let text = "In 2024 North Korea and Russia met; NORTH KOREA, Georgia (the U.S. state) and New York City said. " +
            "Al-Qaeda and al-Qaeda; the Secretary of State, a New Yorker, in York. new york NEW YORK Georgia Georgia."
        var document = AnnotatedDocument(document: Document(id: "t", text: text))
        document.tokens = tokenizer.tokenize(document.document)
        func matches(_ rules: [PatternRule], cap: Int = 1_000_000, plan: ScanPlan = .everywhere) throws -> (Set<String>, [Diagnostic]) {
            var set = PatternSet(name: "t", rules: rules, overlap: .all)
            set.maxMatchesPerRule = cap
            let matcher = try PatternMatcher(set)
            let result = matcher.match(document, scratch: matcher.makeScratch(), plan: plan)
            return (Set(result.matches.map { "\(set.rules[$0.rule].id):\(document.document.text(utf8: $0.start..<$0.end))@\($0.start)-\($0.end)" }), result.diagnostics)
        }
        var alone = Set<String>()
        for rule in rules { alone.formUnion(try matches([rule]).0) }
        let (together, _) = try matches(rules)
        #expect(together == alone)
        #expect(together.contains { $0.hasPrefix("countries:North Korea@") } && together.contains { $0.hasPrefix("caseless:NORTH KOREA@") })
        #expect(together.contains { $0.hasPrefix("states:New York City@") } && together.contains { $0.hasPrefix("states:New York@") })
        #expect(together.contains { $0.hasPrefix("caseless:Al-Qaeda@") } && together.contains { $0.hasPrefix("titles:Secretary of State@") })
        #expect(together.filter { $0.hasPrefix("countries:Georgia@") }.count == 3 && together.filter { $0.hasPrefix("caseless:") }.count >= 9)
        // A cap of two keeps each rule's first two and warns once per rule over it.
        let (capped, warnings) = try matches(rules, cap: 2)
        for rule in rules where rule.id != "year" {
            let own = alone.filter { $0.hasPrefix(rule.id + ":") }
            let kept = capped.filter { $0.hasPrefix(rule.id + ":") }
            #expect(kept.count == min(2, own.count), "\(rule.id)")
            // Its own search's order: by start, then by end.
            func place(_ key: String) -> [Int] { key.split(separator: "@").last!.split(separator: "-").map { Int($0)! } }
            let firstTwo = Set(own.sorted { place($0).lexicographicallyPrecedes(place($1)) }.prefix(2))
            #expect(kept == firstTwo, "\(rule.id)")
        }
        #expect(warnings.count == rules.filter { r in r.id != "year" && alone.filter { $0.hasPrefix(r.id + ":") }.count > 2 }.count)
        // A plan that runs only some rules runs only those.
        let (some, _) = try matches(rules, plan: .rules([2, 4]))
        #expect(some == alone.filter { $0.hasPrefix("states:") || $0.hasPrefix("one:") })
    }

    @Test func compileErrorsAreAllReported() {
        #expect {
            try PatternMatcher(PatternSet(name: "t", rules: [regexRule("bad", "X", "(unclosed"), regexRule("ok", "Y", "fine"),
                                                             regexRule("empty", "Z", "a*"), regexRule("bad2", "X", "[z-a]", scope: .tokens)]))
        } throws: { error in
            guard let errors = error as? PatternCompileErrors else { return false }
            let ids = errors.errors.map(\.ruleID)
            let scoped = errors.errors.first { $0.ruleID == "bad2" }
            // The offset is in the rule's own pattern, not the scope wrapper.
            return ids == ["bad", "empty", "bad2"] && errors.errors[1].kind == .emptyMatch && scoped?.offset == 3
        }
    }

    /// A rule that backtracks catastrophically stops at the match limit, names itself, and
    /// the other rules' spans are still produced. (How long it takes is measured by
    /// docs/evaluation.md's command, not asserted here.)
    @Test func catastrophicBacktrackingStopsAndOthersStillMatch() throws {
        let bad = PatternRule(id: "evil", label: "BAD", matcher: .regex("(a+)+$", SourceMap()),
                              location: .init(file: "evil.quarry", line: 7, column: 1))
        let good = regexRule("b", "B", "b")
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [bad, good]))
        let text = String(repeating: "a", count: 100_000) + "b"
        let result: PatternResult? = matcher.match(AnnotatedDocument(document: Document(id: "doc", text: text)), scratch: matcher.makeScratch())
        let layer = try #require(result).layer
        #expect(layer.records.map { layer.labels[Int($0.label)] } == ["B"])
        let message = try #require(result?.diagnostics.first?.message)
        #expect(message.contains("rule 'evil' (evil.quarry:7)") && message.contains("match limit"))
    }

    /// Past `matches=N` a rule keeps its first N matches in a document and says so; the other
    /// rules keep all of theirs, and the prefiltered run keeps the same N as the unfiltered one
    /// (find-all, anchored-literal and windowed loops alike).
    @Test func aRuleKeepsItsFirstMatchesPastTheCap() throws {
        let words = PatternRule(id: "words", label: "W", matcher: .regex("\\w+", SourceMap()),
                                location: .init(file: "cap.quarry", line: 3, column: 1))
        let seoul = regexRule("seoul", "GPE", "Seoul")
        let said = regexRule("said", "SAID", "[A-Z][a-z]+ said")
        var set = PatternSet(name: "t", rules: [words, seoul, said], overlap: .all)
        set.maxMatchesPerRule = 4
        let matcher = try PatternMatcher(set)
        let text = Array(repeating: "In Seoul, Park said so.", count: 6).joined(separator: " ")
        let document = AnnotatedDocument(document: Document(id: "doc", text: text))
        for plan in [ScanPlan.everywhere, .unfiltered] {
            let result = matcher.match(document, scratch: matcher.makeScratch(), plan: plan)
            let layer = result.layer
            let texts = { (label: String) in layer.records.filter { layer.labels[Int($0.label)] == label }.map { document.document.text(utf8: $0.range) } }
            #expect(texts("W") == ["In", "Seoul", "Park", "said"])
            #expect(texts("GPE").count == 4 && texts("SAID") == Array(repeating: "Park said", count: 4))
            #expect(result.diagnostics.count == 3 && result.diagnostics.allSatisfy { $0.severity == .warning })
            #expect(result.diagnostics.contains { $0.message.contains("rule 'words' (cap.quarry:3)") && $0.message.contains("first 4") })
        }
        set.maxMatchesPerRule = 100
        let wide = try PatternMatcher(set)
        let roomy = wide.match(document, scratch: wide.makeScratch())
        #expect(roomy.diagnostics.isEmpty && roomy.layer.records.count == 6 * 5 + 6 + 6)
    }
}
