import ArgumentParser
import QuarryCore

/// The output formats every command that writes documents supports.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    /// A view for people: the text with token boundaries marked.
    case text
    /// One JSON value: the document object, or an array of them for several documents.
    case json
    /// JSON Lines: one compact object per document.
    case jsonl
    /// Tab-separated values, one token per row, with a header.
    case tsv
    /// CoNLL-U: tokens and sentences (paragraphs until a sentence stage exists).
    case conllu

    static var helpText: String {
        "text (a view for people), json, jsonl, tsv or conllu."
    }
}

extension OffsetUnit: ExpressibleByArgument {}
