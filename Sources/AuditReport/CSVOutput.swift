import Foundation

/// Writes RFC 4180 CSV, neutralising cells a spreadsheet would run as a formula.
public enum CSVOutput {
    /// The CSV text for a header and rows, CRLF line endings, every cell quoted when needed.
    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`,
    /// `@`, tab or carriage return is prefixed with `'` so spreadsheets show it as text.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
