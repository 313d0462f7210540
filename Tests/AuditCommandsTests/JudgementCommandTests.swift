import AuditTestSupport
import Foundation
import Testing

/// The judgements a certification body would check: closure only after implementation and an
/// effectiveness check, dates in order, conditions that never arose, findings that agree with
/// verdicts, ungraded nonconformities, someone accountable, the audit report and what the pack
/// sends out.
@Suite struct JudgementCommandTests {
    static let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))

    /// A scratch audit with a complete minor nonconformity, NC-001 on 7.2-2.
    static func withMinor() async throws -> ScratchAudit {
        let audit = try await ScratchAudit.make()
        for arguments in [
            ["answer", "7.2-2", "--verdict", "minor", "--note", "2 of 5 operators untrained"],
            ["finding", "edit", "NC-001", "--requirement", "7.2 d)", "--evidence", "matrix"],
        ] {
            let result = await qmsaudit(arguments + ["--audit", audit.path], input: [])
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return audit
    }

    @Test func aMinorStaysOpenUntilItsActionsAreDoneAndChecked() async throws {
        let audit = try await Self.withMinor()
        let planned = await audit.run(
            "action", "update", "NC-001", "--correction", "Both trained", "--cause-method",
            "5-why", "--cause", "No induction step", "--extent", "Lines 1 and 3 checked",
            "--add-action", "Add training to the induction", "--action-owner", "T. Okafor",
            "--action-due", "2099-03-01", "--state", "planned")
        #expect(planned.status == 0, "\(planned.stderr)")
        let accepted = await audit.run("action", "accept-plan", "NC-001", "--by", "CB auditor")
        #expect(accepted.stdout.contains("NC-001: plan accepted by CB auditor on \(Self.today)"))
        // An accepted plan is not an effective action: nothing was implemented yet.
        let verified = await audit.run(
            "action", "verify", "NC-001", "--method", "plan read", "--result", "effective",
            "--by", "CB auditor")
        #expect(verified.status == 2)
        #expect(verified.stderr.contains("guard 'implementation'"))
        #expect(verified.stderr.contains("missing the date action 1 was done"))
        let closed = await audit.run("action", "close", "NC-001", "--by", "CB auditor")
        #expect(closed.status == 2)
        #expect(closed.stderr.contains("guard 'effectiveness'"))
        let show = await audit.run("action", "show", "NC-001")
        #expect(show.stdout.contains("state:       planned"))
        #expect(
            show.stdout.contains(
                "accepted:    \(Self.today) by CB auditor (an acceptance of the plan, not a"))
        #expect(show.stdout.contains("found in:    internal-audit"))
        let report = await audit.run("report", "nc", "--format", "md")
        #expect(report.stdout.contains("| Plan accepted | \(Self.today) by CB auditor"))
    }

    @Test func datesRunOneWayAndARefusalNamesBoth() async throws {
        let audit = try await Self.withMinor()
        let early = await audit.run(
            "action", "update", "NC-001", "--correction", "Both trained", "--correction-date",
            "2020-01-01")
        #expect(early.status == 2)
        #expect(early.stderr.contains("NC-001: the change is refused; nothing was changed"))
        #expect(
            early.stderr.contains(
                "the correction date (2020-01-01) comes before the finding was raised"
                    + " (\(Self.today))"))
        let steps: [[String]] = [
            [
                "--correction", "Both trained", "--cause-method", "5-why", "--cause", "x",
                "--extent", "y", "--add-action", "Induction", "--action-owner", "T. Okafor",
                "--action-due", "2099-03-01", "--state", "planned",
            ],
            [
                "--step", "1", "--done", "today", "--action-evidence", "EV none", "--state",
                "implemented",
            ],
        ]
        for step in steps {
            let result = await qmsaudit(
                ["action", "update", "NC-001"] + step + ["--audit", audit.path], input: [])
            #expect(result.status == 0, "\(step): \(result.stderr)")
        }
        let before = await audit.run(
            "action", "verify", "NC-001", "--method", "m", "--result", "effective", "--by", "A",
            "--date", "2020-01-02")
        #expect(before.status == 2)
        #expect(before.stderr.contains("guard 'effectiveness-after-actions'"))
        #expect(
            before.stderr.contains(
                "the effective one is dated 2020-01-02, before action 1 was done on \(Self.today)"))
        let future = await audit.run(
            "action", "verify", "NC-001", "--method", "m", "--result", "effective", "--by", "A",
            "--date", "2099-01-02")
        #expect(future.stderr.contains("guard 'dates'"))
        #expect(future.stderr.contains("(2099-01-02) is after today (\(Self.today))"))
        // The same day is allowed, and warned about: the policy asks for 30 days.
        let hasty = await audit.run(
            "action", "verify", "NC-001", "--method", "m", "--result", "effective", "--by", "A")
        #expect(hasty.status == 0, "\(hasty.stderr)")
        #expect(hasty.stderr.contains("was checked 0 days after the last action"))
        #expect(hasty.stderr.contains("30"))
    }

    @Test func aConditionThatHasNotArisenPassesTheGateAndIsListed() async throws {
        let audit = try await ScratchAudit.make()
        let unconditional = await audit.run(
            "answer", "7.2-3", "--verdict", "not-arisen", "--note", "x")
        #expect(unconditional.status == 2)
        #expect(unconditional.stderr.contains("item '7.2-3' does not depend on a condition"))
        let silent = await audit.run("answer", "8.5.3-2", "--verdict", "not-arisen")
        #expect(silent.status == 2)
        #expect(silent.stderr.contains("needs a note saying what was checked"))
        let before = await audit.run("gaps", "--format", "csv")
        #expect(before.stdout.contains("documented-information,8.5.3,8.5.3-2,,missing,"))
        let answered = await audit.run(
            "answer", "8.5.3-2", "--verdict", "Not arisen", "--note",
            "Customer-property log checked: nothing lost or damaged since 2025")
        #expect(answered.stdout == "8.5.3-2: not-arisen (recorded)\n", "\(answered.stderr)")
        let after = await audit.run("gaps")
        #expect(after.stdout.contains("1 whose condition has not arisen"))
        #expect(after.stdout.contains("Conditions that have not arisen:"))
        let csv = await audit.run("gaps", "--format", "csv")
        #expect(!csv.stdout.contains("documented-information,8.5.3,8.5.3-2,,missing,"))
        let score = await audit.run("score", "--by", "clause", "--explain")
        #expect(score.stdout.contains("not-arisen  excluded: its condition has not arisen"))
        // The N/A register the certification body reads does not list it.
        let out = audit.folder.path + "/pack"
        let pack = await audit.run("pack", "--out", out)
        #expect(pack.status == 0, "\(pack.stderr)")
        let na = try String(contentsOfFile: out + "/registers/na-register.csv", encoding: .utf8)
        #expect(!na.contains("8.5.3-2"))
        let arisen = try String(
            contentsOfFile: out + "/registers/conditions-not-arisen.csv", encoding: .utf8)
        #expect(arisen.contains("8.5.3-2"))
    }

    @Test func aFindingOnAnItemSetsItsVerdict() async throws {
        let audit = try await ScratchAudit.make()
        _ = await audit.run("answer", "8.1-1", "--verdict", "conforming")
        let raised = await audit.run(
            "finding", "add", "--item", "8.1-1", "--grade", "major", "--requirement", "8.1 a)",
            "--evidence", "no plan for line 3", "--statement", "Line 3 runs without a plan")
        #expect(raised.status == 0, "\(raised.stderr)")
        let log = await audit.run("log", "--item", "8.1-1", "--format", "csv")
        #expect(log.stdout.contains(",item:8.1-1,change,"))
        let explain = await audit.run("score", "--by", "clause", "--explain")
        let line = explain.stdout.split(separator: "\n").first { $0.hasPrefix("  8.1-1 ") }
        #expect(
            line?.contains("major") == true && line?.hasSuffix("NC-001") == true, "\(line ?? "")")
        // An observation does not lower a major's verdict.
        _ = await audit.run(
            "finding", "add", "--item", "8.1-1", "--grade", "observation", "--statement", "x")
        let again = await audit.run("score", "--by", "clause", "--explain")
        let after = again.stdout.split(separator: "\n").first { $0.hasPrefix("  8.1-1 ") }
        #expect(after?.contains("major") == true && after?.hasSuffix("NC-001, OBS-001") == true)
    }

    @Test func ungradedWordsOpenADraftThatMustBeGraded() async throws {
        let audit = try await ScratchAudit.make()
        let sheet = audit.folder.write(
            "answers.csv",
            "item,verdict,note\n7.2-2,Partial,2 of 5 untrained\n8.1-1,NC,no plan for line 3\n"
                + "7.2-3,Yes,\n")
        let loaded = await audit.run("answer", "--from", sheet)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("NC-001 opened as a draft nonconformity, not graded yet"))
        let list = await audit.run("finding", "list")
        #expect(list.stdout.contains("NC-001  ungraded"))
        #expect(list.stdout.contains("NC-002  ungraded"))
        let score = await audit.run("score", "--format", "csv")
        #expect(score.stdout.contains("overall,overall,155,1,0,0,2,152"), "\(score.stdout)")
        let final = await audit.run("report", "nc", "--final")
        #expect(final.status == 1)
        #expect(final.stderr.contains("NC-001 (missing requirement, objective evidence, grade)"))
        let graded = await audit.run(
            "finding", "edit", "NC-001", "--grade", "minor", "--requirement", "7.2 d)",
            "--evidence", "matrix")
        #expect(graded.status == 0, "\(graded.stderr)")
        let regraded = await audit.run("score", "--format", "csv")
        #expect(regraded.stdout.contains("overall,overall,155,2,0,0,1,152"))
    }

    @Test func aVerificationOrClosureNeedsSomeoneToAnswerForIt() async throws {
        let audit = try await Self.withMinor()
        for command in [
            ["verify", "NC-001", "--method", "m", "--result", "effective"], ["close", "NC-001"],
        ] {
            let nobody = await qmsaudit(
                ["action"] + command + ["--audit", audit.path], input: [], user: { nil })
            #expect(nobody.status == 2)
            #expect(nobody.stderr.contains("give --by NAME, or set QMSAUDIT_ACTOR"), "\(command)")
            // Named, the same command goes on to the guards.
            let named = await qmsaudit(
                ["action"] + command + ["--by", "R. Patel", "--audit", audit.path], input: [],
                user: { nil })
            #expect(named.stderr.contains("guard '"), "\(command)")
            #expect(!named.stderr.contains("QMSAUDIT_ACTOR"))
        }
        // Other changes carry the login name the system gives.
        let answered = await qmsaudit(
            ["answer", "7.2-3", "--verdict", "conforming", "--audit", audit.path], input: [],
            user: { "jsmith" })
        #expect(answered.status == 0)
        let log = await audit.run("log", "--item", "7.2-3", "--format", "csv")
        #expect(log.stdout.contains(",jsmith,qmsaudit answer 7.2-3"), "\(log.stdout)")
    }

    @Test func aPracticeItemNeedsTheRequirementItBreaks() async throws {
        let audit = try await ScratchAudit.make()
        let bare = await audit.run(
            "finding", "add", "--item", "10.2.1-5", "--grade", "minor", "--statement", "x")
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("asks about good practice, not a requirement"))
        let cited = await audit.run(
            "finding", "add", "--item", "10.2.1-5", "--grade", "minor", "--requirement",
            "10.2.1 c): actions are taken", "--evidence", "CAPA log", "--statement",
            "3 of 8 actions were never carried out")
        #expect(cited.status == 0, "\(cited.stderr)")
        let shown = await qmsaudit("checklist", "show", "iso9001-2015", "--clause", "10.2.1")
        #expect(shown.stdout.contains("good practice"))
    }

    @Test func theHelpExamplesNameItemsThatExist() async throws {
        let help = await qmsaudit("finding", "add", "--help")
        // Item ids: a clause number, a dash, a number (not a date).
        let items = help.stdout.split(separator: " ").filter { word in
            word.range(of: #"^\d+(\.\d+)*-\d+$"#, options: .regularExpression) != nil
        }
        #expect(!items.isEmpty)
        for item in items {
            let shown = await qmsaudit(
                "checklist", "show", "iso9001-2015", "--clause",
                String(item.split(separator: "-")[0]))
            #expect(shown.stdout.contains(String(item) + " "), "\(item)")
        }
    }

    @Test func thePlanConclusionAndAcknowledgementMakeTheAuditReport() async throws {
        let audit = try await Self.withMinor()
        let wrongSlot = await audit.run(
            "audit", "plan", "--start", "2026-11-09", "--end", "2026-11-10", "--slot",
            "2026-11-12 09:00 Closing meeting")
        #expect(wrongSlot.status == 2)
        #expect(wrongSlot.stderr.contains("is after the audit ends (2026-11-10)"))
        let plan = await audit.run(
            "audit", "plan", "--start", "2026-11-09", "--end", "2026-11-10", "--objective",
            "Determine conformity with ISO 9001:2015", "--criterion", "ISO 9001:2015",
            "--auditee", "T. Okafor (quality manager)", "--slot",
            "2026-11-09 09:00-09:30 Opening meeting")
        #expect(
            plan.stdout == "plan saved: 1 objective, 1 criterion, 1 auditee, 1 timetable slot\n")
        let draft = await audit.run("report", "audit", "--format", "md")
        #expect(draft.stdout.contains("| Report | DRAFT: no conclusion yet"))
        #expect(draft.stdout.contains("| 2026-11-09 | 09:00-09:30 | Opening meeting |"))
        #expect(draft.stdout.contains("| NC-001 | minor | 7.2 |"))
        _ = await audit.run(
            "audit", "conclude", "--conclusion", "Conforms apart from NC-001",
            "--distribute-to", "T. Hardy (managing director)")
        _ = await audit.run(
            "audit", "acknowledge", "--by", "T. Okafor", "--comment", "Agreed")
        let out = audit.folder.path + "/report.html"
        let final = await audit.run("report", "audit", "--format", "html", "--out", out, "--final")
        #expect(final.status == 0, "\(final.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        for text in [
            "Conforms apart from NC-001", "T. Hardy (managing director)", "Opening meeting",
            "Determine conformity with ISO 9001:2015", "T. Okafor",
        ] {
            #expect(html.contains(text), "\(text)")
        }
        let log = await audit.run("log", "--format", "csv")
        // The plan, then the conclusion and the acknowledgement, each journaled.
        #expect(log.stdout.contains(",audit:plan,record,"))
        #expect(log.stdout.contains(",audit:report,record,"))
        #expect(log.stdout.contains(",audit:report,change,"))
    }

    @Test func theCertificationBodysPackLeavesOutTheScores() async throws {
        let audit = try await Self.withMinor()
        _ = await audit.run(
            "audit", "profile", "--legal-entity", "Acme Widgets Ltd", "--site", "Leeds",
            "--address", "1 Mill Road, Leeds", "--headcount", "84", "--outsourced", "plating")
        let ours = audit.folder.path + "/ours"
        let forCB = audit.folder.path + "/cb"
        _ = await audit.run("pack", "--out", ours)
        let pack = await audit.run("pack", "--out", forCB, "--for", "certification-body")
        #expect(pack.status == 0, "\(pack.stderr)")
        let ourFiles = PackCommandTests.files(in: ours)
        let theirs = PackCommandTests.files(in: forCB)
        #expect(ourFiles.contains("registers/conformity.csv"))
        #expect(!theirs.contains("registers/conformity.csv"))
        for kept in [
            "registers/na-register.csv", "registers/documented-information.csv",
            "registers/findings.csv", "registers/organisation.json",
        ] {
            #expect(theirs.contains(kept), "\(kept)")
        }
        let manifest = try String(contentsOfFile: forCB + "/manifest.json", encoding: .utf8)
        #expect(!manifest.contains("readiness"))
        let index = try String(contentsOfFile: forCB + "/index.html", encoding: .utf8)
        #expect(!index.contains("Conformity per clause") && !index.contains("id=\"readiness\""))
        #expect(index.contains("1 Mill Road, Leeds"))
        let verified = await qmsaudit("pack", "verify", forCB)
        #expect(verified.status == 0, "\(verified.stderr)")
    }
}

/// Every `show` command prints JSON as its `list` does.
@Suite struct ShowAsJSONTests {
    @Test func findingActionEvidenceAndAuditShowPrintJSON() async throws {
        let audit = try await JudgementCommandTests.withMinor()
        let register = audit.folder.write(
            "register.csv", "Document No.,Title,Clause\nREC-7.2,Training matrix,7.2\n")
        _ = await audit.run("import", "csv", register)
        _ = await audit.run("evidence", "link", "7.2-2", "EV-0001")
        _ = await audit.run(
            "action", "update", "NC-001", "--correction", "Both trained", "--cause-method",
            "5-why", "--cause", "No induction", "--extent", "Line 3 checked", "--add-action",
            "Induction", "--action-owner", "T. Okafor", "--action-due", "2099-03-01", "--state",
            "planned")
        let accepted = await audit.run("action", "accept-plan", "NC-001", "--by", "CB auditor")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let shows: [([String], String)] = [
            (["finding", "show", "NC-001"], "\"schema\": \"qmsaudit-finding/1\""),
            (["action", "show", "NC-001"], "\"schema\": \"qmsaudit-action/1\""),
            (["evidence", "show", "EV-0001"], "\"schema\": \"qmsaudit-evidence/1\""),
            (["audit", "show"], "\"schema\": \"qmsaudit-audit-details/1\""),
        ]
        for (command, schema) in shows {
            let result = await qmsaudit(
                command + ["--format", "json", "--audit", audit.path], input: [])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stdout.contains(schema), "\(command)")
            let parsed = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            #expect(parsed != nil, "\(command) prints valid JSON")
            let csv = await qmsaudit(
                command + ["--format", "csv", "--audit", audit.path], input: [])
            #expect(csv.status == 64, "\(command) refuses csv at parse time")
        }
        let action = await audit.run("action", "show", "NC-001", "--format", "json")
        #expect(action.stdout.contains("\"by\": \"CB auditor\""))
        let evidence = await audit.run("evidence", "show", "EV-0001", "--format", "json")
        #expect(evidence.stdout.contains("\"linked_items\": [\n    \"7.2-2\"\n  ]"))
    }
}
