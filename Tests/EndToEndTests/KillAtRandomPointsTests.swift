import AuditTestSupport
import Foundation
import Testing

/// `kill -9` at 20 random moments of each writing command that works on many rows: the audit
/// file (or programme) afterwards passes SQLite's integrity check and `log --verify`, and holds
/// what it held before the command or what it holds after it, never something between.
///
/// About two minutes on two cores, so it runs when `QMSAUDIT_SLOW_TESTS` is set, as `make fuzz`
/// and `make bench` set it; `make test` leaves it out.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["QMSAUDIT_SLOW_TESTS"] != nil))
struct KillAtRandomPointsTests {
    static let points = 20

    /// Runs `arguments`, kills it `delay` microseconds after it starts (if it is still
    /// running), and says whether it was killed.
    static func kill(_ arguments: [String], after delay: UInt32) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(delay)
        let running = process.isRunning
        if running { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return running && process.terminationReason == .uncaughtSignal
    }

    /// How long `arguments` takes when left alone, in microseconds.
    static func duration(_ arguments: [String]) throws -> UInt32 {
        let start = Date()
        let result = try Binary.run(arguments)
        try #require(result.status == 0, "\(arguments): \(result.stderr)")
        return UInt32(Date().timeIntervalSince(start) * 1_000_000)
    }

    /// Kills `command` (run on a fresh copy of `original` each time) at 20 random moments
    /// within its normal duration, and checks the copy after each kill.
    static func check(
        _ name: String, original: String, table: String, in folder: TemporaryDirectory,
        seed: UInt64, command: (String) -> [String]
    ) throws {
        let probe = folder.path + "/probe-\(name)"
        try FileManager.default.copyItem(atPath: original, toPath: probe)
        let before = try AuditFileProbe.count(probe, table)
        let normal = try duration(command(probe))
        let after = try AuditFileProbe.count(probe, table)
        try #require(after != before, "\(name) changes nothing to count")
        var random = SeededGenerator(state: seed)
        var killed = 0
        for point in 0..<points {
            let copy = folder.path + "/\(name)-\(point)"
            try FileManager.default.copyItem(atPath: original, toPath: copy)
            let delay = UInt32.random(in: 0...normal, using: &random)
            if try kill(command(copy), after: delay) { killed += 1 }
            #expect(try AuditFileProbe.integrity(copy) == "ok", "\(name) killed at \(delay) µs")
            let rows = try AuditFileProbe.count(copy, table)
            #expect(rows == before || rows == after, "\(name) killed at \(delay) µs: \(rows) rows")
            let verify = try Binary.run(
                (name == "attach"
                    ? ["programme", "log", "--verify", "--programme", copy]
                    : ["log", "--verify", "--audit", copy]))
            #expect(verify.status == 0, "\(name) killed at \(delay) µs: \(verify.stdout)")
            try? FileManager.default.removeItem(atPath: copy)
            try? FileManager.default.removeItem(atPath: copy + "-journal")
        }
        #expect(killed >= points / 2, "\(name): only \(killed) of \(points) kills landed mid-run")
    }

    @Test func importCsvAnswerFromAndAttach() throws {
        let folder = TemporaryDirectory()
        let count = 20_000
        let (checklist, answers) = AuditFileEndToEndTests.bigChecklist(count, in: folder)
        let register = AuditFileProbe.register(100_000, clause: "1", in: folder)
        let programme = folder.path + "/p.qmsprog"
        let audit = folder.path + "/a.qmsaudit"
        for arguments in [
            [
                "programme", "init", "--org", "A", "--scope", "W", "--checklist", checklist,
                "--out",
                programme,
            ],
            ["programme", "process", "add", "P", "--clauses", "1", "--programme", programme],
            [
                "programme", "audit", "add", "--id", "A1", "--type", "internal", "--clauses", "1",
                "--date", "2027-01-01", "--programme", programme,
            ],
            ["init", "--programme", programme, "--audit-id", "A1", "--out", audit],
        ] {
            let result = try Binary.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        try Self.check("import", original: audit, table: "evidence", in: folder, seed: 1) {
            ["import", "csv", register, "--audit", $0]
        }
        try Self.check("answer", original: audit, table: "response", in: folder, seed: 2) {
            ["answer", "--from", answers, "--audit", $0]
        }
        let answered = try Binary.run(["answer", "--from", answers, "--audit", audit])
        try #require(answered.status == 0, "\(answered.stderr)")
        try Self.check("attach", original: programme, table: "journal", in: folder, seed: 3) {
            ["programme", "attach", audit, "--programme", $0]
        }
    }

    @Test func aKilledPackLeavesNoHalfWrittenPack() throws {
        let folder = TemporaryDirectory()
        let audit = try AuditFileEndToEndTests.initAudit(in: folder)
        let imported = try Binary.run([
            "import", "csv", AuditFileProbe.register(100_000, clause: "7.5", in: folder),
            "--audit", audit,
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: audit))
        let normal = try Self.duration([
            "pack", "--zip", folder.path + "/probe.zip", "--audit", audit,
        ])
        var random = SeededGenerator(state: 4)
        for point in 0..<Self.points {
            let zip = folder.path + "/pack-\(point).zip"
            let delay = UInt32.random(in: 0...normal, using: &random)
            _ = try Self.kill(["pack", "--zip", zip, "--audit", audit], after: delay)
            if FileManager.default.fileExists(atPath: zip) {
                let verified = try Binary.run(["pack", "verify", zip])
                #expect(verified.status == 0, "a pack left in place must be whole (\(delay) µs)")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: audit)) == before)
        // What killed runs left half-written is removed by the next pack of the same name.
        for point in 0..<Self.points {
            let zip = folder.path + "/pack-\(point).zip"
            try? FileManager.default.removeItem(atPath: zip)
            let again = try Binary.run(["pack", "--zip", zip, "--audit", audit])
            #expect(again.status == 0, "\(again.stderr)")
        }
        let partials = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.contains(".partial-") }
        #expect(partials.isEmpty, "\(partials)")
    }
}
