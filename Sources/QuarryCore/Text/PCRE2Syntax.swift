/// Where PCRE2 puts the ends of the two constructs inside which its other syntax characters
/// mean nothing: character classes and `\Q…\E` quoting. The rule language steps over both
/// when it looks for the slash that ends a regex, for `{MACRO}` references and for
/// parentheses, and must agree with PCRE2 on where they end: `[[:alpha:]/]` is one class
/// (a POSIX item, then a slash), `[[:.]` is the class of `[`, `:` and `.`.
public enum PCRE2Syntax {
    /// The index just past the `]` that closes the class opening at `bytes[start]` (a `[`),
    /// as PCRE2 reads it, or nil when the class is not closed.
    ///
    /// A `]` right after the `[` (or `[^`, skipping `\E` and `\Q\E`) is a member; `\` escapes
    /// the next byte; `\Q…\E`
    /// quotes; `[:`, `[.` and `[=` start a POSIX item only when PCRE2's own look-ahead finds
    /// its end (a `:]`, `.]` or `=]` before any `]` or `[:`).
    public static func classEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        let n = bytes.count
        var i = start + 1
        // Before the first member: \E, empty \Q\E and one '^', in any order.
        var negated = false
        while i < n {
            if bytes[i...].starts(with: [0x5C, UInt8(ascii: "E")]) { i += 2 }
            else if bytes[i...].starts(with: [0x5C, UInt8(ascii: "Q"), 0x5C, UInt8(ascii: "E")]) { i += 4 }
            else if bytes[i] == UInt8(ascii: "^") && !negated { negated = true; i += 1 }
            else { break }
        }
        if i < n && bytes[i] == UInt8(ascii: "]") { i += 1 }
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "Q") {
                    guard let end = quoteEnd(bytes, from: i + 2) else { return nil }
                    i = end
                    continue
                }
                i += 2
                continue
            }
            if c == UInt8(ascii: "["), i + 1 < n, let end = posixEnd(bytes, from: i + 2, terminator: bytes[i + 1]) {
                i = end
                continue
            }
            if c == UInt8(ascii: "]") { return i + 1 }
            i += 1
        }
        return nil
    }

    /// The index just past the `\E` that ends quoting begun before `from` (just after `\Q`),
    /// or nil when the quoting runs to the end of the pattern.
    public static func quoteEnd(_ bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") && bytes[i + 1] == UInt8(ascii: "E") { return i + 2 }
            i += 1
        }
        return nil
    }

    /// The index just past a POSIX item (`[:alpha:]`) whose name starts at `from`, after `[`
    /// and `terminator` (one of `:`, `.`, `=`), or nil when PCRE2 reads the `[` as a member.
    static func posixEnd(_ bytes: [UInt8], from: Int, terminator: UInt8) -> Int? {
        guard terminator == UInt8(ascii: ":") || terminator == UInt8(ascii: ".") || terminator == UInt8(ascii: "=") else { return nil }
        var p = from
        while bytes.count - p >= 2 {
            if bytes[p] == UInt8(ascii: "\\") && (bytes[p + 1] == UInt8(ascii: "]") || bytes[p + 1] == UInt8(ascii: "\\")) {
                p += 2
                continue
            }
            if (bytes[p] == UInt8(ascii: "[") && bytes[p + 1] == terminator) || bytes[p] == UInt8(ascii: "]") { return nil }
            if bytes[p] == terminator && bytes[p + 1] == UInt8(ascii: "]") { return p + 2 }
            p += 1
        }
        return nil
    }
}
