import ArgumentParser
import Foundation
import Quarry
import QuarryIO

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score Quarry's stages against gold annotations.",
        subcommands: [EvaluateTokensCommand.self, EvaluateSentencesCommand.self, EvaluateQuotesCommand.self]
    )
}

/// Locates evaluation data in ../shared/data beside the project (or the working directory).
enum SharedData {
    static func locate(_ relative: String) -> URL? {
        var roots: [URL] = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let rules = RulesLocator.defaultDirectory() { roots.append(rules.deletingLastPathComponent()) }
        for root in roots {
            let url = root.appendingPathComponent("../shared/data").appendingPathComponent(relative).standardizedFileURL
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }
}

struct EvaluateTokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Token F1 against UD surface tokens (default: UD English EWT dev).",
        discussion: """
        The gold file is JSON Lines, one document a line: {"doc_id", "text", "sentences": \
        [{"tokens": [[text, start, end], ...]}]} with code-point offsets, as in \
        ../shared/data/ud/gold_en_ewt-ud-dev.jsonl. A predicted token counts as correct when \
        its start and end both equal a gold token's. Without --gold, the command looks for \
        that file beside the project and skips with a message (exit 0) when it is absent.

        Examples:
          quarry evaluate tokens
          quarry evaluate tokens --icu-only          # the ICU baseline
          quarry evaluate tokens --errors 40         # show mismatches in context
          quarry evaluate tokens --min-f1 0.965      # exit 1 below the target

        Exit status: 0 scored (or skipped because the default data is absent); 1 the gold \
        file is missing or malformed, or F1 is below --min-f1; 64 usage error.
        """
    )

    static let defaultGold = "ud/gold_en_ewt-ud-dev.jsonl"

    @Option(help: ArgumentHelp("Gold JSON Lines file (default: ../shared/data/\(EvaluateTokensCommand.defaultGold)).", valueName: "path"))
    var gold: String?

    @OptionGroup var rules: RulesOption

    @Flag(name: .customLong("icu-only"), help: "Score ICU's word break iterator alone (the baseline).")
    var icuOnly = false

    @Flag(name: .customLong("keep-possessives"), help: "Keep possessives whole (\"Korea’s\"), as UD surface tokens do.")
    var keepPossessives = false

    @Option(help: ArgumentHelp("Print up to N mismatches with their context.", valueName: "n"))
    var errors: Int = 0

    @Option(name: .customLong("min-f1"), help: ArgumentHelp("Exit with status 1 when F1 is below this value.", valueName: "f1"))
    var minimumF1: Double?

    @Flag(help: "Print the scores as one JSON object.")
    var json = false

    func run() throws {
        let url: URL
        if let gold {
            url = URL(fileURLWithPath: gold)
            guard FileManager.default.fileExists(atPath: url.path) else {
                Console.error("\(gold): no such file")
                throw Exit.inputFailed
            }
        } else if let found = SharedData.locate(Self.defaultGold) {
            url = found
        } else {
            print("skipped: gold data not found (../shared/data/\(Self.defaultGold)); pass --gold PATH")
            return
        }

        let tokenize: (Document, TokenizerScratch) -> TokenLayer
        if icuOnly {
            let segmenter = ICUWordSegmenter()
            tokenize = { segmenter.segment($0, scratch: $1) }
        } else {
            let lexicon = try rules.loadLexicon()
            let tokenizer = Tokenizer(lexicon: lexicon, options: .init(splitPossessives: !keepPossessives))
            tokenize = { tokenizer.tokenize($0, scratch: $1) }
        }
        let scratch = TokenizerScratch.make(locale: "en")

        var goldCount = 0, predictedCount = 0, correct = 0, documents = 0
        var shown = 0
        var byGenre: [String: (gold: Int, predicted: Int, correct: Int)] = [:]
        let data = try Data(contentsOf: url)
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let text = object["text"] as? String,
                  let sentences = object["sentences"] as? [[String: Any]] else {
                Console.error("\(url.path): a line is not a gold document")
                throw Exit.inputFailed
            }
            documents += 1
            var goldSpans = Set<Int64>()
            for sentence in sentences {
                for token in sentence["tokens"] as? [[Any]] ?? [] {
                    guard token.count >= 3, let start = token[1] as? Int, let end = token[2] as? Int else { continue }
                    goldSpans.insert(Int64(start) << 32 | Int64(end))
                }
            }
            let document = Document(id: object["doc_id"] as? String ?? "doc\(documents)", text: text)
            let layer = tokenize(document, scratch)
            var cursor = OffsetCursor(document: document, unit: .codepoints)
            var predicted = Set<Int64>()
            for token in layer.records {
                let start = cursor.convert(Int(token.start)), end = cursor.convert(Int(token.end))
                predicted.insert(Int64(start) << 32 | Int64(end))
            }
            let hits = predicted.intersection(goldSpans).count
            goldCount += goldSpans.count
            predictedCount += predicted.count
            correct += hits
            let genre = object["genre"] as? String ?? "all"
            byGenre[genre, default: (0, 0, 0)].gold += goldSpans.count
            byGenre[genre, default: (0, 0, 0)].predicted += predicted.count
            byGenre[genre, default: (0, 0, 0)].correct += hits
            if shown < errors {
                shown += Self.showErrors(text: text, gold: goldSpans, predicted: predicted, limit: errors - shown)
            }
        }
        let precision = predictedCount == 0 ? 0 : Double(correct) / Double(predictedCount)
        let recall = goldCount == 0 ? 0 : Double(correct) / Double(goldCount)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        let system = icuOnly ? "icu" : "quarry"
        if json {
            print(#"{"system": "\#(system)", "gold": "\#(url.lastPathComponent)", "documents": \#(documents), "gold_tokens": \#(goldCount), "predicted_tokens": \#(predictedCount), "correct": \#(correct), "precision": \#(Self.format(precision)), "recall": \#(Self.format(recall)), "f1": \#(Self.format(f1))}"#)
        } else {
            print("token evaluation: \(system) on \(url.lastPathComponent) (\(documents) documents)")
            print("  gold \(goldCount)  predicted \(predictedCount)  correct \(correct)")
            print("  precision \(Self.format(precision))  recall \(Self.format(recall))  F1 \(Self.format(f1))")
            if byGenre.count > 1 {
                for (genre, counts) in byGenre.sorted(by: { $0.key < $1.key }) {
                    let p = Double(counts.correct) / Double(max(1, counts.predicted))
                    let r = Double(counts.correct) / Double(max(1, counts.gold))
                    print("  \(genre.padding(toLength: 10, withPad: " ", startingAt: 0)) F1 \(Self.format(p + r == 0 ? 0 : 2 * p * r / (p + r)))  (\(counts.gold) gold tokens)")
                }
            }
        }
        if let minimumF1, f1 < minimumF1 {
            Console.error("F1 \(Self.format(f1)) is below --min-f1 \(minimumF1)")
            throw Exit.inputFailed
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }

    /// Prints mismatched regions: the gold tokens and the predicted ones over the same text.
    static func showErrors(text: String, gold: Set<Int64>, predicted: Set<Int64>, limit: Int) -> Int {
        let scalars = Array(text.unicodeScalars)
        func spans(_ set: Set<Int64>) -> [(Int, Int)] { set.map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }.sorted { $0.0 < $1.0 } }
        let goldList = spans(gold.subtracting(predicted)), predictedList = spans(predicted.subtracting(gold))
        var shown = 0
        var covered = -1
        for (start, end) in goldList where start > covered && shown < limit {
            // The region: this gold token widened to the predicted tokens that overlap it.
            var lo = start, hi = end
            for (s, e) in predictedList where s < hi && e > lo { lo = min(lo, s); hi = max(hi, e) }
            let allGold = spans(gold).filter { $0.0 >= lo && $0.1 <= hi }.map { String(String.UnicodeScalarView(scalars[$0.0..<$0.1])) }
            let allPredicted = spans(predicted).filter { $0.0 >= lo && $0.1 <= hi }.map { String(String.UnicodeScalarView(scalars[$0.0..<$0.1])) }
            print("  gold \(allGold)  predicted \(allPredicted)")
            covered = hi
            shown += 1
        }
        return shown
    }
}
