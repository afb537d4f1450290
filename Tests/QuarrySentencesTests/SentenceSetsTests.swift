import Foundation
import QuarrySentences
import QuarryTestSupport
import Testing

/// A sentence-splitting case from one of the published sets under Fixtures/.
struct SentenceCase: CustomTestStringConvertible, Sendable {
    var set: String
    var id: String
    var name: String
    var text: String
    var expected: [String]
    var testDescription: String { "\(set) \(id): \(name)" }

    /// Whitespace-insensitive form: the sets collapse line breaks inside sentences.
    static func normalize(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func load(_ file: String, set: String) -> [SentenceCase] {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/QuarrySentencesTests/Fixtures").appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url) else { return [] }
        return data.split(separator: 0x0A).enumerated().compactMap { index, line in
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let text = object["text"] as? String, let sentences = object["sentences"] as? [String] else { return nil }
            let id = (object["id"] as? Int).map(String.init) ?? (object["issue"] as? String) ?? String(index + 1)
            let name = object["name"] as? String ?? String(text.prefix(50))
            return SentenceCase(set: set, id: id, name: name, text: text, expected: sentences)
        }
    }
}

let englishSentenceLexicon = try! SentenceLexicon.load(directory: Fixtures.rulesDirectory.appendingPathComponent("en"))

/// The published sets follow pragmatic_segmenter's convention: a quotation's sentences stay
/// in the sentence around it.
let splitter = SentenceSplitter(lexicon: englishSentenceLexicon, options: .init(keepQuotations: true))

func check(_ testCase: SentenceCase) -> Bool {
    splitter.sentenceTexts(testCase.text).map(SentenceCase.normalize) == testCase.expected.map(SentenceCase.normalize)
}

@Suite struct GoldenRules {
    static let cases = SentenceCase.load("golden_rules_en.jsonl", set: "golden")

    @Test(arguments: cases)
    func goldenRule(_ testCase: SentenceCase) {
        let got = splitter.sentenceTexts(testCase.text).map(SentenceCase.normalize)
        #expect(got == testCase.expected.map(SentenceCase.normalize))
    }
}

/// Pass rates on the larger published sets. Each case is checked; the failures are counted
/// and must stay within the documented number (docs/evaluation.md lists them).
@Suite struct PublishedSets {
    func failures(_ cases: [SentenceCase]) -> [SentenceCase] { cases.filter { !check($0) } }

    /// The sentencex cases Quarry fails, each for a reason docs/evaluation.md gives:
    /// 59 unbalanced "(." split; 79, 128, 135, 235 fragments that start inside a quotation
    /// (the first standalone quote is taken as an opener); 81, 130 a pre-tokenized quotation
    /// whose direction cannot be told; 109 chess notation "7.Bg5"; 114 spaced initials
    /// "U. A. E." before a capital; 180 a clause inside a quotation before "a.m."; 236 expects
    /// a sentence "===" that is not in the text.
    static let knownSentencexFailures: Set<String> = ["59", "79", "81", "109", "114", "128", "130", "135", "180", "235", "236"]

    @Test func sentencex() {
        let cases = SentenceCase.load("sentencex_en_tests.jsonl", set: "sentencex")
        let failed = failures(cases)
        for f in failed where !Self.knownSentencexFailures.contains(f.id) {
            print("sentencex \(f.id): \(f.text.prefix(200).debugDescription)\n  expected \(f.expected)\n  got      \(splitter.sentenceTexts(f.text))")
        }
        #expect(cases.count == 236)
        let unexpected = Set(failed.map(\.id)).subtracting(Self.knownSentencexFailures)
        #expect(unexpected.isEmpty, "new failures: \(unexpected.sorted()); passed \(cases.count - failed.count)/\(cases.count)")
        let fixed = Self.knownSentencexFailures.subtracting(failed.map(\.id))
        #expect(fixed.isEmpty, "now passing, remove from the known failures: \(fixed.sorted())")
    }

    @Test func pragmaticExtra() {
        let cases = SentenceCase.load("pragmatic_segmenter_en_extra.jsonl", set: "pragmatic")
        let failed = failures(cases)
        for f in failed { print("pragmatic \(f.id): \(f.text.prefix(200).debugDescription)\n  expected \(f.expected)\n  got      \(splitter.sentenceTexts(f.text))") }
        #expect(cases.count == 125)
        #expect(failed.count <= 33, "passed \(cases.count - failed.count)/\(cases.count)")
    }

    @Test func pysbdRegressions() {
        let cases = SentenceCase.load("pysbd_regression_issues.jsonl", set: "pysbd")
        let failed = failures(cases)
        for f in failed { print("pysbd \(f.id): \(f.text.prefix(200).debugDescription)\n  expected \(f.expected)\n  got      \(splitter.sentenceTexts(f.text))") }
        #expect(cases.count == 13)
        #expect(failed.isEmpty, "passed \(cases.count - failed.count)/\(cases.count)")
    }
}

/// Quarry's own news cases (Fixtures/news_en.jsonl, invented text in the conventions of AP and
/// Reuters copy): abbreviated months before day numbers, a.m./p.m. before weekdays and time
/// zones, streets, states, "U.S.", "Inc.", "Jr." and titles. Each case runs with the default
/// splitter (quotations split; the cases have no quotations, so both modes agree).
@Suite struct NewsSet {
    static let cases = SentenceCase.load("news_en.jsonl", set: "news")

    /// The cases Quarry fails, each for a reason docs/evaluation.md gives: 70 "Clark St.
    /// Marchers" (after a capitalised word "St." may be Saint, as in "Mount St. Helens", so it
    /// ends a sentence only before a listed starter); 80 "the U.S. Bond yields" (a capitalised
    /// singular noun after "U.S." may continue a name, as in "U.S. Army").
    static let knownFailures: Set<String> = ["70", "80"]

    @Test func theSetIsComplete() {
        #expect(Self.cases.count == 89)
        #expect(Self.cases.filter { $0.expected.count > 1 }.count >= 20)
    }

    @Test(arguments: cases)
    func newsCase(_ testCase: SentenceCase) {
        let got = newsSplitter.sentenceTexts(testCase.text).map(SentenceCase.normalize)
        let expected = testCase.expected.map(SentenceCase.normalize)
        if Self.knownFailures.contains(testCase.id) {
            withKnownIssue("documented in docs/evaluation.md") { #expect(got == expected) }
        } else {
            #expect(got == expected)
        }
    }
}
