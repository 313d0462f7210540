import AuditTestSupport
import Foundation
import Testing

/// The PostgreSQL server stops dead (`pg_ctl stop -m immediate`) in the middle of an attach.
///
/// The command fails with a clear message, the programme is as it was, and once the server
/// is back the same attach succeeds.
@Suite struct ServerCrashTests {
    @Test func anAttachCutOffByTheServerLeavesTheProgrammeAsItWas() throws {
        let cluster = try PostgresCluster.own()
        let programme = try cluster.makeDatabase()
        let folder = TemporaryDirectory()
        func run(_ arguments: [String]) throws -> String {
            let result = try Binary.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }
        _ = try run([
            "programme", "init", "--org", "Acme", "--scope", "Widgets", "--out", programme,
        ])
        _ = try run([
            "programme", "audit", "add", "--id", "IA-1", "--clauses", "8.4", "--lead", "J. Smith",
            "--programme", programme,
        ])
        let audit = folder.path + "/ia1.qmsaudit"
        _ = try run([
            "init", "--programme", programme, "--audit-id", "IA-1", "--auditor", "J. Smith",
            "--out", audit,
        ])
        var register = "Document No.,Title,ISO clause\r\n"
        for row in 0..<2_000 { register += "REC-\(row),Record \(row),8.4\r\n" }
        let csv = folder.write("register.csv", register)
        _ = try run(["import", "csv", csv, "--audit", audit])
        let before = try run(["programme", "log", "--verify", "--programme", programme])

        // Another session holds the planned audits, so the attach stops late in its
        // transaction — having deleted and written the attached rows, before it marks the
        // audit in progress — until the server goes down.
        let database = String(programme.split(separator: "/")[2].prefix { $0 != "?" })
        let holding = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? cluster.sql(
                "BEGIN; LOCK TABLE planned_audit IN SHARE MODE; SELECT pg_sleep(120);",
                database: database)
            holding.signal()
        }
        /// Whether `count` finds a row within `seconds`, asked every 20 ms.
        func soon(_ count: String, within seconds: Int) throws -> Bool {
            for _ in 0..<(seconds * 50) {
                let found = try cluster.sql(count, database: database)
                if found.trimmingCharacters(in: .whitespacesAndNewlines) != "0" { return true }
                usleep(20_000)
            }
            return false
        }
        try #require(
            try soon(
                "SELECT count(*) FROM pg_locks WHERE relation = 'planned_audit'::regclass"
                    + " AND mode = 'ShareLock' AND granted", within: 10),
            "the planned audits were never held")
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var attach: (status: Int32, stdout: String, stderr: String)?
        Thread.detachNewThread {
            attach = try? Binary.run(["programme", "attach", audit, "--programme", programme])
            finished.signal()
        }
        try #require(
            try soon(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'UPDATE planned_audit%'", within: 30),
            "the attach never reached the planned audits")
        try cluster.crash()
        finished.wait()
        holding.wait()
        let result = try #require(attach)
        #expect(result.status == 2)
        #expect(result.stderr.contains("the connection to the server was lost"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing of this command was written"))

        try cluster.start()
        #expect(try run(["programme", "log", "--verify", "--programme", programme]) == before)
        let status = try run(["programme", "status", "--programme", programme])
        #expect(status.contains("In progress (attached, not concluded):\n(none)"), "\(status)")
        let again = try run(["programme", "attach", audit, "--programme", programme])
        #expect(again.contains("IA-1"), "\(again)")
        #expect(try run(["programme", "log", "--verify", "--programme", programme]) != before)
    }
}
