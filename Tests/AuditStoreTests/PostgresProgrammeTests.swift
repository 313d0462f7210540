import AuditModel
import AuditTestSupport
import Foundation
import PostgresProgramme
import Testing

@testable import AuditStore

/// The programme on a PostgreSQL server: what is refused at the door, and writers at once.
@Suite struct PostgresProgrammeTests {
    static let context = AuditFileTests.context

    static func create(_ address: String) throws -> ProgrammeStore {
        try PostgresProgramme.create(
            address, organisation: "Acme", scope: "Widgets", checklist: try AuditFileTests.iso(),
            context: context)
    }

    /// A password in the address, no server, no database, a database that is not a programme,
    /// one from a newer qmsaudit, a programme created twice: each a clear error, nothing
    /// written.
    @Test func badAddressesGetClearErrors() throws {
        let cluster = try PostgresCluster.shared()
        #expect {
            try PostgresProgramme.open("postgresql://auditor:secret@localhost/qms")
        } throws: { "\($0)".contains("put it in ~/.pgpass or PGPASSWORD") }
        let nowhere = TemporaryDirectory()
        #expect {
            try PostgresProgramme.open("postgresql://postgres@/qms?host=\(nowhere.path)")
        } throws: { error in
            (error as? ProgrammeError)?.exitStatus == 2 && "\(error)".contains("cannot connect")
        }
        #expect {
            try PostgresProgramme.open(cluster.address("nosuchdatabase"))
        } throws: { "\($0)".contains("database \"nosuchdatabase\" does not exist") }
        let database = try cluster.makeDatabaseName()
        let empty = cluster.address(database)
        #expect {
            try PostgresProgramme.open(empty)
        } throws: { "\($0)".contains("has no qmsaudit programme") }
        #expect(
            try cluster.sql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                database: database
            ).trimmingWhitespace() == "0", "opening wrote nothing")

        let programme = try Self.create(empty)
        #expect {
            try Self.create(empty)
        } throws: { "\($0)".contains("already exists") }
        #expect(try programme.journal().count == 1)
        try cluster.sql(
            "INSERT INTO qmsaudit_migrations (identifier) VALUES ('2099-01-p9-future')",
            database: database)
        #expect {
            try PostgresProgramme.open(empty)
        } throws: { "\($0)".contains("was written by a newer qmsaudit") }
    }

    /// A server that asks for a password: the right one from `PGPASSWORD` or the password
    /// file gets in; a wrong one, or none, is a clear error.
    @Test func passwordsComeFromTheEnvironmentOrThePasswordFile() throws {
        let cluster = try PostgresCluster.own(password: "s3cret:pass")
        let database = try cluster.makeDatabaseName()
        let address = cluster.address(database)
        #expect {
            try PostgresProgramme.open(address, environment: ["PGPASSWORD": "wrong"])
        } throws: { error in
            (error as? ProgrammeError)?.exitStatus == 2
                && "\(error)".contains("password authentication failed")
        }
        #expect {
            try PostgresProgramme.open(address, environment: ["HOME": "/nonexistent"])
        } throws: { "\($0)".contains("the server asks for a password and none was found") }
        _ = try PostgresProgramme.create(
            address, organisation: "Acme", scope: "Widgets", checklist: try AuditFileTests.iso(),
            context: Self.context, environment: ["PGPASSWORD": "s3cret:pass"])
        let folder = TemporaryDirectory()
        let file = folder.write(
            "pgpass",
            "# a comment\nother:*:*:*:nope\nlocalhost:\(cluster.port):\(database):"
                + "\(cluster.superuser):s3cret\\:pass\n")
        _ = chmod(file, 0o600)
        let programme = try PostgresProgramme.open(address, environment: ["PGPASSFILE": file])
        #expect(try programme.info().organisation == "Acme")
    }

    /// Eight writers, each on a connection of its own, add ten processes each at the same time:
    /// every change is there once and the journal is one intact chain.
    @Test func writersAtOnceKeepOneChain() throws {
        let address = try PostgresCluster.shared().makeDatabase()
        _ = try Self.create(address)
        let writers = 8
        let each = 10
        let failures = NSLock()
        nonisolated(unsafe) var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let programme = try PostgresProgramme.open(address)
                for index in 0..<each {
                    try programme.saveProcess(
                        ProgrammeProcess(
                            id: "p\(writer)-\(index)", name: "P \(writer) \(index)",
                            clauses: [clause("8.4")]),
                        context: Self.context)
                }
            } catch {
                failures.withLock { problems.append("\(error)") }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
        let programme = try PostgresProgramme.open(address)
        #expect(try programme.state().processes.count == writers * each)
        let verification = try programme.verifyJournal()
        #expect(verification.isIntact)
        #expect(verification.events == writers * each + 1)
    }

    /// Each role connects and does what it may; what it may not is refused by the server
    /// (the grants of `programme sql --roles`), not only by qmsaudit.
    @Test func rolesAreEnforcedByTheServer() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.makeDatabaseName()
        let folder = TemporaryDirectory()
        let owner = try ProgrammeFileTests.programme(
            folder, .postgresql, at: cluster.address(database))
        try cluster.sql(PostgresRoles.sql, database: database)
        let suffix = String(database.suffix(8))
        func login(_ role: String) throws -> ProgrammeStore {
            let name = "\(role)_\(suffix)"
            try cluster.sql("CREATE ROLE \(name) LOGIN; GRANT \(role) TO \(name)")
            return try PostgresProgramme.open(cluster.address(database, user: name))
        }
        let reader = try login(PostgresRoles.reader)
        let auditor = try login(PostgresRoles.auditor)
        let manager = try login(PostgresRoles.manager)
        let sales = ProgrammeProcess(id: "sales", name: "Sales", clauses: [clause("8.2")])
        func refused(_ change: () throws -> Void) {
            #expect {
                try change()
            } throws: { "\($0)".contains("your database role may not make this change") }
        }

        #expect(try reader.state().processes.count == 2)
        refused { try reader.saveProcess(sales, context: Self.context) }
        let audit = try ProgrammeFileTests.audit(
            folder, "ia1.qmsaudit", for: owner, auditID: "IA-1")
        refused {
            _ = try reader.attach(audit, as: nil, ownProcessReason: nil, context: Self.context)
        }

        // Row-level security: the auditor attaches the audit they lead, not another one.
        let ia2 = try ProgrammeFileTests.audit(
            folder, "ia2.qmsaudit", for: owner, auditID: "IA-2", auditors: ["R. Patel"])
        #expect {
            _ = try auditor.attach(audit, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("qms_login") }
        try cluster.sql(
            "INSERT INTO qms_login VALUES ('\(PostgresRoles.auditor)_\(suffix)', 'j. smith')",
            database: database)
        let attached = try auditor.attach(
            audit, as: nil, ownProcessReason: nil, context: Self.context)
        #expect(attached.change == .attached)
        #expect {
            _ = try auditor.attach(ia2, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("only the audits you lead or are on the team of") }
        #expect(
            try manager.attach(ia2, as: nil, ownProcessReason: nil, context: Self.context)
                .change == .attached)
        refused { try auditor.saveProcess(sales, context: Self.context) }
        refused {
            try auditor.savePlannedAudits(
                [PlannedAudit(id: "IA-9", type: .internal)], context: Self.context)
        }

        try manager.saveProcess(sales, context: Self.context)
        try manager.savePlannedAudits(
            [PlannedAudit(id: "IA-9", type: .internal)], context: Self.context)
        var cycle = CertificationCycle()
        cycle.body = "Certa Ltd"
        try manager.saveCycle(cycle, context: Self.context)

        // Corrective actions: an auditor moves on only those that are theirs; a manager
        // assigns and closes.
        func move(
            _ store: ProgrammeStore, _ body: @escaping (inout CorrectiveAction) -> Void
        ) throws {
            try store.changeAction(
                auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.context
            ) { action, _, _ in body(&action) }
        }
        let contain: (inout CorrectiveAction) -> Void = {
            $0.correction = "Late orders re-released"
            $0.correctionDate = CalendarDate("2026-11-22")
        }
        refused { try move(reader, contain) }
        #expect {
            try move(auditor, contain)
        } throws: { "\($0)".contains("the corrective action of NC-001 in IA-1 is not yours") }
        try move(manager) { $0.owner = "J. Smith" }
        try move(auditor, contain)
        #expect {
            try move(auditor) { $0.owner = "R. Patel" }
        } throws: { "\($0)".contains("only a manager (qms_manager) assigns") }
        let closing = """
            UPDATE programme_action SET action = jsonb_set(action::jsonb, '{state}',
                '"closed"')::text
            """
        #expect(throws: (any Error).self) {
            try cluster.sql(
                "SET ROLE \(PostgresRoles.auditor)_\(suffix); \(closing)", database: database)
        }
        try cluster.sql(
            "SET ROLE \(PostgresRoles.manager)_\(suffix); \(closing)", database: database)
        let followed = try #require(try owner.findingRegister(auditID: "IA-1").actions["NC-001"])
        #expect(followed.owner == "J. Smith" && followed.state == .closed)
        #expect(followed.correction == "Late orders re-released")

        let state = try owner.state()
        #expect(state.processes.map(\.id).contains("sales"))
        #expect(state.attached.map(\.auditID) == ["IA-1", "IA-2"])
        #expect(try owner.verifyJournal().isIntact)
    }

    /// A programme made before corrective actions were followed on the server is brought up to
    /// date when its owner opens it; a login that may not change tables is told to ask them.
    @Test func anOlderSchemaIsUpgradedByItsOwner() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.makeDatabaseName()
        let folder = TemporaryDirectory()
        _ = try ProgrammeFileTests.programme(folder, .postgresql, at: cluster.address(database))
        try cluster.sql(
            """
            DROP TABLE programme_action;
            ALTER TABLE journal_head DROP COLUMN seq;
            DROP FUNCTION qms_move_action, qms_event_hash, qms_field;
            DELETE FROM qmsaudit_migrations WHERE identifier = '2026-12-p2-programme-actions'
            """, database: database)
        // A login that may read everything and change nothing, as roles made before gave.
        let name = "reads_\(database.suffix(8))"
        try cluster.sql("CREATE ROLE \(name) LOGIN")
        try cluster.sql(
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(name)", database: database)
        #expect {
            _ = try PostgresProgramme.open(cluster.address(database, user: name))
        } throws: { "\($0)".contains("ask the database's owner to run any qmsaudit programme") }
        let upgraded = try PostgresProgramme.open(cluster.address(database))
        #expect(try upgraded.state().planned.count == 2, "reads programme_action too")
        let events = try upgraded.journal().count
        #expect(
            try cluster.sql("SELECT seq FROM journal_head", database: database)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "\(events)")
        try upgraded.saveProcess(
            ProgrammeProcess(id: "sales", name: "Sales", clauses: [clause("8.2")]),
            context: Self.context)
        #expect(try upgraded.verifyJournal().isIntact)
        let applied = try cluster.sql(
            "SELECT identifier FROM qmsaudit_migrations ORDER BY identifier", database: database)
        #expect(
            applied.split(separator: "\n") == [
                "2026-12-p1-programme", "2026-12-p2-programme-actions",
            ])
        try cluster.sql(
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(name)", database: database)
        #expect(
            try PostgresProgramme.open(cluster.address(database, user: name)).state().planned.count
                == 2)
    }

    /// Over TCP, the address's sslmode decides: plain, encrypted, or encrypted with the
    /// server's certificate checked against the authority named (and its host name); a
    /// certificate no trusted authority signed is refused at the door.
    @Test func tcpConnectionsUseTLSAsTheAddressSays() throws {
        let cluster = try PostgresCluster.own(tls: true)
        let database = try cluster.makeDatabaseName()
        let home = TemporaryDirectory()
        let environment = ["HOME": home.path]
        let authority = "sslrootcert=\(cluster.authorityFile)"
        _ = try PostgresProgramme.create(
            cluster.tcpAddress(database, query: "sslmode=verify-full&\(authority)"),
            organisation: "Acme", scope: "Widgets", checklist: try AuditFileTests.iso(),
            context: Self.context, environment: environment)
        for (host, query, encrypted) in [
            ("127.0.0.1", "sslmode=disable", false),
            ("127.0.0.1", "", true),
            ("127.0.0.1", "sslmode=require", true),
            ("127.0.0.1", "sslmode=verify-ca&\(authority)", true),
            ("localhost", "sslmode=verify-full&\(authority)", true),
        ] {
            let store = try PostgresProgramme.open(
                cluster.tcpAddress(database, host: host, query: query), environment: environment)
            #expect(try store.info().organisation == "Acme")
            let ssl = try store.engine.read {
                try $0.value("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            }
            #expect(ssl?.text == (encrypted ? "true" : "false"), "\(query)")
        }
        #expect {
            _ = try PostgresProgramme.open(
                cluster.tcpAddress(database, query: "sslmode=verify-full"),
                environment: environment)
        } throws: { "\($0)".contains("the server's certificate was not accepted") }
        #expect {
            _ = try PostgresProgramme.open(
                cluster.tcpAddress(database, query: "sslmode=verify-ca"), environment: environment)
        } throws: { "\($0)".contains("name its certificate file with sslrootcert=FILE") }
        #expect {
            _ = try PostgresProgramme.open("postgresql://postgres@127.0.0.1:1/qms")
        } throws: { "\($0)".contains("cannot connect: connection refused (is the server running") }
        #expect {
            _ = try PostgresProgramme.open(
                cluster.tcpAddress(database, query: "sslmode=sometimes"), environment: environment)
        } throws: { "\($0)".contains("sslmode 'sometimes' is not one of disable, allow, prefer") }
    }

    /// The server hashes a journal event exactly as qmsaudit does (it writes some events
    /// itself, to hold the journal's head no longer than it works): any text, a missing
    /// before or after, large numbers.
    @Test func theServerHashesEventsAsQmsauditDoes() throws {
        let store = try Self.create(try PostgresCluster.shared().makeDatabase())
        let events = [
            JournalEvent(
                sequence: 1, time: "2026-11-22T10:00:00Z", actor: "J. Smith",
                command: "qmsaudit action update NC-001", entity: "action:IA-1/NC-001",
                action: "update", before: nil, after: "{}", previousHash: JournalEvent.genesis,
                hash: ""),
            JournalEvent(
                sequence: 123_456_789, time: "t", actor: "Zoë Ünal 監査員", command: "x:y:1:",
                entity: "", action: "pull", before: "{\"a\":\"é\\n\"}", after: nil,
                previousHash: String(repeating: "ab", count: 32), hash: ""),
        ]
        for event in events {
            let hash = try store.engine.read {
                try $0.value(
                    "SELECT qms_event_hash(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        .integer(event.sequence), .text(event.time), .text(event.actor),
                        .text(event.command), .text(event.entity), .text(event.action),
                        .optional(event.before), .optional(event.after),
                        .text(event.previousHash),
                    ])?.text
            }
            #expect(hash == event.expectedHash)
        }
    }
}
