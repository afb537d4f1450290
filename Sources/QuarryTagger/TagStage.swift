import Foundation
import QuarryCore

/// The `tag` stage: a universal part of speech, a language-specific tag and a lemma for every
/// token, sentence by sentence (the tagger reads a word's neighbours within its sentence).
///
/// A token outside every sentence is tagged with the tokens around it as one more sentence,
/// so every token gets a record.
public struct TagStage: Stage {
    /// The model that tags.
    public let model: TaggerModel

    /// A stage that tags with `model`.
    public init(model: TaggerModel) {
        self.model = model
    }

    public var name: String { "tag" }
    public var reads: [LayerName] { [.tokens, .sentences] }
    public var writes: [LayerName] { [.tags] }

    public func makeScratch() -> TaggerScratch { TaggerScratch() }

    public func process(_ document: inout AnnotatedDocument, scratch: inout TaggerScratch) throws {
        guard let tokens = document.tokens else { return }
        let records = tokens.records
        var out = ContiguousArray<TagRecord>(repeating: TagRecord(tag: 0, lemma: 0), count: records.count)
        let sentences = document.sentences?.records ?? []
        let scratch = scratch
        document.document.withUTF8 { text in
            records.withUnsafeBufferPointer { tokens in
                out.withUnsafeMutableBufferPointer { out in
                    // Runs of tokens, one per sentence; tokens between sentences form runs of their own.
                    var t = 0
                    var s = 0
                    while t < tokens.count {
                        while s < sentences.count && Int(sentences[s].end) <= Int(tokens[t].start) { s += 1 }
                        var end = t + 1
                        if s < sentences.count && Int(sentences[s].start) <= Int(tokens[t].start) {
                            while end < tokens.count && tokens[end].end <= sentences[s].end { end += 1 }
                        } else {
                            let next = s < sentences.count ? sentences[s].start : UInt32.max
                            while end < tokens.count && tokens[end].start < next { end += 1 }
                        }
                        let first = t
                        model.tag(count: end - first, text: text, word: { TagLayer.taggedRange(tokens[first + $0]) },
                                  scratch: scratch, into: out.baseAddress! + first)
                        t = end
                    }
                }
            }
        }
        document.tags = TagLayer(tagSet: model.tagSet, records: out)
    }
}

extension TaggerModel {
    /// Models already read, by path: every pipeline that names a file shares one copy.
    private static let cache = ModelCache()

    /// The model at `url`, read once per process.
    public static func shared(at url: URL) throws -> TaggerModel {
        try cache.model(at: url.standardizedFileURL.path)
    }

    /// The model that ships with Quarry (`Rules/en/tagger.qtag`), or nil when Quarry's Rules
    /// directory cannot be found.
    public static var shippedURL: URL? {
        RulesLocator.defaultDirectory()?.appendingPathComponent("en").appendingPathComponent(shippedFileName)
    }

    /// The shipped model's file name in `Rules/en/`.
    public static let shippedFileName = "tagger.qtag"
}

private final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: TaggerModel] = [:]

    func model(at path: String) throws -> TaggerModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[path] { return model }
        let model = try TaggerModel(contentsOf: URL(fileURLWithPath: path))
        models[path] = model
        return model
    }
}
