import ArgumentParser
import Dispatch
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

    @Option(help: ArgumentHelp("Threads: documents are spread over them and written in input order (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("give at least one input file, or - to read standard input")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    var reader: InputReader { InputReader(format: inputFormat, repairUTF8: repairUTF8) }

    func makeWriter(primary: LayerName = .tokens) -> DocumentWriter {
        let useColor = color ?? (isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let jsonArray = inputs.count > 1 || inputFormat == .jsonl
            || inputs.contains { $0.lowercased().hasSuffix(".jsonl") }
        return DocumentWriter(format: format, offsets: offsets, sink: OutputSink(), color: useColor, jsonArray: jsonArray, primary: primary)
    }

    /// Reads every input, runs `pipeline` on each document and writes the results in input
    /// order. With several jobs, documents are processed in batches spread over threads, each
    /// thread with its own pipeline context; memory stays bounded by the batch size.
    /// Returns whether every input was processed without error.
    func runPipeline(_ pipeline: Pipeline, primary: LayerName = .tokens) throws -> Bool {
        let writer = makeWriter(primary: primary)
        /// One context per worker; each worker uses only its own (hence the unchecked box).
        final class Contexts: @unchecked Sendable { let all: [Pipeline.Context]; init(_ all: [Pipeline.Context]) { self.all = all } }
        let contexts = Contexts(try (0..<jobs).map { _ in try pipeline.makeContext() })
        var failures = 0
        var batch: [Document] = []
        var batchBytes = 0
        let batchLimit = (count: 64 * jobs, bytes: 4_000_000 * jobs)

        func report(_ annotated: AnnotatedDocument) {
            for diagnostic in annotated.diagnostics {
                if diagnostic.severity == .error { failures += 1; Console.error(diagnostic.message) } else { Console.warning(diagnostic.message) }
            }
        }
        func flush() {
            guard !batch.isEmpty else { return }
            if jobs == 1 || batch.count == 1 {
                for document in batch {
                    let annotated = pipeline.run(document, in: contexts.all[0])
                    report(annotated)
                    writer.write(annotated)
                }
            } else {
                final class Slots: @unchecked Sendable { var results: [AnnotatedDocument?] ; init(_ n: Int) { results = Array(repeating: nil, count: n) } }
                let slots = Slots(batch.count)
                let documents = batch
                let workers = min(jobs, batch.count)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var index = worker
                    while index < documents.count {
                        slots.results[index] = pipeline.run(documents[index], in: contexts.all[worker])
                        index += workers
                    }
                }
                for annotated in slots.results {
                    report(annotated!)
                    writer.write(annotated!)
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }

        writer.begin()
        reader.read(inputs) { result in
            switch result {
            case let .success(document):
                batch.append(document)
                batchBytes += document.utf8Count
                if batch.count >= batchLimit.count || batchBytes >= batchLimit.bytes { flush() }
            case let .failure(problem):
                flush()  // keep messages near the documents they follow
                failures += 1
                Console.error(problem.message)
            }
        }
        flush()
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
