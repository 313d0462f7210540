public import AuditModel

/// Renders journal events (`qmsaudit log`) as a table or JSON.
public enum JournalRenderer {
    /// Renders `entries` as a table (one line each) or JSON (every field).
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func render(_ entries: [JournalEvent], format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.array(
                entries.map { entry in
                    .object([
                        ("seq", .number(Double(entry.sequence))), ("time", .string(entry.time)),
                        ("actor", .string(entry.actor)), ("command", .string(entry.command)),
                        ("entity", .string(entry.entity)), ("action", .string(entry.action)),
                        ("before", .optional(entry.before)), ("after", .optional(entry.after)),
                        ("sha256", .string(entry.hash)),
                    ])
                }
            ).rendered()
        case .csv:
            return CSVOutput.render(
                header: [
                    "seq", "time", "actor", "command", "entity", "action", "before", "after",
                    "sha256",
                ],
                rows: entries.map {
                    [
                        String($0.sequence), $0.time, $0.actor, $0.command, $0.entity, $0.action,
                        $0.before ?? "", $0.after ?? "", $0.hash,
                    ]
                })
        case .table, .md:
            return TextTable(
                header: ["SEQ", "TIME", "ACTOR", "ACTION", "ENTITY", "HASH"],
                rows: entries.map {
                    [
                        String($0.sequence), $0.time, $0.actor, $0.action, $0.entity,
                        String($0.hash.prefix(12)),
                    ]
                }
            ).render()
        }
    }
}
