// The Swift side of the QuarryLanguageData target, whose resources are this folder's language
// data (en/) and rule packs (news.quarry, examples/). SwiftPM copies them into a resource
// bundle beside every program that links Quarry, so that `Tokenizer.english()` and the news
// pipeline work in an app built and run anywhere, without the source checkout.
// (A target needs one source file; it lives here because SwiftPM resources must sit inside
// their target's folder.)
import Foundation

/// Where the bundled copy of Quarry's `Rules/` folder is.
public enum LanguageData {
    /// The suffix of the resource bundle's folder name (SwiftPM prefixes the package's name).
    static let bundleSuffix = "_QuarryLanguageData.resources"

    /// The bundled Rules folder (holding `en/`, `examples/` and `news.quarry`), or nil when
    /// the resource bundle is not beside the running program.
    ///
    /// It is looked up where SwiftPM's `Bundle.module` looks first (beside the executable)
    /// but without its `fatalError` when the bundle is missing: a program moved without its
    /// bundle gets a clear "cannot find Quarry's Rules" error instead of a crash.
    public static let bundledRulesDirectory: URL? = {
        let fm = FileManager.default
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            folders.append(executable)
        }
        for folder in folders {
            guard let entries = try? fm.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() where entry.hasSuffix(bundleSuffix) {
                let candidate = folder.appendingPathComponent(entry)
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate.appendingPathComponent("en").path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
            }
        }
        return nil
    }()
}
