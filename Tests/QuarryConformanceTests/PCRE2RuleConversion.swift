import QuarryCore
import QuarryTestSupport

/// Turns a pattern of PCRE2's test files into the text of a Quarry regex rule, or says why a
/// rule cannot express it.
///
/// A rule always compiles with UTF and (unless `ascii`) Unicode properties; its only other
/// flags are `caseless` and the scope. So the pattern modifiers that have an in-pattern form
/// become one (`s` is `(?s)`, `newline=crlf` is `(*CRLF)`, `no_start_optimize` is
/// `(*NO_START_OPT)`), those that only change what pcre2test prints are dropped (`g`, `I`,
/// `B`, `aftertext`, ...), `i` is left to the caseless variants every pattern gets, and the
/// rest (`anchored`, `dollar_endonly`, `allow_empty_class`, ...) make the pattern one a rule
/// cannot express. A pattern from a non-UTF test reads its bytes as Latin-1 characters (so
/// `\xe9` and a raw 0xE9 byte are both "é"), and so do its subjects.
enum PCRE2RuleConversion {
    enum Outcome {
        /// The text to write between the rule's slashes.
        case rule(String)
        /// Why a rule cannot express the pattern (a short, countable reason).
        case skip(String)
    }

    /// Modifiers that only change what pcre2test prints or how it loops, not what a pattern
    /// matches in a find-all loop.
    static let ignored: Set<String> = [
        "g", "global", "G", "altglobal", "aftertext", "allaftertext", "allcaptures", "allusedtext", "B", "bincode",
        "fullbincode", "callout_info", "debug", "I", "info", "jit", "jitfast", "jitverify", "memory", "framesize",
        "mark", "startchar", "ovector", "pushcopy", "pushtablescopy", "push", "stackguard", "find_limits",
        "find_limits_noheap", "get", "getall", "copy", "replace", "substitute_extended", "substitute_literal",
        "substitute_matched", "substitute_overflow_length", "substitute_replacement_only", "substitute_skip",
        "substitute_stop", "substitute_unknown_unset", "substitute_unset_empty", "substitute_callout",
        "null_context", "null_subject", "null_replacement", "hex", "expand", "use_length", "heap_limit", "match_limit",
        "depth_limit", "recursion_limit", "regerror_buffsize", "max_pattern_length", "max_pattern_compiled_length",
        "max_varlookbehind", "parens_nest_limit", "utf", "ucp", "never_backslash_c", "no_utf_check", "tables=0", "i",
        "caseless", "posix_nosub", "convert_length", "null_pattern", "dfa", "callout_none", "callout_capture",
        "no_jit", "jitstack", "zero_terminate", "notempty_atstart", "startoffset", "offset", "offset_limit",
        "perltest", "binary", "subject_literal", "substitute_case_callout", "use_offset_limit", "allvector",
        "null_substitute_match_data", "never_callout", "auto_possess", "dotstar_anchor", "start_optimize", "optimization_full",
    ]

    /// Modifiers with an in-pattern form: option letters after the verbs.
    static let inlineOptions: [String: String] = [
        "m": "m", "multiline": "m", "s": "s", "dotall": "s", "x": "x", "extended": "x", "xx": "xx",
        "extended_more": "xx", "n": "n", "no_auto_capture": "n", "U": "U", "ungreedy": "U", "J": "J", "dupnames": "J",
    ]

    /// Modifiers that are start-of-pattern settings.
    static let verbs: [String: String] = [
        "no_auto_possess": "(*NO_AUTO_POSSESS)", "no_start_optimize": "(*NO_START_OPT)",
        "no_dotstar_anchor": "(*NO_DOTSTAR_ANCHOR)", "dotstar_anchor_off": "(*NO_DOTSTAR_ANCHOR)",
        "auto_possess_off": "(*NO_AUTO_POSSESS)", "start_optimize_off": "(*NO_START_OPT)",
        "optimization_none": "(*NO_AUTO_POSSESS)(*NO_DOTSTAR_ANCHOR)(*NO_START_OPT)",
    ]

    static let newlines: [String: String] = [
        "cr": "(*CR)", "lf": "(*LF)", "crlf": "(*CRLF)", "any": "(*ANY)", "anycrlf": "(*ANYCRLF)", "nul": "(*NUL)",
    ]

    /// A pattern's text as a rule's regex, or why not.
    static func convert(_ pattern: PCRE2TestFile.Pattern) -> Outcome {
        if pattern.error != nil { return .skip("pcre2test itself refuses the pattern line") }
        guard let decoded = decode(pattern.bytes, utf: pattern.utf) else { return .skip("pattern is not UTF-8") }
        var verbsText = "", options = ""
        var wrap: (String, String)? = nil, literal = false
        for modifier in pattern.modifiers {
            let name = modifier.name
            // Documented as the pattern between \b(?: and )\b, or ^(?: and )$.
            if name == "match_word" { wrap = ("\\b(?:", ")\\b"); continue }
            if name == "match_line" { wrap = ("^(?:", ")$"); continue }
            if name == "literal" { literal = true; continue }
            if ignored.contains(name) || (name == "tables" && modifier.value == "0") { continue }
            if let letters = inlineOptions[name] { options += letters; continue }
            if let verb = verbs[name] { verbsText += verb; continue }
            if name == "newline", let value = modifier.value, let verb = newlines[value.lowercased()] { verbsText += verb; continue }
            if name == "bsr", let value = modifier.value {
                switch value.lowercased() {
                case "anycrlf": verbsText += "(*BSR_ANYCRLF)"; continue
                case "unicode": verbsText += "(*BSR_UNICODE)"; continue
                default: break
                }
            }
            return .skip("modifier \(name)")
        }
        let extended = options.contains("x")
        var text = decoded
        if literal {
            // Every character as itself: ASCII punctuation escaped.
            var escaped = ""
            for c in text.unicodeScalars {
                if c.isASCII && !c.properties.isAlphabetic && !("0"..."9").contains(c) && c.value >= 0x20 { escaped += "\\" }
                escaped.unicodeScalars.append(c)
            }
            text = escaped
        }
        if text.contains("\n") || text.contains("\r") {
            if extended {
                // White space and comments are ignored in extended mode: drop the comments and
                // join the lines with spaces, as PCRE2 reads them.
                guard let joined = joinExtendedLines(text) else { return .skip("extended pattern over several lines") }
                text = joined
            } else if setsExtendedInline(text) {
                return .skip("line break in a pattern that sets (?x) inline")
            }
        }
        let scalars = Array(text.unicodeScalars)
        // The pattern's own start-of-pattern settings stay first.
        var settingsEnd = 0
        while scalars.count > settingsEnd + 2, scalars[settingsEnd] == "(", scalars[settingsEnd + 1] == "*",
              let close = scalars[(settingsEnd + 2)...].firstIndex(of: ")"),
              scalars[(settingsEnd + 2)..<close].allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "=" }) {
            settingsEnd = close + 1
        }
        // Escape what the rule language reads itself: '/' ends the regex, '{NAME}' and
        // '{@list}' are macros and lists. Both escapes mean the same to PCRE2, except inside
        // \Q…\E (kept out) and in extended-mode comments (harmless).
        var out = ""
        var i = 0
        var quoted = false
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\\" && i + 1 < scalars.count && scalars[i + 1] == "E" {
                    quoted = false
                    out += "\\E"
                    i += 2
                    continue
                }
                if c == "/" { return .skip("slash inside \\Q…\\E") }
                if c == "\n" || c == "\r" { return .skip("line break inside \\Q…\\E") }
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            if c == "\\" {
                guard i + 1 < scalars.count else { out += "\\"; i += 1; continue }
                let e = scalars[i + 1]
                if e == "Q" { quoted = true }
                if e == "/" { out += "\\/"; i += 2; continue }
                if e == "\n" || e == "\r" || e == "\0" { return .skip("escaped control character") }
                out.unicodeScalars.append(c)
                out.unicodeScalars.append(e)
                i += 2
                // \p{..}, \x{..}, \N{..}, \o{..}, \g{..}, \k{..}: the braces are the escape's.
                if "pPxNogk".unicodeScalars.contains(e), i < scalars.count, scalars[i] == "{",
                   let close = scalars[i...].firstIndex(of: "}") {
                    for k in i...close { out.unicodeScalars.append(scalars[k]) }
                    i = close + 1
                }
                continue
            }
            if c == "/" { out += "\\/"; i += 1; continue }
            if c == "{", let close = scalars[(i + 1)...].firstIndex(of: "}") {
                let inner = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
                if inner.hasPrefix("@") || isMacroName(inner) { out += "\\{"; i += 1; continue }
            }
            if c == "\n" || c == "\r" {
                // A line break in a pattern that spans lines: in extended mode it ends a
                // comment and is white space, which no escape reproduces.
                if extended { return .skip("extended pattern over several lines") }
                out += c == "\n" ? "\\n" : "\\r"
                i += 1
                continue
            }
            if c.value < 0x20 && c != "\t" || c.value == 0x7F {
                if extended { return .skip("control character in an extended pattern") }
                out += "\\x{\(String(c.value, radix: 16))}"
                i += 1
                continue
            }
            out.unicodeScalars.append(c)
            i += 1
        }
        // Where the settings end in `out`: the settings are plain ASCII, copied as they were.
        let settings = String(String.UnicodeScalarView(scalars[0..<settingsEnd]))
        let rest = String(out.unicodeScalars.dropFirst(settingsEnd))
        let body = wrap.map { $0.0 + rest + $0.1 } ?? rest
        return .rule(verbsText + settings + (options.isEmpty ? "" : "(?\(options))") + body)
    }

    /// An extended-mode pattern written over several lines as one line: `#` comments
    /// (outside classes, escapes and `\Q…\E`) dropped, line breaks made spaces (both white
    /// space PCRE2 ignores there). Nil when a line break means something else: inside a class,
    /// after a backslash, inside `\Q…\E`.
    static func joinExtendedLines(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count, bytes[i + 1] != 0x0A, bytes[i + 1] != 0x0D else { return nil }
                if bytes[i + 1] == UInt8(ascii: "Q") {
                    let end = PCRE2Syntax.quoteEnd(bytes, from: i + 2) ?? bytes.count
                    guard !bytes[i..<end].contains(0x0A), !bytes[i..<end].contains(0x0D) else { return nil }
                    out += bytes[i..<end]
                    i = end
                } else {
                    out += bytes[i...(i + 1)]
                    i += 2
                }
            case UInt8(ascii: "["):
                guard let end = PCRE2Syntax.classEnd(bytes, from: i), !bytes[i..<end].contains(0x0A), !bytes[i..<end].contains(0x0D) else { return nil }
                out += bytes[i..<end]
                i = end
            case UInt8(ascii: "("):
                if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"), bytes[i + 2] == UInt8(ascii: "#") {
                    // (?#…) runs to the next ')'.
                    guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ")")) else { return nil }
                    i = close + 1
                    out.append(0x20)
                } else {
                    out.append(b)
                    i += 1
                }
            case UInt8(ascii: "#"):
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            case 0x0A, 0x0D:
                out.append(0x20)
                i += 1
            default:
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether an option setting in the pattern turns on extended mode (`(?x)`, `(?ix:`).
    static func setsExtendedInline(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for k in scalars.indices where scalars[k] == "(" && k + 1 < scalars.count && scalars[k + 1] == "?" {
            var j = k + 2
            while j < scalars.count, scalars[j].properties.isAlphabetic || scalars[j] == "^" || scalars[j] == "-" {
                if scalars[j] == "x" { return true }
                j += 1
            }
        }
        return false
    }

    /// The rule language's macro names: a letter or '_', then letters, digits, '_', '-', '.'.
    static func isMacroName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// Bytes as text: UTF-8 in UTF mode (nil when invalid), Latin-1 otherwise.
    static func decode(_ bytes: [UInt8], utf: Bool) -> String? {
        if utf {
            var text = ""
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            loop: while true {
                switch decoder.decode(&iterator) {
                case let .scalarValue(scalar): text.unicodeScalars.append(scalar)
                case .emptyInput: break loop
                case .error: return nil
                }
            }
            return text
        }
        var text = ""
        for byte in bytes { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }

    /// A subject's bytes as a document's UTF-8, or nil when a UTF-mode subject is not UTF-8.
    static func documentBytes(_ subject: PCRE2TestFile.Subject, utf: Bool) -> [UInt8]? {
        decode(subject.bytes, utf: utf).map { Array($0.utf8) }
    }
}
