import QuarryCore

/// Where a token rule stops matching in a document, element by element: what
/// `quarry explain --rule` prints for a token rule that matches nowhere.
///
/// The elements are the pattern's top-level parts (`[lower=said] []{0,5}? (?<name>[is-title])`
/// has three). `matched` is the longest run of leading elements that matches somewhere; each
/// ``Site`` is a place where that run matched and the next element failed, with the reasons
/// read off the token there ("is-title is false: 'the'").
public struct TokenMismatch: Sendable, Equatable {
    /// The pattern's top-level elements, written canonically.
    public var elements: [String]
    /// How many leading elements match somewhere in the text (0: not even the first).
    public var matched: Int
    /// Up to three places where the leading elements matched and the next one failed (when
    /// `matched` is 0: the tokens that came closest to passing the first element, if any).
    public var sites: [Site]

    /// One place where element `matched + 1` was tried and failed.
    public struct Site: Sendable, Equatable {
        /// The UTF-8 byte range covered by the elements that matched (empty when they consume
        /// no token, nil when no element matched).
        public var matched: Range<Int>?
        /// The UTF-8 byte range of the token where the next element failed; nil at the end of
        /// the text.
        public var token: Range<Int>?
        /// Why the element failed there, one reason a line.
        public var reasons: [String]

        /// Makes a site (byte ranges).
        public init(matched: Range<Int>?, token: Range<Int>?, reasons: [String]) {
            self.matched = matched
            self.token = token
            self.reasons = reasons
        }
    }

    /// Makes a mismatch report.
    public init(elements: [String], matched: Int, sites: [Site]) {
        self.elements = elements
        self.matched = matched
        self.sites = sites
    }
}

/// Works out a ``TokenMismatch``: runs growing prefixes of the pattern's elements on the VM,
/// then tests the first element that fails against the token where it was tried.
struct TokenMismatchFinder {
    let features: TokenFeatures

    /// The most sites reported.
    static let maxSites = 3

    /// The elements of a pattern: its top-level sequence (a capture around a sequence counts
    /// as that sequence's parts only when it is the whole pattern, so captures stay whole
    /// where they are written side by side).
    static func elements(of pattern: TokenPattern) -> [TokenPattern] {
        switch pattern {
        case let .sequence(parts): parts
        default: [pattern]
        }
    }

    func mismatch(for pattern: TokenPattern) -> TokenMismatch {
        let elements = Self.elements(of: pattern)
        let written = elements.map { $0.wrapped(inSequence: true) }
        for k in stride(from: elements.count - 1, through: 1, by: -1) {
            guard let program = try? TokenProgram(.sequence(Array(elements[..<k])), allowingEmpty: true) else { continue }
            var vm = TokenVM(program: program, features: features)
            var sites: [TokenMismatch.Site] = []
            var from = 0
            while sites.count < Self.maxSites, from <= features.count, let (range, _) = vm.search(from: from) {
                let start = range.lowerBound
                for end in vm.ends(from: start) where sites.count < Self.maxSites {
                    sites.append(TokenMismatch.Site(matched: byteRange(start, end), token: tokenRange(end),
                                                    reasons: reasons(elements[k], at: end)))
                }
                from = start + 1
                if start >= features.count { break }
            }
            if !sites.isEmpty { return TokenMismatch(elements: written, matched: k, sites: sites) }
        }
        return TokenMismatch(elements: written, matched: 0, sites: nearest(elements.first ?? pattern))
    }

    /// When even the first element matches nowhere: for a token test made of several parts,
    /// the tokens that pass the most parts, and the parts they fail.
    private func nearest(_ element: TokenPattern) -> [TokenMismatch.Site] {
        var element = element
        while case let .capture(_, inner) = element { element = inner }
        if case let .span(label, tests) = element, !tests.isEmpty {
            // The spans of the label that are there, and the tests each fails.
            let unit = TokenProgram.SpanUnit(label: label, tests: [])
            return (0..<features.count).lazy.filter { !self.features.spanEnds(unit, $0).isEmpty }.prefix(Self.maxSites)
                .map { TokenMismatch.Site(matched: nil, token: self.tokenRange($0), reasons: self.reasons(element, at: $0)) }
        }
        guard case let .token(.and(parts)) = element, parts.count > 1 else { return [] }
        var best = 0
        var found: [Int] = []
        for i in 0..<features.count {
            let passed = parts.filter { holds($0, at: i) }.count
            if passed > best { best = passed; found = [i] } else if passed == best && passed > 0 && found.count < Self.maxSites { found.append(i) }
        }
        return found.map { TokenMismatch.Site(matched: nil, token: tokenRange($0), reasons: failures(.and(parts), at: $0)) }
    }

    // MARK: Why an element fails at a position

    /// Why `element` matches no tokens starting at position `i`.
    func reasons(_ element: TokenPattern, at i: Int) -> [String] {
        let n = features.count
        switch element {
        case let .token(predicate):
            guard i < n else { return ["the text ends before a token that \(predicate.wrappedDescription) could test"] }
            return failures(predicate, at: i)
        case let .span(label, tests):
            guard i < n else { return ["the text ends before any \(label) span"] }
            let unit = TokenProgram.SpanUnit(label: label, tests: [])
            let ends = features.spanEnds(unit, i)
            if ends.isEmpty {
                if features.covered(label, i) { return ["\(quoted(i)) lies inside a \(label) span that starts earlier, not at the start of one"] }
                return ["no \(label) span starts at \(quoted(i))"]
            }
            let spanText = text(i, ends[0])
            let failed = tests.filter { test in features.spanEnds(TokenProgram.SpanUnit(label: label, tests: [test]), i).isEmpty }
            let attributes = features.attributesOfSpan(label, at: i)
            return failed.map { test in
                let values = attributes.filter { $0.name == test.name }.map { "\"\($0.value)\"" }
                let has = values.isEmpty ? "it has no \(test.name)" : "its \(test.name) is \(values.joined(separator: ", "))"
                return "the \(label) span \"\(spanText)\" fails the test (\(test.sourceText)): \(has)"
            }
        case .sentenceStart:
            return i < n ? ["\(quoted(i)) does not start a sentence (^)"] : ["the text ends here, where no sentence starts (^)"]
        case .sentenceEnd:
            return i < n ? ["no sentence ends before \(quoted(i)) ($)"] : ["no sentence ends here ($)"]
        case let .look(inner, ahead, negated):
            let written = TokenPattern.look(inner, ahead: ahead, negated: negated).description
            let place = i < n ? (ahead ? "at \(quoted(i))" : "before \(quoted(i))") : "at the end of the text"
            let relation = ahead ? "comes next" : "ends right"
            if negated { return ["\(written): \(inner) \(relation) \(place), and the rule says it must not"] }
            return ["\(written): \(inner) \(ahead ? "does not come next" : "does not end right") \(place)"]
        case let .capture(_, inner):
            return reasons(inner, at: i)
        case let .sequence(parts):
            // The longest run of parts that matches from i, and why the next one fails after it.
            for k in stride(from: parts.count - 1, through: 1, by: -1) {
                let ends = anchoredEnds(.sequence(Array(parts[..<k])), at: i)
                if let end = ends.first {
                    let after = end > i ? "after \"\(text(i, end))\", " : ""
                    return reasons(parts[k], at: end).map { after + "\(parts[k].wrapped(inSequence: true)): " + $0 }
                }
            }
            return parts.first.map { reasons($0, at: i) } ?? []
        case let .alternation(options):
            return ["no alternative matches here:"] + options.flatMap { option in
                reasons(option, at: i).map { "  \(option.wrapped(inSequence: true)): \($0)" }
            }
        case let .repeat(inner, min, _, _):
            var end = i
            var count = 0
            while count < min {
                let ends = anchoredEnds(.repeat(inner, min: count + 1, max: count + 1, lazy: false), at: i)
                guard let next = ends.last else { break }
                end = next
                count += 1
            }
            let why = reasons(inner, at: end)
            if count == 0 { return why }
            return why.map { "needs \(min), found \(count) (\"\(text(i, end))\"), then: " + $0 }
        }
    }

    /// The tests of `predicate` that token `i` fails, with the token's value for each.
    func failures(_ predicate: TokenPredicate, at i: Int) -> [String] {
        switch predicate {
        case let .and(parts):
            return parts.flatMap { holds($0, at: i) ? [] : failures($0, at: i) }
        case let .or(parts):
            return ["none of \(predicate.wrappedDescription) holds for \(quoted(i))"] + parts.flatMap { failures($0, at: i).map { "  " + $0 } }
        case let .not(inner):
            return ["\(inner.wrappedDescription) holds for \(quoted(i)), and the rule says it must not"]
        case .any:
            return []
        case .text:
            return ["\(predicate): the text is \(quoted(i))"]
        case .lower:
            return ["\(predicate): the lower-case text is \"\(String(decoding: features.lower(i), as: UTF8.self))\""]
        case .regex:
            return ["\(predicate): the regex does not match \(quoted(i)) whole"]
        case .shape:
            return ["\(predicate): the shape of \(quoted(i)) is \(String(decoding: features.shape(i), as: UTF8.self))"]
        case .kind:
            return ["\(predicate): \(quoted(i)) is a \(features.records[i].kind.description) token"]
        case .prefix, .suffix:
            return ["\(predicate) is false for \(quoted(i))"]
        case .length:
            let length = String(decoding: features.text(i), as: UTF8.self).unicodeScalars.count
            return ["\(predicate): \(quoted(i)) has length \(length)"]
        case .flag:
            return ["\(predicate) is false for \(quoted(i))"]
        case let .inList(list):
            return ["\(quoted(i)) does not start an entry of @\(list.name)"]
        case let .label(label):
            return ["\(quoted(i)) is not inside a \(label) span"]
        case .pos, .tag, .lemma, .lemmaInList:
            guard let tags = features.tagDescription(i) else {
                return ["\(predicate): \(quoted(i)) has no tags (the pipeline has no tag stage before this one)"]
            }
            if case let .lemmaInList(list) = predicate { return ["the lemma of \(quoted(i)) is not in @\(list.name); its tags: \(tags)"] }
            return ["\(predicate) is false for \(quoted(i)): its tags are \(tags)"]
        }
    }

    // MARK: Helpers

    /// Whether token `i` passes `predicate`, on the same engine as matching: a one-token
    /// pattern that ends right after the token.
    private func holds(_ predicate: TokenPredicate, at i: Int) -> Bool {
        anchoredEnds(.token(predicate), at: i).contains(i + 1)
    }

    /// Where `pattern` can end when it starts exactly at `i`.
    private func anchoredEnds(_ pattern: TokenPattern, at i: Int) -> [Int] {
        guard let program = try? TokenProgram(pattern, allowingEmpty: true) else { return [] }
        var vm = TokenVM(program: program, features: features)
        return vm.ends(from: i)
    }

    private func quoted(_ i: Int) -> String { "\"\(String(decoding: features.text(i), as: UTF8.self))\"" }

    private func text(_ from: Int, _ to: Int) -> String {
        guard to > from else { return "" }
        let start = Int(features.records[from].start), end = Int(features.records[to - 1].end)
        return String(decoding: UnsafeBufferPointer(rebasing: features.bytes[start..<end]), as: UTF8.self)
    }

    private func byteRange(_ from: Int, _ to: Int) -> Range<Int> {
        if to > from { return Int(features.records[from].start)..<Int(features.records[to - 1].end) }
        let at = from < features.count ? Int(features.records[from].start) : features.bytes.count
        return at..<at
    }

    private func tokenRange(_ i: Int) -> Range<Int>? {
        i < features.count ? Int(features.records[i].start)..<Int(features.records[i].end) : nil
    }
}

extension TokenPredicate {
    /// The predicate in brackets, as a rule writes it (`[is-title]`).
    var wrappedDescription: String { "[\(self)]" }
}
