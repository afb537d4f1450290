import ArgumentParser
import Foundation
import Quarry

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
    var inputFormat: InputReader.Format = .auto

    @Flag(name: .customLong("repair-utf8"), help: "Replace ill-formed UTF-8 with U+FFFD and warn, instead of rejecting the input.")
    var repairUTF8 = false

    @Flag(inversion: .prefixedNo, help: "Colour the text view (default: when standard output is a terminal).")
    var color: Bool?

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("give at least one input file, or - to read standard input")
        }
    }

    var reader: InputReader { InputReader(format: inputFormat, repairUTF8: repairUTF8) }

    func makeWriter(primary: LayerName = .tokens) -> DocumentWriter {
        let useColor = color ?? (isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let jsonArray = inputs.count > 1 || inputFormat == .jsonl
            || inputs.contains { $0.lowercased().hasSuffix(".jsonl") }
        return DocumentWriter(format: format, offsets: offsets, sink: OutputSink(), color: useColor, jsonArray: jsonArray, primary: primary)
    }

    /// Reads every input, runs `pipeline` on each document in order and writes the result.
    /// Returns whether every input was processed without error.
    func runPipeline(_ pipeline: Pipeline, primary: LayerName = .tokens) throws -> Bool {
        let writer = makeWriter(primary: primary)
        let context = try pipeline.makeContext()
        var failures = 0
        writer.begin()
        reader.read(inputs) { result in
            switch result {
            case let .success(document):
                let annotated = pipeline.run(document, in: context)
                for diagnostic in annotated.diagnostics {
                    if diagnostic.severity == .error { failures += 1; Console.error(diagnostic.message) } else { Console.warning(diagnostic.message) }
                }
                writer.write(annotated)
            case let .failure(problem):
                failures += 1
                Console.error(problem.message)
            }
        }
        writer.end()
        return failures == 0
    }
}

extension InputReader.Format: ExpressibleByArgument {}

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
