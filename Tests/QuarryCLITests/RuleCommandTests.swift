import Foundation
import QuarryTestSupport
import Testing

/// Every rule file shipped under Rules/, through `quarry check` and `quarry test`, as CI runs them.
@Suite("quarry check / test / run / explain / stages")
struct RuleCommandTests {
    static let shippedRuleFiles: [String] = {
        let root = Fixtures.packageRoot.appendingPathComponent("Rules")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "quarry" } ?? []
        return files.map { String($0.path.dropFirst(Fixtures.packageRoot.path.count + 1)) }.sorted()
    }()

    @Test("every shipped rule file passes quarry check, without warnings")
    func shippedFilesCheck() throws {
        #expect(!Self.shippedRuleFiles.isEmpty)
        let result = try QuarryCLI.run(["check"] + Self.shippedRuleFiles)
        #expect(result.status == 0, "\(result)")
        #expect(!result.err.contains("warning"), "\(result.err)")
        #expect(result.out.split(separator: "\n").filter { $0.hasPrefix("ok: ") }.count == Self.shippedRuleFiles.count)
    }

    @Test("bench --dump-rules writes token rules in canonical form, and the form parses back")
    func dumpTokenRules() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let rules = try QuarryCLI.write("rule said_who S [lower=said]   (?<who>[is-title]+){1,2}  [!kind=punct]?\nrule money M /\\$\\d+/\n", to: "r.quarry", in: directory)
            let dump = directory.appendingPathComponent("dump.jsonl")
            let result = try QuarryCLI.run(["bench", rules.path, "--dump-rules", dump.path])
            #expect(result.status == 0, "\(result)")
            let lines = try String(contentsOf: dump, encoding: .utf8).split(separator: "\n")
            #expect(lines == [#"{"caseless":false,"id":"said_who","tokens":"[lower=said] (?<who>[is-title]+){1,2} [!kind=punct]?"}"#,
                              #"{"caseless":false,"id":"money","pattern":"\\$\\d+","scope":"anywhere"}"#])
            // The canonical form is itself a valid rule.
            let again = try QuarryCLI.write("rule said_who S [lower=said] (?<who>[is-title]+){1,2} [!kind=punct]?\n", to: "again.quarry", in: directory)
            #expect(try QuarryCLI.run(["check", again.path]).status == 0)
        }
    }

    @Test("every shipped rule file's examples pass quarry test")
    func shippedFilesTest() throws {
        let result = try QuarryCLI.run(["test"] + Self.shippedRuleFiles, timeout: 60)
        #expect(result.status == 0, "\(result)")
        #expect(!result.out.contains("FAIL"), "\(result.out)")
    }

    @Test("check: located errors, exit 1; test: failures reported, exit 1")
    func errorsAndFailures() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Array("rule a A /{NOPE}/\n".utf8), to: "bad.quarry", in: directory)
            let check = try QuarryCLI.run(["check", "bad.quarry"], in: directory)
            #expect(check.status == 1)
            #expect(check.err.contains("bad.quarry:1:11: error: unknown macro 'NOPE'"), "\(check)")
            #expect(check.err.contains("rule a A /{NOPE}/\n          ^"))

            try QuarryCLI.write(Array("rule money MONEY /\\$\\d+/\n  expect \"It cost $5.\" -> MONEY \"$5\"\n  expect \"It cost $5.\" -> nothing\n".utf8),
                                to: "failing.quarry", in: directory)
            let test = try QuarryCLI.run(["test", "failing.quarry"], in: directory)
            #expect(test.status == 1, "\(test)")
            #expect(test.out.contains("FAIL  money  failing.quarry:3"), "\(test.out)")
            #expect(test.out.contains("expected nothing, found MONEY \"$5\""))
            #expect(test.out.contains("2 examples, 1 failed"))
        }
    }

    @Test("run: spans in JSON; a pathological rule stops with an error naming it and the others still come out")
    func runAndLimits() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Array("""
            rule evil BAD /(a+)+$/
            rule bee B /b/
            pipeline p
              tokenize
              patterns
            """.utf8), to: "evil.quarry", in: directory)
            try QuarryCLI.write(Array((String(repeating: "a", count: 100_000) + "b").utf8), to: "input.txt", in: directory)
            let result = try QuarryCLI.run(["run", "evil.quarry", "-f", "json", "--layers", "all", "input.txt"], in: directory)
            #expect(result.status == 1, "a limit hit is an error")
            #expect(result.err.contains("rule 'evil' (evil.quarry:1)"), "\(result.err)")
            let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
            let spans = object?["spans"] as? [[String: Any]]
            #expect(spans?.count == 1)
            #expect(spans?.first?["label"] as? String == "B")
            #expect(spans?.first?["start"] as? Int == 100_000)
            #expect((object?["tokens"] as? [Any])?.isEmpty == false, "the other layers are still written")
        }
    }

    @Test("explain: kept and lost matches, and why a rule did not fire")
    func explain() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Array("""
            rule sam HOBBIT /Sam/
            rule samwise HOBBIT /Samwise/
            rule kor X /Kor/ scope=tokens
            rule none Y /zzz/
            """.utf8), to: "h.quarry", in: directory)
            let result = try QuarryCLI.run(["explain", "h.quarry", "Samwise met Korea", "--rule", "sam"], in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.out.contains("lost  to 'samwise' 0-7 \"Samwise\""), "\(result.out)")
            #expect(result.out.contains("rule 'sam' matched, but every match lost an overlap"))
            let scoped = try QuarryCLI.run(["explain", "h.quarry", "Samwise met Korea", "--rule", "kor"], in: directory)
            #expect(scoped.out.contains("not starting and ending on token boundaries (scope=tokens)"), "\(scoped.out)")
            let nowhere = try QuarryCLI.run(["explain", "h.quarry", "Samwise met Korea", "--rule", "none"], in: directory)
            #expect(nowhere.out.contains("its pattern matches nowhere in the text"))
            let unknown = try QuarryCLI.run(["explain", "h.quarry", "x", "--rule", "samwse"], in: directory)
            #expect(unknown.status == 1 && unknown.err.contains("did you mean 'samwise'"))
        }
    }

    @Test("explain reaches the quotes stage: cue and its rule, speaker and how, what gave no statement")
    func explainQuotes() throws {
        let news = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
        let text = "“We will act,” Blinken said. He waited. “Nobody knows.” Talks went on. The “deal” is off."
        let result = try QuarryCLI.run(["explain", news, text, "--rule", "quotes"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("quotes: 2 statements, cues from the rule phases' _CUE spans"), "\(result.out)")
        // Each cue names the rule that found it.
        #expect(result.out.contains("cue      23-27 \"said\" (rule 'cue_past')"), "\(result.out)")
        #expect(result.out.contains("speaker  15-22 \"Blinken\", found as mention"), "\(result.out)")
        #expect(result.out.contains("found as previous-quote"), "\(result.out)")
        #expect(result.out.contains("quotation \"“deal”\" is in no statement"), "\(result.out)")
        // A speaker rule names itself.
        let inverted = try QuarryCLI.run(["explain", news, "“It was a shock,” said the shop’s owner, Mary Jones.", "--rule", "quotes"])
        #expect(inverted.out.contains("\"the shop’s owner, Mary Jones\", found as mention (rule 'speaker_inverted_possessive'), who is \"Mary Jones\""), "\(inverted.out)")
        // Without the cue phase the stage finds cues by its verb list.
        let source = try String(contentsOfFile: news, encoding: .utf8)
            .replacingOccurrences(of: "\n  patterns quote-cues\n", with: "\n")
            .replacingOccurrences(of: " cues=_CUE ", with: " ")
            .replacingOccurrences(of: "include \"", with: "include \"\(Fixtures.rulesDirectory.path)/")
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Array(source.utf8), to: "n.quarry", in: directory)
            let own = try QuarryCLI.run(["explain", "n.quarry", text, "--rule", "quotes"], in: directory)
            #expect(own.status == 0, "\(own)")
            #expect(own.out.contains("quotes: 2 statements, cues from the stage's verb list"), "\(own.out)")
            #expect(own.out.contains("cue      23-27 \"said\" (verb list)"), "\(own.out)")
        }
    }

    @Test("explain on a token rule: which element failed at which token, and why")
    func explainTokenRule() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            try QuarryCLI.write(Array("""
            list say = said, told
            rule cue MENTION [in=@say] (?<name>[is-title])
            """.utf8), to: "t.quarry", in: directory)
            let result = try QuarryCLI.run(["explain", "t.quarry", "He said the president arrived.", "--rule", "cue"], in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.out.contains("rule 'cue' did not fire: element 1 of 2 matches, element 2 (?<name>[is-title]) never follows them"), "\(result.out)")
            #expect(result.out.contains("after 3-7 \"said\", at 8-11 \"the\":"), "\(result.out)")
            #expect(result.out.contains("is-title is false for \"the\""), "\(result.out)")
        }
    }

    @Test("stages lists the registry with options")
    func stages() throws {
        let result = try QuarryCLI.run(["stages"])
        #expect(result.status == 0)
        for expected in ["tokenize", "sentences", "patterns [SET", "keep-quotations=true|false", "words=true|false"] {
            #expect(result.out.contains(expected), "\(expected)")
        }
    }

    @Test("check and stages show what a user's file changed in the files it includes")
    func extensionIsVisible() throws {
        try QuarryCLI.withTemporaryDirectory { directory in
            let news = Fixtures.rulesDirectory.appendingPathComponent("news.quarry").path
            let rules = try QuarryCLI.write("""
            include "\(news)"
            list org-names += Zorblax
            pipeline mine from news
              drop aliases
            """, to: "mine.quarry", in: directory)
            let check = try QuarryCLI.run(["check", rules.path])
            #expect(check.status == 0, "\(check)")
            #expect(check.out.contains("mine.quarry:2: list org-names: added 1 of 1 entry"), "\(check.out)")
            #expect(check.out.contains("mine.quarry:4: pipeline mine: dropped 'aliases'"), "\(check.out)")
            let stages = try QuarryCLI.run(["stages", rules.path])
            #expect(stages.status == 0, "\(stages)")
            #expect(stages.out.hasPrefix("pipeline mine: 11 stages"), "\(stages.out)")
            let stageLines = stages.out.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isNumber == true }
            #expect(stageLines.count == 11 && !stageLines.contains { $0.hasSuffix(". aliases") }, "\(stages.out)")
            #expect(stages.out.contains("1. tokenize abbreviations=@news-abbreviations\n       written at ") && stages.out.contains("news.quarry:"))
        }
    }

    @Test("explain takes a stage's name, and reads a file named as the text")
    func explainStages() throws {
        let aliases = try QuarryCLI.run(["explain", "Rules/news.quarry", "The Office of Fair Trading (OFT) said so.", "--rule", "aliases"])
        #expect(aliases.status == 0, "\(aliases)")
        #expect(aliases.out.hasPrefix("aliases: "), "\(aliases.out)")
        #expect(aliases.out.contains(#"took     ORG        28-31 "OFT"  rule 'org_acronym' -> 'alias'  of="Office of Fair Trading""#), "\(aliases.out)")
        // The rule name the stage writes on its spans names the stage too.
        let byRule = try QuarryCLI.run(["explain", "Rules/news.quarry", "The Office of Fair Trading (OFT) said so.", "--rule", "alias"])
        #expect(byRule.status == 0 && byRule.out == aliases.out, "\(byRule)")
        #expect(!aliases.out.contains("patterns "), "the stage's section alone")
        let file = try QuarryCLI.run(["explain", "Rules/news.quarry", "Examples/blinken-seoul.txt", "--rule", "quotes"])
        #expect(file.status == 0 && file.out.contains("quotes: 16 statements"), "\(file.out.prefix(300))")
        #expect(file.err.contains("explaining the text of the file Examples/blinken-seoul.txt"))
        // A kept match shows its attributes.
        let money = try QuarryCLI.run(["explain", "Rules/examples/money.quarry", "It cost $5 million."])
        #expect(money.out.contains(#"kept  currency="$" amount="5" scale="million""#), "\(money.out)")
        let unknown = try QuarryCLI.run(["explain", "Rules/news.quarry", "x", "--rule", "alises"])
        #expect(unknown.status == 1 && unknown.out.isEmpty && unknown.err.contains("no rule or stage 'alises' (did you mean 'aliases'?)"), "\(unknown)")
    }
}
