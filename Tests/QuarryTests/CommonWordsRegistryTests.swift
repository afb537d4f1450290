import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// The standard registry gives the patterns stage the lists folder's common words.
@Suite struct CommonWordsRegistryTests {
    @Test func thePatternsStageLoadsTheListsFolder() throws {
        let book = try RuleBook.load(source: "rule un ORG /\\bthe\\s+UN\\b/\npipeline p\n  patterns\n", registry: .standard)
        let stage = try #require(try book.pipeline().stages.first as? PatternStage)
        #expect(stage.matcher.commonWords.contains("the") && stage.matcher.commonWords.count == 89)
        #expect(stage.matcher.strategies == [.prefixAnchored(prefixes: [Literal("the")], atWordStart: true, gate: [Literal("UN")])])
    }

    @Test func aListsFolderWithoutTheFileIsAnError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: RuleErrors.self) {
            try RuleBook.load(source: "rule un ORG /UN/\npipeline p\n  patterns lists=\"\(directory.path)\"\n", registry: .standard).pipeline()
        }
    }
}
