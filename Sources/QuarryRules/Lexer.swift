import QuarryCore

/// One token of a rule-file line.
struct LexToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name, keyword, label or bare value: `rule`, `MONEY`, `longest`, `3`.
        case word
        /// A double-quoted string, unescaped.
        case string
        /// A regular expression between slashes; `flags` are the letters after the closing slash.
        case regex(flags: String)
        /// `@name`: a word list.
        case listRef
        case equals
        case arrow
        case comma
    }

    var kind: Kind
    /// The token's value (unescaped for strings; the pattern without slashes for regexes).
    var text: String
    /// 0-based UTF-8 byte offset of the token's first byte in its line (for a regex: the
    /// first byte of the pattern, after the slash).
    var byte: Int
}

/// Splits one line into tokens. Whitespace separates tokens; `#` after whitespace (or at
/// the start) begins a comment, except inside strings and regexes.
struct Lexer {
    struct Failure: Error {
        var byte: Int
        var message: String
    }

    static func tokens(_ line: String) throws(Failure) -> [LexToken] {
        let bytes = Array(line.utf8)
        var tokens: [LexToken] = []
        var i = 0
        func isWordByte(_ b: UInt8) -> Bool {
            !(ASCII.isBlank(b) || b == 0x22 || b == 0x3D || b == 0x2C || b == 0x23 || b == 0x2F) && !(b == 0x2D && false)
        }
        while i < bytes.count {
            let b = bytes[i]
            if ASCII.isBlank(b) { i += 1; continue }
            if b == 0x23 { break }  // # comment
            let start = i
            switch b {
            case 0x22:  // "string"
                var value: [UInt8] = []
                i += 1
                var closed = false
                while i < bytes.count {
                    let c = bytes[i]
                    if c == 0x5C, i + 1 < bytes.count {
                        let e = bytes[i + 1]
                        switch e {
                        case 0x6E: value.append(0x0A)
                        case 0x74: value.append(0x09)
                        case 0x22, 0x5C: value.append(e)
                        default: throw Failure(byte: i, message: "unknown escape '\\\(Character(UnicodeScalar(e)))' in a string (use \\\", \\\\, \\n or \\t)")
                        }
                        i += 2
                        continue
                    }
                    if c == 0x22 { closed = true; i += 1; break }
                    value.append(c)
                    i += 1
                }
                guard closed else { throw Failure(byte: start, message: "unterminated string: add a closing \"") }
                tokens.append(LexToken(kind: .string, text: String(decoding: value, as: UTF8.self), byte: start))
            case 0x2F:  // /regex/flags
                i += 1
                let patternStart = i
                var closed = false
                while i < bytes.count {
                    let c = bytes[i]
                    if c == 0x5C { i += 2; continue }
                    if c == 0x5B, let end = PCRE2Syntax.classEnd(bytes, from: i) {
                        // A class as PCRE2 reads it: "[]/]", "[[:alpha:]/]" hold a slash.
                        i = end
                        continue
                    } else if c == 0x2F {
                        closed = true
                        break
                    }
                    i += 1
                }
                guard closed, i <= bytes.count else {
                    throw Failure(byte: start, message: "unterminated regular expression: add a closing / (write a slash inside it as \\/)")
                }
                let pattern = String(decoding: bytes[patternStart..<i], as: UTF8.self)
                i += 1
                var flags = ""
                while i < bytes.count, ASCII.isLower(bytes[i]) {
                    flags.append(Character(UnicodeScalar(bytes[i])))
                    i += 1
                }
                tokens.append(LexToken(kind: .regex(flags: flags), text: pattern, byte: patternStart))
            case 0x3D:
                tokens.append(LexToken(kind: .equals, text: "=", byte: start))
                i += 1
            case 0x2C:
                tokens.append(LexToken(kind: .comma, text: ",", byte: start))
                i += 1
            default:
                if b == 0x2D && i + 1 < bytes.count && bytes[i + 1] == 0x3E {
                    tokens.append(LexToken(kind: .arrow, text: "->", byte: start))
                    i += 2
                    continue
                }
                while i < bytes.count && isWordByte(bytes[i]) { i += 1 }
                if i == start { throw Failure(byte: start, message: "unexpected character") }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                if text.hasPrefix("@") {
                    tokens.append(LexToken(kind: .listRef, text: String(text.dropFirst()), byte: start))
                } else {
                    tokens.append(LexToken(kind: .word, text: text, byte: start))
                }
            }
        }
        return tokens
    }
}
