// naive-pcre2: the NAIVE many-rules baseline. Every rule is its own JIT-compiled PCRE2 regex,
// and every rule runs a find-all over every document: no literal prefilter, no shared
// automaton. scripts/compare_matchers.py measures Quarry's matching core against it and checks
// that both find exactly the same raw matches. Usable by hand too:
//
//     swift build -c release --package-path Benchmarks --product naive-pcre2
//     Benchmarks/.build/release/naive-pcre2 rules.jsonl --repeat 3 --matches /tmp/naive.tsv
//
// Input:
//   RULES   JSON Lines, one rule a line: {"id": "r1", "pattern": "\\bcat\\b", "caseless": false}
//           (patterns already expanded: macros and lists substituted; this is what
//           `quarry bench RULES.quarry --dump-rules FILE` writes). A record without a string
//           "pattern" (a word-list rule), or with a "scope" other than "anywhere", cannot be
//           run by a plain find-all: it is skipped and listed under "skipped".
//   corpus  JSONL with a "text" field per line (default: $QUARRY_CORPUS, else
//           ../shared/data/corpus/wikinews.jsonl from the project root).
//
// Matching, the same way as Quarry's core: PCRE2_UTF | PCRE2_UCP (| PCRE2_CASELESS when the
// rule is caseless), JIT-compiled; each document's UTF-8 is validated once at load and every
// pcre2_match call passes PCRE2_NO_UTF_CHECK. A find-all continues at the end of the previous
// match (one code point further after an empty match), so a rule's matches are leftmost-first
// and do not overlap each other. Match limit 1,000,000 (also the depth limit), heap limit
// 20,000 KiB and a 32 KiB..4 MiB JIT stack, as Quarry's defaults; a search that hits a limit
// drops that rule's matches in that document (counted in "limit_errors").
//
// Output: one JSON object on stdout, like `quarry bench --format json`: rules, documents,
// bytes, matches, seconds (median of --repeat timed passes after --warmup untimed ones; compile
// time excluded), seconds_all, mb_per_s (10^6 bytes), docs_per_s, compile_seconds.
// `--matches FILE` writes every match as TSV `DOC_INDEX<TAB>RULE_ID<TAB>START_BYTE<TAB>END_BYTE`
// (0-based document index in corpus order, UTF-8 byte offsets), from one extra untimed pass.

import BenchmarkCorpus
import CPCRE2Naive
import Foundation

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("naive-pcre2: \(message)\n".utf8))
    exit(code)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("naive-pcre2: \(message)\n".utf8))
}

let usage = """
    usage: naive-pcre2 RULES.jsonl [--corpus PATH] [--repeat N] [--warmup N] [--matches FILE]
                       [--documents N] [--match-limit N] [--heap-limit KIB]
      RULES.jsonl    one rule a line: {"id": ..., "pattern": ..., "caseless": true|false[, "ascii": true]}
      --corpus P     JSONL with a "text" field per line (default: $QUARRY_CORPUS, else
                     ../shared/data/corpus/wikinews.jsonl from the project root)
      --repeat N     timed passes (default 3); seconds = median
      --warmup N     untimed passes first (default 1)
      --matches F    write every match as TSV DOC_INDEX, RULE_ID, START_BYTE, END_BYTE (untimed pass)
      --documents N  only the first N documents (default: all)
      --match-limit N  PCRE2 match and depth limit per search (default 1000000)
      --heap-limit K   PCRE2 heap limit per search in KiB (default 20000)
    """

// MARK: arguments

struct Options {
    var rulesPath = ""
    var corpusPath: String? = nil
    var repeats = 3
    var warmups = 1
    var matchesPath: String? = nil
    var documentLimit: Int? = nil
    var matchLimit: UInt32 = 1_000_000
    var heapLimitKiB: UInt32 = 20_000
}

func parseOptions(_ arguments: [String]) -> Options {
    var arguments = arguments
    if arguments.isEmpty || arguments.contains("-h") || arguments.contains("--help") {
        print(usage)
        exit(arguments.isEmpty ? 2 : 0)
    }
    var options = Options()
    var positional: [String] = []
    while !arguments.isEmpty {
        let flag = arguments.removeFirst()
        guard flag.hasPrefix("--") else { positional.append(flag); continue }
        guard let value = arguments.first else { fail("\(flag) needs a value") }
        arguments.removeFirst()
        func positive(_ allowZero: Bool = false) -> Int {
            guard let n = Int(value), allowZero ? n >= 0 : n >= 1 else {
                fail("\(flag) takes a \(allowZero ? "non-negative" : "positive") integer")
            }
            return n
        }
        switch flag {
        case "--corpus": options.corpusPath = value
        case "--repeat": options.repeats = positive()
        case "--warmup": options.warmups = positive(true)
        case "--matches": options.matchesPath = value
        case "--documents": options.documentLimit = positive()
        case "--match-limit": options.matchLimit = UInt32(clamping: positive())
        case "--heap-limit": options.heapLimitKiB = UInt32(clamping: positive())
        default: fail("unknown option '\(flag)'\n\(usage)")
        }
    }
    guard positional.count == 1 else { fail("expected one rules file (JSON Lines)\n\(usage)") }
    options.rulesPath = positional[0]
    return options
}

// MARK: rules

/// One compiled rule: its id and the JIT-compiled PCRE2 code (freed at exit).
struct CompiledRule {
    let id: String
    let code: OpaquePointer
    let jit: Bool
    let captureCount: Int
}

struct SkippedRule {
    let id: String
    let reason: String
}

func pcre2Message(_ code: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
    return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "PCRE2 error \(code)"
}

func pcre2Version() -> String {
    var buffer = [UInt8](repeating: 0, count: 64)
    let length = buffer.withUnsafeMutableBytes { pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), $0.baseAddress) }
    guard length > 1 else { return "?" }
    return String(decoding: buffer[0..<Int(length - 1)], as: UTF8.self)  // length counts the NUL
}

/// Reads the JSON Lines rules and compiles each one on its own.
func loadRules(_ path: String) -> (rules: [CompiledRule], skipped: [SkippedRule], total: Int) {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)", code: 3) }
    var rules: [CompiledRule] = []
    var skipped: [SkippedRule] = []
    var total = 0
    var seen = Set<String>()
    for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        guard let record = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
            fail("\(path):\(number + 1): not a JSON object")
        }
        total += 1
        let id: String
        switch record["id"] {
        case let value as String: id = value
        case let value as NSNumber: id = value.stringValue
        default: fail("\(path):\(number + 1): missing \"id\"")
        }
        if !seen.insert(id).inserted { fail("\(path):\(number + 1): duplicate rule id '\(id)'") }
        guard let pattern = record["pattern"] as? String else {
            skipped.append(SkippedRule(id: id, reason: "no regex pattern (a word-list rule?)"))
            continue
        }
        if let scope = record["scope"] as? String, scope != "anywhere" {
            skipped.append(SkippedRule(id: id, reason: "scope=\(scope) needs tokens/sentences"))
            continue
        }
        let caseless = (record["caseless"] as? Bool) ?? false
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_NEVER_BACKSLASH_C)
        // An `ascii` rule (Quarry's option) has ASCII \w \d \s \b: no Unicode properties.
        if (record["ascii"] as? Bool) != true { options |= UInt32(PCRE2_UCP) }
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var bytes = Array(pattern.utf8)
        let code = bytes.withUnsafeMutableBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, options, &errorCode, &errorOffset, nil)
        }
        guard let code else {
            skipped.append(SkippedRule(id: id, reason: "PCRE2 compile error at \(errorOffset): \(pcre2Message(errorCode))"))
            continue
        }
        let jit = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0
        var captures: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        rules.append(CompiledRule(id: id, code: code, jit: jit, captureCount: Int(captures)))
    }
    return (rules, skipped, total)
}

// MARK: matching

/// Match data, match context (limits) and JIT stack for one thread.
final class Scratch {
    let matchData: OpaquePointer
    let context: OpaquePointer
    let jitStack: OpaquePointer?

    init(pairs: Int, matchLimit: UInt32, heapLimitKiB: UInt32) {
        matchData = pcre2_match_data_create_8(UInt32(pairs), nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, matchLimit)
        pcre2_set_heap_limit_8(context, heapLimitKiB)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 4 * 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}

/// A limit (or other matching error) hit by one rule in one document.
struct LimitError {
    let document: Int
    let rule: Int
    let code: Int32
    let offset: Int
}

/// One rule's find-all over one document. Returns the number of matches, or nil when PCRE2
/// stopped with an error (then nothing is appended to `spans`).
@inline(__always)
func findAll(_ code: OpaquePointer, _ bytes: UnsafeBufferPointer<UInt8>, _ scratch: Scratch,
             record: Bool, spans: inout [(start: Int, end: Int)]) -> (count: Int, error: (Int32, Int)?) {
    // Every document buffer ends with one extra NUL byte (see main), so even an empty document
    // has a subject pointer; the NUL is not part of the subject.
    let subject = bytes.baseAddress!
    let n = bytes.count - 1
    let first = spans.count
    var count = 0
    var offset = 0
    let options = UInt32(PCRE2_NO_UTF_CHECK)
    let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
    while offset <= n {
        let rc = pcre2_match_8(code, subject, n, offset, options, scratch.matchData, scratch.context)
        if rc == PCRE2_ERROR_NOMATCH { break }
        if rc < 0 {
            if record { spans.removeSubrange(first...) }
            return (0, (rc, offset))
        }
        let start = ovector[0], end = ovector[1]
        count += 1
        if record { spans.append((start, end)) }
        if end > start {
            offset = end
        } else {
            // An empty match: go on one code point further.
            offset = end + 1
            while offset < n && subject[offset] & 0xC0 == 0x80 { offset += 1 }
        }
    }
    return (count, nil)
}

/// One pass: every document, every rule. With `sink`, every match is handed to it
/// (document index, rule index, start, end) in document, rule, position order.
func runPass(_ documents: [[UInt8]], _ rules: [CompiledRule], _ scratch: Scratch,
             errors: inout [LimitError], sink: ((Int, Int, Int, Int) -> Void)? = nil) -> Int {
    var total = 0
    var spans: [(start: Int, end: Int)] = []
    let record = sink != nil
    for (d, document) in documents.enumerated() {
        document.withUnsafeBufferPointer { bytes in
            for (r, rule) in rules.enumerated() {
                spans.removeAll(keepingCapacity: true)
                let (count, error) = findAll(rule.code, bytes, scratch, record: record, spans: &spans)
                if let error {
                    errors.append(LimitError(document: d, rule: r, code: error.0, offset: error.1))
                    continue
                }
                total += count
                if let sink { for span in spans { sink(d, r, span.start, span.end) } }
            }
        }
    }
    return total
}

// MARK: main

func main() {
    let options = parseOptions(Array(CommandLine.arguments.dropFirst()))

    let url: URL
    if let path = options.corpusPath {
        url = URL(fileURLWithPath: path)
        guard FileManager.default.isReadableFile(atPath: path) else { fail("corpus not found at \(path)", code: 3) }
    } else if let found = BenchmarkCorpus.wikinewsURL() {
        url = found
    } else {
        fail("corpus not found at \(BenchmarkCorpus.wikinewsExpectedPath) (pass --corpus or set \(BenchmarkCorpus.environmentVariable))", code: 3)
    }

    // Corpus: each text becomes its UTF-8 bytes, validated once here (never again while matching).
    var texts: [String]
    do { texts = try BenchmarkCorpus.loadTexts(jsonl: url) } catch { fail("cannot read \(url.path): \(error)", code: 3) }
    if let limit = options.documentLimit, limit < texts.count { texts.removeSubrange(limit...) }
    let (chars, byteCount) = BenchmarkCorpus.size(of: texts)
    var documents: [[UInt8]] = []
    documents.reserveCapacity(texts.count)
    for (index, text) in texts.enumerated() {
        var bytes = Array(text.utf8)
        if String(validating: bytes, as: UTF8.self) == nil { fail("document \(index) is not valid UTF-8", code: 3) }
        bytes.append(0)  // a sentinel outside the subject (never passed to PCRE2 as text)
        documents.append(bytes)
    }
    texts = []

    // Rules: compile + JIT, timed separately.
    let compileStart = ContinuousClock.now
    let (rules, skipped, totalRules) = loadRules(options.rulesPath)
    let compileSeconds = (ContinuousClock.now - compileStart) / .seconds(1)
    if rules.isEmpty { fail("no rule could be compiled (\(skipped.count) skipped)") }
    for rule in skipped { note("skipped rule '\(rule.id)': \(rule.reason)") }
    let jitRules = rules.filter(\.jit).count
    if jitRules < rules.count { note("\(rules.count - jitRules) rule(s) run without the JIT (pcre2_jit_compile failed)") }

    let scratch = Scratch(pairs: (rules.map(\.captureCount).max() ?? 0) + 1,
                          matchLimit: options.matchLimit, heapLimitKiB: options.heapLimitKiB)

    // Timed passes (matches are counted, not stored).
    var errors: [LimitError] = []
    var matches = 0
    for _ in 0..<options.warmups {
        errors.removeAll()
        matches = runPass(documents, rules, scratch, errors: &errors)
    }
    var samples: [Double] = []
    for _ in 0..<options.repeats {
        errors.removeAll()
        let start = ContinuousClock.now
        let count = runPass(documents, rules, scratch, errors: &errors)
        samples.append((ContinuousClock.now - start) / .seconds(1))
        if (samples.count > 1 || options.warmups > 0) && count != matches {
            note("match count changed between passes: \(matches) vs \(count)")
        }
        matches = count
    }
    let sorted = samples.sorted()
    let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2

    // The matches file, from one more (untimed) pass.
    if let path = options.matchesPath {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            fail("cannot write \(path)", code: 3)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        let ids = rules.map { Array($0.id.utf8) }
        var recordErrors: [LimitError] = []
        var written = 0
        _ = runPass(documents, rules, scratch, errors: &recordErrors) { d, r, start, end in
            buffer.append(contentsOf: String(d).utf8)
            buffer.append(0x09)
            buffer.append(contentsOf: ids[r])
            buffer.append(0x09)
            buffer.append(contentsOf: String(start).utf8)
            buffer.append(0x09)
            buffer.append(contentsOf: String(end).utf8)
            buffer.append(0x0A)
            written += 1
            if buffer.count >= 1 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
        try? handle.close()
        if written != matches { note("the matches pass found \(written) matches, the timed passes \(matches)") }
    }

    for error in errors.prefix(10) {
        note("document \(error.document): rule '\(rules[error.rule].id)' stopped at \(pcre2Message(error.code)) searching from byte \(error.offset); its matches there are dropped")
    }

    let report: [String: Any] = [
        "tool": "naive-pcre2",
        "pcre2_version": pcre2Version(),
        "corpus": url.path,
        "rules": rules.count,
        "rules_total": totalRules,
        "rules_jit": jitRules,
        "skipped": skipped.map { ["id": $0.id, "reason": $0.reason] },
        "documents": documents.count,
        "bytes": byteCount,
        "chars": chars,
        "matches": matches,
        "limit_errors": errors.count,
        "repeats": options.repeats,
        "warmups": options.warmups,
        "seconds": median,
        "seconds_all": samples,
        "mb_per_s": median > 0 ? Double(byteCount) / median / 1e6 : 0,
        "docs_per_s": median > 0 ? Double(documents.count) / median : 0,
        "compile_seconds": compileSeconds,
    ]
    guard let json = try? JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]) else {
        fail("cannot encode the report")
    }
    FileHandle.standardOutput.write(json)
    FileHandle.standardOutput.write(Data("\n".utf8))
    for rule in rules { pcre2_code_free_8(rule.code) }
}

main()
