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
    struct Item {
        var label: Located<String>
        var span: String?
        var attributes: [(name: Located<String>, value: String)]
    }
    var text: String
    /// Empty for `-> nothing`.
    var items: [Item]
    /// `-> only …`: these and nothing more.
    var only: Bool
    var position: SourcePosition
    var label: Located<String>? { items.first?.label }
    var span: String? { items.first?.span }
}

enum ListSource {
    case inline([Located<String>])
    case file(Located<String>)
}

/// How a declaration treats a name that may already be declared: `list NAME = …` declares it;
/// `list NAME += …` adds to it and `list NAME -= …` removes from it (also for `patterns`).
enum DeclarationMode: Equatable {
    case declare, add, remove
}

struct ListDecl {
    var name: Located<String>
    var caseless: Bool
    var source: ListSource
    var mode: DeclarationMode = .declare
    /// Where `+=` or `-=` is written (the declaration's own name for `.declare`).
    var position: SourcePosition { name.position }
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
    /// `.add`/`.remove`: `patterns NAME += id, id` changes a declared set's rules (in `rules`).
    var mode: DeclarationMode = .declare
}

struct StageDecl {
    var kind: Located<String>
    var argument: Located<String>?
    var options: [OptionDecl]
}

/// Which stage of a pipeline an edit names: `patterns entity-names`, `entity-names` (a
/// patterns stage's argument alone) or `quotes` (a kind that appears once).
struct StageReference {
    var words: [Located<String>]
    var text: String { words.map(\.value).joined(separator: " ") }
    var position: SourcePosition { words[0].position }
}

/// One line of `pipeline NAME from BASE`: a change to the base pipeline's stages.
enum PipelineEdit {
    /// `insert STAGE before|after TARGET`
    case insert(StageDecl, after: Bool, target: StageReference)
    /// `replace TARGET with STAGE`
    case replace(StageReference, with: StageDecl)
    /// `drop TARGET`
    case drop(StageReference)
    /// `set TARGET option=value …`
    case set(StageReference, options: [OptionDecl])
}

struct PipelineEditDecl {
    var edit: PipelineEdit
    /// The edit's first word (`insert`, `drop`, …).
    var position: SourcePosition
    /// The line as written, for `quarry check` and `quarry stages`.
    var text: String
}

struct PipelineDecl {
    var name: Located<String>
    var stages: [StageDecl]
    /// `expect` lines: the whole pipeline runs on the text (quotes and spans checked).
    var expects: [ExpectDecl] = []
    /// `pipeline NAME from BASE`: the pipeline it starts from; its body lines are edits.
    var base: Located<String>? = nil
    var edits: [PipelineEditDecl] = []
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
