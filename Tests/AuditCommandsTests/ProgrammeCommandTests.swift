import AuditTestSupport
import Foundation
import Testing

/// `qmsaudit programme …` on a programme built step by step, as an auditor would.
@Suite struct ProgrammeCommandTests {
    /// A programme of Acme with three processes, two auditors, a proposed and applied plan,
    /// the certification dates, and two internal audits made from it, worked on in two files
    /// and attached — the second with a repeat finding.
    ///
    /// `onServer`: the programme is kept in a PostgreSQL database of the test cluster instead
    /// of a file; every view must read the same.
    static func built(onServer: Bool = false) async throws -> (
        folder: TemporaryDirectory, programme: String
    ) {
        let folder = TemporaryDirectory()
        let programme =
            onServer ? try PostgresCluster.shared().makeDatabase() : folder.path + "/acme.qmsprog"
        func run(_ arguments: [String]) async throws {
            let result = await qmsaudit(arguments + ["--programme", programme], input: [])
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        func audit(_ arguments: [String], _ file: String) async throws {
            let result = await qmsaudit(
                arguments + ["--audit", folder.path + "/" + file], input: [])
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let created = await qmsaudit(
            "programme", "init", "--org", "Acme Widgets Ltd", "--scope", "Widgets", "--out",
            programme)
        try #require(created.status == 0, "\(created.stderr)")
        try await run(["programme", "process", "add", "Purchasing", "--clauses", "8.4,7.1.6"])
        try await run([
            "programme", "process", "add", "Production", "--clauses", "8.5", "--high-risk",
        ])
        try await run(["programme", "process", "add", "Management", "--clauses", "4,5,6,9,10"])
        try await run(["programme", "auditor", "add", "J. Smith", "--processes", "management"])
        try await run(["programme", "auditor", "add", "R. Patel", "--processes", "purchasing"])
        try await run(["programme", "plan", "--start", "2027-01-01", "--apply"])
        try await run([
            "programme", "cycle", "--body", "Certa Ltd", "--stage1", "2027-06-01", "--stage2",
            "2027-07-12", "--decision", "2027-08-02",
        ])
        // The second audit also looks at supplier control, where the first found a minor.
        try await run([
            "programme", "audit", "edit", "IA-2027-02", "--clauses", "8.4.2", "--lead", "J. Smith",
        ])
        for (id, file, date) in [
            ("IA-2027-01", "ia1.qmsaudit", "2027-01-12"),
            ("IA-2027-02", "ia2.qmsaudit", "2027-04-06"),
        ] {
            let made = await qmsaudit(
                "init", "--programme", programme, "--audit-id", id, "--out",
                folder.path + "/" + file)
            try #require(made.status == 0, "\(made.stderr)")
            try await audit(["audit", "plan", "--start", date, "--end", date], file)
        }
        try await audit(["answer", "8.4.1-1", "--verdict", "c"], "ia1.qmsaudit")
        // Due dates are given, so that the views do not depend on the day the test runs.
        try await audit(
            [
                "finding", "add", "--item", "8.4.1-2", "--grade", "minor", "--statement",
                "Supplier re-approved late", "--due", "2099-04-12",
            ], "ia1.qmsaudit")
        try await audit(["answer", "8.5.1-1", "--verdict", "c"], "ia2.qmsaudit")
        try await audit(
            [
                "finding", "add", "--clause", "8.4.2", "--grade", "minor", "--statement", "again",
                "--due", "2099-07-06",
            ], "ia2.qmsaudit")
        try await run([
            "programme", "attach", folder.path + "/ia1.qmsaudit", folder.path + "/ia2.qmsaudit",
        ])
        return (folder, programme)
    }

    /// Each view and the golden file it must match, from a file and from a server alike.
    static let goldens: [(name: String, arguments: [String])] = [
        ("programme-plan.table", ["programme", "audit", "list"]),
        ("programme-status.table", ["programme", "status", "--as-of", "2027-05-01"]),
        (
            "programme-status.json",
            ["programme", "status", "--as-of", "2027-05-01", "--format", "json"]
        ),
        ("programme-coverage.md", ["programme", "coverage", "--cycle", "2027", "--format", "md"]),
        ("programme-findings.table", ["programme", "findings", "--as-of", "2027-05-01"]),
        (
            "programme-findings.json",
            ["programme", "findings", "--as-of", "2027-05-01", "--format", "json"]
        ),
        ("review-input.md", ["programme", "review-input", "--as-of", "2027-05-01"]),
    ]

    @Test(arguments: goldens, [false, true])
    func matchesItsGoldenFile(golden: (name: String, arguments: [String]), onServer: Bool)
        async throws
    {
        let (name, arguments) = golden
        let (folder, programme) = try await Self.built(onServer: onServer)
        defer { withExtendedLifetime(folder) {} }
        let result = await qmsaudit(arguments + ["--programme", programme], input: [])
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.assert(result.stdout, named: name)
    }

    /// A programme moved from a file to a server and back is the same programme: the same
    /// journal head, the same views; a destination that holds one already is refused.
    @Test func aProgrammeMovesBetweenEnginesWhole() async throws {
        let (folder, file) = try await Self.built()
        let server = try PostgresCluster.shared().makeDatabase()
        let exported = await qmsaudit(
            "programme", "export", "--to", server, "--programme", file)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("journal intact"))
        let back = folder.path + "/back.qmsprog"
        let imported = await qmsaudit("programme", "import", server, "--programme", back)
        #expect(imported.status == 0, "\(imported.stderr)")
        for location in [file, server, back] {
            let log = await qmsaudit("programme", "log", "--verify", "--programme", location)
            #expect(
                log.stdout
                    == (await qmsaudit("programme", "log", "--verify", "--programme", file)).stdout)
            for golden in Self.goldens {
                let view = await qmsaudit(golden.arguments + ["--programme", location], input: [])
                Snapshot.assert(view.stdout, named: golden.name)
            }
        }
        let again = await qmsaudit("programme", "export", "--to", server, "--programme", back)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        let roles = await qmsaudit("programme", "sql", "--roles")
        #expect(roles.stdout.contains("CREATE ROLE qms_auditor NOLOGIN"))
    }

    /// The action commands follow an attached audit's actions on the programme with
    /// `--audit-id`, on either engine; the audit file keeps its own record, and a copy of the
    /// programme carries the moves.
    @Test(arguments: [false, true])
    func actionsAreFollowedOnTheProgramme(onServer: Bool) async throws {
        let (folder, programme) = try await Self.built(onServer: onServer)
        let on = ["--audit-id", "ia-2027-01", "--programme", programme]
        let moved = await qmsaudit(
            [
                "action", "update", "NC-001", "--owner", "J. Patel", "--correction",
                "Supplier re-approved", "--state", "contained",
            ] + on, input: [])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.hasPrefix("NC-001: saved (state contained)\nnext: 'cause-found'"))
        let list = await qmsaudit(["action", "list"] + on, input: [])
        #expect(list.stdout.contains("contained  J. Patel"), "\(list.stdout)")
        let file = await qmsaudit(
            "action", "show", "NC-001", "--audit", folder.path + "/ia1.qmsaudit")
        #expect(file.stdout.contains("open"), "the file keeps its own record")
        let findings = await qmsaudit(
            "programme", "findings", "--as-of", "2027-05-01", "--programme", programme)
        #expect(findings.stdout.contains("contained"), "\(findings.stdout)")
        let copy = folder.path + "/copy.qmsprog"
        let exported = await qmsaudit("programme", "export", "--to", copy, "--programme", programme)
        #expect(exported.status == 0, "\(exported.stderr)")
        let copied = await qmsaudit(
            ["action", "list", "--audit-id", "IA-2027-01", "--programme", copy], input: [])
        #expect(copied.stdout == list.stdout)
        let again = await qmsaudit(
            "programme", "attach", folder.path + "/ia1.qmsaudit", "--programme", programme)
        #expect(again.stdout.contains("unchanged"), "\(again.stdout)")
        let pulled = await qmsaudit(
            "programme", "pull", folder.path + "/ia1.qmsaudit", "--programme", programme)
        #expect(
            pulled.stdout.hasSuffix("← IA-2027-01: 1 corrective action brought in (NC-001)\n"),
            "\(pulled.stdout)\(pulled.stderr)")
        let shown = await qmsaudit(
            "action", "list", "--audit", folder.path + "/ia1.qmsaudit")
        #expect(shown.stdout.contains("contained  J. Patel"), "\(shown.stdout)")
        let kept = await qmsaudit(
            "programme", "attach", folder.path + "/ia1.qmsaudit", "--programme", programme)
        #expect(kept.stdout.contains("1 corrective action followed on the programme kept"))

        let both = await qmsaudit(
            "action", "list", "--audit", folder.path + "/ia1.qmsaudit", "--audit-id", "IA-1")
        #expect(both.status == 64)
        #expect(both.stderr.contains("--audit names an audit file, --audit-id an audit"))
        let alone = await qmsaudit("action", "list", "--programme", programme)
        #expect(alone.stderr.contains("--programme goes with --audit-id ID"))
        let unknown = await qmsaudit(["action", "show", "NC-009"] + on, input: [])
        #expect(unknown.status == 2 && unknown.stderr.contains("NC-009"), "\(unknown.stderr)")
    }

    @Test func coverageFlagsWhatNoAuditCovers() async throws {
        let (folder, programme) = try await Self.built()
        defer { withExtendedLifetime(folder) {} }
        let coverage = await qmsaudit(
            "programme", "coverage", "--cycle", "2027", "--format", "csv", "--programme", programme)
        #expect(
            coverage.stdout.contains("process,purchasing,Purchasing,IA-2027-01,IA-2027-01,covered"))
        #expect(coverage.stdout.contains("clause,8.4.1,General,IA-2027-01,IA-2027-01,covered"))
        let other = await qmsaudit(
            "programme", "coverage", "--cycle", "2030", "--programme", programme)
        #expect(other.stdout.contains("not covered by any audit of the cycle"))
        #expect(other.stdout.contains("UNCOVERED"))
        let repeats = await qmsaudit(
            "programme", "findings", "--repeats", "--format", "csv", "--programme", programme)
        #expect(repeats.stdout.split(separator: "\r\n").count == 2, "\(repeats.stdout)")
        #expect(repeats.stdout.contains("repeats IA-2027-01/NC-001"))
    }

    @Test(arguments: [false, true])
    func theReviewInputAndThePackCarryTheProgramme(onServer: Bool) async throws {
        let (folder, programme) = try await Self.built(onServer: onServer)
        defer { withExtendedLifetime(folder) {} }
        let html = folder.path + "/review.html"
        let review = await qmsaudit(
            "programme", "review-input", "--format", "html", "--out", html, "--programme",
            programme)
        #expect(review.status == 0, "\(review.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && page.contains("Findings per quarter, by grade"))
        #expect(page.contains("default-src 'none'"))
        let out = folder.path + "/pack"
        let pack = await qmsaudit(
            "programme", "pack", "--audit", folder.path + "/ia1.qmsaudit", "--out", out,
            "--programme", programme)
        #expect(pack.status == 0, "\(pack.stderr)")
        for name in ["plan.csv", "coverage.md", "review-input.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/programme/" + name), "\(name)")
        }
        let verify = await qmsaudit("pack", "verify", out)
        #expect(verify.status == 0, "\(verify.stdout)")
        let log = await qmsaudit("programme", "log", "--verify", "--programme", programme)
        #expect(log.status == 0 && log.stdout.hasPrefix("journal intact"))
    }

    @Test func anAuditMadeFromThePlanHasItsScopeTeamAndLink() async throws {
        let (folder, programme) = try await Self.built()
        let list = await qmsaudit("answer", "list", "--audit", folder.path + "/ia1.qmsaudit")
        #expect(list.stdout.hasSuffix("2 of 9 items answered\n"), "8.4 and 7.1.6 only")
        let show = await qmsaudit("audit", "show", "--audit", folder.path + "/ia1.qmsaudit")
        #expect(show.stdout.contains("scope: IA-2027-01: Purchasing; clauses 7.1.6, 8.4"))
        // R. Patel works in purchasing, the scope of IA-2027-01.
        let own = await qmsaudit(
            "init", "--programme", programme, "--audit-id", "IA-2027-01", "--auditor",
            "R. Patel", "--out", folder.path + "/own.qmsaudit")
        #expect(own.status == 1)
        #expect(own.stderr.contains("R. Patel would lead IA-2027-01 and works in 'Purchasing'"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/own.qmsaudit"))
        let allowed = await qmsaudit(
            "init", "--programme", programme, "--audit-id", "IA-2027-01", "--auditor",
            "R. Patel", "--allow-own-process", "--reason", "the only trained auditor", "--out",
            folder.path + "/own.qmsaudit")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let unknown = await qmsaudit(
            "init", "--programme", programme, "--audit-id", "IA-2099-01", "--out",
            folder.path + "/x.qmsaudit")
        #expect(unknown.stderr.contains("plans no audit 'IA-2099-01'"))
    }

    @Test func certificationBodyFindingsKeepTheirNumberAndDeadline() async throws {
        let (folder, programme) = try await Self.built()
        let added = await qmsaudit(
            "programme", "audit", "add", "--id", "S2-2027", "--type", "stage2", "--clauses",
            "8", "--date", "2027-07-12", "--lead", "CB lead auditor", "--programme", programme)
        #expect(added.status == 0, "\(added.stderr)")
        let file = folder.path + "/s2.qmsaudit"
        let made = await qmsaudit(
            "init", "--programme", programme, "--audit-id", "S2-2027", "--out", file)
        #expect(made.status == 0, "\(made.stderr)")
        let raised = await qmsaudit(
            "finding", "add", "--clause", "8.4.1", "--grade", "minor", "--reference",
            "Certa-S2-NC-02", "--due", "2099-09-30", "--requirement", "8.4.1", "--evidence", "e",
            "--statement", "s", "--audit", file)
        #expect(raised.stdout.contains("the certification body's number Certa-S2-NC-02"))
        #expect(raised.stdout.contains("corrective action due 2099-09-30"))
        let show = await qmsaudit("finding", "show", "NC-001", "--audit", file)
        #expect(show.stdout.contains("reference:   Certa-S2-NC-02"))
        let info = await qmsaudit("audit", "show", "--format", "json", "--audit", file)
        #expect(info.stdout.contains("\"type\": \"stage2\""))
    }

    /// A certification body's minor is due by its next planned visit unless it sets a date.
    @Test func aCertificationBodysMinorIsDueByItsNextVisit() async throws {
        let (folder, programme) = try await Self.built()
        for (id, type, date) in [
            ("S2-2099", "stage2", "2099-05-01"), ("SA-2100", "surveillance", "2100-04-20"),
        ] {
            let added = await qmsaudit(
                "programme", "audit", "add", "--id", id, "--type", type, "--clauses", "8",
                "--date", date, "--lead", "CB lead auditor", "--programme", programme)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let file = folder.path + "/s2.qmsaudit"
        _ = await qmsaudit("init", "--programme", programme, "--audit-id", "S2-2099", "--out", file)
        let minor = await qmsaudit(
            "finding", "add", "--clause", "8.5.1", "--grade", "minor", "--statement", "s",
            "--audit", file)
        #expect(minor.stdout.contains("corrective action due 2100-04-20"), "\(minor.stdout)")
        let major = await qmsaudit(
            "finding", "add", "--clause", "8.5.1", "--grade", "major", "--statement", "s",
            "--audit", file)
        #expect(!major.stdout.contains("due 2100-04-20"), "a major keeps its 90 days")
        let cycle = await qmsaudit(
            "programme", "cycle", "--decision", "2100-06-01", "--programme", programme)
        #expect(cycle.status == 0, "\(cycle.stderr)")
        let early = await qmsaudit(
            "programme", "audit", "add", "--id", "SA-2100b", "--type", "surveillance",
            "--date", "2100-05-01", "--programme", programme)
        #expect(early.status == 2)
        #expect(
            early.stderr.contains(
                "--date (2100-05-01) of a surveillance audit comes before the certification"
                    + " decision (2100-06-01)"))
    }

    @Test func contradictingDatesAndUnknownNamesAreRefused() async throws {
        let (folder, programme) = try await Self.built()
        defer { withExtendedLifetime(folder) {} }
        let dates = await qmsaudit(
            "programme", "cycle", "--decision", "2027-07-01", "--programme", programme)
        #expect(dates.status == 2)
        #expect(dates.stderr.contains("--decision (2027-07-01) comes before --stage2 (2027-07-12)"))
        let process = await qmsaudit(
            "programme", "process", "add", "Design", "--clauses", "8.9", "--programme", programme)
        #expect(process.stderr.contains("the checklist has no clause '8.9'"))
        let auditor = await qmsaudit(
            "programme", "auditor", "add", "A. N. Other", "--processes", "design", "--programme",
            programme)
        #expect(auditor.stderr.contains("no process 'design'"))
        let missing = await qmsaudit("programme", "status", "--programme", "/nonexistent/p.qmsprog")
        #expect(missing.stderr.contains("no programme file at"))
    }
}
