import Foundation
import Quarry
import QuarryIO
import QuarryTestSupport
import Testing

/// The HTML view of the seed article with the news pipeline: every quote and every entity
/// span is on the page, inside elements in its speaker's colour or its label's, first in
/// Quarry's output, then in the DOM that Chromium renders from it.
@Suite("HTML view: the seed article")
struct HTMLSeedTests {
    static let seed = Fixtures.sharedData("seed/blinken-seoul.txt")

    /// The seed article through the news pipeline, and its page.
    static func seedPage() throws -> (AnnotatedDocument, String) {
        let url = try #require(seed)
        let document = try Document(id: "blinken-seoul", bytes: Data(contentsOf: url))
        let annotated = try RuleBook.shipped("news.quarry").pipeline().run(document)
        return (annotated, HandMade.page([annotated]))
    }

    /// How a test reads a mark's colour: from the markup, or as Chromium computed it.
    struct ColourReader {
        /// The colour a quote element shows for its speaker.
        var quote: (HTMLNode) -> String?
        /// The colour an entity element shows for its label.
        var entity: (HTMLNode) -> String?
        /// The legend entry's colour for a speaker (the `li` with `data-legend-speaker`).
        var legendSpeaker: (HTMLNode) -> String?
        /// The legend entry's colour for a label (the `li` with `data-legend-label`).
        var legendLabel: (HTMLNode) -> String?
    }

    /// Every quote's content is on the page in elements with its speaker's name and the
    /// speaker's legend colour (distinct speakers, distinct colours); every mention and cue
    /// is marked; every entity span is in elements with its label and the label's legend colour.
    static func expectEveryMark(_ annotated: AnnotatedDocument, in root: HTMLNode, colours: ColourReader,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let document = annotated.document
        let quotes = try #require(annotated.quotes, sourceLocation: sourceLocation)
        let spans = try #require(annotated.spans, sourceLocation: sourceLocation)
        #expect(quotes.count > 0 && spans.count > 0, "the news pipeline finds quotes and entities in the seed article", sourceLocation: sourceLocation)

        var speakerColours: [String: String] = [:]
        for (i, quote) in quotes.records.enumerated() {
            let number = i + 1
            let expectedText = quotes.contentPieces(of: i).map { String(document.text(utf8: $0)) }.joined()
            let elements = HTMLChecks.elements(root, quote: number)
            #expect(!elements.isEmpty, "quote \(number) is missing: \(expectedText)", sourceLocation: sourceLocation)
            #expect(HTMLChecks.markText(elements) == expectedText, "quote \(number)'s text", sourceLocation: sourceLocation)
            let speaker = quotes.entity(of: quote) ?? quote.speaker.map { String(document.text(utf8: $0)) }
            guard let speaker else {
                #expect(elements.allSatisfy { $0.classes.contains("none") }, "quote \(number) has no speaker", sourceLocation: sourceLocation)
                continue
            }
            let legend = root.all { $0.attributes["data-legend-speaker"] == speaker }.first
            let legendColour = legend.flatMap(colours.legendSpeaker)
            #expect(legendColour != nil, "the legend lists \(speaker) with a colour", sourceLocation: sourceLocation)
            for element in elements {
                #expect(element.attributes["data-speaker"] == speaker, "quote \(number) names \(speaker)", sourceLocation: sourceLocation)
                #expect(colours.quote(element) == legendColour && legendColour != nil,
                        "quote \(number) is in \(speaker)'s colour \(legendColour ?? "?"), not \(colours.quote(element) ?? "none")",
                        sourceLocation: sourceLocation)
            }
            speakerColours[speaker] = legendColour
            if let mention = quote.speaker {
                let marked = root.all { $0.classes.contains("who") && ($0.attributes["data-q"] ?? "").split(separator: " ").contains(Substring(String(number))) }
                #expect(HTMLChecks.markText(marked) == String(document.text(utf8: mention)), "quote \(number)'s speaker mention", sourceLocation: sourceLocation)
            }
            if let cue = quote.cue {
                let marked = root.all { $0.classes.contains("cue") && ($0.attributes["data-q"] ?? "").split(separator: " ").contains(Substring(String(number))) }
                #expect(HTMLChecks.markText(marked) == String(document.text(utf8: cue)), "quote \(number)'s cue", sourceLocation: sourceLocation)
            }
        }
        if speakerColours.count <= HTMLPaletteSize.speakers {
            #expect(Set(speakerColours.values).count == speakerColours.count, "speakers share colours: \(speakerColours)", sourceLocation: sourceLocation)
        }

        for (i, span) in spans.records.enumerated() {
            let label = spans.labels[Int(span.label)]
            let text = String(document.text(utf8: span.range))
            let elements = HTMLChecks.elements(root, span: i)
            #expect(!elements.isEmpty, "entity \(i) \(label) \"\(text)\" is missing", sourceLocation: sourceLocation)
            #expect(HTMLChecks.markText(elements) == text, "entity \(i)'s text", sourceLocation: sourceLocation)
            let legendColour = root.all { $0.attributes["data-legend-label"] == label }.first.flatMap(colours.legendLabel)
            for element in elements {
                #expect(element.attributes["data-label"] == label, "entity \(i) is labelled \(label)", sourceLocation: sourceLocation)
                #expect(colours.entity(element) == legendColour && legendColour != nil,
                        "entity \(i) \"\(text)\" is in \(label)'s colour \(legendColour ?? "?"), not \(colours.entity(element) ?? "none")",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("every quote and entity of the seed article is on the page, in its colour",
          .enabled(if: seed != nil, "../shared/data/seed/blinken-seoul.txt is absent; the seed page test is skipped"))
    func seedPageMarksEverything() throws {
        let (annotated, html) = try Self.seedPage()
        let root = try HTMLChecks.parse(html)
        let chip = { (node: HTMLNode) in node.all { $0.classes.contains("chip-e") }.first }
        try Self.expectEveryMark(annotated, in: root, colours: ColourReader(
            quote: { HTMLChecks.property("--sc", in: $0) },
            entity: { HTMLChecks.property("--eb", in: $0) },
            legendSpeaker: { HTMLChecks.property("--sc", in: $0) },
            legendLabel: { HTMLChecks.property("--eb", in: chip($0)) }))
    }

    @Test("Chromium renders every quote and entity of the seed article in its colour",
          .enabled(if: seed != nil, "../shared/data/seed/blinken-seoul.txt is absent; the Chromium test is skipped"),
          .enabled(if: Chromium.executable != nil,
                   "chromium is not installed (apt-get install chromium, or set CHROMIUM); the Chromium test is skipped"))
    func chromiumRendersEverything() throws {
        let (annotated, html) = try Self.seedPage()
        // A probe stamps each mark with the colour Chromium computed for it. The page's policy
        // forbids scripts, so the probe's copy allows inline scripts and nothing more; the
        // style policy stays as written.
        let policy = "content=\"default-src 'none'; style-src 'unsafe-inline'\""
        #expect(html.contains(policy), "the page's Content-Security-Policy changed; update the probe")
        let probe = """
            <script>
            const stamp = (selector, property) => {
              for (const element of document.querySelectorAll(selector)) {
                element.setAttribute('data-rendered', getComputedStyle(element)[property]);
              }
            };
            stamp('.q[data-q]', 'borderBottomColor');
            stamp('[data-e]', 'backgroundColor');
            stamp('[data-legend-speaker] .chip-s', 'borderLeftColor');
            stamp('[data-legend-label] .chip-e', 'backgroundColor');
            document.body.setAttribute('data-probed', 'yes');
            </script>
            </body>
            """
        let probed = html.replacingOccurrences(of: policy, with: "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\"")
            .replacingOccurrences(of: "</body>", with: probe)
        let dom = try Chromium.dumpDOM(of: probed)
        let root = try HTMLParser.parse(dom)
        #expect(root.all { $0.name == "body" }.first?.attributes["data-probed"] == "yes", "the probe did not run; the colours below are not Chromium's")
        let rendered = { (node: HTMLNode?) in node?.attributes["data-rendered"] }
        let neutral = Chromium.rgb("#5f6368")
        try Self.expectEveryMark(annotated, in: root, colours: ColourReader(
            quote: { rendered($0).flatMap { $0 == neutral ? nil : $0 } },
            entity: { rendered($0).flatMap { $0 == "rgba(0, 0, 0, 0)" ? nil : $0 } },
            legendSpeaker: { rendered($0.all { $0.classes.contains("chip-s") }.first) },
            legendLabel: { rendered($0.all { $0.classes.contains("chip-e") }.first) }))
    }
}

/// The number of speaker colours before they repeat with another line style.
enum HTMLPaletteSize {
    static let speakers = 10
}

/// Headless Chromium, when installed.
enum Chromium {
    /// `$CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on the PATH.
    static let executable: URL? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return URL(fileURLWithPath: "\(directory)/\(name)")
            }
        }
        return nil
    }()

    /// `rgb(r, g, b)` for `#rrggbb`, as `getComputedStyle` writes colours.
    static func rgb(_ hex: String) -> String {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        return "rgb(\(value >> 16), \((value >> 8) & 0xFF), \(value & 0xFF))"
    }

    /// Loads `html` from a file in headless Chromium and returns the DOM after its scripts ran.
    static func dumpDOM(of html: String, timeout: TimeInterval = 120) throws -> String {
        let executable = try #require(executable)
        let fm = FileManager.default
        let directory = fm.temporaryDirectory.appendingPathComponent("quarry-chromium-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: directory) }
        let page = directory.appendingPathComponent("page.html")
        try Data(html.utf8).write(to: page)
        let out = directory.appendingPathComponent("dom.html")
        let err = directory.appendingPathComponent("stderr.txt")
        _ = fm.createFile(atPath: out.path, contents: nil)
        _ = fm.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
                             "--dump-dom", page.absoluteString]
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("chromium did not finish within \(Int(timeout)) s")
        }
        let dom = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        if process.terminationStatus != 0 || dom.isEmpty {
            let stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
            Issue.record("chromium exited with \(process.terminationStatus) and wrote \(dom.utf8.count) bytes; stderr: \(stderr.suffix(1_500))")
        }
        return dom
    }
}
