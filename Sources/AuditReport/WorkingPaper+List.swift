public import AuditModel

extension WorkingPaper {
    /// The paper with only the rows that match: under `clause`, with `verdict`, unanswered,
    /// or carried over from an older edition's audit and not yet confirmed.
    public func filtered(
        clause: ClauseNumber? = nil, verdict: Verdict? = nil, unanswered: Bool = false,
        carried: Bool = false
    ) -> WorkingPaper {
        var copy = self
        copy.rows = rows.filter { row in
            (clause.map { $0.contains(row.clause) } ?? true)
                && (verdict.map { row.response?.verdict == $0 } ?? true)
                && (!unanswered || row.response == nil)
                && (!carried || row.response.map { CarryOver.isCarried($0.note) } == true)
        }
        return copy
    }

    /// The answers for a terminal (`table`), for other tools (`json`, schema
    /// `qmsaudit-answers/1`) or a spreadsheet (`csv`, the working paper's rows); `md` gives
    /// the working paper.
    public func list(_ format: OutputFormat) -> String {
        switch format {
        case .table: listTable()
        case .json: listJSON()
        case .csv: render(.csv)
        case .md: render(.md)
        }
    }

    private func listTable() -> String {
        func cut(_ text: String, _ length: Int) -> String {
            let line = String(text.map { $0 == "\n" ? " " : $0 })
            return line.count <= length ? line : String(line.prefix(length - 1)) + "…"
        }
        let table = TextTable(
            header: ["ITEM", "VERDICT", "NOTE", "EVIDENCE", "FINDINGS", "ANSWERED"],
            rows: rows.map { row in
                [
                    row.item.id, TerminalStyle.current.verdict(row.response?.verdict),
                    cut(Self.recorded(row.response).joined(separator: " — "), 48),
                    row.evidence.map { String($0.prefix { $0 != " " }) }.joined(separator: " "),
                    row.findings.map { String($0.prefix { $0 != " " }) }.joined(separator: " "),
                    row.response.map { "\($0.answeredBy) \($0.answeredAt.prefix(10))" } ?? "",
                ]
            })
        return table.render()
            + "\(rows.filter { $0.response != nil }.count) of \(rows.count) items answered\n"
    }

    private func listJSON() -> String {
        JSONValue.object([
            ("schema", .string("qmsaudit-answers/1")),
            (
                "audit",
                .object([
                    ("organisation", .string(info.organisation)),
                    ("checklist", .string(info.checklistID)),
                    ("checklist_revision", .string(info.checklistRevision)),
                ])
            ),
            (
                "items",
                .array(
                    rows.map { row in
                        .object([
                            ("item", .string(row.item.id)),
                            ("clause", .string(row.clause.description)),
                            ("question", .string(row.item.question)),
                            ("verdict", .optional(row.response?.verdict.rawValue)),
                            ("note", .string(row.response?.note ?? "")),
                            ("justification", .string(row.response?.justification ?? "")),
                            ("sample", .string(row.response?.sample ?? "")),
                            ("evidence", .strings(row.evidence)),
                            ("findings", .strings(row.findings)),
                            ("answered_by", .optional(row.response?.answeredBy)),
                            ("answered_at", .optional(row.response?.answeredAt)),
                        ])
                    })
            ),
        ]).rendered()
    }
}
