public import AuditModel

/// Renders the programme's views (`qmsaudit programme …`) as a table, JSON, CSV or Markdown.
public enum ProgrammeRenderer {
    /// A table in one of the text forms: aligned for a terminal, CSV, or Markdown.
    static func tabular(_ header: [String], _ rows: [[String]], _ format: OutputFormat) -> String {
        switch format {
        case .csv: return CSVOutput.render(header: header.map { $0.lowercased() }, rows: rows)
        case .md:
            let e = Markdown.escape
            return
                ([
                    "| " + header.joined(separator: " | ") + " |",
                    "|" + String(repeating: "---|", count: header.count),
                ]
                + rows.map { "| " + $0.map(e).joined(separator: " | ") + " |" })
                .joined(separator: "\n") + "\n"
        case .table, .json:
            return rows.isEmpty ? "(none)\n" : TextTable(header: header, rows: rows).render()
        }
    }

    // MARK: - Lists

    /// The processes: id, name, clauses, owner, risk.
    public static func processes(_ state: ProgrammeState, format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-programme-processes/1")),
                (
                    "processes",
                    .array(
                        state.processes.map {
                            .object([
                                ("id", .string($0.id)), ("name", .string($0.name)),
                                ("clauses", .strings($0.clauses.map(\.description))),
                                ("owner", .string($0.owner)), ("high_risk", .bool($0.highRisk)),
                            ])
                        })
                ),
            ]).rendered()
        }
        return tabular(
            ["ID", "NAME", "CLAUSES", "OWNER", "RISK"],
            state.processes.map {
                [
                    $0.id, $0.name, $0.clauses.map(\.description).joined(separator: " "), $0.owner,
                    $0.highRisk ? "high" : "",
                ]
            }, format)
    }

    /// The auditors: name, own processes, competence.
    public static func auditors(_ state: ProgrammeState, format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-programme-auditors/1")),
                (
                    "auditors",
                    .array(
                        state.auditors.map {
                            .object([
                                ("name", .string($0.name)), ("processes", .strings($0.processes)),
                                ("competence", .string($0.competence)),
                            ])
                        })
                ),
            ]).rendered()
        }
        return tabular(
            ["NAME", "OWN PROCESSES", "COMPETENCE"],
            state.auditors.map {
                [$0.name, $0.processes.joined(separator: " "), $0.competence]
            }, format)
    }

    /// The planned audits with their scope, date, team and status.
    public static func plan(_ audits: [PlannedAudit], format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-programme-plan/1")),
                ("audits", .array(audits.map(auditJSON))),
            ]).rendered()
        }
        return tabular(
            ["ID", "TYPE", "DATE", "PROCESSES", "CLAUSES", "LEAD", "TEAM", "STATUS"],
            audits.map {
                [
                    $0.id, $0.type.rawValue, $0.planned?.description ?? "",
                    $0.processes.joined(separator: " "),
                    $0.clauses.map(\.description).joined(separator: " "), $0.lead,
                    $0.team.joined(separator: ", "), $0.status.rawValue,
                ]
            }, format)
    }

    static func auditJSON(_ audit: PlannedAudit) -> JSONValue {
        .object([
            ("id", .string(audit.id)), ("type", .string(audit.type.rawValue)),
            ("date", .optional(audit.planned?.description)),
            ("processes", .strings(audit.processes)),
            ("clauses", .strings(audit.clauses.map(\.description))),
            ("sites", .strings(audit.sites)),
            ("lead", .string(audit.lead)), ("team", .strings(audit.team)),
            ("status", .string(audit.status.rawValue)),
            ("own_process_reason", .string(audit.ownProcessReason)),
        ])
    }

    // MARK: - Status

    /// `programme status`: next and overdue audits, open findings, overdue actions and the
    /// certification dates.
    public static func status(_ status: ProgrammeStatus, format: OutputFormat) -> String {
        let certification = status.certification.map { item in
            [
                item.due.what, item.due.by.description,
                item.met ? "held" : item.late ? "OVERDUE" : "due",
            ]
        }
        let findingRows = status.openFindings.map { entry in
            [
                entry.auditID, entry.finding.id, entry.finding.grade,
                entry.finding.clause.description, entry.action?.rawValue ?? "",
                entry.due?.description ?? "", entry.overdue ? "overdue" : "",
            ]
        }
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-programme-status/1")),
                ("as_of", .string(status.today.description)),
                ("next", .array(status.next.map(auditJSON))),
                ("overdue", .array(status.overdue.map(auditJSON))),
                ("in_progress", .array(status.inProgress.map(auditJSON))),
                (
                    "open_findings",
                    .array(
                        status.openFindings.map { entry in
                            .object([
                                ("audit", .string(entry.auditID)),
                                ("id", .string(entry.finding.id)),
                                ("grade", .string(entry.finding.grade)),
                                ("clause", .string(entry.finding.clause.description)),
                                ("action", .optional(entry.action?.rawValue)),
                                ("due", .optional(entry.due?.description)),
                                ("overdue", .bool(entry.overdue)),
                            ])
                        })
                ),
                ("overdue_actions", .number(Double(status.overdueActions.count))),
                (
                    "certification",
                    .array(
                        status.certification.map { item in
                            .object([
                                ("what", .string(item.due.what)),
                                ("by", .string(item.due.by.description)), ("held", .bool(item.met)),
                                ("overdue", .bool(item.late)),
                            ])
                        })
                ),
            ]).rendered()
        }
        let markdown = format == .md
        func heading(_ text: String) -> String { markdown ? "\n## \(text)\n\n" : "\n\(text):\n" }
        var out =
            (markdown ? "# Programme status" : "Programme status") + " as of \(status.today)\n"
        out += heading("Next audits") + plan(Array(status.next.prefix(10)), format: format)
        out +=
            heading("Overdue audits (planned, not started)") + plan(status.overdue, format: format)
        out +=
            heading("In progress (attached, not concluded)")
            + plan(status.inProgress, format: format)
        out += heading(
            "Open findings (\(status.openFindings.count), \(status.overdueActions.count) with an"
                + " overdue action)")
        out += tabular(
            ["AUDIT", "ID", "GRADE", "CLAUSE", "ACTION", "DUE", ""], findingRows, format)
        out += heading("Certification")
        out += tabular(["WHAT", "BY", "STATE"], certification, format)
        return out
    }

    // MARK: - Coverage

    /// `programme coverage`: every clause and process and the audits of the cycle that
    /// planned and did cover it.
    public static func coverage(_ coverage: ProgrammeCoverage, format: OutputFormat) -> String {
        func rows(_ list: [ProgrammeCoverage.Row]) -> [[String]] {
            list.map { row in
                [
                    row.key, row.title, row.planned.joined(separator: " "),
                    row.done.joined(separator: " "),
                    row.uncovered ? "UNCOVERED" : row.pending ? "planned" : "covered",
                ]
            }
        }
        func json(_ list: [ProgrammeCoverage.Row]) -> JSONValue {
            .array(
                list.map { row in
                    .object([
                        ("key", .string(row.key)), ("title", .string(row.title)),
                        ("planned", .strings(row.planned)), ("done", .strings(row.done)),
                        ("uncovered", .bool(row.uncovered)),
                    ])
                })
        }
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-programme-coverage/1")),
                ("cycle", coverage.year.map { .number(Double($0)) } ?? .null),
                ("clauses", json(coverage.clauses)), ("processes", json(coverage.processes)),
            ]).rendered()
        }
        if format == .csv {
            return CSVOutput.render(
                header: ["kind", "key", "title", "planned", "done", "state"],
                rows: rows(coverage.clauses).map { ["clause"] + $0 }
                    + rows(coverage.processes).map { ["process"] + $0 })
        }
        let markdown = format == .md
        let cycle = coverage.year.map { "cycle \($0)" } ?? "every audit"
        var out =
            (markdown ? "# Programme coverage, \(cycle)\n" : "Programme coverage, \(cycle)\n")
            + "\n\(coverage.uncoveredClauses.count.counted("clause")) and"
            + " \(coverage.uncoveredProcesses.count.counted("process", plural: "processes"))"
            + " not covered by any audit of the cycle\n"
        out += markdown ? "\n## Processes\n\n" : "\nProcesses:\n"
        out += tabular(
            ["PROCESS", "NAME", "PLANNED", "DONE", "STATE"], rows(coverage.processes), format)
        out += markdown ? "\n## Clauses\n\n" : "\nClauses:\n"
        out += tabular(
            ["CLAUSE", "TITLE", "PLANNED", "DONE", "STATE"], rows(coverage.clauses), format)
        return out
    }

    // MARK: - Findings

    /// `programme findings`: every finding across audits, repeats marked and counted.
    public static func findings(
        _ entries: [ProgrammeFindings.Entry], repeatsByClause: [(clause: ClauseNumber, count: Int)],
        format: OutputFormat
    ) -> String {
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-programme-findings/1")),
                (
                    "findings",
                    .array(
                        entries.map { entry in
                            .object([
                                ("audit", .string(entry.auditID)),
                                ("date", .optional(entry.date?.description)),
                                ("id", .string(entry.finding.id)),
                                ("grade", .string(entry.finding.grade)),
                                ("class", .string(entry.finding.findingClass.rawValue)),
                                ("clause", .string(entry.finding.clause.description)),
                                ("processes", .strings(entry.processes)),
                                ("statement", .string(entry.finding.statement)),
                                ("action", .optional(entry.action?.rawValue)),
                                ("due", .optional(entry.due?.description)),
                                ("overdue", .bool(entry.overdue)),
                                ("withdrawn", .bool(entry.finding.isWithdrawn)),
                                ("repeats", .strings(entry.repeats)),
                            ])
                        })
                ),
                (
                    "repeats_by_clause",
                    .array(
                        repeatsByClause.map {
                            .object([
                                ("clause", .string($0.clause.description)),
                                ("count", .number(Double($0.count))),
                            ])
                        })
                ),
            ]).rendered()
        }
        let rows = entries.map { entry in
            [
                entry.auditID, entry.date?.description ?? "", entry.finding.id, entry.finding.grade,
                entry.finding.clause.description, entry.processes.joined(separator: " "),
                String(entry.finding.statement.prefix(format == .table ? 50 : 10_000)),
                entry.action?.rawValue ?? (entry.finding.isWithdrawn ? "withdrawn" : ""),
                entry.repeats.isEmpty ? "" : "repeats " + entry.repeats.joined(separator: ", "),
            ]
        }
        var out = tabular(
            [
                "AUDIT", "DATE", "ID", "GRADE", "CLAUSE", "PROCESSES", "STATEMENT", "ACTION",
                "REPEAT",
            ],
            rows, format)
        if format != .csv && !repeatsByClause.isEmpty {
            out +=
                (format == .md
                    ? "\n## Repeat findings by clause\n\n" : "\nRepeat findings by clause:\n")
            out += tabular(
                ["CLAUSE", "REPEATS"],
                repeatsByClause.map { [$0.clause.description, String($0.count)] },
                format)
        }
        return out
    }
}
