import QuarryCore

/// Where each piece of an expanded pattern was written: maps a byte offset of the pattern
/// PCRE2 compiles back to a file position (through macros and lists).
struct ExpansionMap {
    struct Segment {
        var expandedStart: Int
        var length: Int
        var position: SourcePosition
        /// The macros (and list) the segment came from, innermost first, each with where it
        /// was used.
        var via: [(name: String, use: SourcePosition)]
    }

    var segments: [Segment] = []

    func locate(_ offset: Int) -> (position: SourcePosition, via: [(name: String, use: SourcePosition)])? {
        guard let segment = segments.last(where: { $0.expandedStart <= offset }) ?? segments.first else { return nil }
        var position = segment.position
        position.byte += max(0, min(offset - segment.expandedStart, segment.length))
        return (position, segment.via)
    }
}

/// Expands `{NAME}` macro references and `{@list}` list references inside patterns.
///
/// A macro expands to `(?:BODY)`, recursively, with cycles reported; a list expands to a
/// prefix trie (`(?:Nor(?:th Korea|way)|...)`), so that PCRE2 decides each branch by its
/// next character instead of trying every entry in turn. `\{`, `{2,3}` quantifiers and
/// braces inside character classes are left alone.
struct PatternExpander {
    let macros: [String: (body: RegexLiteral, name: Located<String>)]
    let lists: [String: (entries: [String], caseless: Bool, name: Located<String>)]
    let diagnostics: DiagnosticSink
    /// The macros expanded so far (so that unused ones can be checked on their own).
    let used = Used()

    final class Used { var macros: Set<String> = [] }

    /// The longest expanded pattern, in UTF-8 bytes. Every use of a macro copies it, so
    /// macros that use each other twice double at every level: thirty levels would be a
    /// gigabyte. PCRE2 cannot compile a pattern anywhere near this long (a list of a few
    /// thousand entries is already too large for it).
    static let maximumLength = 1_000_000

    /// The expanded pattern and its map, or nil after reporting an error.
    func expand(_ literal: RegexLiteral) -> (String, ExpansionMap)? {
        var output = ""
        var map = ExpansionMap()
        var failed = false
        expand(literal, into: &output, map: &map, stack: [], via: [], failed: &failed)
        if output.utf8.count > Self.maximumLength {
            diagnostics.error(literal.position, "this pattern expands to more than \(Self.maximumLength) bytes through its macros and lists (each use of a macro copies it, so a macro used twice in a macro used twice doubles at every level); PCRE2 cannot compile a pattern that large")
            return nil
        }
        return failed ? nil : (output, map)
    }

    private func expand(_ literal: RegexLiteral, into output: inout String, map: inout ExpansionMap,
                        stack: [String], via: [(name: String, use: SourcePosition)], failed: inout Bool) {
        let bytes = Array(literal.pattern.utf8)
        var i = 0
        var literalStart = 0
        func flush(_ end: Int) {
            guard end > literalStart else { return }
            var position = literal.position
            position.byte += literalStart
            map.segments.append(.init(expandedStart: output.utf8.count, length: end - literalStart, position: position, via: via))
            output += String(decoding: bytes[literalStart..<end], as: UTF8.self)
        }
        while i < bytes.count {
            // Too long already (reported by the caller): stop copying.
            if output.utf8.count > Self.maximumLength { return }
            let b = bytes[i]
            if b == 0x5C {  // an escape, including \{ and \p{Lu}, \x{263A}, \N{U+263A}
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "Q") {
                    // \Q…\E quotes: nothing inside is a macro (to the end without \E).
                    i = PCRE2Syntax.quoteEnd(bytes, from: i + 2) ?? bytes.count
                    continue
                }
                i += 2
                if i < bytes.count, bytes[i] == 0x7B, i >= 1, Self.escapeTakesBraces(bytes[i - 1]),
                   let close = bytes[i...].firstIndex(of: 0x7D) {
                    i = close + 1
                }
                continue
            }
            // A character class, where PCRE2 ends it ("[[:alpha:]{}]" is one class).
            if b == 0x5B { i = PCRE2Syntax.classEnd(bytes, from: i) ?? bytes.count; continue }
            guard b == 0x7B, let close = bytes[(i + 1)...].firstIndex(of: 0x7D) else { i += 1; continue }
            let inner = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
            var use = literal.position
            use.byte += i
            if inner.hasPrefix("@") {
                let name = String(inner.dropFirst())
                flush(i)
                guard let list = lists[name] else {
                    var message = "unknown list '@\(name)'"
                    if let guess = Suggestion.closest(to: name, in: Array(lists.keys)) { message += " (did you mean '@\(guess)'?)" }
                    diagnostics.error(use, message)
                    failed = true
                    i = close + 1
                    literalStart = i
                    continue
                }
                let trie = Self.trieRegex(list.entries.map(WordList.untagged))
                let text = list.caseless ? "(?i:\(trie))" : "(?:\(trie))"
                map.segments.append(.init(expandedStart: output.utf8.count, length: 0, position: use, via: via))
                output += text
                i = close + 1
                literalStart = i
            } else if Self.isMacroName(inner) {
                flush(i)
                if stack.contains(inner) {
                    diagnostics.error(use, "macro cycle: \((stack + [inner]).joined(separator: " -> "))")
                    failed = true
                } else if let macro = macros[inner] {
                    used.macros.insert(inner)
                    map.segments.append(.init(expandedStart: output.utf8.count, length: 0, position: use, via: via))
                    output += "(?:"
                    expand(macro.body, into: &output, map: &map, stack: stack + [inner], via: [(name: inner, use: use)] + via, failed: &failed)
                    map.segments.append(.init(expandedStart: output.utf8.count, length: 0, position: use, via: via))
                    output += ")"
                } else {
                    var message = "unknown macro '\(inner)'"
                    if let guess = Suggestion.closest(to: inner, in: Array(macros.keys)) { message += " (did you mean '\(guess)'?)" }
                    else { message += "; define it with: define \(inner) = /.../" }
                    diagnostics.error(use, message)
                    failed = true
                }
                i = close + 1
                literalStart = i
            } else {
                i += 1  // a quantifier such as {2,3}
            }
        }
        flush(bytes.count)
    }

    /// Escapes whose argument is written in braces: \p{..} \P{..} \x{..} \o{..} \N{..} \g{..} \k{..}.
    static func escapeTakesBraces(_ letter: UInt8) -> Bool {
        [0x70, 0x50, 0x78, 0x6F, 0x4E, 0x67, 0x6B].contains(letter)
    }

    /// A macro name: a letter or '_', then letters, digits or '_'.
    static func isMacroName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The entries as a prefix trie in regex form, longest continuation first at each node.
    static func trieRegex(_ entries: [String]) -> String {
        final class Node {
            var children: [Character: Node] = [:]
            var order: [Character] = []
            var terminal = false
        }
        let root = Node()
        for entry in entries where !entry.isEmpty {
            var node = root
            for character in entry {
                if let next = node.children[character] {
                    node = next
                } else {
                    let next = Node()
                    node.children[character] = next
                    node.order.append(character)
                    node = next
                }
            }
            node.terminal = true
        }
        func render(_ node: Node) -> String {
            let branches = node.order.map { escape($0) + render(node.children[$0]!) }
            if branches.isEmpty { return "" }
            let body = branches.count == 1 ? branches[0] : branches.joined(separator: "|")
            let group = branches.count == 1 && !node.terminal ? body : "(?:\(body))"
            return node.terminal ? group + "?" : group
        }
        let rendered = render(root)
        return rendered.isEmpty ? "(?!)" : rendered
    }

    static func escape(_ character: Character) -> String {
        if character == " " { return "\\s+" }  // one or more spaces between words of an entry
        if "\\^$.|?*+()[]{}/#-".contains(character) { return "\\" + String(character) }
        return String(character)
    }
}
