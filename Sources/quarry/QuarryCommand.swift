import ArgumentParser
import Quarry

@main
struct QuarryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Rule-based NLP pipelines for news text: tokens, sentences, patterns, quotes.",
        discussion: """
        Quarry reads documents (a .txt file is one document, a .jsonl file is one document \
        per line with "text" and an optional "id", a folder its .txt and .jsonl files, "-" \
        is standard input) and writes annotations as a readable view, JSON, JSON Lines, \
        TSV, CSV, CoNLL-U or one HTML page; `quarry serve` offers the same over HTTP.

        Examples:
          quarry run Rules/news.quarry Examples/blinken-seoul.txt
          quarry check Rules/examples/*.quarry
          quarry test Rules/examples/*.quarry
          quarry tokenize Examples/blinken-seoul.txt
          quarry tokenize --format json --offsets utf16 news.jsonl
          echo "U.S. officials don't agree." | quarry tokenize --words -
          quarry evaluate tokens
          quarry serve Rules/news.quarry      # HTTP: POST /v1/annotate, a page at /

        Exit status:
          0   success (warnings may have been printed)
          1   at least one input could not be processed; the others were written
          64  usage error (unknown option, bad value)
        """,
        version: quarryVersion,
        subcommands: QuarryCommand.commands
    )
}

extension QuarryCommand {
    /// The subcommands; `serve` only in builds with the Server trait (the default).
    static var commands: [any ParsableCommand.Type] {
        var list: [any ParsableCommand.Type] = [TokenizeCommand.self, SplitCommand.self, RunCommand.self, CheckCommand.self, TestCommand.self,
                                                ExplainCommand.self, StagesCommand.self, LSPCommand.self, BenchCommand.self, EvaluateCommand.self, TrainCommand.self]
        #if Server
        list.append(ServeCommand.self)
        #endif
        return list
    }
}
