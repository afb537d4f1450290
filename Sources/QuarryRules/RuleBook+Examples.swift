import Foundation
import QuarryCore

/// The outcome of one `expect` example.
public struct ExampleResult: Sendable {
    /// The rule id, or `patterns NAME` for a stage-level example.
    public var owner: String
    /// The example: its text, the expected label and span (or nothing), its `expect` line.
    public var example: PatternRule.Example
    /// Whether the expectation held and the run had no error (``failure`` is nil).
    public var passed: Bool
    /// What the rule produced on the example text, as `LABEL "text"` items.
    public var found: [String]
    /// Why it failed, in words.
    public var failure: String?
}

/// A span or quote an example's run gave: its label (`quote` for a quote), its text and
/// attributes (a quote's speaker, cue, content, entity and kind).
struct Found {
    var label: String
    var text: String
    var attributes: [NamedValue]
    var description: String {
        let shown = label == "quote" ? attributes.filter { $0.name != "content" && $0.name != "kind" } : attributes
        return "\(label) \"\(text)\"" + shown.map { " \($0.name)=\"\($0.value)\"" }.joined()
    }
    func matches(_ item: PatternRule.Example.Expected) -> Bool {
        item.label == label && (item.span == nil || item.span == text)
            && item.attributes.allSatisfy { want in attributes.contains { $0.name == want.name && $0.value == want.value } }
    }
}

extension RuleBook {
    /// Whether `found` meets the example: every item found (each by a different span or quote),
    /// and with `only` nothing else; or nothing found for `-> nothing`. An error in the run fails it.
    static func verdict(_ example: PatternRule.Example, found: [Found], owner: String, errors: [Diagnostic]) -> ExampleResult {
        let described = found.map(\.description)
        var failure: String? = nil
        if example.items.isEmpty {
            if !found.isEmpty { failure = "expected nothing, found " + described.joined(separator: ", ") }
        } else {
            var unused = Array(found.indices)
            var missing: [String] = []
            for item in example.items {
                if let k = unused.firstIndex(where: { found[$0].matches(item) }) {
                    unused.remove(at: k)
                    continue
                }
                // The same span with other attribute values says which differ.
                var line = "expected \(item)"
                if let near = found.first(where: { $0.label == item.label && (item.span == nil || $0.text == item.span) }) {
                    let wrong = item.attributes.compactMap { want -> String? in
                        let got = near.attributes.first { $0.name == want.name }
                        return got?.value == want.value ? nil : "\(want.name)=" + (got.map { "\"\($0.value)\"" } ?? "(none)")
                    }
                    line += ", found it with " + wrong.joined(separator: " ")
                } else {
                    line += ", found " + (described.isEmpty ? "nothing" : described.joined(separator: ", "))
                }
                missing.append(line)
            }
            if !missing.isEmpty {
                failure = missing.joined(separator: "; ")
            } else if example.only, !unused.isEmpty {
                failure = "expected only " + example.items.map(\.description).joined(separator: ", ") + ", found also " + unused.map { described[$0] }.joined(separator: ", ")
            }
        }
        if failure == nil, let first = errors.first(where: { $0.severity == .error }) { failure = first.message }
        return ExampleResult(owner: owner, example: example, passed: failure == nil, found: described, failure: failure)
    }

    /// The stages before `patterns NAME` in the first declared pipeline that runs it (what
    /// that stage sees: its earlier phases), or nil when no pipeline runs it.
    public func stages(before patternSet: String) -> [any Stage]? {
        for name in pipelineNames {
            guard let stages = pipelines[name]?.stages,
                  let index = stages.firstIndex(where: { $0.name == "patterns \(patternSet)" }) else { continue }
            return Array(stages[..<index])
        }
        return nil
    }

    /// Runs every example: each rule's alone (overlap `all`, after tokenizing and sentence
    /// splitting the example text with the standard stages), and each patterns
    /// declaration's through its whole stage. A token rule that reads earlier spans (`@PERSON`,
    /// `label=`) runs after its phases: the patterns stages before its own in the first
    /// pipeline that runs it, or, in a file without one, the declarations written before.
    public func runExamples(registry: StageRegistry) throws(RuleErrors) -> [ExampleResult] {
        guard let tokenize = registry.kind(named: "tokenize"), let sentences = registry.kind(named: "sentences"),
              let patterns = registry.kind(named: "patterns") else {
            throw RuleErrors(diagnostics: [Diagnostic(.error, "running examples needs the tokenize, sentences and patterns stages in the registry")])
        }
        let front: [any Stage]
        do {
            front = [try tokenize.build(.defaults(for: tokenize)),
                     try sentences.build(.defaults(for: sentences))]
        } catch {
            throw RuleErrors(diagnostics: [Diagnostic(.error, "cannot build the stages that run examples: \(error)")])
        }
        // The tag stage, built on first need: rules that test pos=, tag= or lemma= read it.
        var tagStage: (any Stage)? = nil
        func tagging() throws -> [any Stage] {
            if let tagStage { return [tagStage] }
            guard let kind = registry.kind(named: "tag") else { return [] }
            let stage = try kind.build(.defaults(for: kind))
            tagStage = stage
            return [stage]
        }
        var results: [ExampleResult] = []
        /// The earlier phases of patterns declaration `name`, for examples of rules that read
        /// the spans of earlier stages: the patterns stages before it in the first pipeline
        /// that runs it, else the patterns declarations written before it.
        func phases(before name: String) -> [PatternSet] {
            if let earlier = stages(before: name) {
                return earlier.map(\.name).compactMap { $0.hasPrefix("patterns ") ? patternSets[String($0.dropFirst("patterns ".count))] : nil }
            }
            return Array(patternSetsDeclared.prefix { $0 != name }.compactMap { patternSets[$0] })
        }
        /// `home`: for a set that reads spans, the patterns declaration whose place in a
        /// pipeline gives the earlier phases (its own name for a declaration, the declaration
        /// holding it for a rule).
        func run(_ set: PatternSet, _ owner: String, _ examples: [PatternRule.Example], after earlier: [PatternSet] = [], home: String? = nil) {
            guard !examples.isEmpty else { return }
            var pipeline: Pipeline
            do {
                var stages = front
                let readsTags = (earlier + [set]).contains { $0.rules.contains { $0.tokenPattern?.readsTags == true } }
                if readsTags { stages += try tagging() }
                if let home, let pipelineStages = self.stages(before: home) {
                    // The pipeline's order: its patterns stages (the earlier phases) and its other
                    // stages that write spans (`quotations`, `aliases`), each where it runs.
                    for stage in pipelineStages {
                        if stage.name.hasPrefix("patterns ") {
                            let name = String(stage.name.dropFirst("patterns ".count))
                            if let phase = earlier.first(where: { $0.name == name }) {
                                stages.append(try patterns.build(StageRequest(argument: phase.name, patternSets: [phase.name: phase])))
                            }
                        } else if stage.writes.contains(.spans), stage.reads.allSatisfy({ [.text, .tokens, .sentences, .spans, .tags].contains($0) }) {
                            if stage.reads.contains(.tags) && !readsTags { stages += try tagging() }
                            stages.append(stage)
                        }
                    }
                } else {
                    for phase in earlier {
                        stages.append(try patterns.build(StageRequest(argument: phase.name, patternSets: [phase.name: phase])))
                    }
                }
                stages.append(try patterns.build(StageRequest(argument: set.name, patternSets: [set.name: set])))
                pipeline = try Pipeline(stages)
                // Examples may test internal labels (`_PART`), which a run leaves out.
                pipeline.keepsInternalSpans = true
            } catch {
                for example in examples {
                    results.append(ExampleResult(owner: owner, example: example, passed: false, found: [], failure: "cannot run: \(error)"))
                }
                return
            }
            let context: Pipeline.Context
            do { context = try pipeline.makeContext() } catch { return }
            for example in examples {
                let annotated = pipeline.run(Document(id: "example", text: example.text), in: context)
                var found: [Found] = []
                // Only the tested rules' spans count, not those of the earlier phases.
                let tested = Set(set.rules.map(\.id))
                if let spans = annotated.spans {
                    for record in spans.records where (earlier.isEmpty && home == nil) || tested.contains(spans.rules[Int(record.rule)]) {
                        found.append(Found(label: spans.labels[Int(record.label)], text: String(annotated.document.text(utf8: record.range)),
                                           attributes: spans.attributes(of: record, in: annotated.document)))
                    }
                }
                results.append(Self.verdict(example, found: found, owner: owner, errors: annotated.diagnostics))
            }
        }
        // A pipeline's examples run the whole pipeline: quotes, and spans of the labels named.
        for name in pipelineNames {
            guard let examples = pipelineExamples[name], !examples.isEmpty, var pipeline = pipelines[name] else { continue }
            pipeline.keepsInternalSpans = true
            guard let context = try? pipeline.makeContext() else { continue }
            for example in examples {
                let annotated = pipeline.run(Document(id: "example", text: example.text), in: context)
                let document = annotated.document
                var found: [Found] = []
                if let quotes = annotated.quotes {
                    for (k, quote) in quotes.records.enumerated() {
                        let content = quotes.contentPieces(of: k).map { String(document.text(utf8: $0)) }.joined(separator: " … ")
                        var attributes = [NamedValue(name: "content", value: content), NamedValue(name: "kind", value: quote.kind.description)]
                        if let cue = quote.cue { attributes.append(NamedValue(name: "cue", value: String(document.text(utf8: cue)))) }
                        if let speaker = quote.speaker { attributes.append(NamedValue(name: "speaker", value: String(document.text(utf8: speaker)))) }
                        if let entity = quote.entity, entity < quotes.entities.count { attributes.append(NamedValue(name: "entity", value: quotes.entities[entity])) }
                        found.append(Found(label: "quote", text: content, attributes: attributes))
                    }
                }
                let labels = Set(example.items.map(\.label))
                if let spans = annotated.spans {
                    for record in spans.records where labels.contains(spans.labels[Int(record.label)]) {
                        found.append(Found(label: spans.labels[Int(record.label)], text: String(document.text(utf8: record.range)),
                                           attributes: spans.attributes(of: record, in: document)))
                    }
                }
                // `-> nothing` under a pipeline: no quotes.
                if example.items.isEmpty { found = found.filter { $0.label == "quote" } }
                results.append(Self.verdict(example, found: found, owner: "pipeline \(name)", errors: annotated.diagnostics))
            }
        }
        for rule in rules {
            // A rule over earlier spans (@PERSON, label=ORG) runs after the patterns
            // declarations written before the first one that holds it.
            var earlier: [PatternSet] = []
            var home: String? = nil
            if case let .tokens(pattern) = rule.matcher, pattern.readsSpans,
               let declaration = patternSetsDeclared.first(where: { patternSets[$0]?.rules.contains { $0.id == rule.id } == true }) {
                earlier = phases(before: declaration)
                home = declaration
            }
            run(PatternSet(name: rule.id, rules: [rule], overlap: .all), rule.id, rule.examples, after: earlier, home: home)
        }
        for name in patternSets.keys.sorted() {
            let set = patternSets[name]!
            let readsSpans = set.rules.contains { $0.tokenPattern?.readsSpans == true }
            run(set, "patterns \(name)", set.examples, after: readsSpans ? phases(before: name) : [], home: readsSpans ? name : nil)
        }
        return results
    }
}
