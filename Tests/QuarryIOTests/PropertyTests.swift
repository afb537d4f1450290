import Foundation
import Quarry
import QuarryIO
import QuarryTestSupport
import Testing

/// Properties that hold for any text and rule set, checked on texts and rules drawn from a
/// seeded generator (the same every run; a failure prints its seed and the text). The pieces
/// are what breaks tokenizers and matchers: curly and straight quotes, abbreviations,
/// numbers, URLs, emoji with modifiers, combining marks, CJK, tabs, blank lines.
@Suite struct PropertyTests {
    /// SplitMix64: small, fast and reproducible across platforms.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [
        "Blinken", "said", "Seoul", "the", "U.S.", "U.N.", "Mr.", "Park", "Jin", "Korea’s", "don't", "3.5", "1,000",
        "$40", "9/30/01", "08:02", "“", "”", "\"", "‘", "’", "'", ".", ",", ";", "?", "!", "—", "...", "(", ")",
        "https://example.com/a?b=c", "press@state.gov", "👍🏽", "e\u{301}", "東京", "café", "Ωmega", "\t", "\n", "\n\n",
        "He", "underlined", "told", "reporters", "on", "Friday", "North", "Korea", "Antony", "SEOUL", "—", "-",
    ]

    static func text(_ random: inout Generator) -> String {
        let count = Int.random(in: 0...60, using: &random)
        var text = ""
        for _ in 0..<count {
            text += pieces.randomElement(using: &random)!
            text += ["", " ", " ", " ", "  ", "\n"].randomElement(using: &random)!
        }
        return text
    }

    static let pipeline: Pipeline = try! Pipeline([TokenizerStage(tokenizer: try .english()), SentenceStage(splitter: try .english())])

    /// `count` texts from `seed`, tokenized and split: (round, text, annotated document).
    static func annotatedTexts(seed: UInt64, count: Int, id: (Int) -> String = { "p\($0)" }) throws -> [(Int, String, AnnotatedDocument)] {
        var random = Generator(state: seed)
        let context = try pipeline.makeContext()
        return (0..<count).map { round in
            let text = Self.text(&random)
            return (round, text, pipeline.run(Document(id: id(round), text: text), in: context))
        }
    }

    /// Tokens cover the text in order without overlap: sorted, disjoint, non-empty, on
    /// scalar boundaries, and what lies between them is white space.
    @Test func tokensCoverTheTextInOrder() throws {
        for (round, text, annotated) in try Self.annotatedTexts(seed: 1, count: 300) {
            let tokens = try #require(annotated.tokens).records
            let bytes = Array(text.utf8)
            var previous = 0
            for token in tokens {
                let start = Int(token.start), end = Int(token.end)
                #expect(previous <= start && start < end && end <= bytes.count, "round \(round): \(text.debugDescription)")
                #expect(start == bytes.count || bytes[start] & 0xC0 != 0x80, "token starts inside a character, round \(round)")
                #expect(end == bytes.count || bytes[end] & 0xC0 != 0x80, "token ends inside a character, round \(round)")
                let gap = String(decoding: bytes[previous..<start], as: UTF8.self)
                #expect(gap.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, "text outside tokens: \(gap.debugDescription), round \(round)")
                previous = end
            }
            let tail = String(decoding: bytes[previous...], as: UTF8.self)
            #expect(tail.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, "text after the last token, round \(round)")
        }
    }

    /// Sentences partition the tokens: consecutive token ranges from 0 to the end, none
    /// empty, each sentence's text running from its first token to its last.
    @Test func sentencesPartitionTheTokens() throws {
        for (round, text, annotated) in try Self.annotatedTexts(seed: 2, count: 300) {
            let tokens = try #require(annotated.tokens).records
            let sentences = try #require(annotated.sentences).records
            var next = 0
            for sentence in sentences {
                #expect(sentence.tokenRange.lowerBound == next && !sentence.tokenRange.isEmpty, "round \(round): \(text.debugDescription)")
                if !sentence.tokenRange.isEmpty && sentence.tokenRange.upperBound <= tokens.count {
                    #expect(sentence.start == tokens[sentence.tokenRange.lowerBound].start)
                    #expect(sentence.end == tokens[sentence.tokenRange.upperBound - 1].end)
                }
                next = sentence.tokenRange.upperBound
            }
            #expect(next == tokens.count, "round \(round): the sentences end at token \(next) of \(tokens.count)")
        }
    }

    /// Offsets round-trip in every unit: the JSON a writer gives, in code points, UTF-16
    /// units or bytes, slices out of the text exactly the token text written beside it.
    @Test func offsetsRoundTripInEveryUnit() throws {
        for (round, text, annotated) in try Self.annotatedTexts(seed: 3, count: 100) {
            for unit in OffsetUnit.allCases {
                let sink = OutputSink()
                let writer = DocumentWriter(format: .jsonl, offsets: unit, sink: sink)
                writer.begin(); writer.write(annotated); writer.end()
                let object = try #require(try JSONSerialization.jsonObject(with: Data(sink.bytes)) as? [String: Any])
                let tokens = try #require(object["tokens"] as? [[String: Any]])
                #expect(tokens.count == annotated.tokens?.count)
                for token in tokens {
                    let start = try #require(token["start"] as? Int), end = try #require(token["end"] as? Int)
                    let written = try #require(token["text"] as? String)
                    let sliced: String
                    switch unit {
                    case .codepoints: sliced = String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end]))
                    case .utf16: sliced = String(decoding: Array(text.utf16)[start..<end], as: UTF16.self)
                    case .utf8: sliced = String(decoding: Array(text.utf8)[start..<end], as: UTF8.self)
                    }
                    #expect(sliced == written, "\(unit) round \(round): \(start)..<\(end)")
                }
            }
        }
    }

    /// Every output format parses back: JSON and JSON Lines as JSON, CSV and TSV as tables
    /// with one row per token (plus the header).
    @Test func everyFormatParsesBack() throws {
        for (round, _, annotated) in try Self.annotatedTexts(seed: 4, count: 60, id: { "p,\"\($0)\"" }) {
            let count = annotated.tokens?.count ?? 0
            for format in [OutputFormat.json, .jsonl, .csv, .tsv] {
                let sink = OutputSink()
                let writer = DocumentWriter(format: format, sink: sink, primary: .tokens)
                writer.begin(); writer.write(annotated); writer.end()
                switch format {
                case .json, .jsonl:
                    let object = try JSONSerialization.jsonObject(with: Data(sink.bytes)) as? [String: Any]
                    #expect((object?["tokens"] as? [Any])?.count == count, "\(format) round \(round)")
                case .csv:
                    let rows = RFC4180.parse(sink.string)
                    #expect(rows.count == count + 1 && rows.dropFirst().allSatisfy { $0.count == rows[0].count }, "csv round \(round)")
                default:
                    let lines = sink.string.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
                    let width = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).count
                    #expect(lines.count == count + 1 && lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == width },
                            "tsv round \(round)")
                }
            }
        }
    }

    /// For random rule sets and texts, the prefiltered matcher finds what the unfiltered one
    /// finds, and a rule that hits the match limit costs only its own spans.
    @Test func prefilteredEqualsUnfilteredAndAFailingRuleCostsOnlyItself() throws {
        var random = Generator(state: 5)
        let words = Self.pieces.filter { $0.count > 1 && $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "." || $0 == "’" } }
        let here = Diagnostic.Location(file: "p.quarry", line: 1, column: 1)
        for round in 0..<80 {
            var rules: [PatternRule] = []
            for k in 0..<Int.random(in: 1...6, using: &random) {
                let alternatives = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                    NSRegularExpression.escapedPattern(for: words.randomElement(using: &random)!)
                }
                let shape = ["\\b(?:@)\\b", "(?:@)", "(?:@)\\s+\\w+", "[A-Z]\\w* (?:@)", "(?:@)(?: \\d+)?"].randomElement(using: &random)!
                let pattern = shape.replacingOccurrences(of: "@", with: alternatives.joined(separator: "|"))
                rules.append(PatternRule(id: "r\(k)", label: "L\(k)", matcher: .regex(pattern, SourceMap()),
                                         caseless: Bool.random(using: &random), location: here))
            }
            let evil = PatternRule(id: "evil", label: "EVIL", matcher: .regex("(?:\\w+\\s?)+\\d{9}$", SourceMap()), location: here)
            let text = Self.text(&random) + String(repeating: "word ", count: 30) + "x"
            let document = AnnotatedDocument(document: Document(id: "p", text: text))
            func kept(_ rules: [PatternRule], _ plan: ScanPlan) throws -> ([String], Int) {
                let matcher = try PatternMatcher(PatternSet(name: "p", rules: rules, overlap: .all))
                let result = matcher.match(document, scratch: matcher.makeScratch(), plan: plan)
                let layer = result.layer
                let spans = layer.records.filter { layer.labels[Int($0.label)] != "EVIL" }
                    .map { "\(layer.labels[Int($0.label)]) \($0.start)-\($0.end)" }
                return (spans, result.diagnostics.count)
            }
            let (filtered, _) = try kept(rules, .everywhere)
            let (unfiltered, _) = try kept(rules, .unfiltered)
            #expect(filtered == unfiltered, "round \(round): \(rules.map(\.id)) on \(text.debugDescription)")
            let (withEvil, problems) = try kept(rules + [evil], .everywhere)
            #expect(withEvil == filtered && problems >= 1, "round \(round): the failing rule cost other rules' spans")
        }
    }
}
