@testable import QuarryRules
import Testing

@Suite struct BacktrackingLintTests {
    @Test(arguments: [
        ("(a+)+$", [0]),
        ("(\\w+\\s?)*x", [0]),
        ("(?:a*)*", [0]),
        ("x(?:\\d+)+", [1]),
        ("(?:(?:ab)+)+", [0]),
    ] as [(String, [Int])])
    func risky(pattern: String, expected: [Int]) {
        #expect(BacktrackingLint.riskyGroups(pattern) == expected)
    }

    @Test(arguments: [
        "\\d+(?:[.,]\\d+)*",        // every repetition starts with a separator
        "(?>a+)+",                 // atomic
        "(a++)+",                  // possessive
        "(\\w+\\s)*",               // a required separator
        "(a+)?",                   // bounded repetition
        "\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)*",
        "[(a+)+]",                 // a character class
        "(a{2,5})+",
    ])
    func safe(pattern: String) {
        #expect(BacktrackingLint.riskyGroups(pattern).isEmpty)
    }
}
