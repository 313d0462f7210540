public import AuditModel
import Foundation
import GRDB

/// Why the programme file could not be opened, created or changed.
public enum ProgrammeError: QMSAuditError {
    /// There is no programme file at the path.
    case notFound(path: String)
    /// `programme init` refuses to overwrite an existing file.
    case alreadyExists(path: String)
    /// The file is not a qmsaudit programme file.
    case notAProgramme(path: String, reason: String)
    /// The file was written by a newer qmsaudit.
    case newerFormat(path: String, unknown: [String])
    /// The change was refused; nothing was changed.
    case refused(String)
    /// The lead auditor would audit their own process, and no reason allows it.
    case impartiality(String)
    /// SQLite or the file system failed.
    case database(path: String, message: String)

    /// An impartiality refusal is a check that failed (exit 1), like `score --strict`.
    public var exitStatus: Int32 {
        if case .impartiality = self { return 1 }
        return 2
    }

    /// A message for people.
    public var description: String {
        switch self {
        case .notFound(let path):
            return "no programme file at '\(path)'; create one with 'qmsaudit programme init',"
                + " or name one with --programme FILE or QMSAUDIT_PROGRAMME"
        case .alreadyExists(let path):
            return "'\(path)' already exists; qmsaudit programme init never overwrites a file"
        case .notAProgramme(let path, let reason):
            return "'\(path)' is not a qmsaudit programme file: \(reason)"
        case .newerFormat(let path, let unknown):
            return "'\(path)' was written by a newer qmsaudit (schema changes "
                + unknown.map { "'\($0)'" }.joined(separator: ", ")
                + " are unknown to qmsaudit \(ToolVersion.current)); upgrade qmsaudit to open it"
        case .refused(let message):
            return "nothing was changed: \(message)"
        case .impartiality(let message):
            return "nothing was changed: \(message)"
        case .database(let path, let message):
            return "cannot use programme file '\(path)': \(message)"
        }
    }
}

/// The audit programme, in one SQLite file: the process model, the auditors, the planned
/// audits, the certification dates, what the attached audit files hold, and the journal of
/// every change (hash-chained, as the audit file's).
public final class ProgrammeFile: Sendable {
    /// The path the file was opened at.
    public let path: String
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "qmsaudit-programme"
        return configuration
    }

    /// Creates a programme at `path` that plans against `checklist`; built under a temporary
    /// name and linked into place whole, never over an existing file.
    ///
    /// - Throws: `ProgrammeError.alreadyExists` or `.database`.
    public static func create(
        at path: String, organisation: String, scope: String, checklist: Checklist,
        context: ChangeContext
    ) throws -> ProgrammeFile {
        if FileManager.default.fileExists(atPath: path) {
            throw ProgrammeError.alreadyExists(path: path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(UUID().uuidString).tmp"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try ProgrammeSchema.migrator.migrate(queue)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = try encoder.encode(checklist)
            let info = ProgrammeInfo(
                id: UUID().uuidString.lowercased(), organisation: organisation, scope: scope,
                createdAt: context.time, toolVersion: ToolVersion.current)
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO programme (id, uuid, organisation, scope, created_at,
                            tool_version) VALUES (1, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        info.id, info.organisation, info.scope, info.createdAt, info.toolVersion,
                    ])
                try db.execute(
                    sql: "INSERT INTO checklist (id, json) VALUES (1, ?)", arguments: [json])
                try db.execute(
                    sql: "INSERT INTO journal_head (id, sha256) VALUES (1, ?)",
                    arguments: [JournalEvent.genesis])
                var journal = try JournalWriter(db)
                try journal.append(
                    entity: "programme", action: "create", before: nil,
                    after: Self.json(info), context: context)
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw ProgrammeError.database(path: path, message: error.message ?? "\(error)")
        } catch let error as EncodingError {
            throw ProgrammeError.database(path: path, message: "\(error)")
        }
        if Glibc.link(temporary, path) != 0 {
            if errno == EEXIST { throw ProgrammeError.alreadyExists(path: path) }
            throw ProgrammeError.database(path: path, message: String(cString: strerror(errno)))
        }
        return try open(at: path)
    }

    /// Opens the programme at `path`.
    ///
    /// - Throws: `ProgrammeError.notFound`, `.notAProgramme`, `.newerFormat`, `.database`.
    public static func open(at path: String) throws -> ProgrammeFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProgrammeError.notFound(path: path)
        }
        if isDirectory.boolValue {
            throw ProgrammeError.notAProgramme(path: path, reason: "it is a folder")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = ProgrammeSchema.migrator
            let (applied, superseded) = try queue.read { db in
                (try migrator.appliedIdentifiers(db), try migrator.hasBeenSuperseded(db))
            }
            guard applied.contains(ProgrammeSchema.identifiers[0]) else {
                throw ProgrammeError.notAProgramme(
                    path: path, reason: "it has no programme tables (an audit file?)")
            }
            if superseded {
                throw ProgrammeError.newerFormat(
                    path: path, unknown: applied.subtracting(ProgrammeSchema.identifiers).sorted())
            }
            try migrator.migrate(queue)
            return ProgrammeFile(path: path, queue: queue)
        } catch let error as ProgrammeError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw ProgrammeError.notAProgramme(path: path, reason: "it is not a SQLite database")
        } catch let error as DatabaseError {
            throw ProgrammeError.database(path: path, message: error.message ?? "\(error)")
        }
    }

    func access<T>(_ body: (DatabaseQueue) throws -> T) throws -> T {
        do {
            return try body(queue)
        } catch let error as DatabaseError {
            throw ProgrammeError.database(path: path, message: error.forPeople)
        }
    }

    // MARK: - JSON

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw ProgrammeError.notAProgramme(
                path: path, reason: "a stored \(type) cannot be read: \(error)")
        }
    }

    // MARK: - Reading

    /// The programme's facts.
    ///
    /// - Throws: `ProgrammeError.database`.
    public func info() throws -> ProgrammeInfo {
        try access { queue in
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM programme WHERE id = 1")
                else {
                    throw ProgrammeError.notAProgramme(path: path, reason: "it has no programme")
                }
                return ProgrammeInfo(
                    id: row["uuid"], organisation: row["organisation"], scope: row["scope"],
                    createdAt: row["created_at"], toolVersion: row["tool_version"])
            }
        }
    }

    /// The checklist the programme plans against.
    ///
    /// - Throws: `ProgrammeError.database`, `.notAProgramme`.
    public func checklist() throws -> Checklist {
        let data = try access { queue in
            try queue.read { db in
                try Data.fetchOne(db, sql: "SELECT json FROM checklist WHERE id = 1")
            }
        }
        guard let data, let checklist = try? JSONDecoder().decode(Checklist.self, from: data)
        else {
            throw ProgrammeError.notAProgramme(path: path, reason: "its checklist is unreadable")
        }
        return checklist
    }

    /// Everything the programme holds, for the views across audits.
    ///
    /// - Throws: `ProgrammeError.database`, `.notAProgramme`.
    public func state() throws -> ProgrammeState {
        let info = try info()
        let checklist = try checklist()
        return try access { queue in
            try queue.read { db in
                let processes = try String.fetchAll(
                    db, sql: "SELECT json FROM process ORDER BY rowid"
                )
                .map { try Self.decode(ProgrammeProcess.self, $0, path: path) }
                let auditors = try String.fetchAll(
                    db, sql: "SELECT json FROM auditor ORDER BY name"
                )
                .map { try Self.decode(ProgrammeAuditor.self, $0, path: path) }
                let planned = try String.fetchAll(
                    db, sql: "SELECT json FROM planned_audit ORDER BY id"
                ).map { try Self.decode(PlannedAudit.self, $0, path: path) }
                let cycle =
                    try String.fetchOne(
                        db, sql: "SELECT json FROM certification WHERE id = 1"
                    ).map { try Self.decode(CertificationCycle.self, $0, path: path) }
                    ?? CertificationCycle()
                var answers: [String: [AttachedAnswer]] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT audit_id, item_id, clause, verdict FROM attached_answer")
                {
                    guard let clause = ClauseNumber(row[2] as String),
                        let verdict = Verdict(rawValue: row[3])
                    else { continue }
                    answers[row[0], default: []].append(
                        AttachedAnswer(itemID: row[1], clause: clause, verdict: verdict))
                }
                var findings: [String: [Finding]] = [:]
                var actions: [String: [String: CorrectiveAction]] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT audit_id, finding, action FROM attached_finding")
                {
                    let audit: String = row[0]
                    let finding = try Self.decode(Finding.self, row[1], path: path)
                    findings[audit, default: []].append(finding)
                    if let action: String = row[2] {
                        actions[audit, default: [:]][finding.id] = try Self.decode(
                            CorrectiveAction.self, action, path: path)
                    }
                }
                let attached = try Row.fetchAll(
                    db, sql: "SELECT * FROM attached_audit ORDER BY audit_id"
                ).map { row -> AttachedAudit in
                    let id: String = row["audit_id"]
                    let sorted = (findings[id] ?? []).sorted { Finding.precedes($0.id, $1.id) }
                    return AttachedAudit(
                        auditID: id, info: try Self.decode(AuditInfo.self, row["info"], path: path),
                        answers: answers[id] ?? [], findings: sorted, actions: actions[id] ?? [:],
                        evidence: row["evidence"],
                        date: (row["date"] as String?).flatMap(CalendarDate.init))
                }
                return ProgrammeState(
                    info: info,
                    clauses: checklist.clauses.filter { !$0.items.isEmpty }.map {
                        ($0.number, $0.heading)
                    },
                    processes: processes, auditors: auditors, planned: planned, cycle: cycle,
                    attached: attached)
            }
        }
    }

    // MARK: - Changing

    /// Runs `body` in one write transaction with the journal.
    func write<T>(_ body: (Database, inout JournalWriter) throws -> T) throws -> T {
        try access { queue in
            try queue.write { db in
                var journal = try JournalWriter(db)
                return try body(db, &journal)
            }
        }
    }

    /// Adds a process, or changes the one with its id.
    ///
    /// - Throws: `ProgrammeError.refused` for a clause the checklist lacks, `.database`.
    @discardableResult
    public func saveProcess(_ process: ProgrammeProcess, context: ChangeContext) throws
        -> ProgrammeProcess?
    {
        let checklist = try checklist()
        let unknown = process.clauses.filter { checklist.clause($0) == nil }
        guard unknown.isEmpty else {
            throw ProgrammeError.refused(
                "the checklist has no clause "
                    + unknown.map { "'\($0)'" + checklist.clauseHint(for: $0) }
                    .joined(separator: ", "))
        }
        guard !process.id.isEmpty else {
            throw ProgrammeError.refused("a process needs a name with a letter or digit in it")
        }
        return try save(
            table: "process", key: "id", id: process.id, entity: "process:\(process.id)",
            value: process, context: context)
    }

    /// Adds an auditor, or changes the one with the name.
    ///
    /// - Throws: `ProgrammeError.refused` for an unknown process, `.database`.
    @discardableResult
    public func saveAuditor(_ auditor: ProgrammeAuditor, context: ChangeContext) throws
        -> ProgrammeAuditor?
    {
        let known = Set(try state().processes.map(\.id))
        let unknown = auditor.processes.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ProgrammeError.refused(
                "no process " + unknown.map { "'\($0)'" }.joined(separator: ", ")
                    + "; add it with 'qmsaudit programme process add' first")
        }
        return try save(
            table: "auditor", key: "name", id: auditor.name, entity: "auditor:\(auditor.name)",
            value: auditor, context: context)
    }

    /// Adds planned audits, or changes those with their ids, in one transaction.
    ///
    /// - Throws: `ProgrammeError.refused` for an unknown process or clause, `.database`.
    public func savePlannedAudits(_ audits: [PlannedAudit], context: ChangeContext) throws {
        let state = try state()
        let checklist = try checklist()
        let known = Set(state.processes.map(\.id))
        var problems: [String] = []
        for audit in audits {
            if audit.id.isEmpty { problems.append("an audit needs an id") }
            for process in audit.processes where !known.contains(process) {
                problems.append("\(audit.id): no process '\(process)'")
            }
            // A certification body's later visit cannot come before its decision.
            if audit.type == .surveillance || audit.type == .recertification,
                let decision = state.cycle.decision, let date = audit.planned, date < decision
            {
                problems.append(
                    "\(audit.id): --date (\(date)) of a \(audit.type.rawValue) audit comes before"
                        + " the certification decision (\(decision))")
            }
            for clause in audit.clauses where checklist.clause(clause) == nil {
                problems.append(
                    "\(audit.id): the checklist has no clause '\(clause)'"
                        + checklist.clauseHint(for: clause))
            }
        }
        guard problems.isEmpty else {
            throw ProgrammeError.refused(problems.joined(separator: "; "))
        }
        try write { db, journal in
            for audit in audits {
                try Self.save(
                    db, &journal, table: "planned_audit", key: "id", id: audit.id,
                    entity: "audit:\(audit.id)", value: audit, context: context)
            }
        }
    }

    /// Sets the certification body's dates.
    ///
    /// - Throws: `ProgrammeError.refused` naming each field whose date contradicts another,
    ///   `.database`.
    public func saveCycle(_ cycle: CertificationCycle, context: ChangeContext) throws {
        guard cycle.problems.isEmpty else {
            throw ProgrammeError.refused(cycle.problems.joined(separator: "; "))
        }
        try write { db, journal in
            let before = try String.fetchOne(db, sql: "SELECT json FROM certification WHERE id = 1")
            let after = Self.json(cycle)
            guard before != after else { return }
            try db.execute(
                sql: "INSERT OR REPLACE INTO certification (id, json) VALUES (1, ?)",
                arguments: [after])
            try journal.append(
                entity: "certification", action: before == nil ? "record" : "change",
                before: before, after: after, context: context)
        }
    }

    private func save<T: Codable>(
        table: String, key: String, id: String, entity: String, value: T, context: ChangeContext
    ) throws -> T? {
        try write { db, journal in
            try Self.save(
                db, &journal, table: table, key: key, id: id, entity: entity, value: value,
                context: context)
        }
    }

    @discardableResult
    private static func save<T: Codable>(
        _ db: Database, _ journal: inout JournalWriter, table: String, key: String, id: String,
        entity: String, value: T, context: ChangeContext
    ) throws -> T? {
        let before = try String.fetchOne(
            db, sql: "SELECT json FROM \(table) WHERE \(key) = ?", arguments: [id])
        let after = json(value)
        guard before != after else { return value }
        try db.execute(
            sql: "INSERT OR REPLACE INTO \(table) (\(key), json) VALUES (?, ?)",
            arguments: [id, after])
        try journal.append(
            entity: entity, action: before == nil ? "add" : "change", before: before,
            after: after, context: context)
        return nil
    }

    // MARK: - Journal

    /// The journal, oldest event first.
    ///
    /// - Throws: `ProgrammeError.database`.
    public func journal() throws -> [JournalEvent] {
        try access { queue in
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq").map(
                    JournalWriter.event)
            }
        }
    }

    /// Checks the journal's hash chain.
    ///
    /// - Throws: `ProgrammeError.database`.
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
