public import AuditModel

/// Renders the list of known checklists (`qmsaudit checklist list`).
public enum ChecklistListRenderer {
    /// One line of the list.
    public struct Row: Sendable {
        /// The checklist's id.
        public var id: String
        /// Its title.
        public var title: String
        /// The edition of the standard it audits.
        public var edition: String
        /// The checklist it extends, if any.
        public var extends: String?
        /// How many items it has.
        public var items: Int
        /// Where it came from: bundled, folder or file.
        public var origin: String
        /// The file it was read from (`bundled:NAME` for bundled ones).
        public var path: String
        /// Whether it follows a draft of the standard.
        public var draft: Bool
        /// The checklist it supersedes (an older edition's), if any.
        public var supersedes: String?

        /// Creates a row from a resolved checklist.
        public init(checklist: Checklist, origin: String, path: String) {
            id = checklist.id
            title = checklist.title
            edition = checklist.edition
            extends = checklist.base
            items = checklist.items.count
            self.origin = origin
            self.path = path
            draft = checklist.isDraft
            supersedes = checklist.transition?.supersedes
        }

    }

    /// Renders `rows` as a table, CSV or JSON; a checklist that follows a draft standard says
    /// so first.
    public static func render(_ rows: [Row], format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.array(
                rows.map { row in
                    .object([
                        ("id", .string(row.id)), ("title", .string(row.title)),
                        ("edition", .string(row.edition)), ("extends", .optional(row.extends)),
                        ("items", .number(Double(row.items))), ("origin", .string(row.origin)),
                        ("path", .string(row.path)), ("draft", .bool(row.draft)),
                        ("supersedes", .optional(row.supersedes)),
                    ])
                }
            ).rendered()
        case .csv:
            return CSVOutput.render(
                header: [
                    "id", "title", "edition", "extends", "items", "origin", "path", "draft",
                    "supersedes",
                ],
                rows: rows.map {
                    [
                        $0.id, $0.title, $0.edition, $0.extends ?? "", String($0.items), $0.origin,
                        $0.path, $0.draft ? "yes" : "no", $0.supersedes ?? "",
                    ]
                })
        case .table, .md:
            let table = TextTable(
                header: ["ID", "TITLE", "EDITION", "ITEMS", "SOURCE"],
                rows: rows.map { row in
                    let source = row.origin == "bundled" ? "bundled" : row.path
                    var title = row.extends.map { "\(row.title) (extends \($0))" } ?? row.title
                    if row.draft { title = "DRAFT — " + title }
                    return [row.id, title, row.edition, String(row.items), source]
                })
            return table.render()
        }
    }
}
