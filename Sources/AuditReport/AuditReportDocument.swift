public import AuditModel

/// The audit report (`qmsaudit report audit`, ISO 19011 6.5), in Markdown or one HTML page.
///
/// What was audited, against what, when and with whom; the conclusion; strengths; the
/// findings; what was sampled; who receives it; and the auditee's acknowledgement.
public struct AuditReportDocument: Sendable {
    /// The forms the report is written in.
    public enum Format: String, CaseIterable, Sendable {
        /// Markdown.
        case md
        /// One self-contained HTML page, print-ready.
        case html
    }

    /// The audit's facts.
    public var info: AuditInfo
    /// The plan.
    public var plan: AuditPlan
    /// The conclusion, distribution and acknowledgement.
    public var facts: AuditReportFacts
    /// The checklist, for questions and clause titles.
    public var checklist: Checklist
    /// The answers.
    public var responses: [String: Response]
    /// The findings and their corrective actions.
    public var register: FindingRegister
    /// The score and readiness.
    public var card: ScoreCard
    /// When the report was made (ISO 8601, UTC).
    public var generatedAt: String

    /// Creates a report.
    public init(
        info: AuditInfo, plan: AuditPlan, facts: AuditReportFacts, checklist: Checklist,
        responses: [String: Response], register: FindingRegister, card: ScoreCard,
        generatedAt: String
    ) {
        self.info = info
        self.plan = plan
        self.facts = facts
        self.checklist = checklist
        self.responses = responses
        self.register = register
        self.card = card
        self.generatedAt = generatedAt
    }

    /// Whether the report is final: a conclusion is written and no finding is a draft.
    public var isFinal: Bool {
        register.drafts.isEmpty && !facts.conclusion.trimmingWhitespace().isEmpty
    }

    /// What keeps the report a draft.
    public var draftReasons: [String] {
        var reasons: [String] = []
        if facts.conclusion.trimmingWhitespace().isEmpty {
            reasons.append("no conclusion yet ('qmsaudit audit conclude --conclusion …')")
        }
        if !register.drafts.isEmpty {
            reasons.append(
                "\(register.drafts.count.counted("draft finding")): "
                    + register.drafts.map(\.id).joined(separator: ", "))
        }
        return reasons
    }

    /// The report in `format`, ending with a newline.
    public func render(_ format: Format) -> String {
        let sections = self.sections()
        switch format {
        case .md: return markdown(sections)
        case .html: return html(sections)
        }
    }

    // MARK: - Content

    /// A section: a title and its blocks, each a paragraph, a list or a table.
    struct Section {
        enum Block {
            case paragraph(String)
            case list([String])
            case table(header: [String], rows: [[String]])
            case facts([(String, String)])
        }
        var title: String
        var blocks: [Block]
    }

    private var days: String {
        switch (plan.start, plan.end) {
        case (let start?, let end?) where start == end: start.description
        case (let start?, let end?): "\(start) to \(end)"
        case (let start?, nil): "from \(start)"
        default: "not planned"
        }
    }

    func sections() -> [Section] {
        var result: [Section] = []
        let lead = info.auditors.first ?? ""
        result.append(
            Section(
                title: "The audit",
                blocks: [
                    .facts([
                        ("Organisation", info.organisation), ("Scope", info.scope),
                        ("Sites", info.sites.joined(separator: ", ")),
                        ("Audit", info.type.rawValue), ("Dates", days),
                        ("Lead auditor", lead),
                        ("Audit team", info.auditors.dropFirst().joined(separator: ", ")),
                        (
                            "Checklist",
                            "\(info.checklistID) revision \(info.checklistRevision)"
                        ),
                        (
                            "Report",
                            (isFinal ? "final" : "DRAFT: " + draftReasons.joined(separator: "; "))
                                + ", generated \(generatedAt)"
                        ),
                    ])
                ]))
        result.append(
            Section(
                title: "Objectives and criteria",
                blocks: [
                    .list(plan.objectives.isEmpty ? ["(no objectives recorded)"] : plan.objectives),
                    .paragraph("Criteria:"),
                    .list(
                        plan.criteria.isEmpty
                            ? ["\(checklist.standard) (the checklist \(checklist.id))"]
                            : plan.criteria),
                ]))
        var planBlocks: [Section.Block] = []
        if !plan.auditees.isEmpty {
            planBlocks.append(.paragraph("Auditees: " + plan.auditees.joined(separator: "; ")))
        }
        planBlocks.append(
            plan.timetable.isEmpty
                ? .paragraph("No timetable recorded ('qmsaudit audit plan --slot …').")
                : .table(
                    header: ["Date", "Time", "Activity"],
                    rows: plan.timetable.map { [$0.date.description, $0.time, $0.activity] }))
        result.append(Section(title: "Plan and timetable", blocks: planBlocks))
        let overall = card.overall
        var conclusion: [Section.Block] = [
            .paragraph(
                facts.conclusion.isEmpty ? "(no conclusion recorded yet)" : facts.conclusion),
            .paragraph(
                "Items answered: \(overall.items - overall.unanswered) of \(overall.items)"
                    + " (coverage \(ScoreRenderer.percent(overall.coverage))); conformity"
                    + " \(ScoreRenderer.percent(overall.conformity)); readiness:"
                    + " \(card.readiness.verdict.rawValue)."),
        ]
        if !card.readiness.reasons.isEmpty { conclusion.append(.list(card.readiness.reasons)) }
        result.append(Section(title: "Conclusion", blocks: conclusion))
        let strengths = register.findings.filter {
            $0.findingClass == .strength && !$0.isWithdrawn
        }
        result.append(
            Section(
                title: "Strengths",
                blocks: [
                    .list(
                        strengths.isEmpty
                            ? ["(none recorded)"]
                            : strengths.map { "\($0.id), clause \($0.clause): \($0.statement)" })
                ]))
        let live = register.findings.filter { !$0.isWithdrawn && $0.findingClass != .strength }
        result.append(
            Section(
                title: "Findings",
                blocks: [
                    live.isEmpty
                        ? .paragraph("No findings.")
                        : .table(
                            header: ["ID", "Grade", "Clause", "Statement", "Status", "Action due"],
                            rows: live.map { finding in
                                let action = register.actions[finding.id]
                                return [
                                    finding.id, finding.grade, finding.clause.description,
                                    finding.statement,
                                    register.status(of: finding).rawValue
                                        + (action.map { ", action \($0.state.rawValue)" } ?? ""),
                                    action?.due.description ?? "",
                                ]
                            })
                ]))
        let sampled = checklist.items.compactMap { item -> [String]? in
            guard let response = responses[item.id], !response.sample.isEmpty else { return nil }
            return [item.id, response.verdict.rawValue, response.sample]
        }
        result.append(
            Section(
                title: "Samples",
                blocks: [
                    sampled.isEmpty
                        ? .paragraph("No sample recorded with the answers.")
                        : .table(header: ["Item", "Verdict", "Sample"], rows: sampled)
                ]))
        let notArisen = checklist.items.compactMap { item -> [String]? in
            guard let response = responses[item.id], response.verdict == .notArisen else {
                return nil
            }
            return [item.id, item.condition ?? "", response.note]
        }
        if !notArisen.isEmpty {
            result.append(
                Section(
                    title: "Conditions that have not arisen",
                    blocks: [
                        .table(header: ["Item", "Condition", "What was checked"], rows: notArisen)
                    ]
                ))
        }
        result.append(
            Section(
                title: "Distribution",
                blocks: [
                    .list(facts.distribution.isEmpty ? ["(not recorded)"] : facts.distribution)
                ]))
        result.append(
            Section(
                title: "Acknowledgement by the auditee",
                blocks: facts.acknowledgedBy.isEmpty
                    ? [
                        .paragraph(
                            "Acknowledged for the auditee: ______________________  Date:"
                                + " ____________"),
                        .paragraph("Comment: ____________________________________________"),
                    ]
                    : [
                        .facts([
                            ("Acknowledged by", facts.acknowledgedBy),
                            ("Date", facts.acknowledgedOn?.description ?? ""),
                            ("Comment", facts.acknowledgement),
                        ])
                    ]))
        return result
    }

    // MARK: - Markdown

    private func markdown(_ sections: [Section]) -> String {
        let e = Markdown.escape
        var lines = ["# Audit report: \(e(info.organisation))"]
        for section in sections {
            lines += ["", "## \(e(section.title))", ""]
            for block in section.blocks {
                switch block {
                case .paragraph(let text): lines += [e(text), ""]
                case .list(let items): lines += items.map { "- " + e($0) } + [""]
                case .facts(let pairs):
                    lines += ["| | |", "|---|---|"]
                    lines += pairs.filter { !$0.1.isEmpty }.map { "| \(e($0.0)) | \(e($0.1)) |" }
                    lines.append("")
                case .table(let header, let rows):
                    lines.append("| " + header.map(e).joined(separator: " | ") + " |")
                    lines.append("|" + String(repeating: "---|", count: header.count))
                    lines += rows.map { "| " + $0.map(e).joined(separator: " | ") + " |" }
                    lines.append("")
                }
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - HTML

    private func html(_ sections: [Section]) -> String {
        let h = HTML.escape
        var body = ["<h1>Audit report: \(h(info.organisation))</h1>"]
        if !isFinal {
            body.append(
                "<p class=\"draft\">DRAFT: \(h(draftReasons.joined(separator: "; ")))</p>")
        }
        for section in sections {
            body.append("<section><h2>\(h(section.title))</h2>")
            for block in section.blocks {
                switch block {
                case .paragraph(let text): body.append("<p>\(HTML.paragraph(text))</p>")
                case .list(let items):
                    body.append("<ul>" + items.map { "<li>\(h($0))</li>" }.joined() + "</ul>")
                case .facts(let pairs):
                    body.append(
                        "<table class=\"facts\">"
                            + pairs.filter { !$0.1.isEmpty }.map {
                                "<tr><th>\(h($0.0))</th><td>\(HTML.paragraph($0.1))</td></tr>"
                            }.joined() + "</table>")
                case .table(let header, let rows):
                    body.append(
                        "<table class=\"grid\"><thead><tr>"
                            + header.map { "<th>\(h($0))</th>" }.joined()
                            + "</tr></thead><tbody>"
                            + rows.map { row in
                                "<tr>" + row.map { "<td>\(HTML.paragraph($0))</td>" }.joined()
                                    + "</tr>"
                            }.joined() + "</tbody></table>")
                }
            }
            body.append("</section>")
        }
        let page = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">",
            "<title>Audit report: \(h(info.organisation))</title>",
            "<style>\(NCReport.style)</style>", "</head>", "<body>",
        ]
        return (page + body + ["</body>", "</html>"]).joined(separator: "\n") + "\n"
    }
}
