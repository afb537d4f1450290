/// CSV as RFC 4180 defines it, read back in tests of `-f csv`.
public enum RFC4180 {
    /// A strict RFC 4180 reader: rows of fields; quoted fields may hold commas, doubled quotes
    /// and line breaks; rows end in CRLF.
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, wasQuoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == "," {
                row.append(field); field = ""; wasQuoted = false
            } else if c == "\r" && characters.first == "\n" {
                characters.removeFirst()
                row.append(field); rows.append(row)
                row = []; field = ""; wasQuoted = false
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
