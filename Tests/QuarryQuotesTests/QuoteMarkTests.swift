import Testing
@testable import QuarryQuotes

/// Quotation-mark pairing on short texts: every mark family, nesting, apostrophes,
/// unbalanced marks and the multi-paragraph convention.
@Suite struct QuoteMarkTests {
    /// The quoted strings (marks included) found in `text`, outermost first by position.
    func quotations(_ text: String, depth: Int? = 0) -> [String] {
        var text = text
        return text.withUTF8 { buffer in
            QuoteMarkScanner.scan(buffer).filter { depth == nil || $0.depth == depth! }.map {
                String(decoding: UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.end]), as: UTF8.self)
            }
        }
    }

    @Test func curlyStraightAndForeignFamilies() {
        #expect(quotations("He said “yes” and “no”.") == ["“yes”", "“no”"])
        #expect(quotations("He said \"yes\" and \"no\".") == ["\"yes\"", "\"no\""])
        #expect(quotations("Er sagte „ja“ und «non» und ‹oui›.") == ["„ja“", "«non»", "‹oui›"])
        #expect(quotations("彼は「はい」と『いいえ』") == ["「はい」", "『いいえ』"])
    }

    @Test func nestedQuotations() {
        let text = "“She told me ‘never again’ and left,” he said."
        #expect(quotations(text) == ["“She told me ‘never again’ and left,”"])
        #expect(quotations(text, depth: 1) == ["‘never again’"])
    }

    @Test func apostrophesAreNotQuotationMarks() {
        #expect(quotations("the United States’ concerns and Korea’s missiles, don’t, ’90s").isEmpty)
        #expect(quotations("“It’s the States’ call,” she said.") == ["“It’s the States’ call,”"])
        #expect(quotations("the 'two-way street' idea") == ["'two-way street'"])
        #expect(quotations("Blinken's visit, the boys' club").isEmpty)
    }

    @Test func unbalancedMarkCostsOnlyItsOwnQuotation() {
        // The stray opener in the first paragraph must not swallow the rest.
        let text = "He said “this never closes.\n\nLater she said “fine” and “good”."
        #expect(quotations(text) == ["“fine”", "“good”"])
        // A stray closer is ignored.
        #expect(quotations("oops” and then “real”") == ["“real”"])
        // A stray opener before a balanced pair inside the same paragraph.
        #expect(quotations("“one “two” three") == ["“two”"])
    }

    @Test func multiParagraphConvention() {
        let text = "“The first paragraph of the quote.\n\n“The second paragraph,” he said.\n\nNext."
        #expect(quotations(text) == ["“The first paragraph of the quote.", "“The second paragraph,”"])
    }
}
