// Fuzz target `prefilter`: the matching core's literal analysis and prefilter (LiteralAnalysis,
// Prefilter, the word-start hash and Aho-Corasick scans, gated and windowed scans, anchored
// verification, LiteralProgram, ASCII twins) against plain searches.
//
// Input: up to 8 rules, one a line, then an empty line, then the document (without an empty
// line: the first line is the only rule and the rest is the document). A rule is a regex,
// with optional flags before a colon: `i` caseless, `a` ascii, `t` scope=tokens, `s`
// scope=sentence, `w` a word list whose entries the rest of the line gives, separated by `|`
// (`i:united\s+nations`, `ta:\d+`, `wi:North Korea|DPRK`). The document's bytes are repaired
// to UTF-8 if they need it; when a rule needs tokens or sentences, the English tokenizer and
// sentence splitter make them. Rules that do not compile are dropped.
//
// The rules are compiled into one PatternMatcher (overlap `all`, the English common-word list,
// as a pipeline would) and run with the prefilter (what `quarry run` does) and with
// ScanPlan.unfiltered (every rule over the whole document, the library's own reference); the
// regex rules without a scope also by a find-all over each rule compiled here from the system
// PCRE2 with the same options and limits, sharing no code with Quarry. Every rule must get
// the same matches (start, end) and named captures from each; a difference is a crash. A rule
// that hits a PCRE2 limit in any of them is left out of the comparison (its matches are
// dropped by design, and where a limit is hit depends on where a search starts).

import PCRE2Reference
import Foundation
import FuzzSupport
import QuarryCore
import QuarryPatterns
import QuarrySentences
import QuarryTokenizer

let commonWords = fuzzSetup("cannot load Rules/en/common-words.txt") {
    guard let rules = RulesLocator.defaultDirectory() else { fatalError("cannot find Quarry's Rules/ directory") }
    return try CommonWords.load(directory: rules.appendingPathComponent("en"))
}

let (tokenizer, splitter) = fuzzSetup("cannot load the English lists") { (try Tokenizer.english(), try SentenceSplitter.english()) }

struct RuleLine {
    var pattern: String
    var caseless = false
    var ascii = false
    var scope = PatternScope.anywhere
    /// A word list's entries (`w:`), or nil for a regex.
    var words: [String]? = nil

    var flags: String {
        (caseless ? "i" : "") + (ascii ? "a" : "") + (scope == .tokens ? "t" : scope == .sentence ? "s" : "") + (words != nil ? "w" : "")
    }
}

/// The rules and the document of an input.
func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (rules: [RuleLine], document: ArraySlice<UInt8>) {
    let all = ArraySlice(bytes)
    var lines: [ArraySlice<UInt8>] = []
    var rest = all
    while let newline = rest.firstIndex(of: 0x0A) {
        var line = rest[rest.startIndex..<newline]
        if line.last == 0x0D { line = line.dropLast() }
        rest = rest[(newline + 1)...]
        if line.isEmpty { return (lines.prefix(8).map(rule), rest) }
        lines.append(line)
    }
    // No empty line: the first line is the only rule.
    guard let newline = all.firstIndex(of: 0x0A) else { return ([rule(all)], []) }
    return ([rule(all[..<newline])], all[(newline + 1)...])
}

func rule(_ line: ArraySlice<UInt8>) -> RuleLine {
    var result = RuleLine(pattern: String(decoding: line, as: UTF8.self))
    // Flags: up to four of "iatsw" before a colon.
    if let colon = line.prefix(5).firstIndex(of: 0x3A), colon > line.startIndex,
       line[..<colon].allSatisfy({ "iatsw".utf8.contains($0) }) {
        let flags = line[..<colon]
        result.caseless = flags.contains(UInt8(ascii: "i"))
        result.ascii = flags.contains(UInt8(ascii: "a"))
        result.scope = flags.contains(UInt8(ascii: "t")) ? .tokens : flags.contains(UInt8(ascii: "s")) ? .sentence : .anywhere
        result.pattern = String(decoding: line[(colon + 1)...], as: UTF8.self)
        if flags.contains(UInt8(ascii: "w")) {
            result.words = result.pattern.split(separator: "|").map(String.init).filter { !$0.isEmpty }
        }
    }
    return result
}

// MARK: - The reference: a plain PCRE2 find-all per rule

/// Every match of `line` in `text` by the reference find-all (``PCRE2Reference``), or nil
/// when a limit was hit (or the pattern does not compile there).
func reference(_ line: RuleLine, _ text: UnsafeBufferPointer<UInt8>) -> [Found]? {
    let defaults = PatternSet(name: "defaults", rules: [])
    return PCRE2Reference(pattern: line.pattern, caseless: line.caseless, ascii: line.ascii, matchLimit: defaults.matchLimit,
                          heapLimitKiB: defaults.heapLimitKiB)?.findAll(text)
}

// MARK: - Quarry

/// Each rule's matches by rule position, from a PatternResult of a set with overlap `all`.
func byRule(_ result: PatternResult, rules: Int) -> [[Found]] {
    var found = [[Found]](repeating: [], count: rules)
    let layer = result.layer
    fuzzCheck(layer.records.count == result.matches.count, "overlap all kept \(layer.records.count) of \(result.matches.count) matches")
    for (k, match) in result.matches.enumerated() {
        let record = layer.records[k]
        fuzzCheck(Int(record.start) == match.start && Int(record.end) == match.end, "span \(k) is not match \(k)")
        var captures: [String] = []
        for attribute in layer.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)] {
            if case let .text(s, e) = attribute.value { captures.append("\(layer.attributeNames[Int(attribute.name)])@\(s)-\(e)") }
        }
        found[match.rule].append(Found(start: match.start, end: match.end, captures: captures.sorted()))
    }
    return found
}

/// The rules named by a limit diagnostic ("rule 'r3' (...) stopped at ...").
func limited(_ result: PatternResult, _ ids: [String]) -> Set<Int> {
    Set(ids.indices.filter { k in result.diagnostics.contains { $0.message.contains("rule '\(ids[k])'") } })
}

let location = Diagnostic.Location(file: "fuzz", line: 1, column: 1)

runFuzzer { raw in
    let bytes = raw.bindMemory(to: UInt8.self)
    var (lines, documentBytes) = split(bytes)
    lines = lines.filter { $0.words.map { !$0.isEmpty } ?? !$0.pattern.isEmpty }
    guard !lines.isEmpty, let document = try? Document(id: "fuzz", bytes: documentBytes, invalidUTF8: .repair) else { return -1 }

    func rules(_ lines: [RuleLine]) -> [PatternRule] {
        lines.enumerated().map { k, line in
            let matcher: PatternRule.Matcher = line.words.map { .wordList(WordList(name: "w\(k)", entries: $0, caseInsensitive: line.caseless)) }
                ?? .regex(line.pattern, SourceMap())
            var rule = PatternRule(id: "r\(k)", label: "L\(k % 3)", matcher: matcher, scope: line.scope, caseless: line.caseless, location: location)
            rule.ascii = line.ascii
            return rule
        }
    }
    // Compile; drop the rules that do not compile (or can match the empty string), once.
    let matcher: PatternMatcher
    do throws(PatternCompileErrors) {
        matcher = try PatternMatcher(PatternSet(name: "fuzz", rules: rules(lines), overlap: .all), commonWords: commonWords)
    } catch {
        let failed = Set(error.errors.map(\.rule))
        lines = lines.enumerated().filter { !failed.contains($0.offset) }.map(\.element)
        guard !lines.isEmpty, let retried = try? PatternMatcher(PatternSet(name: "fuzz", rules: rules(lines), overlap: .all), commonWords: commonWords) else {
            return -1
        }
        matcher = retried
    }
    let ids = lines.indices.map { "r\($0)" }
    var annotated = AnnotatedDocument(document: document)
    if matcher.needsTokens || matcher.needsSentences {
        let tokens = tokenizer.tokenize(document)
        annotated.tokens = tokens
        annotated.sentences = splitter.sentences(document, tokens: tokens)
    }
    let scratch = matcher.makeScratch()
    let filtered = matcher.match(annotated, scratch: scratch, plan: .everywhere)
    let unfiltered = matcher.match(annotated, scratch: scratch, plan: .unfiltered)
    annotated.document.withUTF8 { LayerChecks.check(filtered.layer, $0) }
    let skip = limited(filtered, ids).union(limited(unfiltered, ids))
    let fast = byRule(filtered, rules: lines.count), slow = byRule(unfiltered, rules: lines.count)
    document.withUTF8 { text in
        for (k, line) in lines.enumerated() where !skip.contains(k) {
            let rule = "rule \(k) \(line.flags):/\(line.pattern)/ (\(matcher.strategies[k]))"
            fuzzCheck(fast[k] == slow[k], "\(rule): the prefilter found \(fast[k].prefix(6)), ScanPlan.unfiltered \(slow[k].prefix(6))")
            guard line.words == nil, line.scope == .anywhere, let expected = reference(line, text) else { continue }
            fuzzCheck(slow[k] == expected, "\(rule): ScanPlan.unfiltered found \(slow[k].prefix(6)), plain PCRE2 \(expected.prefix(6))")
        }
    }
    return 0
}
