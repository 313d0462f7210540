public import AuditModel
import Foundation
import GRDB

/// One audit, in one SQLite file: its metadata, the checklist it was created from, the
/// responses, and the journal of every change.
///
/// Every change is one transaction: a command that is interrupted leaves the file as it was
/// before the command or as it is after it, never in between.
public final class AuditFile: Sendable {
    /// The path the file was opened at.
    public let path: String
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// What a new audit is created with.
    public struct NewAudit: Sendable {
        /// The organisation audited.
        public var organisation: String
        /// The audit scope.
        public var scope: String
        /// The sites covered.
        public var sites: [String]
        /// Internal audit or Stage 1 readiness review.
        public var type: AuditType
        /// The auditors, lead first.
        public var auditors: [String]
        /// The programme the audit belongs to, if it was made from one.
        public var programme: ProgrammeLink?

        /// Creates the description of a new audit.
        public init(
            organisation: String, scope: String, sites: [String], type: AuditType,
            auditors: [String], programme: ProgrammeLink? = nil
        ) {
            self.organisation = organisation
            self.scope = scope
            self.sites = sites
            self.type = type
            self.auditors = auditors
            self.programme = programme
        }
    }

    // MARK: - Creating and opening

    /// Creates a new audit file at `path` holding a copy of `checklist`.
    ///
    /// The file is built under a temporary name beside `path` and linked into place only when
    /// complete, so an interrupted `init` leaves no half-made audit, and an existing file is
    /// never overwritten, even by a concurrent `init`.
    ///
    /// - Throws: `AuditStoreError.alreadyExists` or `.database`.
    public static func create(
        at path: String, audit: NewAudit, checklist: Checklist, context: ChangeContext
    ) throws -> AuditFile {
        try create(at: path, audit: audit, checklist: checklist, context: context, upTo: nil)
    }

    /// `attaching` names a database attached as `old` while `fill` adds to the new audit in
    /// its creating transaction.
    static func create(
        at path: String, audit: NewAudit, checklist: Checklist, context: ChangeContext,
        upTo lastMigration: String?, attaching oldPath: String? = nil,
        fill: ((Database, inout JournalWriter) throws -> Void)? = nil
    ) throws -> AuditFile {
        try build(at: path, upTo: lastMigration) { queue in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = try encoder.encode(checklist)
            if let oldPath {
                // Attached outside any transaction, as SQLite requires; read only.
                try queue.inDatabase { db in
                    try db.execute(
                        sql: "ATTACH DATABASE ? AS old",
                        arguments: [oldPath])
                }
            }
            let info = AuditInfo(
                id: UUID().uuidString.lowercased(), organisation: audit.organisation,
                scope: audit.scope, sites: audit.sites, type: audit.type,
                auditors: audit.auditors, createdAt: context.time,
                toolVersion: ToolVersion.current, checklistID: checklist.id,
                checklistRevision: checklist.revision, checklistSHA256: SHA256Hex.of(json))
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO audit (id, uuid, organisation, scope, sites, audit_type,
                            auditors, created_at, tool_version, checklist_id, checklist_revision,
                            checklist_sha256)
                        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        info.id, info.organisation, info.scope,
                        JSONValue.strings(info.sites).compact(), info.type.rawValue,
                        JSONValue.strings(info.auditors).compact(), info.createdAt,
                        info.toolVersion, info.checklistID, info.checklistRevision,
                        info.checklistSHA256,
                    ])
                try db.execute(
                    sql: "INSERT INTO checklist (id, json) VALUES (1, ?)", arguments: [json])
                try db.execute(
                    sql: "INSERT INTO journal_head (id, sha256) VALUES (1, ?)",
                    arguments: [JournalEvent.genesis])
                var journal = try JournalWriter(db)
                try journal.append(
                    entity: "audit", action: "create", before: nil,
                    after: info.json.compact(), context: context)
                if let link = audit.programme {
                    // The table exists from migration v9; a test's older schema has none.
                    if try db.tableExists("audit_record") {
                        let json = FindingRows.json(link)
                        try db.execute(
                            sql: "INSERT INTO audit_record (name, json) VALUES ('programme', ?)",
                            arguments: [json])
                        try journal.append(
                            entity: "audit:programme", action: "record", before: nil,
                            after: json, context: context)
                    }
                }
                try fill?(db, &journal)
            }
            if oldPath != nil {
                try queue.inDatabase { try $0.execute(sql: "DETACH DATABASE old") }
            }
        }
    }

    /// Makes a new audit file at `path` by `fill` on a fresh database of the current schema
    /// (or one migrated `upTo` an older one), built under a temporary name beside `path` and
    /// linked into place only when complete, so an interrupted command leaves no half-made
    /// audit, and an existing file is never overwritten, even by a concurrent command.
    ///
    /// - Throws: `AuditStoreError.alreadyExists`, `.database`, or what `fill` throws.
    @discardableResult
    static func build(
        at path: String, upTo lastMigration: String? = nil,
        _ fill: (DatabaseQueue) throws -> Void
    ) throws -> AuditFile {
        if FileManager.default.fileExists(atPath: path) {
            throw AuditStoreError.alreadyExists(path: path)
        }
        let temporary = temporaryName(beside: path)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            if let lastMigration {
                try AuditSchema.migrator.migrate(queue, upTo: lastMigration)
            } else {
                try AuditSchema.migrator.migrate(queue)
            }
            try fill(queue)
            try queue.close()
        } catch let error as DatabaseError {
            throw AuditStoreError(error, path: path)
        }
        // link(2) fails when the name is taken, so a concurrent init cannot be overwritten.
        if Glibc.link(temporary, path) != 0 {
            if errno == EEXIST { throw AuditStoreError.alreadyExists(path: path) }
            throw AuditStoreError.database(
                path: path, message: String(cString: strerror(errno)))
        }
        if lastMigration != nil {
            // Tests make files of an older schema; opening would migrate them at once.
            return AuditFile(path: path, queue: try DatabaseQueue(path: path))
        }
        return try open(at: path)
    }

    /// Opens the audit file at `path`, migrating an older one after copying it aside.
    ///
    /// A file from an older qmsaudit is first backed up beside itself
    /// (`NAME.before-MIGRATION.bak`), then migrated.
    ///
    /// - Throws: `AuditStoreError.notFound`, `.notAnAuditFile`, `.newerFormat`, `.database`.
    public static func open(at path: String) throws -> AuditFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AuditStoreError.notFound(path: path)
        }
        if isDirectory.boolValue {
            throw AuditStoreError.notAnAuditFile(path: path, reason: "it is a folder")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = AuditSchema.migrator
            let (applied, superseded, complete) = try queue.read { db in
                (
                    try migrator.appliedIdentifiers(db), try migrator.hasBeenSuperseded(db),
                    try migrator.hasCompletedMigrations(db)
                )
            }
            if applied.isEmpty {
                throw AuditStoreError.notAnAuditFile(
                    path: path, reason: "it is a SQLite database without qmsaudit's tables")
            }
            if superseded {
                let unknown = applied.subtracting(AuditSchema.identifiers).sorted()
                throw AuditStoreError.newerFormat(path: path, unknown: unknown)
            }
            if !complete {
                let latest = AuditSchema.identifiers.last(where: applied.contains) ?? "v0"
                let backup = "\(path).before-\(latest).bak"
                try? FileManager.default.removeItem(atPath: backup)
                try queue.backup(to: DatabaseQueue(path: backup))
                try migrator.migrate(queue)
                let pending = AuditSchema.identifiers.filter { !applied.contains($0) }
                try queue.write { db in
                    var journal = try JournalWriter(db)
                    try journal.append(
                        entity: "audit", action: "migrate",
                        before: JSONValue.strings(applied.sorted()).compact(),
                        after: JSONValue.object([
                            ("applied", .strings(pending)), ("backup", .string(backup)),
                        ]).compact(),
                        context: ChangeContext(
                            actor: "qmsaudit \(ToolVersion.current)", command: "open",
                            time: Timestamp.now()))
                }
            }
            return AuditFile(path: path, queue: queue)
        } catch let error as AuditStoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw AuditStoreError.notAnAuditFile(path: path, reason: "it is not a SQLite database")
        } catch let error as DatabaseError {
            throw AuditStoreError(error, path: path)
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "qmsaudit"
        return configuration
    }

    /// Runs `body` on the database, turning SQLite errors into `AuditStoreError.database`.
    func access<T>(_ body: (DatabaseQueue) throws -> T) throws -> T {
        do {
            return try body(queue)
        } catch let error as DatabaseError {
            throw AuditStoreError(error, path: path)
        }
    }

    // MARK: - Reading

    /// The audit's metadata.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func info() throws -> AuditInfo {
        try access { queue in
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM audit WHERE id = 1") else {
                    throw AuditStoreError.notAnAuditFile(
                        path: path, reason: "it has no audit record")
                }
                return AuditInfo(
                    id: row["uuid"], organisation: row["organisation"], scope: row["scope"],
                    sites: Self.decodeStrings(row["sites"]),
                    type: AuditType(rawValue: row["audit_type"]) ?? .internal,
                    auditors: Self.decodeStrings(row["auditors"]), createdAt: row["created_at"],
                    toolVersion: row["tool_version"], checklistID: row["checklist_id"],
                    checklistRevision: row["checklist_revision"],
                    checklistSHA256: row["checklist_sha256"])
            }
        }
    }

    private static func decodeStrings(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// The checklist copied into the file at `init`, checked against its recorded hash.
    ///
    /// - Throws: `AuditStoreError.checklistAltered` when the stored copy was edited,
    ///   `.database` otherwise.
    public func checklist() throws -> Checklist {
        let (json, hash) = try access { queue in
            try queue.read { db -> (Data, String) in
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT checklist.json, audit.checklist_sha256
                        FROM audit JOIN checklist ON checklist.id = audit.id
                        """)
                guard let row else {
                    throw AuditStoreError.notAnAuditFile(path: path, reason: "it has no checklist")
                }
                return (row[0], row[1])
            }
        }
        guard SHA256Hex.of(json) == hash,
            let checklist = try? JSONDecoder().decode(Checklist.self, from: json)
        else { throw AuditStoreError.checklistAltered(path: path) }
        return checklist
    }

    /// Every recorded response, by item id.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func responses() throws -> [String: Response] {
        try access { queue in
            try queue.read { db in
                var responses: [String: Response] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT * FROM response") {
                    guard let verdict = Verdict(rawValue: row["verdict"]) else { continue }
                    let response = Response(
                        itemID: row["item_id"], verdict: verdict, note: row["note"],
                        justification: row["justification"], sample: row["sample"],
                        answeredAt: row["answered_at"], answeredBy: row["answered_by"])
                    responses[response.itemID] = response
                }
                return responses
            }
        }
    }

    // MARK: - Answering

    /// What recording a batch of answers changed.
    public struct AnswerOutcome: Sendable, Equatable {
        /// Items answered for the first time.
        public var added: [String] = []
        /// Items whose answer changed.
        public var changed: [String] = []
        /// Items given the same answer again (nothing written).
        public var unchanged: [String] = []
        /// Items whose answer was cleared.
        public var cleared: [String] = []
        /// Draft findings opened by a minor or major answer.
        public var findingsOpened: [String] = []
        /// Draft findings regraded or redrafted to follow a changed answer.
        public var findingsChanged: [String] = []
        /// Draft findings withdrawn because their answer is no nonconformity any more.
        public var findingsWithdrawn: [String] = []
        /// What the auditor should know about completed findings the answers touched.
        public var findingNotes: [String] = []
    }

    /// Records `answers` and clears `clearing` in one transaction: all of them, or none.
    ///
    /// Every answer is checked against the audit's checklist first; if any is refused, nothing
    /// is written. Each change appends one journal event.
    ///
    /// - Throws: `AuditStoreError.answersRefused` listing every refused answer, `.database`.
    @discardableResult
    public func record(
        _ answers: [Answer], clearing: [String] = [], context: ChangeContext
    ) throws -> AnswerOutcome {
        let checklist = try checklist()
        let items = checklist.itemsByID()
        var problems = answers.compactMap { answer in
            answer.problem(for: items[answer.itemID], in: checklist.id).map {
                items[answer.itemID] == nil ? $0 + checklist.itemHint(for: answer.itemID) : $0
            }
        }
        problems += clearing.filter { items[$0] == nil }.map {
            "checklist '\(checklist.id)' has no item '\($0)'" + checklist.itemHint(for: $0)
        }
        guard problems.isEmpty else { throw AuditStoreError.answersRefused(problems) }
        return try access { queue in
            try queue.write { db in
                var journal = try JournalWriter(db)
                return try Self.write(
                    answers, clearing: clearing, checklist: checklist, db: db,
                    journal: &journal, context: context)
            }
        }
    }

    /// Answers every item of `clause` and the clauses below it N/A with one justification, in
    /// one transaction: all of them, or — when the checklist allows N/A for none or only some
    /// of them — none.
    ///
    /// - Throws: `AuditStoreError.answersRefused` naming the clause or each item refused,
    ///   `.database`.
    @discardableResult
    public func recordNotApplicable(
        clause: ClauseNumber, justification: String, context: ChangeContext
    ) throws -> AnswerOutcome {
        let checklist = try checklist()
        guard let subtree = checklist.subtree(at: clause), !subtree.items.isEmpty else {
            throw AuditStoreError.answersRefused([
                "checklist '\(checklist.id)' has no clause '\(clause)' with items"
                    + checklist.clauseHint(for: clause)
            ])
        }
        return try record(
            subtree.items.map {
                Answer(itemID: $0.id, verdict: .na, justification: justification)
            }, context: context)
    }

    /// Writes already-checked answers inside a transaction the caller holds, with one journal
    /// event per change.
    static func write(
        _ answers: [Answer], clearing: [String], checklist: Checklist, db: Database,
        journal: inout JournalWriter, context: ChangeContext
    ) throws -> AnswerOutcome {
        var outcome = AnswerOutcome()
        let items = checklist.itemsByID()
        let policy = checklist.policy.findings
        for answer in answers {
            let before = try Self.response(db, answer.itemID)
            if let before, before.sameAnswer(as: answer) {
                outcome.unchanged.append(answer.itemID)
                continue
            }
            let after = Response(answer, at: context.time, by: context.actor)
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO response
                        (item_id, verdict, note, justification, sample, answered_at,
                         answered_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    after.itemID, after.verdict.rawValue, after.note, after.justification,
                    after.sample, after.answeredAt, after.answeredBy,
                ])
            try journal.append(
                entity: "item:\(answer.itemID)",
                action: before == nil ? "answer" : "change",
                before: before?.compactJSON, after: after.compactJSON, context: context)
            if before == nil {
                outcome.added.append(answer.itemID)
            } else {
                outcome.changed.append(answer.itemID)
            }
            if let item = items[answer.itemID] {
                try syncFinding(
                    item: item, verdict: answer.verdict, note: answer.note,
                    previousNote: before?.note, policy: policy, db: db, journal: &journal,
                    context: context, outcome: &outcome)
            }
        }
        for itemID in clearing {
            guard let before = try Self.response(db, itemID) else { continue }
            try db.execute(
                sql: "DELETE FROM response WHERE item_id = ?", arguments: [itemID])
            try journal.append(
                entity: "item:\(itemID)", action: "clear", before: before.compactJSON,
                after: nil, context: context)
            outcome.cleared.append(itemID)
            if let item = items[itemID] {
                try syncFinding(
                    item: item, verdict: nil, note: "", previousNote: before.note,
                    policy: policy, db: db, journal: &journal, context: context,
                    outcome: &outcome)
            }
        }
        return outcome
    }

    static func response(_ db: Database, _ itemID: String) throws -> Response? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM response WHERE item_id = ?")
        guard
            let row = try Row.fetchOne(statement, arguments: [itemID]),
            let verdict = Verdict(rawValue: row["verdict"])
        else { return nil }
        return Response(
            itemID: row["item_id"], verdict: verdict, note: row["note"],
            justification: row["justification"], sample: row["sample"],
            answeredAt: row["answered_at"], answeredBy: row["answered_by"])
    }

    // MARK: - Journal

    /// The journal, oldest event first, optionally only the events about one entity.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func journal(entity: String? = nil) throws -> [JournalEvent] {
        try access { queue in
            try queue.read { db in
                let rows: [Row]
                if let entity {
                    rows = try Row.fetchAll(
                        db, sql: "SELECT * FROM journal WHERE entity = ? ORDER BY seq",
                        arguments: [entity])
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq")
                }
                return rows.map(JournalWriter.event)
            }
        }
    }

    /// The hash of the last journal event (`JournalEvent.genesis` before the first): every
    /// change adds an event, so an unchanged head means an unchanged audit.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func journalHead() throws -> String {
        try access { queue in
            try queue.read { db in
                try String.fetchOne(db, sql: "SELECT sha256 FROM journal ORDER BY seq DESC LIMIT 1")
                    ?? JournalEvent.genesis
            }
        }
    }

    /// Checks the journal's hash chain: every event's hash, every link to the event before,
    /// no gap in the sequence, and the head recorded in the audit record.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func verifyJournal() throws -> JournalVerification {
        let events = try journal()
        let head = try access { queue in
            try queue.read { db in
                try String.fetchOne(db, sql: "SELECT sha256 FROM journal_head WHERE id = 1") ?? ""
            }
        }
        return JournalVerification(
            events: events.count, head: head,
            problem: JournalEvent.chainProblem(events, head: head))
    }
}

/// Appends events to the journal inside one write transaction, chaining their hashes.
struct JournalWriter {
    private let db: Database
    private var sequence: Int
    private var head: String

    init(_ db: Database) throws {
        self.db = db
        let row = try Row.fetchOne(
            db, sql: "SELECT seq, sha256 FROM journal ORDER BY seq DESC LIMIT 1")
        sequence = row?["seq"] ?? 0
        head = row?["sha256"] ?? JournalEvent.genesis
    }

    mutating func append(
        entity: String, action: String, before: String?, after: String?, context: ChangeContext
    ) throws {
        sequence += 1
        var event = JournalEvent(
            sequence: sequence, time: context.time, actor: context.actor, command: context.command,
            entity: entity, action: action, before: before, after: after, previousHash: head,
            hash: "")
        event.hash = event.expectedHash
        try db.cachedStatement(
            sql: """
                INSERT INTO journal (seq, at, actor, command, entity, action, before, after,
                    prev_sha256, sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                event.sequence, event.time, event.actor, event.command, event.entity,
                event.action, event.before, event.after, event.previousHash, event.hash,
            ])
        try db.execute(
            sql: "UPDATE journal_head SET sha256 = ? WHERE id = 1", arguments: [event.hash])
        head = event.hash
    }

    static func event(_ row: Row) -> JournalEvent {
        JournalEvent(
            sequence: row["seq"], time: row["at"], actor: row["actor"], command: row["command"],
            entity: row["entity"], action: row["action"], before: row["before"],
            after: row["after"], previousHash: row["prev_sha256"], hash: row["sha256"])
    }
}

extension AuditInfo {
    /// The metadata as a JSON object with a fixed key order, as the journal records it.
    var json: JSONValue {
        .object([
            ("id", .string(id)), ("organisation", .string(organisation)), ("scope", .string(scope)),
            ("sites", .strings(sites)), ("type", .string(type.rawValue)),
            ("auditors", .strings(auditors)), ("created_at", .string(createdAt)),
            ("tool_version", .string(toolVersion)), ("checklist", .string(checklistID)),
            ("checklist_revision", .string(checklistRevision)),
            ("checklist_sha256", .string(checklistSHA256)),
        ])
    }
}
