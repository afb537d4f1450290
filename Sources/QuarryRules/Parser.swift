import QuarryCore

/// Turns the lines of one file into declarations. A declaration starts at the beginning of
/// a line; the indented lines after it are its body. Every error is recorded with its
/// position and parsing goes on at the next line, so one run reports them all.
struct Parser {
    let file: SourceFile
    let fileIndex: Int
    var diagnostics: DiagnosticSink

    static let keywords = ["include", "define", "list", "rule", "patterns", "pipeline"]

    init(file: SourceFile, fileIndex: Int, diagnostics: DiagnosticSink) {
        self.file = file
        self.fileIndex = fileIndex
        self.diagnostics = diagnostics
    }

    func position(_ line: Int, _ byte: Int) -> SourcePosition { SourcePosition(file: fileIndex, line: line, byte: byte) }

    func error(_ line: Int, _ byte: Int, _ message: String) {
        diagnostics.error(position(line, byte), message)
    }

    /// A line's tokens, or nil (after an error) when it does not lex.
    func lex(_ number: Int, _ text: String) -> [LexToken]? {
        do {
            return try Lexer.tokens(text)
        } catch {
            self.error(number, error.byte, error.message)
            return nil
        }
    }

    mutating func parse() -> [Declaration] {
        var declarations: [Declaration] = []
        var lineNumber = 0
        let lines = file.lines
        while lineNumber < lines.count {
            let text = lines[lineNumber]
            lineNumber += 1
            // A token rule's pattern is not split into tokens: only `rule ID LABEL` is.
            let patternStart = TokenPatternParser.patternStart(text)
            let head = patternStart.map { String(decoding: text.utf8.prefix($0), as: UTF8.self) } ?? text
            guard let tokens = lex(lineNumber, head), let first = tokens.first else { continue }
            let declarationLine = lineNumber
            let indented = text.first == " " || text.first == "\t"
            if indented {
                error(lineNumber, first.byte, "this indented line belongs to no declaration (only rule, list, patterns and pipeline take indented lines)")
                continue
            }
            // The indented body lines that follow (raw: a list's entries are not tokens).
            var rawBody: [(number: Int, text: String)] = []
            while lineNumber < lines.count {
                let next = lines[lineNumber]
                guard next.first == " " || next.first == "\t" else {
                    // A blank or comment-only line at column 1 does not end the body.
                    if next.allSatisfy({ $0 == " " || $0 == "\t" }) || next.hasPrefix("#") { lineNumber += 1; continue }
                    break
                }
                lineNumber += 1
                let trimmed = next.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty && !trimmed.hasPrefix("#") { rawBody.append((lineNumber, next)) }
            }
            if first.kind == .word && first.text == "list" {
                if let d = parseList(declarationLine, tokens, rawBody) { declarations.append(d) }
                continue
            }
            let body: [(number: Int, tokens: [LexToken])] = rawBody.compactMap { line in
                guard let tokens = lex(line.number, line.text), !tokens.isEmpty else { return nil }
                return (line.number, tokens)
            }
            guard first.kind == .word else {
                error(declarationLine, first.byte, "expected a declaration (\(Parser.keywords.joined(separator: ", ")))")
                continue
            }
            switch first.text {
            case "include": if let d = parseInclude(declarationLine, tokens, body) { declarations.append(d) }
            case "define":
                if let d = parseDefine(declarationLine, tokens, body, tokenPattern: patternStart.map { (text, $0) }) { declarations.append(d) }
            case "rule":
                if let d = parseRule(declarationLine, tokens, body, tokenPattern: patternStart.map { (text, $0) }) { declarations.append(d) }
            case "patterns": if let d = parsePatterns(declarationLine, tokens, body) { declarations.append(d) }
            case "pipeline": if let d = parsePipeline(declarationLine, tokens, body) { declarations.append(d) }
            case "expect", "set", "rules":
                error(declarationLine, first.byte, "'\(first.text)' must be indented to belong to the rule (or patterns declaration) above it")
            default:
                var message = "unknown declaration '\(first.text)'; expected one of: \(Parser.keywords.joined(separator: ", "))"
                if let guess = Suggestion.closest(to: first.text, in: Parser.keywords) { message += " (did you mean '\(guess)'?)" }
                error(declarationLine, first.byte, message)
            }
        }
        return declarations
    }

    func noBody(_ keyword: String, _ body: [(number: Int, tokens: [LexToken])]) {
        for line in body { error(line.number, line.tokens[0].byte, "'\(keyword)' takes no indented lines") }
    }

    func located(_ token: LexToken, _ line: Int) -> Located<String> { Located(value: token.text, position: position(line, token.byte)) }

    /// Checks that `token` is a name: letters, digits, '_', '-' and '.', starting with a letter or '_'.
    func name(_ token: LexToken?, _ line: Int, after: LexToken, what: String) -> Located<String>? {
        guard let token else {
            error(line, after.byte + after.text.utf8.count, "expected \(what) after '\(after.text)'")
            return nil
        }
        guard token.kind == .word, let first = token.text.unicodeScalars.first,
              first.properties.isAlphabetic || first == "_",
              token.text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "_-.".unicodeScalars.contains($0) }) else {
            error(line, token.byte, "expected \(what) (letters, digits, '_', '-' or '.', starting with a letter), found '\(token.text)'")
            return nil
        }
        return located(token, line)
    }

    // MARK: - include, define

    func parseInclude(_ line: Int, _ tokens: [LexToken], _ body: [(number: Int, tokens: [LexToken])]) -> Declaration? {
        noBody("include", body)
        guard tokens.count >= 2, tokens[1].kind == .string else {
            error(line, tokens.count >= 2 ? tokens[1].byte : tokens[0].byte + 7, "expected a quoted path: include \"other.quarry\"")
            return nil
        }
        if tokens.count > 2 { error(line, tokens[2].byte, "unexpected '\(tokens[2].text)' after the path") }
        return .include(located(tokens[1], line))
    }

    func parseDefine(_ line: Int, _ tokens: [LexToken], _ body: [(number: Int, tokens: [LexToken])],
                     tokenPattern: (text: String, start: Int)? = nil) -> Declaration? {
        noBody("define", body)
        guard let name = name(tokens.count > 1 ? tokens[1] : nil, line, after: tokens[0], what: "a macro name") else { return nil }
        if let tokenPattern {
            // `define NAME = [ … ] …`: a token macro, for `{NAME}` in token patterns.
            var parser = TokenPatternParser(line: tokenPattern.text, number: line, fileIndex: fileIndex, start: tokenPattern.start) { byte, message in
                self.error(line, byte, message)
            }
            guard let (decl, end) = parser.parse(macro: true) else { return nil }
            let rest = Array(tokenPattern.text.utf8.dropFirst(end))
            if let k = rest.firstIndex(where: { !ASCII.isBlank($0) }), rest[k] != 0x23 {
                error(line, end + k, "unexpected text after the macro's token pattern; a macro takes no options (put them on the rule)")
            }
            return .defineTokens(name: name, pattern: decl)
        }
        var i = 2
        if i < tokens.count && tokens[i].kind == .equals { i += 1 }
        guard i < tokens.count, case let .regex(flags) = tokens[i].kind else {
            error(line, i < tokens.count ? tokens[i].byte : (tokens.last!.byte + tokens.last!.text.utf8.count), "expected a regular expression in slashes (define \(name.value) = /.../) or a token pattern (define \(name.value) = [ … ])")
            return nil
        }
        if !flags.isEmpty { error(line, tokens[i].byte + tokens[i].text.utf8.count + 1, "a macro takes no flags; put them on the rule") }
        if i + 1 < tokens.count { error(line, tokens[i + 1].byte, "unexpected '\(tokens[i + 1].text)' after the macro's pattern") }
        return .define(name: name, body: RegexLiteral(pattern: tokens[i].text, flags: "", position: position(line, tokens[i].byte)))
    }

    // MARK: - list

    func parseList(_ line: Int, _ tokens: [LexToken], _ body: [(number: Int, text: String)]) -> Declaration? {
        guard let name = name(tokens.count > 1 ? tokens[1] : nil, line, after: tokens[0], what: "a list name") else { return nil }
        var i = 2
        var caseless = false
        var mode = DeclarationMode.declare
        if i < tokens.count, tokens[i].kind == .word, tokens[i].text == "ignorecase" || tokens[i].text == "caseless" {
            caseless = true
            i += 1
        }
        // `list NAME += …` / `list NAME -= …`: entries added to (removed from) a declared list.
        if i + 1 < tokens.count, tokens[i].kind == .word, tokens[i].text == "+" || tokens[i].text == "-", tokens[i + 1].kind == .equals {
            mode = tokens[i].text == "+" ? .add : .remove
            if caseless { error(line, tokens[2].byte, "'ignorecase' belongs to the list's declaration, not to a change of it") }
            i += 1
            if i + 1 < tokens.count, tokens[i + 1].kind == .word, tokens[i + 1].text == "from" {
                i += 1  // `list NAME += from "file"`
            } else if i + 1 >= tokens.count {
                i += 1  // `list NAME +=` and the entries on indented lines
            }
        }
        if i < tokens.count, tokens[i].kind == .word, tokens[i].text == "from" {
            guard i + 1 < tokens.count, tokens[i + 1].kind == .string else {
                error(line, tokens[i].byte + 4, "expected a quoted file name: list \(name.value) from \"words.txt\"")
                return nil
            }
            for entry in body { error(entry.number, entry.text.utf8.prefix(while: ASCII.isBlank).count, "'list ... from' takes no indented lines") }
            if i + 2 < tokens.count { error(line, tokens[i + 2].byte, "unexpected '\(tokens[i + 2].text)' after the file name") }
            return .list(ListDecl(name: name, caseless: caseless, source: .file(located(tokens[i + 1], line)), mode: mode))
        }
        var entries: [Located<String>] = []
        if i < tokens.count, tokens[i].kind == .equals {
            // Inline: entries separated by commas; words, or quoted strings.
            var current: [LexToken] = []
            func flush() {
                guard let first = current.first else { return }
                let text = current.map(\.text).joined(separator: " ")
                entries.append(Located(value: text, position: position(line, first.byte)))
                current.removeAll()
            }
            for token in tokens[(i + 1)...] {
                if token.kind == .comma { flush() } else { current.append(token) }
            }
            flush()
            if entries.isEmpty { error(line, tokens[i].byte + 1, "expected entries after '=': list \(name.value) = one, two, three") }
        } else if i < tokens.count {
            var message = "expected '= entries', 'from \"file\"', or indented entries after the list name"
            if tokens[i].kind == .word, tokens[i].text.hasPrefix("+") || tokens[i].text.hasPrefix("-") {
                message = "expected '+= entries' (add to the list) or '-= entries' (remove from it)"
            }
            error(line, tokens[i].byte, message)
            return nil
        }
        for line in body {
            // One entry a line: the whole line, as written (a quoted line is unquoted);
            // " #" starts a comment.
            let indent = line.text.utf8.prefix(while: ASCII.isBlank).count
            var value = Parser.stripComment(line.text.trimmingCharacters(in: .whitespaces))
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            entries.append(Located(value: value, position: position(line.number, indent)))
        }
        if entries.isEmpty && body.isEmpty && (i >= tokens.count || mode != .declare) {
            let usage = mode == .declare ? "add '= a, b', 'from \"file\"' or indented lines" : "write them after '\(mode == .add ? "+=" : "-=")' or on indented lines"
            error(line, tokens[1].byte + tokens[1].text.utf8.count, "the list '\(name.value)' has no entries: \(usage)")
        }
        return .list(ListDecl(name: name, caseless: caseless, source: .inline(entries), mode: mode))
    }

    static func stripComment(_ text: String) -> String {
        if let range = text.range(of: " #") { return String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces) }
        return text
    }

    // MARK: - rule

    func parseRule(_ line: Int, _ tokens: [LexToken], _ body: [(number: Int, tokens: [LexToken])],
                   tokenPattern: (text: String, start: Int)? = nil) -> Declaration? {
        var tokens = tokens
        var tokenMatcher: RuleMatcherDecl? = nil
        if let tokenPattern, tokens.count == 3 {
            // `rule ID LABEL` was lexed; the pattern is parsed byte by byte, the options after it lexed.
            var parser = TokenPatternParser(line: tokenPattern.text, number: line, fileIndex: fileIndex, start: tokenPattern.start) { byte, message in
                self.error(line, byte, message)
            }
            guard let (decl, end) = parser.parse() else { return nil }
            tokenMatcher = .tokens(decl)
            let rest = String(decoding: tokenPattern.text.utf8.dropFirst(end), as: UTF8.self)
            let options: [LexToken]
            do { options = try Lexer.tokens(rest) } catch {
                self.error(line, error.byte + end, error.message)
                return nil
            }
            // A placeholder for the pattern keeps the option tokens at index 4 and later.
            tokens.append(LexToken(kind: .word, text: "", byte: tokenPattern.start))
            tokens += options.map { LexToken(kind: $0.kind, text: $0.text, byte: $0.byte + end) }
            if let stray = tokens.dropFirst(4).first(where: { $0.kind == .word && $0.text.first.map { "[(^$".contains($0) } == true }) {
                self.error(line, stray.byte, "the pattern ended at '\(tokens[4].text)', the first option; put the options after the whole pattern")
                return nil
            }
        }
        guard let id = name(tokens.count > 1 ? tokens[1] : nil, line, after: tokens[0], what: "a rule id") else { return nil }
        if tokens.count > 2, tokens[2].kind != .word {
            error(line, tokens[2].byte, "missing label: write rule \(id.value) LABEL /regex/ (or @list)")
            return nil
        }
        guard let label = name(tokens.count > 2 ? tokens[2] : nil, line, after: tokens[1], what: "a label") else { return nil }
        guard tokens.count > 3 else {
            error(line, tokens[2].byte + tokens[2].text.utf8.count, "expected a pattern after the label: /regex/ or @list")
            return nil
        }
        let matcher: RuleMatcherDecl
        var extraOptions: [OptionDecl] = []
        switch tokens[3].kind {
        case _ where tokenMatcher != nil:
            matcher = tokenMatcher!  // parsed above; tokens[3] is its placeholder
        case let .regex(flags):
            matcher = .regex(RegexLiteral(pattern: tokens[3].text, flags: flags, position: position(line, tokens[3].byte)))
            for flag in flags {
                guard flag == "i" else {
                    error(line, tokens[3].byte + tokens[3].text.utf8.count + 1, "unknown flag '\(flag)': the only flag is i (caseless); write others inline, e.g. (?s)")
                    continue
                }
                extraOptions.append(OptionDecl(key: Located(value: "caseless", position: position(line, tokens[3].byte)),
                                               value: Located(value: "true", position: position(line, tokens[3].byte))))
            }
        case .listRef:
            matcher = .list(located(tokens[3], line))
        default:
            error(line, tokens[3].byte, "expected a pattern: /regex/, @list or a token pattern such as [lower=said] [is-title]+, found '\(tokens[3].text)'")
            return nil
        }
        let options = parseOptions(line, Array(tokens[4...]), flags: ["caseless", "ascii"]) + extraOptions
        var sets: [(Located<String>, Located<String>)] = []
        var expects: [ExpectDecl] = []
        for bodyLine in body {
            let first = bodyLine.tokens[0]
            switch first.text {
            case "set":
                let t = bodyLine.tokens
                guard t.count >= 4, t[2].kind == .equals, t[1].kind == .word, t[3].kind == .word || t[3].kind == .string else {
                    error(bodyLine.number, first.byte, "expected: set NAME = VALUE")
                    continue
                }
                if t.count > 4 { error(bodyLine.number, t[4].byte, "unexpected '\(t[4].text)' after the value") }
                sets.append((located(t[1], bodyLine.number), located(t[3], bodyLine.number)))
            case "expect":
                if let expect = parseExpect(bodyLine.number, bodyLine.tokens) { expects.append(expect) }
            default:
                var message = "expected 'set' or 'expect' in a rule's indented lines, found '\(first.text)'"
                if let guess = Suggestion.closest(to: first.text, in: ["set", "expect"]) { message += " (did you mean '\(guess)'?)" }
                error(bodyLine.number, first.byte, message)
            }
        }
        return .rule(RuleDecl(id: id, label: label, matcher: matcher, options: options, sets: sets, expects: expects))
    }

    /// `key=value` options and bare flags.
    func parseOptions(_ line: Int, _ tokens: [LexToken], flags: Set<String>) -> [OptionDecl] {
        let options = parseOptionList(line, tokens, flags: flags)
        var seen: Set<String> = []
        for option in options where !seen.insert(option.key.value).inserted {
            error(option.key.position.line, option.key.position.byte, "the option '\(option.key.value)' is given twice")
        }
        return options
    }

    func parseOptionList(_ line: Int, _ tokens: [LexToken], flags: Set<String>) -> [OptionDecl] {
        var options: [OptionDecl] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.kind == .word else {
                error(line, token.byte, "expected an option (name=value), found '\(token.text)'")
                i += 1
                continue
            }
            if i + 1 < tokens.count && tokens[i + 1].kind == .equals {
                guard i + 2 < tokens.count, tokens[i + 2].kind == .word || tokens[i + 2].kind == .string || tokens[i + 2].kind == .listRef else {
                    error(line, tokens[i + 1].byte + 1, "expected a value after '\(token.text)='")
                    i += 2
                    continue
                }
                var value = located(tokens[i + 2], line)
                if tokens[i + 2].kind == .listRef { value.value = "@" + value.value }
                options.append(OptionDecl(key: located(token, line), value: value))
                i += 3
            } else if flags.contains(token.text) {
                options.append(OptionDecl(key: located(token, line), value: Located(value: "true", position: position(line, token.byte))))
                i += 1
            } else {
                options.append(OptionDecl(key: located(token, line), value: Located(value: "", position: position(line, token.byte))))
                i += 1
            }
        }
        return options
    }

    /// `expect "TEXT" -> nothing`, or `expect "TEXT" -> [only] ITEM {, ITEM}` where an item is
    /// `LABEL ["SPAN"] {name=value}` (`quote` for a quote, in a pipeline's examples).
    func parseExpect(_ line: Int, _ t: [LexToken], quotes: Bool = false) -> ExpectDecl? {
        let usage = "expected: expect \"text\" -> LABEL \"span\" [name=value …]   or   expect \"text\" -> only LABEL \"span\", LABEL \"span\"   or   expect \"text\" -> nothing"
        guard t.count >= 4, t[1].kind == .string, t[2].kind == .arrow else {
            let at = t.count > 1 && t[1].kind != .string ? t[1].byte : (t.count > 2 ? t[2].byte : t[0].byte)
            error(line, at, usage)
            return nil
        }
        if t[3].kind == .word && t[3].text == "nothing" {
            if t.count > 4 { error(line, t[4].byte, "unexpected '\(t[4].text)' after 'nothing'") }
            return ExpectDecl(text: t[1].text, items: [], only: false, position: position(line, t[0].byte))
        }
        var i = 3
        var only = false
        if t[i].kind == .word, t[i].text == "only", i + 1 < t.count, t[i + 1].kind == .word {
            only = true
            i += 1
        }
        var items: [ExpectDecl.Item] = []
        while i < t.count {
            guard t[i].kind == .word else {
                error(line, t[i].byte, usage)
                return nil
            }
            let label = located(t[i], line)
            i += 1
            var span: String? = nil
            if i < t.count, t[i].kind == .string {
                span = t[i].text
                if !t[1].text.contains(t[i].text) { error(line, t[i].byte, "the span \"\(t[i].text)\" does not occur in the example text") }
                i += 1
            } else if label.value != "quote" || !quotes {
                error(line, i < t.count ? t[i].byte : t[i - 1].byte + t[i - 1].text.utf8.count,
                      label.value == "quote" ? "quotes are expected under a pipeline (its examples run every stage); under a rule, write LABEL \"span\"" : "expected the span in quotes after the label: \(label.value) \"text\"")
                return nil
            }
            var attributes: [(name: Located<String>, value: String)] = []
            while i < t.count, t[i].kind != .comma {
                guard t[i].kind == .word, i + 2 < t.count, t[i + 1].kind == .equals,
                      t[i + 2].kind == .word || t[i + 2].kind == .string else {
                    error(line, t[i].byte, "expected an attribute, name=\"value\" (or a comma before the next item), found '\(t[i].text)'")
                    return nil
                }
                if label.value == "quote", !["speaker", "cue", "content", "entity", "kind"].contains(t[i].text) {
                    var message = "a quote has no attribute '\(t[i].text)'; expect speaker=, cue=, content=, entity= or kind="
                    if let guess = Suggestion.closest(to: t[i].text, in: ["speaker", "cue", "content", "entity", "kind"]) { message += " (did you mean '\(guess)'?)" }
                    error(line, t[i].byte, message)
                    return nil
                }
                attributes.append((located(t[i], line), t[i + 2].text))
                i += 3
            }
            items.append(ExpectDecl.Item(label: label, span: span, attributes: attributes))
            if i < t.count {  // a comma
                i += 1
                if i >= t.count { error(line, t[i - 1].byte, "expected another item after the comma") }
            }
        }
        if items.count > 1 && !only {
            error(line, t[3].byte, "several items need 'only' (-> only A \"x\", B \"y\": exactly these); for some of several matches write one expect line each")
            return nil
        }
        return ExpectDecl(text: t[1].text, items: items, only: only, position: position(line, t[0].byte))
    }

    // MARK: - patterns, pipeline

    func parsePatterns(_ line: Int, _ tokens: [LexToken], _ body: [(number: Int, tokens: [LexToken])]) -> Declaration? {
        guard let name = name(tokens.count > 1 ? tokens[1] : nil, line, after: tokens[0], what: "a name for the patterns stage") else { return nil }
        // `patterns NAME += id, id` / `-= id`: rules added to (removed from) a declared set.
        if tokens.count > 3, tokens[2].kind == .word, tokens[2].text == "+" || tokens[2].text == "-", tokens[3].kind == .equals {
            let mode: DeclarationMode = tokens[2].text == "+" ? .add : .remove
            var ids = tokens.dropFirst(4).filter { $0.kind != .comma }.map { located($0, line) }
            for bodyLine in body {
                for token in bodyLine.tokens where token.kind != .comma { ids.append(located(token, bodyLine.number)) }
            }
            ids = ids.filter { self.name(LexToken(kind: .word, text: $0.value, byte: $0.position.byte), $0.position.line, after: tokens[3], what: "a rule id") != nil }
            if ids.isEmpty { error(line, tokens[3].byte + 1, "expected rule ids after '\(tokens[2].text)=': patterns \(name.value) \(tokens[2].text)= my_rule, my_other_rule") }
            return .patterns(PatternsDecl(name: name, options: [], rules: ids, expects: [], mode: mode))
        }
        let options = parseOptions(line, Array(tokens[2...]), flags: ["ascii"])
        var rules: [Located<String>]? = nil
        var expects: [ExpectDecl] = []
        for bodyLine in body {
            let first = bodyLine.tokens[0]
            switch first.text {
            case "rules":
                var list = rules ?? []
                for token in bodyLine.tokens.dropFirst() where token.kind != .comma {
                    list.append(located(token, bodyLine.number))
                }
                rules = list
            case "expect":
                if let expect = parseExpect(bodyLine.number, bodyLine.tokens) { expects.append(expect) }
            default:
                error(bodyLine.number, first.byte, "expected 'rules' or 'expect' in a patterns declaration's indented lines, found '\(first.text)'")
            }
        }
        return .patterns(PatternsDecl(name: name, options: options, rules: rules, expects: expects))
    }

    func parsePipeline(_ line: Int, _ tokens: [LexToken], _ body: [(number: Int, tokens: [LexToken])]) -> Declaration? {
        guard let name = name(tokens.count > 1 ? tokens[1] : nil, line, after: tokens[0], what: "a pipeline name") else { return nil }
        // `pipeline NAME from BASE`: BASE's stages, changed by the edit lines below.
        if tokens.count > 2, tokens[2].kind == .word, tokens[2].text == "from" {
            guard let base = self.name(tokens.count > 3 ? tokens[3] : nil, line, after: tokens[2], what: "the name of the pipeline to start from") else { return nil }
            if tokens.count > 4 { error(line, tokens[4].byte, "unexpected '\(tokens[4].text)': the changes go on the indented lines below (insert, replace, drop, set)") }
            var edits: [PipelineEditDecl] = []
            var expects: [ExpectDecl] = []
            for bodyLine in body {
                if bodyLine.tokens[0].kind == .word, bodyLine.tokens[0].text == "expect" {
                    if let expect = parseExpect(bodyLine.number, bodyLine.tokens, quotes: true) { expects.append(expect) }
                } else if let edit = parseEdit(bodyLine.number, bodyLine.tokens) { edits.append(edit) }
            }
            return .pipeline(PipelineDecl(name: name, stages: [], expects: expects, base: base, edits: edits))
        }
        if tokens.count > 2 {
            error(line, tokens[2].byte, "unexpected '\(tokens[2].text)': a pipeline's stages go on the indented lines below it (or write 'pipeline \(name.value) from OTHER' to start from another pipeline)")
        }
        var stages: [StageDecl] = []
        var expects: [ExpectDecl] = []
        for bodyLine in body {
            if bodyLine.tokens[0].kind == .word, bodyLine.tokens[0].text == "expect" {
                if let expect = parseExpect(bodyLine.number, bodyLine.tokens, quotes: true) { expects.append(expect) }
            } else if let stage = parseStage(bodyLine.number, bodyLine.tokens[...]) { stages.append(stage) }
        }
        if stages.isEmpty { error(line, tokens[1].byte, "the pipeline '\(name.value)' has no stages: list them on indented lines below it") }
        return .pipeline(PipelineDecl(name: name, stages: stages, expects: expects))
    }

    /// A stage as written in a pipeline: kind, optional argument, options.
    func parseStage(_ line: Int, _ t: ArraySlice<LexToken>) -> StageDecl? {
        guard let first = t.first, first.kind == .word else {
            error(line, t.first?.byte ?? 0, "expected a stage name")
            return nil
        }
        var argument: Located<String>? = nil
        var rest = Array(t.dropFirst())
        if let next = rest.first, next.kind == .word, !(rest.count > 1 && rest[1].kind == .equals) {
            argument = located(next, line)
            rest.removeFirst()
        }
        return StageDecl(kind: located(first, line), argument: argument, options: parseOptions(line, rest, flags: []))
    }

    static let editVerbs = ["insert", "replace", "drop", "set"]

    /// One change of `pipeline NAME from BASE`:
    /// `insert STAGE before|after TARGET`, `replace TARGET with STAGE`, `drop TARGET`,
    /// `set TARGET option=value …`. A target is `KIND [ARGUMENT]` or a patterns stage's argument.
    func parseEdit(_ line: Int, _ t: [LexToken]) -> PipelineEditDecl? {
        let verb = t[0]
        let text = t.map { token -> String in
            switch token.kind {
            case .string: return "\"\(token.text)\""
            case .listRef: return "@" + token.text
            default: return token.text
            }
        }.joined(separator: " ").replacingOccurrences(of: " = ", with: "=")
        let at = position(line, verb.byte)
        func reference(_ words: ArraySlice<LexToken>, after: LexToken) -> StageReference? {
            guard !words.isEmpty else {
                error(line, after.byte + after.text.utf8.count, "expected a stage after '\(after.text)' (its kind, and a patterns stage's name: patterns entity-names)")
                return nil
            }
            guard words.count <= 2, words.allSatisfy({ $0.kind == .word }) else {
                let bad = words.first { $0.kind != .word } ?? words[words.startIndex + 2]
                error(line, bad.byte, "expected a stage (its kind, and a patterns stage's name), found '\(bad.text)'")
                return nil
            }
            return StageReference(words: words.map { located($0, line) })
        }
        guard verb.kind == .word, Parser.editVerbs.contains(verb.text) else {
            var message = "expected a change of the pipeline (insert, replace, drop or set), found '\(verb.text)'; a pipeline written 'from' another lists changes, not stages"
            if let guess = Suggestion.closest(to: verb.text, in: Parser.editVerbs) { message += " (did you mean '\(guess)'?)" }
            error(line, verb.byte, message)
            return nil
        }
        let rest = t.dropFirst()
        switch verb.text {
        case "insert":
            guard let k = rest.lastIndex(where: { $0.kind == .word && ($0.text == "before" || $0.text == "after") }) else {
                error(line, verb.byte, "expected: insert STAGE before TARGET   or   insert STAGE after TARGET")
                return nil
            }
            guard k > rest.startIndex, let stage = parseStage(line, t[rest.startIndex..<k]),
                  let target = reference(t[(k + 1)...], after: t[k]) else {
                if k == rest.startIndex { error(line, t[k].byte, "expected the stage to insert before '\(t[k].text)'") }
                return nil
            }
            return PipelineEditDecl(edit: .insert(stage, after: t[k].text == "after", target: target), position: at, text: text)
        case "replace":
            guard let k = rest.firstIndex(where: { $0.kind == .word && $0.text == "with" }) else {
                error(line, verb.byte, "expected: replace TARGET with STAGE")
                return nil
            }
            guard let target = reference(t[rest.startIndex..<k], after: verb) else { return nil }
            guard k + 1 < t.count, let stage = parseStage(line, t[(k + 1)...]) else {
                if k + 1 >= t.count { error(line, t[k].byte + 4, "expected the new stage after 'with'") }
                return nil
            }
            return PipelineEditDecl(edit: .replace(target, with: stage), position: at, text: text)
        case "drop":
            guard let target = reference(rest, after: verb) else { return nil }
            return PipelineEditDecl(edit: .drop(target), position: at, text: text)
        default:  // set
            let k = rest.firstIndex { $0.kind == .equals }.map { $0 - 1 } ?? t.count
            guard let target = reference(t[rest.startIndex..<max(rest.startIndex, k)], after: verb) else { return nil }
            guard k < t.count else {
                error(line, verb.byte, "expected options after the stage: set \(target.text) option=value")
                return nil
            }
            return PipelineEditDecl(edit: .set(target, options: parseOptions(line, Array(t[k...]), flags: [])), position: at, text: text)
        }
    }
}
