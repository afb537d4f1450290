import Foundation

/// The top-level domains of a language folder's `top-level-domains.txt`, one list shared by
/// the tokenizer (domain-name tokens such as "reuters.com", and no run-on sentence before
/// "Newsfeed.Com") and the sentence splitter (no boundary at an unspaced period before a
/// domain).
///
/// An entry is a domain without its period (`com`); ` =tokens` after it keeps it from the
/// sentence splitter, which ends a sentence at "Paris.In 1990" although "in" is a domain.
public struct TopLevelDomains: Sendable {
    /// The file's name in a language folder.
    public static let fileName = "top-level-domains.txt"

    /// Every domain in the file: the tokenizer's list.
    public var all: [String]
    /// The domains not marked `=tokens`: after an unspaced period, the sentence splitter keeps
    /// the sentence going before these.
    public var afterPeriod: [String]

    /// Makes lists from domains written without their period (`com`); `afterPeriod` is normally the
    /// part of `all` not marked `=tokens`.
    public init(all: [String] = [], afterPeriod: [String] = []) {
        self.all = all
        self.afterPeriod = afterPeriod
    }

    /// Reads a domain list file.
    /// - Throws: ``LexiconError`` for a missing file, or an entry that is not one domain with
    ///   an optional `=tokens` mark (with its file, line and column).
    public init(url: URL) throws(LexiconError) {
        self.init()
        for entry in try ListFile(url: url).entries {
            let fields = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let domain = fields.first, fields.count <= 2, !domain.hasPrefix("."), !domain.hasPrefix("=") else {
                throw LexiconError.malformed(entry.location(column: 1), "expected a domain without its period and an optional =tokens: '\(entry.text)'")
            }
            if fields.count == 2 {
                guard fields[1] == "=tokens" else {
                    let column = entry.text.distance(from: entry.text.startIndex, to: fields[1].startIndex) + 1
                    throw LexiconError.malformed(entry.location(column: column), "unknown mark '\(fields[1])' (expected =tokens)")
                }
            } else {
                afterPeriod.append(String(domain))
            }
            all.append(String(domain))
        }
    }
}
