import ArgumentParser
import Dispatch
import Foundation
import Quarry
import QuarryIO
import QuarryIO

/// Options shared by every command that reads documents and writes annotations.
struct DocumentOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Input files: .txt (one document), .jsonl (one document per line, with \"text\" and an optional \"id\"), or - for standard input.",
        valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: \(OutputFormat.helpText)", valueName: "format"))
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Units of the offsets in json, jsonl and tsv output: codepoints (Python str indices), utf8 (bytes) or utf16.", valueName: "unit"))
    var offsets: OffsetUnit = .codepoints

    @Option(name: .customLong("input-format"), help: ArgumentHelp("How to read inputs: auto (by extension: .jsonl is JSON Lines, anything else is text), text or jsonl.", valueName: "format"))
    var inputFormat: DocumentReader.Format = .auto

    @Flag(name: .customLong("repair-utf8"), help: "Replace ill-formed UTF-8 with U+FFFD and warn, instead of rejecting the input.")
    var repairUTF8 = false

    @Flag(inversion: .prefixedNo, help: "Colour the text view (default: when standard output is a terminal).")
    var color: Bool?

    @Option(help: ArgumentHelp("Threads: documents are spread over them and written in input order (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("give at least one input file, or - to read standard input")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    var reader: DocumentReader { DocumentReader(format: inputFormat, invalidUTF8: repairUTF8 ? .repair : .reject) }

    func makeWriter(primary: LayerName = .tokens) -> DocumentWriter {
        let useColor = color ?? (isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let jsonArray = inputs.count > 1 || inputFormat == .jsonl
            || inputs.contains { $0.lowercased().hasSuffix(".jsonl") }
        let writer = DocumentWriter(format: format, offsets: offsets, sink: .standardOutput, color: useColor, jsonArray: jsonArray, primary: primary)
        writer.onWarning = Console.warning
        return writer
    }

    /// Reads every input, runs `pipeline` on each document on `--jobs` threads and writes the
    /// results in input order, with messages next to the documents they are about.
    /// Returns whether every input was processed without error.
    func runPipeline(_ pipeline: Pipeline, primary: LayerName = .tokens) throws -> Bool {
        let writer = makeWriter(primary: primary)
        var failures = 0
        writer.begin()
        try pipeline.run(reader.documents(from: inputs), jobs: jobs) { result in
            switch result {
            case let .success(annotated):
                for diagnostic in annotated.diagnostics {
                    if diagnostic.severity == .error { failures += 1; Console.error(diagnostic.message) } else { Console.warning(diagnostic.message) }
                }
                writer.write(annotated)
            case let .failure(problem):
                writer.sink.flush()  // keep messages near the documents they follow
                if problem.severity == .error { failures += 1; Console.error(problem.message) } else { Console.warning(problem.message) }
            }
        }
        writer.end()
        return failures == 0
    }
}

extension DocumentReader.Format: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension OffsetUnit: ExpressibleByArgument {}

/// Where the rule files come from.
struct RulesOption: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("The Rules directory (default: $QUARRY_RULES, else the one shipped with Quarry).", valueName: "dir"))
    var rulesDirectory: String?

    func languageDirectory(_ language: String = "en") throws -> URL {
        if let rulesDirectory {
            return URL(fileURLWithPath: rulesDirectory).appendingPathComponent(language)
        }
        guard let root = RulesLocator.defaultDirectory() else {
            throw ValidationError("cannot find Quarry's Rules directory; pass --rules DIR or set \(RulesLocator.environmentVariable)")
        }
        return root.appendingPathComponent(language)
    }

    /// Loads the sentence splitter's lists, printing a located diagnostic on failure.
    func loadSentenceLexicon(_ language: String = "en") throws -> SentenceLexicon {
        try load(language) { (directory: URL) throws(LexiconError) in try SentenceLexicon.load(directory: directory) }
    }

    /// Loads the tokenizer's lists, printing a located diagnostic on failure.
    func loadLexicon(_ language: String = "en") throws -> TokenizerLexicon {
        try load(language) { (directory: URL) throws(LexiconError) in try TokenizerLexicon.load(directory: directory) }
    }

    private func load<T>(_ language: String, _ body: (URL) throws(LexiconError) -> T) throws -> T {
        let directory = try languageDirectory(language)
        do {
            return try body(directory)
        } catch {
            Console.note(error.description)
            throw ExitCode.failure
        }
    }
}
