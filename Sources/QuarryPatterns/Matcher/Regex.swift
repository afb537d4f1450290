import CPCRE2
import QuarryCore

/// A compiled PCRE2 pattern (UTF-8, Unicode properties), JIT-compiled when the platform
/// allows. Immutable after init and shared read-only across threads; matching needs a
/// per-thread ``MatchScratch``.
final class Regex: @unchecked Sendable {
    let code: OpaquePointer
    /// The number of capture groups.
    let captureCount: Int
    /// Named groups: (group number, name), in group order.
    let names: [(group: Int, name: String)]
    /// Whether the pattern can match an empty string (PCRE2's minimum match length is 0).
    let canMatchEmpty: Bool
    let jit: Bool

    /// Why a pattern did not compile: PCRE2's message and the byte offset in the pattern.
    struct CompileError: Error, Sendable {
        var offset: Int
        var message: String
    }

    /// Compiles `pattern`. With `anchored`, the pattern only matches at the start offset it
    /// is given (anchoring at compile time keeps the JIT; PCRE2_ANCHORED at match time would
    /// not). Without `unicode`, `\w \d \s \b` and POSIX classes are ASCII (no PCRE2_UCP);
    /// the subject is still UTF-8.
    /// Without `jit`, PCRE2's interpreter runs it: for a copy that runs rarely (the anchored
    /// form of a rule that a ``LiteralProgram`` verifies), the JIT's compile time and memory
    /// are not worth it. With `offsetLimit`, a search may be told how far its start can move
    /// (`MatchScratch/windowContext`), as windowed gated rules are.
    ///
    /// Callouts (`(?C1)`, `(?C"text")`) are refused: Quarry's scopes are callouts of its own
    /// (``MatchScratch``'s callout enforces `scope=tokens` and `scope=sentence` through callouts
    /// 1 and 2), so one written in a rule would reject matches or do nothing. With
    /// `scopeCallout`, the pattern's last item is that scope callout, added by Quarry.
    ///
    /// A scoped pattern is compiled without two of PCRE2's optimizations, which assume that
    /// whether a match succeeds does not depend on where it started and ended (pcre2callout,
    /// "Missing callouts"), while the scope callout rejects ends that leave a token or a
    /// sentence: auto-possessification (`aid[^.]*` would not give back characters, so a match
    /// reaching past its sentence's end was not shortened to fit it) and the start-of-match
    /// optimizations (the JIT's early-fail check skipped the start positions a failed attempt
    /// had already scanned over, so the next sentence's match was never tried either).
    init(_ pattern: String, caseless: Bool, anchored: Bool = false, unicode: Bool = true, jit useJIT: Bool = true,
         offsetLimit: Bool = false, scopeCallout: Bool = false) throws(CompileError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_NEVER_BACKSLASH_C)
        if unicode { options |= UInt32(PCRE2_UCP) }
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        if anchored { options |= UInt32(PCRE2_ANCHORED) }
        if offsetLimit { options |= UInt32(PCRE2_USE_OFFSET_LIMIT) }
        // (A search anchored at one start has no other start to skip: it keeps the start-of-match
        // checks, which only refuse subjects no match could fit.)
        let noStartOptimize = scopeCallout && !anchored
        if scopeCallout { options |= UInt32(PCRE2_NO_AUTO_POSSESS) }
        if noStartOptimize { options |= UInt32(PCRE2_NO_START_OPTIMIZE) }
        var text = pattern
        let compiled: OpaquePointer? = text.withUTF8 { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw CompileError(offset: errorOffset, message: Regex.message(for: errorCode))
        }
        let callouts = Regex.calloutEnds(compiled)
        if callouts.count > (scopeCallout ? 1 : 0) {
            pcre2_code_free_8(compiled)
            // Where the first callout starts: the "(?C" before the end PCRE2 reports.
            let bytes = Array(pattern.utf8)
            var start = min(callouts[0], bytes.count)
            while start > 0 && !(bytes[start - 1] == 0x28 && bytes[start...].starts(with: [0x3F, 0x43])) { start -= 1 }
            throw CompileError(offset: max(0, start - 1), message: "callouts (?C…) are not supported in rules: Quarry uses them to keep scope=tokens and scope=sentence matches on token and sentence bounds")
        }
        code = compiled
        jit = useJIT && pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0

        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        canMatchEmpty = Regex.minimumLength(noStartOptimize ? nil : compiled, pattern: text, options: options & ~UInt32(PCRE2_NO_START_OPTIMIZE)) == 0

        var nameCount: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names: [(Int, String)] = []
        if let table, nameCount > 0 {
            for i in 0..<Int(nameCount) {
                let entry = table + i * Int(entrySize)
                let group = Int(entry[0]) << 8 | Int(entry[1])
                let name = String(cString: entry + 2)
                names.append((group, name))
            }
        }
        self.names = names.sorted { $0.0 < $1.0 }
    }

    deinit { pcre2_code_free_8(code) }

    /// Where each callout of `code` ends in its pattern (PCRE2's `pattern_position`: the
    /// offset of the item after it), in pattern order.
    /// The least number of characters a match has (PCRE2_INFO_MINLENGTH) of `code`, or, when
    /// it is nil, of `pattern` compiled with `options` (PCRE2 does not work the length out for
    /// a pattern compiled with PCRE2_NO_START_OPTIMIZE).
    static func minimumLength(_ code: OpaquePointer?, pattern: String, options: UInt32) -> UInt32 {
        var minimum: UInt32 = 0
        if let code {
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MINLENGTH), &minimum)
            return minimum
        }
        var text = pattern, errorCode: Int32 = 0, errorOffset = 0
        guard let probe = text.withUTF8({ pcre2_compile_8($0.baseAddress, $0.count, options, &errorCode, &errorOffset, nil) }) else { return 0 }
        defer { pcre2_code_free_8(probe) }
        pcre2_pattern_info_8(probe, UInt32(PCRE2_INFO_MINLENGTH), &minimum)
        return minimum
    }

    static func calloutEnds(_ code: OpaquePointer) -> [Int] {
        var ends: [Int] = []
        withUnsafeMutablePointer(to: &ends) { list in
            _ = pcre2_callout_enumerate_8(code, { block, data in
                if let block, let data { data.assumingMemoryBound(to: [Int].self).pointee.append(Int(block.pointee.pattern_position)) }
                return 0
            }, list)
        }
        return ends
    }

    /// Whether an ASCII twin of `pattern` (compiled without PCRE2_UCP) is worth having for
    /// ASCII documents, and safe: the pattern uses a construct that PCRE2_UCP changes
    /// (`\w \W \d \D \s \S \b \B`, a POSIX class), and names no character above U+007F
    /// (no such byte, no `\x{…}`, `\o{…}`, `\N{…}`, no `(*UCP)`), so on a subject with no byte
    /// above 0x7F both forms match the same: every character the classes see is ASCII, where
    /// PCRE2's Unicode and ASCII tables agree. Except `[:upper:]` and `[:lower:]`, which
    /// PCRE2_UCP makes case-sensitive under caseless matching: no twin for those.
    static func hasASCIITwin(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
        var sensitive = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                switch bytes[i + 1] {
                case UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "d"), UInt8(ascii: "D"),
                     UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "b"), UInt8(ascii: "B"):
                    sensitive = true
                case UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "N"), UInt8(ascii: "u"), UInt8(ascii: "U"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"):
                    // A character by number (\xE9, \x{2019}, \o{…}, \351) may be above U+007F.
                    return false
                default: break
                }
                i += 2
                continue
            }
            if b == UInt8(ascii: "["), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ":") {
                sensitive = true
                // Under caseless matching [:upper:] and [:lower:] match both cases without
                // PCRE2_UCP, and only their own case with it (they become \p{Lu} and \p{Ll}):
                // the twin would differ on "a" (found by PCRE2's testinput2).
                let rest = bytes[(i + 2)...]
                if rest.starts(with: Array("upper:".utf8)) || rest.starts(with: Array("lower:".utf8))
                    || rest.starts(with: Array("^upper:".utf8)) || rest.starts(with: Array("^lower:".utf8)) {
                    return false
                }
            }
            if b == UInt8(ascii: "("), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                // (*UCP), (*UTF) and other start-of-pattern verbs: leave the pattern as it is.
                return false
            }
            i += 1
        }
        return sensitive
    }

    /// The byte offset of the first `\K` in `pattern` (outside `\Q…\E` and classes), or nil.
    static func resetStartOffset(_ pattern: String) -> Int? {
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "K") { return i }
                if bytes[i + 1] == UInt8(ascii: "Q") { i = PCRE2Syntax.quoteEnd(bytes, from: i + 2) ?? bytes.count; continue }
                i += 2
                continue
            }
            if bytes[i] == UInt8(ascii: "[") { i = PCRE2Syntax.classEnd(bytes, from: i) ?? bytes.count; continue }
            i += 1
        }
        return nil
    }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "PCRE2 error \(code)"
    }
}

/// Per-thread PCRE2 state: match data sized for the largest rule, a match context with the
/// limits, a JIT stack and the scope callout. Not thread-safe; make one per thread (its
/// buffers are `@exclusivity(unchecked)`: one thread uses them, and the dynamic checks showed
/// in profiles).
public final class MatchScratch {
    let matchData: OpaquePointer
    let context: OpaquePointer
    /// ``context`` with an offset limit, set per search: the windows of gated rules.
    let windowContext: OpaquePointer
    let jitStack: OpaquePointer?
    /// The scope data the callout reads; its buffers are refilled per document.
    @exclusivity(unchecked) var tokenStarts: [UInt64] = []
    @exclusivity(unchecked) var tokenEnds: [UInt64] = []
    @exclusivity(unchecked) var sentenceStarts: [UInt32] = []
    @exclusivity(unchecked) var sentenceEnds: [UInt32] = []
    /// Joined token text for word-list lookups.
    @exclusivity(unchecked) var ngram: [UInt8] = []
    /// Per word-list rule of the set, its matches in the current document (``WordListGroup``).
    @exclusivity(unchecked) var wordListCounts: [Int] = []
    /// Per word-list rule, whether the current plan runs it.
    @exclusivity(unchecked) var wordListIncluded: [Bool] = []
    /// The find loops stop when the match list reaches this many entries: the running
    /// rule's cap (`PatternSet/maxMatchesPerRule`, plus one to tell that it was passed).
    @exclusivity(unchecked) var matchCap = Int.max
    /// Prefilter candidates per rule position: anchored start offsets, literal hit counts.
    @exclusivity(unchecked) var candidateStarts: [[Int]] = []
    @exclusivity(unchecked) var candidateHits: [Int] = []
    /// Occurrences of a prefix-mode rule's gate literals.
    @exclusivity(unchecked) var gateHits: [Int] = []
    @exclusivity(unchecked) var unsorted: [Bool] = []
    @exclusivity(unchecked) var touched: [Int] = []
    /// The backtracking stack of ``LiteralProgram``.
    @exclusivity(unchecked) var literalStack: [(pc: Int32, position: Int)] = []
    /// The document has characters ASCII folding misses (Kelvin sign, long s): rules with
    /// caseless literals scan it whole.
    @exclusivity(unchecked) var caselessFallback = false
    /// The document has a decimal digit outside ASCII: rules whose literals read `\d` as 0-9
    /// scan it whole.
    @exclusivity(unchecked) var digitFallback = false
    /// Per-rule counters, when collecting them (`quarry bench`); nil otherwise.
    @exclusivity(unchecked) public var stats: RuleStats?

    /// Clears the candidates of the previous document (only the rules it touched).
    func resetCandidates(_ count: Int) {
        if candidateHits.count != count {
            candidateStarts = Array(repeating: [], count: count)
            candidateHits = Array(repeating: 0, count: count)
            gateHits = Array(repeating: 0, count: count)
            unsorted = Array(repeating: false, count: count)
            touched.removeAll()
            return
        }
        for rule in touched {
            candidateStarts[rule].removeAll(keepingCapacity: true)
            candidateHits[rule] = 0
            gateHits[rule] = 0
            unsorted[rule] = false
        }
        touched.removeAll(keepingCapacity: true)
    }
    let scopePointer: UnsafeMutablePointer<quarry_scope>

    /// Per token rule (by position in the set), its VM tables, made on first use and reused
    /// for every document this scratch matches.
    @exclusivity(unchecked) private var tokenTables: [VMTables?] = []

    /// Rule `position`'s VM tables.
    func vmTables(_ position: Int, _ program: TokenProgram) -> VMTables {
        if position >= tokenTables.count { tokenTables += Array(repeating: nil, count: position + 1 - tokenTables.count) }
        if let tables = tokenTables[position] { return tables }
        let tables = VMTables(program: program)
        tokenTables[position] = tables
        return tables
    }

    init(captureCount: Int, matchLimit: UInt32, heapLimitKiB: UInt32) {
        matchData = pcre2_match_data_create_8(UInt32(captureCount + 1), nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, matchLimit)
        pcre2_set_heap_limit_8(context, heapLimitKiB)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 4 * 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        scopePointer = UnsafeMutablePointer<quarry_scope>.allocate(capacity: 1)
        scopePointer.initialize(to: quarry_scope())
        pcre2_set_callout_8(context, quarry_scope_callout_pointer(), UnsafeMutableRawPointer(scopePointer))
        windowContext = pcre2_match_context_copy_8(context)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        pcre2_match_context_free_8(windowContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        scopePointer.deinitialize(count: 1)
        scopePointer.deallocate()
    }
}
