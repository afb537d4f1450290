import ArgumentParser
import Foundation
import Quarry
import QuarryIO

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rules matched where, which matches lost an overlap, and why a rule did not fire.",
        discussion: """
        Runs the pipeline on TEXT (a file's text when TEXT names a file, - for standard \
        input) and goes through its stages in order: how many tokens and sentences, the \
        spans each stage other than patterns added or removed (aliases, quotations), and \
        every pattern match: kept, or lost to another match under the stage's overlap policy. With --rule, says why that rule did not fire: \
        its pattern matches nowhere, or only where its scope forbids (not on token \
        boundaries, across sentences), or every match lost an overlap (and to what). For a \
        token rule that matches nowhere, it says which element failed at which token, and \
        which test of that element the token fails. Each patterns stage sees the spans of \
        the stages before it, as in a run. A pipeline with a quotes stage also lists each \
        statement with its cue (and the cue rule that found it), speaker and how the speaker \
        was found, and the quotations and cues that gave no statement. --rule also takes a \
        stage's name (`quotes`, `aliases`, `tag`, `tokenize`, `patterns entity-names` or \
        `entity-names`): that stage's section alone, with every token, sentence or tag for \
        the stages that write them.

        Examples:
          quarry explain Rules/news.quarry "It cost \\$5 million on Nov. 9."
          quarry explain Rules/examples/dates.quarry "on 9 November 2023" --rule date_dmy
          quarry explain Rules/examples/tokens.quarry "He said the president left." --rule cue_then_name
          quarry explain Rules/news.quarry "“We will act,” Blinken said." --rule quotes
          quarry explain Rules/news.quarry "The Office of Fair Trading (OFT) said so." --rule aliases
          quarry explain Rules/news.quarry Examples/blinken-seoul.txt --rule tag
        """
    )

    @Argument(help: ArgumentHelp("The rule file.", valueName: "rules"))
    var rules: String

    @Argument(help: ArgumentHelp("The text to explain, a file to read it from, or - to read standard input.", valueName: "text"))
    var text: String

    @Option(help: ArgumentHelp("Explain why this rule did (not) fire, or show this stage alone (quotes, aliases, tag, entity-names, ...).", valueName: "id"))
    var rule: String?

    @Option(help: ArgumentHelp("The pipeline to run (default: the first declared, else tokenize + sentences + every rule).", valueName: "name"))
    var pipeline: String?

    /// The text to explain: standard input for `-`, a file's contents when TEXT names a file
    /// (said on standard error), else TEXT itself.
    func input() throws -> String {
        if text == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        var isDirectory: ObjCBool = false
        guard !text.contains("\n"), FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory) else { return text }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: text) else {
            Console.error("'\(text)' is a folder; explain reads one text (a file, - for standard input, or the text itself)")
            throw ExitCode.failure
        }
        guard let decoded = String(data: data, encoding: .utf8) else {
            Console.error("'\(text)' is not UTF-8 text")
            throw ExitCode.failure
        }
        Console.note("explaining the text of the file \(text)")
        return decoded
    }

    /// Whether `--rule NAME` names this stage: its name (`aliases`, `patterns entity-names`)
    /// or a patterns stage's declaration alone (`entity-names`).
    static func names(_ name: String, _ stage: any Stage) -> Bool {
        stage.name == name || stage.name == "patterns \(name)"
    }

    func run() throws {
        let book = try loadRuleBook(rules)
        let registry = StageRegistry.standard
        let document = Document(id: "text", text: try input())
        var pipeline: Pipeline
        do {
            pipeline = book.pipelineNames.isEmpty && self.pipeline == nil ? try defaultPipeline(registry, book) : try book.pipeline(named: self.pipeline)
        } catch let error as RuleErrors {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw ExitCode.failure
        }
        let cursor = OffsetIndex(document: document, unit: .codepoints)
        func span(_ start: Int, _ end: Int) -> String {
            "\(cursor.convert(start))-\(cursor.convert(end)) \"\(document.text(utf8: start..<end))\""
        }
        var ruleSeen = false
        // `--rule STAGE`: that stage's section alone. A rule name that a stage other than
        // patterns writes on its spans (`alias`) names that stage.
        var stageAsked = rule.flatMap { name in pipeline.stages.firstIndex { Self.names(name, $0) } }
        if let rule, stageAsked == nil, !book.rules.contains(where: { $0.id == rule }) {
            for (k, stage) in pipeline.stages.enumerated() where !(stage is PatternStage) && stage.writes.contains(.spans) {
                var prefix = try Pipeline(Array(pipeline.stages[...k]))
                prefix.keepsInternalSpans = true
                if prefix.run(document, in: try prefix.makeContext()).spans?.rules.contains(rule) == true {
                    stageAsked = k
                    break
                }
            }
        }
        if let stageAsked, !(pipeline.stages[stageAsked] is PatternStage) || !book.rules.contains(where: { $0.id == rule }) {
            ruleSeen = true
        }
        // An unknown name is an error before any output.
        if let rule, stageAsked == nil, !book.rules.contains(where: { $0.id == rule }) {
            var message = "no rule or stage '\(rule)'"
            let stageNames = pipeline.stages.map(\.name) + pipeline.stages.map(\.name).filter { $0.hasPrefix("patterns ") }.map { String($0.dropFirst(9)) }
            if let guess = Suggestion.closest(to: rule, in: book.rules.map(\.id) + stageNames) { message += " (did you mean '\(guess)'?)" }
            message += "; the pipeline's stages: " + pipeline.stages.map(\.name).joined(separator: ", ")
            Console.error(message)
            throw ExitCode.failure
        }
        for (position, stage) in pipeline.stages.enumerated() {
            if let stageAsked, position != stageAsked { continue }
            guard let patterns = stage as? PatternStage else {
                if !(stage is QuoteStage) {
                    print(try explainStage(position, of: pipeline, document, detailed: stageAsked == position, span))
                }
                continue
            }
            let matcher = patterns.matcher
            // The document as this stage sees it: the spans of earlier stages (phases), not
            // its own or later ones.
            var before = try Pipeline(Array(pipeline.stages[..<position]))
            before.keepsInternalSpans = true
            let seen = before.run(document, in: try before.makeContext())
            let result = matcher.match(seen, scratch: matcher.makeScratch())
            print("\(stage.name) (overlap \(matcher.set.overlap.rawValue)): \(result.matches.count) match\(result.matches.count == 1 ? "" : "es"), \(result.layer.count) kept")
            // The attributes of each kept span (named groups and set lines), by range and rule.
            var attributes: [String: String] = [:]
            for record in result.layer.records {
                let values = result.layer.attributes(of: record, in: seen.document).map { "\($0.name)=\"\($0.value)\"" }
                if !values.isEmpty { attributes["\(record.start) \(record.end) \(result.layer.rules[Int(record.rule)])"] = values.joined(separator: " ") }
            }
            for (index, match) in result.matches.enumerated() {
                let source = matcher.set.rules[match.rule]
                let status: String
                if let winner = result.lostTo[index] {
                    let other = result.matches[winner]
                    status = "lost  to '\(matcher.set.rules[other.rule].id)' \(span(other.start, other.end))"
                } else {
                    status = "kept"
                }
                let shown = result.lostTo[index] == nil ? attributes["\(match.start) \(match.end) \(source.id)"].map { "  " + $0 } ?? "" : ""
                print("  \(source.label.padded(to: 10)) \(span(match.start, match.end))  rule '\(source.id)' (\(source.location.file):\(source.location.line))  \(status)\(shown)")
            }
            for diagnostic in result.diagnostics { print("  error: \(diagnostic.message)") }
            if stageAsked == nil, let rule, let ruleIndex = matcher.set.rules.firstIndex(where: { $0.id == rule }) {
                ruleSeen = true
                print("")
                print(explainRule(ruleIndex, matcher, result, seen, span))
            }
        }
        if let index = pipeline.stages.firstIndex(where: { $0 is QuoteStage }), stageAsked == nil || stageAsked == index {
            // The quotes stage: each statement with its cue (and the rule that found it),
            // speaker and how the speaker was found; then the quotations and rule cues that
            // gave none.
            var upTo = try Pipeline(Array(pipeline.stages[...index]))
            upTo.keepsInternalSpans = true
            let annotated = upTo.run(document, in: try upTo.makeContext())
            print("")
            let stage = pipeline.stages[index] as? QuoteStage
            print(Self.explainQuotes(annotated, cueLabel: stage?.cueLabel, speakerLabel: stage?.speakerLabel, span))
            if rule == "quotes" { ruleSeen = true }
        }
        if let rule, !ruleSeen {
            print("rule '\(rule)' is in no patterns stage of this pipeline")
        }
    }

    /// What a stage other than `patterns` and `quotes` added: tokens, sentences, tags (each
    /// listed when the stage was asked for by name), and the spans it wrote or removed.
    func explainStage(_ position: Int, of pipeline: Pipeline, _ document: Document, detailed: Bool,
                      _ span: (Int, Int) -> String) throws -> String {
        func run(_ count: Int) throws -> AnnotatedDocument {
            var prefix = try Pipeline(Array(pipeline.stages[..<count]))
            prefix.keepsInternalSpans = true
            return prefix.run(document, in: try prefix.makeContext())
        }
        let before = try run(position)
        let after = try run(position + 1)
        let stage = pipeline.stages[position]
        var lines: [String] = []
        if after.tokens?.count != before.tokens?.count, let tokens = after.tokens {
            lines.append("\(stage.name): \(tokens.count) token\(tokens.count == 1 ? "" : "s")")
            if detailed { for token in tokens.records { lines.append("  \(span(Int(token.start), Int(token.end)))  \(token.kind)") } }
        }
        if after.sentences?.count != before.sentences?.count, let sentences = after.sentences {
            lines.append("\(stage.name): \(sentences.count) sentence\(sentences.count == 1 ? "" : "s")")
            if detailed { for sentence in sentences.records { lines.append("  \(span(Int(sentence.start), Int(sentence.end)))") } }
        }
        if before.tags == nil, let tags = after.tags, let tokens = after.tokens {
            lines.append("\(stage.name): a part of speech and a lemma for each of \(tags.records.count) tokens" + (detailed ? " (token  UPOS  Penn tag  lemma)" : " (--rule \(stage.name) lists them)"))
            if detailed {
                for (i, token) in tokens.records.enumerated() where i < tags.records.count {
                    lines.append("  \(span(Int(token.start), Int(token.end)))  \(tags.universal(i))  \(tags.specific(i))  \(tags.lemma(i, token: token, in: document))")
                }
            }
        }
        // Spans: what the stage added and what it removed (compared by range and label).
        func keyed(_ annotated: AnnotatedDocument) -> [String: (label: String, rule: String, attributes: String, range: Range<Int>)] {
            guard let spans = annotated.spans else { return [:] }
            var out: [String: (String, String, String, Range<Int>)] = [:]
            for record in spans.records {
                let label = spans.labels[Int(record.label)]
                let attributes = spans.attributes(of: record, in: annotated.document).map { "\($0.name)=\"\($0.value)\"" }.joined(separator: " ")
                out["\(record.start) \(record.end) \(label) \(spans.rules[Int(record.rule)])"] = (label, spans.rules[Int(record.rule)], attributes, record.range)
            }
            return out
        }
        if stage.writes.contains(.spans) {
            let old = keyed(before), new = keyed(after)
            var added = new.filter { old[$0.key] == nil }.values.sorted { ($0.range.lowerBound, $0.label) < ($1.range.lowerBound, $1.label) }
            var removed = old.filter { new[$0.key] == nil }.values.sorted { ($0.range.lowerBound, $0.label) < ($1.range.lowerBound, $1.label) }
            // A span the stage took over (same range and label, its own rule): one line.
            var replaced: [(old: String, new: (label: String, rule: String, attributes: String, range: Range<Int>))] = []
            for item in added {
                if let k = removed.firstIndex(where: { $0.range == item.range && $0.label == item.label }) {
                    replaced.append((removed[k].rule, item))
                    removed.remove(at: k)
                }
            }
            added.removeAll { item in replaced.contains { $0.new.range == item.range && $0.new.label == item.label && $0.new.rule == item.rule } }
            lines.append("\(stage.name): \(added.count) span\(added.count == 1 ? "" : "s") added, \(replaced.count) taken over, \(removed.count) removed")
            for item in added {
                lines.append("  added    \(item.label.padded(to: 10)) \(span(item.range.lowerBound, item.range.upperBound))  rule '\(item.rule)'" + (item.attributes.isEmpty ? "" : "  \(item.attributes)"))
            }
            for (oldRule, item) in replaced {
                lines.append("  took     \(item.label.padded(to: 10)) \(span(item.range.lowerBound, item.range.upperBound))  rule '\(oldRule)' -> '\(item.rule)'" + (item.attributes.isEmpty ? "" : "  \(item.attributes)"))
            }
            for item in removed {
                lines.append("  removed  \(item.label.padded(to: 10)) \(span(item.range.lowerBound, item.range.upperBound))  rule '\(item.rule)'")
            }
        }
        if lines.isEmpty { lines.append("\(stage.name): nothing changed") }
        return lines.joined(separator: "\n")
    }

    func defaultPipeline(_ registry: StageRegistry, _ book: RuleBook) throws -> Pipeline {
        var stages: [any Stage] = []
        // The tag stage too when a rule tests pos=, tag= or lemma= (as `quarry test` runs them).
        let readsTags = book.patternSets.values.contains { $0.rules.contains { $0.tokenPattern?.readsTags == true } }
        for name in ["tokenize", "sentences"] + (readsTags ? ["tag"] : []) {
            let kind = registry.kind(named: name)!
            stages.append(try kind.build(.defaults(for: kind)))
        }
        stages.append(try registry.kind(named: "patterns")!.build(StageRequest(argument: "all", patternSets: book.patternSets)))
        return try Pipeline(stages)
    }

    /// The quotes stage's statements in words: content, cue (with the rule of a rule phase
    /// that found it), speaker and how it was found; then each quotation and each rule cue
    /// that became no statement, and why as far as the layers tell.
    static func explainQuotes(_ annotated: AnnotatedDocument, cueLabel: String?, speakerLabel: String? = nil, _ span: (Int, Int) -> String) -> String {
        let quotes = annotated.quotes ?? QuoteLayer()
        let document = annotated.document
        var lines = ["quotes: \(quotes.count) statement\(quotes.count == 1 ? "" : "s")" + (cueLabel.map { ", cues from the rule phases' \($0) spans" } ?? ", cues from the stage's verb list")]
        // The rule phases' cues, by range, with the rule that wrote each.
        var ruleCues: [(range: Range<Int>, cue: Range<Int>, rule: String)] = []
        if let cueLabel, let spans = annotated.spans, let label = spans.labels.firstIndex(of: cueLabel) {
            let cueName = spans.attributeNames.firstIndex(of: "cue").map(UInt32.init)
            for record in spans.records where record.label == UInt32(label) {
                var cue = record.range
                for attribute in spans.attributes[Int(record.attributeStart)..<Int(record.attributeStart + record.attributeCount)] where attribute.name == cueName {
                    if case let .text(start, end) = attribute.value, end > start { cue = Int(start)..<Int(end) }
                }
                ruleCues.append((record.range, cue, spans.rules[Int(record.rule)]))
            }
        }
        // The rule phases' speakers: (cue, speaker, rule) from the `cue` and `speaker` groups.
        let ruleSpeakers = speakerLabel.flatMap { label in annotated.spans.map { QuoteStage.ruleSpeakers(in: $0, label: label) } } ?? []
        func shortened(_ range: Range<Int>) -> String {
            let text = document.text(utf8: range)
            return text.count > 60 ? "\"" + text.prefix(57) + "…\"" : "\"" + text + "\""
        }
        for record in quotes.records {
            lines.append("  \(record.kind) \(shortened(record.range))")
            if let cue = record.cue {
                let found = ruleCues.first { $0.cue.overlaps(cue) }.map { " (rule '\($0.rule)')" } ?? (cueLabel == nil ? " (verb list)" : "")
                lines.append("    cue      \(span(cue.lowerBound, cue.upperBound))\(found)")
            } else {
                lines.append("    cue      none: it continues the quote before it")
            }
            if let speaker = record.speaker {
                let entity = quotes.entity(of: record).map { ", who is \"\($0)\"" } ?? ""
                // The speaker rule that chose it, when one did for this cue.
                let rule = record.cue.flatMap { cue in ruleSpeakers.first { $0.cue.lowerBound == cue.lowerBound && $0.speaker == speaker } }
                    .map { " (rule '\($0.rule)')" } ?? ""
                lines.append("    speaker  \(span(speaker.lowerBound, speaker.upperBound)), found as \(record.speakerSource)\(rule)\(entity)")
            } else {
                lines.append("    speaker  none found: no name, noun or pronoun next to the cue that can speak")
            }
        }
        // Quotations that are in no statement.
        var marks = AnnotatedDocument(document: document)
        marks.tokens = annotated.tokens
        QuotationStage().process(&marks)
        let contents = quotes.records.indices.flatMap { quotes.contentPieces(of: $0) + [quotes.records[$0].range] }
        for quotation in marks.spans?.records ?? [] where !contents.contains(where: { $0.overlaps(quotation.range) }) {
            lines.append("  quotation \(shortened(quotation.range)) is in no statement: no cue was found next to it or in its sentence, and it does not open a sentence after a quote")
        }
        for cue in ruleCues where !quotes.records.contains(where: { $0.cue.map { $0.overlaps(cue.cue) } ?? false }) {
            lines.append("  cue \(span(cue.cue.lowerBound, cue.cue.upperBound)) (rule '\(cue.rule)') gave no statement: the stage found no speaker or no content for it")
        }
        return lines.joined(separator: "\n")
    }

    /// Why rule number `position` of the stage did or did not produce spans, in words.
    func explainRule(_ position: Int, _ matcher: PatternMatcher, _ result: PatternResult, _ annotated: AnnotatedDocument,
                     _ span: (Int, Int) -> String) -> String {
        let id = matcher.set.rules[position].id
        func spans(_ ranges: [Range<Int>]) -> String { ranges.map { span($0.lowerBound, $0.upperBound) }.joined(separator: ", ") }
        switch matcher.verdict(forRule: position, result: result, in: annotated) {
        case let .fired(ranges):
            return "rule '\(id)' fired: " + spans(ranges)
        case let .lostOverlaps(lost):
            return "rule '\(id)' matched, but every match lost an overlap:\n  " + lost.map {
                "\(span($0.range.lowerBound, $0.range.upperBound)) lost to '\($0.winnerRule)' \(span($0.winner.lowerBound, $0.winner.upperBound)) (overlap \(matcher.set.overlap.rawValue))"
            }.joined(separator: "\n  ")
        case let .noListEntry(list):
            return "rule '\(id)' did not fire: no entry of @\(list) occurs as whole tokens in the text"
        case .matchesNowhere:
            return "rule '\(id)' did not fire: its pattern matches nowhere in the text"
        case let .tokenMismatch(mismatch):
            return Self.describe(mismatch, rule: id, span)
        case let .outsideScope(.tokens, matches):
            return "rule '\(id)' did not fire: its pattern matches \(spans(matches)), but not starting and ending on token boundaries (scope=tokens)"
        case let .outsideScope(_, matches):
            return "rule '\(id)' did not fire: its pattern matches \(spans(matches)), but only across a sentence boundary (scope=sentence)"
        case .didNotFire:
            return "rule '\(id)' did not fire"
        }
    }

    /// A token rule that matches nowhere, element by element.
    static func describe(_ mismatch: TokenMismatch, rule id: String, _ span: (Int, Int) -> String) -> String {
        let count = mismatch.elements.count
        let failing = mismatch.matched + 1
        var lines: [String] = []
        if mismatch.matched == 0 {
            lines.append("rule '\(id)' did not fire: its first element \(mismatch.elements[0]) matches nowhere in the text")
            if !mismatch.sites.isEmpty { lines.append("  closest:") }
        } else {
            let run = mismatch.matched == 1 ? "element 1" : "elements 1-\(mismatch.matched)"
            lines.append("rule '\(id)' did not fire: \(run) of \(count) \(mismatch.matched == 1 ? "matches" : "match"), element \(failing) \(mismatch.elements[failing - 1]) never follows them")
        }
        for site in mismatch.sites {
            var place = "  "
            if let matched = site.matched, !matched.isEmpty {
                place += "after \(span(matched.lowerBound, matched.upperBound)), "
            }
            place += site.token.map { "at \(span($0.lowerBound, $0.upperBound)):" } ?? "at the end of the text:"
            lines.append(place)
            lines += site.reasons.map { "      " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The text with spaces after it up to `width` characters; a longer text stays whole.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
