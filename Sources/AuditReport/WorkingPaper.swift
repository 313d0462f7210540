public import AuditModel

/// The completed checklist, the auditor's working paper (`qmsaudit report checklist`): every
/// item with its verdict, note, sample, linked evidence, findings and who answered when,
/// grouped by clause under the audit's header.
public struct WorkingPaper: Sendable {
    /// The forms the working paper is written in.
    public enum Format: String, CaseIterable, Sendable {
        /// Markdown.
        case md
        /// One self-contained HTML page, laid out for print.
        case html
        /// One row per item.
        case csv
        /// An Excel workbook: the rows of the CSV form, and the audit's facts on a second sheet.
        case xlsx
    }

    /// One item of the checklist and what was recorded for it.
    public struct Row: Sendable, Hashable {
        /// The item's clause and the clause's heading.
        public var clause: ClauseNumber
        /// The clause's title, or its label for an untitled paragraph.
        public var heading: String
        /// The item.
        public var item: ChecklistItem
        /// The answer, if any.
        public var response: Response?
        /// Linked evidence, each `EV-0012 QP-7.5-01 Title (rev 6)`.
        public var evidence: [String]
        /// Findings raised on the item, each `NC-001 (minor)`.
        public var findings: [String]
    }

    /// The audit's facts.
    public var info: AuditInfo
    /// The audit plan, for its dates.
    public var plan: AuditPlan
    /// The items, in checklist order.
    public var rows: [Row]
    /// When the paper was made (ISO 8601, UTC).
    public var generatedAt: String

    /// Builds the paper from the audit's checklist, answers, links (the evidence ids linked to
    /// each item) and findings; `evidence` names the linked records.
    public init(
        info: AuditInfo, plan: AuditPlan, checklist: Checklist, responses: [String: Response],
        evidence: [Evidence], links: [String: [String]], register: FindingRegister,
        generatedAt: String
    ) {
        self.info = info
        self.plan = plan
        self.generatedAt = generatedAt
        var names: [String: String] = [:]
        for record in evidence {
            var name = record.id
            if !record.draft.documentNumber.isEmpty { name += " " + record.draft.documentNumber }
            if !record.draft.title.isEmpty { name += " " + record.draft.title }
            if !record.draft.revision.isEmpty { name += " (rev \(record.draft.revision))" }
            names[record.id] = name
        }
        var findings: [String: [String]] = [:]
        for finding in register.findings where !finding.isWithdrawn {
            guard let itemID = finding.itemID else { continue }
            findings[itemID, default: []].append("\(finding.id) (\(finding.grade))")
        }
        var headings: [ClauseNumber: String] = [:]
        for clause in checklist.clauses { headings[clause.number] = clause.heading }
        rows = checklist.items.map { item in
            Row(
                clause: item.clause, heading: headings[item.clause] ?? "", item: item,
                response: responses[item.id],
                evidence: (links[item.id] ?? []).map { names[$0] ?? $0 },
                findings: findings[item.id] ?? [])
        }
    }

    /// How many items are answered.
    public var answered: Int { rows.filter { $0.response != nil }.count }

    /// The audit's facts, label and value, as the header of every form shows them.
    public var facts: [(String, String)] {
        let dates: String =
            switch (plan.start, plan.end) {
            case (let start?, let end?) where start == end: start.description
            case (let start?, let end?): "\(start) to \(end)"
            case (let start?, nil): "from \(start)"
            default: ""
            }
        return [
            ("Organisation", info.organisation), ("Scope", info.scope),
            ("Sites", info.sites.joined(separator: ", ")), ("Audit", info.type.rawValue),
            ("Dates", dates), ("Auditors", info.auditors.joined(separator: ", ")),
            ("Checklist", "\(info.checklistID) revision \(info.checklistRevision)"),
            ("Answered", "\(answered) of \(rows.count) items"), ("Generated", generatedAt),
        ].filter { !$0.1.isEmpty }
    }

    /// The CSV (and workbook) columns.
    public static let header = [
        "clause", "clause_title", "item", "question", "stage", "weight", "verdict", "note",
        "justification", "sample", "evidence", "findings", "answered_by", "answered_at",
    ]

    /// The cells of each row, in `header` order, as the CSV and the workbook hold them.
    public var cells: [[String]] {
        rows.map { row in
            [
                row.clause.description, row.heading, row.item.id, row.item.question,
                row.item.stage.rawValue, row.item.weight.compactDescription,
                row.response?.verdict.rawValue ?? "", row.response?.note ?? "",
                row.response?.justification ?? "", row.response?.sample ?? "",
                row.evidence.joined(separator: "; "), row.findings.joined(separator: ", "),
                row.response?.answeredBy ?? "", row.response?.answeredAt ?? "",
            ]
        }
    }

    /// The paper in a text form, ending with a newline (`xlsx` is written by `XLSXWriter`).
    public func render(_ format: Format) -> String {
        switch format {
        case .md: markdown()
        case .html: html()
        case .csv, .xlsx: CSVOutput.render(header: Self.header, rows: cells)
        }
    }

    /// What was recorded, in one paragraph: the note, the justification, the sample.
    static func recorded(_ response: Response?) -> [String] {
        guard let response else { return [] }
        var parts: [String] = []
        if !response.note.isEmpty { parts.append(response.note) }
        if !response.justification.isEmpty {
            parts.append("Justification: " + response.justification)
        }
        if !response.sample.isEmpty { parts.append("Sample: " + response.sample) }
        return parts
    }

    /// The rows grouped by clause, in checklist order.
    var groups: [(clause: ClauseNumber, heading: String, rows: [Row])] {
        var result: [(clause: ClauseNumber, heading: String, rows: [Row])] = []
        for row in rows {
            if result.last?.clause == row.clause {
                result[result.count - 1].rows.append(row)
            } else {
                result.append((row.clause, row.heading, [row]))
            }
        }
        return result
    }

    // MARK: - Markdown

    private func markdown() -> String {
        let e = Markdown.escape
        var lines = ["# Audit checklist: \(e(info.organisation))", "", "| | |", "|---|---|"]
        lines += facts.map { "| \(e($0.0)) | \(e($0.1)) |" }
        for group in groups {
            lines += [
                "", "## \(group.clause) \(e(group.heading))", "",
                "| Item | Question | Verdict | Recorded | Evidence | Findings | Answered |",
                "|---|---|---|---|---|---|---|",
            ]
            for row in group.rows {
                let answered =
                    row.response.map { "\($0.answeredBy), \($0.answeredAt.prefix(10))" } ?? ""
                let cells = [
                    row.item.id, row.item.question, row.response?.verdict.rawValue ?? "—",
                    Self.recorded(row.response).joined(separator: " — "),
                    row.evidence.joined(separator: "; "), row.findings.joined(separator: ", "),
                    answered,
                ]
                lines.append("| " + cells.map(e).joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - HTML

    private func html() -> String {
        let h = HTML.escape
        var body = [
            "<h1>Audit checklist: \(h(info.organisation))</h1>",
            "<table class=\"facts\">"
                + facts.map { "<tr><th>\(h($0.0))</th><td>\(h($0.1))</td></tr>" }.joined()
                + "</table>",
        ]
        var top: Int?
        for group in groups {
            let section = group.clause.components.first
            let first = section != top
            top = section
            body.append(
                "<section\(first ? " class=\"top\"" : "")><h2>\(h(group.clause.description))"
                    + " \(h(group.heading))</h2>")
            body.append(
                "<table class=\"paper\"><colgroup><col class=\"item\"><col class=\"question\">"
                    + "<col class=\"verdict\"><col class=\"support\"><col class=\"answered\">"
                    + "</colgroup><thead><tr><th>Item</th><th>Question and what was recorded</th>"
                    + "<th>Verdict</th><th>Evidence and findings</th><th>Answered</th></tr>"
                    + "</thead><tbody>")
            for row in group.rows {
                let verdict = row.response?.verdict
                let recorded = Self.recorded(row.response).map {
                    "<p class=\"r\">\(HTML.paragraph($0))</p>"
                }
                let support =
                    row.evidence.map { "<p>\(h($0))</p>" }
                    + row.findings.map { "<p class=\"finding\">\(h($0))</p>" }
                let answered =
                    row.response.map {
                        "\(h($0.answeredBy))<br>\(h(String($0.answeredAt.prefix(10))))"
                    } ?? ""
                body.append(
                    "<tr><td>\(h(row.item.id))</td><td><p class=\"q\">\(h(row.item.question))</p>"
                        + recorded.joined() + "</td><td class=\"v \(Self.verdictClass(verdict))\">"
                        + h(verdict?.rawValue ?? "—") + "</td><td>" + support.joined()
                        + "</td><td>\(answered)</td></tr>")
            }
            body.append("</tbody></table></section>")
        }
        let page = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">",
            "<title>Audit checklist: \(h(info.organisation))</title>",
            "<style>\(Self.style)</style>", "</head>", "<body>",
        ]
        return (page + body + ["</body>", "</html>"]).joined(separator: "\n") + "\n"
    }

    static func verdictClass(_ verdict: Verdict?) -> String {
        switch verdict {
        case nil: "none"
        case .conforming?: "ok"
        case .minor?, .major?, .nonconforming?: "nc"
        case .observation?, .ofi?: "note"
        case .na?, .notArisen?: "na"
        }
    }

    /// Columns of fixed width, long words and hashes broken, the header repeated on every
    /// printed page, each top-level clause on a new page.
    static let style = """
        body{font:10.5pt/1.4 system-ui,sans-serif;color:#111;max-width:62em;margin:2em auto;\
        padding:0 1em}h1{font-size:1.5em}h2{font-size:1.1em;margin:1.6em 0 .4em}\
        table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;\
        padding:.25em .45em;overflow-wrap:anywhere}table.facts th{width:9em;color:#444;\
        font-weight:600}table.paper{table-layout:fixed}table.paper th,table.paper td\
        {border:1px solid #bbb}table.paper thead th{background:#eee}col.item{width:6em}\
        col.verdict{width:8.2em}col.support{width:20%}col.answered{width:7em}p{margin:0 0 .3em}\
        p.r{color:#333;border-left:3px solid #ccc;padding-left:.45em}td.v{font-weight:600;\
        overflow-wrap:normal}td.ok{color:#185c1e}td.nc{color:#a00}td.note{color:#8a5a00}\
        td.na,td.none{color:#555}p.finding{font-weight:600}\
        @page{size:A4;margin:14mm}@media print{body{margin:0;max-width:none;font-size:9pt}\
        section.top~section.top{break-before:page}thead{display:table-header-group}\
        tr{break-inside:avoid}}
        """
}
