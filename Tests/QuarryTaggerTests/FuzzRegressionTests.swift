import Foundation
import Testing
import QuarryTagger

/// Inputs the `tagger` fuzz target found (docs/reliability.md, "What the fuzzing found").
@Suite struct FuzzRegressionTests {
    /// A multiword token covering words the sentence does not have crashed the reader.
    @Test func aMultiwordTokenPastTheSentenceIsAFormatError() {
        let text = "1-2\tdont\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n\n"
        #expect(throws: CoNLLUFile.FormatError.self) { try CoNLLUFile(text: text) }
        #expect(throws: CoNLLUFile.FormatError.self) { try CoNLLUFile(text: "2\ta\ta\tDET\tDT\t_\t0\tdet\t_\t_\n\n") }
        #expect(throws: CoNLLUFile.FormatError.self) { try CoNLLUFile(text: "1\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_\n\n") }
    }

    /// A multiword token of one word ("1-1 We've" over "1 We") placed the word on the whole token.
    @Test func aOneWordMultiwordTokenIsNotPlacedOnOtherText() throws {
        let text = "# text = We've grown up.\n1-1\tWe've\t_\t_\t_\t_\t_\t_\t_\t_\n1\tWe\twe\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\tgrown\tgrow\tVERB\tVBN\t_\t0\troot\t_\t_\n3\tup\tup\tADP\tRP\t_\t2\tcompound:prt\t_\t_\n\n"
        let file = try CoNLLUFile(text: text)
        let words = file.documents[0].sentences[0].words
        #expect(words[0].range == nil)
        #expect(words[1].range != nil)
    }

    /// A model file announcing billions of features reserved memory for them before reading.
    @Test func aHugeCountInAModelFileIsRefusedBeforeAllocating() {
        var bytes = Array("QUARRY-TAGGER 1\n\n".utf8)
        bytes += [1, 0, 0, 0, 7, 1, 0x58]                  // one class: NOUN "X"
        bytes += [1, 0, 0, 0, 0, 0, 0]                     // one lemma rule: identity
        bytes += [0xFF, 0xFF, 0xFF, 0x7F]                  // 2^31 features, no bytes for them
        #expect(throws: TaggerModel.FormatError.self) { try TaggerModel(bytes: bytes) }
    }
}
