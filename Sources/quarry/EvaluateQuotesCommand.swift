import ArgumentParser
import Foundation
import Quarry
import QuarryIO
import QuarryEvaluation

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
        guard let url = try EvaluateCommand.goldFile(gold, default: QuoteEvaluation.defaultGold(split: split)) else { return }
        guard let rulePath = pipeline ?? RulesLocator.defaultDirectory()?.appendingPathComponent("news.quarry").path else {
            Console.error("cannot find Quarry's Rules directory; pass --pipeline FILE or set \(RulesLocator.environmentVariable)")
            throw Exit.inputFailed
        }
        let book = try loadRuleBook(rulePath, quietWarnings: true)
        let compiled = try EvaluateCommand.reporting { try book.pipeline(named: pipelineName) }
        guard compiled.writes.contains(.quotes) else {
            Console.error("\(rulePath): the pipeline has no quotes stage")
            throw Exit.inputFailed
        }
        let report = try EvaluateCommand.reporting { try QuoteEvaluation.evaluate(gold: url, pipeline: compiled, overlap: overlap, errors: errors) }
        print(report.rendered(json: json))
        try EvaluateCommand.check(f1: report.f1, minimum: minimumF1)
    }
}
