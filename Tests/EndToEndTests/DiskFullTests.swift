import AuditTestSupport
import Foundation
import Testing

/// A disk that fills up during `init`, `import` and `pack`: a clear error, the audit file as it
/// was, and no half-written file left in place.
///
/// The small disk is a tmpfs of a few hundred kilobytes where the machine allows mounting one
/// (root with the capability); elsewhere the commands run under a file-size limit
/// (`prlimit --fsize`, with SIGXFSZ ignored), which fails their writes the same way, though
/// SQLite then calls it an I/O error rather than a full disk.
@Suite struct DiskFullTests {
    /// A folder whose files cannot grow past `bytes`, and how commands must be run there.
    final class SmallDisk {
        let path: String
        let mounted: Bool
        let limit: Int

        init(in folder: TemporaryDirectory, bytes: Int) throws {
            path = folder.path + "/small"
            limit = bytes
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            // QMSAUDIT_TEST_NO_MOUNT tries the file-size limit where mounting works too.
            if ProcessInfo.processInfo.environment["QMSAUDIT_TEST_NO_MOUNT"] != nil {
                mounted = false
            } else {
                let mount = try Binary.run(
                    ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path],
                    executable: "/bin/mount")
                mounted = mount.status == 0
            }
        }

        deinit {
            if mounted { _ = try? Binary.run([path], executable: "/bin/umount") }
        }

        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            if mounted { return try Binary.run(arguments) }
            return try Binary.run(
                [
                    "--fsize=\(limit)", "/bin/sh", "-c", "trap '' XFSZ; exec \"$@\"", "sh",
                    Binary.path,
                ]
                    + arguments, executable: "/usr/bin/prlimit")
        }
    }

    @Test func initOnAFullDiskLeavesNothing() throws {
        let folder = TemporaryDirectory()
        let disk = try SmallDisk(in: folder, bytes: 64 * 1024)
        let result = try disk.run([
            "init", "--checklist", "iso9001-2015", "--org", "A", "--scope", "W", "--out",
            disk.path + "/a.qmsaudit",
        ])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(!disk.mounted || result.stderr.contains("the disk is full"), "\(result.stderr)")
        #expect(!result.stderr.contains("internal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)
    }

    @Test func importOnAFullDiskLeavesTheAuditAsItWas() throws {
        let folder = TemporaryDirectory()
        let disk = try SmallDisk(in: folder, bytes: 1024 * 1024)
        let audit = disk.path + "/a.qmsaudit"
        let made = try disk.run([
            "init", "--checklist", "iso9001-2015", "--org", "A", "--scope", "W", "--out", audit,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        let answered = try disk.run([
            "answer", "4.1-1", "--verdict", "conforming", "--audit", audit,
        ])
        try #require(answered.status == 0, "\(answered.stderr)")
        let register = AuditFileProbe.register(50_000, clause: "7.5", in: folder)
        let result = try disk.run(["import", "csv", register, "--audit", audit])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(!disk.mounted || result.stderr.contains("the disk is full"), "\(result.stderr)")
        #expect(!result.stderr.contains("internal error"))
        #expect(try AuditFileProbe.count(audit, "evidence") == 0)
        #expect(try AuditFileProbe.count(audit, "response") == 1)
        let verify = try Binary.run(["log", "--verify", "--audit", audit])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(try AuditFileProbe.integrity(audit) == "ok")
    }

    @Test func packOnAFullDiskLeavesNoPack() throws {
        let folder = TemporaryDirectory()
        let audit = try AuditFileEndToEndTests.initAudit(in: folder)
        let imported = try Binary.run([
            "import", "csv", AuditFileProbe.register(20_000, clause: "7.5", in: folder), "--audit",
            audit,
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let disk = try SmallDisk(in: folder, bytes: 256 * 1024)
        for arguments in [
            ["pack", "--zip", disk.path + "/pack.zip", "--audit", audit],
            ["pack", "--out", disk.path + "/pack", "--audit", audit],
        ] {
            let result = try disk.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stdout)")
            #expect(!result.stderr.contains("internal error"), "\(result.stderr)")
            #expect(
                !disk.mounted || result.stderr.contains("No space left")
                    || result.stderr.contains("enough space"), "\(result.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: disk.path)
            #expect(left.isEmpty, "\(arguments): \(left)")
        }
    }
}
