import Foundation
import QuarryCore
import QuarryPatterns
import QuarryTestSupport
import Testing

/// The property that closes the loop on the prefilter: for random patterns from PCRE2's
/// grammar (``RegexGrammar``) and random subjects, every literal the prefilter relies on for
/// a rule is there in every match PCRE2 can find — a prefix rule's match starts with one of
/// its prefixes (not after an ASCII letter, digit or '_' when it is a word start) and holds
/// one of its gate's literals, a gated rule's match holds one of its factors — and Quarry's
/// matches (prefilter, windows, ASCII twins on) equal the plain find-all loop's. Seeded, so a
/// failure repeats; the `literals` fuzz target runs the same property on libFuzzer's choices.
@Suite("Prefilter literal property")
struct PrefilterPropertyTests {
    static let commonWords: Set<String> = (try? CommonWords.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en"))) ?? []

    /// Whether `literal` occurs in `bytes` at `offset` (ASCII case folded for a caseless one).
    static func occurs(_ literal: Literal, in bytes: [UInt8], at offset: Int) -> Bool {
        guard offset + literal.bytes.count <= bytes.count else { return false }
        for (k, want) in literal.bytes.enumerated() {
            let got = bytes[offset + k]
            if literal.caseless ? Literal(bytes: [got], caseless: true).bytes[0] != want : got != want { return false }
        }
        return true
    }

    static func contains(_ literals: [Literal], in bytes: [UInt8], _ range: Range<Int>) -> Bool {
        let slice = Array(bytes[range])
        return literals.contains { literal in (0...max(0, slice.count - literal.bytes.count)).contains { occurs(literal, in: slice, at: $0) } }
    }

    /// Why the literal property does not apply to a subject: characters for which the
    /// prefilter scans whole documents instead of trusting its literals (the Kelvin sign and
    /// the long s fold to k and s; `\d` also matches other scripts' digits).
    static func fallsBack(_ subject: String) -> Bool {
        subject.unicodeScalars.contains { $0 == "\u{212A}" || $0 == "\u{017F}" || (!$0.isASCII && $0.properties.numericType == .decimal) }
    }

    @Test("every literal the prefilter requires is in every match PCRE2 finds; matches equal PCRE2's")
    func literalsHold() {
        var choices = RegexGrammar.Seeded(seed: 20261207)
        var grammar = RegexGrammar()
        let location = Diagnostic.Location(file: "property", line: 1, column: 1)
        var compiled = 0, narrowed = 0, matchesChecked = 0, documents = 0, failures = 0
        for round in 0..<4000 {
            let pattern = grammar.pattern(&choices)
            let caseless = choices.next(3) == 0, ascii = choices.next(4) == 0
            var rule = PatternRule(id: "g\(round)", label: "X", matcher: .regex(pattern, SourceMap()), caseless: caseless, location: location)
            rule.ascii = ascii
            guard let matcher = try? PatternMatcher(PatternSet(name: "g", rules: [rule], overlap: .all), commonWords: Self.commonWords) else { continue }
            var error = ""
            guard let oracle = PCRE2FindAll(pattern: pattern, caseless: caseless, ascii: ascii, tokenScope: false, jit: true, error: &error) else {
                Issue.record("Quarry compiled /\(pattern)/ but PCRE2 does not: \(error)")
                continue
            }
            compiled += 1
            let strategy = matcher.strategies[0]
            if !strategy.literals.isEmpty { narrowed += 1 }
            let scratch = matcher.makeScratch()
            let defaults = matcher.set
            for _ in 0..<6 {
                let subject = RegexGrammar.subject(for: pattern, &choices)
                let bytes = Array(subject.utf8)
                documents += 1
                // End to end: Quarry's matches are the find-all loop's.
                let result = matcher.match(AnnotatedDocument(document: Document(id: "s", text: subject)), scratch: scratch)
                if case let .matches(reference) = oracle.findAll(bytes, tokens: nil, matchLimit: defaults.matchLimit, heapLimitKiB: defaults.heapLimitKiB),
                   result.diagnostics.isEmpty {
                    let found = result.layer.records.map { record -> Found in
                        let captures = result.layer.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)].compactMap { attribute -> String? in
                            guard case let .text(s, e) = attribute.value else { return nil }
                            return "\(result.layer.attributeNames[Int(attribute.name)])@\(s)-\(e)"
                        }
                        return Found(start: Int(record.start), end: Int(record.end), captures: captures)
                    }
                    if found != reference {
                        failures += 1
                        if failures <= 20 {
                            Issue.record("/\(pattern)/ caseless=\(caseless) ascii=\(ascii) (\(strategy.name)) on \(subject.debugDescription): Quarry \(found.prefix(4)), PCRE2 \(reference.prefix(4))")
                        }
                    }
                }
                // The literals: in every match from every start.
                guard !strategy.literals.isEmpty, !Self.fallsBack(subject), !pattern.contains("\\K"),
                      let every = oracle.matchesFromEveryStart(bytes, matchLimit: defaults.matchLimit, heapLimitKiB: defaults.heapLimitKiB) else { continue }
                for match in every {
                    matchesChecked += 1
                    var broken: String? = nil
                    switch strategy {
                    case let .prefixAnchored(prefixes, atWordStart, gate):
                        if !prefixes.contains(where: { Self.occurs($0, in: bytes, at: match.start) }) {
                            broken = "does not start with a prefix of \(prefixes.prefix(6))"
                        } else if atWordStart, match.start > 0, ASCII.isLetter(bytes[match.start - 1]) || ASCII.isDigit(bytes[match.start - 1]) || bytes[match.start - 1] == 0x5F {
                            broken = "starts after a word character, prefixes at word starts"
                        } else if let gate, !Self.contains(gate, in: bytes, match.start..<match.end) {
                            broken = "holds no gate literal of \(gate.prefix(6))"
                        }
                    case let .gated(factors):
                        if !Self.contains(factors, in: bytes, match.start..<match.end) { broken = "holds no factor of \(factors.prefix(6))" }
                    default:
                        break
                    }
                    if let broken {
                        failures += 1
                        if failures <= 20 {
                            Issue.record("/\(pattern)/ caseless=\(caseless) ascii=\(ascii): the match \(match.start)..<\(match.end) of \(subject.debugDescription) \(broken)")
                        }
                    }
                }
            }
        }
        print("prefilter property: \(compiled) patterns compiled, \(narrowed) with literals, \(documents) subjects, \(matchesChecked) matches checked against their literals, \(failures) failures")
        #expect(failures == 0)
        #expect(compiled > 1000 && narrowed > 300 && matchesChecked > 1000, "the grammar should give many patterns with literals and matches")
    }
}
