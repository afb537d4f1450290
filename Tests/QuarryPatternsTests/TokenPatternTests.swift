import Foundation
import QuarryCore
@testable import QuarryPatterns
import QuarryTokenizer
import Testing

func tokenRule(_ id: String, _ label: String, _ pattern: TokenPattern, priority: Int = 0,
               constants: [PatternRule.Constant] = []) -> PatternRule {
    PatternRule(id: id, label: label, matcher: .tokens(pattern), priority: priority, constants: constants, location: here)
}

/// Shorthands for building patterns.
private func t(_ p: TokenPredicate) -> TokenPattern { .token(p) }
private func lower(_ s: String) -> TokenPattern { .token(.lower(s)) }
private func seq(_ parts: TokenPattern...) -> TokenPattern { .sequence(parts) }

/// Spans of the single rule `pattern` on `text` ("text" of each kept match), every match kept.
private func found(_ text: String, _ pattern: TokenPattern) throws -> [String] {
    try spans(text, [tokenRule("r", "X", pattern)], overlap: .all).map { String($0.dropFirst(2)) }
}

@Suite struct TokenPatternTests {
    @Test func predicates() throws {
        let text = "Blinken said NATO met in Paris on 2024 , U.S. officials said ."
        #expect(try found(text, t(.text("NATO"))) == ["NATO"])
        #expect(try found(text, t(.lower("nato"))) == ["NATO"])
        #expect(try found(text, t(.lower("SAID"))) == ["said", "said"])
        #expect(try found(text, t(.shape("Xxxxx"))) == ["Blinken", "Paris"])
        #expect(try found(text, t(.shape("X.X."))) == ["U.S."])
        #expect(try found(text, t(.kind("punct"))) == [",", "."])
        #expect(try found(text, t(.prefix("bl", caseless: true))) == ["Blinken"])
        #expect(try found(text, t(.prefix("bl", caseless: false))) == [])
        #expect(try found(text, t(.suffix("ials", caseless: false))) == ["officials"])
        #expect(try found(text, t(.length(.greaterOrEqual, 9))) == ["officials"])
        #expect(try found(text, t(.flag(.upper))) == ["NATO", "U.S."])
        #expect(try found(text, t(.flag(.digit))) == ["2024"])
        #expect(try found(text, t(.and([.kind("number"), .shape("dddd"), .length(.equal, 4)]))) == ["2024"])
        #expect(try found(text, t(.flag(.lower))) == ["said", "met", "in", "on", "officials", "said"])
        #expect(try found(text, t(.flag(.title))) == ["Blinken", "Paris"])
        #expect(try found(text, t(.flag(.punct))) == [",", "."])
        #expect(try found(text, t(.regex(.text, "[A-Z]{2,}", caseless: false))) == ["NATO"])
        #expect(try found(text, t(.regex(.lower, "o.*s", caseless: false))) == ["officials"])
        #expect(try found("A b. C d.", t(.flag(.sentenceStart))) == ["A", "C"])
        #expect(try found("A b. C d.", t(.and([.flag(.sentenceEnd), .not(.kind("punct"))]))) == [])
        #expect(try found("a b(c", t(.and([.flag(.spaceBefore), .kind("word")]))) == ["b"])
    }

    @Test func booleanCombinations() throws {
        let text = "the Cat sat on THE mat"
        #expect(try found(text, t(.and([.lower("the"), .flag(.lower)]))) == ["the"])
        #expect(try found(text, t(.or([.lower("cat"), .lower("mat")]))) == ["Cat", "mat"])
        #expect(try found(text, t(.not(.flag(.lower)))) == ["Cat", "THE"])
        #expect(try found(text, seq(lower("the"), t(.any))) == ["the Cat", "THE mat"])
    }

    @Test func quantifiersGreedyAndLazy() throws {
        let text = "said Joe Biden Smith today"
        let title = t(.flag(.title))
        #expect(try found(text, seq(lower("said"), .repeat(title, min: 1, max: nil, lazy: false))) == ["said Joe Biden Smith"])
        #expect(try found(text, seq(lower("said"), .repeat(title, min: 1, max: nil, lazy: true))) == ["said Joe"])
        #expect(try found(text, seq(lower("said"), .repeat(title, min: 1, max: 2, lazy: false))) == ["said Joe Biden"])
        #expect(try found(text, seq(lower("said"), .repeat(title, min: 0, max: 2, lazy: true))) == ["said"])
        #expect(try found(text, seq(lower("said"), .repeat(title, min: 0, max: nil, lazy: true), lower("today"))) == ["said Joe Biden Smith today"])
    }

    @Test func alternationInOrder() throws {
        let text = "New York City"
        let a = TokenPattern.alternation([lower("new"), seq(lower("new"), lower("york"))])
        #expect(try found(text, a) == ["New"])
        let b = TokenPattern.alternation([seq(lower("new"), lower("york")), lower("new")])
        #expect(try found(text, b) == ["New York"])
    }

    @Test func capturesAndConstantsAreAttributes() throws {
        let rule = tokenRule("said", "SPEAKER", seq(lower("said"), .capture(name: "who", .repeat(t(.flag(.title)), min: 1, max: 4, lazy: false))),
                             constants: [PatternRule.Constant(name: "source", value: "tokens")])
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [rule]))
        #expect(matcher.strategies == [.tokens])
        #expect(matcher.strategies[0].name == "tokens")
        var document = AnnotatedDocument(document: Document(id: "t", text: "He said Antony Blinken yesterday."))
        document.tokens = tokenizer.tokenize(document.document)
        let result = matcher.match(document, scratch: matcher.makeScratch())
        let views = result.layer.views(in: document.document)
        #expect(views.map { String($0.text) } == ["said Antony Blinken"])
        #expect(views.first?.attributes == [NamedValue(name: "who", value: "Antony Blinken"), NamedValue(name: "source", value: "tokens")]
                || views.first?.attributes == [NamedValue(name: "source", value: "tokens"), NamedValue(name: "who", value: "Antony Blinken")])
    }

    /// `quarry bench` says where each token rule's searches start, and bills the token features
    /// every token rule shares to no rule (the first rule of a set was billed all of it).
    @Test func benchModesAndSharedWork() throws {
        let said = tokenRule("said", "CUE", seq(lower("said"), t(.flag(.title))))
        let saidOpen = tokenRule("said_open", "CUE", seq(lower("said"), .repeat(t(.flag(.title)), min: 1, max: nil, lazy: false)))
        let titles = tokenRule("titles", "NAME", .repeat(t(.flag(.title)), min: 2, max: 3, lazy: false))
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [said, saidOpen, titles]))
        #expect(matcher.runModes == ["word+win", "word", "every"])
        var document = AnnotatedDocument(document: Document(id: "t", text: "He said Antony Blinken met Park Jin yesterday."))
        document.tokens = tokenizer.tokenize(document.document)
        let measurement = MatcherBenchmark.measure(matcher, documents: [document], jobs: 1, passes: 1)
        #expect(measurement.stats.sharedNanoseconds > 0)
        #expect(measurement.stats.matches == [1, 1, 2])
    }

    @Test func sentenceAnchors() throws {
        let text = "Yes he did. Yes we can."
        #expect(try found(text, seq(.sentenceStart, lower("yes"))) == ["Yes", "Yes"])
        #expect(try found(text, seq(t(.kind("word")), .sentenceEnd)) == [])
        #expect(try found(text, seq(t(.kind("word")), t(.kind("punct")), .sentenceEnd)) == ["did.", "can."])
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [tokenRule("r", "X", seq(.sentenceStart, lower("yes")))]))
        #expect(matcher.needsSentences && matcher.needsTokens)
        #expect(PatternStage(matcher: matcher).reads == [.tokens, .sentences])
    }

    @Test func multiTokenListEntries() throws {
        let list = WordList(name: "titles", entries: ["secretary of  state", "secretary", "foreign minister"], caseInsensitive: true)
        let pattern = seq(t(.inList(list)), t(.flag(.title)))
        #expect(try found("the Secretary of State Blinken and Foreign Minister Wang and secretary Jones", pattern)
                == ["Secretary of State Blinken", "Foreign Minister Wang", "secretary Jones"])
        let exact = WordList(name: "t", entries: ["Foreign Minister"], caseInsensitive: false)
        #expect(try found("foreign minister Wang", seq(t(.inList(exact)), t(.any))) == [])
    }

    @Test func spanUnitsAndLabelsFromAnEarlierStage() throws {
        let first = PatternStage(matcher: try PatternMatcher(PatternSet(name: "people", rules: [
            regexRule("person", "PERSON", #"(?<title>Sen\.|Dr\.) [A-Z][a-z]+"#),
            regexRule("org", "ORG", #"NATO"#),
        ])))
        let second = PatternStage(matcher: try PatternMatcher(PatternSet(name: "said", rules: [
            tokenRule("speaker", "SPEAKER", seq(.span(label: "PERSON", tests: [SpanAttributeTest(name: "title", value: "Sen.")]), lower("said"))),
            tokenRule("anyone", "ANY", seq(.span(label: "PERSON", tests: [SpanAttributeTest(name: "missing", negated: true)]), t(.any))),
            tokenRule("inside", "IN", t(.and([.label("PERSON"), .flag(.title)]))),
        ], overlap: .all)))
        #expect(second.reads == [.tokens, .spans])
        #expect(first.reads.isEmpty)
        var document = AnnotatedDocument(document: Document(id: "t", text: "Sen. Warren said Dr. Jones said NATO said so."))
        document.tokens = tokenizer.tokenize(document.document)
        var scratch = first.makeScratch()
        first.process(&document, scratch: &scratch)
        var scratch2 = second.makeScratch()
        second.process(&document, scratch: &scratch2)
        let views = document.spans!.views(in: document.document).map { "\($0.label):\($0.text)" }
        #expect(views.contains("SPEAKER:Sen. Warren said"))
        #expect(!views.contains("SPEAKER:Dr. Jones said"))
        #expect(views.contains("ANY:Dr. Jones said"))
        #expect(views.contains("IN:Warren") && views.contains("IN:Jones") && views.contains("IN:Sen.") && !views.contains("IN:said"))
        #expect(views.contains("PERSON:Sen. Warren") && views.contains("ORG:NATO")) // merged, not replaced
    }

    /// Token stages of one document share its token features (class bits, list entries,
    /// predicate results); what reads spans must be computed again once a stage has added
    /// spans, and a stage alone on a fresh copy must find the same.
    @Test func stagesShareTokenFeaturesButNotWhatReadsSpans() throws {
        let title = TokenPredicate.flag(.title)
        let first = PatternStage(matcher: try PatternMatcher(PatternSet(name: "names", rules: [
            tokenRule("name", "NAME", seq(t(title), t(title))),
            tokenRule("inside", "IN", t(.and([.label("NAME"), title]))),
        ], overlap: .all)))
        let second = PatternStage(matcher: try PatternMatcher(PatternSet(name: "again", rules: [
            tokenRule("inside", "IN2", t(.and([.label("NAME"), title]))),
            tokenRule("said", "SAID", seq(.span(label: "NAME", tests: []), lower("said"))),
            tokenRule("title", "T", t(title)),
        ], overlap: .all)))
        var document = AnnotatedDocument(document: Document(id: "t", text: "Olaf Scholz said that Mark Rutte agreed."))
        document.tokens = tokenizer.tokenize(document.document)
        var scratch = first.makeScratch(), scratch2 = second.makeScratch()
        first.process(&document, scratch: &scratch)
        // The first stage saw no NAME spans yet: no IN.
        #expect(!document.spans!.views(in: document.document).contains { $0.label == "IN" })
        var alone = document
        alone.derived = DerivedCache()
        second.process(&document, scratch: &scratch2)
        second.process(&alone, scratch: &scratch2)
        let shared = document.spans!.views(in: document.document).map { "\($0.label):\($0.text)" }
        let fresh = alone.spans!.views(in: alone.document).map { "\($0.label):\($0.text)" }
        #expect(shared == fresh)
        #expect(shared.contains("IN2:Scholz") && shared.contains("IN2:Rutte") && shared.contains("SAID:Olaf Scholz said"))
        #expect(shared.filter { $0.hasPrefix("T:") }.count == 4)
    }

    @Test func pipelineChecksThatAnEarlierStageWritesSpans() throws {
        let reader = PatternStage(matcher: try PatternMatcher(PatternSet(name: "said", rules: [
            tokenRule("speaker", "SPEAKER", seq(.span(label: "PERSON", tests: []), lower("said"))),
        ])))
        let writer = PatternStage(matcher: try PatternMatcher(PatternSet(name: "people", rules: [regexRule("p", "PERSON", "Jones")])))
        let tokens = TokenizerStage(tokenizer: tokenizer)
        #expect(throws: PipelineError.self) { try Pipeline([tokens, reader]) }
        #expect(throws: PipelineError.self) { try Pipeline([tokens, reader, writer]) }
        _ = try Pipeline([tokens, writer, reader])
        #expect(reader.rulesNeeding(.spans) == ["speaker"] && reader.rulesNeeding(.tokens) == ["speaker"])
        #expect(reader.rulesNeeding(.sentences).isEmpty)
    }

    @Test func ruleStatsCountTokenRules() throws {
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [
            regexRule("re", "R", "said"), tokenRule("tok", "T", seq(t(.flag(.title)), lower("said"))),
        ], overlap: .all))
        var document = AnnotatedDocument(document: Document(id: "t", text: "Jones said so, and Smith said no."))
        document.tokens = tokenizer.tokenize(document.document)
        let scratch = matcher.makeScratch()
        scratch.stats = RuleStats(ruleCount: 2)
        let result = matcher.match(document, scratch: scratch)
        #expect(result.matches.count == 4)
        #expect(scratch.stats!.matches == [2, 2])
        #expect(scratch.stats!.nanoseconds[1] > 0)
        #expect(matcher.strategies.map(\.name) == ["prefix", "tokens"])
    }

    @Test func compileErrors() throws {
        func error(_ pattern: TokenPattern) -> PatternCompileError? {
            do { _ = try PatternMatcher(PatternSet(name: "t", rules: [tokenRule("r", "X", pattern)])); return nil }
            catch { return error.errors.first }
        }
        #expect(error(.repeat(lower("a"), min: 0, max: nil, lazy: false))?.kind == .emptyMatch)
        #expect(error(seq(.sentenceStart, .sentenceEnd))?.kind == .emptyMatch)
        #expect(error(.repeat(lower("a"), min: 1, max: 1001, lazy: false))?.kind == .syntax)
        #expect(error(.repeat(.repeat(lower("a"), min: 1000, max: 1000, lazy: false), min: 200, max: 200, lazy: false))?.kind == .syntax)
        #expect(error(t(.regex(.text, "(", caseless: false)))?.kind == .syntax)
        #expect(error(.repeat(lower("a"), min: 1, max: 1000, lazy: false)) == nil)
    }

    @Test func prefilterOnARequiredWord() throws {
        #expect(TokenProgram.requiredWord(seq(t(.flag(.title)), lower("said"))) == "said")
        #expect(TokenProgram.requiredWord(.alternation([lower("said"), lower("told")])) == nil)
        #expect(try found("Nobody spoke", seq(t(.flag(.title)), lower("said"))) == [])
        #expect(try found("Jones SAID", seq(t(.flag(.title)), lower("said"))) == ["Jones SAID"])
    }

    /// Random patterns over the letters a, b, c: the token engine on "a b c …" (one letter per
    /// token) must find the same matches as PCRE on "abc…".
    @Test func leftmostFirstLikePCRE() throws {
        for seed in 1...8 { try differential(seed: UInt64(seed)) }
    }

    /// The same with lookarounds: `(?=X)` and `(?!X)` of any pattern, `(?<=X)` and `(?<!X)` of
    /// fixed-length ones (PCRE2 10.42 takes no variable-length lookbehind).
    @Test func lookaroundsLikePCRE() throws {
        for seed in 11...18 { try differential(seed: UInt64(seed), looks: true) }
    }

    func differential(seed: UInt64, looks: Bool = false) throws {
        var rng = SplitMix(seed: seed)
        let letters = ["a", "b", "c"]
        func fixed() -> (TokenPattern, String) {
            // One or two tokens, each a letter or a choice of letters.
            let parts: [(TokenPattern, String)] = (0..<(1 + rng.next(2))).map { _ in
                if rng.next(2) == 0 { let l = letters[rng.next(3)]; return (lower(l), l) }
                let a = letters[rng.next(3)], b = letters[rng.next(3)]
                return (.alternation([lower(a), lower(b)]), "(?:\(a)|\(b))")
            }
            return (.sequence(parts.map(\.0)), parts.map(\.1).joined())
        }
        func random(_ depth: Int) -> (TokenPattern, String) {
            let choice = depth > 2 ? rng.next(2) : rng.next(looks ? 9 : 7)
            switch choice {
            case 7:
                let (p, r) = random(depth + 1)
                let negated = rng.next(2) == 0
                return (.look(p, ahead: true, negated: negated), (negated ? "(?!" : "(?=") + r + ")")
            case 8:
                let (p, r) = fixed()
                let negated = rng.next(2) == 0
                return (.look(p, ahead: false, negated: negated), (negated ? "(?<!" : "(?<=") + r + ")")
            case 0, 1:
                let l = letters[rng.next(3)]
                return (lower(l), l)
            case 2:
                let parts = (0..<(1 + rng.next(3))).map { _ in random(depth + 1) }
                return (.sequence(parts.map(\.0)), parts.map(\.1).joined())
            case 3:
                let parts = (0..<(2 + rng.next(2))).map { _ in random(depth + 1) }
                return (.alternation(parts.map(\.0)), "(?:" + parts.map(\.1).joined(separator: "|") + ")")
            case 4:
                let (p, r) = random(depth + 1)
                return (.capture(name: "g\(rng.next(1000))", p), "(?:" + r + ")")
            default:
                let (p, r) = random(depth + 1)
                let lazy = rng.next(2) == 0
                let (min, max): (Int, Int?) = [(0, nil), (1, nil), (0, 1), (1, 3), (2, 2)][rng.next(5)]
                let q = max == nil ? (min == 0 ? "*" : "+") : (max == 1 && min == 0 ? "?" : "{\(min),\(max!)}")
                return (.repeat(p, min: min, max: max, lazy: lazy), "(?:" + r + ")" + q + (lazy ? "?" : ""))
            }
        }
        let compact = (0..<60).map { _ in letters[rng.next(3)] }.joined()
        let spaced = compact.map(String.init).joined(separator: " ")
        var document = AnnotatedDocument(document: Document(id: "t", text: spaced))
        document.tokens = tokenizer.tokenize(document.document)
        let regexDocument = AnnotatedDocument(document: Document(id: "r", text: compact))
        var compared = 0
        for _ in 0..<300 {
            let (pattern, regex) = random(0)
            guard !TokenProgram.nullable(pattern) else { continue }
            let tokenMatcher = try PatternMatcher(PatternSet(name: "t", rules: [tokenRule("r", "X", pattern)], overlap: .all))
            let regexMatcher = try PatternMatcher(PatternSet(name: "r", rules: [regexRule("r", "X", regex)], overlap: .all))
            let got = tokenMatcher.match(document, scratch: tokenMatcher.makeScratch()).matches.map { ($0.start / 2)..<(($0.end + 1) / 2) }
            let want = regexMatcher.match(regexDocument, scratch: regexMatcher.makeScratch(), plan: .unfiltered).matches.map { $0.start..<$0.end }
            #expect(got == want, "\(regex)")
            compared += 1
        }
        #expect(compared > 100)
    }

    /// The VM's work is linear: 12 optional tokens and nested quantifiers over 200,000 tokens.
    @Test func linearSteps() throws {
        let n = 200_000
        let text = String(repeating: "a ", count: n)
        var document = AnnotatedDocument(document: Document(id: "t", text: text))
        document.tokens = tokenizer.tokenize(document.document)
        #expect(document.tokens!.count == n)
        let patterns: [TokenPattern] = [
            // a?{12} a{12} then a token that never comes: the classic exponential case for backtrackers.
            .sequence(Array(repeating: .repeat(lower("a"), min: 0, max: 1, lazy: false), count: 12)
                      + Array(repeating: lower("a"), count: 12) + [lower("b")]),
            // ((a+)+)+ b
            seq(.repeat(.repeat(.repeat(lower("a"), min: 1, max: nil, lazy: false), min: 1, max: nil, lazy: false),
                        min: 1, max: nil, lazy: true), lower("b")),
            // (a|a a){2,5} b
            seq(.repeat(.alternation([lower("a"), seq(lower("a"), lower("a"))]), min: 2, max: 5, lazy: false), lower("b")),
        ]
        document.document.withUTF8 { bytes in
            let scratch = MatchScratch(captureCount: 0, matchLimit: 1000, heapLimitKiB: 1000)
            let features = TokenFeatures(document, bytes, matchData: scratch.matchData)
            for pattern in patterns {
                let program = try! TokenProgram(pattern)
                var vm = TokenVM(program: program, features: features)
                var matches = 0
                vm.run { _, _ in matches += 1 }
                #expect(matches == 0)
                let bound = n * program.instructions.count * 3
                #expect(vm.steps <= bound, "\(vm.steps) steps for \(program.instructions.count) instructions")
                print("token VM: \(vm.steps) steps, \(program.instructions.count) instructions, \(n) tokens: \(Double(vm.steps) / Double(n * program.instructions.count)) per token × instruction")
            }
        }
    }
}

/// A small deterministic generator for the differential test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// The class flags (`is-title`, `is-upper`, `is-lower`, `is-digit`, `is-punct`) have an ASCII
/// fast path: it must agree with the definition by Unicode properties on every ASCII
/// character and on mixed words.
@Suite struct TokenFlagTests {
    static func byProperties(_ test: TokenFlagTest, _ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        let letters = scalars.filter { $0.properties.isAlphabetic }
        func upper(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase || s.properties.generalCategory == .titlecaseLetter }
        switch test {
        case .upper: return !letters.isEmpty && letters.allSatisfy(upper)
        case .lower: return !letters.isEmpty && letters.allSatisfy { $0.properties.isLowercase }
        case .title:
            return !letters.isEmpty && upper(letters[0]) && letters.dropFirst().allSatisfy { $0.properties.isLowercase && !upper($0) }
        case .digit: return scalars.allSatisfy { $0.properties.numericType == .decimal }
        case .punct: return scalars.allSatisfy { "\($0)".range(of: "^\\p{P}$", options: .regularExpression) != nil }
        default: return false
        }
    }

    @Test func asciiFastPathAgreesWithUnicodeProperties() throws {
        // Every printable ASCII character alone, then words of each kind, ASCII and not.
        let singles = (0x21...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        let words = ["Blinken", "NATO", "said", "2024", "U.S.", "McCain", "x2", "A", "Élodie", "ÉTAT", "été", "٣٤", "«", "—", "Ǆemal"]
        var judged = 0
        for word in singles + words {
            for test in [TokenFlagTest.title, .upper, .lower, .digit, .punct] {
                // The tokenizer may split a character off; only judge words kept whole.
                let tokens = try spans("x \(word) x", [tokenRule("r", "X", .token(.any))], overlap: .all)
                guard tokens.contains("X:" + word) else { continue }
                let matched = try spans("x \(word) x", [tokenRule("r", "X", .token(.flag(test)))], overlap: .all).contains("X:" + word)
                #expect(matched == Self.byProperties(test, word), "\(test.rawValue) on \(word)")
                judged += 1
            }
        }
        #expect(judged >= 5 * 100, "most characters and words are single tokens: \(judged / 5) judged")
    }

    /// Non-ASCII tokens read their classes from a per-scalar table (``ScalarClasses``): the
    /// flags, the shape and `space-before` must still be what the Unicode properties say, on a
    /// sample of every 23rd scalar of the Basic Multilingual Plane and on words of several
    /// scripts, each after a different kind of space.
    @Test func scalarTableAgreesWithUnicodeProperties() throws {
        var words = ["Élodie", "ÉTAT", "été", "٣٤", "«", "—", "Ǆemal", "Ǆ", "ǅa", "Σωκράτης", "МОСКВА", "한국", "日本", "“", "’", "…", "x²", "Ⅻ", "ﬁne", "𝐀𝐁"]
        for v in stride(from: 0xA0, to: 0x10000, by: 23) {
            guard let scalar = Unicode.Scalar(UInt32(v)), !scalar.properties.isWhitespace,
                  scalar.properties.generalCategory != .control, scalar.properties.generalCategory != .format,
                  scalar.properties.generalCategory != .unassigned, scalar.properties.generalCategory != .surrogate,
                  scalar.properties.generalCategory != .nonspacingMark, scalar.properties.generalCategory != .enclosingMark,
                  scalar.properties.generalCategory != .spacingMark else { continue }
            words.append(String(Character(scalar)))
        }
        let spaces = [" ", "\u{00A0}", "\u{2003}", "\u{3000}", " "]
        var text = ""
        for (k, word) in words.enumerated() { text += spaces[k % spaces.count] + word }
        var document = AnnotatedDocument(document: Document(id: "t", text: text))
        document.tokens = tokenizer.tokenize(document.document)
        let matcher = try PatternMatcher(PatternSet(name: "t", rules: [tokenRule("r", "X", .token(.any))]))
        let scratch = matcher.makeScratch()
        func shape(_ word: String) -> String {
            var out = "", last: Character? = nil, run = 0
            for s in word.unicodeScalars {
                let p = s.properties
                let mapped: Character = p.isUppercase || p.generalCategory == .titlecaseLetter ? "X" : p.isAlphabetic ? "x" : p.numericType == .decimal ? "d" : Character(s)
                if mapped == last { run += 1 } else { run = 1; last = mapped }
                if run <= 4 { out.append(mapped) }
            }
            return out
        }
        var judged = 0
        document.document.withUTF8 { bytes in
            let features = TokenFeatures(document, bytes, matchData: scratch.matchData)
            for i in 0..<features.count {
                let word = String(decoding: features.text(i), as: UTF8.self)
                guard word.utf8.contains(where: { $0 >= 0x80 }) else { continue }
                for test in [TokenFlagTest.title, .upper, .lower, .digit, .punct] {
                    #expect(features.flag(test, i) == Self.byProperties(test, word), "\(test.rawValue) on \(word)")
                }
                #expect(String(decoding: features.shape(i), as: UTF8.self) == shape(word), "shape of \(word)")
                let start = Int(features.records[i].start)
                let before = start == 0 ? nil : String(decoding: bytes[..<start], as: UTF8.self).unicodeScalars.last
                #expect(features.flag(.spaceBefore, i) == (before?.properties.isWhitespace ?? false), "space before \(word)")
                judged += 1
            }
        }
        #expect(judged >= 2000, "\(judged) non-ASCII tokens judged")
    }
}
