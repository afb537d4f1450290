import QuarryCore
import Testing

/// The shared quotation-mark table and stack walk (used by the quote stage and the sentence
/// splitter), on their own: every mark, and pairing that is nested, unbalanced, runs over
/// paragraphs or mixes scripts.
@Suite struct QuotationMarkTests {
    /// The mark's text: its scalar, twice for the two-scalar marks.
    func text(of mark: QuotationMark) -> String {
        let scalar = String(Unicode.Scalar(mark.scalar)!)
        return mark == .doubleApostrophe || mark == .doubleGrave ? scalar + scalar : scalar
    }

    /// The mark at byte `i` of `string`.
    func mark(in string: String, at i: Int = 0) -> QuotationMark? {
        let bytes = Array(string.utf8)
        return bytes.withUnsafeBufferPointer { QuotationMark(at: i, in: $0.baseAddress!, count: $0.count) }
    }

    @Test func everyMarkReadsBackFromItsBytesAndScalar() {
        for mark in QuotationMark.allCases {
            let string = text(of: mark)
            #expect(self.mark(in: string) == mark, "\(mark)")
            #expect(mark.length == string.utf8.count, "\(mark)")
            // Followed by other text, the mark is still read alone.
            #expect(self.mark(in: string + "x") == mark, "\(mark)")
            if mark == .doubleApostrophe || mark == .doubleGrave {
                #expect(QuotationMark(scalar: mark.scalar) != mark)
            } else {
                #expect(QuotationMark(scalar: mark.scalar) == mark, "\(mark)")
            }
        }
    }

    @Test func rolesFamiliesAndPartners() {
        #expect(QuotationMark.allCases.count == 19)
        for mark in QuotationMark.allCases {
            let partner = mark.partner
            #expect(partner.family == mark.family, "\(mark)")
            switch mark.role {
            case .ambiguous:
                #expect(partner == mark)
                #expect(mark.isStraight)
            case .opening:
                #expect(partner.role != .opening || mark.isLow, "\(mark)")
            case .closing:
                #expect(partner.role == .opening && partner.partner == mark, "\(mark)")
            }
        }
        #expect(QuotationMark.lowDouble.partner == .leftDouble && QuotationMark.leftDouble.closesLow)
        #expect(QuotationMark.lowSingle.partner == .leftSingle && QuotationMark.leftSingle.closesLow)
        #expect(QuotationMark.allCases.filter(\.isLow) == [.lowDouble, .lowSingle])
        #expect(QuotationMark.allCases.filter(\.mayBeApostrophe) == [.straightSingle, .rightSingle])
        #expect(QuotationMark.allCases.filter(\.isStraight) == [.straightDouble, .straightSingle, .graveAccent, .doubleApostrophe, .doubleGrave])
        #expect(QuotationMark.graveAccent.partner == .straightSingle && QuotationMark.doubleGrave.partner == .doubleApostrophe)
        #expect(QuotationMark.rightDouble.family == .double && QuotationMark.rightCorner.family == .corner)
    }

    @Test func bytesThatAreNotMarks() {
        #expect(mark(in: "a") == nil)
        #expect(mark(in: "‛") == nil)  // reversed-9 marks: in no scanner's table
        #expect(mark(in: "‟") == nil)
        #expect(mark(in: "…") == nil)  // E2 80 A6: same lead bytes as the quotation marks
        #expect(mark(in: "。") == nil)  // E3 80 82: same lead bytes as the corner brackets
        #expect(mark(in: "é") == nil)
        // A mark cut off by the end of the buffer is no mark.
        let cut = Array("“".utf8)
        cut.withUnsafeBufferPointer { p in
            #expect(QuotationMark(at: 0, in: p.baseAddress!, count: 2) == nil)
            #expect(QuotationMark(at: 0, in: p.baseAddress!, count: 3) == .leftDouble)
        }
        // A second apostrophe past the end does not make a double mark.
        let two = Array("''".utf8)
        two.withUnsafeBufferPointer { p in
            #expect(QuotationMark(at: 0, in: p.baseAddress!, count: 1) == .straightSingle)
            #expect(QuotationMark(at: 1, in: p.baseAddress!, count: 2) == .straightSingle)
        }
        #expect(mark(in: "'''") == .doubleApostrophe)
        #expect(mark(in: "a“b", at: 1) == .leftDouble)
    }

    /// Pairs the marks of `text` by family, as the quote stage does (without its context
    /// rules: straight marks alternate), one paragraph per "\n\n". Returns each quotation
    /// with its depth, and the marks still open when each paragraph ended.
    func walk(_ text: String, maximumSpan: Int = .max) -> (pairs: [String], unclosed: [String]) {
        let bytes = Array(text.utf8)
        var pairs: [String] = []
        var unclosed: [String] = []
        var stack = QuotationStack<QuotationMark>(maximumSpan: maximumSpan)
        func substring(_ a: Int, _ z: Int) -> String { String(decoding: bytes[a..<z], as: UTF8.self) }
        func endParagraph() {
            for depth in 0..<stack.count { unclosed.append(substring(stack[depth].position, stack[depth].position + stack[depth].key.length)) }
            stack.removeAll()
        }
        bytes.withUnsafeBufferPointer { buffer in
            let p = buffer.baseAddress!
            var i = 0
            while i < bytes.count {
                if i + 1 < bytes.count && bytes[i] == 0x0A && bytes[i + 1] == 0x0A { endParagraph(); i += 2; continue }
                guard let mark = QuotationMark(at: i, in: p, count: bytes.count) else { i += 1; continue }
                let family = mark.family
                var closed: QuotationStack<QuotationMark>.Pair?
                switch mark.role {
                case .opening:
                    if mark.closesLow, let top = stack.top, top.key.family == family, top.key.isLow {
                        closed = stack.close(at: i) { $0.family == family && $0.isLow }
                    } else {
                        stack.open(mark, at: i)
                    }
                case .closing:
                    closed = stack.close(at: i) { $0.family == family }
                case .ambiguous:
                    if stack.contains(where: { $0 == mark }) {
                        closed = stack.close(at: i) { $0 == mark }
                    } else {
                        stack.open(mark, at: i)
                    }
                }
                if let pair = closed {
                    pairs.append("\(pair.depth)\(pair.isWithinLimit ? "" : "!") " + substring(pair.opener.position, i + mark.length))
                }
                i += mark.length
            }
        }
        endParagraph()
        return (pairs, unclosed)
    }

    @Test func nestedMarksPairInnermostFirstWithTheirDepth() {
        let result = walk("“a ‘b «c» d’ e”")
        #expect(result.pairs == ["2 «c»", "1 ‘b «c» d’", "0 “a ‘b «c» d’ e”"])
        #expect(result.unclosed.isEmpty)
        #expect(walk("'a \"b\" c'").pairs == ["1 \"b\"", "0 'a \"b\" c'"])
    }

    @Test func unbalancedMarks() {
        // A closer with no opener is ignored and leaves the stack alone.
        #expect(walk("a” b “c”").pairs == ["0 “c”"])
        // An opener left inside a closed pair is dropped with it.
        let dropped = walk("“a ‘b c” d’")
        #expect(dropped.pairs == ["0 “a ‘b c”"])
        #expect(dropped.unclosed.isEmpty)
        // An opener that never closes is reported at the paragraph's end, and costs only itself.
        let open = walk("“a «b» c")
        #expect(open.pairs == ["1 «b»"])
        #expect(open.unclosed == ["“"])
        var stack = QuotationStack<Int>()
        let none = stack.close(at: 3) { _ in true }
        #expect(none == nil)
        stack.open(1, at: 0)
        let unmatched = stack.close(at: 3) { $0 == 2 }
        #expect(unmatched == nil)
        #expect(stack.count == 1 && stack.top?.key == 1 && stack[0].position == 0)
    }

    @Test func paragraphsEndOpenQuotations() {
        // A quotation running over paragraphs: the caller sees it open at each paragraph end.
        let result = walk("“First paragraph.\n\n“Second paragraph.”\n\n„Dritter” und „vierter“")
        #expect(result.unclosed == ["“"])
        #expect(result.pairs == ["0 “Second paragraph.”", "0 „Dritter”", "0 „vierter“"])
        // Marks do not pair across a paragraph break.
        #expect(walk("«a\n\nb»").pairs.isEmpty)
        var stack = QuotationStack<QuotationMark>()
        stack.open(.leftSingle, at: 0)
        stack.open(.leftDouble, at: 5)
        stack.open(.leftSingle, at: 9)
        #expect(stack.firstIndex { $0.family == .double } == 1)
        #expect(stack.firstIndex { $0.family == .guillemet } == nil)
        #expect(stack.contains { $0 == .leftSingle })
        stack.removeAll()
        #expect(stack.isEmpty && stack.top == nil)
    }

    @Test func mixedScripts() {
        let result = walk("Он сказал: «Это „тест“». 彼は「これは『試験』です」と言った。Er sagte ‚ja‘ und ‹oui›.")
        #expect(result.pairs == ["1 „тест“", "0 «Это „тест“»", "1 『試験』", "0 「これは『試験』です」", "0 ‚ja‘", "0 ‹oui›"])
        #expect(result.unclosed.isEmpty)
        // A corner closer does not close a guillemet, nor “ a ’.
        #expect(walk("«a」 “b’").pairs.isEmpty)
    }

    @Test func spansOverTheLimitPopButAreFlagged() {
        let text = "(“short” and “a much longer quotation”)"
        let result = walk(text, maximumSpan: 10)
        #expect(result.pairs == ["0 “short”", "0! “a much longer quotation”"])
        #expect(result.unclosed.isEmpty)
        var stack = QuotationStack<Character>(maximumSpan: 600)
        stack.open("(", at: 0)
        let pair = stack.close(at: 601) { $0 == "(" }
        #expect(pair?.isWithinLimit == false && pair?.depth == 0 && stack.isEmpty)
        stack.open("(", at: 0)
        let atLimit = stack.close(at: 600) { $0 == "(" }
        #expect(atLimit?.isWithinLimit == true)
    }
}
