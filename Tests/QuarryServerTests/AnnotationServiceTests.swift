import Foundation
@testable import QuarryServer
import QuarryService
import QuarryTestSupport
import Testing

/// What `quarry serve` answers, without a socket: the service behind `POST /v1/annotate`.
@Suite struct AnnotationServiceTests {
    static let service: AnnotationService = {
        var limits = AnnotationService.Limits()
        limits.documents = 3
        let rules = Fixtures.rulesDirectory
        return try! AnnotationService(ruleFiles: [rules.appendingPathComponent("news.quarry").path,
                                                 rules.appendingPathComponent("news-attribution.quarry").path], limits: limits)
    }()

    func post(_ json: String, type: String? = "application/json", query: [String: String] = [:]) -> (status: Int, object: Any?, text: String) {
        let reply = Self.service.annotate(body: Array(json.utf8), contentType: type, query: query)
        let text = String(decoding: reply.body, as: UTF8.self)
        return (reply.status, try? JSONSerialization.jsonObject(with: Data(reply.body)), text)
    }

    static let sentence = "“We will not give up,” Antony Blinken said in Seoul on Friday."

    @Test func oneText() throws {
        let (status, object, text) = post(#"{"text": "\#(Self.sentence)", "id": "a1"}"#)
        #expect(status == 200, "\(text)")
        let document = try #require(object as? [String: Any])
        #expect(document["id"] as? String == "a1")
        #expect(document["tokens"] == nil && document["spans"] != nil)
        let quotes = try #require(document["quotes"] as? [[String: Any]])
        #expect(quotes.count == 1 && quotes[0]["entity"] as? String == "Antony Blinken" && quotes[0]["start"] as? Int == 0)
        // The CLI's schema: the same keys as `quarry run -f json`.
        #expect(Set(quotes[0].keys).isSuperset(of: ["kind", "start", "end", "text", "cue", "speaker", "entity", "via"]))
    }

    @Test func documentsKeepTheirFieldsAndOrder() throws {
        let (status, object, text) = post(#"{"documents": [{"id": "x", "url": "https://e.org/x", "text": "\#(Self.sentence)"}, {"text": "Nothing here."}], "layers": "quotes"}"#)
        #expect(status == 200, "\(text)")
        let documents = try #require(object as? [[String: Any]])
        #expect(documents.map { $0["id"] as? String } == ["x", "1"])
        #expect(documents[0]["url"] as? String == "https://e.org/x")
        #expect(documents.allSatisfy { $0["spans"] == nil && $0["quotes"] != nil })
        // A client sending a stream in batches keeps its numbering with "index_base".
        let later = post(#"{"documents": [{"text": "a"}, {"id": "y", "text": "b"}, {"text": "c"}], "index_base": 40}"#)
        #expect((later.object as? [[String: Any]])?.map { $0["id"] as? String } == ["40", "y", "42"], "\(later.text)")
        let highest = post(#"{"documents": [{"text": "a"}, {"text": "b"}], "index_base": 9007199254740991}"#)
        #expect((highest.object as? [[String: Any]])?.map { $0["id"] as? String } == ["9007199254740991", "9007199254740992"], "\(highest.text)")
        for bad in ["true", "-1", "2.5", "\"3\"", "9007199254740992", "1e300"] {
            let refused = post(#"{"documents": [{"text": "a"}], "index_base": \#(bad)}"#)
            #expect(refused.status == 400 && refused.text.contains("index_base"), "\(bad): \(refused.text)")
        }
    }

    @Test func pipelinesLayersOffsetsAndBodies() throws {
        // The files' own pipelines and those of the files they include, each once.
        let names = Self.service.entries.map(\.name)
        #expect(names.first == "news" && names.contains("news-attribution") && Set(names).count == names.count, "\(names)")
        let other = post(#"{"text": "\#(Self.sentence)", "pipeline": "news-attribution", "layers": ["tokens"], "offsets": "utf8"}"#)
        let tokens = try #require((other.object as? [String: Any])?["tokens"] as? [[String: Any]])
        #expect(tokens.count > 10 && (tokens[1]["start"] as? Int) == 3, "“ is 3 bytes in UTF-8")
        // The same tokens as columns: offsets, kind numbers and the names they index.
        let columnar = post(#"{"text": "\#(Self.sentence)", "pipeline": "news-attribution", "layers": ["tokens"], "offsets": "utf8", "tokens": "columns"}"#)
        let columns = try #require((columnar.object as? [String: Any])?["tokens"] as? [String: Any], "\(columnar.text)")
        let (starts, ends, kinds, kindNames) = (columns["start"] as? [Int], columns["end"] as? [Int], columns["kind"] as? [Int], columns["kinds"] as? [String])
        #expect(starts == tokens.map { $0["start"] as? Int ?? -1 } && ends == tokens.map { $0["end"] as? Int ?? -1 })
        #expect(kinds.map { $0.map { kindNames?[$0] } } == tokens.map { $0["kind"] as? String }, "\(columnar.text)")
        #expect(post(#"{"text": "a", "tokens": "rows"}"#).status == 400)
        let plain = post(Self.sentence, type: "text/plain; charset=utf-8")
        #expect(plain.status == 200 && ((plain.object as? [String: Any])?["quotes"] as? [Any])?.count == 1)
        let form = post("text=%E2%80%9CYes%2C%E2%80%9D+Kim+said.&pipeline=news", type: "application/x-www-form-urlencoded")
        #expect(form.status == 200 && ((form.object as? [String: Any])?["quotes"] as? [Any])?.count == 1, "\(form.text)")
        let page = Self.service.annotate(body: Array("text=%E2%80%9CYes%2C%E2%80%9D+Kim+said.&format=html".utf8),
                                         contentType: "application/x-www-form-urlencoded", query: [:])
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(page.status == 200 && page.contentType.hasPrefix("text/html") && html.lowercased().hasPrefix("<!doctype html"), "\(html.prefix(200))")
        #expect(html.contains("Kim") && html.contains("“Yes,”"), "the page shows the quote and its speaker")
        // `curl -d '{"text": …}'` sends JSON with the form type: read as JSON.
        let curl = post(#"{"text": "\#(Self.sentence)"}"#, type: "application/x-www-form-urlencoded")
        #expect(curl.status == 200 && ((curl.object as? [String: Any])?["quotes"] as? [Any])?.count == 1, "\(curl.text)")
        let formWithoutText = post("body=%E2%80%9CYes", type: "application/x-www-form-urlencoded")
        #expect(formWithoutText.status == 400 && formWithoutText.text.contains("Content-Type"), "\(formWithoutText.text)")
        let query = post(#"{"text": "\#(Self.sentence)"}"#, query: ["format": "jsonl"])
        #expect(query.status == 200 && query.text.hasSuffix("}\n") && !query.text.contains("\n  "))
    }

    @Test(arguments: [
        (#"{"text": "a""#, 400, "not valid JSON"),
        (#"["text"]"#, 400, "must be a JSON object"),
        (#"{"txt": "a"}"#, 400, "needs \"text\""),
        (#"{"text": 5}"#, 400, "either \"text\""),
        (#"{"text": "a", "pipeline": "nope"}"#, 404, "no pipeline named 'nope'; this server has: news, "),
        (#"{"text": "a", "layers": ["entities"]}"#, 400, "layer 'entities' is not one"),
        (#"{"text": "a", "format": "xml"}"#, 400, "\"format\" must be one of"),
        (#"{"text": "a", "offsets": "bytes"}"#, 400, "\"offsets\" must be"),
        (#"{"documents": [{"text": "a"}, {"text": "b"}, {"text": "c"}, {"text": "d"}]}"#, 413, "the limit is 3"),
        (#"{"documents": [{"text": "a"}, {"id": "b"}]}"#, 400, "documents[1] must be an object"),
        ("", 400, "no body"),
    ] as [(String, Int, String)])
    func errorsSayWhat(_ body: String, _ status: Int, _ message: String) {
        let reply = post(body)
        #expect(reply.status == status, "\(reply.text)")
        #expect((reply.object as? [String: Any])?["error"].map { "\($0)" }?.contains(message) == true, "\(reply.text)")
    }

    @Test func invalidUTF8AndTimeouts() throws {
        let reply = Self.service.annotate(body: Array(#"{"text": "a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), contentType: nil, query: [:])
        #expect(reply.status == 400 && String(decoding: reply.body, as: UTF8.self).contains("not valid UTF-8 (byte offset 11)"))
        var limits = AnnotationService.Limits()
        limits.seconds = 1e-9
        let slow = try AnnotationService(ruleFiles: [Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path], limits: limits)
        let late = slow.annotate(body: Array(#"{"documents": [{"text": "One."}, {"text": "Two."}]}"#.utf8), contentType: nil, query: [:])
        #expect(late.status == 503 && String(decoding: late.body, as: UTF8.self).contains("after 1 of 2 documents"))
    }

    @Test func concurrentRequestsGetTheirOwnResults() async throws {
        let texts = (0..<40).map { "“Statement \($0),” Kim Jong Un said in Pyongyang." }
        let results = await withTaskGroup(of: (Int, String?).self) { group in
            for (k, text) in texts.enumerated() {
                group.addTask {
                    let reply = Self.service.annotate(body: Array(text.utf8), contentType: "text/plain", query: [:])
                    let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
                    return (k, ((object?["quotes"] as? [[String: Any]])?.first?["text"] as? String))
                }
            }
            var all: [Int: String?] = [:]
            for await (k, quote) in group { all[k] = quote }
            return all
        }
        for k in texts.indices { #expect(results[k] == "“Statement \(k),”") }
    }

    /// Under steady load the queue never empties; what it holds must not grow with the
    /// number of jobs run (it did: ten minutes of load grew the server to 1.5 GB).
    @Test func theWorkQueueStaysBoundedUnderSteadyLoad() async {
        let queue = WorkQueue(threads: 2)
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var runs = 0, largest = 0
        }
        let tally = Tally()
        let done = DispatchGroup()
        // 64 chains of 300 jobs; each job queues the next of its chain before it ends, so the
        // queue is never empty until the last ones.
        func step(_ left: Int) {
            let stored = queue.storedJobs
            tally.lock.lock()
            tally.runs += 1
            tally.largest = max(tally.largest, stored)
            tally.lock.unlock()
            if left > 0 { queue.enqueue { step(left - 1) } } else { done.leave() }
        }
        for _ in 0..<64 {
            done.enter()
            queue.enqueue { step(299) }
        }
        await withCheckedContinuation { continuation in done.notify(queue: .global()) { continuation.resume() } }
        #expect(tally.runs == 64 * 300)
        #expect(tally.largest < 1_000, "the queue held \(tally.largest) jobs at once with 64 waiting")
        let answer = await queue.run { 6 * 7 }
        #expect(answer == 42)
    }

    @Test func batchesOnSeveralThreadsGiveTheSameBytes() throws {
        var limits = AnnotationService.Limits()
        limits.documents = 100
        let service = try AnnotationService(ruleFiles: [Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path], limits: limits)
        let documents = (0..<30).map { #"{"id": "d\#($0)", "n": \#($0), "text": "“Point \#($0),” Park Jin said in Seoul."}"# }
        for format in ["json", "jsonl"] {
            let body = Array(#"{"format": "\#(format)", "documents": [\#(documents.joined(separator: ", "))]}"#.utf8)
            let one = service.annotate(body: body, contentType: nil, query: [:], jobs: 1)
            let three = service.annotate(body: body, contentType: nil, query: [:], jobs: 3)
            #expect(one.status == 200 && one.body == three.body, "\(format)")
            #expect(String(decoding: one.body, as: UTF8.self).contains("“Point 29,”"))
        }
        #expect(AnnotationServiceTests.service.entries.count > 1)
    }

    @Test func rulesFromText() throws {
        let service = try AnnotationService(ruleSource: "rule seoul GPE /\\bSeoul\\b/\npipeline places\n  tokenize\n  patterns\n", name: "inline.quarry")
        let reply = service.annotate(body: Array("In Seoul today.".utf8), contentType: "text/plain", query: [:])
        #expect(reply.status == 200 && String(decoding: reply.body, as: UTF8.self).contains(#""label": "GPE""#))
        #expect(throws: ServiceError.self) { try AnnotationService(ruleSource: "rule broken X /(/\n", name: "bad.quarry") }
    }

    @Test func unknownRuleFilesFailAtStart() {
        #expect(throws: ServiceError.self) { try AnnotationService(ruleFiles: ["/nonexistent/rules.quarry"]) }
    }

    /// Found by the `service` fuzz target (Tests/Data/fuzz/service-index-base-overflow.json, as
    /// the target read it: a mode byte, 2 for a batch, then the request): an "index_base" of
    /// Int.max overflowed when the second document's id was computed, and the trap ended the
    /// process: one request could stop `quarry serve`. Now a 400 that names the range.
    @Test func theFuzzersIndexBaseIsRefused() throws {
        let data = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("Tests/Data/fuzz/service-index-base-overflow.json"))
        let reply = Self.service.annotate(body: Array(data.dropFirst()), contentType: "application/json", query: [:])
        let text = String(decoding: reply.body, as: UTF8.self)
        #expect(reply.status == 400 && text.contains("index_base") && text.contains("9007199254740991"), "\(text)")
    }

    /// A text that starts with U+FEFF written as is (what Python's `json.dumps(...,
    /// ensure_ascii=False)` sends) keeps it, so offsets match the sender's text: Foundation's
    /// parser on Linux drops it (see ByteOrderMarkTests).
    @Test func aLeadingByteOrderMarkIsKept() throws {
        let reply = post("{\"text\": \"\u{FEFF}“Yes,” Kim said.\", \"layers\": \"all\"}")
        let document = try #require(reply.object as? [String: Any], "\(reply.text)")
        let quotes = try #require(document["quotes"] as? [[String: Any]])
        #expect(quotes.first?["start"] as? Int == 1 && quotes.first?["text"] as? String == "“Yes,”", "\(reply.text)")
    }
}
