import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// The rule language reads PCRE2's classes and quoting where PCRE2 does, and `quarry check`
/// builds what `quarry run` builds (found with PCRE2's test files; see
/// Tests/QuarryConformanceTests).
@Suite struct PCRE2SyntaxInRules {
    func regex(of source: String, rule id: String) throws -> String? {
        let book = try RuleBook.load(source: source, registry: .standard)
        guard case let .regex(pattern, _)? = book.rules.first(where: { $0.id == id })?.matcher else { return nil }
        return pattern
    }

    /// A slash inside a class needs no escape, also after a POSIX item: `[[:alpha:]/]` is one
    /// class (the lexer ended the regex at its first `]`, then at the slash).
    @Test func slashesInClassesWithPOSIXItems() throws {
        #expect(try regex(of: "rule a X /[[:alpha:]/]+x/\n", rule: "a") == "[[:alpha:]/]+x")
        #expect(try regex(of: "rule a X /[]/]x/\n", rule: "a") == "[]/]x")
        // "[[:." is not a POSIX item: the class ends at the first ']'.
        #expect(try regex(of: "rule a X /[[:.]x/\n", rule: "a") == "[[:.]x")
    }

    /// `{NAME}` inside `\Q…\E` is text, and so is one inside a class after a POSIX item.
    @Test func noMacrosInsideQuotingOrClasses() throws {
        #expect(try regex(of: "define N = /x/\nrule a X /\\Q{N}\\E{N}/\n", rule: "a") == "\\Q{N}\\E(?:x)")
        #expect(try regex(of: "define N = /x/\nrule a X /[[:alpha:]{N}]+/\n", rule: "a") == "[[:alpha:]{N}]+")
    }

    /// A rule of lookarounds alone loads, with a warning at its pattern.
    @Test func lookaroundsAloneWarn() throws {
        let found = try diagnostics([("a.quarry", "rule ok X /\\d+(?=%)/\nrule look X /(?=d)/\n")])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("a.quarry:2:14: warning: this rule is made only of lookarounds") == true, "\(found)")
    }

    /// `quarry check` runs the literal analysis, the prefilter and everything else `quarry run`
    /// and `quarry bench` build (not the JIT): a rule set that passes it builds. Before, the
    /// check compiled each rule alone, and `[[:.]` passed it, then trapped the build.
    @Test func whatCheckAcceptsBuilds() throws {
        let source = "rule t X /[[:.]/\nrule u X /x{65535}y/\npatterns p\n  rules t u\npipeline main\n  tokenize\n  patterns p\n"
        let book = try RuleBook.load(source: source, registry: .standard)
        let pipeline = try book.pipeline()
        #expect(pipeline.stages.count == 2)
    }
}
