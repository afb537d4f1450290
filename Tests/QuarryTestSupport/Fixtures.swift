import Foundation
import QuarryCore

/// Paths shared by the test targets: the package root, its Rules/ and Examples/, and the
/// data in ../shared that some tests read when it is present.
public enum Fixtures {
    /// The package root (two levels above this file's folder).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var rulesDirectory: URL { packageRoot.appendingPathComponent("Rules") }
    public static var seedArticle: URL { packageRoot.appendingPathComponent("Examples/blinken-seoul.txt") }

    /// `../shared/data/<relative>` beside the package, or nil when it is absent (a user's
    /// fresh clone). Tests that need it skip with a message.
    public static func sharedData(_ relative: String) -> URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The seed article as a document.
    public static func seedDocument() throws -> Document {
        let data = try Data(contentsOf: seedArticle)
        return try Document(id: "blinken-seoul", bytes: data)
    }
}
