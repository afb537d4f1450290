/// Finds groups repeated without bound whose content is itself unbounded and has no
/// required fixed part, such as `(a+)+` or `(\w+\s?)*`: on text that almost matches, PCRE2
/// tries exponentially many ways to split it between iterations. `(?:[.,]\d+)*` is safe
/// (each iteration must start with a separator). A possessive quantifier (`a++`) or an atomic
/// group (`(?>...)`) removes the risk. A heuristic: it warns, it does not prove.
enum BacktrackingLint {
    /// Byte offsets (in `pattern`) of the opening parenthesis of each risky group.
    static func riskyGroups(_ pattern: String) -> [Int] {
        let bytes = Array(pattern.utf8)
        // For each open group: its start, whether it contains an unbounded quantifier, atomic.
        // `fixed`: the group contains a required atom that does not repeat without bound.
        var stack: [(start: Int, unbounded: Bool, atomic: Bool, fixed: Bool)] = []
        var risky: [Int] = []
        var i = 0
        var inClass = false
        /// Records an atom and its quantifier, and moves past both.
        func atom(_ q: (unbounded: Bool, length: Int, required: Bool)?, skip: Int) {
            if !stack.isEmpty {
                if let q {
                    if q.unbounded { stack[stack.count - 1].unbounded = true }
                } else {
                    stack[stack.count - 1].fixed = true
                }
            }
            i += skip + (q?.length ?? 0)
        }
        func quantifierAt(_ j: Int) -> (unbounded: Bool, length: Int, required: Bool)? {
            guard j < bytes.count else { return nil }
            switch bytes[j] {
            case 0x2A, 0x2B: // * +
                let possessive = j + 1 < bytes.count && bytes[j + 1] == 0x2B
                let lazy = j + 1 < bytes.count && bytes[j + 1] == 0x3F
                return (!possessive, possessive || lazy ? 2 : 1, false)
            case 0x3F: return (false, j + 1 < bytes.count && (bytes[j + 1] == 0x3F || bytes[j + 1] == 0x2B) ? 2 : 1, false)
            case 0x7B:
                guard let close = bytes[(j + 1)...].firstIndex(of: 0x7D) else { return nil }
                let inner = String(decoding: bytes[(j + 1)..<close], as: UTF8.self)
                let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
                guard parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), !inner.isEmpty else { return nil }
                let unbounded = parts.count == 2 && parts[1].isEmpty
                let possessive = close + 1 < bytes.count && bytes[close + 1] == 0x2B
                let minimum = Int(parts[0]) ?? 0
                return (unbounded && !possessive, close - j + 1 + (possessive ? 1 : 0), minimum > 0 && !unbounded)
            default: return nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5C {  // escape: the escaped atom may be quantified
                i += 2
                if i < bytes.count, bytes[i] == 0x7B, PatternExpander.escapeTakesBraces(bytes[i - 1]),
                   let close = bytes[i...].firstIndex(of: 0x7D) {
                    i = close + 1
                }
                atom(quantifierAt(i), skip: 0)
                continue
            }
            if inClass {
                if b == 0x5D {
                    inClass = false
                    i += 1
                    atom(quantifierAt(i), skip: 0)
                    continue
                }
                i += 1
                continue
            }
            switch b {
            case 0x5B: inClass = true
            case 0x28:
                let atomic = i + 2 < bytes.count && bytes[i + 1] == 0x3F && bytes[i + 2] == 0x3E
                stack.append((i, false, atomic, false))
                // Skip the group's "(?:", "(?<name>", "(?i)" syntax.
                if i + 1 < bytes.count && bytes[i + 1] == 0x3F {
                    var j = i + 2
                    while j < bytes.count && !(bytes[j] == 0x3A || bytes[j] == 0x3E || bytes[j] == 0x29 || bytes[j] == 0x3D || bytes[j] == 0x21) { j += 1 }
                    i = j
                }
            case 0x29:
                guard let group = stack.popLast() else { break }
                let q = quantifierAt(i + 1)
                if let q, q.unbounded && group.unbounded && !group.atomic && !group.fixed { risky.append(group.start) }
                if !stack.isEmpty {
                    if (q?.unbounded ?? false) || (group.unbounded && !group.atomic) { stack[stack.count - 1].unbounded = true }
                    if group.fixed && (q == nil || q!.required) { stack[stack.count - 1].fixed = true }
                }
                if let q { i += q.length }
            case 0x7C:
                break  // alternation: a fixed part in one branch is not required; keep it simple
            default:
                atom(quantifierAt(i + 1), skip: 1)
                continue
            }
            i += 1
        }
        return risky
    }
}
