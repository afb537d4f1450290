import Foundation
import QuarryTestSupport
import Testing

/// The other output formats: CoNLL-U, TSV and the readable text view.
@Suite("quarry tokenize: output formats")
struct FormatTests {
    /// One CoNLL-U sentence block.
    struct Sentence {
        var comments: [String] = []
        var lines: [[String]] = []
        var text: String? {
            comments.first { $0.hasPrefix("# text = ") }.map { String($0.dropFirst("# text = ".count)) }
        }
    }

    /// Splits CoNLL-U into blocks and checks the structure every line must have.
    static func parseCoNLLU(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Sentence] {
        var sentences: [Sentence] = []
        var current = Sentence()
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty {
                if !current.lines.isEmpty || !current.comments.isEmpty { sentences.append(current) }
                current = Sentence()
            } else if line.hasPrefix("#") {
                current.comments.append(line)
            } else {
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                #expect(columns.count == 10, "a token line needs 10 tab-separated columns: \(line.debugDescription)", sourceLocation: sourceLocation)
                current.lines.append(columns)
            }
        }
        if !current.lines.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Rebuilds each sentence's text from its surface tokens and SpaceAfter, checks it against
    /// `# text =` (white-space runs compared as one space), and checks word ids and ranges.
    static func expectWellFormed(_ sentences: [Sentence], sourceLocation: SourceLocation = #_sourceLocation) {
        for sentence in sentences {
            guard let text = sentence.text else {
                Issue.record("a sentence without `# text =`: \(sentence.comments)", sourceLocation: sourceLocation)
                continue
            }
            var rebuilt = ""
            var nextWord = 1
            var rangeEnd = 0
            var problems: [String] = []
            for columns in sentence.lines where columns.count == 10 {
                let id = columns[0], form = columns[1], misc = columns[9]
                if let dash = id.firstIndex(of: "-") {
                    guard let low = Int(id[..<dash]), let high = Int(id[id.index(after: dash)...]), low == nextWord, high > low else {
                        problems.append("bad range \(id) (next word \(nextWord))"); continue
                    }
                    rangeEnd = high
                } else {
                    guard Int(id) == nextWord else { problems.append("word id \(id), expected \(nextWord)"); continue }
                    nextWord += 1
                    if nextWord - 1 <= rangeEnd {
                        #expect(misc == "_", "a word inside a range carries no SpaceAfter: \(columns)", sourceLocation: sourceLocation)
                        continue  // its form is part of the range's surface form
                    }
                }
                rebuilt += form
                if misc != "SpaceAfter=No" { rebuilt += " " }
            }
            #expect(problems.isEmpty, "\(text): \(problems)", sourceLocation: sourceLocation)
            #expect(rangeEnd < nextWord, "a range line reaches past its sentence's words", sourceLocation: sourceLocation)
            let collapse = { (s: String) in s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            let rebuiltText = rebuilt.hasSuffix(" ") ? String(rebuilt.dropLast()) : rebuilt
            #expect(rebuiltText == collapse(text), "forms + SpaceAfter do not rebuild `# text =`", sourceLocation: sourceLocation)
        }
    }

    @Test("-f conllu: # text, 10 columns, SpaceAfter=No, ranges for don't and Korea’s",
          arguments: [false, true])
    func conllu(words: Bool) throws {
        let sentence = "U.S. officials don't agree with North Korea’s plan.\n"
        let arguments = ["tokenize", "-f", "conllu"] + (words ? ["--words"] : []) + ["-"]
        let result = try QuarryCLI.run(arguments, stdin: Data(sentence.utf8))
        #expect(result.status == 0, "\(result)")
        let sentences = Self.parseCoNLLU(result.out)
        #expect(sentences.count == 1)
        let block = try #require(sentences.first)
        #expect(block.text == "U.S. officials don't agree with North Korea’s plan.")
        Self.expectWellFormed(sentences)
        let rows = block.lines.map { "\($0[0]) \($0[1]) \($0[9])" }
        // Both modes write the same CoNLL-U: surface tokens with their syntactic words.
        #expect(rows == [
            "1 U.S. _",
            "2 officials _",
            "3-4 don't _",
            "3 do _",
            "4 n't _",
            "5 agree _",
            "6 with _",
            "7 North _",
            "8-9 Korea’s _",
            "8 Korea _",
            "9 ’s _",
            "10 plan SpaceAfter=No",
            "11 . _",
        ], "\(rows)")
    }

    @Test("-f conllu on the seed article: one block per paragraph, well-formed")
    func conlluSeedArticle() throws {
        let result = try QuarryCLI.run(["tokenize", "-f", "conllu", "Examples/blinken-seoul.txt"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.hasPrefix("# newdoc id = Examples/blinken-seoul.txt\n"))
        let sentences = Self.parseCoNLLU(result.out)
        let paragraphs = String(decoding: try Data(contentsOf: Fixtures.seedArticle), as: UTF8.self)
            .components(separatedBy: "\n\n").filter { !$0.allSatisfy(\.isWhitespace) }
        #expect(sentences.count == paragraphs.count, "no sentence stage yet: one block per paragraph")
        Self.expectWellFormed(sentences)
        let all = sentences.flatMap(\.lines)
        #expect(all.contains { $0[0].contains("-") && $0[1] == "Korea’s" })
        #expect(all.contains { $0[1] == "Seoul" && $0[9] == "SpaceAfter=No" }, "\"Seoul,\" has no space after Seoul")
    }

    @Test("-f tsv: header, one row per token, same values as JSON (also in utf16 offsets)",
          arguments: [OffsetUnitArgument.codepoints, .utf16])
    func tsv(unit: OffsetUnitArgument) throws {
        let tsv = try QuarryCLI.run(["tokenize", "-f", "tsv", "--offsets", unit.rawValue, "Examples/blinken-seoul.txt"])
        let json = try QuarryCLI.run(["tokenize", "-f", "json", "--offsets", unit.rawValue, "Examples/blinken-seoul.txt"])
        #expect(tsv.status == 0, "\(tsv)")
        let tokens = try OutputParser.single(json.stdout).tokens
        var lines = tsv.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "the output ends with a newline")
        if lines.last == "" { lines.removeLast() }
        #expect(lines.first == "id\tindex\tstart\tend\tkind\ttext")
        let rows = lines.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == tokens.count, "one row per token")
        #expect(rows.allSatisfy { $0.count == 6 }, "6 columns per row")
        for (index, (row, token)) in zip(rows, tokens).enumerated() where row.count == 6 {
            let expected = ["Examples/blinken-seoul.txt", "\(index)", "\(token.start)", "\(token.end)", token.kind, token.text]
            if row != expected {
                Issue.record("row \(index): \(row) but JSON says \(expected)")
                break
            }
        }
    }

    @Test("-f tsv escapes tabs and newlines inside a token's id and text")
    func tsvEscaping() throws {
        let line = #"{"id": "tab\there", "text": "One\ttwo."}"# + "\n"
        let result = try QuarryCLI.run(["tokenize", "-f", "tsv", "--input-format", "jsonl", "-"], stdin: Data(line.utf8))
        #expect(result.status == 0, "\(result)")
        let rows = result.out.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.count == 6 && $0[0] == #"tab\there"# }, "\(rows)")
    }

    @Test("-f text: a header with the id and counts, then the text with · where a split has no space")
    func textView() throws {
        let result = try QuarryCLI.run(["tokenize", "-f", "text", "-"], stdin: Data("U.S. officials don't agree.\n".utf8))
        #expect(result.status == 0, "\(result)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("stdin") == true)
        #expect(lines.first?.contains("5 tokens") == true)
        #expect(lines.last == "U.S. officials don't agree·.")
        #expect(!result.out.contains("\u{1B}["), "no colour when stdout is not a terminal")

        let words = try QuarryCLI.run(["tokenize", "--words", "-"], stdin: Data("U.S. officials don't agree.\n".utf8))
        #expect(words.out.contains("U.S. officials do·n't agree·."), "\(words.out)")
    }

    @Test("-f text is the default and shows the seed article's splits")
    func textViewDefault() throws {
        let result = try QuarryCLI.run(["tokenize", "Examples/blinken-seoul.txt"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.hasPrefix("── Examples/blinken-seoul.txt"))
        #expect(result.out.contains("(·Reuters·) – U.S. Secretary"))
        #expect(result.out.contains("two·-·and·-·a·-·half·-·year"))
        #expect(result.out.contains("“·two·-·way street·”"))
    }
}
