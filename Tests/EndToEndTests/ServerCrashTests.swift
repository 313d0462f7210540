import AuditTestSupport
import Foundation
import Testing

/// The PostgreSQL server stops dead (`pg_ctl stop -m immediate`) in the middle of an attach:
/// the command fails with a clear message, the programme is as it was, and once the server is
/// back the same attach succeeds.
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
        // Enough evidence that the attach writes for a while: one statement per record.
        var register = "Document No.,Title,ISO clause\r\n"
        for row in 0..<40_000 { register += "REC-\(row),Record \(row),8.4\r\n" }
        let csv = folder.write("register.csv", register)
        _ = try run(["import", "csv", csv, "--audit", audit])
        let before = try run(["programme", "log", "--verify", "--programme", programme])

        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var attach: (status: Int32, stdout: String, stderr: String)?
        Thread.detachNewThread {
            attach = try? Binary.run(["programme", "attach", audit, "--programme", programme])
            finished.signal()
        }
        // Wait until the attach is writing its evidence, then pull the plug.
        var writing = false
        for _ in 0..<600 where !writing {
            let active = try cluster.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO attached_%'")
            writing = active.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
            if !writing { usleep(20_000) }
        }
        try #require(writing, "the attach never started writing")
        try cluster.crash()
        finished.wait()
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
