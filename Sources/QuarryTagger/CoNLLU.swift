import Foundation

/// A CoNLL-U file read for tagging: documents of sentences of syntactic words, with the
/// document's text rebuilt from the sentences' `# text` lines.
///
/// The text is rebuilt the same way everywhere Quarry scores against CoNLL-U (the Swift
/// evaluator and `scripts/conllu_text.py`):
/// - a document starts at `# newdoc` (or the file's start), a paragraph at `# newpar` (not
///   `# newpar_block`);
/// - a paragraph is its sentences' texts joined by one space, a document its paragraphs joined
///   by a blank line;
/// - each surface token (a multiword token's form, or a word outside one) is found in its
///   sentence's text after the previous one (skipping white space, else searching forward);
///   the words of a multiword token get their own ranges when their forms spell it ("do" +
///   "n't" = "don't"), else none.
public struct CoNLLUFile: Sendable {
    /// One syntactic word.
    public struct Word: Sendable {
        public var form: String
        public var lemma: String
        public var upos: String
        public var xpos: String
        /// The word's head as an index into its sentence's words, or nil for the root.
        public var head: Int?
        public var deprel: String
        /// Its range in the document's text, in UTF-8 bytes, or nil when it cannot be placed.
        public var range: Range<Int>?
    }

    /// One sentence: its words in order.
    public struct Sentence: Sendable {
        public var words: [Word]
    }

    /// One document: its id, rebuilt text and sentences.
    public struct Document: Sendable {
        public var id: String
        public var text: String
        public var sentences: [Sentence]
    }

    /// The documents in file order.
    public var documents: [Document]

    /// Every sentence of every document.
    public var sentences: [Sentence] { documents.flatMap(\.sentences) }

    /// A problem with a CoNLL-U file, with the line it was found on.
    public struct FormatError: Error, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    /// Reads the file at `url`.
    public init(url: URL) throws {
        let data = try Data(contentsOf: url)
        try self.init(text: String(decoding: data, as: UTF8.self), path: url.path)
    }

    /// Reads CoNLL-U `text`; `path` names it in errors.
    public init(text: String, path: String = "<text>") throws {
        var documents: [Document] = []
        // The document being read: its paragraphs of sentences, each sentence with its text
        // and surface tokens.
        struct Pending {
            var id = ""
            var paragraphs: [[(text: String, words: [Word], surfaces: [(form: String, words: Range<Int>)])]] = []
        }
        var document = Pending()
        var sentenceText: String? = nil
        var words: [Word] = []
        var surfaces: [(form: String, words: Range<Int>)] = []
        var mwtEnd = -1
        var lineNumber = 0

        var problem: FormatError? = nil
        func finishSentence() {
            // A multiword token or a head naming a word the sentence does not have.
            if problem == nil {
                if let bad = surfaces.first(where: { $0.words.upperBound > words.count }) {
                    problem = FormatError(path: path, line: lineNumber, message: "the sentence ending here has \(words.count) words, but the token '\(bad.form)' covers words \(bad.words.lowerBound + 1)-\(bad.words.upperBound)")
                } else if let bad = words.first(where: { ($0.head ?? 0) >= words.count || ($0.head ?? 0) < 0 }) {
                    problem = FormatError(path: path, line: lineNumber, message: "the sentence ending here has \(words.count) words, but '\(bad.form)' has head \(bad.head! + 1)")
                }
            }
            guard !words.isEmpty, problem == nil else { words = []; surfaces = []; sentenceText = nil; mwtEnd = -1; return }
            if document.paragraphs.isEmpty { document.paragraphs.append([]) }
            let text = sentenceText ?? words.map(\.form).joined(separator: " ")
            document.paragraphs[document.paragraphs.count - 1].append((text, words, surfaces))
            words = []
            surfaces = []
            sentenceText = nil
            mwtEnd = -1
        }
        func finishDocument() {
            finishSentence()
            guard !document.paragraphs.isEmpty else { return }
            documents.append(Self.assemble(id: document.id.isEmpty ? "doc\(documents.count + 1)" : document.id, document.paragraphs))
            document = Pending()
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { finishSentence(); continue }
            if line.hasPrefix("#") {
                if line.hasPrefix("# newdoc") {
                    finishDocument()
                    if let eq = line.firstIndex(of: "=") { document.id = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces) }
                } else if line == "# newpar" || line.hasPrefix("# newpar ") {
                    finishSentence()
                    document.paragraphs.append([])
                } else if line.hasPrefix("# text = ") {
                    sentenceText = String(line.dropFirst("# text = ".count))
                }
                continue
            }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 10 else {
                throw FormatError(path: path, line: lineNumber, message: "expected 10 tab-separated columns, found \(columns.count)")
            }
            let id = columns[0]
            if id.contains(".") { continue }
            if let dash = id.firstIndex(of: "-") {
                guard let a = Int(id[..<dash]), let b = Int(id[id.index(after: dash)...]), b >= a else {
                    throw FormatError(path: path, line: lineNumber, message: "bad multiword token id '\(id)'")
                }
                guard a == words.count + 1 else {
                    throw FormatError(path: path, line: lineNumber, message: "multiword token '\(id)' does not start at the next word (\(words.count + 1))")
                }
                surfaces.append((String(columns[1]), (a - 1)..<b))
                mwtEnd = b
                continue
            }
            guard let n = Int(id) else { throw FormatError(path: path, line: lineNumber, message: "bad word id '\(id)'") }
            guard n == words.count + 1 else {
                throw FormatError(path: path, line: lineNumber, message: "word id \(n) out of sequence (expected \(words.count + 1))")
            }
            let head = Int(columns[6]).flatMap { $0 == 0 ? nil : $0 - 1 }
            words.append(Word(form: String(columns[1]), lemma: String(columns[2]), upos: String(columns[3]), xpos: String(columns[4]),
                              head: head, deprel: String(columns[7]), range: nil))
            if n > mwtEnd { surfaces.append((String(columns[1]), (n - 1)..<n)) }
        }
        finishDocument()
        if let problem { throw problem }
        self.documents = documents
    }

    /// Joins a document's paragraphs into its text and places every word in it.
    private static func assemble(id: String, _ paragraphs: [[(text: String, words: [Word], surfaces: [(form: String, words: Range<Int>)])]]) -> Document {
        var text: [UInt8] = []
        var sentences: [Sentence] = []
        for (p, paragraph) in paragraphs.enumerated() where !paragraph.isEmpty {
            if p > 0 && !text.isEmpty { text += [0x0A, 0x0A] }
            for (s, sentence) in paragraph.enumerated() {
                if s > 0 { text.append(0x20) }
                let base = text.count
                let utf8 = Array(sentence.text.utf8)
                text += utf8
                var words = sentence.words
                var at = 0
                for surface in sentence.surfaces {
                    let form = Array(surface.form.utf8)
                    while at < utf8.count && (utf8[at] == 0x20 || utf8[at] == 0x09) { at += 1 }
                    var found: Int? = nil
                    if !form.isEmpty && utf8.count - at >= form.count && Array(utf8[at..<at + form.count]) == form {
                        found = at
                    } else if !form.isEmpty {
                        found = Self.find(form, in: utf8, from: at)
                    }
                    guard let start = found else { continue }
                    at = start + form.count
                    if surface.words.count == 1 {
                        // A word, or a multiword token of one word ("1-1"): placed only where its form is the text.
                        if words[surface.words.lowerBound].form == surface.form {
                            words[surface.words.lowerBound].range = (base + start)..<(base + at)
                        }
                    } else if surface.words.map({ words[$0].form }).joined() == surface.form {
                        var k = base + start
                        for w in surface.words {
                            let n = words[w].form.utf8.count
                            words[w].range = k..<(k + n)
                            k += n
                        }
                    }
                }
                sentences.append(Sentence(words: words))
            }
        }
        return Document(id: id, text: String(decoding: text, as: UTF8.self), sentences: sentences)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
