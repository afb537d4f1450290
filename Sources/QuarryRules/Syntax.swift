/// The declarations of one rule file, as written (names not yet resolved).
struct Located<Value> {
    var value: Value
    var position: SourcePosition
}

struct RegexLiteral {
    var pattern: String
    var flags: String
    /// The pattern's first byte (after the slash).
    var position: SourcePosition
}

struct OptionDecl {
    var key: Located<String>
    var value: Located<String>
}

struct ExpectDecl {
    var text: String
    /// nil for `-> nothing`.
    var label: Located<String>?
    var span: String?
    var position: SourcePosition
}

enum ListSource {
    case inline([Located<String>])
    case file(Located<String>)
}

struct ListDecl {
    var name: Located<String>
    var caseless: Bool
    var source: ListSource
}

enum RuleMatcherDecl {
    case regex(RegexLiteral)
    case list(Located<String>)
    case tokens(TokenPatternDecl)
}

struct RuleDecl {
    var id: Located<String>
    var label: Located<String>
    var matcher: RuleMatcherDecl
    var options: [OptionDecl]
    var sets: [(name: Located<String>, value: Located<String>)]
    var expects: [ExpectDecl]
}

struct PatternsDecl {
    var name: Located<String>
    var options: [OptionDecl]
    /// nil: every rule loaded.
    var rules: [Located<String>]?
    var expects: [ExpectDecl]
}

struct StageDecl {
    var kind: Located<String>
    var argument: Located<String>?
    var options: [OptionDecl]
}

struct PipelineDecl {
    var name: Located<String>
    var stages: [StageDecl]
}

enum Declaration {
    case include(Located<String>)
    case define(name: Located<String>, body: RegexLiteral)
    /// `define NAME = [ … ]`: a macro for token patterns (`{NAME}`).
    case defineTokens(name: Located<String>, pattern: TokenPatternDecl)
    case list(ListDecl)
    case rule(RuleDecl)
    case patterns(PatternsDecl)
    case pipeline(PipelineDecl)
}
