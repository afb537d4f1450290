import Foundation

/// Finds the `Rules/` directory that ships with Quarry.
///
/// In order: the `QUARRY_RULES` environment variable; `Rules/` next to the executable or in
/// `../share/quarry/Rules` from it, or in a parent of its directory (a build tree); the
/// source checkout this module was compiled from. The first directory that exists wins.
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
        // Sources/QuarryCore/RulesLocator.swift -> the package root.
        let source = URL(fileURLWithPath: #filePath)
        result.append(source.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules"))
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
