import AuditTestSupport
import Foundation
import Testing

/// Evidence files are found from wherever the auditor runs a command: the folder imported from
/// one working folder is verified, gapped and packed from another, and re-pointed when moved.
@Suite struct EvidenceLocationEndToEndTests {
    @Test func verifyGapsAndPackGiveTheSameResultFromAnyWorkingFolder() throws {
        let folder = TemporaryDirectory()
        folder.write("w/QMS/7.5 Documented information/QP-7.5-01 Document control.pdf", "v1")
        folder.write("w/QMS/9.2 Internal audit/Records/REC-9.2-01 Audit report.pdf", "report")
        folder.write("elsewhere/.keep", "")
        let audit = try AuditFileEndToEndTests.initAudit(in: folder)
        // Imported as the auditor would: from inside the working folder, by a relative name.
        let imported = try Binary.run(
            ["import", "dir", "QMS", "--audit", audit], in: folder.path + "/w")
        #expect(imported.status == 0, "\(imported.stderr)")
        var results: [String: (verify: String, gaps: String, pack: String)] = [:]
        for place in ["w", "elsewhere", "."] {
            let here = folder.path + "/" + place
            let verify = try Binary.run(["evidence", "verify", "--audit", audit], in: here)
            #expect(verify.status == 0, "from \(place): \(verify.stdout)\(verify.stderr)")
            #expect(verify.stderr.contains("2 unchanged, 0 changed, 0 missing"), "from \(place)")
            let gaps = try Binary.run(["gaps", "--format", "csv", "--audit", audit], in: here)
            let problems = gaps.stdout.split(separator: "\r\n").filter {
                $0.hasPrefix("evidence,")
            }
            #expect(problems.isEmpty, "from \(place): \(problems)")
            let pack = try Binary.run(
                [
                    "pack", "--out", folder.path + "/pack-\(place == "." ? "top" : place)",
                    "--copy-evidence", "--audit", audit,
                ], in: here)
            #expect(pack.status == 0, "\(pack.stderr)")
            #expect(
                pack.stdout.contains("2 evidence files copied"), "from \(place): \(pack.stdout)")
            results[place] = (verify.stdout, gaps.stdout, pack.stdout)
        }
        #expect(results["w"]?.verify == results["elsewhere"]?.verify)
        #expect(results["w"]?.gaps == results["elsewhere"]?.gaps)
        let show = try Binary.run(["evidence", "show", "EV-0001", "--audit", audit], in: "/")
        #expect(show.stdout.contains("file      " + folder.path + "/w/QMS/"), "\(show.stdout)")
    }

    @Test func aMovedFolderIsRelocatedWithoutImportingAgain() throws {
        let folder = TemporaryDirectory()
        folder.write("QMS/QP-7.5-01 Document control.pdf", "v1")
        let audit = try AuditFileEndToEndTests.initAudit(in: folder)
        let imported = try Binary.run(["import", "dir", "QMS", "--audit", audit], in: folder.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        try FileManager.default.moveItem(
            atPath: folder.path + "/QMS", toPath: folder.path + "/share")
        let lost = try Binary.run(["evidence", "verify", "--audit", audit])
        #expect(lost.status == 1)
        #expect(lost.stderr.contains("1 missing"))
        let sources = try Binary.run(["evidence", "sources", "--audit", audit])
        #expect(sources.stdout.contains("dir:QMS"))
        #expect(sources.stdout.contains(folder.path + "/QMS"))
        let unknown = try Binary.run(
            ["evidence", "relocate", "dir:Nope", folder.path + "/share", "--audit", audit])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no evidence source 'dir:Nope'; its sources are dir:QMS"))
        let moved = try Binary.run(
            ["evidence", "relocate", "dir:QMS", "share", "--audit", audit], in: folder.path)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("→ \(folder.path)/share; 1 of 1 file found there"))
        let found = try Binary.run(["evidence", "verify", "--audit", audit])
        #expect(found.status == 0, "\(found.stderr)")
        let log = try Binary.run(["log", "--format", "csv", "--audit", audit])
        #expect(log.stdout.contains("source:dir:QMS,relocate"), "\(log.stdout)")
        // The folder imported at its new place is the same source: nothing is copied.
        let again = try Binary.run(["import", "dir", "share", "--audit", audit], in: folder.path)
        #expect(again.stdout.hasSuffix("0 added, 0 changed, 1 unchanged, 0 removed\n"), "\(again)")
    }

    @Test func aRegisterFromAPipeIsRead() throws {
        let folder = TemporaryDirectory()
        let audit = try AuditFileEndToEndTests.initAudit(in: folder)
        let fifo = folder.path + "/register.fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(
                Data("Doc No.,Title,Clause\nQP-1,Policy,5.2\nQP-2,Manual,4.3\nQP-1,Pol,5.2\n".utf8))
            try? handle?.close()
        }
        writer.start()
        let result = try Binary.run(["import", "csv", fifo, "--skip-bad-rows", "--audit", audit])
        #expect(result.status == 0, "\(result.stderr)")
        // Read again from the copy, the repeat's first line is known.
        #expect(
            result.stderr.contains("'QP-1' is listed twice (first on line 2)"), "\(result.stderr)")
        #expect(result.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
    }
}
