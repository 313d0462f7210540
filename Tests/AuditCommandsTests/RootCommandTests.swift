import AuditModel
import AuditTestSupport
import Foundation
import Testing

@Suite struct RootCommandTests {
    @Test func printsTheVersionConstant() async {
        let result = await qmsaudit("--version")
        #expect(result.status == 0)
        #expect(result.stdout == ToolVersion.current + "\n")
    }

    @Test func helpListsTheCommandsAndExitCodes() async {
        let result = await qmsaudit("--help")
        #expect(result.status == 0)
        // Help wraps to the terminal's width, so check its content rather than its layout.
        let text = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("checklist List, show and validate audit checklists."))
        #expect(
            text.contains(
                "demo Validate the bundled checklists, then audit the example organisation."))
        #expect(text.contains("Exit status: 0 success; 1 the command ran and its check failed; 2"))
        #expect(text.contains("64 bad usage"))
        for command in ["init", "run", "answer", "score", "log"] {
            #expect(text.contains(" \(command) "), "\(command) is listed")
        }
        let group = await qmsaudit("checklist")
        #expect(group.status == 0)
        #expect(group.stdout.contains("validate"))
    }

    @Test func anUnknownCommandIsAUsageError() async {
        let result = await qmsaudit("audit-everything")
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unexpected argument 'audit-everything'"))
    }

    @Test func theDemoAuditsTheExampleOrganisation() async {
        let folder = TemporaryDirectory()
        let examples = Fixture.packageRoot + "/examples/acme-widgets"
        let pack = folder.path + "/demo-pack"
        // The story's last day fixed, everything it prints is fixed too, but for the audit's
        // random id, which the pack's manifest (and so its hash) holds.
        let result = await qmsaudit(
            "demo", "--examples", examples, "--out", folder.path, "--pack", pack, "--as-of",
            "2027-01-15")
        #expect(result.status == 0, "\(result.stderr)")
        let stable = result.stdout.replacingOccurrences(of: folder.path, with: "<out>")
            .replacingOccurrences(of: examples, with: "<examples>")
            .replacingOccurrences(
                of: #"SHA-256 [0-9a-f]{16}…"#, with: "SHA-256 <hash>…", options: .regularExpression)
        Snapshot.assert(stable, named: "demo.txt")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/acme-widgets.qmsaudit"))
        #expect(FileManager.default.fileExists(atPath: pack + "/index.html"))
        #expect(FileManager.default.fileExists(atPath: pack + ".zip"))
        let verified = await qmsaudit("pack", "verify", pack + ".zip")
        #expect(verified.status == 0, "\(verified.stdout)")
        // A second run starts afresh rather than failing on the existing file and pack.
        let again = await qmsaudit(
            "demo", "--examples", examples, "--out", folder.path, "--pack", pack)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func theDemoSaysPlainlyWhenTheExamplesAreMissing() async {
        let result = await qmsaudit("demo", "--examples", "/nonexistent/examples")
        #expect(result.status == 1, "the audit part did not run: not a success")
        #expect(result.stderr.contains("/nonexistent/examples/answers.csv was not found"))
    }
}
