// Fuzz target `literals`: the prefilter's promise about literals, on patterns built from
// PCRE2's grammar. libFuzzer's bytes are the choices of RegexGrammar (the generator the
// seeded property test in `swift test` uses, Tests/QuarryConformanceTests): a pattern, its
// flags (caseless, ascii) and four subjects.
//
// For each pattern Quarry compiles, with the English common-word list as a pipeline would:
// - every match PCRE2 reports from any start (the reference, PCRE2Reference, shares no code
//   with Quarry) satisfies the rule's strategy: a prefix rule's match starts with one of its
//   prefixes (not after an ASCII letter, digit or '_' when they are word starts) and holds one
//   of its gate's literals; a gated rule's match holds one of its factors. Skipped on subjects
//   where the prefilter scans whole documents anyway (a Kelvin sign or long s, which fold to
//   k and s; a non-ASCII decimal digit, which \d matches) and for patterns with \K;
// - Quarry's matches (prefilter on) equal the reference's find-all loop: spans and captures.
// A rule that hits a PCRE2 limit in either is left out. A broken promise is a crash.

import Foundation
import FuzzSupport
import PCRE2Reference
import QuarryCore
import QuarryPatterns
import RegexGrammar

let commonWords = fuzzSetup("cannot load Rules/en/common-words.txt") {
    guard let rules = RulesLocator.defaultDirectory() else { fatalError("cannot find Quarry's Rules/ directory") }
    return try CommonWords.load(directory: rules.appendingPathComponent("en"))
}

let location = Diagnostic.Location(file: "fuzz", line: 1, column: 1)

func occurs(_ literal: Literal, _ bytes: [UInt8], at offset: Int) -> Bool {
    guard offset + literal.bytes.count <= bytes.count else { return false }
    for (k, want) in literal.bytes.enumerated() {
        var got = bytes[offset + k]
        if literal.caseless && got >= 0x41 && got <= 0x5A { got |= 0x20 }
        if got != want { return false }
    }
    return true
}

func holds(_ literals: [Literal], _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
    let slice = Array(bytes[range])
    return literals.contains { literal in slice.indices.contains { occurs(literal, slice, at: $0) } || literal.bytes.isEmpty }
}

func fallsBack(_ subject: String) -> Bool {
    subject.unicodeScalars.contains { $0 == "\u{212A}" || $0 == "\u{017F}" || (!$0.isASCII && $0.properties.numericType == .decimal) }
}

runFuzzer { raw in
    var choices = RegexGrammar.Bytes(Array(raw.bindMemory(to: UInt8.self)))
    var grammar = RegexGrammar()
    let pattern = grammar.pattern(&choices)
    let caseless = choices.next(3) == 0, ascii = choices.next(4) == 0
    var rule = PatternRule(id: "g", label: "X", matcher: .regex(pattern, SourceMap()), caseless: caseless, location: location)
    rule.ascii = ascii
    let set = PatternSet(name: "g", rules: [rule], overlap: .all)
    guard let matcher = try? PatternMatcher(set, commonWords: commonWords) else { return -1 }
    guard let reference = PCRE2Reference(pattern: pattern, caseless: caseless, ascii: ascii, matchLimit: set.matchLimit,
                                         heapLimitKiB: set.heapLimitKiB) else {
        fuzzFailure("Quarry compiled /\(pattern)/ (caseless \(caseless), ascii \(ascii)) but PCRE2 does not")
    }
    let strategy = matcher.strategies[0]
    let scratch = matcher.makeScratch()
    let shown = "/\(pattern)/ caseless=\(caseless) ascii=\(ascii) (\(strategy.name))"
    for _ in 0..<4 {
        let subject = RegexGrammar.subject(for: pattern, &choices)
        let bytes = Array(subject.utf8)
        let result = matcher.match(AnnotatedDocument(document: Document(id: "s", text: subject)), scratch: scratch)
        bytes.withUnsafeBufferPointer { text in
            if result.diagnostics.isEmpty, let expected = reference.findAll(text) {
                let layer = result.layer
                let found = layer.records.map { record -> Found in
                    let captures = layer.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)].compactMap { attribute -> String? in
                        guard case let .text(s, e) = attribute.value else { return nil }
                        return "\(layer.attributeNames[Int(attribute.name)])@\(s)-\(e)"
                    }
                    return Found(start: Int(record.start), end: Int(record.end), captures: captures.sorted())
                }
                fuzzCheck(found == expected, "\(shown) on \(subject.debugDescription): Quarry found \(found.prefix(6)), PCRE2 \(expected.prefix(6))")
            }
            guard !strategy.literals.isEmpty, !fallsBack(subject), !pattern.contains("\\K"), let every = reference.fromEveryStart(text) else { return }
            for match in every {
                switch strategy {
                case let .prefixAnchored(prefixes, atWordStart, gate):
                    fuzzCheck(prefixes.contains { occurs($0, bytes, at: match.start) },
                              "\(shown): the match \(match) of \(subject.debugDescription) starts with none of the prefixes \(prefixes.prefix(8))")
                    if atWordStart, match.start > 0 {
                        let before = bytes[match.start - 1]
                        let word = (before >= 0x30 && before <= 0x39) || (before | 0x20 >= 0x61 && before | 0x20 <= 0x7A) || before == 0x5F
                        fuzzCheck(!word, "\(shown): the match \(match) of \(subject.debugDescription) follows a word character; its prefixes are word starts")
                    }
                    if let gate {
                        fuzzCheck(holds(gate, bytes, match.start..<match.end), "\(shown): the match \(match) of \(subject.debugDescription) holds none of the gate \(gate.prefix(8))")
                    }
                case let .gated(factors):
                    fuzzCheck(holds(factors, bytes, match.start..<match.end), "\(shown): the match \(match) of \(subject.debugDescription) holds none of the factors \(factors.prefix(8))")
                default:
                    break
                }
            }
        }
    }
    return 0
}
