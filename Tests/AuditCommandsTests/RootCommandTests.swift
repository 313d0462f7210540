import AuditModel
import AuditTestSupport
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
        #expect(text.contains("demo Validate and summarise the bundled checklists."))
        #expect(text.contains("Exit status: 0 success; 1 the command ran and its check failed; 2"))
        #expect(text.contains("64 bad usage"))
        let group = await qmsaudit("checklist")
        #expect(group.status == 0)
        #expect(group.stdout.contains("validate"))
    }

    @Test func anUnknownCommandIsAUsageError() async {
        let result = await qmsaudit("audit-everything")
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unexpected argument 'audit-everything'"))
    }

    @Test func theDemoSummarisesTheBundledChecklists() async {
        let result = await qmsaudit("demo")
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.assert(result.stdout, named: "demo.txt")
    }
}
