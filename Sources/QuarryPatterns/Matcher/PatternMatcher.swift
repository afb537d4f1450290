import CPCRE2
import QuarryCore

/// The matching core: a `PatternSet` compiled once, then run over documents.
///
/// Every regex rule is compiled to PCRE2 with the JIT; the document's UTF-8 was validated
/// when the `Document` was made, so matching passes `PCRE2_NO_UTF_CHECK` (without it PCRE2
/// re-checks the text on every call of a find-all loop), and `PCRE2_NOTEMPTY`: a span is
/// never empty, so a rule matches nothing where its only match would be (a rule of
/// lookarounds alone, such as `(?=d)`, which the compile-time check cannot see: PCRE2's
/// minimum length counts the characters a lookahead reads). Word-list rules (`@list`) are hash
/// sets looked up over token n-grams. Token-pattern rules (`PatternRule.Matcher.tokens`) run
/// on a Pike VM over the document's tokens (`TokenProgram`, `TokenVM`), in time linear in
/// tokens times pattern size, and yield the same raw matches (first token's start to last
/// token's end, named groups as attributes) as regex rules. A compiled matcher is immutable and `Sendable`; each
/// thread passes its own ``MatchScratch`` (match data, limits, JIT stack).
///
/// ## Overlaps
/// With `OverlapPolicy/all` every match is kept. With `OverlapPolicy/longest` the
/// longest match wins, then the higher priority, then the rule written first: given rules
/// `Sam` and `Samwise` on "Samwise", only "Samwise" is kept. With `OverlapPolicy/first`
/// the match that starts first wins, then priority, then rule order: "Sam" and "Samwise" both
/// start at 0, so the rule written first wins.
///
/// ## Untrusted rules
/// Each match attempt runs under PCRE2's match, depth and heap limits
/// (`PatternSet/matchLimit`, `PatternSet/heapLimitKiB`). A rule that hits a limit is
/// reported as an error naming the rule and its `file:line`, its matches in that document are
/// dropped, and the other rules still run. Rules that can match the empty string are
/// rejected when the set is compiled.
///
/// ## Performance
/// Compile once and share. Each regex rule scans the whole document once (the literal
/// prefilter of the many-rules work will narrow this through ``ScanPlan``).
public struct PatternMatcher: Sendable {
    /// The pattern set the matcher was compiled from; its rules' positions index the results.
    public let set: PatternSet
    let rules: [CompiledRule]
    /// Layer tables shared by every document's span layer.
    let labels: [String]
    let ruleIDs: [String]
    let attributeNames: [String]
    let constants: [String]
    let maxCaptures: Int
    let prefilter: Prefilter
    /// Rules the prefilter cannot narrow (no literal, word lists): they run on every document.
    let alwaysRun: [Int]
    /// The word-list rules, looked up together in one pass over the tokens.
    let wordLists: WordListGroup?
    /// The words token rules require (lower-cased), indexed by ``CompiledRule/requiredWordIndex``.
    let tokenWords: ByteStringSet
    /// This matcher's number, which keys its own tables (``tokenWords``' positions) in token
    /// features that several stages share.
    let identity = PredicateInterner.shared.matcherID()
    /// Whether some rule needs the tokens layer (scope `tokens`, word lists, token patterns).
    public let needsTokens: Bool
    /// Whether a regex rule keeps to token bounds (`scope=tokens`): only then does a document
    /// need the bit sets of token starts and ends its callouts read. Token rules run on the
    /// tokens themselves.
    let needsTokenBounds: Bool
    /// Whether some rule needs the sentences layer (scope `sentence`, a token pattern with `^`,
    /// `$`, `sent-start` or `sent-end`).
    public let needsSentences: Bool
    /// Whether some token rule reads earlier spans (`@LABEL`, `label=`).
    public let needsSpans: Bool
    /// Whether a token rule tests parts of speech or lemmas (the `tags` layer).
    public let needsTags: Bool

    /// Words too frequent to be good prefilter keys (ASCII lower case), as given at compile time.
    public let commonWords: Set<String>

    /// Regex rules (positions in the set) made only of lookarounds, anchors and word
    /// boundaries (`(?=\d)`): every match would be empty, and spans never are, so they never
    /// match. A rule-file check warns about them.
    public let matchesNothing: [Int]

    /// Compiles every rule of the set.
    /// - Parameters:
    ///   - set: the rules, their overlap policy and match limits.
    ///   - commonWords: words (ASCII lower case) too frequent to be good prefilter keys,
    ///     usually ``CommonWords/load(directory:)`` of the language folder; they steer each
    ///     rule's ``RuleStrategy`` away from literals such as "the". Default: none. The
    ///     matches are the same with any list; only the speed differs.
    /// - Throws: ``PatternCompileErrors`` listing every rule that failed (not just the first).
    public init(_ set: PatternSet, commonWords: Set<String> = []) throws(PatternCompileErrors) {
        try self.init(set, commonWords: commonWords, checkOnly: false)
    }

    /// Compiles every rule of the set; with `jit: false` PCRE2's interpreter runs the rules
    /// (the same matches, slower; nothing is JIT-compiled, as ``check(_:commonWords:)`` does).
    public init(_ set: PatternSet, commonWords: Set<String> = [], jit: Bool) throws(PatternCompileErrors) {
        try self.init(set, commonWords: commonWords, checkOnly: !jit)
    }

    /// Reports every rule of `set` that does not compile, as ``init(_:commonWords:)`` would:
    /// what a rule-file loader runs to report errors before the pipelines are built. It does
    /// all that ``init(_:commonWords:)`` does (literal analysis, anchored forms, windows, ASCII
    /// twins, the prefilter) except the JIT compiles, whose failure is never an error (PCRE2's
    /// interpreter runs the rule instead): what `quarry check` accepts, `quarry run` builds.
    public static func check(_ set: PatternSet, commonWords: Set<String> = []) throws(PatternCompileErrors) {
        _ = try PatternMatcher(set, commonWords: commonWords, checkOnly: true)
    }

    init(_ set: PatternSet, commonWords: Set<String>, checkOnly: Bool) throws(PatternCompileErrors) {
        var labels: [String] = [], labelIndex: [String: Int] = [:]
        var names: [String] = [], nameIndex: [String: Int] = [:]
        var constants: [String] = [], constantIndex: [String: Int] = [:]
        func intern(_ value: String, _ table: inout [String], _ index: inout [String: Int]) -> Int {
            if let i = index[value] { return i }
            table.append(value)
            index[value] = table.count - 1
            return table.count - 1
        }
        var compiled: [CompiledRule] = []
        var errors: [PatternCompileError] = []
        // Names the common-word list for the literal analyses' cache.
        let commonWordsKey = commonWords.isEmpty ? 0 : commonWords.count &* 31 &+ commonWords.hashValue
        var matchesNothing: [Int] = []
        var maxCaptures = 0
        for (position, rule) in set.rules.enumerated() {
            let label = intern(rule.label, &labels, &labelIndex)
            let ruleConstants = rule.constants.map { (intern($0.name, &names, &nameIndex), intern($0.value, &constants, &constantIndex)) }
            switch rule.matcher {
            case let .regex(pattern, _):
                let prefix: String, suffix: String
                switch rule.scope {
                case .anywhere: (prefix, suffix) = ("", "")
                case .tokens: (prefix, suffix) = ("(?:", ")(?C1)")
                case .sentence: (prefix, suffix) = ("(?:", ")(?C2)")
                }
                do {
                    let scoped = rule.scope != .anywhere
                    let regex = try Regex(prefix + pattern + suffix, caseless: rule.caseless, unicode: !rule.ascii, jit: !checkOnly, scopeCallout: scoped)
                    // A scope is checked from where PCRE2 says the match starts. After \K its
                    // JIT says where \K put it (the span's start), its interpreter (10.42) where
                    // the attempt began: such a rule runs only JIT-compiled, as all scoped
                    // rules do where the JIT works.
                    if scoped, !checkOnly, !regex.jit, let offset = Regex.resetStartOffset(pattern) {
                        errors.append(PatternCompileError(rule: position, ruleID: rule.id, offset: offset, kind: .syntax,
                            message: "\\K in a rule with scope=\(rule.scope.rawValue) needs PCRE2's JIT, which is not available here: put what comes before \\K in a lookbehind ((?<=foo)bar, not foo\\Kbar)"))
                        continue
                    }
                    if regex.canMatchEmpty {
                        errors.append(PatternCompileError(rule: position, ruleID: rule.id, offset: 0, kind: .emptyMatch,
                            message: "this rule can match the empty string; make at least one part of it required (for example + instead of *)"))
                        continue
                    }
                    let captures = regex.names.map { (group: $0.group, name: intern($0.name, &names, &nameIndex)) }
                    maxCaptures = max(maxCaptures, regex.captureCount)
                    // Literal analysis: which literals every match contains, or starts with.
                    let analysis = LiteralAnalysis.shared(pattern: pattern, caseless: rule.caseless, commonWords: commonWords, key: commonWordsKey)
                    if analysis.consumesNothing { matchesNothing.append(position) }
                    // Literal text only: verified at candidates without PCRE2 (in prefix mode),
                    // so the anchored copy only runs where the program cannot decide and is not
                    // worth a JIT compile.
                    let literal = rule.scope == .anywhere && regex.captureCount == 0
                        ? LiteralProgram(pattern: pattern, caseless: rule.caseless, ascii: rule.ascii) : nil
                    var anchored: Regex? = nil
                    var strategy = RuleStrategy.choose(for: analysis) {
                        anchored = try? Regex(prefix + pattern + suffix, caseless: rule.caseless, anchored: true, unicode: !rule.ascii, jit: literal == nil && !checkOnly,
                                              scopeCallout: scoped)
                        return anchored != nil
                    }
                    // A gate pays only when its literals are cheap to scan for (a few exact ones
                    // that do not start with a lower-case letter, such as "Netherlands" for
                    // `(?:The\s+)?Netherlands`); a word list's gate (its own entries, in any case)
                    // costs more than the program's tries it saves.
                    let program = anchored != nil ? literal : nil
                    if program != nil, case let .prefixAnchored(prefixes, atWordStart, gate?) = strategy,
                       gate.count > 8 || gate.contains(where: { $0.caseless || ASCII.isLower($0.bytes.first ?? 0x61) }) {
                        strategy = .prefixAnchored(prefixes: prefixes, atWordStart: atWordStart, gate: nil)
                    }
                    // A gated rule whose matches are made of known bytes searches only windows
                    // around its factors (`MatchBytes`), with an offset limit.
                    var limited: Regex? = nil, window: MatchBytes? = nil
                    if case .gated = strategy, let bytes = MatchBytes(pattern: pattern, caseless: rule.caseless, ascii: rule.ascii) {
                        limited = try? Regex(prefix + pattern + suffix, caseless: rule.caseless, unicode: !rule.ascii, jit: !checkOnly, offsetLimit: true,
                                             scopeCallout: scoped)
                        window = limited == nil ? nil : bytes
                    }
                    var compiledRule = CompiledRule(index: position, label: label, regex: limited ?? regex, words: nil,
                                                    captures: captures, constants: ruleConstants, scope: rule.scope,
                                                    strategy: strategy, anchored: anchored)
                    compiledRule.literalProgram = program
                    compiledRule.window = window
                    if strategy != .fullScan { compiledRule.asciiDigits = analysis.assumesASCIIDigits && !rule.ascii }
                    if program == nil, !rule.ascii, Regex.hasASCIITwin(pattern) {
                        // The same rule without Unicode properties, for documents that are all
                        // ASCII: PCRE2's JIT is faster there, and the matches are the same.
                        compiledRule.setASCIITwin(
                            try? Regex(prefix + pattern + suffix, caseless: rule.caseless, unicode: false, jit: !checkOnly, offsetLimit: window != nil,
                                       scopeCallout: scoped),
                            anchored: anchored == nil ? nil : try? Regex(prefix + pattern + suffix, caseless: rule.caseless, anchored: true, unicode: false,
                                                                         jit: !checkOnly, scopeCallout: scoped))
                    }
                    compiled.append(compiledRule)
                } catch {
                    let offset = max(0, min(error.offset - prefix.utf8.count, pattern.utf8.count))
                    errors.append(PatternCompileError(rule: position, ruleID: rule.id, offset: offset, kind: .syntax, message: error.message))
                }
            case let .wordList(list):
                let words = CompiledWordList.shared(list)
                if words.maxWords == 0 {
                    errors.append(PatternCompileError(rule: position, ruleID: rule.id, offset: 0, kind: .emptyMatch,
                        message: "the word list '\(list.name)' is empty"))
                    continue
                }
                compiled.append(CompiledRule(index: position, label: label, regex: nil, words: words,
                                             captures: [], constants: ruleConstants, scope: .tokens, strategy: .wordList, anchored: nil))
            case let .tokens(pattern):
                do {
                    let program = try TokenProgram(pattern)
                    let captures = program.captureNames.enumerated().map { (group: $0.offset, name: intern($0.element, &names, &nameIndex)) }
                    var compiledRule = CompiledRule(index: position, label: label, regex: nil, words: nil,
                                                    captures: captures, constants: ruleConstants, scope: .tokens, strategy: .tokens, anchored: nil)
                    compiledRule.tokens = program
                    compiledRule.requiredWord = TokenProgram.requiredWord(pattern).map { Array($0.utf8) }
                    compiledRule.tokenMaxLength = TokenProgram.maxLength(pattern)
                    compiledRule.tokenLengthBound = TokenProgram.lengthBound(pattern)
                    if compiledRule.requiredWord == nil, let list = TokenProgram.requiredList(pattern) {
                        compiledRule.requiredList = program.listIndex[list]
                    }
                    compiledRule.spanGroup = rule.spanGroup.flatMap { program.captureNames.firstIndex(of: $0) }
                    compiled.append(compiledRule)
                } catch {
                    errors.append(PatternCompileError(rule: position, ruleID: rule.id, offset: 0, kind: error.kind, message: error.message))
                }
            }
        }
        if !errors.isEmpty { throw PatternCompileErrors(errors: errors) }
        self.set = set
        self.commonWords = commonWords
        self.matchesNothing = matchesNothing
        var required: [String] = []
        for i in compiled.indices {
            guard let word = compiled[i].requiredWord else { continue }
            let text = String(decoding: word, as: UTF8.self)
            if let k = required.firstIndex(of: text) { compiled[i].requiredWordIndex = k } else {
                compiled[i].requiredWordIndex = required.count
                required.append(text)
            }
        }
        self.tokenWords = ByteStringSet(required)
        self.rules = compiled
        self.prefilter = Prefilter(compiled)
        self.alwaysRun = compiled.indices.filter { compiled[$0].regex == nil || compiled[$0].modeKind == .full }
        self.wordLists = WordListGroup(compiled.compactMap { rule in
            guard let words = rule.words, case let .wordList(list) = set.rules[rule.index].matcher else { return nil }
            return (rule.index, list, words)
        })
        self.labels = labels
        self.ruleIDs = set.rules.map(\.id)
        self.attributeNames = names
        self.constants = constants
        self.maxCaptures = maxCaptures
        self.needsTokens = compiled.contains { $0.scope == .tokens }
        self.needsTokenBounds = compiled.contains { $0.scope == .tokens && $0.regex != nil }
        self.needsSentences = compiled.contains { $0.scope == .sentence } || set.rules.contains { $0.tokenPattern?.readsSentences == true }
        self.needsSpans = set.rules.contains { $0.tokenPattern?.readsSpans == true }
        self.needsTags = set.rules.contains { $0.tokenPattern?.readsTags == true }
    }

    /// How each rule runs, by position in the set (`quarry bench` prints them).
    public var strategies: [RuleStrategy] { rules.map(\.strategy) }

    /// How each rule runs, as `quarry bench` prints it: the strategy's name, or for a token rule
    /// where its searches start: `word` (only in documents with a word every match holds, from
    /// every token), `word+win` (only from the tokens that can reach an occurrence of it),
    /// `list`/`list+win` (the same with a list entry), `every` (from every token).
    public var runModes: [String] {
        rules.map { rule in
            guard rule.tokens != nil else { return rule.strategy.name }
            let windowed = rule.tokenMaxLength != nil || rule.tokenLengthBound != nil
            if rule.requiredWord != nil { return windowed ? "word+win" : "word" }
            if rule.requiredList != nil { return windowed ? "list+win" : "list" }
            return "every"
        }
    }

    /// The prefilter's automaton size in bytes.
    public var prefilterMemoryBytes: Int { prefilter.memoryBytes }

    /// Per-thread scratch for `match(_:scratch:)`.
    public func makeScratch() -> MatchScratch {
        MatchScratch(captureCount: maxCaptures, matchLimit: set.matchLimit, heapLimitKiB: set.heapLimitKiB)
    }

    /// Runs every rule over the document and resolves overlaps.
    public func match(_ document: AnnotatedDocument, scratch: MatchScratch, plan: ScanPlan = .everywhere) -> PatternResult {
        var raw: [RawMatch] = []
        var diagnostics: [Diagnostic] = []
        document.document.withUTF8 { bytes in
            prepareScope(document, bytes.count, scratch)
            scratch.tokenStarts.withUnsafeBufferPointer { starts in
            scratch.tokenEnds.withUnsafeBufferPointer { ends in
            scratch.sentenceStarts.withUnsafeBufferPointer { sStarts in
            scratch.sentenceEnds.withUnsafeBufferPointer { sEnds in
                scratch.scopePointer.pointee = quarry_scope(
                    token_starts: document.tokens == nil ? nil : starts.baseAddress,
                    token_ends: document.tokens == nil ? nil : ends.baseAddress,
                    sentence_starts: document.sentences == nil ? nil : sStarts.baseAddress,
                    sentence_ends: document.sentences == nil ? nil : sEnds.baseAddress,
                    sentence_count: sStarts.count, tries: 0, budget: UInt64(set.matchLimit))
                let candidates = plan.usePrefilter ? prefilter.scan(bytes, scratch) : nil
                // An all-ASCII document runs the rules' ASCII twins (the same matches, a faster
                // JIT); the unfiltered reference keeps the Unicode forms.
                let asciiDocument = plan.usePrefilter && isASCII(bytes)
                // The rules to run: with the prefilter, the full scans and the rules whose
                // literals occurred; without it, all of them.
                var active: [Int]
                if candidates != nil {
                    active = alwaysRun + scratch.touched
                    if scratch.caselessFallback || scratch.digitFallback {
                        let present = Set(active)
                        let extra = (scratch.caselessFallback ? prefilter.caselessRules : []) + (scratch.digitFallback ? prefilter.digitRules : [])
                        active += Set(extra).subtracting(present).sorted()
                    }
                } else {
                    active = Array(rules.indices)
                }
                var features: TokenFeatures? = nil
                var wordListsDone = false
                rules.withUnsafeBufferPointer { compiled in
                    for position in active {
                        // A pointer, not a copy: copying the struct would retain its shared
                        // buffers, and atomic reference counts on shared objects do not scale
                        // across threads.
                        let rule = compiled.baseAddress! + position
                        guard plan.includes(rule.pointee.index) else { continue }
                        if rule.pointee.tokens != nil, features == nil, document.tokens != nil {
                            // Shared by every token rule, so timed apart and billed to none.
                            let shared = scratch.stats == nil ? 0 : Prefilter.now()
                            features = TokenFeatures.shared(document, bytes, matchData: scratch.matchData)
                            if tokenWords.count > 0 { _ = features!.positions(ofWord: 0, in: tokenWords, id: identity) }
                            if scratch.stats != nil { scratch.stats!.sharedNanoseconds += Prefilter.now() - shared }
                        }
                        if rule.pointee.words != nil, let group = wordLists {
                            // Every word-list rule in one pass, at the first one's turn; each
                            // then reports its own count and cap.
                            if !wordListsDone, let tokens = document.tokens {
                                wordListsDone = true
                                let shared = scratch.stats == nil ? 0 : Prefilter.now()
                                if scratch.wordListCounts.count != group.rules.count {
                                    scratch.wordListCounts = Array(repeating: 0, count: group.rules.count)
                                    scratch.wordListIncluded = Array(repeating: true, count: group.rules.count)
                                }
                                for m in group.rules.indices { scratch.wordListIncluded[m] = plan.includes(group.rules[m]) }
                                group.scan(tokens, bytes, included: scratch.wordListIncluded, cap: set.maxMatchesPerRule,
                                           counts: &scratch.wordListCounts, ngram: &scratch.ngram, into: &raw)
                                if scratch.stats != nil { scratch.stats!.sharedNanoseconds += Prefilter.now() - shared }
                            }
                            if wordListsDone, let m = group.member[position] {
                                let count = scratch.wordListCounts[m]
                                if count > set.maxMatchesPerRule { diagnostics.append(capDiagnostic(rule.pointee, document.document)) }
                                scratch.stats?.matches[rule.pointee.index] += min(count, set.maxMatchesPerRule)
                            }
                            continue
                        }
                        let started = scratch.stats == nil ? 0 : Prefilter.now()
                        let before = raw.count
                        let (cap, overflow) = before.addingReportingOverflow(set.maxMatchesPerRule + 1)
                        scratch.matchCap = overflow ? Int.max : cap
                        if let code = rule.pointee.code {
                            scratch.scopePointer.pointee.tries = 0  // the scope's budget is per rule and document
                            var failure: (code: Int32, offset: Int)? = nil
                            let fallback = scratch.caselessFallback && prefilter.caselessRules.contains(position)
                                || scratch.digitFallback && rule.pointee.asciiDigits
                            switch rule.pointee.modeKind {
                            case .prefix where candidates != nil && !fallback:
                                // Gated too: no factor in this document, no match.
                                if rule.pointee.gated && scratch.gateHits[position] == 0 { break }
                                let starts = scratch.candidateStarts[position]
                                scratch.stats?.verifications[rule.pointee.index] += starts.count
                                let anchored = asciiDocument ? rule.pointee.asciiAnchoredCode ?? rule.pointee.anchoredCode! : rule.pointee.anchoredCode!
                                failure = verify(anchored, rule, at: starts, bytes, scratch, into: &raw)
                            case .gated where candidates != nil && !fallback && rule.pointee.window != nil:
                                failure = scanWindows(asciiDocument ? rule.pointee.asciiCode ?? code : code, rule,
                                                      around: scratch.candidateStarts[position], bytes, scratch, into: &raw)
                            default:
                                scratch.stats?.verifications[rule.pointee.index] += 1
                                failure = scan(asciiDocument ? rule.pointee.asciiCode ?? code : code, rule, bytes, scratch, into: &raw)
                            }
                            if let failure {
                                diagnostics.append(limitDiagnostic(rule.pointee, failure, document.document))
                                scratch.stats?.limitHits[rule.pointee.index] += 1
                            }
                        } else if let program = rule.pointee.tokens, let features {
                            runTokens(program, rule, features, windowed: plan.usePrefilter, tables: scratch.vmTables(position, program), into: &raw)
                        }
                        if raw.count - before > set.maxMatchesPerRule {
                            raw.removeSubrange((before + set.maxMatchesPerRule)...)
                            diagnostics.append(capDiagnostic(rule.pointee, document.document))
                        }
                        if scratch.stats != nil {
                            scratch.stats!.nanoseconds[rule.pointee.index] += Prefilter.now() - started
                            scratch.stats!.matches[rule.pointee.index] += raw.count - before
                            if candidates != nil { scratch.stats!.literalHits[rule.pointee.index] += scratch.candidateHits[position] }
                        }
                    }
                }
            }}}}
            scratch.scopePointer.pointee = quarry_scope()
        }
        return resolve(raw, diagnostics: diagnostics)
    }

    /// A token rule over the document's tokens (skipped when a word every match needs is
    /// missing).
    ///
    /// With `windowed`, a rule whose matches all contain a given word and span at most
    /// `maxLength` tokens is searched only from the starts that can reach an occurrence of the
    /// word (`occurrence - maxLength + 1 ... occurrence`), in order: every match starts there,
    /// so the leftmost-first matches are the same as a search from every token (the reference
    /// `quarry bench --no-prefilter` runs).
    func runTokens(_ program: TokenProgram, _ rule: UnsafePointer<CompiledRule>, _ features: TokenFeatures, windowed: Bool,
                   tables: VMTables, into raw: inout [RawMatch]) {
        var occurrences: [Int] = []
        if rule.pointee.requiredWord != nil {
            occurrences = features.positions(ofWord: rule.pointee.requiredWordIndex, in: tokenWords, id: identity)
            if occurrences.isEmpty { return }
        } else if let l = rule.pointee.requiredList {
            occurrences = features.entryStarts(program.lists[l])
            if occurrences.isEmpty { return }
        }
        // Made only when the rule can match: a VM allocates its tables for the whole document.
        var vm = TokenVM(program: program, features: features, tables: tables)
        defer { vm.finish() }
        let records = features.records
        func report(_ range: Range<Int>, _ slots: UnsafePointer<Int32>) {
            var captures: [(name: Int, start: Int, end: Int)] = []
            for (group, name) in rule.pointee.captures {
                let s = Int(slots[2 + 2 * group]), e = Int(slots[3 + 2 * group])
                if s >= 0 && e > s { captures.append((name, Int(records[s].start), Int(records[e - 1].end))) }
            }
            var tokens = range
            if let group = rule.pointee.spanGroup {
                // The span is the group's tokens; a match where the group took none gives none.
                let s = Int(slots[2 + 2 * group]), e = Int(slots[3 + 2 * group])
                guard s >= 0 && e > s else { return }
                tokens = s..<e
            }
            raw.append(RawMatch(start: Int(records[tokens.lowerBound].start), end: Int(records[tokens.upperBound - 1].end),
                                rule: rule.pointee.index, captures: captures))
        }
        guard windowed, !occurrences.isEmpty,
              let maxLength = rule.pointee.tokenMaxLength ?? rule.pointee.tokenLengthBound?.evaluate({ features.spanIndex($0).longest }),
              maxLength > 0 else {
            vm.run(report)
            return
        }
        var position = 0
        var k = 0
        while k < occurrences.count {
            // The merged run of start windows that begins with occurrence k.
            let first = max(0, occurrences[k] - maxLength + 1)
            var last = occurrences[k]
            k += 1
            while k < occurrences.count && occurrences[k] - maxLength + 1 <= last + 1 {
                last = occurrences[k]
                k += 1
            }
            var from = max(first, position)
            while from <= last, let (range, slots) = vm.search(from: from, lastStart: last) {
                report(range, slots)
                position = max(range.upperBound, range.lowerBound + 1)
                from = position
            }
        }
    }

    /// The options of every search: the text is valid UTF-8, and a match is never empty.
    static let matchOptions = UInt32(PCRE2_NO_UTF_CHECK) | UInt32(PCRE2_NOTEMPTY)

    /// One rule's find-all loop. Returns the PCRE2 error code when a limit stopped it (the
    /// rule's matches for this document are then removed).
    func scan(_ code: OpaquePointer, _ rule: UnsafePointer<CompiledRule>, _ bytes: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch,
              into raw: inout [RawMatch]) -> (code: Int32, offset: Int)? {
        let first = raw.count
        var offset = 0
        let n = bytes.count
        let subject = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        while offset <= n {
            let rc = pcre2_match_8(code, subject, n, offset, PatternMatcher.matchOptions, scratch.matchData, scratch.context)
            if rc == PCRE2_ERROR_NOMATCH { break }
            if rc < 0 {
                raw.removeSubrange(first...)
                return (rc, offset)
            }
            let match = lastMatch(rc, rule, scratch)
            raw.append(match)
            if raw.count >= scratch.matchCap { return nil }
            let start = match.start, end = match.end
            // Continue after the match (never empty with PCRE2_NOTEMPTY; step one scalar if one were).
            if end > start {
                offset = end
            } else {
                offset = end + 1
                while offset < n && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            }
        }
        return nil
    }

    /// Prefix mode: the anchored pattern tried at each candidate start, in order, skipping
    /// candidates inside the previous match: the same matches as the find-all loop, because
    /// every match starts at a candidate.
    func verify(_ anchored: OpaquePointer, _ rule: UnsafePointer<CompiledRule>, at starts: [Int], _ bytes: UnsafeBufferPointer<UInt8>,
                _ scratch: MatchScratch, into raw: inout [RawMatch]) -> (code: Int32, offset: Int)? {
        let first = raw.count
        let n = bytes.count
        let subject = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        var resume = 0
        let program = rule.pointee.literalProgram
        for start in starts where start >= resume {
            if let program {
                switch program.match(at: start, in: bytes, stack: &scratch.literalStack) {
                case .noMatch: continue
                case let .match(end):
                    raw.append(RawMatch(start: start, end: end, rule: rule.pointee.index, captures: []))
                    if raw.count >= scratch.matchCap { return nil }
                    resume = end
                    continue
                case .undecided: break  // PCRE2 decides this start
                }
            }
            let rc = pcre2_match_8(anchored, subject, n, start, PatternMatcher.matchOptions, scratch.matchData, scratch.context)
            if rc == PCRE2_ERROR_NOMATCH { continue }
            if rc < 0 {
                raw.removeSubrange(first...)
                return (rc, start)
            }
            let match = lastMatch(rc, rule, scratch)
            raw.append(match)
            if raw.count >= scratch.matchCap { return nil }
            resume = match.end > match.start ? match.end : match.start + 1
        }
        return nil
    }

    /// A windowed gated rule's find-all loop: the same matches as ``scan``, searched only
    /// where they can be.
    ///
    /// Every match holds an occurrence of a factor (`hits`, literal starts in order) and is
    /// made of the rule's ``MatchBytes``, so a match holding the occurrence at `h` starts in
    /// the run of member bytes that ends at `h`. For each hit PCRE2 searches from the start of
    /// that run with an offset limit at `h` (matches start at or before it), never below the
    /// end of the last match (the find-all loop's position) or a stretch already searched in
    /// vain. Any match the loop would find starts in the window of the first hit it holds, so
    /// the matches are the same, in the same order.
    func scanWindows(_ code: OpaquePointer, _ rule: UnsafePointer<CompiledRule>, around hits: [Int],
                     _ bytes: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch,
                     into raw: inout [RawMatch]) -> (code: Int32, offset: Int)? {
        let first = raw.count
        let n = bytes.count
        let subject = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let members = rule.pointee.window!
        let context = scratch.windowContext
        // No match the loop still has to report starts before `covered` (where the loop goes on
        // after the last match) or in `covered..<searched` (searched without a match). With
        // `\K` a match's reported start moves, not where its attempt began (what the offset
        // limit and the windows bound).
        var covered = 0, searched = 0
        var windows = 0
        defer { scratch.stats?.verifications[rule.pointee.index] += windows }
        for hit in hits {
            while true {
                let lower = max(covered, searched)
                if hit < lower { break }
                var from = hit
                while from > lower && members.contains(bytes[from - 1]) { from -= 1 }
                windows += 1
                pcre2_set_offset_limit_8(context, hit)
                let rc = pcre2_match_8(code, subject, n, from, PatternMatcher.matchOptions, scratch.matchData, context)
                if rc == PCRE2_ERROR_NOMATCH {
                    // Nothing starts in lower...hit (a match starting below `from` would have
                    // its run reach back past `from`, or hold an earlier hit).
                    searched = hit + 1
                    while searched < n && bytes[searched] & 0xC0 == 0x80 { searched += 1 }
                    break
                }
                if rc < 0 {
                    raw.removeSubrange(first...)
                    return (rc, from)
                }
                let match = lastMatch(rc, rule, scratch)
                raw.append(match)
                if raw.count >= scratch.matchCap { return nil }
                covered = match.end > match.start ? match.end : match.end + 1
                while covered < n && bytes[covered] & 0xC0 == 0x80 { covered += 1 }
            }
        }
        return nil
    }

    /// The match PCRE2 just found (`rc` its return code): the reported range and the rule's
    /// named groups that took part.
    @inline(__always)
    func lastMatch(_ rc: Int32, _ rule: UnsafePointer<CompiledRule>, _ scratch: MatchScratch) -> RawMatch {
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        var captures: [(name: Int, start: Int, end: Int)] = []
        if !rule.pointee.captures.isEmpty {
            for (group, name) in rule.pointee.captures where group < Int(rc) {
                let s = ovector[2 * group], e = ovector[2 * group + 1]
                if s != quarry_pcre2_unset() && e >= s { captures.append((name, s, e)) }
            }
        }
        return RawMatch(start: ovector[0], end: ovector[1], rule: rule.pointee.index, captures: captures)
    }

    func capDiagnostic(_ rule: CompiledRule, _ document: Document) -> Diagnostic {
        let source = set.rules[rule.index]
        let limit = set.maxMatchesPerRule
        return Diagnostic(.warning, "\(document.id): rule '\(source.id)' (\(source.location.file):\(source.location.line)) has more than \(limit) matches in this document; the first \(limit) are kept. Raise the limit with matches=N on the patterns declaration, or make the rule narrower")
    }

    func limitDiagnostic(_ rule: CompiledRule, _ failure: (code: Int32, offset: Int), _ document: Document) -> Diagnostic {
        let source = set.rules[rule.index]
        let what: String
        switch failure.code {
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT: what = "the match limit (\(set.matchLimit) backtracking steps)"
        case PCRE2_ERROR_HEAPLIMIT: what = "the heap limit (\(set.heapLimitKiB) KiB)"
        case PCRE2_ERROR_JIT_STACKLIMIT: what = "the JIT stack limit"
        case PCRE2_ERROR_CALLOUT: what = "the limit of \(set.matchLimit) tries to fit its scope (the match limit)"
        default: what = "an error (\(Regex.message(for: failure.code)))"
        }
        let location = "\(source.location.file):\(source.location.line)"
        return Diagnostic(.error, "\(document.id): rule '\(source.id)' (\(location)) stopped at \(what) searching from byte \(failure.offset); its matches in this document are dropped and the other rules still ran. The pattern probably backtracks catastrophically: use possessive quantifiers (a++) or atomic groups (?>...)")
    }

    /// Fills the scope bitsets and sentence arrays for this document.
    func prepareScope(_ document: AnnotatedDocument, _ n: Int, _ scratch: MatchScratch) {
        if needsTokenBounds || wordLists != nil, let tokens = document.tokens {
            let words = (n + 1 + 63) / 64
            scratch.tokenStarts = [UInt64](repeating: 0, count: words)
            scratch.tokenEnds = [UInt64](repeating: 0, count: words)
            for token in tokens.records {
                scratch.tokenStarts[Int(token.start) >> 6] |= 1 << (UInt64(token.start) & 63)
                scratch.tokenEnds[Int(token.end) >> 6] |= 1 << (UInt64(token.end) & 63)
            }
        } else if scratch.tokenStarts.count != 1 {
            scratch.tokenStarts = [0]
            scratch.tokenEnds = [0]
        }
        if needsSentences, let sentences = document.sentences {
            scratch.sentenceStarts = sentences.records.map(\.start)
            scratch.sentenceEnds = sentences.records.map(\.end)
        } else if !scratch.sentenceStarts.isEmpty {
            scratch.sentenceStarts = []
            scratch.sentenceEnds = []
        }
    }
}

/// Which rules to run, and whether the literal prefilter narrows where they run.
public struct ScanPlan: Sendable {
    var only: Set<Int>?
    /// Whether to narrow the rules by the literal prefilter (the default). Off, every rule
    /// scans the whole document: the reference the prefilter is tested against.
    public var usePrefilter = true

    /// Every rule, narrowed by the literal prefilter.
    public static let everywhere = ScanPlan(only: nil)

    /// Every rule over the whole document, no prefilter.
    public static let unfiltered = ScanPlan(only: nil, usePrefilter: false)

    /// Only the rules at these positions of the set.
    public static func rules(_ indices: Set<Int>) -> ScanPlan { ScanPlan(only: indices) }

    func includes(_ rule: Int) -> Bool { only?.contains(rule) ?? true }
}

/// `@unchecked Sendable`: the code pointers are read-only after compilation (PCRE2 allows
/// sharing compiled, JIT-compiled code across threads).
struct CompiledRule: @unchecked Sendable {
    /// The rule's position in the set (file order).
    let index: Int
    let label: Int
    let regex: Regex?
    let words: CompiledWordList?
    /// Named groups: (group number, attribute name index).
    let captures: [(group: Int, name: Int)]
    /// Constant attributes: (attribute name index, constant index).
    let constants: [(Int, Int)]
    let scope: PatternScope
    /// How the rule runs (the literal prefilter's plan for it).
    let strategy: RuleStrategy
    /// The pattern compiled anchored, for verification at candidate starts (prefix mode).
    let anchored: Regex?
    /// The compiled codes as plain pointers (the `Regex` objects above keep them alive): the
    /// hot loop reads these without touching reference counts.
    let code: OpaquePointer?
    let anchoredCode: OpaquePointer?
    /// ``strategy`` without its literals, for the hot loop: a byte, no reference counts.
    let modeKind: ModeKind
    /// A prefix-anchored rule that also needs one of its gate literals in the document.
    var gated = false
    /// The rule's literals read `\d` as 0-9: it scans documents with other digits whole.
    var asciiDigits = false

    /// The rule compiled without Unicode properties (``Regex/hasASCIITwin(_:)``), for
    /// documents with no byte above 0x7F; nil: the rule has none and uses ``code`` there too.
    private(set) var asciiRegex: Regex? = nil
    private(set) var asciiAnchored: Regex? = nil
    private(set) var asciiCode: OpaquePointer? = nil
    private(set) var asciiAnchoredCode: OpaquePointer? = nil

    /// Sets the ASCII twins; both are needed when the rule has an anchored form.
    mutating func setASCIITwin(_ regex: Regex?, anchored: Regex?) {
        guard let regex, (anchored != nil) == (self.anchored != nil) else { return }
        asciiRegex = regex
        asciiAnchored = anchored
        asciiCode = regex.code
        asciiAnchoredCode = anchored?.code
    }

    /// A prefix rule of literal text only, verified at candidates without PCRE2.
    var literalProgram: LiteralProgram? = nil
    /// A gated rule's match bytes: PCRE2 searches only the windows they allow around the
    /// factors' occurrences (``PatternMatcher/scanWindows``); nil: whole documents.
    var window: MatchBytes? = nil

    /// The program of a token rule.
    var tokens: TokenProgram? = nil
    /// A token rule's word (ASCII lower case) every match contains: no token with it, no match.
    var requiredWord: [UInt8]? = nil
    /// The most tokens a match of a token rule spans, or nil when unbounded.
    var tokenMaxLength: Int? = nil
    /// The same bound with span units counted at their longest in the document, or nil.
    var tokenLengthBound: TokenProgram.LengthBound? = nil
    /// A list (index in the program's lists) every match takes an entry of, when the rule has
    /// no ``requiredWord``: matches can only start just before tokens where an entry starts.
    var requiredList: Int? = nil
    /// The position of ``requiredWord`` in the matcher's `tokenWords`.
    var requiredWordIndex = 0
    /// The capture group whose tokens a token rule's span covers (`span=`), or nil.
    var spanGroup: Int? = nil

    /// Full scans and word lists run on every document; gated rules scan the whole
    /// document where a factor occurs; prefix rules are tried at candidates.
    enum ModeKind: UInt8, Sendable { case full, gated, prefix }

    init(index: Int, label: Int, regex: Regex?, words: CompiledWordList?, captures: [(group: Int, name: Int)],
         constants: [(Int, Int)], scope: PatternScope, strategy: RuleStrategy, anchored: Regex?) {
        self.index = index
        self.label = label
        self.regex = regex
        self.words = words
        self.captures = captures
        self.constants = constants
        self.scope = scope
        self.strategy = strategy
        self.anchored = anchored
        self.code = regex?.code
        self.anchoredCode = anchored?.code
        switch strategy {
        case .fullScan, .wordList, .tokens: modeKind = .full
        case .gated: modeKind = .gated
        case let .prefixAnchored(_, _, gate): modeKind = .prefix; gated = gate != nil
        }
    }
}

/// A match before overlap resolution.
public struct RawMatch: Sendable {
    /// The UTF-8 byte offset where the match starts.
    public var start: Int
    /// The UTF-8 byte offset just past the match.
    public var end: Int
    /// The rule's position in the set.
    public var rule: Int
    /// Named captures: (attribute name index, start, end).
    var captures: [(name: Int, start: Int, end: Int)]
}

/// One rule that did not compile, with the byte offset in its (expanded) pattern.
public struct PatternCompileError: Error, Sendable {
    /// Why the rule did not compile.
    public enum Kind: Sendable {
        /// PCRE2 refused the pattern (a syntax error, a limit); ``PatternCompileError/offset``
        /// says where.
        case syntax
        /// The rule would match the empty string, or its word list is empty.
        case emptyMatch
    }
    /// The rule's position in the set.
    public var rule: Int
    /// The rule's id (`PatternRule.id`).
    public var ruleID: String
    /// The byte offset in the rule's expanded pattern where PCRE2 found the error; 0 for
    /// ``Kind/emptyMatch``.
    public var offset: Int
    /// Whether PCRE2 refused the pattern, or the rule could match the empty string.
    public var kind: Kind
    /// What is wrong, for the user (PCRE2's message, or how to fix an empty match).
    public var message: String
}

/// Every rule of a set that did not compile.
public struct PatternCompileErrors: Error, Sendable, CustomStringConvertible {
    /// One error per rule that failed, in set order.
    public var errors: [PatternCompileError]
    /// One line per failed rule: its id, the message and the byte offset.
    public var description: String {
        errors.map { "rule '\($0.ruleID)': \($0.message) (at byte \($0.offset) of its pattern)" }.joined(separator: "\n")
    }
}
