public import AuditModel

/// Renders a score card (`qmsaudit score`) as a table, JSON or CSV, with an optional trace of
/// every figure's numerator, denominator, weights and exclusions.
public enum ScoreRenderer {
    /// Which figures to list.
    public enum Grouping: String, CaseIterable, Sendable {
        /// One row per top-level clause (4–10), then overall.
        case section
        /// One row per clause at every depth, then overall.
        case clause
    }

    /// The `schema` value of the JSON form.
    public static let jsonSchema = "qmsaudit-score/1"

    /// Renders `card`.
    ///
    /// - Parameters:
    ///   - card: the computed score card.
    ///   - info: the audit it belongs to, for the heading.
    ///   - grouping: sections or every clause.
    ///   - format: table, md, json or csv.
    ///   - explain: whether to add the trace of every figure.
    /// - Returns: the rendered text, ending with a newline.
    public static func render(
        _ card: ScoreCard, info: AuditInfo, grouping: Grouping, format: OutputFormat,
        explain: Bool
    ) -> String {
        let figures = (grouping == .section ? card.sections : card.clauses) + [card.overall]
        switch format {
        case .json: return json(card, info: info, figures: figures, explain: explain)
        case .csv: return csv(figures)
        case .table: return table(card, info: info, figures: figures, explain: explain)
        case .md: return markdown(card, info: info, figures: figures, explain: explain)
        }
    }

    // MARK: - Markdown

    static func markdown(
        _ card: ScoreCard, info: AuditInfo, figures: [ScoreFigure], explain: Bool
    ) -> String {
        let e = Markdown.escape
        var lines = [
            "# Score: \(e(info.organisation))", "",
            "Checklist \(e(info.checklistID)) revision \(e(info.checklistRevision)); scope:"
                + " \(e(info.scope))", "",
            "| Clause | Title | Conformity | Coverage | Items | Scored | N/A | Not arisen"
                + " | Ungraded | Unanswered |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for figure in figures {
            let cells = [
                figure.clause?.description ?? "**overall**",
                figure.clause == nil ? "" : figure.heading, percent(figure.conformity),
                percent(figure.coverage), String(figure.items), String(figure.scored),
                String(figure.notApplicable), String(figure.notArisen), String(figure.ungraded),
                String(figure.unanswered),
            ]
            lines.append(
                "| " + cells.map { $0.hasPrefix("**") ? $0 : e($0) }.joined(separator: " | ") + " |"
            )
        }
        lines += ["", "## Readiness: \(card.readiness.verdict.rawValue)", ""]
        lines += card.readiness.reasons.map { "- " + e($0) }
        if explain {
            lines += ["", "## How each figure is computed", ""]
            lines += explanationHeader(card.policy).split(separator: "\n").dropFirst().map {
                "- " + e(String($0).trimmingWhitespace())
            }
            for figure in figures {
                lines += [
                    "", "### " + e(figure.clause.map { "\($0) \(figure.heading)" } ?? "overall"),
                    "",
                    "conformity = "
                        + (figure.possible > 0
                            ? "\(figure.earned.compactDescription) / \(figure.possible.compactDescription) = \(percent(figure.conformity))"
                            : "no scored item yet")
                        + "; coverage = \(figure.items - figure.unanswered) / \(figure.items) ="
                        + " \(percent(figure.coverage))",
                ]
                guard !figure.contributions.isEmpty else { continue }
                lines += [
                    "", "| Item | Verdict | Points × weight | Findings |", "|---|---|---|---|",
                ]
                for part in figure.contributions {
                    lines.append(
                        "| " + contributionCells(part).map(e).joined(separator: " | ") + " |")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One item's verdict, points or exclusion, and findings, as the explanation lists them.
    static func contributionCells(_ part: ItemContribution) -> [String] {
        let detail: [String]
        switch part.exclusion {
        case .notApplicable?: detail = ["na", "excluded: not applicable"]
        case .notArisen?: detail = ["not-arisen", "excluded: its condition has not arisen"]
        case .ungraded?: detail = ["nonconforming", "excluded until graded minor or major"]
        case .unanswered?: detail = ["—", "excluded: unanswered (lowers coverage)"]
        case nil:
            let points = part.points ?? 0
            detail = [
                part.verdict?.rawValue ?? "",
                "\(points.compactDescription) × \(part.weight.compactDescription) = \(part.earned.compactDescription) of \(part.possible.compactDescription)",
            ]
        }
        return [part.itemID] + detail + [part.findings.joined(separator: ", ")]
    }

    /// `0.8812` as `88.1%`; `nil` as `—`.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        let tenths = (value * 1000).rounded() / 10
        return tenths.compactDescription.contains(".")
            ? "\(tenths.compactDescription)%" : "\(tenths.compactDescription).0%"
    }

    // MARK: - Table

    static func table(
        _ card: ScoreCard, info: AuditInfo, figures: [ScoreFigure], explain: Bool
    ) -> String {
        var lines = [
            "\(info.organisation) — \(info.checklistID) revision \(info.checklistRevision)",
            "scope: \(info.scope)", "",
        ]
        // Columns for conditions not arisen and ungraded nonconformities appear when some
        // item is in them, so that the counts of every row still add up to its items.
        let showNotArisen = figures.contains { $0.notArisen > 0 }
        let showUngraded = figures.contains { $0.ungraded > 0 }
        let rows = figures.map { figure -> [String] in
            let depth = (figure.clause?.depth ?? 1) - 1
            let name =
                figure.clause.map { String(repeating: "  ", count: depth) + $0.description }
                ?? "overall"
            var row = [
                name, figure.clause == nil ? "" : figure.heading, percent(figure.conformity),
                percent(figure.coverage), String(figure.items), String(figure.scored),
                String(figure.notApplicable),
            ]
            if showNotArisen { row.append(String(figure.notArisen)) }
            if showUngraded { row.append(String(figure.ungraded)) }
            return row + [String(figure.unanswered)]
        }
        var header = ["CLAUSE", "TITLE", "CONFORMITY", "COVERAGE", "ITEMS", "SCORED", "N/A"]
        if showNotArisen { header.append("NOT ARISEN") }
        if showUngraded { header.append("UNGRADED") }
        let table = TextTable(header: header + ["UNANSWERED"], rows: rows)
        lines.append(table.render().trailingNewlineRemoved())
        lines.append("")
        let style = TerminalStyle.current
        let tone: TerminalStyle.Tone =
            switch card.readiness.verdict {
            case .ready: .good
            case .notReady: .bad
            case .notDetermined: .warning
            }
        lines.append("readiness: " + style.paint(card.readiness.verdict.rawValue, tone))
        for reason in card.readiness.reasons { lines.append("  - \(reason)") }
        if explain {
            lines.append("")
            lines.append(explanationHeader(card.policy))
            for figure in figures { lines += explanation(figure) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func explanationHeader(_ policy: ScoringPolicy) -> String {
        let points = Verdict.scored.compactMap { verdict in
            policy.points(for: verdict).map { "\(verdict.rawValue) \($0.compactDescription)" }
        }.joined(separator: ", ")
        return """
            How each figure is computed
              points per verdict: \(points); n/a and not-arisen items, and nonconformities not graded yet, are excluded from numerator and denominator
              conformity = Σ(points × weight) / Σ(\(policy.maximum.compactDescription) × weight) over answered, applicable items
              coverage   = answered items (n/a included) / all items
            """
    }

    static func explanation(_ figure: ScoreFigure) -> [String] {
        let title = figure.clause.map { "\($0)  \(figure.heading)" } ?? "overall"
        var lines = ["", title]
        let conformity =
            figure.possible > 0
            ? "\(figure.earned.compactDescription) / \(figure.possible.compactDescription) = \(percent(figure.conformity))"
            : "no scored item yet"
        lines.append("  conformity = \(conformity)")
        lines.append(
            "  coverage   = \(figure.items - figure.unanswered) / \(figure.items) = \(percent(figure.coverage))"
        )
        let rows = figure.contributions.map { part -> [String] in
            var cells = contributionCells(part)
            cells[0] = "  " + cells[0]
            cells[1] = TerminalStyle.current.verdict(part.verdict, cells[1])
            return cells
        }
        lines.append(
            TextTable(header: ["  ITEM", "VERDICT", "POINTS × WEIGHT", "FINDINGS"], rows: rows)
                .render()
                .trailingNewlineRemoved())
        return lines
    }

    // MARK: - JSON and CSV

    static func json(
        _ card: ScoreCard, info: AuditInfo, figures: [ScoreFigure], explain: Bool
    ) -> String {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        func figureJSON(_ figure: ScoreFigure) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("clause", .optional(figure.clause?.description)),
                ("title", .string(figure.clause == nil ? "overall" : figure.heading)),
                ("items", .number(Double(figure.items))),
                ("scored", .number(Double(figure.scored))),
                ("na", .number(Double(figure.notApplicable))),
                ("not_arisen", .number(Double(figure.notArisen))),
                ("not_graded", .number(Double(figure.ungraded))),
                ("unanswered", .number(Double(figure.unanswered))),
                ("earned", .number(figure.earned)),
                ("possible", .number(figure.possible)),
                ("conformity", number(figure.conformity)),
                ("coverage", .number(figure.coverage)),
            ]
            if explain {
                members.append(
                    (
                        "contributions",
                        .array(
                            figure.contributions.map { part in
                                .object([
                                    ("item", .string(part.itemID)),
                                    ("verdict", .optional(part.verdict?.rawValue)),
                                    ("weight", .number(part.weight)),
                                    ("points", number(part.points)),
                                    ("earned", .number(part.earned)),
                                    ("possible", .number(part.possible)),
                                    ("excluded", .optional(part.exclusion?.rawValue)),
                                    ("findings", .strings(part.findings)),
                                ])
                            })
                    ))
            }
            return .object(members)
        }
        let gates: [JSONValue] = card.readiness.gates.map { gate, status in
            let (state, detail): (String, [String]) =
                switch status {
                case .passed(let why): ("passed", [why])
                case .failed(let why): ("failed", why)
                case .notEvaluated(let why): ("not evaluated", [why])
                }
            return .object([
                ("gate", .string(gate.rawValue)), ("status", .string(state)),
                ("detail", .strings(detail)),
            ])
        }
        let document: JSONValue = .object([
            ("schema", .string(jsonSchema)),
            ("audit", .string(info.id)),
            ("organisation", .string(info.organisation)),
            ("checklist", .string(info.checklistID)),
            ("checklist_revision", .string(info.checklistRevision)),
            (
                "policy",
                .object(
                    Verdict.scored.compactMap { verdict in
                        card.policy.points(for: verdict).map { (verdict.rawValue, .number($0)) }
                    })
            ),
            ("figures", .array(figures.map(figureJSON))),
            (
                "readiness",
                .object([
                    ("verdict", .string(card.readiness.verdict.rawValue)),
                    ("gates", .array(gates)),
                    ("reasons", .strings(card.readiness.reasons)),
                ])
            ),
        ])
        return document.rendered()
    }

    static func csv(_ figures: [ScoreFigure]) -> String {
        CSVOutput.render(
            header: [
                "clause", "title", "items", "scored", "na", "not_arisen", "not_graded",
                "unanswered", "earned", "possible", "conformity", "coverage",
            ],
            rows: figures.map { figure in
                [
                    figure.clause?.description ?? "overall",
                    figure.clause == nil ? "overall" : figure.heading, String(figure.items),
                    String(figure.scored), String(figure.notApplicable),
                    String(figure.notArisen), String(figure.ungraded),
                    String(figure.unanswered), figure.earned.compactDescription,
                    figure.possible.compactDescription,
                    figure.conformity.map { String(format4($0)) } ?? "",
                    String(format4(figure.coverage)),
                ]
            })
    }

    private static func format4(_ value: Double) -> String {
        ((value * 10000).rounded() / 10000).compactDescription
    }
}

extension String {
    func trailingNewlineRemoved() -> String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}
