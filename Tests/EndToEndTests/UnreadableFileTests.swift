import AuditTestSupport
import Foundation
import Testing

@Suite struct UnreadableFileTests {
    /// A file and a folder the user may not read are reported, and the walk goes on.
    ///
    /// Root reads everything, and CI runs as root, so there the import runs as `nobody`
    /// (through `setpriv`), for whom the permissions hold.
    @Test func unreadableFilesAreReportedAndTheWalkGoesOn() throws {
        let folder = TemporaryDirectory()
        chmod(folder.path, 0o777)
        folder.write("QMS/QP-7.5-01 Document control.txt", "readable")
        folder.write("QMS/Records/REC-9.2 Audit report.txt", "readable too")
        let secret = folder.write("QMS/QP-7.1-01 Secret.txt", "no one may read this")
        folder.write("QMS/Locked/QP-8.1-01 Hidden.txt", "behind a locked folder")
        for path in ["/QMS", "/QMS/Records", "/QMS/Locked"] { chmod(folder.path + path, 0o755) }
        chmod(secret, 0o000)
        chmod(folder.path + "/QMS/Locked", 0o000)
        defer { chmod(folder.path + "/QMS/Locked", 0o755) }

        func qmsaudit(_ arguments: String...) throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try Binary.runUnprivileged(arguments, in: folder)
        }
        let audit = folder.path + "/a.qmsaudit"
        let created = try qmsaudit(
            "init", "--checklist", "iso9001-2015", "--org", "Acme", "--scope", "All", "--out",
            audit)
        #expect(created.status == 0, "\(created.stderr)")
        let result = try qmsaudit("import", "dir", folder.path + "/QMS", "--audit", audit)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
        #expect(result.stderr.contains("QP-7.1-01 Secret.txt:1:1: warning: cannot read the file"))
        #expect(result.stderr.contains("Locked:1:1: warning:"), "\(result.stderr)")
    }
}
