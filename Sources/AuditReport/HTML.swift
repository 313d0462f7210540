/// Escaping for text placed in HTML.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so text from the audit can never become markup, in
    /// element content or in a quoted attribute.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Escaped text with its line breaks kept as `<br>`.
    public static func paragraph(_ text: String) -> String {
        escape(text).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "<br>")
    }
}
