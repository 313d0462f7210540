public import AuditModel
import Foundation
import GRDB

extension AuditFile {
    // MARK: - Importing

    /// Brings `drafts` from one source into the audit in one transaction.
    ///
    /// New natural keys are added, known ones updated, and keys the source no longer has are
    /// marked removed (never deleted, so links and history stay). One journal event records
    /// the import; with `dryRun`, nothing is written and the report says what would change.
    ///
    /// - Parameters:
    ///   - drafts: everything the source holds now; natural keys must be unique.
    ///   - answers: answers the source also holds (a filled-in checklist), recorded in the
    ///     same transaction.
    ///   - source: the importer and the source's name, e.g. `csv:registers/documents.csv`.
    ///   - dryRun: compute the report only.
    ///   - context: who, which command, when.
    /// - Returns: the natural keys added, changed, unchanged and removed.
    /// - Throws: `AuditStoreError.database`.
    @discardableResult
    public func importEvidence(
        _ drafts: [EvidenceDraft], answers: [Answer] = [], source: String, dryRun: Bool = false,
        context: ChangeContext
    ) throws -> ImportReport {
        if !answers.isEmpty {
            let checklist = try checklist()
            let items = checklist.itemsByID()
            let problems = answers.compactMap {
                $0.problem(for: items[$0.itemID], in: checklist.id)
            }
            guard problems.isEmpty else { throw AuditStoreError.answersRefused(problems) }
        }
        return try access { queue in
            if dryRun {
                return try queue.read { db in
                    try Self.merge(drafts, source: source, db: db, write: nil)
                }
            }
            return try queue.write { db in
                let report = try Self.merge(drafts, source: source, db: db, write: context)
                var journal = try JournalWriter(db)
                if !answers.isEmpty {
                    _ = try Self.write(
                        answers, clearing: [], db: db, journal: &journal, context: context)
                }
                try journal.append(
                    entity: "source:\(source)", action: "import", before: nil,
                    after: JSONValue.object([
                        ("added", .number(Double(report.added.count))),
                        ("changed", .number(Double(report.changed.count))),
                        ("unchanged", .number(Double(report.unchanged.count))),
                        ("removed", .number(Double(report.removed.count))),
                    ]).compact(), context: context)
                return report
            }
        }
    }

    private static func merge(
        _ drafts: [EvidenceDraft], source: String, db: Database, write context: ChangeContext?
    ) throws -> ImportReport {
        var existing: [String: Evidence] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM evidence WHERE source = ?", arguments: [source])
        {
            let evidence = evidence(row)
            existing[evidence.draft.naturalKey] = evidence
        }
        var next = (try Int.fetchOne(db, sql: "SELECT max(number) FROM evidence") ?? 0) + 1
        var report = ImportReport()
        var seen = Set<String>()
        for draft in drafts {
            seen.insert(draft.naturalKey)
            if let old = existing[draft.naturalKey] {
                if old.draft == draft && !old.removedFromSource {
                    report.unchanged.append(draft.naturalKey)
                    continue
                }
                report.changed.append(draft.naturalKey)
                if let context {
                    try db.cachedStatement(
                        sql: """
                            UPDATE evidence SET kind = ?, title = ?, document_number = ?,
                                revision = ?, location = ?, sha256 = ?, size = ?, modified = ?,
                                effective_date = ?, review_date = ?, owner = ?, clauses = ?,
                                tags = ?, status = ?, updated_at = ?, removed_from_source = 0
                            WHERE id = ?
                            """
                    ).execute(
                        arguments: StatementArguments(draftValues(draft)) + [context.time, old.id])
                }
            } else {
                report.added.append(draft.naturalKey)
                if let context {
                    let id = String(format: "EV-%04d", next)
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO evidence (kind, title, document_number, revision,
                                location, sha256, size, modified, effective_date, review_date,
                                owner, clauses, tags, status, id, number, source, natural_key,
                                imported_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """
                    ).execute(
                        arguments: StatementArguments(draftValues(draft))
                            + [id, next, source, draft.naturalKey, context.time, context.time])
                    next += 1
                }
            }
        }
        for (key, old) in existing.sorted(by: { $0.key < $1.key })
        where !seen.contains(key) && !old.removedFromSource {
            report.removed.append(key)
            if let context {
                try db.execute(
                    sql: "UPDATE evidence SET removed_from_source = 1, updated_at = ? WHERE id = ?",
                    arguments: [context.time, old.id])
            }
        }
        return report
    }

    private static func draftValues(_ draft: EvidenceDraft) -> [(any DatabaseValueConvertible)?] {
        [
            draft.kind.rawValue, draft.title, draft.documentNumber, draft.revision, draft.location,
            draft.sha256, draft.size, draft.modified, draft.effectiveDate, draft.reviewDate,
            draft.owner, JSONValue.strings(draft.clauses.map(\.description)).compact(),
            JSONValue.strings(draft.tags).compact(), draft.status,
        ]
    }

    static func evidence(_ row: Row) -> Evidence {
        func strings(_ json: String) -> [String] {
            JSONValue.decodeStrings(json) ?? []
        }
        let draft = EvidenceDraft(
            naturalKey: row["natural_key"],
            kind: EvidenceKind(rawValue: row["kind"]) ?? .document, title: row["title"],
            documentNumber: row["document_number"], revision: row["revision"],
            location: row["location"], sha256: row["sha256"], size: row["size"],
            modified: row["modified"], effectiveDate: row["effective_date"],
            reviewDate: row["review_date"], owner: row["owner"],
            clauses: strings(row["clauses"]).compactMap(ClauseNumber.init),
            tags: strings(row["tags"]),
            status: row["status"])
        return Evidence(
            id: row["id"], source: row["source"], draft: draft, importedAt: row["imported_at"],
            updatedAt: row["updated_at"], removedFromSource: row["removed_from_source"])
    }

    // MARK: - Reading

    /// Every evidence record, in id order.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func evidence() throws -> [Evidence] {
        try access { queue in
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM evidence ORDER BY number").map(
                    Self.evidence)
            }
        }
    }

    /// The evidence record with this id (`EV-0001`), or `nil`.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func evidence(id: String) throws -> Evidence? {
        try access { queue in
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM evidence WHERE id = ?", arguments: [id])
                    .map(Self.evidence)
            }
        }
    }

    /// The evidence ids linked to each item.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func links() throws -> [String: [String]] {
        try access { queue in
            try queue.read { db in
                var links: [String: [String]] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT item_id, evidence_id FROM item_evidence ORDER BY evidence_id")
                {
                    links[row["item_id"], default: []].append(row["evidence_id"])
                }
                return links
            }
        }
    }

    // MARK: - Linking

    /// Links evidence to an item, or removes links, in one transaction with one journal event
    /// per link changed.
    ///
    /// - Parameters:
    ///   - evidenceIDs: the evidence to link or unlink.
    ///   - itemID: the checklist item.
    ///   - unlink: remove the links instead of adding them.
    ///   - context: who, which command, when.
    /// - Returns: the evidence ids whose link actually changed.
    /// - Throws: `AuditStoreError.answersRefused` naming unknown items or evidence, `.database`.
    @discardableResult
    public func link(
        _ evidenceIDs: [String], to itemID: String, unlink: Bool = false, context: ChangeContext
    ) throws -> [String] {
        guard try checklist().item(itemID) != nil else {
            throw AuditStoreError.answersRefused(["the checklist has no item '\(itemID)'"])
        }
        return try access { queue in
            try queue.write { db in
                var journal = try JournalWriter(db)
                var changed: [String] = []
                for id in evidenceIDs {
                    guard
                        try Row.fetchOne(
                            db, sql: "SELECT 1 FROM evidence WHERE id = ?", arguments: [id]) != nil
                    else {
                        throw AuditStoreError.answersRefused(["there is no evidence '\(id)'"])
                    }
                    let entity = "item:\(itemID)"
                    let value = JSONValue.object([("evidence", .string(id))]).compact()
                    if unlink {
                        try db.execute(
                            sql: "DELETE FROM item_evidence WHERE item_id = ? AND evidence_id = ?",
                            arguments: [itemID, id])
                        guard db.changesCount > 0 else { continue }
                        try journal.append(
                            entity: entity, action: "unlink", before: value, after: nil,
                            context: context)
                    } else {
                        try db.execute(
                            sql: """
                                INSERT OR IGNORE INTO item_evidence (item_id, evidence_id,
                                    linked_at, linked_by) VALUES (?, ?, ?, ?)
                                """,
                            arguments: [itemID, id, context.time, context.actor])
                        guard db.changesCount > 0 else { continue }
                        try journal.append(
                            entity: entity, action: "link", before: nil, after: value,
                            context: context)
                    }
                    changed.append(id)
                }
                return changed
            }
        }
    }
}
