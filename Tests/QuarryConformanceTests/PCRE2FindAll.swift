import CPCRE2
import QuarryCore

/// One match: where, and the named groups that took part, as "name@start-end" in group order.
struct Found: Equatable, CustomStringConvertible {
    var start: Int
    var end: Int
    var captures: [String]
    var description: String { "\(start)..<\(end)" + (captures.isEmpty ? "" : " " + captures.joined(separator: " ")) }
}

/// The reference every Quarry match is compared with: the system PCRE2, called directly, in
/// the plainest find-all loop there is. It shares no code with Quarry's matcher.
///
/// The pattern compiles with a rule's options (UTF, Unicode properties unless `ascii`,
/// caseless when asked, `\C` refused), runs with PCRE2's JIT as Quarry's rules do (or, with
/// `jit: false`, in its interpreter: the two disagree on a few patterns in PCRE2 10.42, which
/// the report counts), from offset 0,
/// each search starting where the previous match ended, with PCRE2_NOTEMPTY (a span is never
/// empty). A `scope=tokens` rule is the pattern followed by a callout that refuses any match
/// not starting at a token start and ending at a token end, so PCRE2 backtracks to the
/// leftmost match that fits; compiled without auto-possessification and start-of-match
/// optimizations, which PCRE2 documents may skip callouts.
final class PCRE2FindAll {
    enum Outcome: Equatable {
        case matches([Found])
        /// A match, depth or heap limit was hit (where depends on how a search ran).
        case limit
    }

    let code: OpaquePointer
    let names: [(group: Int, name: String)]
    let scoped: Bool

    /// Compiles the pattern; nil with PCRE2's message when it does not compile.
    init?(pattern: String, caseless: Bool, ascii: Bool, tokenScope: Bool, jit: Bool, error: inout String) {
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_NEVER_BACKSLASH_C)
        if !ascii { options |= UInt32(PCRE2_UCP) }
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        if tokenScope { options |= UInt32(PCRE2_NO_AUTO_POSSESS) | UInt32(PCRE2_NO_START_OPTIMIZE) }
        var text = tokenScope ? "(?:" + pattern + ")(?C1)" : pattern
        var errorCode: Int32 = 0, errorOffset = 0
        guard let code = text.withUTF8({ pcre2_compile_8($0.baseAddress, $0.count, options, &errorCode, &errorOffset, nil) }) else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
            error = length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "error \(errorCode)"
            return nil
        }
        self.code = code
        self.scoped = tokenScope
        if jit { _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) }
        var count: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names: [(Int, String)] = []
        if let table {
            for k in 0..<Int(count) {
                let entry = table + k * Int(entrySize)
                names.append((Int(entry[0]) << 8 | Int(entry[1]), String(cString: entry + 2)))
            }
        }
        self.names = names.sorted { $0.0 < $1.0 }
    }

    deinit { pcre2_code_free_8(code) }

    /// The number of callouts in the pattern as written (its own, not the scope's).
    var calloutCount: Int {
        var count = 0
        withUnsafeMutablePointer(to: &count) { pointer in
            _ = pcre2_callout_enumerate_8(code, { _, data in
                data?.assumingMemoryBound(to: Int.self).pointee += 1
                return 0
            }, pointer)
        }
        return count - (scoped ? 1 : 0)
    }

    /// Whether PCRE2 says a match can be empty (its minimum length is 0).
    var minimumLength: Int {
        var length: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MINLENGTH), &length)
        return Int(length)
    }

    /// Token bounds for the scope callout: bit sets over byte offsets.
    final class Bounds {
        var starts: Set<Int>
        var ends: Set<Int>
        init(starts: Set<Int>, ends: Set<Int>) {
            self.starts = starts
            self.ends = ends
        }
    }

    /// A match context with Quarry's limits and JIT stack (as `MatchScratch` sets them), and
    /// match data for one pattern; freed with the object.
    final class SearchState {
        let context: OpaquePointer
        let data: OpaquePointer
        let stack: OpaquePointer?

        init(code: OpaquePointer, matchLimit: UInt32, heapLimitKiB: UInt32) {
            context = pcre2_match_context_create_8(nil)!
            pcre2_set_match_limit_8(context, matchLimit)
            pcre2_set_depth_limit_8(context, matchLimit)
            pcre2_set_heap_limit_8(context, heapLimitKiB)
            stack = pcre2_jit_stack_create_8(32 * 1024, 4 * 1024 * 1024, nil)
            if let stack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack)) }
            data = pcre2_match_data_create_from_pattern_8(code, nil)!
        }

        deinit {
            pcre2_match_data_free_8(data)
            pcre2_match_context_free_8(context)
            if let stack { pcre2_jit_stack_free_8(stack) }
        }
    }

    /// The first match of a search from each character boundary of `text` (nil where
    /// there is none): every match PCRE2 can report, whatever the search started.
    func matchesFromEveryStart(_ text: [UInt8], matchLimit: UInt32, heapLimitKiB: UInt32) -> [Found]? {
        let state = SearchState(code: code, matchLimit: matchLimit, heapLimitKiB: heapLimitKiB)
        let context = state.context, data = state.data
        defer { withExtendedLifetime(state) {} }  // the pointers are used to the end
        var found: [Found] = []
        let options = UInt32(PCRE2_NO_UTF_CHECK) | UInt32(PCRE2_NOTEMPTY)
        return text.withUnsafeBufferPointer { buffer -> [Found]? in
            let subject = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            for start in 0...text.count where start == text.count || buffer[start] & 0xC0 != 0x80 {
                let rc = pcre2_match_8(code, subject, text.count, start, options, data, context)
                if rc == PCRE2_ERROR_NOMATCH { continue }
                if rc < 0 { return nil }
                let ovector = pcre2_get_ovector_pointer_8(data)!
                found.append(Found(start: ovector[0], end: ovector[1], captures: []))
            }
            return found
        }
    }

    /// Every match in `text`, in the order the loop finds them.
    func findAll(_ text: [UInt8], tokens: Bounds?, matchLimit: UInt32, heapLimitKiB: UInt32) -> Outcome {
        let state = SearchState(code: code, matchLimit: matchLimit, heapLimitKiB: heapLimitKiB)
        let context = state.context, data = state.data
        defer { withExtendedLifetime(state) {} }  // the pointers are used to the end
        let bounds = tokens ?? Bounds(starts: [], ends: [])
        let unmanaged = Unmanaged.passRetained(bounds)
        defer { unmanaged.release() }
        if scoped {
            pcre2_set_callout_8(context, { block, pointer in
                guard let block, let pointer else { return 1 }
                let bounds = Unmanaged<Bounds>.fromOpaque(pointer).takeUnretainedValue()
                let start = Int(block.pointee.start_match), end = Int(block.pointee.current_position)
                return bounds.starts.contains(start) && bounds.ends.contains(end) ? 0 : 1
            }, unmanaged.toOpaque())
        }
        var found: [Found] = []
        var offset = 0
        let n = text.count
        let options = UInt32(PCRE2_NO_UTF_CHECK) | UInt32(PCRE2_NOTEMPTY)
        return text.withUnsafeBufferPointer { buffer -> Outcome in
            let subject = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            while offset <= n {
                let rc = pcre2_match_8(code, subject, n, offset, options, data, context)
                if rc == PCRE2_ERROR_NOMATCH { break }
                if rc < 0 { return .limit }
                let ovector = pcre2_get_ovector_pointer_8(data)!
                let start = ovector[0], end = ovector[1]
                var captures: [String] = []
                for (group, name) in names where group < Int(rc) {
                    let s = ovector[2 * group], e = ovector[2 * group + 1]
                    if s != quarry_pcre2_unset() && e >= s { captures.append("\(name)@\(s)-\(e)") }
                }
                found.append(Found(start: start, end: end, captures: captures))
                if end > start {
                    offset = end
                } else {
                    offset = end + 1
                    while offset < n && buffer[offset] & 0xC0 == 0x80 { offset += 1 }
                }
            }
            return .matches(found)
        }
    }
}
