import ArgumentParser
import Foundation
import Quarry
import QuarryIO
import QuarryEvaluation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score Quarry's stages against gold annotations.",
        subcommands: [EvaluateTokensCommand.self, EvaluateSentencesCommand.self, EvaluateTagsCommand.self, EvaluateQuotesCommand.self, EvaluateEntitiesCommand.self]
    )

    /// The `--gold` file, or the default one in ../shared/data; nil (after a message) when the
    /// default is absent, so the command skips; nil without either.
    static func goldFile(_ gold: String?, default relative: String? = nil) throws -> URL? {
        let url = try reporting { try EvaluationData.goldFile(gold, default: relative) }
        if url == nil, gold == nil, let relative { print("skipped: gold data not found (../shared/data/\(relative)); pass --gold PATH") }
        return url
    }

    /// Runs `body`, reporting a gold file that does not decode, or a rule file with errors, and
    /// exiting with status 1.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GoldFileError {
            Console.error(error.description)
            throw Exit.inputFailed
        } catch let error as RuleErrors {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw ExitCode.failure
        }
    }

    /// Exits with status 1 when F1 is below the `--min-f1` value.
    static func check(f1: Double, minimum: Double?) throws {
        guard let minimum, f1 < minimum else { return }
        Console.error("F1 \(String(format: "%.4f", f1)) is below --min-f1 \(minimum)")
        throw Exit.inputFailed
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

    @Option(help: ArgumentHelp("Gold JSON Lines file (default: ../shared/data/\(TokenEvaluation.defaultGold)).", valueName: "path"))
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
        guard let url = try EvaluateCommand.goldFile(gold, default: TokenEvaluation.defaultGold) else { return }
        let system: TokenEvaluation.System = icuOnly ? .icu() : .quarry(lexicon: try rules.loadLexicon(), keepPossessives: keepPossessives)
        let report = try EvaluateCommand.reporting { try TokenEvaluation.evaluate(gold: url, system: system, errors: errors) }
        print(report.rendered(json: json))
        try EvaluateCommand.check(f1: report.score.f1, minimum: minimumF1)
    }
}
