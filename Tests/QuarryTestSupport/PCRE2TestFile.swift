// Readers for PCRE2's pcre2test data: the input files (testinputN) and the
// expected output files (testoutputN) of PCRE2's own test suite.
//
// Behaviour follows the pcre2test documentation (doc/pcre2test.txt) and the
// way src/pcre2test.c treats its input, for an ASCII (non-EBCDIC) 8-bit build
// with Unicode support and LF as the default newline. Everything is read as
// bytes; nothing here assumes the files are valid UTF-8.
//
// Only the Swift standard library is used.

// MARK: - Input files

/// One pcre2test input file (for example PCRE2's `testinput1`), read as bytes.
///
/// Each pattern comes with its subject lines, already decoded the way
/// pcre2test decodes them. Command lines (`#pattern`, `#subject`,
/// `#forbid_utf`, `#if`, ...) are applied while reading; comment lines are
/// dropped. Lines inside a false `#if` block (for example `#if ebcdic`) are
/// skipped, as pcre2test skips them.
public struct PCRE2TestFile: Sendable {

    /// One modifier, `name` or `name=value`.
    ///
    /// Single-letter abbreviations are always expanded to the long names of
    /// the pcre2test documentation: `B` bincode, `I` info, `a` ascii_all,
    /// `g` global, `i` caseless, `m` multiline, `n` no_auto_capture,
    /// `r` caseless_restrict, `s` dotall, `x` extended. A second `x` turns
    /// `extended` into `extended_more` (so `/xx` gives `extended_more`), as
    /// pcre2test does. The documented short forms `ph` and `ps` and the
    /// synonyms `startoffset` and `recursion_limit` are given as
    /// `partial_hard`, `partial_soft`, `offset` and `depth_limit`.
    public struct Modifier: Sendable, Equatable, CustomStringConvertible {
        /// The long name, for example `caseless` or `newline`.
        public var name: String
        /// The text after `=`, or `nil` for a modifier that has no value.
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }

        public var description: String {
            if let value { return "\(name)=\(value)" }
            return name
        }
    }

    /// One subject (data) line, decoded.
    public struct Subject: Sendable {
        /// 1-based line number in the input file.
        public var line: Int
        /// The line exactly as written in the file (without its newline).
        /// pcre2test echoes this line to its output.
        public var text: [UInt8]
        /// The subject bytes passed to the matcher: leading and trailing
        /// white space removed, escapes decoded, `\[...]{n}` replicated, and
        /// the `\=` modifier list cut off. In UTF mode, `\x{...}`, `\o{...}`
        /// and `\N{U+...}` give UTF-8; `\xhh` and octal `\ddd` (up to 255)
        /// always give one byte. Outside UTF mode a value above 0xff from
        /// `\x{...}`, `\o{...}` or octal is truncated to one byte (pcre2test
        /// warns), while `\N{U+...}` is always UTF-8 encoded.
        public var bytes: [UInt8]
        /// Subject modifiers in force: the `#subject` defaults, then the
        /// line's own `\=` list applied on top (`-name` removes a default).
        /// Pattern-level match controls (for example `global` on the pattern
        /// line) are not copied here; look at the pattern's `modifiers`.
        public var modifiers: [Modifier]
        /// The line's own `\=` modifier list, expanded, in written order
        /// (`-name` entries appear with a leading `-`); empty if none.
        public var ownModifiers: [Modifier]
        /// True when the subject follows a `\= Expect no match` comment line
        /// of the same group (until the next blank line or other `\=`
        /// comment).
        public var expectNoMatch: Bool
        /// The text of the `\= ...` comment line in force for this subject,
        /// if any (for example `Expect no match` or `Expect error`).
        public var comment: String?
        /// True when an escape gave a character value above 0xff. Such a
        /// subject needs UTF mode (or a wider code unit) to mean what it
        /// says.
        public var wideCharacter: Bool
        /// Set when pcre2test itself rejects the line (bad escape, bad
        /// modifier, invalid UTF-8 in UTF mode, ...), so no match is run.
        /// The message paraphrases pcre2test's `** ...` line.
        public var error: String?

        /// True when a modifier with this long name is in force.
        public func has(_ name: String) -> Bool { modifiers.contains { $0.name == name } }
        /// The value of the last modifier with this long name, if any.
        public func value(_ name: String) -> String? { modifiers.last { $0.name == name }?.value }
    }

    /// One pattern with its subjects.
    public struct Pattern: Sendable {
        /// 1-based line number of the pattern's first line.
        public var line: Int
        /// Number of input lines the pattern spans (1 unless continued).
        public var lineCount: Int
        /// The delimiter, usually `/`.
        public var delimiter: UInt8
        /// The pattern text between the delimiters, as written: internal
        /// newlines are kept, and so is a backslash before an escaped
        /// delimiter (`/a\/b/` gives `a\/b`). If the closing delimiter is
        /// followed by a backslash, a backslash is appended, as pcre2test
        /// does.
        public var text: [UInt8]
        /// The bytes passed to the compiler: `text` decoded for the `hex`
        /// modifier (hex pairs, quoted literal strings) or expanded for the
        /// `expand` modifier (`\[text]{n}`); otherwise equal to `text`.
        public var bytes: [UInt8]
        /// Modifiers in force, in order: the `#pattern` defaults, then the
        /// pattern's own list applied on top (`-name` removes a default;
        /// a later value replaces an earlier one). Names are long names; see
        /// `Modifier`.
        public var modifiers: [Modifier]
        /// The pattern's own modifier list, expanded, in written order
        /// (`-name` entries appear with a leading `-`).
        public var ownModifiers: [Modifier]
        /// True when the pattern is compiled in UTF mode: a `utf` or
        /// `match_invalid_utf` modifier, or `(*UTF)` among the start-of-pattern
        /// items. UTF mode also governs how subject escapes are decoded and
        /// how pcre2test prints matched text.
        public var utf: Bool
        /// The subject lines, in order (comment lines excluded).
        public var subjects: [Subject]
        /// Set when pcre2test itself rejects the pattern line before
        /// compiling it (bad modifier, bad hex, modifiers not allowed
        /// together, ...). Its subjects are then not run.
        public var error: String?

        /// True when a modifier with this long name is in force.
        public func has(_ name: String) -> Bool { modifiers.contains { $0.name == name } }
        /// The value of the last modifier with this long name, if any.
        public func value(_ name: String) -> String? { modifiers.last { $0.name == name }?.value }
        /// True when the pattern spans more than one input line.
        public var isMultiLine: Bool { lineCount > 1 }
    }

    /// The name given at initialisation (for example `testinput1`).
    public var name: String
    /// The patterns, in file order.
    public var patterns: [Pattern]
    /// Lines the reader could not interpret, with why (should be empty on
    /// PCRE2's test files).
    public var problems: [(line: Int, message: String)]
    /// The newline types listed by the last `#newline_default` command (they
    /// change nothing on a build whose default newline, LF, is listed).
    public var newlineDefault: [String]

    /// True after a `#forbid_utf` command: pcre2test compiles the following
    /// patterns with PCRE2_NEVER_UTF and PCRE2_NEVER_UCP (not listed in
    /// `modifiers`), so `utf`, `ucp`, `(*UTF)` and `(*UCP)` fail to compile.
    public var forbidUTF: Bool

    /// The lines pcre2test echoes to its output, in order, with what each one
    /// is. Used by `PCRE2TestOutput` to find its way through an output file.
    var echoes: [Echo]

    struct Echo: Sendable {
        enum Kind: Sendable { case pattern(Int), subject(Int, Int), other }
        var line: Int
        var bytes: [UInt8]
        var kind: Kind
    }

    /// Reads a pcre2test input file.
    /// - Parameters:
    ///   - name: a name for the file, kept in `name`.
    ///   - bytes: the whole file.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        var reader = InputReader(lines: splitLines(bytes))
        reader.run()
        patterns = reader.patterns
        problems = reader.problems
        newlineDefault = reader.newlineDefault
        forbidUTF = reader.forbidUTF
        echoes = reader.echoes
    }
}

// MARK: - Output files

/// One pcre2test expected-output file (for example PCRE2's `testoutput1`),
/// read with the help of its input file.
///
/// pcre2test copies every input line it reads to its output and writes its
/// results after each one. Output lines alone are ambiguous (a result line
/// and an echoed subject line can look alike), so the reader walks the
/// output together with the already-read input file: each echoed input line
/// is found in turn and the lines between two echoes are the results of the
/// first.
public struct PCRE2TestOutput: Sendable {

    /// The first result pcre2test printed for a subject.
    public enum Result: Sendable, Equatable {
        /// A match: the text of the ` 0:` line, decoded from pcre2test's
        /// escapes (see `decodePrinted`).
        case match([UInt8])
        /// `No match` (possibly with a mark).
        case noMatch
        /// `Partial match: ...`, with the decoded text.
        case partial([UInt8])
        /// A matching error (`Failed: error -47: ...`, `Error -24 (...)`) or a
        /// pcre2test complaint about the line (`** ...`). The line as printed.
        case error(String)
        /// Nothing was printed: the pattern failed to compile (or pcre2test
        /// rejected it), so pcre2test skipped its subjects.
        case notRun
        /// Something else, for example the result of a substitution
        /// (`replace=`) or a POSIX `Matched without capture`. The first
        /// printed line.
        case other(String)
    }

    /// What pcre2test printed for one subject line.
    public struct SubjectOutput: Sendable {
        /// 1-based line number of the echoed subject in the output file.
        public var line: Int
        /// The echoed subject line, as in the input file.
        public var echo: [UInt8]
        /// The first result.
        public var first: Result
        /// The raw printed line the first result was read from, if any.
        public var firstLine: [UInt8]?
        /// All lines printed after the echo, raw.
        public var lines: [[UInt8]]
    }

    /// What pcre2test printed for one pattern.
    public struct PatternOutput: Sendable {
        /// 1-based line number of the echoed pattern in the output file.
        public var line: Int
        /// The echoed pattern line(s).
        public var echo: [[UInt8]]
        /// The compile error, `Failed: error NNN at offset N: message`, if
        /// pcre2test printed one right after the pattern.
        public var compileError: String?
        /// All lines printed after the pattern (information, code listing,
        /// errors, warnings), raw.
        public var lines: [[UInt8]]
        /// The subjects, in the same order as in the input file.
        public var subjects: [SubjectOutput]
    }

    /// The patterns, in the same order as `input.patterns`.
    public var patterns: [PatternOutput]
    /// Echoed input lines the reader could not find, and similar trouble
    /// (should be empty).
    public var problems: [(line: Int, message: String)]

    /// Reads a pcre2test output file.
    /// - Parameters:
    ///   - bytes: the whole output file.
    ///   - input: the input file that produced it, already read.
    public init(bytes: [UInt8], input: PCRE2TestFile) {
        let lines = splitLines(bytes)
        var problems: [(line: Int, message: String)] = []
        var patterns: [PatternOutput] = input.patterns.map {
            PatternOutput(line: 0, echo: [], compileError: nil, lines: [],
                          subjects: $0.subjects.map {
                              SubjectOutput(line: 0, echo: $0.text, first: .notRun, firstLine: nil, lines: [])
                          })
        }
        // Find each echoed line in turn; lines in between belong to the
        // previous echo.
        var generated: [[[UInt8]]] = Array(repeating: [], count: input.echoes.count)
        var echoLine: [Int] = Array(repeating: 0, count: input.echoes.count)
        var position = 0
        var previous: Int? = nil
        for (index, echo) in input.echoes.enumerated() {
            var found: Int? = nil
            var k = position
            while k < lines.count {
                if lines[k] == echo.bytes { found = k; break }
                k += 1
            }
            guard let at = found else {
                problems.append((line: echo.line, message: "input line \(echo.line) not found in the output"))
                continue
            }
            if let previous { generated[previous] += lines[position..<at] }
            else if at > position {
                problems.append((line: position + 1, message: "\(at - position) output line(s) before the first echoed input line"))
            }
            echoLine[index] = at + 1
            position = at + 1
            previous = index
        }
        if let previous, position < lines.count { generated[previous] += lines[position...] }

        for (index, echo) in input.echoes.enumerated() {
            switch echo.kind {
            case .pattern(let p) where p < patterns.count:
                if patterns[p].line == 0 { patterns[p].line = echoLine[index] }
                patterns[p].echo.append(echo.bytes)
                // Lines after the last pattern line are the compile output.
                patterns[p].lines = generated[index]
            case .subject(let p, let s):
                patterns[p].subjects[s].line = echoLine[index]
                patterns[p].subjects[s].lines = generated[index]
            case .pattern, .other:
                break
            }
        }
        for p in patterns.indices {
            patterns[p].compileError = patterns[p].lines.first { $0.starts(with: Array("Failed: error ".utf8)) }
                .map { String(decoding: $0, as: UTF8.self) }
            let pattern = input.patterns[p]
            for s in patterns[p].subjects.indices {
                let subject = pattern.subjects[s]
                let substitution = (pattern.value("replace").map { !$0.isEmpty } ?? false)
                    || (subject.value("replace").map { !$0.isEmpty } ?? false)
                let (first, line) = PCRE2TestOutput.firstResult(patterns[p].subjects[s].lines,
                                                               utf: pattern.utf, substitution: substitution)
                patterns[p].subjects[s].first = first
                patterns[p].subjects[s].firstLine = line
            }
        }
        self.patterns = patterns
        self.problems = problems
    }

    /// Reads the first result out of the lines printed for one subject.
    static func firstResult(_ lines: [[UInt8]], utf: Bool, substitution: Bool) -> (Result, [UInt8]?) {
        if lines.isEmpty { return (.notRun, nil) }
        func text(_ l: [UInt8]) -> String { String(decoding: l, as: UTF8.self) }
        for l in lines {
            if l.starts(with: Array("Failed: error".utf8)) || l.starts(with: Array("Error -".utf8))
                || l.starts(with: Array("** Failed".utf8)) {
                return (.error(text(l)), l)
            }
            if substitution {
                // pcre2_substitute() output: " N: text" with N replacements.
                if l.count >= 3, let colon = l.firstIndex(of: UInt8(ascii: ":")),
                   colon > 0, l[..<colon].allSatisfy({ $0 == 0x20 || isDigit($0) }),
                   l[..<colon].contains(where: isDigit) {
                    return (.other(text(l)), l)
                }
                continue
            }
            if l.starts(with: Array(" 0:".utf8)) {
                var start = 3
                if start < l.count && l[start] == 0x20 { start += 1 }
                return (.match(decodePrinted(l[start...], utf: utf)), l)
            }
            if l.starts(with: Array("No match".utf8)) { return (.noMatch, l) }
            if l.starts(with: Array("Partial match".utf8)) {
                // "Partial match: text" or "Partial match, mark=M: text".
                var i = 13
                if i < l.count && l[i] == UInt8(ascii: ",") {
                    while i + 1 < l.count && !(l[i] == UInt8(ascii: ":") && l[i + 1] == 0x20) { i += 1 }
                }
                let start = min(l.count, i + 2)
                return (.partial(decodePrinted(l[start...], utf: utf)), l)
            }
            if l.starts(with: Array("Matched with".utf8)) || l.starts(with: Array("Matched without".utf8)) {
                return (.other(text(l)), l)
            }
        }
        if let complaint = lines.first(where: { $0.starts(with: Array("** ".utf8)) }) {
            return (.error(text(complaint)), complaint)
        }
        return (.other(text(lines[0])), lines[0])
    }

    /// Formats bytes the way pcre2test prints matched text: bytes 0x20-0x7e
    /// as themselves; others as `\xhh` outside UTF mode; in UTF mode each
    /// UTF-8 character outside 0x20-0x7e as `\x{h...}` (an invalid byte as
    /// `\x{hh}`). Comparing `printed(expectedBytes)` with the raw output
    /// text avoids the ambiguity of `decodePrinted`.
    public static func printed(_ bytes: [UInt8], utf: Bool) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ c: UInt32) {
            if c >= 0x20 && c < 0x7f { out.append(UInt8(c)); return }
            let hex = Array(String(c, radix: 16).utf8)
            let padded = hex.count < 2 ? [UInt8(ascii: "0")] + hex : hex
            if c < 0x100 && !utf {
                out += Array("\\x".utf8) + padded
            } else {
                out += Array("\\x{".utf8) + padded + [UInt8(ascii: "}")]
            }
        }
        var i = 0
        while i < bytes.count {
            if utf, let (c, n) = decodeUTF8Character(bytes, at: i) {
                put(c)
                i += n
            } else {
                put(UInt32(bytes[i]))
                i += 1
            }
        }
        return out
    }

    /// Decodes text printed by pcre2test: `\x{h...}` is a character (its
    /// UTF-8 encoding in UTF mode, one byte otherwise) and `\xhh` is one
    /// byte; everything else stands for itself. A literal backslash followed
    /// by `x` in the subject prints the same way as an escape, so this is
    /// not always exact; see `printed` for an exact comparison.
    public static func decodePrinted(_ text: ArraySlice<UInt8>, utf: Bool) -> [UInt8] {
        let t = Array(text)
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            if t[i] == UInt8(ascii: "\\"), i + 1 < t.count, t[i + 1] == UInt8(ascii: "x") {
                if i + 2 < t.count, t[i + 2] == UInt8(ascii: "{") {
                    var j = i + 3
                    var value: UInt64 = 0
                    while j < t.count, let d = hexValue(t[j]), value < 0x1_0000_0000 {
                        value = value * 16 + UInt64(d)
                        j += 1
                    }
                    if j > i + 3, j < t.count, t[j] == UInt8(ascii: "}") {
                        if utf || value > 0xff {
                            out += encodeUTF8(UInt32(truncatingIfNeeded: value))
                        } else {
                            out.append(UInt8(value))
                        }
                        i = j + 1
                        continue
                    }
                } else if i + 3 < t.count, let h = hexValue(t[i + 2]), let l = hexValue(t[i + 3]) {
                    out.append(UInt8(h * 16 + l))
                    i += 4
                    continue
                }
            }
            out.append(t[i])
            i += 1
        }
        return out
    }
}

// MARK: - Reading the input

/// Splits bytes into lines at LF. The LF is not kept; a final line without
/// LF is kept.
private func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var start = 0
    for i in bytes.indices where bytes[i] == 0x0a {
        lines.append(Array(bytes[start..<i]))
        start = i + 1
    }
    if start < bytes.count { lines.append(Array(bytes[start...])) }
    return lines
}

// C-locale character classes, as pcre2test uses them.
private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0d) }
private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
private func isOctal(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x37 }
private func isAlnum(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}
private func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case 0x30...0x39: return UInt32(c - 0x30)
    case 0x41...0x46: return UInt32(c - 0x41 + 10)
    case 0x61...0x66: return UInt32(c - 0x61 + 10)
    default: return nil
    }
}

/// UTF-8 in its original definition (RFC 2279): up to six bytes, values up
/// to 0x7fffffff, as pcre2test writes it.
private func encodeUTF8(_ value: UInt32) -> [UInt8] {
    let c = value
    switch c {
    case 0..<0x80: return [UInt8(c)]
    case 0x80..<0x800: return [UInt8(0xc0 | (c >> 6)), UInt8(0x80 | (c & 0x3f))]
    case 0x800..<0x10000:
        return [UInt8(0xe0 | (c >> 12)), UInt8(0x80 | ((c >> 6) & 0x3f)), UInt8(0x80 | (c & 0x3f))]
    case 0x10000..<0x200000:
        return [UInt8(0xf0 | (c >> 18)), UInt8(0x80 | ((c >> 12) & 0x3f)),
                UInt8(0x80 | ((c >> 6) & 0x3f)), UInt8(0x80 | (c & 0x3f))]
    case 0x200000..<0x4000000:
        return [UInt8(0xf8 | (c >> 24)), UInt8(0x80 | ((c >> 18) & 0x3f)), UInt8(0x80 | ((c >> 12) & 0x3f)),
                UInt8(0x80 | ((c >> 6) & 0x3f)), UInt8(0x80 | (c & 0x3f))]
    default:
        return [UInt8(0xfc | ((c >> 30) & 0x01)), UInt8(0x80 | ((c >> 24) & 0x3f)),
                UInt8(0x80 | ((c >> 18) & 0x3f)), UInt8(0x80 | ((c >> 12) & 0x3f)),
                UInt8(0x80 | ((c >> 6) & 0x3f)), UInt8(0x80 | (c & 0x3f))]
    }
}

/// Decodes one RFC 2279 UTF-8 character (shortest form only); nil if the
/// bytes at `i` are not one.
private func decodeUTF8Character(_ b: [UInt8], at i: Int) -> (UInt32, Int)? {
    let first = b[i]
    if first < 0x80 { return (UInt32(first), 1) }
    var extra = 0
    var mask: UInt8 = 0x40
    while extra < 6 && first & mask != 0 { extra += 1; mask >>= 1 }
    if extra == 0 || extra > 5 { return nil }
    if i + extra >= b.count { return nil }
    var value = UInt32(first & (0x3f >> UInt8(extra)))
    for k in 1...extra {
        let c = b[i + k]
        if c & 0xc0 != 0x80 { return nil }
        value = (value << 6) | UInt32(c & 0x3f)
    }
    let limits: [UInt32] = [0x7f, 0x7ff, 0xffff, 0x1fffff, 0x3ffffff, 0x7fffffff]
    let needed = limits.firstIndex { value <= $0 } ?? 5
    if needed != extra { return nil }
    return (value, extra + 1)
}

private func string(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }

// MARK: Modifier table

/// Where a modifier may appear (pcre2test's MOD_PAT, MOD_DAT, ...).
private enum ModifierPlace { case pattern, data, patternOrData, patternLineOrData, compileContext, matchContext }

/// What a modifier's value looks like (pcre2test's MOD_CTL, MOD_INT, ...).
private enum ModifierValue { case none, optional, unsigned, size, signed, pair, newline, bsr, string(max: Int), char, convert, nameOrNumber }

private struct ModifierInfo {
    var place: ModifierPlace
    var value: ModifierValue
    /// Allowed after `#perltest`.
    var perl: Bool
}

/// The long modifier names pcre2test knows, with where they may be used.
private let modifierTable: [String: ModifierInfo] = {
    var t: [String: ModifierInfo] = [:]
    func add(_ place: ModifierPlace, _ value: ModifierValue, perl: Bool = false, _ names: String...) {
        for n in names { t[n] = ModifierInfo(place: place, value: value, perl: perl) }
    }
    add(.patternLineOrData, .none, perl: true, "aftertext", "allaftertext", "allusedtext", "global", "mark")
    add(.patternLineOrData, .unsigned, perl: true, "jitstack")
    add(.patternLineOrData, .none, "allcaptures", "allvector", "altglobal", "heapframes_size", "startchar",
        "substitute_callout", "substitute_case_callout", "substitute_extended", "substitute_literal",
        "substitute_matched", "substitute_overflow_length", "substitute_replacement_only",
        "substitute_unknown_unset", "substitute_unset_empty", "null_substitute_match_data")
    add(.patternLineOrData, .unsigned, "substitute_skip", "substitute_stop")
    add(.patternLineOrData, .string(max: 99), "replace")
    add(.pattern, .none, "allow_empty_class", "alt_bsux", "alt_circumflex", "alt_extended_class", "alt_verbnames",
        "auto_callout", "bincode", "callout_info", "debug", "dollar_endonly", "expand", "firstline", "framesize",
        "fullbincode", "info", "jitfast", "jitverify", "literal", "match_invalid_utf", "match_unset_backref",
        "never_backslash_c", "never_ucp", "never_utf", "no_auto_capture", "no_dotstar_anchor", "null_pattern",
        "posix", "posix_nosub", "push", "pushcopy", "pushtablescopy", "ungreedy", "use_length",
        "use_offset_limit", "utf8_input")
    add(.pattern, .none, perl: true, "caseless", "dotall", "dupnames", "extended", "extended_more", "hex",
        "multiline", "no_auto_possess", "no_start_optimize", "subject_literal", "ucp", "utf")
    add(.pattern, .string(max: 31), perl: true, "locale")
    add(.pattern, .convert, "convert")
    add(.pattern, .char, "convert_glob_escape", "convert_glob_separator")
    add(.pattern, .unsigned, "convert_length", "regerror_buffsize", "stackguard", "tables")
    add(.pattern, .optional, "jit")
    add(.compileContext, .none, "allow_lookaround_bsk", "allow_surrogate_escapes", "ascii_all", "ascii_bsd",
        "ascii_bss", "ascii_bsw", "ascii_digit", "ascii_posix", "auto_possess", "auto_possess_off",
        "bad_escape_is_literal", "caseless_restrict", "dotstar_anchor", "dotstar_anchor_off", "escaped_cr_is_lf",
        "extra_alt_bsux", "match_line", "match_word", "never_callout", "no_bs0", "optimization_full",
        "optimization_none", "python_octal", "start_optimize", "start_optimize_off", "turkish_casing")
    add(.compileContext, .bsr, "bsr")
    add(.compileContext, .newline, "newline")
    add(.compileContext, .size, "max_pattern_compiled_length", "max_pattern_length")
    add(.compileContext, .unsigned, "max_varlookbehind", "parens_nest_limit")
    add(.matchContext, .unsigned, "depth_limit", "heap_limit", "match_limit", "recursion_limit")
    add(.matchContext, .size, "offset_limit")
    add(.patternOrData, .none, "anchored", "endanchored", "memory", "no_utf_check", "null_context")
    add(.data, .none, "callout_capture", "callout_extra", "callout_no_where", "callout_none", "copy_matched_subject",
        "dfa", "dfa_restart", "dfa_shortest", "disable_recurseloop_check", "find_limits", "find_limits_noheap",
        "getall", "notbol", "notempty", "notempty_atstart", "noteol", "null_replacement", "null_subject",
        "partial_hard", "partial_soft", "ph", "ps", "zero_terminate")
    add(.data, .none, perl: true, "no_jit")
    add(.data, .signed, "callout_data")
    add(.data, .pair, "callout_error", "callout_fail", "posix_startend")
    add(.data, .nameOrNumber, "copy", "get")
    add(.data, .size, "offset", "startoffset")
    add(.data, .unsigned, "ovector")
    add(.data, .string(max: 1000), "substitute_subject")
    return t
}()

/// Single-letter abbreviations.
private let letterModifiers: [UInt8: String] = [
    UInt8(ascii: "B"): "bincode", UInt8(ascii: "I"): "info", UInt8(ascii: "a"): "ascii_all",
    UInt8(ascii: "g"): "global", UInt8(ascii: "i"): "caseless", UInt8(ascii: "m"): "multiline",
    UInt8(ascii: "n"): "no_auto_capture", UInt8(ascii: "r"): "caseless_restrict",
    UInt8(ascii: "s"): "dotall", UInt8(ascii: "x"): "extended",
]

/// Names given under another documented name.
private let modifierAliases: [String: String] = [
    "ph": "partial_hard", "ps": "partial_soft", "startoffset": "offset", "recursion_limit": "depth_limit",
]

/// Which list a modifier string belongs to.
private enum ModifierContext { case pattern, defaultPattern, data, defaultData }

/// One step of a modifier list.
private enum ModifierStep { case set(PCRE2TestFile.Modifier), unset(String), letterX }

private func allowed(_ place: ModifierPlace, in context: ModifierContext) -> Bool {
    switch place {
    case .compileContext, .pattern: return context == .pattern || context == .defaultPattern
    case .matchContext, .data: return context == .data || context == .defaultData
    case .patternOrData: return true
    case .patternLineOrData: return context != .defaultPattern
    }
}

/// Parses a modifier list the way pcre2test does. Returns the steps read
/// before any error, and the error.
private func parseModifiers(_ s: [UInt8], context: ModifierContext, perl: Bool) -> (steps: [ModifierStep], error: String?) {
    var steps: [ModifierStep] = []
    var lettersAllowed = true
    var namesLength: [String: Int] = [:]
    var i = 0
    let n = s.count
    while true {
        while i < n && (isSpace(s[i]) || s[i] == UInt8(ascii: ",")) { i += 1 }
        if i >= n { break }
        var end = i
        while end < n && s[end] != UInt8(ascii: ",") { end += 1 }
        var itemEnd = end
        if end == n { while itemEnd > i && isSpace(s[itemEnd - 1]) { itemEnd -= 1 } }
        defer { i = end }
        var p = i
        var off = false
        if s[p] == UInt8(ascii: "-") { off = true; p += 1 }
        var q = p
        while q < itemEnd && s[q] != UInt8(ascii: "=") { q += 1 }
        let name = string(s[p..<q])
        let item = string(s[p..<itemEnd])

        guard let info = modifierTable[name] else {
            if !lettersAllowed { return (steps, "Unrecognized modifier \"\(item)\"") }
            lettersAllowed = false
            var k = p
            while k < itemEnd && s[k] != 0x0a {
                guard let long = letterModifiers[s[k]], let letterInfo = modifierTable[long] else {
                    return (steps, "Unrecognized modifier '\(string([s[k]]))' in modifier string \"\(string(s[i..<itemEnd]))\"")
                }
                if perl && !letterInfo.perl { return (steps, "\"\(long)\" is not allowed in a Perl-compatible test") }
                if !allowed(letterInfo.place, in: context) { return (steps, "/\(string([s[k]])) is not valid here") }
                steps.append(s[k] == UInt8(ascii: "x") ? .letterX : .set(.init(name: long)))
                k += 1
            }
            continue
        }

        var value: String? = nil
        let needsValue: Bool
        switch info.value {
        case .none: needsValue = false
        case .optional: needsValue = q < itemEnd
        default: needsValue = true
        }
        if needsValue {
            if q >= itemEnd { return (steps, "'=' expected after \"\(name)\"") }
            if off { return (steps, "'-' is not valid for \"\(name)\"") }
            value = string(s[(q + 1)..<itemEnd])
        } else if q < itemEnd {
            return (steps, "Unrecognized modifier '\(item)'")
        }
        if perl && !info.perl { return (steps, "\"\(name)\" is not allowed in a Perl-compatible test") }
        if !allowed(info.place, in: context) { return (steps, "\"\(name)\" is not valid here") }

        if let v = value {
            let bytes = Array(v.utf8)
            let invalid = "Invalid value in \"\(item)\""
            func unsignedNumber(_ b: ArraySlice<UInt8>, limit: UInt64) -> Bool {
                guard let f = b.first, isDigit(f), b.allSatisfy(isDigit) else { return false }
                var x: UInt64 = 0
                for d in b {
                    let (m, o1) = x.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(UInt64(d - 0x30))
                    if o1 || o2 { return false }
                    x = a
                }
                return x <= limit
            }
            switch info.value {
            case .unsigned, .optional:
                if !unsignedNumber(bytes[...], limit: UInt64(UInt32.max)) { return (steps, invalid) }
            case .size:
                if !unsignedNumber(bytes[...], limit: UInt64.max - 1) { return (steps, invalid) }
            case .signed:
                let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
                if !unsignedNumber(digits, limit: bytes.first == UInt8(ascii: "-") ? 0x8000_0000 : 0x7fff_ffff) {
                    return (steps, invalid)
                }
            case .pair:
                let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
                if parts.count > 2 || !parts.allSatisfy({ unsignedNumber($0, limit: UInt64(UInt32.max)) }) {
                    return (steps, invalid)
                }
            case .newline:
                if !["default", "cr", "lf", "crlf", "anycrlf", "any", "nul"].contains(v.lowercased()) {
                    return (steps, invalid)
                }
            case .bsr:
                if !["default", "anycrlf", "unicode"].contains(v.lowercased()) { return (steps, invalid) }
            case .string(let max):
                if bytes.count > max { return (steps, "Overlong value for \"\(name)\" (max \(max) code units)") }
            case .nameOrNumber:
                if let f = bytes.first, isDigit(f) || f == UInt8(ascii: "-") {
                    let digits = f == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
                    if !unsignedNumber(digits, limit: 0x7fff_ffff) { return (steps, invalid) }
                } else if !bytes.isEmpty {
                    if bytes.count > 128 { return (steps, "Group name in \"\(name)\" is too long") }
                    let total = namesLength[name, default: 0] + bytes.count + 1
                    if total + 1 > 64 { return (steps, "Too many characters in named \"\(name)\" modifiers") }
                    namesLength[name] = total
                }
            case .none, .char, .convert:
                break
            }
        }
        let longName = modifierAliases[name] ?? name
        steps.append(off ? .unset(longName) : .set(.init(name: longName, value: value)))
    }
    return (steps, nil)
}

/// Applies modifier steps to a list in force.
private func apply(_ steps: [ModifierStep], to list: inout [PCRE2TestFile.Modifier]) {
    for step in steps {
        switch step {
        case .set(let m):
            if m.name == "copy" || m.name == "get" {
                list.append(m)
            } else if let at = list.firstIndex(where: { $0.name == m.name }) {
                list[at].value = m.value
            } else {
                list.append(m)
            }
        case .unset(let name):
            list.removeAll { $0.name == name }
        case .letterX:
            if let at = list.firstIndex(where: { $0.name == "extended" }) {
                list.remove(at: at)
                if !list.contains(where: { $0.name == "extended_more" }) { list.append(.init(name: "extended_more")) }
            } else {
                list.append(.init(name: "extended"))
            }
        }
    }
}

/// The steps as a list in written order: `-name` for an unset, and
/// repeated `x` letters folded as pcre2test folds them.
private func written(_ steps: [ModifierStep]) -> [PCRE2TestFile.Modifier] {
    var list: [PCRE2TestFile.Modifier] = []
    for step in steps {
        switch step {
        case .set(let m): list.append(m)
        case .unset(let name): list.append(.init(name: "-" + name))
        case .letterX:
            if let at = list.lastIndex(where: { $0.name == "extended" }) {
                list[at].name = "extended_more"
            } else {
                list.append(.init(name: "extended"))
            }
        }
    }
    return list
}

// MARK: Pattern and subject decoding

/// Decodes a `hex` pattern: hex pairs, white space ignored, quoted strings
/// taken literally.
private func decodeHexPattern(_ text: [UInt8]) -> ([UInt8], String?) {
    var out: [UInt8] = []
    var i = 0
    while i < text.count {
        let c = text[i]
        if isSpace(c) { i += 1; continue }
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
            var j = i + 1
            while j < text.count && text[j] != c { j += 1 }
            if j >= text.count { return (out, "Missing closing quote in hex pattern: opening quote is at offset \(i)") }
            out += text[(i + 1)..<j]
            i = j + 1
            continue
        }
        guard let h = hexValue(c) else {
            return (out, "Unexpected non-hex-digit '\(string([c]))' at offset \(i) in hex pattern: quote missing?")
        }
        if i + 1 >= text.count { return (out, "Odd number of digits in hex pattern") }
        guard let l = hexValue(text[i + 1]) else {
            return (out, "Unexpected non-hex-digit '\(string([text[i + 1]]))' at offset \(i + 1) in hex pattern: quote missing?")
        }
        out.append(UInt8(h * 16 + l))
        i += 2
    }
    return (out, nil)
}

/// Expands `\[text]{n}` items in an `expand` pattern. An item whose count is
/// not a plain decimal number followed by `}` is left as it is.
private func expandPattern(_ text: [UInt8]) -> ([UInt8], String?) {
    var out: [UInt8] = []
    var i = 0
    outer: while i < text.count {
        if text[i] == UInt8(ascii: "\\"), i + 1 < text.count, text[i + 1] == UInt8(ascii: "[") {
            var e = i + 2
            while e + 1 < text.count {
                if text[e] == UInt8(ascii: "]") && text[e + 1] == UInt8(ascii: "{") {
                    var d = e + 2
                    var count: UInt64 = 0
                    var overflow = false
                    while d < text.count, isDigit(text[d]) {
                        count = count * 10 + UInt64(text[d] - 0x30)
                        if count > UInt64(UInt32.max) { overflow = true; count = UInt64(UInt32.max) + 1 }
                        d += 1
                    }
                    if overflow { return (out, "Pattern repeat count too large") }
                    if d < text.count && text[d] == UInt8(ascii: "}") {
                        if count == 0 { return (out, "Zero repeat not allowed") }
                        let unit = text[(i + 2)..<e]
                        for _ in 0..<count { out += unit }
                        i = d + 1
                        continue outer
                    }
                }
                e += 1
            }
        }
        out.append(text[i])
        i += 1
    }
    return (out, nil)
}

/// True when the pattern starts with `(*UTF)` among its leading `(*...)`
/// items.
private func startsWithUTFVerb(_ b: [UInt8]) -> Bool {
    var i = 0
    while i + 1 < b.count && b[i] == UInt8(ascii: "(") && b[i + 1] == UInt8(ascii: "*") {
        guard let close = b[(i + 2)...].firstIndex(of: UInt8(ascii: ")")) else { return false }
        if Array(b[(i + 2)..<close]) == Array("UTF".utf8) { return true }
        i = close + 1
    }
    return false
}

/// Decodes one subject line. Returns the bytes, the text of the `\=`
/// modifier list (if any), whether a value above 0xff was seen, and an error.
private func decodeSubject(_ raw: [UInt8], utf: Bool, literal: Bool)
    -> (bytes: [UInt8], modifiers: [UInt8]?, wide: Bool, error: String?)
{
    var lo = 0
    var hi = raw.count
    while hi > lo && isSpace(raw[hi - 1]) { hi -= 1 }
    while lo < hi && isSpace(raw[lo]) { lo += 1 }
    let s = Array(raw[lo..<hi])
    if utf {
        var k = 0
        while k < s.count {
            guard let (_, n) = decodeUTF8Character(s, at: k) else {
                return ([], nil, false, "Failed: invalid UTF-8 string cannot be used as input in UTF mode")
            }
            k += n
        }
    }
    if literal { return (s, nil, false, nil) }

    var out: [UInt8] = []
    var wide = false
    var repeatStart: Int? = nil
    var i = 0
    while i < s.count {
        let c = s[i]
        i += 1
        if c == UInt8(ascii: "]"), let start = repeatStart {
            guard i < s.count, s[i] == UInt8(ascii: "{") else { return (out, nil, wide, "Expected '{' after \\[....]") }
            i += 1
            // strtol: optional white space and sign, then digits.
            var j = i
            while j < s.count && isSpace(s[j]) { j += 1 }
            var negative = false
            if j < s.count && (s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: "+")) {
                negative = s[j] == UInt8(ascii: "-"); j += 1
            }
            var count: Int64 = 0
            var digits = 0
            while j < s.count && isDigit(s[j]) {
                if count <= Int64(Int32.max) { count = count * 10 + Int64(s[j] - 0x30) }
                j += 1; digits += 1
            }
            if digits > 0 { i = j }
            if negative { count = -count }
            if count > Int64(Int32.max) || count < Int64(Int32.min) { return (out, nil, wide, "Repeat count too large") }
            guard i < s.count, s[i] == UInt8(ascii: "}") else { return (out, nil, wide, "Expected '}' after \\[...]{...") }
            i += 1
            if count <= 0 { return (out, nil, wide, "Zero or negative repeat not allowed") }
            let unit = Array(out[start...])
            for _ in 1..<count { out += unit }
            repeatStart = nil
            continue
        }
        if c != UInt8(ascii: "\\") {
            out.append(c)
            continue
        }
        // An escape. `value` is a character value; `raw` forces one byte,
        // `forceUTF` forces UTF-8.
        guard i < s.count else { break }          // a final backslash is ignored
        let e = s[i]
        i += 1
        var value: UInt32 = UInt32(e)
        var raw = false
        var forceUTF = false
        switch e {
        case UInt8(ascii: "a"): value = 7
        case UInt8(ascii: "b"): value = 8
        case UInt8(ascii: "e"): value = 0x1b
        case UInt8(ascii: "f"): value = 0x0c
        case UInt8(ascii: "n"): value = 0x0a
        case UInt8(ascii: "r"): value = 0x0d
        case UInt8(ascii: "t"): value = 0x09
        case UInt8(ascii: "v"): value = 0x0b
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            value = UInt32(e - 0x30)
            var k = 0
            while k < 2 && i < s.count && isOctal(s[i]) { value = value * 8 + UInt32(s[i] - 0x30); i += 1; k += 1 }
            if !(utf && value > 255) { raw = true }
        case UInt8(ascii: "o"):
            if i < s.count && s[i] == UInt8(ascii: "{") {
                var j = i + 1
                var v: UInt32 = 0
                while j < s.count && isOctal(s[j]) {
                    if v >= 0x2000_0000 { return (out, nil, wide, "\\o{ escape too large") }
                    v = v * 8 + UInt32(s[j] - 0x30)
                    j += 1
                }
                if j == i + 1 || j >= s.count || s[j] != UInt8(ascii: "}") {
                    return (out, nil, wide, "Malformed \\o{ escape")
                }
                value = v
                i = j + 1
            }
        case UInt8(ascii: "x"):
            value = 0
            if i < s.count && s[i] == UInt8(ascii: "{") {
                var j = i + 1
                var digits = 0
                while j < s.count, let d = hexValue(s[j]) {
                    digits += 1
                    if digits == 9 {
                        while j < s.count && hexValue(s[j]) != nil { j += 1 }
                        break
                    }
                    value = value * 16 + d
                    j += 1
                }
                if digits == 0 || j >= s.count || s[j] != UInt8(ascii: "}") {
                    return (out, nil, wide, "Malformed \\x{ escape")
                }
                i = j + 1
            } else {
                var k = 0
                while k < 2 && i < s.count, let d = hexValue(s[i]) { value = value * 16 + d; i += 1; k += 1 }
                raw = true
            }
        case UInt8(ascii: "N"):
            let rest = s[i...]
            if rest.starts(with: Array("{U+".utf8)), i + 3 < s.count, hexValue(s[i + 3]) != nil {
                var j = i + 3
                var v: UInt64 = 0
                while j < s.count, let d = hexValue(s[j]) { v = min(v * 16 + UInt64(d), 1 << 40); j += 1 }
                if j < s.count && s[j] == UInt8(ascii: "}") && v <= UInt64(UInt32.max) {
                    value = UInt32(v)
                    forceUTF = true
                    i = j + 1
                    break
                }
            }
            return (out, nil, wide, "Malformed \\N{U+ escape")
        case UInt8(ascii: "="):
            return (out, Array(s[i...]), wide, nil)
        case UInt8(ascii: "["):
            if repeatStart != nil { return (out, nil, wide, "Nested replication is not supported") }
            repeatStart = out.count
            continue
        default:
            if isAlnum(e) { return (out, nil, wide, "Unrecognized escape sequence \"\\\(string([e]))\"") }
        }
        if value > 0xff { wide = true }
        if raw || !(utf || forceUTF) {
            out.append(UInt8(truncatingIfNeeded: value))
        } else {
            if value > 0x7fff_ffff {
                return (out, nil, wide, "Character \\N{U+\(String(value, radix: 16))} is greater than 0x7fffffff and therefore cannot be encoded as UTF-8")
            }
            out += encodeUTF8(value)
        }
    }
    return (out, nil, wide, nil)
}

// MARK: The reader

private struct InputReader {
    let lines: [[UInt8]]
    var patterns: [PCRE2TestFile.Pattern] = []
    var problems: [(line: Int, message: String)] = []
    var newlineDefault: [String] = []
    var echoes: [PCRE2TestFile.Echo] = []

    var defaultPattern: [PCRE2TestFile.Modifier] = []
    var defaultSubject: [PCRE2TestFile.Modifier] = []
    var perlTest = false
    var tablesLoaded = false
    var insideIf = false

    init(lines: [[UInt8]]) { self.lines = lines }

    /// What the next line is read as.
    enum State { case betweenTests, subjects(Int), skipping }

    mutating func run() {
        var state = State.betweenTests
        var skippingToEndif = false
        var comment: String? = nil
        var noMatch = false
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1

            if skippingToEndif {
                if line.starts(with: Array("#endif".utf8)) && (line.count == 6 || isSpace(line[6])) {
                    skippingToEndif = false
                } else {
                    continue
                }
            }

            let blank = line.allSatisfy(isSpace)
            switch state {
            case .subjects(let p):
                if blank {
                    echoes.append(.init(line: number, bytes: line, kind: .other))
                    state = .betweenTests
                    comment = nil
                    noMatch = false
                    continue
                }
                var k = 0
                while k < line.count && isSpace(line[k]) { k += 1 }
                if k + 1 < line.count && line[k] == UInt8(ascii: "\\") && line[k + 1] == UInt8(ascii: "=")
                    && (k + 2 == line.count || isSpace(line[k + 2])) {
                    // A comment line inside the subjects.
                    echoes.append(.init(line: number, bytes: line, kind: .other))
                    var text = Array(line[(k + 2)...])
                    while let f = text.first, isSpace(f) { text.removeFirst() }
                    while let l = text.last, isSpace(l) { text.removeLast() }
                    comment = string(text)
                    noMatch = text.starts(with: Array("Expect no match".utf8))
                    continue
                }
                echoes.append(.init(line: number, bytes: line, kind: .subject(p, patterns[p].subjects.count)))
                patterns[p].subjects.append(makeSubject(line, number: number, pattern: patterns[p],
                                                        comment: comment, noMatch: noMatch))
                continue
            case .skipping:
                echoes.append(.init(line: number, bytes: line, kind: .other))
                if blank { state = .betweenTests }
                continue
            case .betweenTests:
                break
            }

            guard let first = line.first else {
                echoes.append(.init(line: number, bytes: line, kind: .other))
                continue
            }
            if first == UInt8(ascii: "#") {
                echoes.append(.init(line: number, bytes: line, kind: .other))
                if line.count == 1 || isSpace(line[1]) || line[1] == UInt8(ascii: "!") { continue }
                switch command(line, number: number) {
                case .skipToEndif: skippingToEndif = true
                case .skipToBlank: state = .skipping
                case .carryOn: break
                }
                continue
            }
            if Array("/!\"'`%&-=_:;,@~".utf8).contains(first) {
                if perlTest && first != UInt8(ascii: "/") {
                    problems.append((line: number, message: "pcre2test stops here: only '/' is allowed as delimiter after #perltest"))
                }
                let p = readPattern(startingAt: index - 1)
                index = p.nextIndex
                comment = nil
                noMatch = false
                if let pattern = p.pattern {
                    patterns.append(pattern)
                    let pushes = pattern.error == nil && pattern.has("push")
                    state = pushes ? .betweenTests : .subjects(patterns.count - 1)
                } else {
                    state = .betweenTests
                }
                continue
            }
            echoes.append(.init(line: number, bytes: line, kind: .other))
            if !blank {
                problems.append((line: number, message: "invalid pattern delimiter '\(string([first]))'; pcre2test skips to the next blank line"))
                state = .skipping
            }
        }
        if skippingToEndif { problems.append((line: lines.count, message: "missing #endif")) }
    }

    enum CommandResult { case carryOn, skipToEndif, skipToBlank }

    mutating func command(_ line: [UInt8], number: Int) -> CommandResult {
        var end = 1
        while end < line.count && !isSpace(line[end]) { end += 1 }
        let name = string(line[1..<end])
        let argument = Array(line[end...])
        if perlTest && !["pattern", "subject", "if", "endif"].contains(name) {
            problems.append((line: number, message: "pcre2test stops here: #\(name) is not allowed after #perltest"))
        }
        switch name {
        case "forbid_utf":
            // pcre2test then compiles every pattern with PCRE2_NEVER_UTF and
            // PCRE2_NEVER_UCP without listing them; so does this reader.
            forbidUTF = true
        case "perltest":
            perlTest = true
        case "pattern":
            let r = parseModifiers(argument, context: .defaultPattern, perl: perlTest)
            if let e = r.error { problems.append((line: number, message: "#pattern: \(e)")) }
            apply(r.steps, to: &defaultPattern)
        case "subject":
            let r = parseModifiers(argument, context: .defaultData, perl: perlTest)
            if let e = r.error { problems.append((line: number, message: "#subject: \(e)")) }
            apply(r.steps, to: &defaultSubject)
        case "newline_default":
            newlineDefault = argument.split(whereSeparator: isSpace).map { string($0) }
        case "if":
            var arg = argument[...]
            while let f = arg.first, isSpace(f) { arg = arg.dropFirst() }
            var inverted = false
            if arg.first == UInt8(ascii: "!") { inverted = true; arg = arg.dropFirst() }
            let condition = string(arg.split(whereSeparator: isSpace).first ?? [])
            // An ASCII 8-bit build with Unicode support.
            let known: [String: Bool] = [
                "ebcdic": false, "ebcdic-io": false, "ebcdic-nl25": false, "unicode": true,
                "pcre2-8": true, "pcre2-16": false, "pcre2-32": false, "backslash-C": true, "jit": false,
            ]
            if insideIf { problems.append((line: number, message: "nested #if")) }
            insideIf = true
            guard let value = known[condition] else {
                problems.append((line: number, message: "unknown #if condition \"\(condition)\""))
                return .carryOn
            }
            if value == inverted { return .skipToEndif }
        case "endif":
            if !insideIf { problems.append((line: number, message: "#endif without #if")) }
            insideIf = false
        case "loadtables":
            tablesLoaded = true
        case "load", "save":
            break
        case "pop", "popcopy":
            problems.append((line: number, message: "#\(name) is not supported by this reader; its subjects are skipped"))
            return .skipToBlank
        default:
            problems.append((line: number, message: "unknown command #\(name)"))
        }
        return .carryOn
    }

    var forbidUTF = false

    /// Reads a pattern starting at line `start` (0-based), following
    /// continuation lines.
    mutating func readPattern(startingAt start: Int) -> (pattern: PCRE2TestFile.Pattern?, nextIndex: Int) {
        var buffer = lines[start] + [0x0a]
        echoes.append(.init(line: start + 1, bytes: lines[start], kind: .pattern(patterns.count)))
        let delimiter = buffer[0]
        var next = start + 1
        var i = 1
        var close: Int? = nil
        while close == nil {
            while i < buffer.count {
                if buffer[i] == UInt8(ascii: "\\") && i + 1 < buffer.count { i += 2; continue }
                if buffer[i] == delimiter { close = i; break }
                i += 1
            }
            if close != nil { break }
            guard next < lines.count else {
                problems.append((line: start + 1, message: "pattern not closed before end of file"))
                return (nil, next)
            }
            echoes.append(.init(line: next + 1, bytes: lines[next], kind: .pattern(patterns.count)))
            buffer += lines[next] + [0x0a]
            next += 1
        }
        let d = close!
        var text = Array(buffer[1..<d])
        var modifierStart = d + 1
        if d + 1 < buffer.count && buffer[d + 1] == UInt8(ascii: "\\") {
            text.append(UInt8(ascii: "\\"))
            modifierStart = d + 2
        }
        let parsed = parseModifiers(Array(buffer[modifierStart...]), context: .pattern, perl: perlTest)
        var modifiers = defaultPattern
        apply(parsed.steps, to: &modifiers)
        var pattern = PCRE2TestFile.Pattern(
            line: start + 1, lineCount: next - start, delimiter: delimiter, text: text, bytes: text,
            modifiers: modifiers, ownModifiers: written(parsed.steps), utf: false, subjects: [],
            error: parsed.error)
        if pattern.error == nil { pattern.error = controlConflict(pattern) }
        if pattern.has("hex") && pattern.error == nil {
            let (b, e) = decodeHexPattern(text)
            pattern.bytes = b
            pattern.error = e
        } else if pattern.has("expand") && pattern.error == nil {
            let (b, e) = expandPattern(text)
            pattern.bytes = b
            pattern.error = e
        }
        pattern.utf = pattern.has("utf") || pattern.has("match_invalid_utf") || startsWithUTFVerb(pattern.bytes)
        return (pattern, next)
    }

    /// pcre2test's checks of a pattern's modifiers before compiling.
    func controlConflict(_ p: PCRE2TestFile.Pattern) -> String? {
        let groups: [[String]] = [["posix", "push"], ["posix", "pushcopy"], ["posix", "pushtablescopy"],
                                  ["push", "pushcopy"], ["push", "pushtablescopy"], ["pushcopy", "pushtablescopy"],
                                  ["expand", "hex"]]
        if p.has("utf8_input") { return "The utf8_input modifier is not allowed in 8-bit mode" }
        if p.has("convert") && (p.has("posix") || p.has("posix_nosub")) {
            return "The convert and posix modifiers are mutually exclusive"
        }
        for g in groups {
            let posix = g[0] == "posix" && p.has("posix_nosub")
            if (p.has(g[0]) || posix) && p.has(g[1]) { return "Not allowed together: \(g[0]) \(g[1])" }
        }
        if p.value("tables") == "3" && !tablesLoaded {
            return "'Tables = 3' is invalid: binary tables have not been loaded"
        }
        if p.has("locale") && p.has("tables") { return "'Locale' and 'tables' must not both be set" }
        if let t = p.value("tables"), !["0", "1", "2", "3"].contains(t) { return "'Tables' must specify 0, 1, 2, or 3." }
        return nil
    }

    func makeSubject(_ line: [UInt8], number: Int, pattern: PCRE2TestFile.Pattern,
                     comment: String?, noMatch: Bool) -> PCRE2TestFile.Subject {
        let decoded = decodeSubject(line, utf: pattern.utf, literal: pattern.has("subject_literal"))
        var modifiers = defaultSubject
        var own: [PCRE2TestFile.Modifier] = []
        var error = decoded.error
        if let m = decoded.modifiers {
            let parsed = parseModifiers(m, context: .data, perl: perlTest)
            apply(parsed.steps, to: &modifiers)
            own = written(parsed.steps)
            if error == nil { error = parsed.error }
        }
        var subject = PCRE2TestFile.Subject(
            line: number, text: line, bytes: decoded.bytes, modifiers: modifiers, ownModifiers: own,
            expectNoMatch: noMatch,
            comment: comment, wideCharacter: decoded.wide, error: error)
        if subject.error == nil {
            // pcre2test's checks of data controls (pattern-level ones carry over).
            func either(_ n: String) -> Bool { subject.has(n) || pattern.has(n) }
            if either("allusedtext") && either("startchar") {
                subject.error = "Not allowed together: allusedtext startchar"
            } else if (either("find_limits") || either("find_limits_noheap")) && subject.has("null_context") {
                subject.error = "Not allowed together: find_limits null_context"
            } else if let r = subject.value("replace") ?? pattern.value("replace"), !r.isEmpty, either("null_context") {
                if either("substitute_callout") || either("substitute_skip") || either("substitute_stop") {
                    subject.error = "Replacement callouts are not supported with null_context."
                } else if either("substitute_case_callout") {
                    subject.error = "Replacement case callouts are not supported with null_context."
                }
            }
        }
        return subject
    }
}
