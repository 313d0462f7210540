import AuditTestSupport
import Foundation
import Testing

/// The audit-file commands run as a user would run them, including the ways a run can end
/// badly: killed mid-transaction, interrupted at the prompt.
@Suite struct AuditFileEndToEndTests {
    static func initAudit(in folder: TemporaryDirectory, checklist: String = "iso9001-2015") throws
        -> String
    {
        let path = folder.path + "/audit.qmsaudit"
        let result = try Binary.run([
            "init", "--checklist", checklist, "--org", "Acme", "--scope", "Widgets", "--out", path,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    static func answeredCount(_ path: String) throws -> Int {
        let csv = try Binary.run(["score", "--format", "csv", "--audit", path]).stdout
        let overall = csv.split(separator: "\r\n").first { $0.hasPrefix("overall,") } ?? ""
        let fields = overall.split(separator: ",", omittingEmptySubsequences: false)
        return fields.count > 4 ? (Int(fields[3]) ?? 0) + (Int(fields[4]) ?? 0) : -1
    }

    /// A checklist of `count` items in one clause, and an answers sheet answering them all.
    static func bigChecklist(_ count: Int, in folder: TemporaryDirectory) -> (
        checklist: String, answers: String
    ) {
        var yaml = "id: big\ntitle: Big\nstandard: S\nedition: \"1\"\nclauses:\n"
        yaml += "  - number: \"1\"\n    title: One\n    items:\n"
        var csv = "item,verdict,note\n"
        for index in 0..<count {
            yaml += "      - id: I-\(index)\n        question: Q\(index)?\n"
            csv += "I-\(index),conforming,note \(index)\n"
        }
        return (folder.write("big.yaml", yaml), folder.write("answers.csv", csv))
    }

    /// Runs qmsaudit with `arguments`, waits for its write transaction on `database` to start
    /// (SQLite creates its rollback journal), lets it write for `after` microseconds, then
    /// kills it without warning; whether it was still running when killed.
    static func killMidTransaction(_ arguments: [String], database: String, after: UInt32)
        throws -> Bool
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var killedMidway = false
        while process.isRunning && Date() < deadline {
            if FileManager.default.fileExists(atPath: database + "-journal") {
                usleep(after)
                killedMidway = process.isRunning
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(1_000)
        }
        process.waitUntilExit()
        return killedMidway
    }

    @Test func theGuidedRunTakesPipedInput() throws {
        let folder = TemporaryDirectory()
        let path = try Self.initAudit(in: folder)
        let result = try Binary.run(
            ["run", "--clause", "7.1.5", "--audit", path],
            input: "c\nm\nTwo calibration labels expired\n\n\n\nna\nwe measure\nq\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("── item 1 of 6 · clause 7.1.5.1 ──"))
        #expect(result.stdout.contains("saved: 7.1.5.1-1 conforming"))
        #expect(result.stdout.contains("saved: 7.1.5.1-2 minor"))
        #expect(result.stdout.contains("saved: 7.1.5.2-1 na"))
        let log = try Binary.run([
            "log", "--item", "7.1.5.1-2", "--format", "json", "--audit", path,
        ])
        #expect(log.stdout.contains("Two calibration labels expired"))
        #expect(try Self.answeredCount(path) == 3)
        let resumed = try Binary.run(["run", "--clause", "7.1.5", "--audit", path], input: "q\n")
        #expect(resumed.stdout.contains("resuming at item 4 of 6 (7.1.5.2-2)"))
    }

    @Test func findsTheAuditFileThroughTheEnvironment() throws {
        let folder = TemporaryDirectory()
        let path = try Self.initAudit(in: folder)
        let result = try Binary.run(
            ["answer", "4.1-1", "--verdict", "conforming"], environment: ["QMSAUDIT_FILE": path])
        #expect(result.status == 0, "\(result.stderr)")
        let inFolder = try Binary.run(["score"], in: folder.path)
        #expect(inFolder.status == 0, "./audit.qmsaudit is the default")
        #expect(inFolder.stdout.contains("overall"))
        let none = try Binary.run(["score"], in: "/")
        #expect(none.status == 2)
        #expect(none.stderr.contains("no audit file at 'audit.qmsaudit'"))
    }

    @Test func aKilledAnswerImportLeavesNoneOrAllOfTheAnswers() throws {
        let folder = TemporaryDirectory()
        let count = 10_000
        let (checklist, answers) = Self.bigChecklist(count, in: folder)
        let path = try Self.initAudit(in: folder, checklist: checklist)

        let killedMidway = try Self.killMidTransaction(
            ["answer", "--from", answers, "--audit", path], database: path, after: 150_000)
        let afterKill = try Self.answeredCount(path)
        #expect(afterKill == 0 || afterKill == count, "found \(afterKill) answers after the kill")
        #expect(killedMidway, "the import finished before it could be killed; make it larger")
        let verified = try Binary.run(["log", "--verify", "--audit", path])
        #expect(verified.status == 0, "\(verified.stderr)")
        // Running the same import again completes it.
        let again = try Binary.run(["answer", "--from", answers, "--audit", path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.answeredCount(path) == count)
    }

    @Test func aKilledAttachLeavesTheProgrammeAsBeforeOrAsAfter() throws {
        let folder = TemporaryDirectory()
        let count = 20_000
        let (checklist, answers) = Self.bigChecklist(count, in: folder)
        let programme = folder.path + "/p.qmsprog"
        let audit = folder.path + "/a.qmsaudit"
        for arguments in [
            ["programme", "init", "--org", "A", "--scope", "W", "--checklist", checklist],
            ["programme", "process", "add", "P", "--clauses", "1"],
            [
                "programme", "audit", "add", "--id", "A1", "--type", "internal", "--clauses", "1",
                "--date", "2027-01-01",
            ],
        ] {
            let flag = arguments[1] == "init" ? "--out" : "--programme"
            let result = try Binary.run(arguments + [flag, programme])
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let made = try Binary.run([
            "init", "--programme", programme, "--audit-id", "A1", "--out", audit,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        let answered = try Binary.run(["answer", "--from", answers, "--audit", audit])
        try #require(answered.status == 0, "\(answered.stderr)")

        let killedMidway = try Self.killMidTransaction(
            ["programme", "attach", audit, "--programme", programme], database: programme,
            after: 100_000)
        #expect(killedMidway, "the attach finished before it could be killed; make it larger")
        let log = try Binary.run(["programme", "log", "--verify", "--programme", programme])
        #expect(log.status == 0, "\(log.stderr)")
        let events = try Binary.run([
            "programme", "log", "--format", "json", "--programme", programme,
        ]).stdout
        let coverage = try Binary.run([
            "programme", "coverage", "--format", "json", "--programme", programme,
        ]).stdout
        // Either nothing of the attach is there, or all of it, its journal event included.
        let attached = events.contains("\"action\": \"attach\"")
        #expect(coverage.contains("\"done\": [\n        \"A1\"") == attached, "\(coverage)")
        let again = try Binary.run(["programme", "attach", audit, "--programme", programme])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("20000 answers"), "\(again.stdout)")
        let after = try Binary.run([
            "programme", "coverage", "--format", "json", "--programme", programme,
        ]).stdout
        #expect(after.contains("\"done\": [\n        \"A1\""))
    }

    @Test func ctrlCNeverLosesAnAnswerAlreadyGiven() throws {
        let folder = TemporaryDirectory()
        let path = try Self.initAudit(in: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["run", "--audit", path]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("c\no\nPolicy not on the website\n".utf8))
        let deadline = Date().addingTimeInterval(30)
        while try Self.answeredCount(path) < 2 && Date() < deadline { usleep(50_000) }
        process.interrupt()
        process.waitUntilExit()
        let message = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130)
        #expect(message.contains("interrupted: every answer given so far is saved"))
        #expect(try Self.answeredCount(path) == 2)
        #expect(try Binary.run(["log", "--verify", "--audit", path]).status == 0)
    }
}
