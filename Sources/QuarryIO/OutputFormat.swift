/// The output formats of ``DocumentWriter``.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// A view for people: the text with token boundaries marked, sentences one a line, spans
    /// marked inline, or the quote table.
    case text
    /// One JSON value: the document object, or an array of them for several documents.
    case json
    /// JSON Lines: one compact object per document.
    case jsonl
    /// Tab-separated values with a header: one row per token, sentence, span or quote.
    case tsv
    /// CoNLL-U: tokens and sentences (paragraphs when there is no sentence layer).
    case conllu
    /// Comma-separated values (RFC 4180, UTF-8, a header row): one row per quote, span,
    /// sentence or token, for spreadsheets and pandas.
    case csv
    /// One self-contained HTML page for all documents: entities highlighted by label, quotes
    /// coloured by speaker, a legend and a quote table per document.
    case html

    /// The formats, for help text.
    public static var helpText: String {
        "text (a view for people), json, jsonl, tsv, csv, conllu or html (one self-contained page)."
    }
}
