import QuarryCore

/// Turns speaker mentions into canonical entities: titles and demonyms stripped ("U.S.
/// Secretary of State Antony Blinken" -> "Antony Blinken"), surnames linked to the full name
/// used in the document ("Blinken" -> "Antony Blinken", "Park" -> "Park Jin"), conjunctions
/// kept together ("Blinken and Park" -> "Antony Blinken and Park Jin"), and pronouns resolved
/// to the most recent compatible speaker: he/she to a single person (gender from titles and
/// from earlier pronouns), they to a group, a conjunction or an organisation, it to an
/// organisation.
struct EntityResolver {
    struct Entity {
        var name: String
        /// 0 unknown, 1 male, 2 female.
        var gender: UInt8
        var plural: Bool
        var person: Bool
        var organisation: Bool
    }

    let finder: QuoteFinder
    private(set) var entities: [Entity] = []
    private var entityIndex: [String: Int] = [:]
    /// Full names (two or more name words) in the document: their words, lower-cased, and
    /// how often each occurs.
    private var fullNames: [(words: [String], text: String, count: Int, firstToken: Int)] = []

    private var namesCollected = false

    init(finder: QuoteFinder) {
        self.finder = finder
    }

    private func word(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: finder.text[finder.tokens[i].range]), as: UTF8.self)
    }

    private func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let start = Int(finder.tokens[range.lowerBound].start), end = Int(finder.tokens[range.upperBound - 1].end)
        return String(decoding: UnsafeBufferPointer(rebasing: finder.text[start..<end]), as: UTF8.self)
    }

    /// Skips demonyms, titles and title modifiers at `k`; returns where the name may start and
    /// the gender a title implied.
    private func skipTitles(from start: Int, to end: Int) -> (Int, UInt8) {
        var k = start
        var gender: UInt8 = 0
        var progressed = true
        while progressed && k < end {
            progressed = false
            let c = finder.cls[k]
            if c.contains(.determiner) && !c.contains(.capitalized) || c.contains(.determiner) && k == start && c.contains(.capitalized) {
                k += 1; progressed = true; continue
            }
            // A demonym goes only before a title ("South Korean Foreign Minister Park Jin"):
            // in "The New York Times" or "U.S. Steel" it is part of the name.
            if c.contains(.demonymStart), let (e, _) = finder.matchPhrase(finder.lexicon.demonyms, finder.lexicon.demonymsByFirst, at: k), e < end,
               finder.cls[e].contains(.titleStart) || finder.cls[e].contains(.demonymStart) || finder.cls[e].contains(.lowercase) {
                k = e; progressed = true; continue
            }
            if c.contains(.titleStart), let (e, title) = finder.matchPhrase(finder.lexicon.titles, finder.lexicon.titlesByFirst, at: k), e <= end {
                if title.gender != 0 { gender = title.gender }
                k = e; progressed = true; continue
            }
            // Possessive prefix ("Clinton’s spokesman Brian Fallon"): skip it if a title follows.
            // Not a preposition: in "owner of a Main Street bakery" the role is of something.
            if c.contains(.lowercase) && !c.intersects(.speakerNoun) && !c.intersects([.of, .preposition]) && k + 1 < end && (finder.cls[k + 1].contains(.titleStart) || finder.cls[k + 1].contains(.lowercase)) {
                k += 1; progressed = true; continue
            }
        }
        return (k, gender)
    }

    /// The name words starting at `k`: capitalised words (and particles), stopping at "of",
    /// a comma, a possessive or a bracket.
    private func nameRun(from k: Int, to end: Int) -> Range<Int> {
        var e = k
        while e < end {
            let c = finder.cls[e]
            if finder.isNameWord(e) && !c.contains(.possessive) || c.contains(.nameParticle) && e > k && e + 1 < end && finder.isNameWord(e + 1) {
                e += 1
            } else if c.contains(.dash), e > k, e + 1 < end, finder.isNameWord(e + 1),
                      finder.tokens[e - 1].end == finder.tokens[e].start, finder.tokens[e].end == finder.tokens[e + 1].start {
                // A hyphenated name, split into three tokens: "Jean-Claude", "Kim Yo-jong".
                e += 2
            } else {
                break
            }
        }
        return k..<e
    }

    /// Collects the document's full names the first time they are needed.
    private mutating func collectFullNames() {
        if namesCollected { return }
        namesCollected = true
        var index: [String: Int] = [:]
        var i = 0
        let n = finder.tokens.count
        while i < n {
            guard finder.isNameWord(i) else { i += 1; continue }
            // Title-case headlines run words together ("Trump Says He Is Unlikely").
            if finder.isHeadline(finder.sentenceRange(of: i)) { i = finder.sentenceRange(of: i).upperBound; continue }
            var e = i
            while e < n && (finder.isNameWord(e) || finder.cls[e].contains(.of) && e + 1 < n && finder.isNameWord(e + 1) && e > i) { e += 1 }
            let (k, _) = skipTitles(from: i, to: e)
            let run = nameRun(from: k, to: e)
            if run.count >= 2 && run.count <= 4 {
                let words = run.map { word($0).lowercased() }
                let key = words.joined(separator: " ")
                if let existing = index[key] {
                    fullNames[existing].count += 1
                } else {
                    index[key] = fullNames.count
                    fullNames.append((words, text(run), 1, run.lowerBound))
                }
            }
            i = max(e, i + 1)
        }
    }

    /// The full name a single name word stands for ("Blinken" -> "Antony Blinken"): the most
    /// frequent full name ending with it, else starting with it ("Park" -> "Park Jin").
    private mutating func fullName(for single: String) -> String? {
        collectFullNames()
        let w = single.lowercased()
        if let cached = fullNameCache[w] { return cached }
        let found = lookUpFullName(w)
        fullNameCache[w] = .some(found)
        return found
    }

    private var fullNameCache: [String: String?] = [:]

    private func lookUpFullName(_ w: String) -> String? {
        var best: (text: String, count: Int)? = nil
        for name in fullNames where name.words.last == w {
            if best == nil || name.count > best!.count { best = (name.text, name.count) }
        }
        if best == nil {
            for name in fullNames where name.words.first == w {
                if best == nil || name.count > best!.count { best = (name.text, name.count) }
            }
        }
        return best?.text
    }

    /// The canonical entity of a mention (not a pronoun).
    private mutating func describe(_ mention: Range<Int>) -> Entity {
        // Conjunctions: each side on its own.
        var parts: [Range<Int>] = []
        var start = mention.lowerBound
        var end = mention.upperBound
        // "a Clinton supporter who": the antecedent.
        if end - start > 1, finder.cls[end - 1].contains(.relative) { end -= 1 }
        // An appositive: the name before its comma ("Flynn, a top Trump surrogate"), or after
        // it when a role comes first ("Germany’s finance minister, Christian Lindner").
        if let comma = mention.first(where: { finder.cls[$0].contains(.comma) }) {
            end = comma
            var after = comma + 1
            while after < mention.upperBound && !finder.cls[after].contains(.comma) { after += 1 }
            let name = (comma + 1)..<after
            if comma > start, finder.cls[comma - 1].contains(.lowercase), !name.isEmpty,
               finder.entitySpan(at: name.lowerBound).map({ $0.person && $0.tokens.upperBound == name.upperBound })
                ?? name.allSatisfy({ finder.isNameWord($0) && !finder.cls[$0].contains(.titleWord) }) {
                start = name.lowerBound
                end = name.upperBound
            }
        }
        for i in start..<end where finder.cls[i].contains(.and) {
            if i > start { parts.append(start..<i) }
            start = i + 1
        }
        if start < end { parts.append(start..<end) }
        if parts.count > 1 {
            let described = parts.map { describe($0) }
            return Entity(name: described.map(\.name).joined(separator: " \(finder.lexicon.conjunction) "), gender: 0, plural: true,
                          person: described.allSatisfy(\.person), organisation: false)
        }
        guard let part = parts.first else { return Entity(name: text(mention), gender: 0, plural: false, person: false, organisation: false) }
        let (k, gender) = skipTitles(from: part.lowerBound, to: part.upperBound)
        // The entity pack's person or organisation at the mention's head: the full name a
        // surname stands for (its `of`), else its name without titles.
        if let span = finder.entitySpan(at: part.upperBound - 1), span.tokens.upperBound == part.upperBound, span.tokens.lowerBound >= part.lowerBound {
            func spanName(_ tokens: Range<Int>) -> String {
                // An organisation's name is all of its span ("Office of Fair Trading"): titles
                // and name runs are a person's.
                if !span.person {
                    let from = finder.cls[tokens.lowerBound].contains(.article) && tokens.count > 1 ? tokens.lowerBound + 1 : tokens.lowerBound
                    return text(from..<tokens.upperBound)
                }
                let (nameStart, _) = skipTitles(from: tokens.lowerBound, to: tokens.upperBound)
                let run = nameRun(from: nameStart, to: tokens.upperBound)
                return run.isEmpty ? text(tokens) : text(run)
            }
            var name: String
            if let full = span.of {
                // The full mention, titles stripped as in its own span ("Secretary of State
                // Antony Blinken" -> "Antony Blinken").
                name = finder.entitySpans.first(where: { $0.of == nil && text($0.tokens) == full }).map { spanName($0.tokens) } ?? full
            } else {
                name = spanName(span.tokens)
                if !name.contains(" "), let full = fullName(for: name) { name = full }
            }
            return Entity(name: name, gender: gender, plural: false, person: span.person, organisation: !span.person)
        }
        let run = nameRun(from: k, to: part.upperBound)
        let head = part.upperBound - 1
        let headClass = finder.cls[head]
        if !run.isEmpty && run.upperBound == part.upperBound || run.count >= 2 && !finder.cls[run.upperBound].contains(.possessive) {
            var name = text(run)
            if run.count == 1, let full = fullName(for: name) { name = full }
            let isPerson = k > part.lowerBound && gender != 0 || run.count >= 1 && !finder.cls[run.lowerBound].contains(.allCaps)
            return Entity(name: name, gender: gender, plural: false, person: isPerson && !headClass.contains(.speakerOrg), organisation: headClass.contains(.speakerOrg))
        }
        // A definite nominal whose head a role of the rule phases ends ("the new interior
        // minister" after "Keneshbek Dushebayev, as new interior minister"): the role's name,
        // the latest before the mention, else the first in the next three sentences (a lede
        // that names its speaker later).
        // The head is the word before "of" ("the owner of a bakery"); the article may stand
        // just before a mention a rule started at the role word.
        let definite = finder.cls[part.lowerBound].contains(.article) && part.count > 1
            || part.lowerBound > 0 && finder.cls[part.lowerBound - 1].contains(.article)
        if definite, !finder.roles.isEmpty {
            let nominalHead = part.first { $0 > part.lowerBound && finder.cls[$0].intersects([.of, .preposition]) }.map { $0 - 1 } ?? head
            let headWord = word(nominalHead).lowercased()
            let sentence = finder.sentenceOf[part.lowerBound]
            let role = finder.roles.last { $0.head < part.lowerBound && $0.name.upperBound <= part.lowerBound && $0.headWord == headWord }
                ?? finder.roles.first { $0.name.lowerBound >= part.upperBound && finder.sentenceOf[$0.head] - sentence <= 3 && $0.headWord == headWord }
            if let role { return describe(role.name) }
        }
        // A nominal: "analysts", "the ministry", "other G7 foreign ministers".
        var from = part.lowerBound
        if finder.cls[from].contains(.article) && part.count > 1 { from += 1 }
        let plural = headClass.contains(.speakerPlural) || finder.isGuessedPluralSpeaker(head)
        return Entity(name: text(from..<part.upperBound), gender: gender, plural: plural,
                      person: headClass.contains(.speakerSingular) || plural, organisation: headClass.contains(.speakerOrg))
    }

    /// A person whose name starts with a first name of known sex ("Jane Roe") gets that sex,
    /// unless a title gave one already.
    private func withGivenNameGender(_ entity: Entity) -> Entity {
        guard entity.person, !entity.plural, entity.gender == 0, let gender = givenNameGender(of: entity.name) else { return entity }
        var gendered = entity
        gendered.gender = gender
        return gendered
    }

    /// The sex the first word of `name` mostly names (1 male, 2 female; the `given-names` list), or nil.
    private func givenNameGender(of name: String) -> UInt8? {
        name.split(separator: " ").first.flatMap { finder.lexicon.givenNameGender[String($0)] }
    }

    private mutating func intern(_ entity: Entity) -> Int {
        if let i = entityIndex[entity.name] {
            if entities[i].gender == 0 { entities[i].gender = entity.gender }
            return i
        }
        entityIndex[entity.name] = entities.count
        entities.append(entity)
        return entities.count - 1
    }

    /// Resolves the speakers of `attributions` (in document order of their cues) to entity
    /// indices.
    mutating func resolve(_ attributions: inout [QuoteFinder.Attribution]) {
        let order = attributions.indices.sorted {
            let a = attributions[$0], b = attributions[$1]
            let ka = a.cue.isEmpty ? a.content!.lowerBound : a.cue.lowerBound
            let kb = b.cue.isEmpty ? b.content!.lowerBound : b.cue.lowerBound
            return ka < kb
        }
        var history: [Int] = []  // entity indices of resolved speakers, in order
        for a in order {
            guard let speaker = attributions[a].speaker else { continue }
            if attributions[a].speakerSource == .previousQuote {
                // Resolved below, once its source has an entity.
                continue
            }
            let c = finder.cls[speaker.lowerBound]
            var entity: Int? = nil
            if speaker.count == 1 && c.intersects(.pronoun) {
                entity = resolvePronoun(c, history: history, before: speaker.lowerBound)
                if let e = entity, entities[e].gender == 0 {
                    if c.contains(.pronounMale) { entities[e].gender = 1 } else if c.contains(.pronounFemale) { entities[e].gender = 2 }
                }
            } else {
                entity = intern(withGivenNameGender(describe(speaker)))
            }
            attributions[a].entity = entity
            if let entity { history.append(entity) }
        }
        for a in attributions.indices where attributions[a].speakerSource == .previousQuote || attributions[a].entity == nil {
            if let from = attributions[a].inheritedFrom, from < attributions.count {
                attributions[a].entity = attributions[from].entity
            }
        }
    }

    private mutating func resolvePronoun(_ c: WordClass, history: [Int], before token: Int) -> Int? {
        func compatible(_ e: Entity) -> Bool {
            if c.contains(.pronounMale) { return !e.plural && e.person && e.gender != 2 }
            if c.contains(.pronounFemale) { return !e.plural && e.person && e.gender != 1 }
            if c.contains(.pronounPlural) { return e.plural || e.organisation }
            if c.contains(.pronounNeuter) { return e.organisation || !e.person && !e.plural }
            return false
        }
        // The last few dozen speakers: a pronoun does not reach further back, and a bound keeps
        // a document of thousands of quotes linear.
        for e in history.suffix(64).reversed() where compatible(entities[e]) { return e }
        // No earlier speaker fits: the most recent full person name before the pronoun.
        if c.contains(.pronounMale) || c.contains(.pronounFemale) {
            collectFullNames()
            // A person's name: a PERSON span of the entity pack when the pipeline has one (not
            // "Main Street"), and no first name of the other sex ("Jane Roe" for "he").
            let wanted: UInt8 = c.contains(.pronounMale) ? 1 : 2
            func fits(_ name: (words: [String], text: String, count: Int, firstToken: Int)) -> Bool {
                if !finder.entitySpans.isEmpty, finder.entitySpan(at: name.firstToken)?.person != true { return false }
                return givenNameGender(of: name.text).map { $0 == wanted } ?? true
            }
            if let name = fullNames.last(where: { $0.firstToken < token && fits($0) }) {
                return intern(Entity(name: name.text, gender: c.contains(.pronounMale) ? 1 : 2, plural: false, person: true, organisation: false))
            }
        }
        return nil
    }
}
