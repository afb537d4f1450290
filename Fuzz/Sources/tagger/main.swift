// Fuzz target `tagger`: the two files the tagger reads from users.
//
// The first byte chooses:
// - even: the rest is a model file (`.qtag`). Reading it either fails with
//   TaggerModel.FormatError or gives a model that tags a fixed text with the standard tokenizer
//   and sentence splitter, every record's class and lemma rule inside the model's tables;
// - odd: the rest is CoNLL-U text. Reading it either fails with CoNLLUFile.FormatError or
//   gives documents whose every placed word lies inside the rebuilt text, on character
//   boundaries, and spells its form there.

import Foundation
import FuzzSupport
import Quarry
import QuarryTagger

let (tokenizer, splitter) = fuzzSetup("cannot load the English lists") { (try Tokenizer.english(), try SentenceSplitter.english()) }
let sample = Document(id: "sample", text: "SEOUL, South Korea — U.S. officials don't agree, Blinken said. “It works,” he added. 東京 café 👍🏽 https://x.org")

func checkModel(_ bytes: [UInt8]) {
    let model: TaggerModel
    do { model = try TaggerModel(bytes: bytes) } catch is TaggerModel.FormatError { return } catch {
        fuzzFailure("the model reader threw something other than FormatError: \(error)")
    }
    do {
        let pipeline = try Pipeline([TokenizerStage(tokenizer: tokenizer), SentenceStage(splitter: splitter), TagStage(model: model)])
        let annotated = try pipeline.run(sample)
        LayerChecks.check(annotated)
        fuzzCheck(annotated.tags != nil, "the tag stage wrote no layer")
    } catch {
        fuzzFailure("a model that reads could not tag: \(error)")
    }
}

func checkCoNLLU(_ bytes: [UInt8]) {
    let file: CoNLLUFile
    do { file = try CoNLLUFile(text: String(decoding: bytes, as: UTF8.self), path: "fuzz") } catch is CoNLLUFile.FormatError { return } catch {
        fuzzFailure("the CoNLL-U reader threw something other than FormatError: \(error)")
    }
    for document in file.documents {
        let text = Array(document.text.utf8)
        text.withUnsafeBufferPointer { buffer in
            for sentence in document.sentences {
                for word in sentence.words {
                    guard let range = word.range else { continue }
                    fuzzCheck(range.lowerBound >= 0 && range.upperBound <= text.count && !range.isEmpty, "word \(word.form): range \(range) outside \(text.count) bytes")
                    fuzzCheck(LayerChecks.isBoundary(range.lowerBound, buffer) && LayerChecks.isBoundary(range.upperBound, buffer), "word \(word.form) splits a character")
                    fuzzCheck(Array(word.form.utf8) == Array(text[range]), "word \(word.form) placed on other text")
                }
            }
        }
    }
}

runFuzzer { data in
    guard let first = data.first else { return 0 }
    let rest = Array(data.dropFirst())
    if first & 1 == 0 { checkModel(rest) } else { checkCoNLLU(rest) }
    return 0
}
