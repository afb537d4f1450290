/// Splitting a file's text into lines the way editors count them.
public enum TextLines {
    /// The lines of `text`, split at every line feed, each without its line feed and without
    /// a carriage return before it (files saved with Windows line endings). A text that ends
    /// with a line feed ends with an empty line, so line `n` of the result is line `n + 1` of
    /// the file.
    ///
    /// Splitting a `String` at the `Character` "\n" does not do this: Swift counts "\r\n" as
    /// one `Character`, unequal to "\n", so a file with Windows line endings would be one line.
    /// This works on the UTF-8 bytes, where a line feed is always the byte 0x0A.
    public static func split(_ text: String) -> [String] {
        var lines: [String] = []
        var utf8 = text.utf8[...]
        while true {
            let end = utf8.firstIndex(of: 0x0A) ?? utf8.endIndex
            var line = utf8[..<end]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            guard end < utf8.endIndex else { break }
            utf8 = utf8[utf8.index(after: end)...]
        }
        return lines
    }
}
