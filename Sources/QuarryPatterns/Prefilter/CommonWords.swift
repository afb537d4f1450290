import Foundation
import QuarryCore

/// Words too frequent to be good prefilter keys, from a list file (`common-words.txt` in a
/// language folder, such as Quarry's `Rules/en/`).
///
/// A literal set holding one of these words loses to any other acceptable set when a rule's
/// literals are chosen, and is never a prefix rule's gate (see ``RuleStrategy``). The list
/// tunes speed only: matches are the same with any list, or none.
///
/// ```swift
/// let words = try CommonWords.load(directory: rules.appendingPathComponent("en"))
/// let matcher = try PatternMatcher(set, commonWords: words)
/// ```
public enum CommonWords {
    /// The list's file name in a language folder.
    public static let fileName = "common-words.txt"

    /// The words of `directory/common-words.txt`, ASCII-lower-cased: one word a line, `#`
    /// comment lines and blank lines ignored (`ListFile`).
    /// - Throws: `LexiconError` when the file is missing or not UTF-8.
    public static func load(directory: URL) throws(LexiconError) -> Set<String> {
        let file = try ListFile(url: directory.appendingPathComponent(fileName))
        return Set(file.entries.map { Literal($0.text, caseless: true).text })
    }
}
