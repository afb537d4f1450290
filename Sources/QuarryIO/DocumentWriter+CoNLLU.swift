import QuarryCore

extension DocumentWriter {
    // MARK: - CoNLL-U

    /// CoNLL-U: one block per sentence (per paragraph while there is no sentence layer), a
    /// range line before the words of a split surface token, `SpaceAfter=No` where no space
    /// follows.
    func writeCoNLLU(_ annotated: AnnotatedDocument) {
        guard let tokens = annotated.tokens else { return }
        let document = annotated.document
        let tags = annotated.tags.flatMap { $0.records.count == tokens.records.count ? $0 : nil }
        // LEMMA, UPOS, XPOS of token `i` when the tag stage ran, else "_" three times.
        func tagColumns(_ i: Int) -> String {
            guard let tags else { return "_\t_\t_" }
            return "\(tags.lemma(i, token: tokens[i], in: document))\t\(tags.universal(i))\t\(tags.specific(i))"
        }
        sink.write("# newdoc id = \(document.id)\n")
        let blocks = CoNLLUBlocks.blocks(of: annotated)
        for (number, block) in blocks.enumerated() {
            guard !block.tokens.isEmpty else { continue }
            sink.write("# sent_id = \(document.id)-\(number + 1)\n")
            let first = tokens[block.tokens.lowerBound], last = tokens[block.tokens.upperBound - 1]
            let text = document.text(utf8: Int(first.start)..<Int(last.end))
            sink.write("# text = \(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))\n")
            var word = 0
            var index = block.tokens.lowerBound
            while index < block.tokens.upperBound {
                let token = tokens[index]
                let spaceAfter = token.flags.contains(.spaceAfter) || index + 1 == block.tokens.upperBound
                if token.cliticOffset > 0 {
                    // A surface token with its words: "1-2 don't", "1 do", "2 n't".
                    let split = Int(token.start) + Int(token.cliticOffset)
                    sink.write("\(word + 1)-\(word + 2)\t\(document.text(utf8: token.range))\t_\t_\t_\t_\t_\t_\t_\t\(spaceAfter ? "_" : "SpaceAfter=No")\n")
                    sink.write("\(word + 1)\t\(document.text(utf8: Int(token.start)..<split))\t\(tagColumns(index))\t_\t_\t_\t_\t_\n")
                    sink.write("\(word + 2)\t\(document.text(utf8: split..<Int(token.end)))\t_\t_\t_\t_\t_\t_\t_\t_\n")
                    word += 2
                } else if token.flags.contains(.cliticHost), index + 1 < block.tokens.upperBound {
                    // Split already (--words): the range line, then the two tokens as words.
                    let clitic = tokens[index + 1]
                    let cliticSpace = clitic.flags.contains(.spaceAfter) || index + 2 == block.tokens.upperBound
                    sink.write("\(word + 1)-\(word + 2)\t\(document.text(utf8: Int(token.start)..<Int(clitic.end)))\t_\t_\t_\t_\t_\t_\t_\t\(cliticSpace ? "_" : "SpaceAfter=No")\n")
                    sink.write("\(word + 1)\t\(document.text(utf8: token.range))\t\(tagColumns(index))\t_\t_\t_\t_\t_\n")
                    sink.write("\(word + 2)\t\(document.text(utf8: clitic.range))\t\(tagColumns(index + 1))\t_\t_\t_\t_\t_\n")
                    word += 2
                    index += 1
                } else {
                    word += 1
                    sink.write("\(word)\t\(document.text(utf8: token.range))\t\(tagColumns(index))\t_\t_\t_\t_\t\(spaceAfter ? "_" : "SpaceAfter=No")\n")
                }
                index += 1
            }
            sink.write("\n")
        }
    }
}

/// Sentence-sized blocks for CoNLL-U: the sentence layer when there is one, else paragraphs
/// (tokens followed by a blank line end a block).
enum CoNLLUBlocks {
    struct Block { var tokens: Range<Int> }

    static func blocks(of annotated: AnnotatedDocument) -> [Block] {
        guard let tokens = annotated.tokens else { return [] }
        if let sentences = annotated.sentences {
            return sentences.records.map { Block(tokens: $0.tokenRange) }
        }
        var result: [Block] = []
        var start = 0
        for (i, token) in tokens.records.enumerated() where token.flags.contains(.paragraphAfter) {
            result.append(Block(tokens: start..<(i + 1)))
            start = i + 1
        }
        if start < tokens.count { result.append(Block(tokens: start..<tokens.count)) }
        return result
    }
}
