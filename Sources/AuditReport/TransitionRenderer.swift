public import AuditModel

/// Renders `qmsaudit gaps --transition`.
public enum TransitionRenderer {
    /// The changes as an action list (table or Markdown), JSON (schema
    /// `qmsaudit-transition/1`) or CSV.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func render(_ view: EditionTransition, format: OutputFormat) -> String {
        let header = ["clause", "change", "covered", "in this audit", "action"]
        let rows = view.changes.map {
            [$0.clause.description, $0.change, $0.covered ? "yes" : "no", $0.status, $0.action]
        }
        switch format {
        case .json:
            return JSONValue.object([
                ("schema", .string("qmsaudit-transition/1")), ("from", .string(view.from)),
                ("to", .string(view.to)), ("draft", .bool(view.isDraft)),
                (
                    "changes",
                    .array(
                        view.changes.map {
                            .object([
                                ("clause", .string($0.clause.description)),
                                ("change", .string($0.change)), ("covered", .bool($0.covered)),
                                ("status", .string($0.status)), ("action", .string($0.action)),
                            ])
                        })
                ),
            ]).rendered() + "\n"
        case .csv:
            return CSVOutput.render(header: header, rows: rows)
        case .table, .md:
            let title = "Transition from \(view.from) to \(view.to)"
            var out = format == .md ? "# \(Markdown.escape(title))\n\n" : title + "\n\n"
            if view.isDraft {
                out +=
                    "\(view.to) follows a DRAFT of the standard: check each change against the"
                    + " published text before acting on it.\n\n"
            }
            out +=
                "\(view.changes.count.counted("change")), \(view.open.count) not yet covered by"
                + " this audit's answers and evidence.\n\n"
            if format == .md { return out + Markdown.table(header: header, rows: rows) }
            for change in view.changes {
                out += "\(change.covered ? "✓" : "•") \(change.clause)  \(change.change)\n"
                out += "    in this audit: \(change.status)\n"
                out += "    to do: \(change.action)\n"
            }
            return out
        }
    }
}
