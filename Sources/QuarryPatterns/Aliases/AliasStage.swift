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
///   organisation span.
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
                // "(IAEA)" right after the span.
                var lo = 0, hi = words.count
                while lo < hi { let mid = (lo + hi) / 2; if words[mid].start < span.end { lo = mid + 1 } else { hi = mid } }
                let w = lo
                guard w + 2 < words.count,
                      string(words[w].start, words[w].end) == "(", string(words[w + 2].start, words[w + 2].end) == ")" else { continue }
                let acronym = string(words[w + 1].start, words[w + 1].end)
                let letters = acronym.filter { $0 != "." }
                guard (2...8).contains(letters.count), letters.allSatisfy({ $0.isUppercase }) else { continue }
                if aliases[acronym] == nil { aliases[acronym] = (label, string(span.start, span.end)) }
            }
        }
        var givenAliases: Set<String> = []
        for (first, entry) in given where aliases[first] == nil {
            guard let entry else { continue }
            givenAliases.insert(first)
            aliases[first] = (entry.label, entry.of)
        }
        guard !aliases.isEmpty else { return }

        // Which words are already inside a span of a name label, or exactly a replaceable one.
        let nameLabels = personLabels.union(organisationLabels)
        var covered: [(start: UInt32, end: UInt32)] = []
        var replaceable: [Range<UInt32>: Int] = [:]
        for (k, span) in spans.records.enumerated() {
            let label = labels[Int(span.label)]
            if nameLabels.contains(label) { covered.append((span.start, span.end)) }
            else if replaceableLabels.contains(label) { replaceable[span.start..<span.end] = k }
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

        var added = SpanLayer(labels: [], rules: ["alias"], attributeNames: ["of"])
        var replaced: Set<Int> = []
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
        guard !added.records.isEmpty else { return }
        if !replaced.isEmpty {
            var kept = spans
            kept.records = ContiguousArray(spans.records.enumerated().filter { !replaced.contains($0.offset) }.map(\.element))
            document.spans = kept
        }
        document.spans!.merge(added)
    }
}
