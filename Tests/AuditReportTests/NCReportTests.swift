import AuditModel
import AuditReport
import AuditTestSupport
import Foundation
import Testing

@Suite struct NCReportTests {
    static let info = AuditInfo(
        id: "0b5c", organisation: "Acme Widgets Ltd", scope: "Precision widgets, Leeds",
        sites: ["Leeds"], type: .internal, auditors: ["J. Smith (lead)", "R. Patel"],
        createdAt: "2026-11-01T09:00:00Z", toolVersion: "0.1.0", checklistID: "iso9001-2015",
        checklistRevision: "2026.1", checklistSHA256: "ab")

    /// A register with a closed major, an open minor with an overdue action, an observation,
    /// a withdrawn minor and, when `draft`, a draft minor; every text field is `text(name)`.
    static func register(draft: Bool = false, text: (String) -> String = { $0 }) -> FindingRegister
    {
        let grades = FindingPolicy.standard.grades
        func finding(_ id: String, _ grade: Int, _ clauseText: String, item: String?) -> Finding {
            Finding(
                id: id, grade: grades[grade], itemID: item, clause: clause(clauseText),
                requirement: text("requirement of \(id)"), evidence: text("evidence of \(id)"),
                evidenceIDs: id == "NC-001" ? ["EV-0012"] : [],
                statement: text("statement of \(id)"),
                origin: .manual, raisedAt: "2026-11-02T10:00:00Z", raisedBy: text("raiser"))
        }
        var findings = [
            finding("NC-001", 0, "7.1.5.2", item: "7.1.5.2-4"),
            finding("NC-002", 1, "7.2", item: "7.2-2"),
            finding("OBS-001", 2, "7.5.3.1", item: nil),
            finding("NC-003", 1, "8.4.1", item: nil),
        ]
        findings[3].withdrawal = .init(
            at: "2026-11-03T10:00:00Z", by: "J. Smith", reason: text("reason"))
        if draft {
            var incomplete = finding("NC-004", 1, "9.2.2", item: "9.2.2-6")
            incomplete.requirement = ""
            findings.append(incomplete)
        }
        var closed = CorrectiveAction(
            findingID: "NC-001", due: day("2027-01-31"), owner: text("owner"))
        closed.correction = text("correction")
        closed.correctionDate = day("2026-11-05")
        closed.extent = text("extent")
        closed.causeMethod = .fiveWhy
        closed.cause = text("cause")
        closed.steps = [
            ActionStep(
                number: 1, what: text("what"), owner: text("step owner"), due: day("2026-12-15"),
                done: day("2026-12-10"), evidence: text("step evidence"))
        ]
        closed.verifications = [
            Verification(
                method: text("method"), result: .effective, verifier: text("verifier"),
                date: day("2027-01-20"), note: text("note"))
        ]
        closed.state = .closed
        closed.closedAt = "2027-01-21T10:00:00Z"
        closed.closedBy = text("closer")
        closed.closure = text("closure")
        var open = CorrectiveAction(findingID: "NC-002", due: day("2027-01-31"))
        open.steps = [
            ActionStep(number: 1, what: text("retrain"), owner: "L. Novak", due: day("2026-11-20"))
        ]
        open.state = .planned
        var cancelled = CorrectiveAction(findingID: "NC-003", due: day("2027-01-31"))
        cancelled.state = .cancelled
        var actions = ["NC-001": closed, "NC-002": open, "NC-003": cancelled]
        if draft {
            actions["NC-004"] = CorrectiveAction(findingID: "NC-004", due: day("2027-01-31"))
        }
        return FindingRegister(findings: findings, actions: actions)
    }

    static func report(_ register: FindingRegister, info: AuditInfo = info) -> NCReport {
        NCReport(
            info: info, register: register, policy: .standard, today: day("2026-11-22"),
            generatedAt: "2026-11-22T12:00:00Z",
            evidenceTitles: ["EV-0012": "QF-7.1-03 Calibration register"])
    }

    @Test(arguments: NCReport.Format.allCases)
    func matchesItsGoldenFile(format: NCReport.Format) {
        let text = Self.report(Self.register()).render(format)
        Snapshot.assert(text, named: "nc-report." + format.rawValue)
    }

    @Test func aDraftIsMarkedAndListed() {
        let report = Self.report(Self.register(draft: true))
        #expect(!report.isFinal)
        #expect(report.render(.md).contains("DRAFT: 1 finding incomplete (NC-004)"))
        #expect(report.render(.html).contains("<p class=\"draft\">DRAFT: missing requirement</p>"))
        #expect(report.render(.json).contains("\"mode\": \"draft\""))
        #expect(Self.report(Self.register()).render(.json).contains("\"mode\": \"final\""))
    }

    /// Observations and OFIs answered in the run are listed unless a finding records them.
    @Test func observationsAndOFIsInTheAnswersAreListed() {
        let checklist = Checklist(
            id: "c", title: "T", standard: "S", edition: "1",
            clauses: [
                Clause(
                    number: clause("7.5.3.1"), title: "Availability",
                    items: [
                        ChecklistItem(id: "7.5.3.1-1", clause: clause("7.5.3.1"), question: "Q?"),
                        ChecklistItem(id: "7.5.3.1-2", clause: clause("7.5.3.1"), question: "Q?"),
                    ])
            ])
        let responses = [
            "7.5.3.1-1": Response(itemID: "7.5.3.1-1", verdict: .observation, note: "raised"),
            "7.5.3.1-2": Response(itemID: "7.5.3.1-2", verdict: .ofi, note: "Print less"),
        ]
        var register = Self.register()
        if let index = register.findings.firstIndex(where: { $0.id == "OBS-001" }) {
            register.findings[index].itemID = "7.5.3.1-1"
        }
        let noted = NCReport.notedInAnswers(
            checklist: checklist, responses: responses, register: register)
        #expect(noted.map(\.itemID) == ["7.5.3.1-2"], "OBS-001 records the first")
        var report = Self.report(register)
        report.notedInAnswers = noted
        #expect(report.render(.md).contains("| 7.5.3.1-2 | ofi | Print less |"))
        #expect(report.render(.html).contains("<td>7.5.3.1-2</td><td>ofi</td><td>Print less</td>"))
        #expect(report.render(.json).contains("\"noted_in_answers\": ["))
    }

    static let hostile = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>"

    @Test func everyValueIsEscapedInHTML() {
        var info = Self.info
        info.organisation = Self.hostile
        info.scope = Self.hostile
        info.auditors = [Self.hostile]
        let html = Self.report(Self.register(draft: true) { "\($0) " + Self.hostile }, info: info)
            .render(.html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("\"'&<"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img"))
        // No external request: no URL-bearing attribute at all, and a policy that forbids one.
        for attribute in ["src=\"", "href=\"", "url(", "@import"] {
            #expect(!html.contains(attribute), "\(attribute)")
        }
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
    }

    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func everyCSVCellIsNeutralised(formula: String) {
        let csv = Self.report(Self.register(draft: true) { _ in formula }).render(.csv)
        let cells = csv.split(separator: "\r\n").dropFirst().flatMap { $0.split(separator: ",") }
        #expect(!cells.isEmpty)
        for cell in cells {
            let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell
            #expect(
                !(text.first.map { "=+-@\t\r".contains($0) } ?? false),
                "cell '\(cell)' would run as a formula")
        }
        #expect(csv.contains("'" + formula.prefix(2)))
    }

    @Test func markdownEscapesWhatWouldBecomeFormatting() {
        let md = Self.report(Self.register { "\($0) | *bold* <b>x</b>" }).render(.md)
        #expect(!md.contains("<b>"))
        #expect(md.contains("\\| \\*bold\\* \\<b\\>x\\</b\\>"))
    }
}
