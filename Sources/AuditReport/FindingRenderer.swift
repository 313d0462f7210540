public import AuditModel

/// Renders findings and corrective actions (`qmsaudit finding …`, `qmsaudit action …`).
public enum FindingRenderer {
    // MARK: - Findings

    /// The finding list as a table, JSON, CSV or Markdown.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func list(
        _ findings: [Finding], register: FindingRegister, policy: FindingPolicy,
        format: OutputFormat
    ) -> String {
        let hints = EscalationHint.hints(for: register.findings, policy: policy)
        switch format {
        case .json:
            return JSONValue.object([
                ("findings", .array(findings.map { json($0, register: register) })),
                ("hints", .strings(hints.map(\.message))),
            ]).rendered()
        case .csv:
            return CSVOutput.render(
                header: registerHeader, rows: findings.map { registerRow($0, register: register) })
        case .md:
            var lines = [
                "| ID | Grade | Clause | Item | Status | Action | Due | Statement |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for finding in findings {
                let action = register.actions[finding.id]
                lines.append(
                    "| "
                        + [
                            finding.id, finding.grade, finding.clause.description,
                            finding.itemID ?? "", register.status(of: finding).rawValue,
                            action?.state.rawValue ?? "", action?.due.description ?? "",
                            finding.statement,
                        ].map(Markdown.escape).joined(separator: " | ") + " |")
            }
            lines += hints.map { "\n> " + Markdown.escape($0.message) }
            return lines.joined(separator: "\n") + "\n"
        case .table:
            if findings.isEmpty { return "no findings\n" }
            var text = TextTable(
                header: ["ID", "GRADE", "CLAUSE", "ITEM", "STATUS", "ACTION", "DUE", "STATEMENT"],
                rows: findings.map { finding in
                    let action = register.actions[finding.id]
                    return [
                        finding.id, finding.grade, finding.clause.description,
                        finding.itemID ?? "-", register.status(of: finding).rawValue,
                        action?.state.rawValue ?? "-", action?.due.description ?? "-",
                        shortened(finding.statement, to: 44),
                    ]
                }
            ).render()
            for hint in hints { text += "hint: \(hint.message)\n" }
            return text
        }
    }

    /// One finding in full, with its corrective action in brief.
    public static func detail(
        _ finding: Finding, register: FindingRegister, policy: FindingPolicy,
        evidenceTitles: [String: String]
    ) -> String {
        let title = policy.grade(named: finding.grade)?.title ?? finding.grade
        var lines = [
            "\(finding.id)  \(title) (\(finding.grade))",
            "  clause:      \(finding.clause)" + (finding.itemID.map { " · item \($0)" } ?? ""),
            "  status:      \(register.status(of: finding).rawValue)",
            "  raised:      \(finding.raisedAt) by \(finding.raisedBy)"
                + (finding.origin == .answer ? " (opened by the answer)" : ""),
        ]
        if let reference = finding.reference {
            lines.append("  reference:   \(reference) (the certification body's number)")
        }
        if let withdrawal = finding.withdrawal {
            lines.append(
                "  withdrawn:   \(withdrawal.at) by \(withdrawal.by): \(withdrawal.reason)")
        }
        lines.append("")
        if finding.isNonconformity {
            lines += PlainText.wrap(
                orMissing(finding.requirement), first: "  requirement: ", rest: "               ")
            lines += PlainText.wrap(
                orMissing(
                    finding.evidence.isEmpty && !finding.evidenceIDs.isEmpty ? "" : finding.evidence
                ),
                first: "  evidence:    ", rest: "               ")
            for id in finding.evidenceIDs {
                lines.append(
                    "               \(id) \(evidenceTitles[id] ?? "")".trailingSpacesRemoved())
            }
        }
        lines += PlainText.wrap(
            orMissing(finding.statement), first: "  statement:   ", rest: "               ")
        if finding.isDraft {
            lines.append("")
            lines.append(
                "  draft: missing " + finding.missingParts.joined(separator: ", ")
                    + "; complete it with 'qmsaudit finding edit \(finding.id) "
                    + finding.missingParts.map(option).joined(separator: " ") + "'")
        }
        if let action = register.actions[finding.id] {
            lines.append("")
            lines.append(
                "  corrective action: \(action.state.rawValue), due \(action.due)"
                    + (action.owner.isEmpty ? "" : ", owner \(action.owner)")
                    + " — qmsaudit action show \(finding.id)")
        }
        for hint in EscalationHint.hints(for: register.findings, policy: policy)
        where hint.findings.contains(finding.id) {
            lines.append("  hint: \(hint.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func option(_ part: String) -> String {
        switch part {
        case "requirement": "--requirement …"
        case "objective evidence": "--evidence …"
        default: "--statement …"
        }
    }

    private static func orMissing(_ text: String) -> String {
        text.trimmingWhitespace().isEmpty ? "(missing)" : text
    }

    static func shortened(_ text: String, to width: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > width ? String(line.prefix(width - 1)) + "…" : line
    }

    // MARK: - Corrective actions

    /// The corrective-action list as a table, JSON, CSV or Markdown.
    public static func actionList(
        _ actions: [CorrectiveAction], register: FindingRegister, today: CalendarDate,
        format: OutputFormat
    ) -> String {
        func grade(_ action: CorrectiveAction) -> String {
            register.finding(action.findingID)?.grade ?? ""
        }
        switch format {
        case .json:
            return JSONValue.array(
                actions.map { action in
                    actionJSON(action, today: today, grade: grade(action))
                }
            ).rendered()
        case .csv:
            return CSVOutput.render(
                header: ["finding", "grade", "state", "owner", "due", "overdue", "actions_done"],
                rows: actions.map { action in
                    [
                        action.findingID, grade(action), action.state.rawValue, action.owner,
                        action.due.description,
                        action.overdue(on: today).joined(separator: "; "),
                        "\(action.steps.filter { $0.done != nil }.count)/\(action.steps.count)",
                    ]
                })
        case .table, .md:
            if actions.isEmpty { return "no corrective actions\n" }
            return TextTable(
                header: ["FINDING", "GRADE", "STATE", "OWNER", "DUE", "ACTIONS", "OVERDUE"],
                rows: actions.map { action in
                    [
                        action.findingID, grade(action), action.state.rawValue,
                        action.owner.isEmpty ? "-" : action.owner, action.due.description,
                        "\(action.steps.filter { $0.done != nil }.count)/\(action.steps.count)"
                            + " done",
                        action.overdue(on: today).first ?? "",
                    ]
                }
            ).render()
        }
    }

    /// One corrective-action record in full, with what its next state needs.
    public static func actionDetail(
        _ action: CorrectiveAction, finding: Finding, policy: FindingPolicy, today: CalendarDate
    ) -> String {
        let pad = "               "
        var lines = [
            "\(action.findingID)  corrective action · \(finding.grade) against clause"
                + " \(finding.clause)",
            "  state:       \(action.state.rawValue)",
            "  owner:       \(action.owner.isEmpty ? "(none)" : action.owner)",
            "  due:         \(action.due)",
        ]
        for reason in action.overdue(on: today) { lines.append("  OVERDUE:     \(reason)") }
        lines += PlainText.wrap(
            orMissing(finding.statement), first: "  finding:     ", rest: pad)
        lines.append("")
        lines += PlainText.wrap(
            orMissing(action.correction)
                + (action.correctionDate.map { " (done \($0))" } ?? ""),
            first: "  correction:  ", rest: pad)
        lines += PlainText.wrap(orMissing(action.extent), first: "  extent:      ", rest: pad)
        lines += PlainText.wrap(
            (action.causeMethod.map { "[\($0.rawValue)] " } ?? "") + orMissing(action.cause),
            first: "  root cause:  ", rest: pad)
        if action.steps.isEmpty {
            lines.append("  actions:     (none planned)")
        }
        for step in action.steps {
            var text = "\(step.number). \(step.what)"
            text += " — owner \(step.owner.isEmpty ? "(none)" : step.owner)"
            text += ", due \(step.due?.description ?? "(none)")"
            text += step.done.map { ", done \($0)" } ?? ", not done"
            if !step.evidence.isEmpty { text += "; evidence: \(step.evidence)" }
            lines += PlainText.wrap(
                text, first: step.number == 1 ? "  actions:     " : pad, rest: pad + "   ")
        }
        for (index, check) in action.verifications.enumerated() {
            let text =
                "\(check.date) \(check.result.rawValue) by \(check.verifier): \(check.method)"
                + (check.note.isEmpty ? "" : " (\(check.note))")
            lines += PlainText.wrap(
                text, first: index == 0 ? "  verified:    " : pad, rest: pad + "  ")
        }
        if action.verifications.isEmpty { lines.append("  verified:    (not yet)") }
        if let warning = action.effectivenessTiming(policy: policy) {
            lines += PlainText.wrap("note: " + warning, first: pad, rest: pad)
        }
        let decisions = [
            ("10.2.1 e):   ", "risks and opportunities updated", action.risksUpdate),
            ("10.2.1 f):   ", "quality management system changed", action.systemChange),
        ]
        lines.append("  found in:    \(action.source.rawValue)")
        if let acceptance = action.planAcceptance {
            lines += PlainText.wrap(
                "\(acceptance.date) by \(acceptance.by)"
                    + (acceptance.note.isEmpty ? "" : ": \(acceptance.note)")
                    + " (an acceptance of the plan, not a verification)",
                first: "  accepted:    ", rest: pad)
        }
        for (label, question, decision) in decisions {
            let answer =
                decision.map {
                    ($0.changed ? "yes" : "no") + ($0.note.isEmpty ? "" : ": \($0.note)")
                } ?? "not recorded yet"
            lines += PlainText.wrap("\(question) — \(answer)", first: "  " + label, rest: pad)
        }
        if action.state.isFinal {
            lines.append(
                "  \(action.state.rawValue): \(action.closedAt) by \(action.closedBy)"
                    + (action.closure.isEmpty ? "" : ": \(action.closure)"))
        } else if let (next, refusals) = action.nextStep(finding: finding, policy: policy) {
            lines.append("")
            if refusals.isEmpty {
                let command =
                    next == .closed
                    ? "qmsaudit action close \(action.findingID)"
                    : next == .verified
                        ? "qmsaudit action verify \(action.findingID) …"
                        : "qmsaudit action update \(action.findingID) --state \(next.rawValue)"
                lines.append("  next: '\(next.rawValue)' is allowed: \(command)")
            } else {
                lines.append("  next: '\(next.rawValue)' needs:")
                for refusal in refusals {
                    for missing in refusal.missing {
                        lines.append("    - \(missing) [guard '\(refusal.name)']")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON and CSV shared with the NC report

    static let registerHeader = [
        "id", "grade", "class", "clause", "item", "status", "requirement", "evidence",
        "evidence_ids", "statement", "raised_at", "raised_by", "action_state", "action_owner",
        "action_due", "correction", "root_cause", "closed_at",
    ]

    static func registerRow(_ finding: Finding, register: FindingRegister) -> [String] {
        let action = register.actions[finding.id]
        return [
            finding.id, finding.grade, finding.findingClass.rawValue, finding.clause.description,
            finding.itemID ?? "", register.status(of: finding).rawValue, finding.requirement,
            finding.evidence, finding.evidenceIDs.joined(separator: " "), finding.statement,
            finding.raisedAt, finding.raisedBy, action?.state.rawValue ?? "",
            action?.owner ?? "", action?.due.description ?? "", action?.correction ?? "",
            action?.cause ?? "", action?.state == .closed ? action?.closedAt ?? "" : "",
        ]
    }

    /// One finding with its corrective action as JSON (`finding show --format json`), schema
    /// `qmsaudit-finding/1`.
    public static func detailJSON(_ finding: Finding, register: FindingRegister) -> String {
        guard case .object(let members) = json(finding, register: register) else { return "" }
        return JSONValue.object([("schema", .string("qmsaudit-finding/1"))] + members).rendered()
    }

    /// One corrective-action record as JSON (`action show --format json`), schema
    /// `qmsaudit-action/1`.
    public static func actionDetailJSON(
        _ action: CorrectiveAction, finding: Finding, today: CalendarDate
    ) -> String {
        guard case .object(let members) = actionJSON(action, today: today, grade: finding.grade)
        else { return "" }
        return JSONValue.object([("schema", .string("qmsaudit-action/1"))] + members).rendered()
    }

    static func json(_ finding: Finding, register: FindingRegister) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(finding.id)), ("grade", .string(finding.grade)),
            ("class", .string(finding.findingClass.rawValue)),
            ("clause", .string(finding.clause.description)),
            ("item", .optional(finding.itemID)),
            ("status", .string(register.status(of: finding).rawValue)),
            ("requirement", .string(finding.requirement)),
            ("evidence", .string(finding.evidence)),
            ("evidence_ids", .strings(finding.evidenceIDs)),
            ("statement", .string(finding.statement)),
            ("missing", .strings(finding.isWithdrawn ? [] : finding.missingParts)),
            ("origin", .string(finding.origin.rawValue)),
            ("reference", .optional(finding.reference)),
            ("raised_at", .string(finding.raisedAt)), ("raised_by", .string(finding.raisedBy)),
        ]
        members.append(
            (
                "withdrawn",
                finding.withdrawal.map {
                    .object([
                        ("at", .string($0.at)), ("by", .string($0.by)),
                        ("reason", .string($0.reason)),
                    ])
                } ?? .null
            ))
        members.append(
            ("corrective_action", register.actions[finding.id].map { actionJSON($0) } ?? .null))
        return .object(members)
    }

    private static func decisionJSON(_ decision: ActionDecision?) -> JSONValue {
        decision.map { .object([("changed", .bool($0.changed)), ("note", .string($0.note))]) }
            ?? .null
    }

    static func actionJSON(
        _ action: CorrectiveAction, today: CalendarDate? = nil, grade: String? = nil
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [("finding", .string(action.findingID))]
        if let grade { members.append(("grade", .string(grade))) }
        members += [
            ("state", .string(action.state.rawValue)), ("owner", .string(action.owner)),
            ("due", .string(action.due.description)),
        ]
        if let today { members.append(("overdue", .strings(action.overdue(on: today)))) }
        members += [
            ("correction", .string(action.correction)),
            ("correction_date", .optional(action.correctionDate?.description)),
            ("extent", .string(action.extent)),
            ("cause_method", .optional(action.causeMethod?.rawValue)),
            ("cause", .string(action.cause)),
            (
                "actions",
                .array(
                    action.steps.map { step in
                        .object([
                            ("number", .number(Double(step.number))), ("what", .string(step.what)),
                            ("owner", .string(step.owner)),
                            ("due", .optional(step.due?.description)),
                            ("done", .optional(step.done?.description)),
                            ("evidence", .string(step.evidence)),
                        ])
                    })
            ),
            (
                "verifications",
                .array(
                    action.verifications.map { check in
                        .object([
                            ("date", .string(check.date.description)),
                            ("method", .string(check.method)),
                            ("result", .string(check.result.rawValue)),
                            ("verifier", .string(check.verifier)), ("note", .string(check.note)),
                        ])
                    })
            ),
            ("source", .string(action.source.rawValue)),
            (
                "plan_accepted",
                action.planAcceptance.map {
                    .object([
                        ("date", .string($0.date.description)), ("by", .string($0.by)),
                        ("note", .string($0.note)),
                    ])
                } ?? .null
            ),
            ("risks_updated", decisionJSON(action.risksUpdate)),
            ("qms_changed", decisionJSON(action.systemChange)),
            ("closed_at", .string(action.closedAt)), ("closed_by", .string(action.closedBy)),
            ("closure", .string(action.closure)),
        ]
        return .object(members)
    }
}
