import Foundation
internal import QuarryLanguageData

/// Finds the `Rules/` directory that ships with Quarry.
///
/// In order: the `QUARRY_RULES` environment variable; `Rules/` in `../share/quarry/` from the
/// executable or in a parent of its folder (a build tree); the source checkout this module
/// was compiled from; the copy bundled as package resources beside the executable (what an
/// app built elsewhere and moved without the checkout uses). The first directory that holds
/// `en/` wins. The live checkout comes before the bundled copy so that an edited list takes
/// effect without a rebuild.
public enum RulesLocator {
    /// The environment variable that overrides the search.
    public static let environmentVariable = "QUARRY_RULES"

    /// The directories searched, in order (existing or not).
    public static func candidates() -> [URL] {
        var result: [URL] = []
        if let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty {
            result.append(URL(fileURLWithPath: value))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        result.append(directory.appendingPathComponent("../share/quarry/Rules").standardizedFileURL)
        for _ in 0..<6 {
            result.append(directory.appendingPathComponent("Rules"))
            directory.deleteLastPathComponent()
        }
        // Sources/QuarryCore/Rules/RulesLocator.swift -> the package root.
        let source = URL(fileURLWithPath: #filePath)
        result.append(source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules"))
        if let bundled = LanguageData.bundledRulesDirectory { result.append(bundled) }
        return result
    }

    /// The first candidate that contains `en/`, or `nil`.
    public static func defaultDirectory() -> URL? {
        let fm = FileManager.default
        return candidates().first { candidate in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: candidate.appendingPathComponent("en").path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }
}
