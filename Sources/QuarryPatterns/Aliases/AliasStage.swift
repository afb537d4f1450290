import QuarryCore

/// Short mentions of names found earlier in the document (GATE calls this the orthographic
/// matcher): a person's surname alone ("Lindner said") after "Finance Minister Christian
/// Lindner", and an organisation's acronym declared in the text ("International Atomic Energy
/// Agency (IAEA)" makes every "IAEA" an ORG).
///
/// - A person's surname is the last word of the span's `name` attribute (or of the span,
///   when it has none) that is not a suffix ("Jr.", "III"); only names of two words or more
///   give one. Hyphenated surnames ("Calmy-Rey") count as one word.
/// - With `givenNames`, a person's first name alone ("Daniel" after "Daniel Bernoulli") too,
///   when no other person of the document shares it and it is nobody's surname.
/// - An acronym is a token of 2 to 8 capitals (dots allowed) in parentheses right after an
///   organisation span. Where no organisation span ends there but the acronym is one (an
///   earlier stage wrote an organisation span on it), the words before the bracket whose
///   initials spell it become an organisation span (rule `acronym-long-form`): "the Ulster
///   Volunteer Force (UVF)". An organisation span of three initials or more also makes its
///   initials an acronym when the text uses them undeclared ("Office of Fair Trading", later
///   "the OFT").
/// - An organisation span of an acronym alone ("UVF" written by an acronym rule) becomes its
///   alias, so that it names the long form.
/// - A mention is added where the word stands alone: not inside a person or organisation
///   span. A place span of exactly that word ("Jordan" after "Michael Jordan") is replaced:
///   the document has shown the word is a name.
///
/// Each added span has rule `alias` and an attribute `of`: the text of the span it repeats.
public struct AliasStage: StatelessStage {
    /// The labels whose spans give surnames (default `PERSON`).
    public var personLabels: Set<String>
    /// The labels whose spans give acronyms (default `ORG`).
    public var organisationLabels: Set<String>
    /// The labels a mention replaces when it covers exactly the same text (default `GPE`, `LOC`).
    public var replaceableLabels: Set<String>
    /// Whether a person's first name alone is a mention too (default false).
    public var givenNames: Bool

    /// Makes the stage.
    public init(personLabels: Set<String> = ["PERSON"], organisationLabels: Set<String> = ["ORG"],
                replaceableLabels: Set<String> = ["GPE", "LOC"], givenNames: Bool = false) {
        self.personLabels = personLabels
        self.organisationLabels = organisationLabels
        self.replaceableLabels = replaceableLabels
        self.givenNames = givenNames
    }

    public var name: String { "aliases" }
    public var reads: [LayerName] { [.tokens, .spans] }
    public var writes: [LayerName] { [.spans] }

    static let nameSuffixes: Set<String> = ["Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"]

    /// The label of a span of `labels` that covers exactly the bytes `start..<end`.
    static func coveringLabel(_ spans: SpanLayer, _ labels: Set<String>, _ start: UInt32, _ end: UInt32) -> String? {
        for span in spans.records where span.start == start && span.end == end {
            let label = spans.labels[Int(span.label)]
            if labels.contains(label) { return label }
        }
        return nil
    }

    /// The letters a capitalised word gives an acronym: all its capitals when it has no
    /// lower-case letter ("U.S.", "UN"), else its first letter and any capital after a hyphen
    /// ("Anti-Corruption" gives "AC"). Nil for a word that does not start with a capital.
    static func acronymLetters(_ word: [Character]) -> [Character]? {
        guard let initial = word.first, initial.isLetter, !initial.isLowercase else { return nil }
        if word.allSatisfy({ !$0.isLowercase }) { return word.filter(\.isUppercase) }
        var letters = [initial]
        for (i, c) in word.enumerated() where i > 0 && c.isUppercase && word[i - 1] == "-" { letters.append(c) }
        return letters
    }

    /// Whether `word` is a short lower-case word that may stand inside a long form and gives
    /// no letter ("of" in "Office of Fair Trading").
    static func isLinkWord(_ word: [Character]) -> Bool {
        word.count <= 4 && word.first?.isLetter == true && word.allSatisfy(\.isLowercase)
    }

    /// The initials of a name's words, as ``longFormStart(_:before:words:string:)`` reads
    /// them: "Movement for Democratic Change" -> "MDC". Nil when a word is neither capitalised
    /// nor a short lower-case word, or the name has fewer than two capitalised words.
    static func initials(_ words: [String]) -> String? {
        var letters: [Character] = [], capitalised = 0
        for word in words {
            let characters = Array(word)
            if let given = acronymLetters(characters) {
                letters += given
                capitalised += 1
            } else if !isLinkWord(characters) {
                return nil
            }
        }
        return capitalised >= 2 ? String(letters) : nil
    }

    /// Where the long form of `acronym` starts, in the words before word `open` (its opening
    /// bracket): the nearest words whose initials spell it, read backwards as Schwartz and
    /// Hearst's abbreviation finder does. Each capitalised word gives its first letter (an
    /// all-capitals word, "U.S.", gives all its letters; a capital after a hyphen counts
    /// too); up to two short lower-case words may stand between them ("Office of Fair
    /// Trading"). Nil when the acronym is not 2 to 8 capitals or no such words precede it.
    static func longFormStart(_ acronym: String, before open: Int, words: [(start: UInt32, end: UInt32)],
                              string: (UInt32, UInt32) -> String) -> Int? {
        var letters = Array(acronym.filter { $0 != "." })
        guard (2...8).contains(letters.count), letters.allSatisfy({ $0.isUppercase && $0.isLetter }) else { return nil }
        var k = open - 1, lowercase = 0
        let reach = letters.count + 3
        while k >= 0 && open - k <= reach {
            let word = Array(string(words[k].start, words[k].end))
            guard let gives = acronymLetters(word) else {
                // A short function word inside the long form, never at its end.
                guard k < open - 1, isLinkWord(word), lowercase < 2 else { return nil }
                lowercase += 1
                k -= 1
                continue
            }
            guard gives.count <= letters.count, Array(letters.suffix(gives.count)) == gives.map({ Character($0.uppercased()) }) else { return nil }
            letters.removeLast(gives.count)
            if letters.isEmpty { return k }
            k -= 1
        }
        return nil
    }

    public func process(_ document: inout AnnotatedDocument) throws {
        guard let tokens = document.tokens?.records, let spans = document.spans, !tokens.isEmpty else { return }
        let text = document.document
        func string(_ start: UInt32, _ end: UInt32) -> String { String(text.text(utf8: Int(start)..<Int(end))) }

        let bytes = Array(text.text.utf8)
        // Words: tokens joined across hyphens written without spaces ("Calmy-Rey").
        var words: [(start: UInt32, end: UInt32)] = []
        var t = 0
        while t < tokens.count {
            var end = tokens[t].end
            var u = t + 1
            while u + 1 < tokens.count && tokens[u].start == end && tokens[u].end == end + 1 && bytes[Int(end)] == UInt8(ascii: "-")
                    && tokens[u + 1].start == tokens[u].end {
                end = tokens[u + 1].end
                u += 2
            }
            words.append((tokens[t].start, end))
            t = u
        }

        // What to look for: surname or acronym -> (label, the text it repeats).
        var aliases: [String: (label: String, of: String)] = [:]
        // First name -> the full name it starts and the label and text of the first span that
        // gave it (for `givenNames`); nil once two full names share it.
        var given: [String: (name: String, label: String, of: String)?] = [:]
        var undeclared: [String: (label: String, of: String)] = [:]
        let labels = spans.labels
        let nameIndex = spans.attributeNames.firstIndex(of: "name").map(UInt32.init)
        for span in spans.records {
            let label = labels[Int(span.label)]
            if personLabels.contains(label) {
                // Where the name starts: its `name` capture, when the rule has one (after a title).
                var start = span.start
                if let nameIndex {
                    for attribute in spans.attributes[Int(span.attributeStart)..<Int(span.attributeStart + span.attributeCount)]
                    where attribute.name == nameIndex {
                        if case let .text(s, _) = attribute.value { start = s }
                    }
                }
                var lo = 0, hi = words.count
                while lo < hi { let mid = (lo + hi) / 2; if words[mid].start < start { lo = mid + 1 } else { hi = mid } }
                var inside: [String] = []
                while lo < words.count && words[lo].end <= span.end { inside.append(string(words[lo].start, words[lo].end)); lo += 1 }
                inside.removeAll { Self.nameSuffixes.contains($0) }
                guard inside.count >= 2, let surname = inside.last, surname.first?.isUppercase == true,
                      surname.count > 1, !surname.hasSuffix(".") else { continue }
                if aliases[surname] == nil { aliases[surname] = (label, string(span.start, span.end)) }
                if givenNames, let first = inside.first, first.count > 1, first.first?.isUppercase == true, !first.hasSuffix(".") {
                    let name = inside.joined(separator: " ")
                    if let seen = given[first] {
                        if let seen, seen.name != name { given[first] = .some(nil) }
                    } else {
                        given[first] = (name, label, string(span.start, span.end))
                    }
                }
            } else if organisationLabels.contains(label) {
                var lo = 0, hi = words.count
                while lo < hi { let mid = (lo + hi) / 2; if words[mid].start < span.start { lo = mid + 1 } else { hi = mid } }
                // Its initials, for an acronym the text uses without declaring it ("Office of
                // Fair Trading", later "the OFT"): three letters or more.
                var inside: [String] = []
                while lo < words.count && words[lo].end <= span.end { inside.append(string(words[lo].start, words[lo].end)); lo += 1 }
                if let initials = Self.initials(inside), initials.count >= 3, undeclared[initials] == nil {
                    undeclared[initials] = (label, string(span.start, span.end))
                }
                // "(IAEA)" right after the span.
                let w = lo
                guard w + 2 < words.count,
                      string(words[w].start, words[w].end) == "(", string(words[w + 2].start, words[w + 2].end) == ")" else { continue }
                let acronym = string(words[w + 1].start, words[w + 1].end)
                let letters = acronym.filter { $0 != "." }
                guard (2...8).contains(letters.count), letters.allSatisfy({ $0.isUppercase }) else { continue }
                if aliases[acronym] == nil { aliases[acronym] = (label, string(span.start, span.end)) }
            }
        }
        for (initials, alias) in undeclared where aliases[initials] == nil { aliases[initials] = alias }

        // Acronyms declared after a long form no organisation span covers ("the Ulster
        // Volunteer Force (UVF)"): when the entity rules took the acronym for an organisation,
        // the words whose initials spell it are one too.
        var longForms: [(start: UInt32, end: UInt32, label: String)] = []
        for w in stride(from: 1, to: words.count - 2, by: 1)
        where words[w].end == words[w].start + 1 && bytes[Int(words[w].start)] == UInt8(ascii: "(")
            && words[w + 2].end == words[w + 2].start + 1 && bytes[Int(words[w + 2].start)] == UInt8(ascii: ")") {
            let acronym = string(words[w + 1].start, words[w + 1].end)
            guard aliases[acronym] == nil, let label = Self.coveringLabel(spans, organisationLabels, words[w + 1].start, words[w + 1].end),
                  let first = Self.longFormStart(acronym, before: w, words: words, string: string) else { continue }
            let start = words[first].start, end = words[w - 1].end
            // Not a person's name, nor a place the rules know ("United Arab Emirates (UAE)"),
            // nor words a span enters from outside.
            let clash = spans.records.contains { span in
                span.start < end && span.end > start
                    && (personLabels.contains(labels[Int(span.label)]) || span.start < start || span.end > end
                        || span.start == start && span.end == end)
            }
            guard !clash else { continue }
            longForms.append((start, end, label))
            aliases[acronym] = (label, string(start, end))
        }

        var givenAliases: Set<String> = []
        for (first, entry) in given where aliases[first] == nil {
            guard let entry else { continue }
            givenAliases.insert(first)
            aliases[first] = (entry.label, entry.of)
        }
        guard !aliases.isEmpty else { return }

        // Which words are already inside a span of a name label, or exactly a replaceable one.
        var replaced: Set<Int> = []
        let nameLabels = personLabels.union(organisationLabels)
        var covered: [(start: UInt32, end: UInt32)] = []
        var replaceable: [Range<UInt32>: Int] = [:]
        for (k, span) in spans.records.enumerated() {
            let label = labels[Int(span.label)]
            // An organisation span of a declared acronym alone ("UVF") becomes its alias, which
            // names the long form; the spans inside a new long form give way to it.
            if organisationLabels.contains(label), span.end - span.start <= 16, !personLabels.contains(label),
               let alias = aliases[string(span.start, span.end)], alias.label == label {
                replaceable[span.start..<span.end] = k
            } else if longForms.contains(where: { $0.start <= span.start && span.end <= $0.end }) {
                replaced.insert(k)
            } else if nameLabels.contains(label) {
                covered.append((span.start, span.end))
            } else if replaceableLabels.contains(label) {
                replaceable[span.start..<span.end] = k
            }
        }
        covered.sort { $0.start < $1.start }
        func isCovered(_ start: UInt32, _ end: UInt32) -> Bool {
            var lo = 0, hi = covered.count
            while lo < hi { let mid = (lo + hi) / 2; if covered[mid].start <= start { lo = mid + 1 } else { hi = mid } }
            // Spans starting at or before `start`: any that reaches past it covers the word.
            var i = lo - 1
            while i >= 0 {
                if covered[i].end >= end { return true }
                if lo - i > 8 { break }
                i -= 1
            }
            return false
        }

        var added = SpanLayer(labels: [], rules: ["alias", "acronym-long-form"], attributeNames: ["of"])
        /// Whether word `k` starts with a capital (a name may go on there).
        func capitalised(_ k: Int) -> Bool {
            guard k >= 0 && k < words.count else { return false }
            let first = bytes[Int(words[k].start)]
            if first < 0x80 { return ASCII.isUpper(first) }
            // A non-ASCII first letter: decode it alone.
            return text.text(utf8: Int(words[k].start)..<Int(words[k].end)).unicodeScalars.first?.properties.isUppercase == true
        }
        for (k, word) in words.enumerated() {
            // Every alias starts with a capital: skip words that start with a lower-case
            // ASCII letter, a digit or ASCII punctuation without making a string.
            let first = bytes[Int(word.start)]
            if first < 0x80 && !ASCII.isUpper(first) { continue }
            let value = string(word.start, word.end)
            guard let alias = aliases[value], !isCovered(word.start, word.end) else { continue }
            // A first name next to another capitalised word is part of a longer name ("Barack
            // Obama" where no span covers it), not a mention of its own.
            if givenAliases.contains(value) && (capitalised(k + 1) || capitalised(k - 1)) { continue }
            if let k = replaceable[word.start..<word.end] { replaced.insert(k) }
            let label: Int
            if let i = added.labels.firstIndex(of: alias.label) { label = i } else { added.labels.append(alias.label); label = added.labels.count - 1 }
            let constant: Int
            if let i = added.constants.firstIndex(of: alias.of) { constant = i } else { added.constants.append(alias.of); constant = added.constants.count - 1 }
            added.attributes.append(SpanAttribute(name: 0, value: .constant(UInt32(constant))))
            added.records.append(SpanRecord(start: Int(word.start), end: Int(word.end), label: label, rule: 0,
                                            attributeStart: added.attributes.count - 1, attributeCount: 1))
        }
        for form in longForms {
            let label: Int
            if let i = added.labels.firstIndex(of: form.label) { label = i } else { added.labels.append(form.label); label = added.labels.count - 1 }
            added.records.append(SpanRecord(start: Int(form.start), end: Int(form.end), label: label, rule: 1,
                                            attributeStart: added.attributes.count, attributeCount: 0))
        }
        added.records.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        guard !added.records.isEmpty else { return }
        if !replaced.isEmpty {
            var kept = spans
            kept.records = ContiguousArray(spans.records.enumerated().filter { !replaced.contains($0.offset) }.map(\.element))
            document.spans = kept
        }
        document.spans!.merge(added)
    }
}
