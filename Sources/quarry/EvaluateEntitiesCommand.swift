import ArgumentParser
import Foundation
import Quarry
import QuarryIO
import QuarryEvaluation

struct EvaluateEntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Named entities (PERSON, ORG, GPE, LOC) against hand-annotated Wikinews articles.",
        discussion: """
        Runs a pipeline with a patterns stage (default: the `news` pipeline of \
        Rules/news.quarry) over the gold articles and scores its spans. The default gold file \
        is \(EntityEvaluation.defaultGold) in the Quarry checkout: 20 English Wikinews \
        articles (CC BY 2.5, Wikinews contributors), 447 mentions annotated by the guidelines \
        in docs/entities.md. A gold file is JSON Lines, one article a line: {"id", "text", \
        "entities": [{"start", "end", "label", "text"}]} with code-point offsets.

        A span matches a gold mention when the two overlap and end at the same character \
        ("Joe Biden" matches "President Joe Biden"; "Biden's" does not match "Biden"), and \
        their labels agree; one to one. The report gives precision, recall and F1 per label; \
        for places (GPE and LOC as one class); micro-averaged over PERSON, ORG and places \
        (the figure --min-f1 checks) and over the four labels; and for spans whatever their \
        labels.

        The pipeline's labels are mapped to gold labels with --map FROM=TO (repeatable; TO \
        empty or - ignores FROM). Without an entry, PERSON, ORG, GPE and LOC map to \
        themselves and every other label (DATE, MONEY, ...) is ignored.

        Examples:
          quarry evaluate entities
          quarry evaluate entities --errors 20        # missed, spurious, mislabelled
          quarry evaluate entities --pipeline my.quarry --map FAC=LOC --map NORP=-
          quarry evaluate entities --json --min-f1 0.6

        Exit status: 0 scored (or skipped because the default gold file is absent: an \
        installed copy without the checkout); 1 the gold file is missing or malformed, the \
        pipeline has no patterns stage, or F1 is below --min-f1; 64 usage error.
        """
    )

    @Option(help: ArgumentHelp("Gold JSON Lines file (default: \(EntityEvaluation.defaultGold) in the checkout).", valueName: "path"))
    var gold: String?
    @Option(help: ArgumentHelp("Rule file declaring the pipeline (default: Rules/news.quarry).", valueName: "file"))
    var pipeline: String?
    @Option(name: .customLong("name"), help: ArgumentHelp("Which pipeline of the rule file (default: its only or first one).", valueName: "name"))
    var pipelineName: String?
    @Option(name: .customLong("map"), help: ArgumentHelp("Map a pipeline label to a gold label (FAC=LOC), or ignore it (NORP=-). Repeatable.", valueName: "from=to"))
    var mappings: [String] = []
    @Option(help: ArgumentHelp("Print up to N missed gold mentions, N spurious spans and N wrong labels, with context.", valueName: "n"))
    var errors: Int = 0
    @Option(name: .customLong("min-f1"), help: ArgumentHelp("Exit with status 1 when micro F1 over PERSON, ORG and places is below this value.", valueName: "f1"))
    var minimumF1: Double?
    @Flag(help: "Print the scores as one JSON object.")
    var json = false

    func validate() throws {
        do {
            _ = try EntityEvaluation.LabelMapping(parsing: mappings)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let url: URL
        if let gold {
            guard let given = try EvaluateCommand.goldFile(gold) else { return }
            url = given
        } else {
            guard let found = EntityEvaluation.locateDefaultGold() else {
                print("skipped: gold data not found (\(EntityEvaluation.defaultGold) in the Quarry checkout); pass --gold PATH")
                return
            }
            url = found
        }
        let mapping = try EntityEvaluation.LabelMapping(parsing: mappings)
        guard let rulePath = pipeline ?? RulesLocator.defaultDirectory()?.appendingPathComponent("news.quarry").path else {
            Console.error("cannot find Quarry's Rules directory; pass --pipeline FILE or set \(RulesLocator.environmentVariable)")
            throw Exit.inputFailed
        }
        let book = try loadRuleBook(rulePath, quietWarnings: true)
        let compiled = try EvaluateCommand.reporting { try book.pipeline(named: pipelineName) }
        guard compiled.writes.contains(.spans) else {
            Console.error("\(rulePath): the pipeline has no patterns stage (it writes no spans)")
            throw Exit.inputFailed
        }
        let report = try EvaluateCommand.reporting { try EntityEvaluation.evaluate(gold: url, pipeline: compiled, mapping: mapping, errors: errors) }
        print(report.rendered(json: json))
        try EvaluateCommand.check(f1: report.f1, minimum: minimumF1)
    }
}
