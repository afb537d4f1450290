import ArgumentParser
import Foundation
import Quarry
import QuarryIO

struct EvaluateQuotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "Quote attribution against PolNeAR (default: its dev split).",
        discussion: """
        Runs a pipeline with a quotes stage (default: the `news` pipeline of Rules/news.quarry) \
        over the gold articles and scores it. The gold file is JSON Lines, one article a line: \
        {"id", "text", "attributions": [{"content": [[start, end], ...], "source": [...], \
        "cue": [...]}]} with code-point offsets, as in ../shared/data/quotes/polnear/.

        A predicted quote matches a gold content when they overlap by at least --overlap of \
        the gold content's characters (default 0.3; 0.8 is reported too), one to one, largest \
        overlaps first. Its speaker is correct when the predicted speaker span overlaps the \
        gold source span. Gold contents are direct when they are one quotation, mixed when \
        they hold a quotation mark, else indirect; predictions carry their own kind, so \
        precision by kind counts predictions and recall counts gold.

        Examples:
          quarry evaluate quotes
          quarry evaluate quotes --split train --errors 30      # error analysis on train
          quarry evaluate quotes --pipeline my.quarry --min-f1 0.8

        Exit status: 0 scored (or skipped because the default data is absent); 1 the gold \
        file is missing or malformed, the pipeline has no quotes stage, or F1 is below \
        --min-f1; 64 usage error.
        """
    )

    @Option(help: ArgumentHelp("Which PolNeAR split to score when --gold is not given.", valueName: "split"))
    var split: String = "dev"

    @Option(help: ArgumentHelp("Gold JSON Lines file (default: ../shared/data/quotes/polnear/polnear_<split>.jsonl).", valueName: "path"))
    var gold: String?

    @Option(help: ArgumentHelp("Rule file declaring the pipeline (default: Rules/news.quarry).", valueName: "file"))
    var pipeline: String?

    @Option(name: .customLong("name"), help: ArgumentHelp("Which pipeline of the rule file (default: its only or first one).", valueName: "name"))
    var pipelineName: String?

    @Option(help: ArgumentHelp("The overlap a match needs, as a fraction of the gold content's characters.", valueName: "fraction"))
    var overlap: Double = 0.3

    @Option(help: ArgumentHelp("Print up to N missed gold quotes and N wrong predictions, with context.", valueName: "n"))
    var errors: Int = 0

    @Option(name: .customLong("min-f1"), help: ArgumentHelp("Exit with status 1 when F1 at --overlap is below this value.", valueName: "f1"))
    var minimumF1: Double?

    @Flag(help: "Print the scores as one JSON object.")
    var json = false

    func run() throws {
        let relative = "quotes/polnear/polnear_\(split).jsonl"
        let url: URL
        if let gold {
            url = URL(fileURLWithPath: gold)
            guard FileManager.default.fileExists(atPath: url.path) else {
                Console.error("\(gold): no such file")
                throw Exit.inputFailed
            }
        } else if let found = SharedData.locate(relative) {
            url = found
        } else {
            print("skipped: gold data not found (../shared/data/\(relative)); pass --gold PATH")
            return
        }
        let rulePath: String
        if let pipeline {
            rulePath = pipeline
        } else if let root = RulesLocator.defaultDirectory() {
            rulePath = root.appendingPathComponent("news.quarry").path
        } else {
            Console.error("cannot find Quarry's Rules directory; pass --pipeline FILE or set \(RulesLocator.environmentVariable)")
            throw Exit.inputFailed
        }
        let book = try loadRuleBook(rulePath, quietWarnings: true)
        let compiled: Pipeline
        do {
            compiled = try book.pipeline(named: pipelineName)
        } catch {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw ExitCode.failure
        }
        guard compiled.writes.contains(.quotes) else {
            Console.error("\(rulePath): the pipeline has no quotes stage")
            throw Exit.inputFailed
        }
        let context = try compiled.makeContext()

        var strict = QuoteEvaluation.Result(), loose = QuoteEvaluation.Result()
        var documents = 0, shownMisses = 0, shownWrong = 0
        var byVia: [String: (matched: Int, right: Int)] = [:]
        let data = try Data(contentsOf: url)
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let text = object["text"] as? String, let attributions = object["attributions"] as? [[String: Any]] else {
                Console.error("\(url.path): line \(documents + 1) is not a gold article")
                throw Exit.inputFailed
            }
            documents += 1
            let scalars = Array(text.unicodeScalars)
            func spans(_ value: Any?) -> [Range<Int>] {
                (value as? [[Int]] ?? []).compactMap { $0.count == 2 && $0[0] < $0[1] ? $0[0]..<$0[1] : nil }
            }
            func slice(_ r: Range<Int>) -> String {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars[max(0, r.lowerBound)..<min(scalars.count, r.upperBound)])
                return String(s)
            }
            let goldItems: [QuoteEvaluation.Gold] = attributions.compactMap { a in
                let content = spans(a["content"])
                guard !content.isEmpty else { return nil }
                let contentText = content.map(slice).joined(separator: " ")
                return QuoteEvaluation.Gold(content: content, source: spans(a["source"]), kind: QuoteEvaluation.kind(ofContent: contentText))
            }
            let document = Document(id: object["id"] as? String ?? "article\(documents)", text: text)
            let annotated = compiled.run(document, in: context)
            let quotes = annotated.quotes ?? QuoteLayer()
            var cursor = OffsetCursor(document: document, unit: .codepoints)
            // Offsets must be converted in increasing order for the cursor; collect and sort.
            var offsets = Set<Int>()
            for q in quotes.records {
                offsets.insert(Int(q.start)); offsets.insert(Int(q.end))
                if let s = q.speaker { offsets.insert(s.lowerBound); offsets.insert(s.upperBound) }
            }
            var converted: [Int: Int] = [:]
            for offset in offsets.sorted() { converted[offset] = cursor.convert(offset) }
            let predictions = quotes.records.map { q in
                QuoteEvaluation.Prediction(content: converted[Int(q.start)]!..<converted[Int(q.end)]!,
                                           speaker: q.speaker.map { converted[$0.lowerBound]!..<converted[$0.upperBound]! }, kind: q.kind)
            }
            let result = QuoteEvaluation.score(gold: goldItems, predicted: predictions, threshold: overlap)
            strict += QuoteEvaluation.score(gold: goldItems, predicted: predictions, threshold: 0.8)
            loose += result
            for (p, q) in quotes.records.enumerated() where result.predictionMatch[p] != nil {
                if let right = result.speakerRight[p] {
                    byVia["\(q.speakerSource)", default: (0, 0)].matched += 1
                    if right { byVia["\(q.speakerSource)", default: (0, 0)].right += 1 }
                }
            }
            if errors > 0 {
                func context(_ range: Range<Int>) -> String {
                    let r = min(range.lowerBound, scalars.count)..<min(range.upperBound, scalars.count)
                    let before = slice(max(0, r.lowerBound - 60)..<r.lowerBound).replacingOccurrences(of: "\n", with: " ")
                    let after = slice(r.upperBound..<min(scalars.count, r.upperBound + 60)).replacingOccurrences(of: "\n", with: " ")
                    return "…\(before)⟦\(slice(r).replacingOccurrences(of: "\n", with: " "))⟧\(after)…"
                }
                for (g, item) in goldItems.enumerated() where shownMisses < errors {
                    if result.goldMatch[g] == nil {
                        shownMisses += 1
                        let source = item.source.map(slice).joined(separator: " ")
                        let cue = spans(attributions[g]["cue"]).map(slice).joined(separator: " ")
                        print("MISSED \(item.kind) [\(document.id)] source=\(source) cue=\(cue)\n  \(context(item.content[0].lowerBound..<item.content.last!.upperBound))")
                    } else if let p = result.goldMatch[g], result.speakerRight[p] == false, shownMisses < errors {
                        shownMisses += 1
                        let source = item.source.map(slice).joined(separator: " ")
                        let said = predictions[p].speaker.map(slice) ?? "none"
                        print("SPEAKER [\(document.id)] gold=\(source) predicted=\(said) via \(quotes.records[p].speakerSource)\n  \(context(predictions[p].content))")
                    }
                }
                for (p, prediction) in predictions.enumerated() where result.predictionMatch[p] == nil && shownWrong < errors {
                    shownWrong += 1
                    let said = prediction.speaker.map(slice) ?? "none"
                    print("WRONG \(prediction.kind) [\(document.id)] speaker=\(said) cue=\(quotes.records[p].cue.map { document.text(utf8: $0) } ?? "none")\n  \(context(prediction.content))")
                }
            }
        }
        let f1 = loose.all.f1
        if json {
            func object(_ c: QuoteEvaluation.Counts) -> String {
                #"{"gold": \#(c.gold), "predicted": \#(c.predicted), "precision": \#(Self.format(c.precision)), "recall": \#(Self.format(c.recall)), "f1": \#(Self.format(c.f1)), "speaker_accuracy": \#(Self.format(c.speakerAccuracy))}"#
            }
            let kinds = QuoteKind.allCases.map { #""\#($0)": \#(object(loose.byKind[$0] ?? .init()))"# }.joined(separator: ", ")
            print(#"{"gold": "\#(url.lastPathComponent)", "documents": \#(documents), "overlap": \#(overlap), "all": \#(object(loose.all)), "by_kind": {\#(kinds)}, "overlap_0.8": \#(object(strict.all))}"#)
        } else {
            print("PolNeAR \(url.lastPathComponent): \(documents) articles, \(loose.all.gold) gold quotes, \(loose.all.predicted) predicted")
            print("                     gold  pred     P      R      F1    speaker")
            func row(_ name: String, _ c: QuoteEvaluation.Counts) {
                let cells = [c.precision, c.recall, c.f1, c.speakerAccuracy].map { Self.format($0).padding(toLength: 6, withPad: " ", startingAt: 0) }
                print("  " + name.padding(toLength: 17, withPad: " ", startingAt: 0) + String(format: "%5d %5d  ", c.gold, c.predicted) + cells.joined(separator: " "))
            }
            row("all, \(Int(overlap * 100))% overlap", loose.all)
            for kind in QuoteKind.allCases { row("  \(kind)", loose.byKind[kind] ?? .init()) }
            row("all, 80% overlap", strict.all)
            let via = byVia.keys.sorted().map { "\($0) \(byVia[$0]!.right)/\(byVia[$0]!.matched)" }.joined(separator: ", ")
            print("  speaker right by how it was found: \(via)")
        }
        if let minimumF1, f1 < minimumF1 {
            Console.error("F1 \(Self.format(f1)) is below --min-f1 \(minimumF1)")
            throw ExitCode.failure
        }
    }

    static func format(_ x: Double) -> String { String(format: "%.4f", x) }
}
