import ArgumentParser
import Foundation
import Quarry
import QuarryIO
import QuarryEvaluation

/// `quarry evaluate sentences`: the sentence splitter against the English case sets
/// (Golden Rules, sentencex, pragmatic_segmenter, pySBD issues, Quarry's news cases) and UD
/// English EWT dev.
struct EvaluateSentencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentences",
        abstract: "Score the sentence splitter on English case sets and UD English EWT dev.",
        discussion: """
        Case sets, one case a line {"text", "sentences": [string, ...]}:
          golden     sbd/golden_rules_en.jsonl: 52 Golden Rules (48 in_pysbd48)
          sentencex  sbd/sentencex_en_tests.jsonl: 236 cases
          pragmatic  sbd/pragmatic_segmenter_en_extra.jsonl: 125 cases
          pysbd      sbd/pysbd_regression_issues.jsonl: 13 pySBD bug reports
          news       Tests/QuarrySentencesTests/Fixtures/news_en.jsonl (in the project): \
        89 news-style cases of Quarry's own (dates, times, streets, states, "U.S.", "Inc.")
        A case passes when the predicted sentences equal the expected ones after every \
        run of white space (the Unicode White_Space property) in each sentence is \
        collapsed to one space and the ends are trimmed; sentences that become empty are \
        dropped on both sides. The sets write line breaks inside a sentence as spaces, \
        hence the collapsing.

        UD English EWT dev (ud/gold_en_ewt-ud-dev.jsonl), one document a line \
        {"text", "genre", "sentences": [{"start", "end"}, ...]} with code-point offsets. \
        Boundary precision, recall and F1: a boundary is the code-point END offset of each \
        sentence except the document's last one (the end of the text is not a decision), \
        counted over all documents and per genre. Exact-sentence F1: a predicted sentence \
        is correct when its start and end both equal a gold sentence's (the last included).

        Files are looked for in ../shared/data beside the project (news: in the project). --gold PATH scores one \
        file of either shape instead (its first line tells which).

        Examples:
          quarry evaluate sentences
          quarry evaluate sentences --icu-only     # the ICU baseline
          quarry evaluate sentences --set golden --errors 10
          quarry evaluate sentences --set news --errors 10
          quarry evaluate sentences --json
          quarry evaluate sentences --min-golden 50 --min-f1 0.90

        Exit status: 0 scored (or skipped because the default data is absent); 1 a gold file \
        is missing or malformed, or a score is below a --min-... threshold; 64 usage error.
        """
    )

    enum SetChoice: String, CaseIterable, ExpressibleByArgument {
        case golden, sentencex, pragmatic, pysbd, news, ud, all
    }

    @Option(help: ArgumentHelp("Which data to score; all means every set that is present.", valueName: "set"))
    var set: SetChoice = .all
    @Option(help: ArgumentHelp("Score this file instead (a case set or a UD-shaped file; its first line decides).", valueName: "path"))
    var gold: String?
    @OptionGroup var rules: RulesOption
    @Flag(name: .customLong("icu-only"), help: "Score ICU's sentence break iterator alone (en@ss=standard; the baseline).")
    var icuOnly = false
    @Option(help: ArgumentHelp("Print up to N failing cases per case set, and up to N boundary errors on UD, in context.", valueName: "n"))
    var errors: Int = 0
    @Option(name: .customLong("min-golden"), help: ArgumentHelp("Exit with status 1 when fewer Golden Rules than this pass.", valueName: "n"))
    var minimumGolden: Int?
    @Option(name: .customLong("min-pass-rate"), help: ArgumentHelp("Exit with status 1 when any scored case set passes less than this fraction of its cases.", valueName: "rate"))
    var minimumPassRate: Double?
    @Option(name: .customLong("min-f1"), help: ArgumentHelp("Exit with status 1 when the UD boundary F1 is below this value.", valueName: "f1"))
    var minimumF1: Double?
    @Flag(name: .customLong("keep-quotations"), help: "Keep a quotation's sentences in the sentence around it (the convention of the Golden Rules, sentencex and pragmatic_segmenter sets; UD splits inside quotations).")
    var keepQuotations = false
    @Flag(help: "Print the scores as one JSON object.")
    var json = false

    func validate() throws {
        if gold != nil && set != .all {
            throw ValidationError("--gold scores one file; do not combine it with --set")
        }
        if errors < 0 { throw ValidationError("--errors takes a non-negative number") }
    }

    func run() throws {
        let plan = SentenceEvaluation.Plan(gold: try EvaluateCommand.goldFile(gold), sets: set == .all ? nil : [set.rawValue])
        if plan.jobs.isEmpty {
            print("skipped: evaluation data not found (\(plan.missing.joined(separator: "; "))); pass --gold PATH")
            return
        }
        let system: SentenceEvaluation.System = icuOnly ? .icu() : .quarry(lexicon: try rules.loadSentenceLexicon(), keepQuotations: keepQuotations)
        let evaluation = SentenceEvaluation(system: system, errors: errors)
        let report = try EvaluateCommand.reporting { try evaluation.evaluate(plan, progress: json ? nil : { print($0) }) }
        if json { print(report.json) }
        let failures = SentenceEvaluation.Thresholds(minimumGolden: minimumGolden, minimumPassRate: minimumPassRate, minimumF1: minimumF1).failures(report)
        for failure in failures { Console.error(failure) }
        if !failures.isEmpty { throw Exit.inputFailed }
    }
}
