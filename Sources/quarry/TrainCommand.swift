import ArgumentParser
import Foundation
import Quarry
import QuarryTagger

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from annotated text (today: the part-of-speech tagger and lemmatiser).",
        subcommands: [TrainTaggerCommand.self]
    )
}

struct TrainTaggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagger",
        abstract: "Train the tag stage's model (parts of speech, Penn tags, lemmas) from CoNLL-U files.",
        discussion: """
        Reads the UPOS, XPOS and LEMMA columns of every word of the --train files (multiword \
        tokens are read as their words: "don't" is "do" + "n't") and writes one model file, \
        DIR/tagger.qtag: an averaged perceptron over hashed word features (the word, its \
        endings, its shape, its neighbours, the two tags before it), a dictionary of frequent \
        unambiguous words, and lemma rules (a word's own rule, else the rule of its longest \
        known ending for its part of speech). Training is deterministic: the same files and \
        options give the same bytes. With --dev, each pass prints the dev accuracy.

        The model's header says what it was trained on; put the licence of your data there \
        with --licence (a model derived from UD English EWT is CC BY-SA 4.0). Point a pipeline \
        at it with `tag model="DIR/tagger.qtag"`, and score it with `quarry evaluate tags --model`.

        Examples:
          quarry train tagger --train ../shared/data/ud/en_ewt-ud-train.conllu \\
              ../shared/data/ud/en_gum-ud-train-ccby.conllu \\
              --dev ../shared/data/ud/en_ewt-ud-dev.conllu --output Rules/en
          quarry train tagger --train mine.conllu --output models --iterations 10
        """
    )

    @Option(name: .customLong("train"), parsing: .upToNextOption, help: ArgumentHelp("CoNLL-U files to learn from.", valueName: "file"))
    var train: [String]

    @Option(name: .customLong("dev"), parsing: .upToNextOption, help: ArgumentHelp("CoNLL-U files to report accuracy on after each pass.", valueName: "file"))
    var dev: [String] = []

    @Option(name: .customLong("unlabeled"), parsing: .upToNextOption,
            help: ArgumentHelp("Unannotated text (.txt, or .jsonl with \"text\") to learn how words are capitalised from.", valueName: "file"))
    var unlabeled: [String] = []

    @Option(help: ArgumentHelp("The folder to write tagger.qtag into (made if missing).", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("Passes over the training sentences.", valueName: "n"))
    var iterations: Int = TaggerTrainer.Options().iterations

    @Option(name: .customLong("min-weight"), help: ArgumentHelp("Drop quantised weights smaller than this (of 2047): larger prunes the model harder.", valueName: "n"))
    var minWeight: Int = TaggerTrainer.Options().minWeight

    @Option(name: .customLong("min-feature-count"), help: ArgumentHelp("Give weights only to features seen at least this often.", valueName: "n"))
    var minFeatureCount: Int = TaggerTrainer.Options().minFeatureCount

    @Option(name: .customLong("dictionary-min-count"), help: ArgumentHelp("A word joins the dictionary of fixed tags when seen this often...", valueName: "n"))
    var dictionaryMinCount: Int = TaggerTrainer.Options().dictionaryMinCount

    @Option(name: .customLong("dictionary-min-share"), help: ArgumentHelp("...with one tag at least this share of the time (the dictionary skips scoring: faster).", valueName: "share"))
    var dictionaryMinShare: Double = TaggerTrainer.Options().dictionaryMinShare

    @Option(name: .customLong("licence"), parsing: .upToNextOption,
            help: ArgumentHelp("Lines for the model's header: the data's licence and attribution.", valueName: "text"))
    var licence: [String] = []

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard !train.isEmpty else { throw ValidationError("give at least one --train file") }
        guard iterations >= 1 && iterations <= 100 else { throw ValidationError("--iterations must be between 1 and 100") }
        guard minWeight >= 0 && minWeight <= 2047 else { throw ValidationError("--min-weight must be between 0 and 2047") }
        guard minFeatureCount >= 1 else { throw ValidationError("--min-feature-count must be at least 1") }
    }

    func run() throws {
        func read(_ paths: [String]) throws -> [CoNLLUFile] {
            try paths.map { path in
                do { return try CoNLLUFile(url: URL(fileURLWithPath: path)) } catch let error as CoNLLUFile.FormatError {
                    Console.error(error.description)
                    throw Exit.inputFailed
                } catch {
                    Console.error("cannot read \(path): \(error.localizedDescription)")
                    throw Exit.inputFailed
                }
            }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let trainFiles = try read(train)
        let devFiles = try read(dev)
        guard trainFiles.contains(where: { $0.documents.contains { !$0.sentences.isEmpty } }) else {
            Console.error("no annotated words in the --train files: " + train.joined(separator: ", "))
            throw Exit.inputFailed
        }
        var options = TaggerTrainer.Options()
        options.iterations = iterations
        options.minWeight = minWeight
        options.minFeatureCount = minFeatureCount
        options.dictionaryMinCount = dictionaryMinCount
        options.dictionaryMinShare = dictionaryMinShare
        let casing = try casingLexicon()
        if !quiet && !unlabeled.isEmpty { Console.note("casing lexicon: \(casing.count) words from \(unlabeled.count) file(s)") }
        let trainer = TaggerTrainer(files: trainFiles, casing: casing, options: options)
        var header = ["Quarry part-of-speech tagger and lemmatiser, trained by `quarry train tagger`."]
        header.append("Trained on: " + train.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
                      + " (\(trainFiles.reduce(0) { $0 + $1.sentences.count }) sentences, \(iterations) passes)")
        if !unlabeled.isEmpty {
            header.append("Capitalisation counted in: " + unlabeled.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))
        }
        header += licence
        let model = trainer.train(header: header, dev: devFiles.flatMap(\.sentences)) { line in
            if !quiet { Console.note(line) }
        }
        let directory = URL(fileURLWithPath: output)
        let url = directory.appendingPathComponent("tagger.qtag")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try model.write(to: url)
        } catch {
            Console.error("cannot write \(url.path): \(error.localizedDescription)")
            throw Exit.inputFailed
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        if !quiet {
            let seconds = (clock.now - started).components
            Console.note(String(format: "wrote %@ (%.2f MB, %d features) in %d s", url.path, Double(size) / 1_048_576, model.featureCount, Int(seconds.seconds)))
        }
    }
}

extension TrainTaggerCommand {
    /// Counts capitalisation in the --unlabeled files, tokenized and split by Quarry's standard
    /// stages (contractions split, as the tagger sees them).
    func casingLexicon() throws -> CasingLexicon {
        guard !unlabeled.isEmpty else { return CasingLexicon() }
        let pipeline: Pipeline
        do {
            pipeline = try RuleBook.load(source: "pipeline words\n  tokenize words=true\n  sentences\n", registry: .standard).pipeline()
        } catch {
            for diagnostic in error.diagnostics { Console.note(diagnostic.description) }
            throw Exit.inputFailed
        }
        let context = try pipeline.makeContext()
        var sentences: [[Substring]] = []
        for path in unlabeled {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                Console.error("cannot read \(path): \(error.localizedDescription)")
                throw Exit.inputFailed
            }
            var texts: [String] = []
            if path.hasSuffix(".jsonl") {
                for (n, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let text = object["text"] as? String else {
                        Console.error("\(path):\(n + 1): expected a JSON object with a \"text\" string")
                        throw Exit.inputFailed
                    }
                    texts.append(text)
                }
            } else {
                texts.append(String(decoding: data, as: UTF8.self))
            }
            for (k, text) in texts.enumerated() {
                let annotated = pipeline.run(Document(id: "\(k)", text: text), in: context)
                guard let tokens = annotated.tokens?.records, let layer = annotated.sentences else { continue }
                for sentence in layer.records {
                    sentences.append((Int(sentence.firstToken)..<Int(sentence.endToken)).map { annotated.document.text(utf8: tokens[$0].range) })
                }
            }
        }
        return CasingLexicon.count(sentences: sentences)
    }
}
