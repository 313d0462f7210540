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
        #expect(result.stderr.contains("unknown command 'audit-everything'"))
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
        // The demo's audit, with every kind of row, exports, rebuilds and exports the same.
        let json = folder.path + "/acme.json"
        let exported = await qmsaudit(
            "export", "--out", json, "--audit", folder.path + "/acme-widgets.qmsaudit")
        #expect(exported.status == 0, "\(exported.stderr)")
        let rebuilt = await qmsaudit(
            "init", "--from-json", json, "--out", folder.path + "/rebuilt.qmsaudit")
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let second = await qmsaudit("export", "--audit", folder.path + "/rebuilt.qmsaudit")
        #expect(second.stdout == (try? String(contentsOfFile: json, encoding: .utf8)))
        let schema = try? validateAgainstSchema(json)
        #expect(schema?.status == 0, "\(schema?.output ?? "")")
        for format in ["oscal-ar", "oscal-poam"] {
            let out = folder.path + "/\(format).json"
            let oscal = await qmsaudit(
                "export", "--format", format, "--out", out, "--audit",
                folder.path + "/acme-widgets.qmsaudit")
            #expect(oscal.status == 0, "\(oscal.stderr)")
            let valid = try? validateOSCAL(out)
            #expect(valid?.status == 0, "\(format): \(valid?.output ?? "")")
        }
        // A second run starts afresh rather than failing on the existing file and pack.
        let again = await qmsaudit(
            "demo", "--examples", examples, "--out", folder.path, "--pack", pack)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func theDemoSaysPlainlyWhenTheExamplesAreMissing() async {
        let result = await qmsaudit("demo", "--examples", "/nonexistent/examples")
        #expect(result.status == 1, "the audit part did not run: not a success")
        #expect(result.stderr.contains("none was found (looked in /nonexistent/examples)"))
    }
}

/// A typo gets the nearest command, clause or item instead of a bare refusal.
@Suite struct SuggestionTests {
    @Test func suggestsTheNearestCommand() async {
        let misspelt = await qmsaudit("chekclist", "list")
        #expect(misspelt.status == 64)
        #expect(
            misspelt.stderr.contains(
                "unknown command 'chekclist'; did you mean 'qmsaudit checklist'?"))
        let nested = await qmsaudit("checklist", "lsit")
        #expect(nested.stderr.contains("did you mean 'qmsaudit checklist list'?"))
        let nothingNear = await qmsaudit("xyz")
        #expect(nothingNear.stderr.contains("the commands are checklist, init, audit"))
        // A group with a default subcommand takes its positional arguments as they are.
        let answer = await qmsaudit(
            "answer", "7.2-9", "--verdict", "c", "--audit", "/nonexistent/a")
        #expect(!answer.stderr.contains("unknown command"))
    }

    @Test func suggestsTheNearestClauseAndItem() async throws {
        let clause = await qmsaudit("checklist", "show", "iso9001-2015", "--clause", "7.6")
        #expect(clause.status == 2)
        #expect(clause.stderr.contains("has no clause '7.6'; did you mean 7.5?"))
        let deeper = await qmsaudit("checklist", "show", "iso9001-2015", "--clause", "7.1.9")
        #expect(deeper.stderr.contains("did you mean 7.1.6?"))
        let audit = try await ScratchAudit.make()
        let item = await audit.run("answer", "7.2-9", "--verdict", "conforming")
        #expect(item.stderr.contains("has no item '7.2-9'; the nearest items are 7.2-1 … 7.2-4"))
        let finding = await audit.run("finding", "add", "--clause", "7.6", "--grade", "minor")
        #expect(finding.stderr.contains("did you mean 7.5?"))
    }

    @Test func noColorIsAcceptedAnywhere() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run("score", "--no-color")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
    }
}

/// Help examples are copied into a shell: none may be wrapped in the middle of a command.
@Suite struct HelpExampleTests {
    static let commands: [[String]] = [
        [], ["checklist", "show"], ["checklist", "validate"], ["init"], ["audit", "plan"],
        ["audit", "profile"], ["audit", "conclude"], ["audit", "acknowledge"], ["import", "csv"],
        ["import", "xlsx"], ["import", "xml"], ["import", "dir"], ["import", "plugin"],
        ["evidence", "link"], ["evidence", "relocate"], ["run"], ["answer", "record"],
        ["answer", "list"], ["finding", "add"], ["finding", "edit"], ["finding", "withdraw"],
        ["action", "update"], ["action", "accept-plan"], ["action", "verify"],
        ["action", "close"], ["score"], ["gaps"], ["report", "checklist"], ["report", "nc"],
        ["report", "audit"], ["pack", "build"], ["pack", "verify"], ["demo"],
    ]

    @Test(arguments: commands)
    func examplesAreNotWrapped(command: [String]) async {
        let help = await qmsaudit(command + ["--help"], input: [])
        var inExamples = false
        for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Example") {
                inExamples = true
            } else if line.hasPrefix("USAGE") || line.hasPrefix("Options of") {
                inExamples = false
            } else if inExamples && !line.isEmpty {
                #expect(line.hasPrefix("  "), "\(command): '\(line)' is a wrapped example line")
            }
        }
    }
}
