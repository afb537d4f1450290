import Foundation

extension RuleBook {
    /// Loads a rule file shipped with Quarry, with the standard stages: `news.quarry` (the
    /// news pipeline: tokens, sentences, entities, quotes) or one of `examples/*.quarry`.
    ///
    /// The file is found like the language lists (`RulesLocator`): `QUARRY_RULES`, the
    /// build tree or source checkout, else the copy bundled as package resources, so this
    /// works in an app built and run anywhere.
    ///
    /// ```swift
    /// let pipeline = try RuleBook.shipped("news.quarry").pipeline()
    /// let annotated = try pipeline.run(Document(id: "a", text: "“Ready,” Lew said."))
    /// ```
    /// - Throws: ``RuleErrors`` when the file cannot be found or does not load.
    public static func shipped(_ name: String = "news.quarry", registry: StageRegistry = .standard) throws(RuleErrors) -> RuleBook {
        guard let root = RulesLocator.defaultDirectory() else {
            let searched = RulesLocator.candidates().map(\.path).joined(separator: ", ")
            throw RuleErrors(diagnostics: [Diagnostic(.error, "cannot find Quarry's Rules directory for '\(name)'; set \(RulesLocator.environmentVariable) (searched: \(searched))")])
        }
        return try load(file: root.appendingPathComponent(name), registry: registry)
    }
}
