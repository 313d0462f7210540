import AuditTestSupport
import Testing

@Suite struct ProfileCommandTests {
    @Test func bundledProfilesApplyAndUnknownOnesAreNamed() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write(
            "export.csv",
            "Name,Doc ID,Path,Modified,ISO Clause\nQuality policy,QD-5.2-01,/sites/qms/policy.pdf,12/01/2026,5.2.2\n"
        )
        let result = await audit.run("import", "csv", path, "--profile", "sharepoint")
        #expect(result.status == 0, "\(result.stderr)")
        let list = await audit.run("evidence", "list", "--format", "csv")
        #expect(list.stdout.contains("QD-5.2-01,Quality policy,,5.2.2,2026-01-12"))
        let unknown = await audit.run("import", "csv", path, "--profile", "oracle")
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains(
                "bundled profiles: excel-de, sharepoint (csv, xlsx); document-register, odoo (xml)")
        )
        let xmlProfile = await audit.run("import", "csv", path, "--profile", "odoo")
        #expect(xmlProfile.status == 2)
        #expect(
            xmlProfile.stderr.contains(
                "this is a profile for XML exports; use it with 'qmsaudit import xml'"))
        let wrongKind = await audit.run(
            "import", "dir", audit.folder.path, "--profile", "sharepoint")
        #expect(wrongKind.status == 64)
    }
}
