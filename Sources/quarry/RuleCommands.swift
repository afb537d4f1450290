import ArgumentParser
import Foundation
import Quarry
import QuarryIO

/// Loads rule files, printing every diagnostic; throws ExitCode.failure on errors.
func loadRuleBook(_ path: String, registry: StageRegistry = .standard, quietWarnings: Bool = false) throws -> RuleBook {
    do {
        let book = try RuleBook.load(file: URL(fileURLWithPath: path), registry: registry)
        if !quietWarnings { for warning in book.warnings { Console.note(warning.description) } }
        return book
    } catch {
        for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
        let count = error.errors.count
        Console.note("\(count) error\(count == 1 ? "" : "s") in \(path)")
        throw ExitCode.failure
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline declared in a rule file over documents.",
        discussion: """
        The rule file declares the pipeline (see docs/rule-language.md):

          pipeline news
            tokenize
            sentences
            patterns entities
            quotes

        Without --pipeline the first pipeline declared runs. JSON and JSON Lines carry the \
        spans (label, offsets, text, rule, attributes) and quotes (kind, content, cue, \
        speaker, entity) when the pipeline writes them, else every layer it writes; \
        --layers chooses (--layers all adds tokens and sentences). A JSON Lines input's \
        other fields (url, date, ...) are copied to each output line as they were. The \
        text view is for people: a table of speaker, cue and quote, then the entities by \
        label, when the pipeline attributes quotes, else the labelled text. CSV and TSV \
        write one row per quote (or per span with --layers spans); HTML is one \
        self-contained page: entities coloured by label, quotes by speaker, a legend and a \
        quote table per document. Folders are read recursively (--glob chooses the files); \
        standard input is streamed. On a terminal a progress line shows on standard \
        error (--quiet hides it).

        Examples:
          quarry run Rules/news.quarry Examples/blinken-seoul.txt
          quarry run Rules/news.quarry -f jsonl corpus.jsonl > news.jsonl
          quarry run Rules/news.quarry -f csv articles/ > quotes.csv
          quarry run Rules/news.quarry -f csv --layers spans articles/ > entities.csv
          cat corpus.jsonl | quarry run Rules/news.quarry -f jsonl - > news.jsonl
          quarry run Rules/news.quarry -f html article.txt > article.html

        Exit status: 0 success; 1 a rule file has errors, or an input could not be read, or a \
        rule hit a match limit in some document (the other rules' output is still written); \
        64 usage error.
        """
    )

    @Argument(help: ArgumentHelp("The rule file that declares the pipeline.", valueName: "rules"))
    var rules: String

    @OptionGroup var documents: DocumentOptions

    @Option(help: ArgumentHelp("The pipeline to run (default: the first declared).", valueName: "name"))
    var pipeline: String?

    func run() throws {
        let book = try loadRuleBook(rules)
        let pipeline: Pipeline
        do {
            pipeline = try book.pipeline(named: self.pipeline)
        } catch {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw ExitCode.failure
        }
        let primary: LayerName = pipeline.writes.contains(.quotes) ? .quotes
            : pipeline.writes.contains(.spans) ? .spans : (pipeline.writes.contains(.sentences) ? .sentences : .tokens)
        // What people run a pipeline for; tokens and sentences are many times the input.
        let results = Set([LayerName.spans, .quotes].filter { pipeline.writes.contains($0) })
        if try !documents.runPipeline(pipeline, primary: primary, defaultLayers: results.isEmpty ? nil : results) {
            throw Exit.inputFailed
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rule files and print every problem, like a compiler.",
        discussion: """
        Reports syntax errors, unknown macros, lists, rules, stages and options, duplicate \
        names, include cycles, missing files, PCRE2 compile errors (pointing into the rule, \
        through macros), rules that can match the empty string, pipelines in an impossible \
        order, and warns about patterns likely to backtrack catastrophically and about rules \
        made only of lookarounds (they never match), and rules that read labels no earlier \
        stage writes (phases). Each as file:line:col: error: message, then the line and a \
        caret. Under each file's `ok:` line, the changes it (or a file it includes) makes to \
        declarations: `list NAME += …`, `patterns NAME -= …`, `pipeline NAME from BASE`. It builds everything `quarry run` and `quarry bench` build \
        from the rules (all but PCRE2's JIT), so a file that passes loads in a run.

        Exit status: 0 no errors (warnings may have been printed); 1 errors; 64 usage error.
        """
    )

    @Argument(help: ArgumentHelp("Rule files to check.", valueName: "rules"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one rule file") }
    }

    func run() throws {
        var failed = false
        for file in files {
            do {
                let book = try loadRuleBook(file)
                let warnings = book.warnings.filter { $0.severity == .warning }.count
                func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
                let declared = book.patternSets.count - (book.patternSets["all"] != nil && !book.patternSetsDeclared.contains("all") ? 1 : 0)
                print("ok: \(file): \(count(book.rules.count, "rule")), \(count(declared, "patterns declaration")), \(count(book.pipelineNames.count, "pipeline")), \(count(book.files.count, "file"))" + (warnings > 0 ? ", \(count(warnings, "warning"))" : ""))
                // What this file (or an included one) changed in declarations made elsewhere.
                for change in book.changes {
                    print("  \(change.location.file):\(change.location.line): \(change.subject): \(change.description)")
                }
            } catch {
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the examples written next to the rules.",
        discussion: """
        Each `expect` line under a rule runs that rule alone on its text (after tokenizing \
        and sentence splitting, and after the earlier phases when it reads their spans): \
        `expect "TEXT" -> LABEL "SPAN"` passes when the rule gives LABEL on exactly SPAN, \
        `expect "TEXT" -> nothing` when it gives nothing. Attributes after the span must have \
        those values (`-> MONEY "$5" amount="5"`); `-> only A "x", B "y"` passes when the \
        matches are exactly these. Examples under a `patterns` declaration run the whole \
        stage, overlaps resolved; under a `pipeline`, the whole pipeline, and `quote` items \
        check its quotes (`-> quote speaker="Smith" cue="said"`).

        Examples:
          quarry test Rules/examples/*.quarry
          quarry test -v Rules/news.quarry

        Exit status: 0 all examples pass; 1 a rule file has errors or an example fails.
        """
    )

    @Argument(help: ArgumentHelp("Rule files whose examples to run.", valueName: "rules"))
    var files: [String]

    @Flag(name: .shortAndLong, help: "List every example, not only failures.")
    var verbose = false

    @Flag(help: "Run only the examples written in the files given, not those of the files they include.")
    var own = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one rule file") }
    }

    func run() throws {
        var failedFiles = false
        var total = 0, failures = 0
        for file in files {
            let book: RuleBook
            do { book = try loadRuleBook(file, quietWarnings: true) } catch { failedFiles = true; continue }
            var results: [ExampleResult]
            do {
                results = try book.runExamples(registry: .standard)
            } catch {
                for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
                failedFiles = true
                continue
            }
            // The file's own examples, by the path diagnostics show for it (the book's root).
            let ownFile = book.files.first
            let ownCount = results.filter { $0.example.location.file == ownFile }.count
            if own { results = results.filter { $0.example.location.file == ownFile } }
            for result in results {
                total += 1
                let where_ = "\(result.example.location.file):\(result.example.location.line)"
                if result.passed {
                    if verbose { print("  ok    \(result.owner)  \(where_)  \"\(result.example.text)\"") }
                } else {
                    failures += 1
                    print("  FAIL  \(result.owner)  \(where_)")
                    print("        text:  \"\(result.example.text)\"")
                    print("        \(result.failure ?? "failed")")
                }
            }
            let fileFailures = results.filter { !$0.passed }.count
            let scope = own || ownCount == results.count ? "" : " (\(ownCount) in \(file) itself, the others in the files it includes)"
            print("\(file): \(results.count) example\(results.count == 1 ? "" : "s")\(scope), \(fileFailures) failed")
        }
        if files.count > 1 { print("total: \(total) examples, \(failures) failed") }
        if failedFiles || failures > 0 { throw ExitCode.failure }
    }
}

struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "List the stages a pipeline can use, or the stages of a rule file's pipeline and where each was written.",
        discussion: """
        Without a rule file: every stage kind, what it reads and writes, and its options with \
        their defaults. A default written @NAME is the list of that name when the rule files \
        declare one (so `list NAME += …` changes what the stage reads), else the file the \
        stage ships with.

        With a rule file: the pipeline's stages in the order they run, each with the \
        file:line that wrote it and the lines that changed it (`pipeline NAME from BASE` \
        with insert, replace, drop and set lines), then every change the files made to \
        lists and patterns declarations.

        Examples:
          quarry stages
          quarry stages Rules/news.quarry
          quarry stages my-news.quarry --pipeline my-news
        """
    )

    @Argument(help: ArgumentHelp("A rule file whose pipeline to show (optional).", valueName: "rules"))
    var rules: String?

    @Option(help: ArgumentHelp("The pipeline to show (default: the first declared).", valueName: "name"))
    var pipeline: String?

    func run() throws {
        guard let rules else {
            if pipeline != nil { throw ValidationError("--pipeline needs a rule file: quarry stages RULES --pipeline NAME") }
            listKinds()
            return
        }
        let book = try loadRuleBook(rules, quietWarnings: true)
        do { _ = try book.pipeline(named: pipeline) } catch {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw ExitCode.failure
        }
        let name = pipeline ?? book.pipelineNames[0]
        let origins = book.stageOrigins[name] ?? []
        print("pipeline \(name): \(origins.count) stage\(origins.count == 1 ? "" : "s")")
        for (k, origin) in origins.enumerated() {
            var line = "  \(k + 1). \(origin.stage)"
            line += "\n       written at \(origin.declared.file):\(origin.declared.line)"
            for change in origin.changedBy { line += "; changed at \(change.file):\(change.line)" }
            print(line)
        }
        if !book.changes.isEmpty {
            print("changes:")
            for change in book.changes { print("  \(change.location.file):\(change.location.line): \(change.subject): \(change.description)") }
        }
    }

    func listKinds() {
        for kind in StageRegistry.standard.all {
            let argument = kind.argument.map { " [\($0)]" } ?? ""
            print("\(kind.name)\(argument)")
            print("    \(kind.summary)")
            print("    reads: \(kind.reads.isEmpty ? "(depends on its rules)" : kind.reads.map(\.rawValue).joined(separator: ", "))   writes: \(kind.writes.map(\.rawValue).joined(separator: ", "))")
            for option in kind.options {
                let type: String
                switch option.type {
                case .bool: type = "true|false"
                case .integer: type = "N"
                case .string: type = "TEXT"
                case .list: type = "@LIST"
                case .label: type = "LABEL"
                case let .choice(values): type = values.joined(separator: "|")
                }
                let fallback = option.defaultValue.hasPrefix("@") ? "\(option.defaultValue) if declared, else the shipped file" : option.defaultValue
                print("    \(option.name)=\(type)  (default: \(option.defaultValue.isEmpty ? "none" : fallback))  \(option.summary)")
            }
            print("")
        }
    }
}
