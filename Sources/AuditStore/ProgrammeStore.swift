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
    /// Someone else changed what the command read before it wrote; nothing was changed.
    case conflict(String)
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
            return "'\(path)' already exists: qmsaudit never writes a programme over another"
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
        case .conflict(let message):
            return "nothing was changed: \(message); run the command again to change what is"
                + " there now"
        case .database(let path, let message):
            return "cannot use programme '\(path)': \(message)"
        }
    }
}

/// The audit programme, in one SQLite file or in a PostgreSQL database a team shares.
///
/// It holds the process model, the auditors, the planned audits, the certification dates,
/// what the attached audit files hold, and the journal of every change (hash-chained, as the
/// audit file's). The PostgreSQL engine comes from the `PostgresProgramme` target. Every
/// change is one transaction of its engine.
public final class ProgrammeStore: Sendable {
    /// Where the programme is kept.
    public let engine: any ProgrammeEngine

    /// The file's path, or the database's address without its password.
    public var path: String { engine.location }

    /// The checklist once read: a programme's checklist never changes.
    private let checklistCache = ChecklistCache()

    private final class ChecklistCache: @unchecked Sendable {
        private let lock = NSLock()
        private var checklist: Checklist?

        func get(_ read: () throws -> Checklist) rethrows -> Checklist {
            try lock.withLock {
                if let checklist { return checklist }
                let read = try read()
                checklist = read
                return read
            }
        }
    }

    /// A programme kept by `engine`, whose schema is in place.
    public init(engine: any ProgrammeEngine) {
        self.engine = engine
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "qmsaudit-programme"
        return configuration
    }

    /// The first rows of a new programme — its facts, its checklist, the journal's first
    /// event — written in `transaction`, whose schema is in place.
    public static func initialise(
        _ transaction: any ProgrammeTransaction, organisation: String, scope: String,
        checklist: Checklist, context: ChangeContext
    ) throws {
        let info = ProgrammeInfo(
            id: UUID().uuidString.lowercased(), organisation: organisation, scope: scope,
            createdAt: context.time, toolVersion: ToolVersion.current)
        try transaction.execute(
            """
            INSERT INTO programme (id, uuid, organisation, scope, created_at, tool_version)
            VALUES (1, ?, ?, ?, ?, ?)
            """,
            [
                .text(info.id), .text(info.organisation), .text(info.scope),
                .text(info.createdAt), .text(info.toolVersion),
            ])
        try transaction.execute(
            "INSERT INTO checklist (id, json) VALUES (1, ?)", [.text(json(checklist))])
        try transaction.execute(
            "INSERT INTO journal_head (id, sha256, seq) VALUES (1, ?, 0)",
            [.text(JournalEvent.genesis)])
        var journal = ProgrammeJournal(transaction)
        try journal.append(
            entity: "programme", action: "create", before: nil, after: json(info),
            context: context)
    }

    /// Creates a programme file at `path` that plans against `checklist`; built under a
    /// temporary name and linked into place whole, never over an existing file.
    ///
    /// - Throws: `ProgrammeError.alreadyExists` or `.database`.
    public static func create(
        at path: String, organisation: String, scope: String, checklist: Checklist,
        context: ChangeContext
    ) throws -> ProgrammeStore {
        try create(at: path) { transaction in
            try initialise(
                transaction, organisation: organisation, scope: scope, checklist: checklist,
                context: context)
        }
    }

    /// Creates a programme file at `path` whose rows `fill` writes (in one transaction, the
    /// schema in place); built under a temporary name and linked into place whole, never
    /// over an existing file.
    ///
    /// - Throws: `ProgrammeError.alreadyExists` or `.database`; what `fill` throws.
    public static func create(
        at path: String, filling fill: (any ProgrammeTransaction) throws -> Void
    ) throws -> ProgrammeStore {
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
            try SQLiteProgrammeEngine(path: path, queue: queue).write(fill)
            try queue.close()
        } catch let error as DatabaseError {
            throw ProgrammeError.database(path: path, message: error.message ?? "\(error)")
        }
        if Glibc.link(temporary, path) != 0 {
            if errno == EEXIST { throw ProgrammeError.alreadyExists(path: path) }
            throw ProgrammeError.database(path: path, message: String(cString: strerror(errno)))
        }
        return try open(at: path)
    }

    /// Opens the programme file at `path`.
    ///
    /// - Throws: `ProgrammeError.notFound`, `.notAProgramme`, `.newerFormat`, `.database`.
    public static func open(at path: String) throws -> ProgrammeStore {
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
            return ProgrammeStore(engine: SQLiteProgrammeEngine(path: path, queue: queue))
        } catch let error as ProgrammeError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw ProgrammeError.notAProgramme(path: path, reason: "it is not a SQLite database")
        } catch let error as DatabaseError {
            throw ProgrammeError.database(path: path, message: error.message ?? "\(error)")
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
        try engine.read { try info($0) }
    }

    func info(_ transaction: any ProgrammeTransaction) throws -> ProgrammeInfo {
        guard
            let row = try transaction.rows(
                "SELECT uuid, organisation, scope, created_at, tool_version FROM programme"
                    + " WHERE id = 1", []
            ).first
        else {
            throw ProgrammeError.notAProgramme(path: path, reason: "it has no programme")
        }
        return ProgrammeInfo(
            id: row[0].text ?? "", organisation: row[1].text ?? "", scope: row[2].text ?? "",
            createdAt: row[3].text ?? "", toolVersion: row[4].text ?? "")
    }

    /// The checklist the programme plans against.
    ///
    /// - Throws: `ProgrammeError.database`, `.notAProgramme`.
    public func checklist() throws -> Checklist {
        try checklistCache.get(readChecklist)
    }

    private func readChecklist() throws -> Checklist {
        let text = try engine.read { try $0.value("SELECT json FROM checklist WHERE id = 1") }
        guard let text = text?.text,
            let checklist = try? JSONDecoder().decode(Checklist.self, from: Data(text.utf8))
        else {
            throw ProgrammeError.notAProgramme(path: path, reason: "its checklist is unreadable")
        }
        return checklist
    }

    /// Everything the programme holds, for the views across audits.
    ///
    /// - Throws: `ProgrammeError.database`, `.notAProgramme`.
    public func state() throws -> ProgrammeState {
        let checklist = try checklist()
        return try engine.read { transaction in
            let info = try info(transaction)
            // SQLite keeps rows in the order they were last written; PostgreSQL numbers them.
            let order = transaction.dialect == .sqlite ? "rowid" : "position"
            let processes = try transaction.texts("SELECT json FROM process ORDER BY \(order)")
                .map { try Self.decode(ProgrammeProcess.self, $0, path: path) }
            let auditors = try transaction.texts("SELECT json FROM auditor ORDER BY name")
                .map { try Self.decode(ProgrammeAuditor.self, $0, path: path) }
            let planned = try transaction.texts("SELECT json FROM planned_audit ORDER BY id")
                .map { try Self.decode(PlannedAudit.self, $0, path: path) }
            let cycle =
                try transaction.value("SELECT json FROM certification WHERE id = 1")?.text.map {
                    try Self.decode(CertificationCycle.self, $0, path: path)
                } ?? CertificationCycle()
            var answers: [String: [AttachedAnswer]] = [:]
            for row in try transaction.rows(
                "SELECT audit_id, item_id, clause, verdict FROM attached_answer"
                    + " ORDER BY audit_id, item_id", [])
            {
                guard let audit = row[0].text, let item = row[1].text,
                    let clause = row[2].text.flatMap(ClauseNumber.init),
                    let verdict = row[3].text.flatMap(Verdict.init(rawValue:))
                else { continue }
                answers[audit, default: []].append(
                    AttachedAnswer(itemID: item, clause: clause, verdict: verdict))
            }
            var findings: [String: [Finding]] = [:]
            var actions: [String: [String: CorrectiveAction]] = [:]
            for row in try transaction.rows(
                "SELECT audit_id, finding, action FROM attached_finding"
                    + " ORDER BY audit_id, finding_id", [])
            {
                let audit = row[0].text ?? ""
                let finding = try Self.decode(Finding.self, row[1].text ?? "", path: path)
                findings[audit, default: []].append(finding)
                if let action = row[2].text {
                    actions[audit, default: [:]][finding.id] = try Self.decode(
                        CorrectiveAction.self, action, path: path)
                }
            }
            // What the team moved on the programme stands over what the attach brought.
            for row in try transaction.rows(
                "SELECT audit_id, finding_id, action FROM programme_action", [])
            {
                let audit = row[0].text ?? ""
                guard let key = actions[audit]?.keys.first(where: { $0 == row[1].text }) else {
                    continue
                }
                actions[audit]?[key] = try Self.decode(
                    CorrectiveAction.self, row[2].text ?? "", path: path)
            }
            let attached = try transaction.rows(
                "SELECT audit_id, info, evidence, date FROM attached_audit ORDER BY audit_id", []
            ).map { row -> AttachedAudit in
                let id = row[0].text ?? ""
                let sorted = (findings[id] ?? []).sorted { Finding.precedes($0.id, $1.id) }
                return AttachedAudit(
                    auditID: id,
                    info: try Self.decode(AuditInfo.self, row[1].text ?? "", path: path),
                    answers: answers[id] ?? [], findings: sorted, actions: actions[id] ?? [:],
                    evidence: row[2].integer ?? 0, date: row[3].text.flatMap(CalendarDate.init))
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

    // MARK: - Changing

    /// Runs `body` in one write transaction with the journal, whose head is taken first —
    /// or, with `headFirst` false, when `body` takes it (`ProgrammeJournal.takeHead`) or
    /// first appends: then `body` must take it before it reads what its checks rely on,
    /// except what no writer holding the head changes.
    func write<T>(
        headFirst: Bool = true,
        _ body: (any ProgrammeTransaction, inout ProgrammeJournal) throws -> T
    ) throws -> T {
        try engine.write { transaction in
            var journal = ProgrammeJournal(transaction)
            if headFirst { try journal.takeHead() }
            return try body(transaction, &journal)
        }
    }

    /// Adds a process, or changes the one with its id.
    ///
    /// - Throws: `ProgrammeError.refused` for a clause the checklist lacks, `.database`.
    @discardableResult
    public func saveProcess(
        _ process: ProgrammeProcess, expecting: ProgrammeExpectation<ProgrammeProcess> = .anything,
        context: ChangeContext
    ) throws -> ProgrammeProcess? {
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
            value: process, expecting: expecting, context: context)
    }

    /// Adds an auditor, or changes the one with the name.
    ///
    /// - Throws: `ProgrammeError.refused` for an unknown process, `.database`.
    @discardableResult
    public func saveAuditor(
        _ auditor: ProgrammeAuditor, expecting: ProgrammeExpectation<ProgrammeAuditor> = .anything,
        context: ChangeContext
    ) throws -> ProgrammeAuditor? {
        let known = Set(try state().processes.map(\.id))
        let unknown = auditor.processes.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ProgrammeError.refused(
                "no process " + unknown.map { "'\($0)'" }.joined(separator: ", ")
                    + "; add it with 'qmsaudit programme process add' first")
        }
        return try save(
            table: "auditor", key: "name", id: auditor.name, entity: "auditor:\(auditor.name)",
            value: auditor, expecting: expecting, context: context)
    }

    /// Adds planned audits, or changes those with their ids, in one transaction; `expecting`
    /// says, by audit id, what each should be found as.
    ///
    /// - Throws: `ProgrammeError.refused` for an unknown process or clause, `.conflict`,
    ///   `.database`.
    public func savePlannedAudits(
        _ audits: [PlannedAudit], expecting: [String: ProgrammeExpectation<PlannedAudit>] = [:],
        context: ChangeContext
    ) throws {
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
        try write { transaction, journal in
            for audit in audits {
                try save(
                    transaction, &journal, table: "planned_audit", key: "id", id: audit.id,
                    entity: "audit:\(audit.id)", value: audit,
                    expecting: expecting[audit.id] ?? .anything, context: context)
            }
        }
    }

    /// Sets the certification body's dates.
    ///
    /// - Throws: `ProgrammeError.refused` naming each field whose date contradicts another,
    ///   `.database`.
    public func saveCycle(
        _ cycle: CertificationCycle,
        expecting: ProgrammeExpectation<CertificationCycle> = .anything, context: ChangeContext
    ) throws {
        guard cycle.problems.isEmpty else {
            throw ProgrammeError.refused(cycle.problems.joined(separator: "; "))
        }
        try write { transaction, journal in
            let before = try transaction.value("SELECT json FROM certification WHERE id = 1")?
                .text
            try Self.check(
                expecting, against: before ?? Self.json(CertificationCycle()), path: path,
                entity: "certification",
                what: "the certification dates", transaction)
            let after = Self.json(cycle)
            guard before != after else { return }
            if before == nil {
                try transaction.execute(
                    "INSERT INTO certification (id, json) VALUES (1, ?)", [.text(after)])
            } else {
                try transaction.execute(
                    "UPDATE certification SET json = ? WHERE id = 1", [.text(after)])
            }
            try journal.append(
                entity: "certification", action: before == nil ? "record" : "change",
                before: before, after: after, context: context)
        }
    }

    private func save<T: Codable & Hashable & Sendable>(
        table: String, key: String, id: String, entity: String, value: T,
        expecting: ProgrammeExpectation<T>, context: ChangeContext
    ) throws -> T? {
        try write { transaction, journal in
            try save(
                transaction, &journal, table: table, key: key, id: id, entity: entity, value: value,
                expecting: expecting, context: context)
        }
    }

    @discardableResult
    private func save<T: Codable & Hashable & Sendable>(
        _ transaction: any ProgrammeTransaction, _ journal: inout ProgrammeJournal, table: String,
        key: String, id: String, entity: String, value: T, expecting: ProgrammeExpectation<T>,
        context: ChangeContext
    ) throws -> T? {
        let before = try transaction.value(
            "SELECT json FROM \(table) WHERE \(key) = ?", [.text(id)])?.text
        try Self.check(
            expecting, against: before, path: path, entity: entity, what: entity, transaction)
        let after = Self.json(value)
        guard before != after else { return value }
        try transaction.upsert(table: table, key: key, id: id, json: after)
        try journal.append(
            entity: entity, action: before == nil ? "add" : "change", before: before,
            after: after, context: context)
        return nil
    }

    /// Refuses when `stored` is not what `expecting` says the command read, naming who
    /// changed it and when (the entity's last journal event).
    static func check<T: Codable & Hashable & Sendable>(
        _ expecting: ProgrammeExpectation<T>, against stored: String?, path: String,
        entity: String, what: String, _ transaction: any ProgrammeTransaction
    ) throws {
        let current = try stored.map { try decode(T.self, $0, path: path) }
        let expected: T?
        switch expecting {
        case .anything: return
        case .absent: expected = nil
        case .unchanged(let value): expected = value
        }
        guard current != expected else { return }
        let last = try transaction.rows(
            "SELECT actor, at, command FROM journal WHERE entity = ? ORDER BY seq DESC LIMIT 1",
            [.text(entity)]
        ).first
        let who =
            last.map {
                " by \($0[0].text ?? "?") at \($0[1].text ?? "?") ('\($0[2].text ?? "")')"
            } ?? ""
        throw ProgrammeError.conflict(
            expected == nil
                ? "\(what) was added\(who) after this command looked"
                : "\(what) was changed\(who) after this command read it")
    }

    // MARK: - Journal

    /// The journal, oldest event first.
    ///
    /// - Throws: `ProgrammeError.database`.
    public func journal() throws -> [JournalEvent] {
        try engine.read { try ProgrammeJournal.events($0) }
    }

    /// Checks the journal's hash chain.
    ///
    /// - Throws: `ProgrammeError.database`.
    public func verifyJournal() throws -> JournalVerification {
        let (events, head) = try engine.read { transaction in
            (
                try ProgrammeJournal.events(transaction),
                try transaction.value("SELECT sha256 FROM journal_head WHERE id = 1")?.text ?? ""
            )
        }
        return JournalVerification(
            events: events.count, head: head,
            problem: JournalEvent.chainProblem(events, head: head))
    }
}

/// Appends events to a programme's journal inside one write transaction, chaining their
/// hashes (the audit file's `JournalWriter`, for either engine).
///
/// Every writer takes the journal's head (`takeHead`, or its first append): on a server,
/// writers queue one behind the other there, and each sees what the one before it committed
/// (a SQLite write transaction has the file to itself already).
struct ProgrammeJournal {
    private let transaction: any ProgrammeTransaction
    private var sequence = 0
    private var head = JournalEvent.genesis
    private var held = false

    init(_ transaction: any ProgrammeTransaction) {
        self.transaction = transaction
    }

    /// Takes the journal's head for this transaction (once; later calls do nothing).
    mutating func takeHead() throws {
        guard !held else { return }
        let lock = transaction.dialect == .postgresql ? " FOR UPDATE" : ""
        let row = try transaction.rows(
            "SELECT seq, sha256 FROM journal_head WHERE id = 1" + lock, []
        ).first
        sequence = row?[0].integer ?? 0
        head = row?[1].text ?? JournalEvent.genesis
        held = true
    }

    /// Appends an event; `rows`, the change it records, are written with it — on a server in
    /// the same statement, one round trip while every other writer waits for the head.
    mutating func append(
        entity: String, action: String, before: String?, after: String?, context: ChangeContext,
        with rows: [ProgrammeInsert] = []
    ) throws {
        try takeHead()
        var event = JournalEvent(
            sequence: sequence + 1, time: context.time, actor: context.actor,
            command: context.command, entity: entity, action: action, before: before,
            after: after, previousHash: head, hash: "")
        event.hash = event.expectedHash
        let moved: [ProgrammeValue] = [.text(event.hash), .integer(event.sequence)]
        let all = rows + [Self.insert(event)]
        if transaction.dialect == .postgresql {
            let parts = all.enumerated().map { "change\($0.offset) AS (\($0.element.sql()))" }
            try transaction.execute(
                "WITH " + parts.joined(separator: ", ") + " " + Self.move,
                all.flatMap(\.values) + moved)
        } else {
            for row in all {
                try transaction.execute(row.sql(), row.values)
            }
            try transaction.execute(Self.move, moved)
        }
        sequence = event.sequence
        head = event.hash
    }

    private static let move = "UPDATE journal_head SET sha256 = ?, seq = ? WHERE id = 1"

    private static func insert(_ event: JournalEvent) -> ProgrammeInsert {
        ProgrammeInsert(
            table: "journal",
            columns: [
                "seq", "at", "actor", "command", "entity", "action", "before", "after",
                "prev_sha256", "sha256",
            ],
            values: [
                .integer(event.sequence), .text(event.time), .text(event.actor),
                .text(event.command), .text(event.entity), .text(event.action),
                .optional(event.before), .optional(event.after), .text(event.previousHash),
                .text(event.hash),
            ])
    }

    static func events(_ transaction: any ProgrammeTransaction) throws -> [JournalEvent] {
        try transaction.rows(
            "SELECT seq, at, actor, command, entity, action, before, after, prev_sha256, sha256"
                + " FROM journal ORDER BY seq", []
        ).map { row in
            JournalEvent(
                sequence: row[0].integer ?? 0, time: row[1].text ?? "", actor: row[2].text ?? "",
                command: row[3].text ?? "", entity: row[4].text ?? "", action: row[5].text ?? "",
                before: row[6].text, after: row[7].text, previousHash: row[8].text ?? "",
                hash: row[9].text ?? "")
        }
    }
}
