/// The forms a command can print data in.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned plain text for a terminal.
    case table
    /// JSON, pretty-printed with sorted keys; stable for other tools to read.
    case json
    /// Markdown, for pasting into documents and wikis.
    case md
    /// Comma-separated values (RFC 4180).
    case csv
}
