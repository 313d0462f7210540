import AuditTestSupport
import Foundation
import Testing

@Suite struct FindingCommandTests {
    @Test func aMajorGoesFromAnswerToVerifiedClosureThroughItsGuards() async throws {
        let audit = try await ScratchAudit.make()
        let answered = await audit.run(
            "answer", "7.1.5.2-1", "--verdict", "major", "--note", "Gauge G-114 failed")
        #expect(answered.stdout.contains("NC-001 opened as a draft major nonconformity"))
        let score = await audit.run("score")
        #expect(
            score.stdout.contains("open-major: NC-001 (clause 7.1.5.2, corrective action open)"))
        #expect(score.stdout.contains("1 draft finding to complete or withdraw: NC-001"))
        let final = await audit.run("report", "nc", "--final")
        #expect(final.status == 1)
        #expect(final.stderr.contains("drafts: NC-001 (missing requirement, objective evidence)"))
        let edited = await audit.run(
            "finding", "edit", "NC-001", "--requirement", "7.1.5.2", "--evidence", "certificate")
        #expect(edited.stdout.hasPrefix("NC-001 saved: the statement is complete"))

        let refused = await audit.run("action", "update", "NC-001", "--state", "cause-found")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("guard 'containment'"))
        #expect(refused.stderr.contains("guard 'root-cause'"))
        let steps: [[String]] = [
            ["update", "NC-001", "--correction", "Lots recalled", "--state", "contained"],
            [
                "update", "NC-001", "--cause-method", "5-why", "--cause", "No impact step",
                "--extent", "All gauges reviewed", "--state", "cause-found",
            ],
            [
                "update", "NC-001", "--add-action", "Add an impact step", "--action-owner",
                "T. Okafor", "--action-due", "2099-01-31", "--state", "planned",
            ],
        ]
        for step in steps {
            let result = await qmsaudit(["action"] + step + ["--audit", audit.path], input: [])
            #expect(result.status == 0, "\(step): \(result.stderr)")
        }
        // A major is never verified from its plan alone.
        let early = await audit.run(
            "action", "verify", "NC-001", "--method", "3 checks", "--result", "effective")
        #expect(early.status == 2)
        #expect(early.stderr.contains("guard 'major-implementation'"))
        // Dates run one way, none after today: an action is not done tomorrow.
        let tomorrow = await audit.run(
            "action", "update", "NC-001", "--step", "1", "--done", "2099-01-20",
            "--action-evidence", "QP-7.1-02 rev 6")
        #expect(tomorrow.status == 2)
        #expect(tomorrow.stderr.contains("guard 'dates'"))
        #expect(tomorrow.stderr.contains("the date action 1 was done (2099-01-20) is after today"))
        let done = await audit.run(
            "action", "update", "NC-001", "--step", "1", "--done", "today",
            "--action-evidence", "QP-7.1-02 rev 6", "--state", "implemented")
        #expect(done.stdout.hasPrefix("NC-001: saved (state implemented)"), "\(done.stderr)")
        let partly = await audit.run(
            "action", "verify", "NC-001", "--method", "one check", "--result", "partly")
        #expect(partly.stdout.contains("the record is at 'planned'"))
        let unverified = await audit.run("action", "close", "NC-001")
        #expect(unverified.stderr.contains("guard 'effectiveness'"))
        _ = await audit.run("action", "update", "NC-001", "--state", "implemented")
        let verified = await audit.run(
            "action", "verify", "NC-001", "--method", "3 monthly checks", "--result", "effective",
            "--by", "A. Auditor", "--date", "today")
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.contains("was checked 0 days after the last action"))
        let unreviewed = await audit.run("action", "close", "NC-001", "--note", "follow-up")
        #expect(unreviewed.status == 2)
        #expect(unreviewed.stderr.contains("guard 'system-review'"))
        let reviewed = await audit.run(
            "action", "update", "NC-001", "--risks-updated", "no", "--risks-note",
            "an existing risk", "--qms-changed", "yes", "--qms-note", "QP-7.1-02 rev 6")
        #expect(reviewed.status == 0, "\(reviewed.stderr)")
        let closed = await audit.run(
            "action", "close", "NC-001", "--note", "follow-up", "--by", "J. Smith")
        #expect(closed.stdout == "NC-001: closed\n")
        let show = await audit.run("action", "show", "NC-001")
        #expect(show.stdout.contains("state:       closed"))
        let partlyLine = show.stdout.split(separator: "\n").first { $0.contains(" partly by ") }
        #expect(partlyLine?.hasSuffix(": one check") == true, "both checks are kept")
        #expect(show.stdout.contains(" effective by A. Auditor: 3 monthly checks"))
        #expect(show.stdout.contains("closed: ") && show.stdout.contains(" by J. Smith"))
        #expect(
            show.stdout.contains(
                "10.2.1 f):   quality management system changed — yes: QP-7.1-02 rev 6"))
        let after = await audit.run("score")
        #expect(!after.stdout.contains("open-major"))
        let log = await audit.run("log", "--format", "csv")
        for action in ["raise", "open", "edit", "update", "verify", "close"] {
            #expect(log.stdout.contains(",\(action),"), "no \(action) event in the journal")
        }
        let verify = await audit.run("log", "--verify")
        #expect(verify.status == 0)
    }

    @Test func listsFiltersAndReportsOverdueActions() async throws {
        let audit = try await ScratchAudit.make()
        for clauseNumber in ["7.2", "7.2", "7.2"] {
            let raised = await audit.run(
                "finding", "add", "--clause", clauseNumber, "--grade", "minor", "--requirement",
                "r", "--evidence", "e", "--statement", "s")
            #expect(raised.status == 0, "\(raised.stderr)")
        }
        let list = await audit.run("finding", "list")
        #expect(list.stdout.contains("hint: 3 minor nonconformities against clause 7.2"))
        let ofi = await audit.run(
            "finding", "add", "--clause", "9.1.3", "--grade", "OFI", "--statement", "trend")
        #expect(ofi.stdout.hasPrefix("OFI-001 raised: ofi against clause 9.1.3"))
        let recorded = await audit.run("finding", "list", "--status", "recorded", "--format", "csv")
        #expect(recorded.stdout.split(separator: "\r\n").count == 2)
        _ = await audit.run(
            "action", "update", "NC-002", "--owner", "L. Novak", "--add-action", "retrain",
            "--action-due", "2026-12-01")
        let overdue = await audit.run("action", "list", "--overdue", "--as-of", "2026-12-05")
        #expect(overdue.stdout.contains("NC-002"))
        #expect(overdue.stdout.contains("action 1 due 2026-12-01, 4 days ago"))
        #expect(!overdue.stdout.contains("NC-001"))
        let byOwner = await audit.run("action", "list", "--owner", "l. novak")
        #expect(byOwner.stdout.split(separator: "\n").count == 2)
        let badGrade = await audit.run("finding", "add", "--clause", "7.2", "--grade", "critical")
        #expect(badGrade.status == 2)
        #expect(badGrade.stderr.contains("'major', 'minor', 'observation', 'ofi'"))
        let cancel = await audit.run("action", "update", "NC-001", "--state", "cancelled")
        #expect(cancel.status == 64)
        let withdrawn = await audit.run(
            "finding", "withdraw", "NC-003", "--reason", "duplicate of NC-001")
        #expect(withdrawn.stdout == "NC-003 withdrawn; its corrective action is cancelled\n")
        let out = audit.folder.path + "/nc.html"
        let report = await audit.run("report", "nc", "--final", "--format", "html", "--out", out)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("nonconformity report (final, 4 findings)"))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("NC-003 was withdrawn: duplicate of NC-001"))
    }
}
