import Foundation
import Quarry
import QuarryCore
import QuarryPatterns
import QuarryRules
import QuarryTestSupport
import QuarryTokenizer
import Testing

/// PCRE2's own test suite (testinput1, 2, 4 and 5 in ../shared/data/pcre2) as Quarry's
/// conformance suite for regex rules.
///
/// Every pattern a rule can express becomes rules in a rule file: with and without
/// `caseless`, with and without `scope=tokens`, and with `ascii` where Unicode properties
/// change the pattern's classes. The file is loaded as `quarry check` loads it; each rule
/// it accepts is built as `quarry run` builds it (literal analysis, prefilter, anchored forms,
/// windows, ASCII twins); every subject line of the pattern is a document. Checked:
/// - what Quarry refuses it refuses when the file is loaded, at the rule's file:line:col with
///   the line and a caret, and only when PCRE2 itself refuses the pattern under the rule's
///   options or the rule could match the empty string or uses a callout; what it accepts
///   builds (check and run agree);
/// - on every subject Quarry's matches equal ``PCRE2FindAll``'s: the same spans in the same
///   order, with the same named captures;
/// - nothing crashes (the test would) and nothing hangs (PCRE2's limits hold every search).
/// The counts are printed as a report (docs/reliability.md quotes them).
@Suite("PCRE2 conformance", .serialized)
struct PCRE2ConformanceTests {
    static let files = ["testinput1", "testinput2", "testinput4", "testinput5"]

    struct Variant {
        var suffix: String
        var caseless: Bool
        var tokens: Bool
        var ascii: Bool
        var options: String {
            [caseless ? "caseless" : nil, tokens ? "scope=tokens" : nil, ascii ? "ascii" : nil].compactMap { $0 }.joined(separator: " ")
        }
    }

    static let baseVariants = [
        Variant(suffix: "p", caseless: false, tokens: false, ascii: false),
        Variant(suffix: "i", caseless: true, tokens: false, ascii: false),
        Variant(suffix: "t", caseless: false, tokens: true, ascii: false),
        Variant(suffix: "it", caseless: true, tokens: true, ascii: false),
    ]
    static let asciiVariants = [
        Variant(suffix: "a", caseless: false, tokens: false, ascii: true),
        Variant(suffix: "ia", caseless: true, tokens: false, ascii: true),
    ]

    /// Whether Unicode properties change what the pattern matches: it uses a class escape,
    /// a word boundary or a POSIX class.
    static func asciiApplies(_ regex: String) -> Bool {
        ["\\w", "\\W", "\\d", "\\D", "\\s", "\\S", "\\b", "\\B", "[:", "\\h", "\\v"].contains { regex.contains($0) }
    }

    /// One generated rule.
    struct GeneratedRule {
        var id: String
        var line: Int
        var regex: String
        var variant: Variant
        var pattern: Int
    }

    /// The counts of one run, for the report.
    struct Report {
        var patterns = 0
        var subjects = 0
        var skippedPatterns: [String: Int] = [:]
        var rules = 0
        var refused: [String: Int] = [:]
        var accepted = 0
        var comparisons = 0
        var equal = 0
        var different = 0
        var limits = 0
        var subjectsNotUTF8 = 0
        var engineDisagreements = 0
        var engineExamples: [String] = []

        mutating func add(_ other: Report) {
            patterns += other.patterns
            subjects += other.subjects
            skippedPatterns.merge(other.skippedPatterns, uniquingKeysWith: +)
            rules += other.rules
            refused.merge(other.refused, uniquingKeysWith: +)
            accepted += other.accepted
            comparisons += other.comparisons
            equal += other.equal
            different += other.different
            limits += other.limits
            subjectsNotUTF8 += other.subjectsNotUTF8
            engineDisagreements += other.engineDisagreements
            engineExamples += other.engineExamples
        }

        var text: String {
            func list(_ counts: [String: Int]) -> String {
                counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "    \($0.value)  \($0.key)" }.joined(separator: "\n")
            }
            return """
              patterns read: \(patterns) (subject lines: \(subjects))
              patterns a rule cannot express: \(skippedPatterns.values.reduce(0, +))
            \(list(skippedPatterns))
              rules generated: \(rules)
              refused at check: \(refused.values.reduce(0, +))
            \(list(refused))
              rules built and run: \(accepted)
              subject runs compared: \(comparisons) (equal \(equal), different \(different), a PCRE2 limit hit: \(limits))
              subjects not UTF-8 (not a document): \(subjectsNotUTF8)
              runs where PCRE2's JIT and interpreter disagree (Quarry follows the JIT): \(engineDisagreements)
            \(engineExamples.map { "    " + $0 }.joined(separator: "\n"))
            """
        }
    }

    static let tokenizer = try! Tokenizer.english()
    static let commonWords: Set<String> = (try? CommonWords.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en"))) ?? []

    @Test("every pattern of PCRE2's test files: refused at check or matching exactly as PCRE2", arguments: files)
    func conformance(_ name: String) throws {
        guard let url = Fixtures.sharedData("pcre2/\(name)") else {
            print("skipped: ../shared/data/pcre2/\(name) is absent (PCRE2's test files: see ../shared/README.md)")
            return
        }
        let file = PCRE2TestFile(name: name, bytes: Array(try Data(contentsOf: url)))
        #expect(file.problems.isEmpty, "the reader could not interpret \(file.problems.prefix(5).map { "line \($0.line): \($0.message)" })")
        let report = try Self.run(file)
        print("PCRE2 conformance, \(name):\n\(report.text)")
        #expect(report.different == 0)
        #expect(report.comparisons > 0)
    }

    static func run(_ file: PCRE2TestFile) throws -> Report {
        var report = Report()
        report.patterns = file.patterns.count
        // The rule file: one line per rule.
        var rules: [GeneratedRule] = []
        var source = "# Generated from PCRE2's \(file.name) (public domain) by Quarry's conformance test.\n"
        var lineNumber = 1
        for (k, pattern) in file.patterns.enumerated() {
            report.subjects += pattern.subjects.count
            switch PCRE2RuleConversion.convert(pattern) {
            case let .skip(reason):
                report.skippedPatterns[reason, default: 0] += 1
            case let .rule(regex):
                let variants = baseVariants + (asciiApplies(regex) ? asciiVariants : [])
                for variant in variants {
                    let id = "l\(pattern.line)\(variant.suffix)"
                    lineNumber += 1
                    source += "rule \(id) X /\(regex)/ \(variant.options)\n"
                    rules.append(GeneratedRule(id: id, line: lineNumber, regex: regex, variant: variant, pattern: k))
                }
            }
        }
        report.rules = rules.count
        let ruleFile = "\(file.name).quarry"

        // Load as `quarry check` does; the lines it refuses are left out of a second load.
        var refusedLines: [Int: [Diagnostic]] = [:]
        var book: RuleBook
        do {
            book = try RuleBook.load(source: source, name: ruleFile, registry: .standard)
        } catch {
            for diagnostic in error.errors {
                guard let location = diagnostic.location, location.file == ruleFile else {
                    Issue.record("a diagnostic without a location in the rule file: \(diagnostic)")
                    continue
                }
                refusedLines[location.line, default: []].append(diagnostic)
            }
            let kept = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { refusedLines[$0.offset + 1] == nil ? String($0.element) : "" }.joined(separator: "\n")
            book = try RuleBook.load(source: kept, name: ruleFile, registry: .standard)
        }
        try export(file, source: source, refused: Set(refusedLines.keys))
        var byID: [String: PatternRule] = [:]
        for rule in book.rules { byID[rule.id] = rule }

        // Refusals: at the rule's line, with the line and a caret, and for a reason PCRE2 shares.
        var accepted: [[(GeneratedRule, PatternRule)]] = Array(repeating: [], count: file.patterns.count)
        for rule in rules {
            var error = ""
            let oracle = PCRE2FindAll(pattern: rule.regex, caseless: rule.variant.caseless,
                                      ascii: rule.variant.ascii, tokenScope: rule.variant.tokens, jit: false, error: &error)
            if let diagnostics = refusedLines[rule.line] {
                let diagnostic = diagnostics[0]
                let shown = diagnostic.description
                #expect(shown.contains("\(ruleFile):\(rule.line):") && shown.contains("^"),
                        "\(file.name) pattern line \(rule.id): the refusal is not at file:line:col with a caret: \(shown)")
                let reason: String
                if oracle == nil {
                    reason = "PCRE2 refuses it under a rule's options"
                } else if diagnostic.message.contains("callout") {
                    reason = "a callout (Quarry's scopes use them)"
                } else if diagnostic.message.contains("empty string") || diagnostic.message.contains("empty pattern") {
                    reason = "can match the empty string"
                    #expect(oracle!.minimumLength == 0, "\(rule.id): refused as matching the empty string, PCRE2's minimum length is \(oracle!.minimumLength)")
                } else {
                    reason = "other"
                    Issue.record("\(file.name) \(rule.id) /\(rule.regex)/: Quarry refuses a pattern PCRE2 compiles: \(shown)")
                }
                report.refused[reason, default: 0] += 1
                continue
            }
            guard let quarryRule = byID[rule.id] else {
                Issue.record("\(rule.id): neither loaded nor refused")
                continue
            }
            if oracle == nil {
                Issue.record("\(file.name) \(rule.id) /\(rule.regex)/: accepted at check, but PCRE2 refuses it: \(error)")
                continue
            }
            if case let .regex(expanded, _) = quarryRule.matcher, expanded != rule.regex {
                Issue.record("\(rule.id): the rule file gave the pattern \(expanded.debugDescription), not \(rule.regex.debugDescription)")
                continue
            }
            accepted[rule.pattern].append((rule, quarryRule))
        }

        // Build and run each pattern's rules; compare with the reference on every subject.
        for (k, pattern) in file.patterns.enumerated() where !accepted[k].isEmpty {
            let set = PatternSet(name: "p\(pattern.line)", rules: accepted[k].map(\.1), overlap: .all)
            let matcher: PatternMatcher
            do {
                matcher = try PatternMatcher(set, commonWords: commonWords)
            } catch {
                Issue.record("\(file.name) line \(pattern.line): check accepted these rules, but building them failed: \(error)")
                continue
            }
            report.accepted += accepted[k].count
            let scratch = matcher.makeScratch()
            let oracles = accepted[k].map { rule, _ in
                var error = ""
                return (jit: PCRE2FindAll(pattern: rule.regex, caseless: rule.variant.caseless,
                                          ascii: rule.variant.ascii, tokenScope: rule.variant.tokens, jit: true, error: &error)!,
                        interpreter: PCRE2FindAll(pattern: rule.regex, caseless: rule.variant.caseless,
                                                  ascii: rule.variant.ascii, tokenScope: rule.variant.tokens, jit: false, error: &error)!)
            }
            for subject in pattern.subjects {
                guard let bytes = PCRE2RuleConversion.documentBytes(subject, utf: pattern.utf),
                      let document = try? Document(id: "s\(subject.line)", bytes: bytes) else {
                    report.subjectsNotUTF8 += 1
                    continue
                }
                var annotated = AnnotatedDocument(document: document)
                let tokens = tokenizer.tokenize(document)
                if matcher.needsTokens { annotated.tokens = tokens }
                let result = matcher.match(annotated, scratch: scratch)
                let limited = Set(result.diagnostics.compactMap { diagnostic in
                    accepted[k].firstIndex { diagnostic.message.contains("rule '\($0.0.id)'") }
                })
                let found = byRule(result, count: accepted[k].count)
                let bounds = PCRE2FindAll.Bounds(starts: Set(tokens.records.map { Int($0.start) }), ends: Set(tokens.records.map { Int($0.end) }))
                for (r, (rule, _)) in accepted[k].enumerated() {
                    let expected = oracles[r].jit.findAll(bytes, tokens: rule.variant.tokens ? bounds : nil,
                                                          matchLimit: set.matchLimit, heapLimitKiB: set.heapLimitKiB)
                    guard case let .matches(reference) = expected, !limited.contains(r) else {
                        report.limits += 1
                        continue
                    }
                    // PCRE2's interpreter on the same pattern: where it disagrees with the JIT,
                    // that is PCRE2's business (counted, and listed in the report).
                    let interpreted = oracles[r].interpreter.findAll(bytes, tokens: rule.variant.tokens ? bounds : nil,
                                                                     matchLimit: set.matchLimit, heapLimitKiB: set.heapLimitKiB)
                    if case let .matches(other) = interpreted, other != reference {
                        report.engineDisagreements += 1
                        if report.engineExamples.count < 12 {
                            report.engineExamples.append("line \(pattern.line) /\(rule.regex)/ \(rule.variant.options) on subject line \(subject.line): JIT \(reference.prefix(3)), interpreter \(other.prefix(3))")
                        }
                    }
                    report.comparisons += 1
                    if found[r] == reference {
                        report.equal += 1
                    } else {
                        report.different += 1
                        guard report.different <= 40 else { continue }
                        let shown = String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription
                        Issue.record("""
                            \(file.name):\(pattern.line) rule \(rule.id) /\(rule.regex)/ \(rule.variant.options) (\(matcher.strategies[r].name)) \
                            on subject line \(subject.line) \(shown): Quarry found \(found[r].prefix(5)), PCRE2 \(reference.prefix(5))
                            """)
                    }
                }
            }
        }
        return report
    }

    /// With QUARRY_PCRE2_OUT=DIR, writes what the suite runs for the command line to run too
    /// (scripts/pcre2_cli.py): DIR/NAME.quarry (every generated rule), DIR/NAME-accepted.quarry
    /// (the refused lines blanked) and DIR/NAME.jsonl (every subject that is UTF-8, one document
    /// a line, with its pattern's line as "pattern").
    static func export(_ file: PCRE2TestFile, source: String, refused: Set<Int>) throws {
        guard let path = ProcessInfo.processInfo.environment["QUARRY_PCRE2_OUT"], !path.isEmpty else { return }
        let folder = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try source.write(to: folder.appendingPathComponent("\(file.name).quarry"), atomically: true, encoding: .utf8)
        let accepted = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { refused.contains($0.offset + 1) ? "" : String($0.element) }.joined(separator: "\n")
        try accepted.write(to: folder.appendingPathComponent("\(file.name)-accepted.quarry"), atomically: true, encoding: .utf8)
        struct Line: Encodable { var id: String; var pattern: Int; var text: String }
        let encoder = JSONEncoder()
        var lines = Data()
        for pattern in file.patterns {
            for subject in pattern.subjects {
                guard let bytes = PCRE2RuleConversion.documentBytes(subject, utf: pattern.utf) else { continue }
                lines.append(try encoder.encode(Line(id: "\(file.name):\(subject.line)", pattern: pattern.line, text: String(decoding: bytes, as: UTF8.self))))
                lines.append(0x0A)
            }
        }
        try lines.write(to: folder.appendingPathComponent("\(file.name).jsonl"))
    }

    /// Each rule's matches, in order, from a result of a set with overlap `all`.
    static func byRule(_ result: PatternResult, count: Int) -> [[Found]] {
        var found = [[Found]](repeating: [], count: count)
        let layer = result.layer
        for record in layer.records {
            var captures: [String] = []
            for attribute in layer.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)] {
                if case let .text(s, e) = attribute.value { captures.append("\(layer.attributeNames[Int(attribute.name)])@\(s)-\(e)") }
            }
            found[Int(record.rule)].append(Found(start: Int(record.start), end: Int(record.end), captures: captures))
        }
        return found
    }
}
