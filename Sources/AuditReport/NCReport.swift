public import AuditModel

/// The nonconformity report (`qmsaudit report nc`): the register of findings, then one section
/// per finding with its corrective-action record: what the auditor hands the auditee.
///
/// Every value from the audit is escaped for the format it lands in; CSV cells a spreadsheet
/// would run as formulas are neutralised.
public struct NCReport: Sendable {
    /// The forms the report is written in.
    public enum Format: String, CaseIterable, Sendable {
        /// Markdown.
        case md
        /// One self-contained HTML page that prints one finding per page.
        case html
        /// The register as CSV, one row per finding.
        case csv
        /// Everything as JSON, schema `qmsaudit-nc-report/1`.
        case json
    }

    /// The `schema` value of the JSON form.
    public static let jsonSchema = "qmsaudit-nc-report/1"

    /// The audit.
    public var info: AuditInfo
    /// The findings and their corrective actions.
    public var register: FindingRegister
    /// The checklist's finding policy, for grade titles and hints.
    public var policy: FindingPolicy
    /// The day overdue is judged on.
    public var today: CalendarDate
    /// When the report was made (ISO 8601, UTC).
    public var generatedAt: String
    /// Titles of cited evidence by id.
    public var evidenceTitles: [String: String]
    /// Observations and OFIs answered on items with no finding of that grade: listed, so
    /// nothing the auditor noted is lost.
    public var notedInAnswers: [Response]

    /// Creates a report.
    public init(
        info: AuditInfo, register: FindingRegister, policy: FindingPolicy, today: CalendarDate,
        generatedAt: String, evidenceTitles: [String: String], notedInAnswers: [Response] = []
    ) {
        self.info = info
        self.register = register
        self.policy = policy
        self.today = today
        self.generatedAt = generatedAt
        self.evidenceTitles = evidenceTitles
        self.notedInAnswers = notedInAnswers
    }

    /// The observations and OFIs among `responses`, in checklist order, that no finding of
    /// their class on the same item records.
    public static func notedInAnswers(
        checklist: Checklist, responses: [String: Response], register: FindingRegister
    ) -> [Response] {
        checklist.items.compactMap { item in
            guard let response = responses[item.id],
                response.verdict == .observation || response.verdict == .ofi
            else { return nil }
            let raised = register.findings.contains { finding in
                finding.itemID == item.id && !finding.isWithdrawn
                    && finding.findingClass.verdict == response.verdict
            }
            return raised ? nil : response
        }
    }

    /// The rows of the noted answers: item, verdict, note.
    private var notedRows: [[String]] {
        notedInAnswers.map { [$0.itemID, $0.verdict.rawValue, $0.note] }
    }

    private static let notedTitle = "Observations and opportunities for improvement in the answers"

    /// Whether the report is final: no finding is a draft.
    public var isFinal: Bool { register.drafts.isEmpty }

    /// The report in `format`, ending with a newline.
    public func render(_ format: Format) -> String {
        switch format {
        case .md: markdown()
        case .html: html()
        case .csv: csv()
        case .json: json()
        }
    }

    // MARK: - Shared facts

    private var sections: [Finding] { register.findings.filter { !$0.isWithdrawn } }

    private func title(_ finding: Finding) -> String {
        policy.grade(named: finding.grade)?.title ?? finding.grade
    }

    private var modeLine: String {
        isFinal
            ? "final"
            : "DRAFT: \(register.drafts.count.counted("finding")) incomplete ("
                + register.drafts.map(\.id).joined(separator: ", ") + ")"
    }

    var summaryLines: [String] {
        let live = sections
        var counts: [String] = []
        for grade in policy.grades {
            let count = live.filter { $0.grade == grade.id }.count
            if count > 0 { counts.append("\(grade.title): \(count)") }
        }
        let others = Set(live.map(\.grade)).subtracting(policy.grades.map(\.id)).sorted()
        for grade in others {
            counts.append("\(grade): \(live.filter { $0.grade == grade }.count)")
        }
        let withdrawn = register.findings.count - live.count
        if withdrawn > 0 { counts.append("withdrawn: \(withdrawn)") }
        let nonconformities = live.filter(\.isNonconformity)
        let closed = nonconformities.filter { register.actions[$0.id]?.state == .closed }.count
        let overdue = nonconformities.filter {
            !(register.actions[$0.id]?.overdue(on: today).isEmpty ?? true)
        }.count
        var lines = [
            counts.isEmpty ? "No findings." : counts.joined(separator: "; ") + ".",
            "Nonconformities: \(nonconformities.count - closed) open, \(closed) closed,"
                + " \(overdue) overdue on \(today).",
        ]
        let majors = register.openMajors.map(\.id)
        if !majors.isEmpty {
            lines.append("Open major nonconformities: " + majors.joined(separator: ", ") + ".")
        }
        lines += EscalationHint.hints(for: register.findings, policy: policy).map {
            "Hint: " + $0.message + "."
        }
        return lines
    }

    private func evidenceList(_ finding: Finding) -> [String] {
        finding.evidenceIDs.map { id in
            [id, evidenceTitles[id] ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    private func raisedLine(_ finding: Finding) -> String {
        "Raised \(finding.raisedAt) by \(finding.raisedBy)"
            + (finding.itemID.map { ", checklist item \($0)" } ?? "")
            + (finding.reference.map { "; the certification body's number \($0)" } ?? "")
    }

    private static func stepLine(_ step: ActionStep, numbered: Bool = true) -> String {
        (numbered ? "\(step.number). " : "")
            + "\(step.what) (owner \(step.owner.isEmpty ? "none" : step.owner),"
            + " due \(step.due?.description ?? "none"),"
            + " \(step.done.map { "done \($0)" } ?? "not done"))"
            + (step.evidence.isEmpty ? "" : "; evidence: \(step.evidence)")
    }

    /// Where the nonconformity was found, the plan's acceptance and 10.2.1 e) and f), as
    /// label and text, for the rows that have something to say.
    static func recordFacts(_ action: CorrectiveAction) -> [(String, String)] {
        func decision(_ value: ActionDecision?) -> String {
            guard let value else { return "not recorded yet" }
            return (value.changed ? "yes" : "no") + (value.note.isEmpty ? "" : ": \(value.note)")
        }
        var facts: [(String, String)] = [("Found in", action.source.rawValue)]
        if let acceptance = action.planAcceptance {
            facts.append(
                (
                    "Plan accepted",
                    "\(acceptance.date) by \(acceptance.by)"
                        + (acceptance.note.isEmpty ? "" : ": \(acceptance.note)")
                        + " (acceptance, not a verification)"
                ))
        }
        facts.append(("Risks and opportunities updated (10.2.1 e)", decision(action.risksUpdate)))
        facts.append(
            ("Quality management system changed (10.2.1 f)", decision(action.systemChange)))
        return facts
    }

    private static func verificationLine(_ check: Verification) -> String {
        "\(check.date): \(check.result.rawValue) (\(check.verifier)): \(check.method)"
            + (check.note.isEmpty ? "" : "; \(check.note)")
    }

    // MARK: - Markdown

    private func markdown() -> String {
        let e = Markdown.escape
        var lines = [
            "# Nonconformity report: \(e(info.organisation))", "",
            "| | |", "|---|---|",
            "| Organisation | \(e(info.organisation)) |",
            "| Scope | \(e(info.scope)) |",
            "| Audit | \(e(info.type.rawValue)), checklist \(e(info.checklistID)) revision"
                + " \(e(info.checklistRevision)) |",
            "| Auditors | \(e(info.auditors.joined(separator: ", "))) |",
            "| Report | \(e(modeLine)), generated \(e(generatedAt)) |",
            "", "## Summary", "",
        ]
        lines += summaryLines.map { "- " + e($0) }
        if !notedRows.isEmpty {
            lines += [
                "", "## \(Self.notedTitle)", "",
                "Noted with the answers and not raised as findings.", "",
                "| Item | Verdict | Note |", "|---|---|---|",
            ]
            lines += notedRows.map { "| " + $0.map(e).joined(separator: " | ") + " |" }
        }
        lines += [
            "", "## Register", "",
            "| ID | Grade | Clause | Item | Status | Corrective action | Due |",
            "|---|---|---|---|---|---|---|",
        ]
        for finding in register.findings {
            let action = register.actions[finding.id]
            lines.append(
                "| "
                    + [
                        finding.id, finding.grade, finding.clause.description,
                        finding.itemID ?? "", register.status(of: finding).rawValue,
                        action?.state.rawValue ?? "", action?.due.description ?? "",
                    ].map(e).joined(separator: " | ") + " |")
        }
        for finding in register.findings where finding.isWithdrawn {
            lines.append("")
            lines.append(
                "\(finding.id) was withdrawn: \(e(finding.withdrawal?.reason ?? ""))")
        }
        for finding in sections {
            lines += [
                "",
                "## \(finding.id): \(e(title(finding))), clause \(finding.clause)", "",
            ]
            if finding.isDraft {
                lines += [
                    "> DRAFT: missing \(e(finding.missingParts.joined(separator: ", "))).", "",
                ]
            }
            if finding.isNonconformity {
                lines.append("**Requirement:** \(e(orMissing(finding.requirement)))")
                lines.append("")
                var evidence = "**Objective evidence:** \(e(orMissing(finding.evidence)))"
                let cited = evidenceList(finding)
                if !cited.isEmpty { evidence += " (cited: \(e(cited.joined(separator: "; "))))" }
                lines += [evidence, "", "**Nonconformity:** \(e(orMissing(finding.statement)))"]
            } else {
                lines.append("**Finding:** \(e(orMissing(finding.statement)))")
            }
            lines += ["", "_\(e(raisedLine(finding)))_"]
            if let action = register.actions[finding.id] {
                lines += [
                    "", "### Corrective action: \(action.state.rawValue)", "",
                    "| | |", "|---|---|",
                    "| Owner | \(e(action.owner)) |",
                    "| Due | \(action.due)"
                        + (action.overdue(on: today).isEmpty
                            ? ""
                            : " (overdue: \(e(action.overdue(on: today).joined(separator: "; "))))")
                        + " |",
                    "| Correction | \(e(action.correction))"
                        + (action.correctionDate.map { " (done \($0))" } ?? "") + " |",
                    "| Extent | \(e(action.extent)) |",
                    "| Root cause | "
                        + (action.causeMethod.map { "\($0.rawValue): " } ?? "")
                        + "\(e(action.cause)) |",
                    "| Actions | "
                        + action.steps.map { e(Self.stepLine($0)) }.joined(separator: "<br>")
                        + " |",
                    "| Verification | "
                        + action.verifications.map { e(Self.verificationLine($0)) }
                        .joined(separator: "<br>") + " |",
                ]
                lines += Self.recordFacts(action).map { "| \(e($0.0)) | \(e($0.1)) |" }
                if action.state == .closed {
                    lines.append(
                        "| Closed | \(e(action.closedAt)) by \(e(action.closedBy))"
                            + (action.closure.isEmpty ? "" : ": \(e(action.closure))") + " |")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func orMissing(_ text: String) -> String {
        text.trimmingWhitespace().isEmpty ? "(missing)" : text
    }

    // MARK: - HTML

    private func html() -> String {
        let h = HTML.escape
        var body: [String] = [
            "<header>",
            "<h1>Nonconformity report: \(h(info.organisation))</h1>",
            isFinal ? "" : "<p class=\"draft\">\(h(modeLine))</p>",
            "<table class=\"facts\">",
            row("Organisation", h(info.organisation)),
            row("Scope", HTML.paragraph(info.scope)),
            row(
                "Audit",
                "\(h(info.type.rawValue)), checklist \(h(info.checklistID)) revision"
                    + " \(h(info.checklistRevision))"),
            row("Auditors", h(info.auditors.joined(separator: ", "))),
            row("Report", "\(h(isFinal ? "final" : "draft")), generated \(h(generatedAt))"),
            "</table>",
            "</header>",
            "<section class=\"summary\"><h2>Summary</h2><ul>",
        ]
        body += summaryLines.map { "<li>\(h($0))</li>" }
        body.append("</ul></section>")
        if !notedRows.isEmpty {
            body.append(
                "<section class=\"noted\"><h2>\(h(Self.notedTitle))</h2><p>Noted with the"
                    + " answers and not raised as findings.</p><table class=\"grid\"><thead><tr>"
                    + "<th>Item</th><th>Verdict</th><th>Note</th></tr></thead><tbody>"
                    + notedRows.map { row in
                        "<tr>" + row.map { "<td>\(HTML.paragraph($0))</td>" }.joined() + "</tr>"
                    }.joined() + "</tbody></table></section>")
        }
        body += [
            "<section class=\"register\"><h2>Register</h2>",
            "<table class=\"grid\"><thead><tr><th>ID</th><th>Grade</th><th>Clause</th>"
                + "<th>Item</th><th>Status</th><th>Corrective action</th><th>Due</th></tr></thead>"
                + "<tbody>",
        ]
        for finding in register.findings {
            let action = register.actions[finding.id]
            let cells = [
                finding.id, finding.grade, finding.clause.description, finding.itemID ?? "",
                register.status(of: finding).rawValue, action?.state.rawValue ?? "",
                action?.due.description ?? "",
            ]
            body.append(
                "<tr>" + cells.map { "<td>\(h($0))</td>" }.joined() + "</tr>")
        }
        body.append("</tbody></table>")
        for finding in register.findings where finding.isWithdrawn {
            body.append(
                "<p>\(h(finding.id)) was withdrawn: \(h(finding.withdrawal?.reason ?? ""))</p>")
        }
        body.append("</section>")
        for finding in sections {
            body.append("<section class=\"finding\" id=\"\(h(finding.id))\">")
            body.append(
                "<h2>\(h(finding.id)): \(h(title(finding))), clause \(h(finding.clause.description))</h2>"
            )
            if finding.isDraft {
                body.append(
                    "<p class=\"draft\">DRAFT: missing"
                        + " \(h(finding.missingParts.joined(separator: ", ")))</p>")
            }
            body.append("<table class=\"facts\">")
            if finding.isNonconformity {
                body.append(row("Requirement", HTML.paragraph(orMissing(finding.requirement))))
                var evidence = HTML.paragraph(orMissing(finding.evidence))
                let cited = evidenceList(finding)
                if !cited.isEmpty {
                    evidence += "<br>Cited: " + cited.map(h).joined(separator: "; ")
                }
                body.append(row("Objective evidence", evidence))
                body.append(row("Nonconformity", HTML.paragraph(orMissing(finding.statement))))
            } else {
                body.append(row("Finding", HTML.paragraph(orMissing(finding.statement))))
            }
            body.append(row("Raised", h(raisedLine(finding))))
            body.append("</table>")
            if let action = register.actions[finding.id] {
                body.append("<h3>Corrective action: \(h(action.state.rawValue))</h3>")
                body.append("<table class=\"facts\">")
                body.append(row("Owner", h(action.owner)))
                let overdue = action.overdue(on: today)
                body.append(
                    row(
                        "Due",
                        h(action.due.description)
                            + (overdue.isEmpty
                                ? ""
                                : " <strong>overdue: \(h(overdue.joined(separator: "; ")))</strong>")
                    ))
                body.append(
                    row(
                        "Correction",
                        HTML.paragraph(action.correction)
                            + (action.correctionDate.map { " (done \(h($0.description)))" } ?? "")))
                body.append(row("Extent", HTML.paragraph(action.extent)))
                body.append(
                    row(
                        "Root cause",
                        (action.causeMethod.map { "\(h($0.rawValue)): " } ?? "")
                            + HTML.paragraph(action.cause)))
                body.append(
                    row(
                        "Actions",
                        action.steps.isEmpty
                            ? ""
                            : "<ol>"
                                + action.steps.map {
                                    "<li value=\"\($0.number)\">"
                                        + "\(h(Self.stepLine($0, numbered: false)))</li>"
                                }.joined()
                                + "</ol>"))
                body.append(
                    row(
                        "Verification",
                        action.verifications.map { h(Self.verificationLine($0)) }
                            .joined(separator: "<br>")))
                for (label, text) in Self.recordFacts(action) {
                    body.append(row(label, HTML.paragraph(text)))
                }
                if action.state == .closed {
                    body.append(
                        row(
                            "Closed",
                            h(
                                "\(action.closedAt) by \(action.closedBy)"
                                    + (action.closure.isEmpty ? "" : ": \(action.closure)"))))
                }
                body.append("</table>")
            }
            body.append("</section>")
        }
        let page = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">",
            "<title>Nonconformity report: \(h(info.organisation))</title>",
            "<style>\(Self.style)</style>",
            "</head>",
            "<body>",
        ]
        return (page + body.filter { !$0.isEmpty } + ["</body>", "</html>"])
            .joined(separator: "\n") + "\n"
    }

    private func row(_ label: String, _ html: String) -> String {
        "<tr><th>\(HTML.escape(label))</th><td>\(html)</td></tr>"
    }

    static let style = """
        body{font:11pt/1.45 system-ui,sans-serif;color:#111;max-width:60em;margin:2em auto;\
        padding:0 1em}h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #999;\
        padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em}table{border-collapse:collapse;\
        width:100%}th,td{text-align:left;vertical-align:top;padding:.3em .5em}\
        table.facts th{width:11em;color:#444;font-weight:600}table.grid th,table.grid td\
        {border:1px solid #bbb}table.grid thead th{background:#eee}.draft{color:#a00;\
        font-weight:700;border:2px solid #a00;padding:.4em .6em}ol{margin:0;padding-left:1.4em}\
        @media print{body{margin:0;max-width:none;font-size:10pt}section.finding\
        {break-before:page}table{break-inside:auto}tr{break-inside:avoid}}
        """

    // MARK: - CSV and JSON

    private func csv() -> String {
        CSVOutput.render(
            header: FindingRenderer.registerHeader + ["actions", "verification", "overdue"],
            rows: register.findings.map { finding in
                let action = register.actions[finding.id]
                return FindingRenderer.registerRow(finding, register: register) + [
                    action?.steps.map { Self.stepLine($0) }.joined(separator: "\n") ?? "",
                    action?.latestVerification.map(Self.verificationLine) ?? "",
                    action?.overdue(on: today).joined(separator: "; ") ?? "",
                ]
            })
    }

    private func json() -> String {
        JSONValue.object([
            ("schema", .string(Self.jsonSchema)),
            ("mode", .string(isFinal ? "final" : "draft")),
            ("generated_at", .string(generatedAt)),
            ("as_of", .string(today.description)),
            (
                "audit",
                .object([
                    ("id", .string(info.id)), ("organisation", .string(info.organisation)),
                    ("scope", .string(info.scope)), ("type", .string(info.type.rawValue)),
                    ("auditors", .strings(info.auditors)),
                    ("checklist", .string(info.checklistID)),
                    ("checklist_revision", .string(info.checklistRevision)),
                ])
            ),
            ("summary", .strings(summaryLines)),
            ("drafts", .strings(register.drafts.map(\.id))),
            (
                "noted_in_answers",
                .array(
                    notedInAnswers.map {
                        .object([
                            ("item", .string($0.itemID)), ("verdict", .string($0.verdict.rawValue)),
                            ("note", .string($0.note)),
                        ])
                    })
            ),
            (
                "findings",
                .array(register.findings.map { FindingRenderer.json($0, register: register) })
            ),
        ]).rendered()
    }
}
