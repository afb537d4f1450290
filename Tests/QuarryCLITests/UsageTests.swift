import Foundation
import QuarryTestSupport
import Testing

/// Usage errors exit 64 with a message; help exits 0 and documents exit status and examples.
@Suite("quarry: usage and help")
struct UsageTests {
    @Test("quarry tokenize with no inputs: exit 64 and says what to pass")
    func noInputs() throws {
        let result = try QuarryCLI.run(["tokenize"])
        #expect(result.status == 64, "\(result)")
        #expect(result.err.contains("input"), "\(result.err)")
        #expect(result.err.contains("-"), "mentions - for standard input")
        #expect(result.out.isEmpty)
    }

    @Test("bad option values and unknown options: exit 64 naming the problem",
          arguments: [
            (["tokenize", "-f", "xml", "Examples/blinken-seoul.txt"], "xml"),
            (["tokenize", "--offsets", "bytes", "Examples/blinken-seoul.txt"], "bytes"),
            (["tokenize", "--frobnicate", "Examples/blinken-seoul.txt"], "frobnicate"),
            (["tokenise", "Examples/blinken-seoul.txt"], "tokenise"),
          ])
    func usageErrors(arguments: [String], mentioned: String) throws {
        let result = try QuarryCLI.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.err.contains(mentioned), "\(result.err)")
        #expect(result.out.isEmpty, "nothing is tokenized on a usage error")
    }

    @Test("quarry --help: exit 0, documents exit status and examples")
    func mainHelp() throws {
        let result = try QuarryCLI.run(["--help"])
        #expect(result.status == 0, "\(result)")
        let help = result.out
        #expect(help.contains("Exit status"))
        for status in ["0 ", "1 ", "64 "] { #expect(help.contains("  \(status)"), "exit status \(status)is documented") }
        #expect(help.contains("Examples"))
        #expect(help.contains("quarry tokenize"))
        #expect(help.contains("evaluate"))
    }

    @Test("quarry tokenize --help and quarry help tokenize: exit 0, formats, offsets and examples",
          arguments: [["tokenize", "--help"], ["help", "tokenize"]])
    func tokenizeHelp(arguments: [String]) throws {
        let result = try QuarryCLI.run(arguments)
        #expect(result.status == 0, "\(result)")
        let help = result.out
        #expect(help.contains("Examples"))
        #expect(help.contains("quarry tokenize"))
        for option in ["--format", "--offsets", "--words", "--repair-utf8", "conllu", "utf16"] {
            #expect(help.contains(option), "\(option) is documented")
        }
    }

    @Test("quarry evaluate tokens --help: exit 0 with examples")
    func evaluateHelp() throws {
        let result = try QuarryCLI.run(["evaluate", "tokens", "--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("Examples"))
        #expect(result.out.contains("--gold"))
    }

    @Test("quarry --version: exit 0")
    func version() throws {
        let result = try QuarryCLI.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(result.out)")
    }
}
