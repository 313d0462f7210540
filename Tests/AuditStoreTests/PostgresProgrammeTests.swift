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
}
