// quarry-throughput: times Quarry's tokenizer or sentence splitter, or both in turn as
// `quarry split` runs them (or ICU's bare word or sentence break iterator), over the Wikinews
// corpus and prints one JSON object. Driven by
// scripts/compare_tokenizers.py and scripts/compare_sentences.py; usable by hand too:
//
//     swift build -c release --package-path Benchmarks --product quarry-throughput
//     Benchmarks/.build/release/quarry-throughput quarry --repeat 5
//
// Modes:
//   quarry      Quarry's tokenizer over every document (one Document per JSONL line)
//   icu         ICUWordSegmenter (ICU's word break iterator, no exception layer), same documents
//   onedoc      Quarry's tokenizer over the whole corpus concatenated into ONE document
//               (texts joined by a blank line): the peak-memory check
//   onedoc-icu  the same one document through ICUWordSegmenter
//   sentences              Quarry's SentenceSplitter alone (text in, byte ranges out; no tokenizer)
//   sentences-icu          ICUSentenceSegmenter (ICU's sentence break iterator, en@ss=standard)
//   sentences-onedoc       SentenceSplitter over the whole corpus as ONE document: the
//                          bounded-memory check for a ~10 MB document
//   sentences-onedoc-icu   the same one document through ICUSentenceSegmenter
//   split                  what `quarry split` does to each document with its English defaults:
//                          the tokenizer (TokenizerStage), then SentenceSplitter.sentences(_:tokens:)
//                          over those tokens (SentenceStage), both timed; no pipeline, reading or
//                          writing around them
//
// `--documents N` keeps the first N documents (to time Quarry on the same subset as a slow
// peer). Tokenizer modes report `tokens`, sentence modes and `split` `sentences`.
//
// Each repeat is one full pass (single thread); `seconds` is the median over the repeats, after
// one untimed warm-up pass. `chars` counts Unicode scalars (what Python's len() counts).

import BenchmarkCorpus
import Foundation
import QuarryCore
import QuarrySentences
import QuarryTokenizer

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("quarry-throughput: \(message)\n".utf8))
    exit(code)
}

let usage = """
    usage: quarry-throughput MODE [--repeat N] [--warmup N] [--corpus PATH] [--documents N]
      MODE: quarry | icu | onedoc | onedoc-icu
            sentences | sentences-icu | sentences-onedoc | sentences-onedoc-icu | split
      --repeat N   timed passes (default 5); seconds = median
      --warmup N   untimed passes first (default 1)
      --corpus P   JSONL with a "text" field per line (default: $QUARRY_CORPUS, else ../shared/data/corpus/wikinews.jsonl from the project root)
      --documents N  only the first N documents of the corpus (default: all)
    """

// MARK: arguments

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments.contains("-h") || arguments.contains("--help") {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}
let mode = arguments.removeFirst()
let modes = ["quarry", "icu", "onedoc", "onedoc-icu", "sentences", "sentences-icu", "sentences-onedoc", "sentences-onedoc-icu", "split"]
guard modes.contains(mode) else { fail("unknown mode '\(mode)'\n\(usage)") }
var repeats = 5
var warmups = 1
var corpusPath: String? = nil
var documentLimit: Int? = nil
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    guard let value = arguments.first else { fail("\(flag) needs a value") }
    arguments.removeFirst()
    switch flag {
    case "--repeat", "-n":
        guard let n = Int(value), n >= 1 else { fail("--repeat takes a positive integer") }
        repeats = n
    case "--warmup":
        guard let n = Int(value), n >= 0 else { fail("--warmup takes a non-negative integer") }
        warmups = n
    case "--corpus":
        corpusPath = value
    case "--documents":
        guard let n = Int(value), n >= 1 else { fail("--documents takes a positive integer") }
        documentLimit = n
    default:
        fail("unknown option '\(flag)'\n\(usage)")
    }
}

// MARK: memory readings (Linux /proc; nil elsewhere)

/// A `kB` field of /proc/self/status (VmRSS, VmHWM).
func procStatusKB(_ field: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
        return Int(digits)
    }
    return nil
}

/// Resets the process's peak-RSS mark (VmHWM) to its current RSS. Linux >= 4.0.
func resetPeakRSS() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
    return true
}

// MARK: load

let url: URL
if let corpusPath {
    url = URL(fileURLWithPath: corpusPath)
} else if let found = BenchmarkCorpus.wikinewsURL() {
    url = found
} else {
    fail("corpus not found at \(BenchmarkCorpus.wikinewsExpectedPath) (pass --corpus or set \(BenchmarkCorpus.environmentVariable))", code: 3)
}

let loadStart = ContinuousClock.now
let documents: [Document]
let chars: Int
let bytes: Int
let sourceDocuments: Int
do {
    var texts = try BenchmarkCorpus.loadTexts(jsonl: url)
    sourceDocuments = texts.count
    if let documentLimit, documentLimit < texts.count { texts.removeSubrange(documentLimit...) }
    if mode.contains("onedoc") {
        let joined = texts.joined(separator: "\n\n")
        (chars, bytes) = BenchmarkCorpus.size(of: [joined])
        documents = [Document(id: "wikinews-all", text: joined)]
    } else {
        (chars, bytes) = BenchmarkCorpus.size(of: texts)
        documents = texts.enumerated().map { Document(id: "doc-\($0.offset)", text: $0.element) }
    }
} catch {
    fail("cannot read \(url.path): \(error)", code: 3)
}
let loadSeconds = (ContinuousClock.now - loadStart) / .seconds(1)

let isSentenceMode = mode.hasPrefix("sentences")
let isSplitMode = mode == "split"
let countsSentences = isSentenceMode || isSplitMode
let usesICU = mode.hasSuffix("icu")

// MARK: run

/// One pass over every document; returns the number of tokens or sentences.
let runPass: () -> Int
switch (isSentenceMode, usesICU) {
case _ where isSplitMode:
    // As Sources/quarry/SplitCommand.swift builds them without flags: the shipped Rules/en lists,
    // no clitic splitting, possessives split (no --words, no --keep-possessives), quotations split
    // (no --keep-quotations).
    let tokenizer: Tokenizer
    let splitter: SentenceSplitter
    do { tokenizer = Tokenizer(lexicon: try TokenizerLexicon.english(), options: .init(splitClitics: false, splitPossessives: true)) } catch {
        fail("cannot load the English tokenizer: \(error)")
    }
    do { splitter = SentenceSplitter(lexicon: try SentenceLexicon.english(), options: .init(keepQuotations: false)) } catch {
        fail("cannot load the English sentence splitter: \(error)")
    }
    runPass = {
        var sentences = 0
        let scratch = tokenizer.makeScratch()
        for document in documents {
            let tokens = tokenizer.tokenize(document, scratch: scratch)
            sentences += splitter.sentences(document, tokens: tokens).count
        }
        return sentences
    }
case (false, false):
    let tokenizer: Tokenizer
    do { tokenizer = try Tokenizer.english() } catch { fail("cannot load the English tokenizer: \(error)") }
    runPass = {
        var tokens = 0
        let scratch = tokenizer.makeScratch()
        for document in documents { tokens += tokenizer.tokenize(document, scratch: scratch).records.count }
        return tokens
    }
case (false, true):
    let segmenter = ICUWordSegmenter()
    runPass = {
        var tokens = 0
        let scratch = TokenizerScratch.make(locale: "en")
        for document in documents { tokens += segmenter.segment(document, scratch: scratch).records.count }
        return tokens
    }
case (true, false):
    let splitter: SentenceSplitter
    do { splitter = try SentenceSplitter.english() } catch { fail("cannot load the English sentence splitter: \(error)") }
    runPass = {
        var sentences = 0
        for document in documents { sentences += splitter.split(document).count }
        return sentences
    }
case (true, true):
    let segmenter = ICUSentenceSegmenter()
    runPass = {
        var sentences = 0
        let scratch = segmenter.makeScratch()
        for document in documents { sentences += segmenter.split(document, scratch: scratch).count }
        return sentences
    }
}

let rssBeforeKB = procStatusKB("VmRSS")
let peakReset = resetPeakRSS()

var tokens = 0
for _ in 0..<warmups { tokens = runPass() }
var samples: [Double] = []
for _ in 0..<repeats {
    let start = ContinuousClock.now
    let count = runPass()
    samples.append((ContinuousClock.now - start) / .seconds(1))
    if tokens != 0 && count != tokens { fail("output count changed between passes: \(tokens) vs \(count)") }
    tokens = count
}
let peakKB = procStatusKB("VmHWM")

let sorted = samples.sorted()
let median = sorted.count % 2 == 1
    ? sorted[sorted.count / 2]
    : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2

var result: [String: Any] = [
    "mode": mode,
    "system": isSplitMode ? "quarry-split" : isSentenceMode ? (usesICU ? "icu-sentencebreak" : "quarry-sentences") : (usesICU ? "icu-wordbreak" : "quarry"),
    "corpus": url.path,
    "source_documents": sourceDocuments,
    "documents": documents.count,
    "chars": chars,
    "bytes": bytes,
    countsSentences ? "sentences" : "tokens": tokens,
    "repeats": repeats,
    "warmups": warmups,
    "seconds": median,
    "seconds_all": samples,
    "chars_per_sec": median > 0 ? Double(chars) / median : 0,
    "bytes_per_sec": median > 0 ? Double(bytes) / median : 0,
    "load_seconds": loadSeconds,
]
if let rssBeforeKB { result["rss_before_tokenize_kb"] = rssBeforeKB }
if let peakKB {
    // With the reset, VmHWM is the peak since just before the first pass (the tokenizing or
    // splitting phase; the key names say "tokenize" for both);
    // without it, the process's whole-life peak (including loading).
    result[peakReset ? "peak_rss_tokenize_kb" : "peak_rss_process_kb"] = peakKB
}

let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
