import AuditModel

extension ProgrammeStore {
    /// Every table of a programme with its columns, in the order rows are copied; the same
    /// names on both engines.
    static let tables: [(name: String, columns: [String], order: String?)] = [
        ("programme", ["id", "uuid", "organisation", "scope", "created_at", "tool_version"], nil),
        ("checklist", ["id", "json"], nil),
        ("journal_head", ["id", "sha256", "seq"], nil),
        (
            "journal",
            [
                "seq", "at", "actor", "command", "entity", "action", "before", "after",
                "prev_sha256", "sha256",
            ], "seq"
        ),
        // Processes keep the order they are listed in; the engine says how it keeps it.
        ("process", ["id", "json"], nil),
        ("auditor", ["name", "json"], "name"),
        ("planned_audit", ["id", "json"], "id"),
        ("certification", ["id", "json"], nil),
        (
            "attached_audit",
            [
                "audit_id", "uuid", "path", "info", "events", "head", "date", "evidence",
                "attached_at",
            ], "audit_id"
        ),
        (
            "attached_event", ["audit_id", "seq", "sha256", "entity", "action", "at"],
            "audit_id, seq"
        ),
        ("attached_answer", ["audit_id", "item_id", "clause", "verdict"], "audit_id, item_id"),
        (
            "attached_evidence",
            ["audit_id", "evidence_id", "number", "title", "revision", "sha256", "clauses"],
            "audit_id, evidence_id"
        ),
        (
            "attached_finding", ["audit_id", "finding_id", "finding", "action"],
            "audit_id, finding_id"
        ),
        (
            "programme_action", ["audit_id", "finding_id", "action", "version"],
            "audit_id, finding_id"
        ),
    ]

    /// Checks that this copy of `source` ends its journal where `source` does, intact.
    ///
    /// - Returns: the copy's journal check.
    /// - Throws: `ProgrammeError.refused` naming the difference, `.database`.
    public func verifyCopy(of source: ProgrammeStore) throws -> JournalVerification {
        let (original, copied) = (try source.verifyJournal(), try verifyJournal())
        guard copied.isIntact, copied.head == original.head, copied.events == original.events
        else {
            throw ProgrammeError.refused(
                "the copy at \(path) does not end its journal where \(source.path) does"
                    + " (\(copied.problem ?? "head \(copied.head.prefix(16))…")); remove it")
        }
        return copied
    }

    /// Writes everything this programme holds into `target` — an empty programme's write
    /// transaction on either engine, its schema in place — row for row, journal included, so
    /// the copy is the same programme with the same chain; read from one snapshot.
    ///
    /// - Returns: how many rows were copied.
    /// - Throws: `ProgrammeError.database`.
    @discardableResult
    public func copy(into target: any ProgrammeTransaction) throws -> Int {
        try engine.read { source in
            var copied = 0
            for table in Self.tables {
                let order =
                    table.name == "process"
                    ? (source.dialect == .sqlite ? "rowid" : "position") : table.order
                let columns = table.columns.joined(separator: ", ")
                let insert =
                    "INSERT INTO \(table.name) (\(columns)) VALUES ("
                    + Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                    + ")"
                for row in try source.rows(
                    "SELECT \(columns) FROM \(table.name)"
                        + (order.map { " ORDER BY \($0)" } ?? ""),
                    [])
                {
                    try target.execute(insert, row)
                    copied += 1
                }
            }
            return copied
        }
    }
}
