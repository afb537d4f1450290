import QuarryCore
import Testing

@Suite struct QuoteRecordTests {
    /// The entity is an optional in the API, whatever the record stores.
    @Test func entityIsOptional() {
        var record = QuoteRecord(content: 0..<5, kind: .direct, cue: nil, speaker: nil, speakerSource: .none, entity: nil)
        #expect(record.entity == nil)
        let layer = QuoteLayer(records: [record], entities: ["Antony Blinken"])
        #expect(layer.entity(of: record) == nil)
        record.entity = 0
        #expect(record.entity == 0 && layer.entity(of: record) == "Antony Blinken")
        record.entity = 7
        #expect(layer.entity(of: record) == nil)
        record.entity = nil
        #expect(record.entity == nil)
        #expect(QuoteRecord(content: 0..<5, kind: .direct, cue: nil, speaker: nil, speakerSource: .none, entity: 3).entity == 3)
    }
}
