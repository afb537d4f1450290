import Foundation
import QuarryCore
import QuarryTagger

/// Part-of-speech and lemma accuracy against CoNLL-U files, end to end: each document's text
/// is rebuilt from the file (``CoNLLUFile``), run through a pipeline (its own tokens, sentences
/// and tags), and a gold word counts as right only when a token has exactly its byte range and
/// the same tag (so a word Quarry splits differently is wrong).
public enum TagEvaluation {
    /// The default files under `../shared/data` (``EvaluationData``): UD English EWT dev and GUM dev.
    public static let defaultFiles = ["ud/en_ewt-ud-dev.conllu", "ud/en_gum-ud-dev-ccby.conllu"]

    /// The scores of one file.
    public struct Report: Sendable, Encodable {
        /// The file's name.
        public var file: String
        /// Gold words.
        public var words = 0
        /// Gold words a token matches exactly.
        public var aligned = 0
        /// Gold words with the right universal tag, Penn tag, lemma.
        public var upos = 0, xpos = 0, lemma = 0
        /// Per gold universal tag: words, right.
        public var perClass: [String: Count] = [:]
        /// (gold, predicted) universal tags of aligned words tagged wrongly, with counts.
        public var confusions: [String: Int] = [:]
        /// Examples of errors, up to the number asked for.
        public var examples: [String] = []
        /// Tokens per second of the pipeline (tokenizing, splitting and tagging).
        public var tokensPerSecond = 0.0

        /// Words and right answers of one class.
        public struct Count: Sendable, Encodable {
            public var words = 0
            public var right = 0
        }

        func share(_ n: Int) -> Double { words == 0 ? 0 : Double(n) / Double(words) }
        public var uposAccuracy: Double { share(upos) }
        public var xposAccuracy: Double { share(xpos) }
        public var lemmaAccuracy: Double { share(lemma) }
        public var alignment: Double { share(aligned) }
    }

    /// Scores `annotate` (a pipeline that writes tokens and tags) on the CoNLL-U file at `url`.
    public static func evaluate(file url: URL, errors: Int = 0, annotate: (Document) -> AnnotatedDocument) throws -> Report {
        let file = try CoNLLUFile(url: url)
        var report = Report(file: url.lastPathComponent)
        var tokenCount = 0
        var seconds = 0.0
        let clock = ContinuousClock()
        for gold in file.documents {
            let document = Document(id: gold.id, text: gold.text)
            let started = clock.now
            let annotated = annotate(document)
            let elapsed = clock.now - started
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let tokens = annotated.tokens?.records ?? []
            tokenCount += tokens.count
            var byRange: [Range<Int>: Int] = [:]
            for (i, token) in tokens.enumerated() { byRange[token.range] = i }
            for sentence in gold.sentences {
                for word in sentence.words {
                    report.words += 1
                    report.perClass[word.upos, default: Report.Count()].words += 1
                    guard let range = word.range, let i = byRange[range] else {
                        if report.examples.count < errors { report.examples.append("not a token: \(word.form) (\(word.upos))") }
                        continue
                    }
                    report.aligned += 1
                    guard let tags = annotated.tags, i < tags.records.count else { continue }
                    let upos = tags.universal(i).description, xpos = tags.specific(i)
                    let lemma = tags.lemma(i, token: tokens[i], in: document)
                    if upos == word.upos {
                        report.upos += 1
                        report.perClass[word.upos]!.right += 1
                    } else {
                        report.confusions["\(word.upos) -> \(upos)", default: 0] += 1
                    }
                    if xpos == word.xpos { report.xpos += 1 }
                    if lemma == word.lemma { report.lemma += 1 }
                    if report.examples.count < errors && (upos != word.upos || lemma != word.lemma) {
                        let context = sentence.words.map(\.form).joined(separator: " ")
                        report.examples.append("\(word.form): \(upos)/\(xpos)/\(lemma), gold \(word.upos)/\(word.xpos)/\(word.lemma) in: \(context.prefix(160))")
                    }
                }
            }
        }
        report.tokensPerSecond = seconds > 0 ? Double(tokenCount) / seconds : 0
        return report
    }
}
