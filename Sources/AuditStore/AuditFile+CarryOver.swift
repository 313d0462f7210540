public import AuditModel
import GRDB

extension AuditFile {
    /// Copies what an audit on the superseded checklist holds into a new audit, inside the
    /// transaction that creates it.
    ///
    /// Answers go through the edition mapping (marked to be confirmed); every evidence record
    /// its sources still list comes with its clauses mapped, and so do the links to items and
    /// the nonconformities with their corrective actions. Each answer and finding carried is
    /// a journal event; so is the evidence, per source.
    static func carry(
        from oldPath: String, old: Checklist, into new: Checklist, db: Database,
        journal: inout JournalWriter, context: ChangeContext
    ) throws -> CarryOverOutcome {
        let mapping =
            new.transition?.supersedes == old.id
            ? new.transition ?? EditionMapping(supersedes: old.id)
            : EditionMapping(supersedes: old.id)
        var outcome = CarryOverOutcome()
        let marker = CarryOver.marker(from: old)

        // Answers, through the mapping, marked to be confirmed.
        let responses = try Row.fetchAll(db, sql: "SELECT * FROM old.response ORDER BY item_id")
        for row in responses {
            let oldItem: String = row["item_id"]
            let targets = mapping.items(for: oldItem, in: new)
            if targets.isEmpty {
                outcome.answersLeft.append(oldItem)
                continue
            }
            for target in targets {
                let note: String = row["note"]
                let carried = Response(
                    itemID: target, verdict: Verdict(rawValue: row["verdict"]) ?? .conforming,
                    note: marker + (note.isEmpty ? "" : " " + note),
                    justification: row["justification"], sample: row["sample"],
                    answeredAt: row["answered_at"], answeredBy: row["answered_by"])
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO response (item_id, verdict, note, justification,
                            sample, answered_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        carried.itemID, carried.verdict.rawValue, carried.note,
                        carried.justification, carried.sample, carried.answeredAt,
                        carried.answeredBy,
                    ])
                try journal.append(
                    entity: "item:\(target)", action: "carry", before: nil,
                    after: carried.compactJSON, context: context)
                outcome.answers.append(target)
            }
        }
        let mappedTargets = Set(old.items.flatMap { mapping.items(for: $0.id, in: new) })
        outcome.newItems = new.items.map(\.id).filter { !mappedTargets.contains($0) }

        // Evidence its sources still list, with its sources and imports, clauses mapped.
        func columns(_ table: String) throws -> String {
            try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(table))").map { row -> String in
                row["name"]
            }.joined(separator: ", ")
        }
        for table in ["evidence_source", "evidence_import"] {
            let list = try columns(table)
            try db.execute(sql: "INSERT INTO \(table) (\(list)) SELECT \(list) FROM old.\(table)")
        }
        let evidenceColumns = try columns("evidence")
        try db.execute(
            sql: """
                INSERT INTO evidence (\(evidenceColumns)) SELECT \(evidenceColumns)
                FROM old.evidence WHERE removed_from_source = 0
                """)
        outcome.evidence = db.changesCount
        let changedClauses = mapping.entries.filter { $0.level == .clause }
        if !changedClauses.isEmpty {
            for row in try Row.fetchAll(db, sql: "SELECT number, clauses FROM evidence") {
                let text: String = row["clauses"]
                let clauses = (JSONValue.decodeStrings(text) ?? []).compactMap(ClauseNumber.init)
                var mapped: [ClauseNumber] = []
                for clause in clauses {
                    for target in mapping.clauses(for: clause, in: new)
                    where !mapped.contains(target) {
                        mapped.append(target)
                    }
                }
                guard mapped != clauses else { continue }
                try db.execute(
                    sql: "UPDATE evidence SET clauses = ? WHERE number = ?",
                    arguments: [
                        JSONValue.strings(mapped.map(\.description)).compact(),
                        row["number"] as Int,
                    ])
            }
        }
        for source in try Row.fetchAll(
            db,
            sql: """
                SELECT s.name, count(e.number) AS records FROM evidence_source s
                LEFT JOIN evidence e ON e.source_id = s.id GROUP BY s.id ORDER BY s.name
                """)
        {
            try journal.append(
                entity: "source:\(source["name"] as String)", action: "carry", before: nil,
                after: JSONValue.object([
                    ("records", .number(Double(source["records"] as Int))),
                    ("from", .string(oldPath)),
                ]).compact(), context: context)
        }
        for link in try Row.fetchAll(
            db,
            sql: """
                SELECT l.item_id, l.evidence_number, l.linked_at, l.linked_by
                FROM old.item_evidence l JOIN evidence e ON e.number = l.evidence_number
                """)
        {
            for target in mapping.items(for: link["item_id"], in: new) {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO item_evidence (item_id, evidence_number, linked_at,
                            linked_by) VALUES (?, ?, ?, ?)
                        """,
                    arguments: [
                        target, link["evidence_number"] as Int, link["linked_at"] as String,
                        link["linked_by"] as String,
                    ])
                outcome.links += db.changesCount
            }
        }

        // Nonconformities with their corrective actions: the open ones to drive to closure,
        // the closed ones because the answers that raised them are carried too.
        let open = try Row.fetchAll(
            db,
            sql: """
                SELECT f.id, f.item_id, f.clause,
                    coalesce(a.state, '') IN ('closed', 'cancelled') AS done
                FROM old.finding f LEFT JOIN old.corrective_action a ON a.finding_id = f.id
                WHERE f.withdrawn_at IS NULL AND f.class IN ('major', 'minor', 'ungraded')
                ORDER BY f.prefix, f.number
                """)
        let findingColumns = try columns("finding")
        for row in open {
            let id: String = row["id"]
            try db.execute(
                sql: """
                    INSERT INTO finding (\(findingColumns)) SELECT \(findingColumns)
                    FROM old.finding WHERE id = ?
                    """, arguments: [id])
            let oldItem: String? = row["item_id"]
            let newItem = oldItem.flatMap { mapping.items(for: $0, in: new).first }
            let oldClause = ClauseNumber(row["clause"] as String)
            let newClause = oldClause.flatMap { mapping.clauses(for: $0, in: new).first }
            try db.execute(
                sql: "UPDATE finding SET item_id = ?, clause = ? WHERE id = ?",
                arguments: [newItem, (newClause ?? oldClause)?.description ?? "", id])
            for table in ["corrective_action", "action_step", "action_verification"] {
                let list = try columns(table)
                try db.execute(
                    sql: """
                        INSERT INTO \(table) (\(list)) SELECT \(list) FROM old.\(table)
                        WHERE finding_id = ?
                        """, arguments: [id])
            }
            try journal.append(
                entity: "finding:\(id)", action: "carry", before: nil,
                after: JSONValue.object([
                    ("from", .string(oldPath)), ("item", .optional(newItem)),
                    ("clause", .string((newClause ?? oldClause)?.description ?? "")),
                ]).compact(), context: context)
            if row["done"] as Bool {
                outcome.closedFindings.append(id)
            } else {
                outcome.findings.append(id)
            }
        }
        return outcome
    }
}

extension AuditFile {
    /// Creates a new audit at `path` on `checklist` with what the audit at `oldPath` holds
    /// carried over (`carry`).
    ///
    /// All of it happens in the transaction that creates the file: it is whole or not there
    /// at all. The old audit is opened (migrated, when older) and left as it was.
    ///
    /// - Throws: `AuditStoreError.alreadyExists`, `.notFound`, `.carryOverRefused` when the
    ///   checklist neither is nor supersedes the old audit's, `.database`.
    public static func create(
        at path: String, audit: NewAudit, checklist: Checklist, carryingOver oldPath: String,
        context: ChangeContext
    ) throws -> (AuditFile, CarryOverOutcome) {
        let oldFile = try AuditFile.open(at: oldPath)
        let old = try oldFile.checklist()
        guard checklist.id == old.id || checklist.transition?.supersedes == old.id else {
            throw AuditStoreError.carryOverRefused(
                "checklist '\(checklist.id)' does not supersede '\(old.id)', the checklist of"
                    + " \(oldPath); carry an audit over to a checklist whose 'supersedes' names"
                    + " its checklist (or to the same checklist)")
        }
        var outcome = CarryOverOutcome()
        let file = try create(
            at: path, audit: audit, checklist: checklist, context: context, upTo: nil,
            attaching: oldPath
        ) { db, journal in
            outcome = try carry(
                from: oldPath, old: old, into: checklist, db: db, journal: &journal,
                context: context)
        }
        return (file, outcome)
    }
}

extension AuditFile {
    /// What moving this audit to `new`, a checklist that supersedes its own, asks of the
    /// organisation (`gaps --transition`).
    ///
    /// - Throws: `AuditStoreError.carryOverRefused` when `new` does not supersede the audit's
    ///   checklist, `.database`.
    public func transition(to new: Checklist) throws -> EditionTransition {
        let old = try checklist()
        guard new.transition?.supersedes == old.id else {
            throw AuditStoreError.carryOverRefused(
                "checklist '\(new.id)' does not supersede '\(old.id)', this audit's checklist;"
                    + " a transition needs a checklist whose 'supersedes' names it")
        }
        return EditionTransition(
            old: old, new: new, responses: try responses(), evidence: try evidence(),
            links: try links())
    }
}

extension AuditFile.NewAudit {
    /// The audit `info` describes, continued: its organisation, scope, sites, type and team.
    public init(continuing info: AuditInfo) {
        self.init(
            organisation: info.organisation, scope: info.scope, sites: info.sites,
            type: info.type, auditors: info.auditors)
    }
}
