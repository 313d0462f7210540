public import AuditModel

/// Renders `qmsaudit checklist diff`.
public enum ChecklistDiffRenderer {
    /// The diff as a table of clause changes and a table of item changes, Markdown, or JSON
    /// (schema `qmsaudit-checklist-diff/1`).
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func render(_ diff: ChecklistDiff, format: OutputFormat) -> String {
        switch format {
        case .json: return json(diff).rendered() + "\n"
        case .table, .md, .csv: return text(diff, markdown: format == .md)
        }
    }

    static func clauseRow(_ change: ChecklistDiff.ClauseChange) -> [String] {
        [
            change.kind.rawValue, change.old?.description ?? "",
            change.new.map(\.description).joined(separator: ", "),
            change.kind == .added
                ? change.newTitle
                : change.newTitle.isEmpty || change.newTitle == change.oldTitle
                    ? change.oldTitle : "\(change.oldTitle) → \(change.newTitle)",
            change.note,
        ]
    }

    static func itemRow(_ change: ChecklistDiff.ItemChange) -> [String] {
        [
            change.kind.rawValue, change.id, change.clause.description,
            change.details.isEmpty
                ? String(change.question.prefix(70)) : change.details.joined(separator: "; "),
        ]
    }

    private static func text(_ diff: ChecklistDiff, markdown: Bool) -> String {
        let title =
            "Changes from \(diff.old.id) (revision \(diff.old.revision)) to \(diff.new.id)"
            + " (revision \(diff.new.revision))"
            + (diff.usesMapping ? ", through its edition mapping" : "")
        var out = markdown ? "# \(Markdown.escape(title))\n\n" : title + "\n\n"
        if diff.isEmpty { return out + "No changes: both ask the same things the same way.\n" }
        let counts = [
            "\(diff.clauses.count.counted("clause change"))",
            "\(diff.items.count.counted("item change"))",
        ]
        out += counts.joined(separator: ", ") + "\n"
        func section(_ heading: String, _ header: [String], _ rows: [[String]]) {
            guard !rows.isEmpty else { return }
            if markdown {
                out += "\n## \(heading)\n\n" + Markdown.table(header: header, rows: rows)
            } else {
                out +=
                    "\n\(heading):\n"
                    + TextTable(header: header.map { $0.uppercased() }, rows: rows).render()
            }
        }
        section(
            "Clauses", ["change", "old", "new", "title", "note"], diff.clauses.map(clauseRow))
        section("Items", ["change", "item", "clause", "what changed"], diff.items.map(itemRow))
        return out
    }

    private static func json(_ diff: ChecklistDiff) -> JSONValue {
        .object([
            ("schema", .string("qmsaudit-checklist-diff/1")),
            (
                "old",
                .object([("id", .string(diff.old.id)), ("revision", .string(diff.old.revision))])
            ),
            (
                "new",
                .object([("id", .string(diff.new.id)), ("revision", .string(diff.new.revision))])
            ),
            ("uses_mapping", .bool(diff.usesMapping)),
            (
                "clauses",
                .array(
                    diff.clauses.map { change in
                        .object([
                            ("change", .string(change.kind.rawValue)),
                            ("old", .optional(change.old?.description)),
                            ("new", .strings(change.new.map(\.description))),
                            ("old_title", .string(change.oldTitle)),
                            ("new_title", .string(change.newTitle)),
                            ("note", .string(change.note)),
                        ])
                    })
            ),
            (
                "items",
                .array(
                    diff.items.map { change in
                        .object([
                            ("change", .string(change.kind.rawValue)),
                            ("item", .string(change.id)),
                            ("clause", .string(change.clause.description)),
                            ("details", .strings(change.details)),
                            ("question", .string(change.question)),
                        ])
                    })
            ),
        ])
    }
}
