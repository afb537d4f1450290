import Foundation
import QuarryCore

/// Finds evaluation data in `../shared/data`, beside the working directory or beside the
/// project that holds Quarry's Rules directory. The data is not shipped with Quarry (some of
/// it is publishers' copyright); evaluations skip with a message when it is absent.
public enum EvaluationData {
    /// `../shared/data/<relative>` from the first root where it exists, or nil.
    public static func locate(_ relative: String) -> URL? {
        var roots: [URL] = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let rules = RulesLocator.defaultDirectory() { roots.append(rules.deletingLastPathComponent()) }
        for root in roots {
            let url = root.appendingPathComponent("../shared/data").appendingPathComponent(relative).standardizedFileURL
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// `<relative>` in the project: under the working directory, or beside the Rules
    /// directory Quarry found; nil when neither has it (an installed Quarry without its
    /// checkout).
    public static func locateInProject(_ relative: String) -> URL? {
        var roots: [URL] = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let rules = RulesLocator.defaultDirectory() { roots.append(rules.deletingLastPathComponent()) }
        for root in roots {
            let url = root.appendingPathComponent(relative).standardizedFileURL
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// A gold file given by path, or else the default one when it exists.
    /// - Returns: nil when no path is given and the default is absent (or there is none).
    /// - Throws: ``GoldFileError`` when the given file does not exist.
    public static func goldFile(_ path: String?, default relative: String?) throws(GoldFileError) -> URL? {
        if let path {
            guard FileManager.default.fileExists(atPath: path) else { throw GoldFileError(file: path, line: nil, message: "no such file") }
            return URL(fileURLWithPath: path)
        }
        return relative.flatMap(locate)
    }
}

/// Text helpers shared by the reports.
enum ReportFormat {
    /// A ratio with four decimals, as every report prints them.
    static func decimal(_ value: Double) -> String { String(format: "%.4f", value) }

    /// "  4.2%" (five places, one decimal), 0 for an empty whole.
    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%5.1f%%", whole == 0 ? 0 : 100 * Double(part) / Double(whole))
    }
}

extension String {
    /// Padded with spaces on the right to `width` characters, or cut to it.
    func padded(_ width: Int) -> String { padding(toLength: width, withPad: " ", startingAt: 0) }

    /// Padded with spaces on the left to `width` characters (never cut).
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// The code points of a text, sliced by code-point ranges (gold offsets are code points).
struct CodePoints {
    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var count: Int { scalars.count }

    /// The text of a range, clamped to the text.
    func slice(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        let lower = max(0, range.lowerBound), upper = min(scalars.count, range.upperBound)
        if lower < upper { view.append(contentsOf: scalars[lower..<upper]) }
        return String(view)
    }
}
