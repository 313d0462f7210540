import AuditTestSupport
import Foundation
import Testing

@Suite struct ReadOnlyAuditTests {
    /// An audit file the user may not write: every writing command fails clearly and the file
    /// stays as it was, byte for byte; reading commands still work.
    ///
    /// Root writes everything, and CI runs as root, so the commands run unprivileged
    /// (`Binary.runUnprivileged`).
    @Test func everyWritingCommandFailsAndNothingChanges() throws {
        let folder = TemporaryDirectory()
        chmod(folder.path, 0o777)
        let audit = folder.path + "/a.qmsaudit"
        let register = folder.write("register.csv", "Title,ISO clause\nQuality manual,4.3\n")
        chmod(register, 0o644)
        for arguments in [
            [
                "init", "--checklist", "iso9001-2015", "--org", "Acme", "--scope", "All", "--out",
                audit,
            ],
            ["answer", "7.2-2", "--verdict", "minor", "--note", "untrained", "--audit", audit],
            ["import", "csv", register, "--audit", audit],
        ] {
            let made = try Binary.run(arguments)
            try #require(made.status == 0, "\(made.stderr)")
        }
        chmod(audit, 0o444)
        let before = try Data(contentsOf: URL(fileURLWithPath: audit))

        func qmsaudit(_ arguments: [String]) throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try Binary.runUnprivileged(arguments + ["--audit", audit], in: folder)
        }
        let writing: [[String]] = [
            ["answer", "4.1-1", "--verdict", "conforming"],
            ["answer", "7.2-2", "--clear"],
            ["finding", "add", "--clause", "8.5.1", "--grade", "minor", "--statement", "x"],
            ["action", "update", "NC-001", "--owner", "T. Okafor"],
            ["import", "csv", register],
            ["evidence", "link", "4.3-1", "EV-0001"],
            ["audit", "plan", "--start", "2026-11-09", "--end", "2026-11-10"],
        ]
        for command in writing {
            let result = try qmsaudit(command)
            #expect(result.status == 2, "\(command): \(result.stdout) \(result.stderr)")
            #expect(
                result.stderr.contains("is read-only"), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("internal error"), "\(command)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: audit)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix("a.qmsaudit") && $0 != "a.qmsaudit"
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
        for reading in [["score"], ["finding", "list"], ["log", "--verify"], ["export"]] {
            let result = try qmsaudit(reading)
            #expect(result.status == 0, "\(reading): \(result.stderr)")
        }
    }

    /// A read-only programme file says so too.
    @Test func aReadOnlyProgrammeSaysSo() throws {
        let folder = TemporaryDirectory()
        chmod(folder.path, 0o777)
        let programme = folder.path + "/p.qmsprog"
        let made = try Binary.run([
            "programme", "init", "--org", "A", "--scope", "W", "--out", programme,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        chmod(programme, 0o444)
        let result = try Binary.runUnprivileged(
            ["programme", "process", "add", "P", "--clauses", "4", "--programme", programme],
            in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("it is read-only: nothing was changed"), "\(result.stderr)")
    }
}
