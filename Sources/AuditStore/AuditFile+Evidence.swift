public import AuditModel
import Foundation
import GRDB
public import ImportTransport

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
    /// - Throws: `AuditStoreError.database`, `.answersRefused`, `.duplicateKey`.
    @discardableResult
    public func importEvidence(
        _ drafts: [EvidenceDraft], answers: [Answer] = [], source: String, dryRun: Bool = false,
        context: ChangeContext
    ) throws -> ImportReport {
        try importEvidence(
            batches: [DraftBatch(drafts)],
            closing: { report in
                if let repeated = report.repeated.first {
                    throw AuditStoreError.duplicateKey(repeated.key)
                }
                return ImportClosing(answers: answers)
            }, source: source, dryRun: dryRun, context: context)
    }

    /// Brings the drafts of one source into the audit in one transaction, batch by batch as
    /// they come: the sequence may be fed by an importer still reading, so a large source is
    /// written while it is read and never held in memory whole.
    ///
    /// A record whose natural key an earlier record had is left out and listed in the report's
    /// `repeated`: the audit file's unique index finds it, so memory stays flat.
    ///
    /// `closing` is called once the batches are exhausted, inside the transaction, with the
    /// report so far, and returns the answers and derivation the source gave; whatever it (or
    /// the sequence) throws rolls everything back, so an importer that finds an error late in
    /// its source — or a caller that will not accept repeated keys — still lands nothing.
    ///
    /// - Parameters:
    ///   - batches: the records, in source order.
    ///   - closing: called after the last batch.
    ///   - source: the importer and the source's name.
    ///   - dryRun: compute the report only.
    ///   - known: the facts the importer was given (`knownFiles(source:)`), when it was; drafts
    ///     that name an `unchangedRecord` rely on them, so the import is refused when another
    ///     import of the source came in between.
    ///   - context: who, which command, when.
    /// - Returns: the natural keys added, changed, unchanged and removed, and those repeated.
    /// - Throws: `AuditStoreError.database`, `.answersRefused`, `.changedMeanwhile`, or what
    ///   `batches` or `closing` throw.
    @discardableResult
    public func importEvidence<Batches: Sequence<DraftBatch>>(
        batches: Batches, closing: (ImportReport) throws -> ImportClosing, source: String,
        dryRun: Bool = false, known: KnownFiles? = nil, context: ChangeContext
    ) throws -> ImportReport {
        let checklist = try checklist()
        let items = checklist.itemsByID()
        return try access { queue in
            func merge(_ db: Database) throws -> ImportReport {
                let merger = try EvidenceMerger(
                    db, source: source, context: dryRun ? nil : context, known: known)
                for batch in batches {
                    try batch.withView { drafts in
                        try merger.add(drafts)
                    }
                }
                var report = try merger.finish()
                let closing = try closing(report)
                let answers = closing.answers
                let problems = answers.compactMap {
                    $0.problem(for: items[$0.itemID], in: checklist.id)
                }
                guard problems.isEmpty else { throw AuditStoreError.answersRefused(problems) }
                if dryRun { return report }
                try merger.record(
                    derivation: closing.derivation, place: closing.place, root: closing.root)
                var journal = try JournalWriter(db)
                if !answers.isEmpty {
                    report.findingsOpened = try Self.write(
                        answers, clearing: [], checklist: checklist, db: db, journal: &journal,
                        context: context
                    ).findingsOpened
                }
                try journal.append(
                    entity: "source:\(source)", action: "import", before: nil,
                    after: JSONValue.object([
                        ("added", .number(Double(report.addedCount))),
                        ("changed", .number(Double(report.changedCount))),
                        ("unchanged", .number(Double(report.unchangedCount))),
                        ("removed", .number(Double(report.removedCount))),
                    ]).compact(), context: context)
                return report
            }
            return dryRun ? try queue.read(merge) : try queue.write(merge)
        }
    }

    /// The name the records of a source named `name` and found at `place` are filed under:
    /// `name` itself when the audit has records of it or knows no other source at `place`;
    /// else the source (whose name starts with `prefix`) recorded there — the same folder,
    /// imported before under another name, such as from another working folder.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func sourceName(for name: String, at place: String, prefix: String) throws -> String {
        try access { queue in
            try queue.read { db in
                let held = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM evidence e JOIN evidence_source s
                            ON s.id = e.source_id WHERE s.name = ?)
                        """, arguments: [name])
                guard held != true, !place.isEmpty else { return name }
                let recorded = try String.fetchOne(
                    db,
                    sql: """
                        SELECT s.name FROM evidence_source s
                        WHERE s.place = ? AND substr(s.name, 1, length(?)) = ?
                            AND EXISTS (SELECT 1 FROM evidence WHERE source_id = s.id)
                        ORDER BY (SELECT max(id) FROM evidence_import WHERE source_id = s.id) DESC
                        LIMIT 1
                        """, arguments: [place, prefix, prefix])
                return recorded ?? name
            }
        }
    }

    /// What the audit knows of each file imported from `source`, by natural key (the path),
    /// with the source's derivation and last import.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func knownFiles(source: String) throws -> KnownFiles {
        try access { queue in
            try queue.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT s.id, s.derivation,
                                (SELECT max(id) FROM evidence_import WHERE source_id = s.id)
                            FROM evidence_source s WHERE s.name = ?
                            """, arguments: [source])
                else { return KnownFiles() }
                let sourceID: Int = row[0]
                let query = try RawStatement(
                    db,
                    sql: """
                        SELECT natural_key, size, modified, sha256, number, removed_from_source
                        FROM evidence WHERE source_id = ?
                        """)
                query.bind(1, sourceID)
                var files = KnownFiles(derivation: row[1], lastImport: row[2] ?? 0)
                while try query.step() {
                    // Read in place: no string is made for a file.
                    query.withBytes(0) { key in
                        query.withBytes(2) { modified in
                            query.withBytes(3) { sha256 in
                                files.add(
                                    key: key, size: query.integer(1), modified: modified,
                                    sha256: sha256, number: query.integer(4) ?? 0,
                                    removed: query.integer(5) == 1)
                            }
                        }
                    }
                }
                return files
            }
        }
    }

    static let evidenceColumns = """
        e.number, s.name, e.natural_key, e.kind, e.title, e.document_number, e.revision,
        e.location, e.sha256, e.size, e.modified, e.effective_date, e.review_date, e.owner,
        e.clauses, e.tags, e.status, e.description, e.attributes, i.at, u.at,
        e.removed_from_source, s.root, e.clause_basis, e.review
        FROM evidence e JOIN evidence_source s ON s.id = e.source_id
        JOIN evidence_import i ON i.id = e.imported_in
        JOIN evidence_import u ON u.id = e.updated_in
        """

    // MARK: - Reading

    /// Every evidence record, in id order.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func evidence() throws -> [Evidence] {
        try access { queue in
            try queue.read { db in
                // Row by row, sharing repeated texts: an audit holding a whole register
                // (a million records and more) is read without a copy of every row.
                let query = try RawStatement(
                    db, sql: "SELECT \(Self.evidenceColumns) ORDER BY e.number")
                var rows = EvidenceRows()
                var records: [Evidence] = []
                while try query.step() { records.append(rows.evidence(query)) }
                return records
            }
        }
    }

    /// Hands every evidence record, in id order, to `body`, one at a time from one snapshot:
    /// an audit of millions of records is read in the memory of one.
    ///
    /// - Throws: `AuditStoreError.database`, or what `body` throws.
    public func forEachEvidence(_ body: (Evidence) throws -> Void) throws {
        try access { queue in
            try queue.read { db in
                let query = try RawStatement(
                    db, sql: "SELECT \(Self.evidenceColumns) ORDER BY e.number")
                var rows = EvidenceRows()
                while try query.step() { try body(rows.evidence(query)) }
            }
        }
    }

    /// The evidence record with this id (`EV-0001`), or `nil`.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func evidence(id: String) throws -> Evidence? {
        guard let number = Evidence.number(id: id) else { return nil }
        return try access { queue in
            try queue.read { db in
                let query = try RawStatement(
                    db, sql: "SELECT \(Self.evidenceColumns) WHERE e.number = ?")
                query.bind(1, number)
                guard try query.step() else { return nil }
                defer { query.reset() }
                var rows = EvidenceRows()
                return rows.evidence(query)
            }
        }
    }

    /// The evidence records with these ids, in id order; ids with no record are left out.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func evidence(ids: Set<String>) throws -> [Evidence] {
        let numbers = ids.compactMap(Evidence.number(id:)).sorted()
        guard !numbers.isEmpty else { return [] }
        return try access { queue in
            try queue.read { db in
                let query = try RawStatement(
                    db, sql: "SELECT \(Self.evidenceColumns) WHERE e.number = ?")
                var rows = EvidenceRows()
                var records: [Evidence] = []
                for number in numbers {
                    query.bind(1, number)
                    if try query.step() { records.append(rows.evidence(query)) }
                    query.reset()
                }
                return records
            }
        }
    }

    /// The evidence ids linked to each item, in id order.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func links() throws -> [String: [String]] {
        try access { queue in
            try queue.read { db in
                var links: [String: [String]] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql:
                        "SELECT item_id, evidence_number FROM item_evidence ORDER BY evidence_number"
                ) {
                    links[row[0], default: []].append(Evidence.id(number: row[1]))
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
        let checklist = try checklist()
        guard checklist.item(itemID) != nil else {
            throw AuditStoreError.answersRefused([
                "the checklist has no item '\(itemID)'" + checklist.itemHint(for: itemID)
            ])
        }
        return try access { queue in
            try queue.write { db in
                var journal = try JournalWriter(db)
                var changed: [String] = []
                for given in evidenceIDs {
                    guard let number = Evidence.number(id: given),
                        try Row.fetchOne(
                            db, sql: "SELECT 1 FROM evidence WHERE number = ?",
                            arguments: [number]) != nil
                    else {
                        throw AuditStoreError.answersRefused(["there is no evidence '\(given)'"])
                    }
                    let id = Evidence.id(number: number)
                    let entity = "item:\(itemID)"
                    let value = JSONValue.object([("evidence", .string(id))]).compact()
                    if unlink {
                        try db.execute(
                            sql: """
                                DELETE FROM item_evidence WHERE item_id = ? AND evidence_number = ?
                                """,
                            arguments: [itemID, number])
                        guard db.changesCount > 0 else { continue }
                        try journal.append(
                            entity: entity, action: "unlink", before: value, after: nil,
                            context: context)
                    } else {
                        try db.execute(
                            sql: """
                                INSERT OR IGNORE INTO item_evidence (item_id, evidence_number,
                                    linked_at, linked_by) VALUES (?, ?, ?, ?)
                                """,
                            arguments: [itemID, number, context.time, context.actor])
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

/// Merges one source's drafts into the evidence table, one at a time.
///
/// A source the audit has not seen before needs no lookups: every record is new, and the
/// natural key's UNIQUE index catches a repeated key. A known source is looked up record by
/// record through that index, and the records met are ticked in a bit set (one bit per
/// evidence number) so that, at the end, the records the source no longer holds can be
/// marked removed. Nothing here grows with the source but that bit set, so an import of
/// millions of records runs in flat memory. A dry run writes nothing, so it remembers the
/// keys it met instead (a `KeyIndex`, about 35 bytes a key).
private final class EvidenceMerger {
    private let db: Database
    private let context: ChangeContext?
    private let source: String
    /// How many of the source's records the last import found, when the importer's facts
    /// (`KnownFiles`) were given and checked to be current — only then may drafts name an
    /// unchanged record.
    private var liveCount: Int?
    /// How many of those this import has met.
    private var metLive = 0
    private let sourceID: Int?
    private let importID: Int
    private let known: Bool
    private var next: Int
    /// The first evidence number this import gives out; records below it existed before.
    private let firstNew: Int
    /// One bit per evidence number below `firstNew`: the record was met in this import.
    private var met: [UInt64] = []
    /// A dry run's keys, each with the line it was first met on.
    private var keys: KeyIndex?
    private var report = ImportReport()
    private let insert: RawStatement?
    private let update: RawStatement?
    private let lookup: RawStatement?
    private let fields: RawStatement?
    private let arena: BindArena
    /// Turns the stored fields of a record imported before fingerprints back into a draft.
    private var rows = EvidenceRows()
    private var clausesText: [(clauses: [ClauseNumber], json: String)] = []

    /// Prepares to merge into `source`.
    ///
    /// - Parameters:
    ///   - db: the database, inside a transaction.
    ///   - source: the source's name.
    ///   - context: `nil` for a dry run, which writes nothing.
    ///   - facts: the facts the importer was given, when it was.
    /// - Throws: `DatabaseError`; `AuditStoreError.changedMeanwhile` when another import of
    ///   the source came after `known` was read.
    init(_ db: Database, source: String, context: ChangeContext?, known facts: KnownFiles?) throws {
        self.db = db
        self.context = context
        self.source = source
        let arena = BindArena()
        self.arena = arena
        var sourceID = try Int.fetchOne(
            db, sql: "SELECT id FROM evidence_source WHERE name = ?", arguments: [source])
        if let facts {
            let last = try sourceID.flatMap {
                try Int.fetchOne(
                    db, sql: "SELECT max(id) FROM evidence_import WHERE source_id = ?",
                    arguments: [$0])
            }
            guard (last ?? 0) == facts.lastImport else {
                throw AuditStoreError.changedMeanwhile(source: source)
            }
            liveCount = facts.liveCount
        }
        self.known =
            try sourceID.map {
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM evidence WHERE source_id = ?)",
                    arguments: [$0]) ?? false
            } ?? false
        next = (try Int.fetchOne(db, sql: "SELECT max(number) FROM evidence") ?? 0) + 1
        firstNew = next
        if known { met = Array(repeating: 0, count: next / 64 + 1) }
        if context == nil { keys = KeyIndex() }
        if let context {
            if sourceID == nil {
                try db.execute(
                    sql: "INSERT INTO evidence_source (name) VALUES (?)", arguments: [source])
                sourceID = Int(db.lastInsertedRowID)
            }
            try db.execute(
                sql: "INSERT INTO evidence_import (source_id, at, actor) VALUES (?, ?, ?)",
                arguments: [sourceID, context.time, context.actor])
            importID = Int(db.lastInsertedRowID)
            insert = try RawStatement(
                db, arena: arena,
                sql: """
                    INSERT INTO evidence (kind, title, document_number, revision, location,
                        sha256, size, modified, effective_date, review_date, owner, clauses,
                        tags, status, description, attributes, clause_basis, number, source_id,
                        natural_key, imported_in, updated_in, fingerprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            update = try RawStatement(
                db, arena: arena,
                sql: """
                    UPDATE evidence SET kind = ?, title = ?, document_number = ?, revision = ?,
                        location = ?, sha256 = ?, size = ?, modified = ?, effective_date = ?,
                        review_date = ?, owner = ?, clauses = ?, tags = ?, status = ?,
                        description = ?, attributes = ?, clause_basis = ?, updated_in = ?,
                        fingerprint = ?,
                        removed_from_source = 0
                    WHERE number = ?
                    """)
        } else {
            importID = 0
            (insert, update) = (nil, nil)
        }
        self.sourceID = sourceID
        if known {
            lookup = try RawStatement(
                db, arena: arena,
                sql: """
                    SELECT number, fingerprint, removed_from_source
                    FROM evidence WHERE source_id = ? AND natural_key = ?
                    """)
            fields = try RawStatement(
                db, arena: arena,
                sql: """
                    SELECT number, kind, title, document_number, revision, location, sha256,
                        size, modified, effective_date, review_date, owner, clauses, tags, status,
                        description, attributes, clause_basis
                    FROM evidence WHERE number = ?
                    """)
        } else {
            (lookup, fields) = (nil, nil)
        }
    }

    /// Adds, updates or leaves each of `drafts`, in order.
    func add(_ drafts: DraftBatch.View) throws {
        // The batch works on the key index and the report as locals: every use of a class's
        // stored property is checked for exclusive access, which at millions of records costs
        // more than the work itself.
        var keys = self.keys.take()
        var report = self.report
        self.report = ImportReport()
        defer { (self.keys, self.report) = (keys, report) }
        // A few dozen keys at a time: their slots are read together, then used while they are
        // still in the nearest caches (and their pages in the address cache).
        for chunk in stride(from: 0, to: drafts.count, by: 64) {
            let end = min(chunk + 64, drafts.count)
            keys?.prefetch(end - chunk) { drafts.text(.naturalKey, of: chunk + $0) }
            for index in chunk..<end { try add(drafts, index, chunk, &keys, &report) }
        }
    }

    /// Adds, updates or leaves draft `index` of `drafts` (whose key `keys` prefetched with
    /// those from draft `prefetchedFrom` on); one whose key an earlier record of this import
    /// had is left out and noted in the report.
    private func add(
        _ drafts: DraftBatch.View, _ index: Int, _ prefetchedFrom: Int, _ keys: inout KeyIndex?,
        _ report: inout ImportReport
    ) throws {
        let key = drafts.text(.naturalKey, of: index)
        func keyText() -> String { drafts.string(.naturalKey, of: index) }
        let line = drafts.line(of: index)
        let unchangedRecord = drafts.unchangedRecord(of: index)
        if unchangedRecord != 0 {
            // A file unchanged since the last import, with nothing else changed that shapes
            // its record: the record stays as it is, no lookup, no comparison.
            guard liveCount != nil, known else {
                throw AuditStoreError.changedMeanwhile(source: source)
            }
            if markMet(unchangedRecord) {
                metLive += 1
                report.note(.unchanged, keyText())
            } else {
                report.noteRepeated(
                    RepeatedKey(
                        key: keyText(), line: line, firstLine: 0,
                        fingerprint: drafts.fingerprint(of: index)))
            }
            return
        }
        if keys != nil,
            let first = keys?.insert(key, line: line, prefetched: index - prefetchedFrom)
        {
            // Whether the first was the same row is found by reading the source again.
            report.noteRepeated(
                RepeatedKey(
                    key: keyText(), line: line, firstLine: first,
                    fingerprint: drafts.fingerprint(of: index)))
            return
        }
        if let lookup, let sourceID {
            arena.reset()
            lookup.bind(1, sourceID)
            lookup.bind(2, key)
            if try lookup.step() {
                let number = lookup.integer(0) ?? 0
                let stored = lookup.integer(1) ?? 0
                let removed = lookup.integer(2) == 1
                lookup.reset()
                guard markMet(number) else {
                    report.noteRepeated(
                        RepeatedKey(
                            key: keyText(), line: line, firstLine: 0,
                            fingerprint: drafts.fingerprint(of: index)))
                    return
                }
                if !removed { metLive += 1 }
                let fingerprint = drafts.fingerprint(of: index)
                let same =
                    stored == 0
                    ? try storedDraft(number, key: keyText(), line: line) == drafts.draft(index)
                    : stored == fingerprint
                if same && !removed {
                    report.note(.unchanged, keyText())
                    return
                }
                report.note(.changed, keyText())
                if let update {
                    bindFields(update, drafts, index)
                    update.bind(18, importID)
                    update.bind(19, fingerprint)
                    update.bind(20, number)
                    try update.execute()
                }
                return
            }
        }
        guard let insert, let sourceID else {
            report.note(.added, keyText())
            return
        }
        bindFields(insert, drafts, index)
        insert.bind(18, next)
        insert.bind(19, sourceID)
        insert.bind(20, key)
        insert.bind(21, importID)
        insert.bind(22, importID)
        insert.bind(23, drafts.fingerprint(of: index))
        do {
            try insert.execute()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // The natural key's unique index: an earlier record of this import had the key.
            report.noteRepeated(
                RepeatedKey(
                    key: keyText(), line: line, firstLine: 0,
                    fingerprint: drafts.fingerprint(of: index)))
            return
        }
        report.note(.added, keyText())
        next += 1
    }

    /// Ticks record `number` as met; false when it already was (or this import added it).
    private func markMet(_ number: Int) -> Bool {
        guard number < firstNew else { return false }
        guard number >= 0 else { return true }
        let (word, bit) = (number / 64, UInt64(1) << UInt64(number % 64))
        if met[word] & bit != 0 { return false }
        met[word] |= bit
        return true
    }

    /// Whether record `number`, which existed before this import, was met in it.
    private func wasMet(_ number: Int) -> Bool {
        number >= firstNew || met[number / 64] & (UInt64(1) << UInt64(number % 64)) != 0
    }

    /// Marks what the source no longer holds as removed, and returns the report.
    func finish() throws -> ImportReport {
        guard known, let sourceID else { return report }
        // Every record the source held was met: nothing to look for.
        if metLive == liveCount { return report }
        var numbers: [Int] = []
        let current = try RawStatement(
            db, arena: arena,
            sql: "SELECT number FROM evidence WHERE source_id = ? AND removed_from_source = 0")
        current.bind(1, sourceID)
        while try current.step() {
            let number = current.integer(0) ?? 0
            if !wasMet(number) { numbers.append(number) }
        }
        // Only the keys of the records gone are read, listed in the index's (byte) order.
        let keyOf = try RawStatement(
            db, arena: arena, sql: "SELECT natural_key FROM evidence WHERE number = ?")
        var gone: [(number: Int, key: String)] = []
        for number in numbers {
            keyOf.bind(1, number)
            if try keyOf.step() { gone.append((number, keyOf.text(0))) }
            keyOf.reset()
        }
        gone.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (number, key) in gone {
            report.note(.removed, key)
            if context != nil {
                try db.execute(
                    sql: """
                        UPDATE evidence SET removed_from_source = 1, updated_in = ?
                        WHERE number = ?
                        """,
                    arguments: [importID, number])
            }
        }
        return report
    }

    /// Records what shaped the source's records this time (`ImportClosing.derivation`) and,
    /// when known, where the source is and the folder its locations are relative to.
    func record(derivation: String, place: String, root: String) throws {
        guard context != nil, let sourceID else { return }
        try db.execute(
            sql: """
                UPDATE evidence_source SET derivation = ?,
                    place = CASE WHEN ? = '' THEN place ELSE ? END,
                    root = CASE WHEN ? = '' THEN root ELSE ? END
                WHERE id = ?
                """,
            arguments: [derivation, place, place, root, root, sourceID])
    }

    /// Binds the fields of draft `index` to parameters 1–17, in the order of the SQL above.
    private func bindFields(_ statement: RawStatement, _ drafts: DraftBatch.View, _ index: Int) {
        arena.reset()
        statement.bind(1, drafts.kind(of: index).rawValue)
        statement.bind(2, drafts.text(.title, of: index))
        statement.bind(3, drafts.text(.documentNumber, of: index))
        statement.bind(4, drafts.text(.revision, of: index))
        statement.bind(5, drafts.text(.location, of: index))
        statement.bind(6, drafts.text(.sha256, of: index))
        statement.bind(7, drafts.size(of: index))
        statement.bind(8, drafts.text(.modified, of: index))
        statement.bind(9, drafts.text(.effectiveDate, of: index))
        statement.bind(10, drafts.text(.reviewDate, of: index))
        statement.bind(11, drafts.text(.owner, of: index))
        // Cached: registers repeat clauses.
        statement.bind(12, clausesJSON(drafts.clauses(of: index)))
        let tags = drafts.tags(of: index)
        statement.bind(13, tags.isEmpty ? "[]" : JSONValue.strings(tags).compact())
        statement.bind(14, drafts.text(.status, of: index))
        statement.bind(15, drafts.text(.description, of: index))
        statement.bind(16, drafts.text(.attributes, of: index))
        statement.bind(17, drafts.text(.clauseBasis, of: index))
    }

    /// `["7.5.1","7.5.3"]`: clause numbers need no escaping.
    private func clausesJSON(_ clauses: [ClauseNumber]) -> String {
        if clauses.isEmpty { return "[]" }
        // Importers hand over the same array for the same cell, which `==` sees at once.
        for entry in clausesText where entry.clauses == clauses { return entry.json }
        let text = "[\"" + clauses.map(\.description).joined(separator: "\",\"") + "\"]"
        if clausesText.count < 32 { clausesText.append((clauses, text)) }
        return text
    }

    /// The draft stored as evidence `number`, for records imported before fingerprints.
    private func storedDraft(_ number: Int, key: String, line: Int) throws -> EvidenceDraft? {
        guard let fields else { return nil }
        fields.bind(1, number)
        guard try fields.step() else { return nil }
        defer { fields.reset() }
        return rows.draft(fields, kindColumn: 1, key: key, line: line, basisColumn: 17)
    }
}

extension AuditFile {
    // MARK: - Sources

    /// Every source evidence was imported from, by name.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func sources() throws -> [EvidenceSource] {
        try access { queue in
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.name, s.root,
                            (SELECT count(*) FROM evidence WHERE source_id = s.id),
                            (SELECT count(*) FROM evidence
                                WHERE source_id = s.id AND removed_from_source = 1),
                            (SELECT count(*) FROM evidence_import WHERE source_id = s.id),
                            coalesce(i.at, ''), coalesce(i.actor, '')
                        FROM evidence_source s
                        LEFT JOIN evidence_import i ON i.id =
                            (SELECT max(id) FROM evidence_import WHERE source_id = s.id)
                        ORDER BY s.name
                        """
                ).map {
                    EvidenceSource(
                        name: $0[0], root: $0[1], records: $0[2], removed: $0[3], imports: $0[4],
                        lastImportedAt: $0[5], lastImportedBy: $0[6])
                }
            }
        }
    }

    /// Points the source `name` at `root`, where its files are now.
    ///
    /// Its records' relative locations are resolved there from now on (the folder was moved,
    /// or a share is mounted elsewhere). One transaction and one journal event; the records
    /// themselves do not change.
    ///
    /// - Parameters:
    ///   - name: the source, as `sources()` names it.
    ///   - root: the folder's real path now.
    ///   - context: who, which command, when.
    /// - Returns: the root recorded before.
    /// - Throws: `AuditStoreError.unknownSource` naming the sources there are, `.database`.
    @discardableResult
    public func relocate(source name: String, to root: String, context: ChangeContext) throws
        -> String
    {
        try access { queue in
            try queue.write { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT id, root FROM evidence_source WHERE name = ?",
                        arguments: [name])
                else {
                    let known = try String.fetchAll(
                        db, sql: "SELECT name FROM evidence_source ORDER BY name")
                    throw AuditStoreError.unknownSource(name, known: known)
                }
                let (id, before): (Int, String) = (row[0], row[1])
                // The place follows the root: an import of the folder at its new place is
                // then recognised as this source.
                try db.execute(
                    sql: "UPDATE evidence_source SET root = ?, place = ? WHERE id = ?",
                    arguments: [root, root, id])
                var journal = try JournalWriter(db)
                try journal.append(
                    entity: "source:\(name)", action: "relocate",
                    before: JSONValue.object([("root", .string(before))]).compact(),
                    after: JSONValue.object([("root", .string(root))]).compact(),
                    context: context)
                return before
            }
        }
    }
}
