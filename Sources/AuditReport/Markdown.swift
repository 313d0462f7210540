/// Escaping for text placed in Markdown.
public enum Markdown {
    /// Escapes the characters that Markdown would read as formatting or HTML.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#":
                result.append("\\")
                result.append(character)
            case "\n":
                result.append(" ")
            default:
                result.append(character)
            }
        }
        return result
    }

    /// A table: the header, the rule, a row per row, every cell escaped.
    public static func table(header: [String], rows: [[String]]) -> String {
        var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: "---|", count: header.count))
        for row in rows { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }
}
