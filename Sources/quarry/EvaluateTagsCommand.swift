import ArgumentParser
import Foundation
import Quarry
import QuarryEvaluation
import QuarryTagger

struct EvaluateTagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "Part-of-speech and lemma accuracy against CoNLL-U files (default: UD English EWT dev and GUM dev).",
        discussion: """
        Each document's text is rebuilt from the file (sentences of a paragraph joined by a \
        space, paragraphs by a blank line) and run through a pipeline: by default \
        `tokenize words=true`, `sentences`, `tag`, so contractions are split as UD splits them \
        ("do" + "n't"). A gold word counts as right only when one of Quarry's tokens has \
        exactly its range and the same tag: a word Quarry tokenizes differently is wrong. \
        Reported: UPOS, Penn tag (XPOS) and lemma accuracy (lemmas compared exactly), the \
        share of words with a matching token, accuracy per UPOS class and the commonest \
        confusions. scripts/compare_tags.py runs spaCy on the same files beside this command.

        Without files, the command looks for the default files in ../shared/data and skips \
        with a message (exit 0) when they are absent.

        Examples:
          quarry evaluate tags
          quarry evaluate tags --model /tmp/models/tagger.qtag --errors 20
          quarry evaluate tags my-gold.conllu --json
          quarry evaluate tags --pipeline my.quarry --name tagged   # your own tokenizer and tag stage
        """
    )

    @Argument(help: ArgumentHelp("CoNLL-U files to score.", valueName: "file"))
    var files: [String] = []
    @Option(help: ArgumentHelp("A model from `quarry train tagger` (default: the shipped Rules/en/tagger.qtag).", valueName: "path"))
    var model: String?
    @Option(help: ArgumentHelp("Rule file declaring the pipeline to score (it must tokenize and tag).", valueName: "file"))
    var pipeline: String?
    @Option(name: .customLong("name"), help: ArgumentHelp("Which pipeline of --pipeline (default: its first).", valueName: "name"))
    var pipelineName: String?
    @Option(help: ArgumentHelp("Print up to N wrong words per file, in their sentence.", valueName: "n"))
    var errors: Int = 0
    @Flag(help: "Print the scores as one JSON object.")
    var json = false
    @Option(name: .customLong("min-upos"), help: ArgumentHelp("Exit with status 1 when a file's UPOS accuracy is below this.", valueName: "accuracy"))
    var minimumUPOS: Double?

    func validate() throws {
        if model != nil && pipeline != nil { throw ValidationError("give --model or --pipeline, not both (set the model in the pipeline's tag stage)") }
    }

    func run() throws {
        var urls: [URL] = []
        if files.isEmpty {
            for relative in TagEvaluation.defaultFiles {
                if let url = EvaluationData.locate(relative) { urls.append(url) } else {
                    print("skipped: gold data not found (../shared/data/\(relative)); pass FILE")
                }
            }
            if urls.isEmpty { return }
        } else {
            for path in files {
                guard FileManager.default.fileExists(atPath: path) else {
                    Console.error("no such file: \(path)")
                    throw Exit.inputFailed
                }
                urls.append(URL(fileURLWithPath: path))
            }
        }
        let compiled: Pipeline
        if let pipeline {
            let book = try loadRuleBook(pipeline, quietWarnings: true)
            compiled = try EvaluateCommand.reporting { try book.pipeline(named: pipelineName) }
        } else {
            let modelOption = model.map { " model=\"\(URL(fileURLWithPath: $0).standardizedFileURL.path)\"" } ?? ""
            let source = "pipeline tags\n  tokenize words=true\n  sentences\n  tag\(modelOption)\n"
            do {
                compiled = try RuleBook.load(source: source, name: "<evaluate tags>", registry: .standard).pipeline()
            } catch {
                for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
                throw Exit.inputFailed
            }
        }
        guard compiled.writes.contains(.tags) else {
            Console.error("\(pipeline ?? "the pipeline"): it has no tag stage (it writes no tags)")
            throw Exit.inputFailed
        }
        let context = try compiled.makeContext()
        var reports: [TagEvaluation.Report] = []
        for url in urls {
            do {
                reports.append(try TagEvaluation.evaluate(file: url, errors: errors) { compiled.run($0, in: context) })
            } catch {
                Console.error(error is CoNLLUFile.FormatError ? "\(error)" : "\(url.path): \(error)")
                throw Exit.inputFailed
            }
        }
        print(json ? Self.json(reports) : Self.table(reports))
        if let minimumUPOS, let low = reports.first(where: { $0.uposAccuracy < minimumUPOS }) {
            Console.error(String(format: "%@: UPOS accuracy %.4f is below --min-upos %.4f", low.file, low.uposAccuracy, minimumUPOS))
            throw Exit.inputFailed
        }
    }

    static func table(_ reports: [TagEvaluation.Report]) -> String {
        var lines: [String] = []
        for r in reports {
            lines.append("\(r.file): \(r.words) words")
            lines.append(String(format: "  UPOS %.4f   Penn tag %.4f   lemma %.4f   tokens aligned %.4f   %.0f tokens/s",
                                r.uposAccuracy, r.xposAccuracy, r.lemmaAccuracy, r.alignment, r.tokensPerSecond))
            lines.append("  per class (words, UPOS accuracy):")
            for (name, count) in r.perClass.sorted(by: { $0.value.words > $1.value.words }) {
                lines.append(String(format: "    %-6@ %6d  %.4f", name, count.words, count.words == 0 ? 0 : Double(count.right) / Double(count.words)))
            }
            lines.append("  commonest confusions (gold -> Quarry):")
            for (pair, count) in r.confusions.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(10) {
                lines.append("    \(pair): \(count)")
            }
            for example in r.examples { lines.append("  " + example) }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ reports: [TagEvaluation.Report]) -> String {
        struct Row: Encodable {
            var file: String, words: Int, upos: Double, xpos: Double, lemma: Double, tokens: Double, tokens_per_second: Double
            var per_class: [String: TagEvaluation.Report.Count], confusions: [String: Int]
        }
        struct Output: Encodable { var files: [Row] }
        let rows = reports.map {
            Row(file: $0.file, words: $0.words, upos: $0.uposAccuracy, xpos: $0.xposAccuracy, lemma: $0.lemmaAccuracy, tokens: $0.alignment,
                tokens_per_second: $0.tokensPerSecond, per_class: $0.perClass, confusions: $0.confusions)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(Output(files: rows))) ?? Data(), as: UTF8.self)
    }
}
