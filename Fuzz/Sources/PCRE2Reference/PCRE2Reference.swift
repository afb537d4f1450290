import CPCRE2Oracle

/// One match: where, and the named captures as sorted "name@start-end" strings.
public struct Found: Equatable, CustomStringConvertible, Sendable {
    public var start: Int
    public var end: Int
    public var captures: [String]
    public init(start: Int, end: Int, captures: [String]) {
        self.start = start
        self.end = end
        self.captures = captures
    }
    public var description: String { "\(start)..<\(end)" + (captures.isEmpty ? "" : " " + captures.joined(separator: " ")) }
}

/// The fuzz targets' reference: a pattern compiled here from the system PCRE2 (not Quarry's
/// module) with a rule's options (UTF, Unicode properties unless `ascii`, caseless, `\C`
/// refused), JIT-compiled as Quarry's rules are, under the given limits. Shares no code with
/// Quarry's matcher.
public final class PCRE2Reference {
    let code: OpaquePointer
    let context: OpaquePointer
    let data: OpaquePointer
    let stack: OpaquePointer?
    var names: [(Int, String)] = []

    /// Nil when the pattern does not compile.
    public init?(pattern: String, caseless: Bool, ascii: Bool, matchLimit: UInt32, heapLimitKiB: UInt32) {
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_NEVER_BACKSLASH_C)
        if !ascii { options |= UInt32(PCRE2_UCP) }
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        var text = pattern
        guard let code = text.withUTF8({ pcre2_compile_8($0.baseAddress, $0.count, options, &errorCode, &errorOffset, nil) }) else { return nil }
        self.code = code
        _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, matchLimit)
        pcre2_set_heap_limit_8(context, heapLimitKiB)
        // The JIT stack Quarry gives its searches (MatchScratch), so the same searches fit.
        stack = pcre2_jit_stack_create_8(32 * 1024, 4 * 1024 * 1024, nil)
        if let stack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack)) }
        data = pcre2_match_data_create_from_pattern_8(code, nil)!
        var count: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        if let table {
            for k in 0..<Int(count) {
                let entry = table + k * Int(entrySize)
                names.append((Int(entry[0]) << 8 | Int(entry[1]), String(cString: entry + 2)))
            }
        }
    }

    deinit {
        pcre2_match_data_free_8(data)
        pcre2_match_context_free_8(context)
        if let stack { pcre2_jit_stack_free_8(stack) }
        pcre2_code_free_8(code)
    }

    /// The first match of a search from `offset` (PCRE2_NOTEMPTY, as Quarry searches), nil for
    /// none, or .limit when a limit stopped it.
    func search(_ text: UnsafeBufferPointer<UInt8>, from offset: Int) -> (found: Found?, limit: Bool) {
        let subject = text.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let rc = pcre2_match_8(code, subject, text.count, offset, UInt32(PCRE2_NO_UTF_CHECK) | UInt32(PCRE2_NOTEMPTY), data, context)
        if rc == PCRE2_ERROR_NOMATCH { return (nil, false) }
        if rc < 0 { return (nil, true) }
        let ovector = pcre2_get_ovector_pointer_8(data)!
        var captures: [String] = []
        for (group, name) in names where group < Int(rc) {
            let s = ovector[2 * group], e = ovector[2 * group + 1]
            if s != oracle_pcre2_unset() && e >= s { captures.append("\(name)@\(s)-\(e)") }
        }
        return (Found(start: ovector[0], end: ovector[1], captures: captures.sorted()), false)
    }

    /// Every match of the find-all loop, leftmost first, each search starting where the
    /// previous match ended (one character further after an empty one); nil when a limit was hit.
    public func findAll(_ text: UnsafeBufferPointer<UInt8>) -> [Found]? {
        var found: [Found] = []
        var offset = 0
        while offset <= text.count {
            let (match, limit) = search(text, from: offset)
            if limit { return nil }
            guard let match else { break }
            found.append(match)
            if match.end > match.start {
                offset = match.end
            } else {
                offset = match.end + 1
                while offset < text.count && text[offset] & 0xC0 == 0x80 { offset += 1 }
            }
        }
        return found
    }

    /// The first match of a search from every character boundary: every match PCRE2 reports,
    /// wherever a search starts; nil when a limit was hit.
    public func fromEveryStart(_ text: UnsafeBufferPointer<UInt8>) -> [Found]? {
        var found: [Found] = []
        for start in 0...text.count where start == text.count || text[start] & 0xC0 != 0x80 {
            let (match, limit) = search(text, from: start)
            if limit { return nil }
            if let match { found.append(match) }
        }
        return found
    }
}
