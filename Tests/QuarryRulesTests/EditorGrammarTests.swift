import Foundation
import Quarry
import QuarryTestSupport
import Testing

/// editors/quarry.tmLanguage.json: its expressions compile, and it knows the language's words.
@Suite struct EditorGrammar {
    static func grammar() throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("editors/quarry.tmLanguage.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `match`, `begin` and `end` in the grammar, wherever it is nested.
    static func expressions(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return ["match", "begin", "end"].compactMap { object[$0] as? String } + object.values.flatMap(expressions)
        }
        if let array = value as? [Any] { return array.flatMap(expressions) }
        return []
    }

    @Test func everyExpressionCompiles() throws {
        let expressions = Self.expressions(try Self.grammar())
        #expect(expressions.count > 20)
        for expression in expressions {
            #expect(throws: Never.self, "\(expression)") { _ = try NSRegularExpression(pattern: expression) }
        }
    }

    @Test func itKnowsTheDeclarationsAndTokenAttributes() throws {
        let repository = try #require(try Self.grammar()["repository"] as? [String: Any])
        let declaration = try #require((repository["declaration"] as? [String: Any])?["match"] as? String)
        let regex = try NSRegularExpression(pattern: declaration)
        for keyword in RuleLanguage.keywords {
            let line = "\(keyword) name"
            #expect(regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil, "\(keyword)")
        }
        let tokenTest = try #require((repository["token-test"] as? [String: Any])?["patterns"] as? [[String: Any]])
        let attributes = try #require(tokenTest.compactMap { $0["match"] as? String }.first { $0.contains("lower") })
        let attributeRegex = try NSRegularExpression(pattern: attributes)
        for attribute in RuleLanguage.tokenAttributes {
            let text = "\(attribute)=x"
            #expect(attributeRegex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "\(attribute)")
        }
    }
}
