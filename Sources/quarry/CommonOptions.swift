import ArgumentParser
import Dispatch
import Foundation
import Quarry
import QuarryIO

/// Options shared by every command that reads documents and writes annotations.
struct DocumentOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Inputs: .txt files (one document each), .jsonl files (one document per line, with \"text\", an optional \"id\" and any other fields), folders (their .txt and .jsonl files, recursively; see --glob), or - for standard input (JSON Lines when it starts with {, else one text document; streamed).",
        valueName: "input"))
    var inputs: [String] = []

    @Option(name: .customLong("glob"), help: ArgumentHelp("Which files of a folder to read, as a shell pattern (repeat for several): matched against the file name, or against the path below the folder when it has a / (default: *.txt and *.jsonl).", valueName: "pattern"))
    var globs: [String] = []

    @Option(help: ArgumentHelp("Layers to write, comma-separated: tokens, sentences, spans, quotes (or all). json, jsonl and html carry them; csv, tsv and the text view show the one given (csv and tsv need exactly one). Default for run: spans and quotes when the pipeline writes them, else every layer.", valueName: "list"))
    var layers: String?

    @Flag(name: .shortAndLong, help: "No progress line and no warnings on standard error (errors are still printed). The progress line only appears when standard error is a terminal.")
    var quiet = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: \(OutputFormat.helpText)", valueName: "format"))
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Units of the offsets in json, jsonl, csv and tsv output: codepoints (Python str indices), utf8 (bytes) or utf16.", valueName: "unit"))
    var offsets: OffsetUnit = .codepoints

    @Option(name: .customLong("input-format"), help: ArgumentHelp("How to read inputs: auto (by extension: .jsonl is JSON Lines, anything else is text), text or jsonl.", valueName: "format"))
    var inputFormat: DocumentReader.Format = .auto

    @Flag(name: .customLong("repair-utf8"), help: "Replace ill-formed UTF-8 with U+FFFD and warn, instead of rejecting the input.")
    var repairUTF8 = false

    @Option(name: .customLong("max-document-size"), help: ArgumentHelp("The largest document to read: a text file, standard input, or one JSON Lines record's text, in bytes or with K, M or G (default 256M). A larger one is reported as an error and skipped; the others are still processed.", valueName: "size"))
    var maxDocumentSize: String?

    @Flag(inversion: .prefixedNo, help: "Colour the text view (default: when standard output is a terminal).")
    var color: Bool?

    @Option(help: ArgumentHelp("Threads: documents are spread over them and written in input order (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("give at least one input file, or - to read standard input")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxDocumentSize, DocumentOptions.byteCount(maxDocumentSize) == nil {
            throw ValidationError("--max-document-size takes a size such as 500000, 64K, 256M or 2G (at most 4G), not '\(maxDocumentSize)'")
        }
        if let chosen = try chosenLayers(), format == .csv || format == .tsv, chosen.everything || chosen.layers.count > 1 {
            throw ValidationError("\(format.rawValue) writes one table: pass one layer, for example --layers quotes or --layers spans")
        }
    }

    var reader: DocumentReader {
        var reader = DocumentReader(format: inputFormat, invalidUTF8: repairUTF8 ? .repair : .reject, globs: globs.isEmpty ? DocumentReader.defaultGlobs : globs)
        if let size = maxDocumentSize.flatMap(DocumentOptions.byteCount) { reader.maximumDocumentBytes = size }
        return reader
    }

    /// "500000", "64K", "256M", "2G" (binary multiples, a trailing B or iB allowed) as bytes;
    /// nil for anything else, zero, or more than a document can hold.
    static func byteCount(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count { digits.removeLast(suffix.count); break }
        var scale = 1
        if let last = digits.last, let shift = ["K": 10, "M": 20, "G": 30][String(last)] {
            scale = 1 << shift
            digits.removeLast()
        }
        guard let number = Int(digits), number > 0, number <= Document.maximumUTF8Count / scale else { return nil }
        return number * scale
    }

    /// The layers named by `--layers`, in order (`all` stands for every layer the pipeline
    /// writes: `everything` is then true), or nil without the option.
    func chosenLayers() throws -> (layers: [LayerName], everything: Bool)? {
        guard let layers else { return nil }
        let known: [LayerName] = [.tokens, .sentences, .spans, .quotes]
        var chosen: [LayerName] = []
        var everything = false
        for name in layers.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            if name == "all" { everything = true; continue }
            let layer = LayerName(rawValue: name)
            guard known.contains(layer) else {
                throw ValidationError("unknown layer '\(name)' in --layers; choose from tokens, sentences, spans, quotes, or all")
            }
            if !chosen.contains(layer) { chosen.append(layer) }
        }
        if chosen.isEmpty && !everything { throw ValidationError("--layers needs at least one layer: tokens, sentences, spans, quotes, or all") }
        return (chosen, everything)
    }

    /// A writer for the options. `layers` (nil: all) is what json, jsonl and html carry; the
    /// text view, tsv and csv show `primary`.
    func makeWriter(primary: LayerName = .tokens, layers: Set<LayerName>? = nil) -> DocumentWriter {
        let useColor = color ?? (isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let jsonArray = inputs.count > 1 || inputFormat == .jsonl
            || inputs.contains { $0.lowercased().hasSuffix(".jsonl") || Self.isFolder($0) }
        let writer = DocumentWriter(format: format, offsets: offsets, sink: .standardOutput, color: useColor, jsonArray: jsonArray, primary: primary)
        writer.onWarning = Console.warning
        writer.layers = layers
        // A JSON Lines record's other fields ("url", "date") go out as they came in.
        writer.keepInputFields = true
        return writer
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Reads every input, runs `pipeline` on each document on `--jobs` threads and writes the
    /// results in input order, with messages next to the documents they are about.
    ///
    /// `primary` is the command's table layer (text view, tsv, csv); `defaultLayers` what
    /// json, jsonl and html carry without `--layers` (nil: every layer). With `--layers`,
    /// every layer named must be one the pipeline writes, and a single table layer replaces
    /// `primary`.
    /// Returns whether every input was processed without error.
    func runPipeline(_ pipeline: Pipeline, primary: LayerName = .tokens, defaultLayers: Set<LayerName>? = nil) throws -> Bool {
        var primary = primary
        var layers = defaultLayers
        if let (chosen, everything) = try chosenLayers() {
            let missing = chosen.filter { !pipeline.writes.contains($0) }
            if !missing.isEmpty {
                let writes = [LayerName.tokens, .sentences, .spans, .quotes].filter { pipeline.writes.contains($0) }.map(\.rawValue)
                Console.error("--layers: this pipeline does not write \(missing.map(\.rawValue).joined(separator: ", ")) (it writes \(writes.isEmpty ? "no layer" : writes.joined(separator: ", ")))")
                throw ExitCode(64)
            }
            if chosen.count == 1 && !everything { primary = chosen[0] }
            layers = everything ? nil : Set(chosen)
        }
        let writer = makeWriter(primary: primary, layers: layers)
        Console.quiet = quiet
        let reader = self.reader
        let showProgress = !quiet && Progress.stderrIsTerminal
        // The inputs' total size (a walk of every folder) only for a line someone will see.
        let progress = Progress(total: showProgress ? Progress.totalBytes(of: inputs, reader: reader) : nil)
        if showProgress { Console.progress = progress }
        defer {
            progress.clear()
            Console.progress = nil
        }
        var failures = 0
        var lastFlush = DispatchTime.now().uptimeNanoseconds, flushedFirst = false
        writer.begin()
        try pipeline.run(ReportingDocuments(base: reader.documents(from: inputs), progress: progress), jobs: jobs) { result in
            switch result {
            case let .success(annotated):
                for diagnostic in annotated.diagnostics {
                    if diagnostic.severity == .error { failures += 1; Console.error(diagnostic.message) } else { Console.warning(diagnostic.message) }
                }
                writer.write(annotated)
                // The first result at once, then at least every 0.2 s: a slow stream still
                // shows each result soon.
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastFlush > 200_000_000 || !flushedFirst {
                    flushedFirst = true
                    writer.sink.flush()
                    lastFlush = now
                }
            case let .failure(problem):
                writer.sink.flush()  // keep messages near the documents they follow
                if problem.severity == .error { failures += 1; Console.error(problem.message) } else { Console.warning(problem.message) }
            }
            if showProgress {
                progress.delivered()
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
