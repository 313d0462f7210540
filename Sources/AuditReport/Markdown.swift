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
}
