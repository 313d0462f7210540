import AuditTestSupport
import Foundation
import Testing

/// Moving between editions: the diff, carrying an audit over, and the transition view.
@Suite struct EditionCommandTests {
    @Test(arguments: ["table", "json", "md"])
    func diffsTheDraftEditionAgainst2015(format: String) async {
        let result = await qmsaudit(
            "checklist", "diff", "iso9001-2015", "iso9001-2026-draft", "--format", format)
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.assert(result.stdout, named: "checklist-diff-2026-draft.\(format)")
    }

    @Test func diffsAnOverlayAgainstItsBase() async {
        let overlay = Fixture.packageRoot + "/examples/acme-widgets/checklists/acme-additions.yaml"
        let result = await qmsaudit(
            "checklist", "diff", "iso9001-2015", "acme-iso9001", "--checklist", overlay)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("added        8.5.1.1  Acme ESD control"))
        #expect(result.stdout.contains("removed  8.5.5-2     8.5.5"))
        #expect(result.stdout.contains("N/A no longer allowed"))
        let same = await qmsaudit("checklist", "diff", "iso9001-2015", "iso9001-2015")
        #expect(same.stdout.hasSuffix("No changes: both ask the same things the same way.\n"))
    }

    /// An audit on the 2015 checklist with answers in the clause the draft splits, a minor
    /// nonconformity there, evidence filed for it and linked to an item.
    static func audit2015() async throws -> ScratchAudit {
        let audit = try await ScratchAudit.make()
        for (item, verdict, note) in [
            ("6.1.2-1", "c", "Actions in the risk register, owners named"),
            ("6.1.2-2", "minor", "Effectiveness of actions never reviewed"),
            ("7.3-1", "c", "Staff knew the objectives"), ("5.1.1-1", "c", ""),
        ] {
            let answered = await audit.run("answer", item, "--verdict", verdict, "--note", note)
            try #require(answered.status == 0, "\(answered.stderr)")
        }
        let register = audit.folder.write(
            "register.csv",
            "Doc No.,Title,Clause\nQF-6.1-01,Risk and opportunity register,6.1.2\n"
                + "QF-7.3-01,Induction pack,7.3\n")
        let imported = await audit.run("import", "csv", register)
        try #require(imported.status == 0, "\(imported.stderr)")
        let linked = await audit.run("evidence", "link", "6.1.2-1", "EV-0001")
        try #require(linked.status == 0, "\(linked.stderr)")
        return audit
    }

    @Test func carriesAnAuditOverToTheDraftEdition() async throws {
        let old = try await Self.audit2015()
        let before = await old.run("log", "--format", "json")
        let path = old.folder.path + "/audit-2026.qmsaudit"
        let made = await qmsaudit(
            "init", "--carry-over", old.path, "--checklist", "iso9001-2026-draft", "--out", path)
        #expect(made.status == 0, "\(made.stderr)")
        let normalised = made.stdout.replacingOccurrences(of: old.folder.path, with: "<dir>")
            .split(separator: "\n").map {
                $0.hasPrefix("checklist sha256 ") ? "checklist sha256 …" : String($0)
            }
        Snapshot.assert(normalised.joined(separator: "\n") + "\n", named: "carry-over.txt")
        let lines = made.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasSuffix("a DRAFT edition: check it against the published standard")
                == true)
        #expect(
            lines.contains(
                "carried over from \(old.path): 6 answers (marked to be confirmed), 2 evidence"
                    + " records, 2 links to items, 1 open nonconformity (NC-001)"), "\(made.stdout)"
        )
        #expect(lines.contains("new in iso9001-2026-draft, unanswered: 2 items (5.1.1-7, 7.3-2)"))
        func run(_ arguments: String...) async -> CommandResult {
            await qmsaudit(arguments + ["--audit", path], input: [])
        }
        // The split clause's answers reach both parts, marked to be confirmed.
        let carried = await run("answer", "list", "--carried", "--format", "json")
        for item in ["6.1.2-1", "6.1.3-1", "6.1.2-2", "6.1.3-2", "7.3-1", "5.1.1-1"] {
            #expect(carried.stdout.contains("\"item\": \"\(item)\""), "\(item)")
        }
        #expect(
            carried.stdout.contains(
                "[carried over from the audit on iso9001-2015, to be confirmed] Effectiveness of actions never reviewed"
            ))
        let split = await run("evidence", "list", "--clause", "6.1.3")
        #expect(
            split.stdout.contains("QF-6.1-01"), "evidence filed for 6.1.2 counts for both parts")
        let show = await run("evidence", "show", "EV-0001")
        #expect(show.stdout.contains("linked to 6.1.2-1, 6.1.3-1"), "\(show.stdout)")
        let findings = await run("finding", "list")
        #expect(findings.stdout.contains("NC-001  minor  6.1.2   6.1.2-2"), "\(findings.stdout)")
        let log = await run("log", "--format", "json")
        #expect(log.stdout.contains("\"action\": \"carry\""))
        #expect(await run("log", "--verify").status == 0)
        // Confirming an answer takes its mark away.
        _ = await run(
            "answer", "6.1.3-1", "--verdict", "c", "--note", "Opportunities tracked apart")
        let remaining = await run("answer", "list", "--carried", "--format", "json")
        #expect(!remaining.stdout.contains("\"item\": \"6.1.3-1\""))
        // The old audit is as it was.
        let after = await old.run("log", "--format", "json")
        #expect(after.stdout == before.stdout)
    }

    @Test func carryOverNeedsASupersedingChecklistAndNeverHalfCreates() async throws {
        let old = try await Self.audit2015()
        let path = old.folder.path + "/x.qmsaudit"
        let refused = await qmsaudit(
            "init", "--carry-over", old.path, "--checklist", "iso9001-2015-stage1", "--out", path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("does not supersede 'iso9001-2015'"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
        let missing = await qmsaudit(
            "init", "--carry-over", old.folder.path + "/none.qmsaudit", "--checklist",
            "iso9001-2026-draft", "--out", path)
        #expect(missing.status != 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: ["table", "md"])
    func theTransitionViewListsWhatTheAuditDoesNotCoverYet(format: String) async throws {
        let audit = try await Self.audit2015()
        let result = await audit.run(
            "gaps", "--transition", "iso9001-2026-draft", "--format", format)
        #expect(result.status == 0, "\(result.stderr)")
        Snapshot.assert(result.stdout, named: "transition-2026-draft.\(format)")
        let strict = await audit.run("gaps", "--transition", "iso9001-2026-draft", "--strict")
        #expect(strict.status == 1)
        let wrong = await audit.run("gaps", "--transition", "iso9001-2015-stage1")
        #expect(wrong.status != 0 && wrong.stderr.contains("does not supersede"))
    }
}
