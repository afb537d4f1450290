// Runs the tokenizer, the sentence splitter and the shipped news pipeline on a short news
// text, prints what each found, and exits 1 if any of them found nothing.
import Foundation
import Quarry
import QuarryIO

let text = """
    SEOUL, May 2 (Reuters) - U.S. Secretary of State Antony Blinken arrived in Seoul on Monday. \
    “We stand with our allies,” Blinken told reporters. He said the talks would resume in June.
    """
let document = Document(id: "embed", text: text)

do {
    let tokenizer = try Tokenizer.english()
    let tokens = tokenizer.tokenize(document, scratch: tokenizer.makeScratch())
    let splitter = try SentenceSplitter.english()
    let sentences = splitter.sentenceTexts(text)
    let pipeline = try RuleBook.shipped("news.quarry").pipeline()
    let annotated = try pipeline.run(document)
    let quotes = annotated.quotes?.count ?? 0

    // One sink for everything, so the report and the TSV come out in order.
    let out = OutputSink(fileDescriptor: 1)
    out.write("rules from: \(RulesLocator.defaultDirectory()?.path ?? "nowhere")\n")
    out.write("tokens: \(tokens.count)\nsentences: \(sentences.count)\n")
    for sentence in sentences { out.write("  \(sentence)\n") }
    out.write("quotes: \(quotes)\n")
    let writer = DocumentWriter(format: .tsv, sink: out, primary: .quotes)
    writer.begin()
    writer.write(annotated)
    writer.end()
    exit(tokens.count > 20 && sentences.count == 3 && quotes >= 2 ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("quarry-embed: \(error)\n".utf8))
    exit(1)
}
