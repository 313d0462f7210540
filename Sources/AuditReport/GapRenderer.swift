public import AuditModel

/// Renders the gap analysis (`qmsaudit gaps`).
///
/// The table and Markdown forms list what is missing, section by section, after a summary;
/// CSV gives one row per gap; JSON (schema `qmsaudit-gaps/1`) carries everything, including the
/// full mandatory documented information matrix and every clause's evidence.
public enum GapRenderer {
    /// The `schema` value of the JSON form.
    public static let jsonSchema = "qmsaudit-gaps/1"

    /// Renders `gaps` of the audit `info` in `format`, ending with a newline.
    public static func render(_ gaps: GapAnalysis, info: AuditInfo, format: OutputFormat) -> String
    {
        switch format {
        case .json:
            var fields: [(String, JSONValue)] = [
                ("schema", .string(jsonSchema)), ("organisation", .string(info.organisation)),
            ]
            if case .object(let rest) = json(gaps) { fields += rest }
            return JSONValue.object(fields).rendered()
        case .csv: return CSVOutput.render(header: gapHeader, rows: gapRows(gaps))
        case .table, .md: return text(gaps, info: info, markdown: format == .md)
        }
    }

    /// One line per check: what it found.
    public static func summary(_ gaps: GapAnalysis) -> [String] {
        let required = gaps.documentedInformation
        let missing = required.filter { $0.presence == .missing }.count
        let stale = required.filter { $0.presence == .stale }.count
        let notApplicable = required.filter { $0.presence == .notApplicable }.count
        let notArisen = required.filter { $0.presence == .notArisen }.count
        let present = required.filter { $0.presence == .present }.count
        return [
            "clauses without evidence: \(gaps.clausesWithoutEvidence.count) of"
                + " \(gaps.clauses.filter(\.applicable).count) applicable",
            "mandatory documented information: \(present) present, \(missing) missing"
                + (stale > 0 ? ", \(stale) only past its review date" : "")
                + (notArisen > 0 ? ", \(notArisen) whose condition has not arisen" : "")
                + ", \(notApplicable) not applicable",
            "items not answered: \(gaps.unanswered.count)",
            "evidence problems: "
                + (gaps.evidenceIssues.isEmpty
                    ? "none"
                    : GapAnalysis.EvidenceProblem.allCases.compactMap { problem in
                        let count = gaps.problemCounts[problem] ?? 0
                        return count > 0 ? "\(count) \(problem.rawValue)" : nil
                    }.joined(separator: ", ")),
            activityLine(gaps.internalAudit),
            activityLine(gaps.managementReview),
            "N/A without a justification: \(gaps.unjustifiedNA.count)",
            "evidence with no clause: \(gaps.evidenceWithoutClauseCount)",
        ]
    }

    /// The status of an internal audit or management review, in one line.
    public static func activityLine(_ activity: GapAnalysis.ActivityEvidence) -> String {
        let name = "\(activity.activity) (\(activity.clause))"
        guard activity.inChecklist else { return "\(name): not in the checklist" }
        if activity.isEvidenced {
            return "\(name): \(activity.recordIDs.total.counted("record")) on file ("
                + activity.recordIDs.prefix(6).joined(separator: ", ")
                + (activity.recordIDs.total > 6 ? ", …" : "") + ")"
                + (activity.latest.map { ", latest \($0.date)" } ?? "")
        }
        if !activity.recordIDs.isEmpty {
            return "\(name): NOT shown: " + activity.problems.joined(separator: "; ")
        }
        return "\(name): NO record of a completed \(activity.activity) on file"
            + (activity.documentIDs.isEmpty
                ? ""
                : " (documents only: \(activity.documentIDs.prefix(6).joined(separator: ", ")))")
    }

    /// What the first `EvidenceList.limit` problems leave out, and where to see them all.
    static func moreProblems(_ gaps: GapAnalysis) -> String? {
        let total = gaps.problemCounts.values.reduce(0, +)
        guard total > gaps.evidenceIssues.count else { return nil }
        return "… and \(total - gaps.evidenceIssues.count) more evidence problems: see"
            + " 'qmsaudit evidence verify' and 'qmsaudit evidence list --stale'"
    }

    /// What the first `EvidenceList.limit` records with no clause leave out.
    static func moreUnmapped(_ gaps: GapAnalysis) -> String? {
        let total = gaps.evidenceWithoutClauseCount
        guard total > gaps.evidenceWithoutClause.count else { return nil }
        return "… and \(total - gaps.evidenceWithoutClause.count) more with no clause: see"
            + " 'qmsaudit evidence map --unmapped'"
    }

    // MARK: - CSV and JSON

    /// The columns of the CSV form.
    public static let gapHeader = ["check", "clause", "item", "evidence", "status", "detail"]

    /// One row per gap, in the order of the checks.
    public static func gapRows(_ gaps: GapAnalysis) -> [[String]] {
        var rows: [[String]] = []
        for clause in gaps.clausesWithoutEvidence {
            rows.append([
                "no-evidence", clause.clause.description, "", "", "missing", clause.heading,
            ])
        }
        for entry in gaps.missingInformation {
            rows.append([
                "documented-information", entry.clause.description, entry.itemID,
                entry.evidenceIDs.described(), entry.presence.rawValue,
                "\(entry.information.kind.rawValue): \(entry.information.what)",
            ])
        }
        for item in gaps.unanswered {
            rows.append([
                "unanswered", item.clause.description, item.itemID, "", "open", item.question,
            ])
        }
        for issue in gaps.evidenceIssues {
            rows.append([
                "evidence", "", "", issue.evidenceID, issue.problem.rawValue,
                issue.detail.isEmpty ? issue.title : "\(issue.title): \(issue.detail)",
            ])
        }
        if let more = moreProblems(gaps) {
            rows.append(["evidence", "", "", "", "more", more])
        }
        for activity in [gaps.internalAudit, gaps.managementReview]
        where activity.inChecklist && !activity.isEvidenced {
            rows.append([
                "activity", activity.clause.description, "",
                activity.recordIDs.described(),
                activity.recordIDs.isEmpty ? "missing" : "not shown",
                activity.problems.isEmpty
                    ? "no record of a completed \(activity.activity)"
                    : activity.problems.joined(separator: "; "),
            ])
        }
        for item in gaps.unjustifiedNA {
            rows.append([
                "unjustified-na", item.clause.description, item.itemID, "", "open", item.question,
            ])
        }
        for record in gaps.evidenceWithoutClause {
            rows.append(["unmapped-evidence", "", "", record.evidenceID, "no clause", record.title])
        }
        if let more = moreUnmapped(gaps) {
            rows.append(["unmapped-evidence", "", "", "", "more", more])
        }
        return rows
    }

    /// The columns of the mandatory documented information matrix.
    public static let matrixHeader = [
        "clause", "item", "kind", "required", "condition", "status", "evidence", "justification",
        "basis",
    ]

    /// The mandatory documented information matrix: one row per requirement.
    public static func matrixRows(_ gaps: GapAnalysis) -> [[String]] {
        gaps.documentedInformation.map { entry in
            [
                entry.clause.description, entry.itemID, entry.information.kind.rawValue,
                entry.information.what, entry.information.condition ?? "",
                entry.presence.rawValue, entry.evidenceIDs.described(),
                entry.justification, entry.basis,
            ]
        }
    }

    /// Everything the analysis found, as JSON.
    public static func json(_ gaps: GapAnalysis) -> JSONValue {
        func item(_ entry: GapAnalysis.OpenItem) -> JSONValue {
            .object([
                ("item", .string(entry.itemID)), ("clause", .string(entry.clause.description)),
                ("question", .string(entry.question)),
            ])
        }
        func activity(_ entry: GapAnalysis.ActivityEvidence) -> JSONValue {
            .object([
                ("clause", .string(entry.clause.description)),
                ("activity", .string(entry.activity)), ("in_checklist", .bool(entry.inChecklist)),
                ("evidenced", .bool(entry.isEvidenced)),
                ("records", .strings(entry.recordIDs.ids)),
                ("record_count", .number(Double(entry.recordIDs.total))),
                ("documents", .strings(entry.documentIDs.ids)),
                ("document_count", .number(Double(entry.documentIDs.total))),
                ("latest", .optional(entry.latest?.date.description)),
                ("problems", .strings(entry.problems)),
            ])
        }
        return .object([
            ("as_of", .string(gaps.asOf.description)),
            ("clean", .bool(gaps.isClean)),
            ("summary", .strings(summary(gaps))),
            (
                "clauses",
                .array(
                    gaps.clauses.map { clause in
                        .object([
                            ("clause", .string(clause.clause.description)),
                            ("heading", .string(clause.heading)),
                            ("applicable", .bool(clause.applicable)),
                            ("evidence", .strings(clause.evidenceIDs.ids)),
                            ("evidence_count", .number(Double(clause.evidenceIDs.total))),
                        ])
                    })
            ),
            (
                "documented_information",
                .array(
                    gaps.documentedInformation.map { entry in
                        .object([
                            ("clause", .string(entry.clause.description)),
                            ("item", .string(entry.itemID)),
                            ("kind", .string(entry.information.kind.rawValue)),
                            ("required", .string(entry.information.what)),
                            ("condition", .optional(entry.information.condition)),
                            ("status", .string(entry.presence.rawValue)),
                            ("evidence", .strings(entry.evidenceIDs.ids)),
                            ("evidence_count", .number(Double(entry.evidenceIDs.total))),
                            ("justification", .string(entry.justification)),
                            ("basis", .string(entry.basis)),
                        ])
                    })
            ),
            ("unanswered", .array(gaps.unanswered.map(item))),
            (
                "evidence_problems",
                .array(
                    gaps.evidenceIssues.map { issue in
                        .object([
                            ("evidence", .string(issue.evidenceID)),
                            ("problem", .string(issue.problem.rawValue)),
                            ("detail", .string(issue.detail)), ("title", .string(issue.title)),
                            ("location", .string(issue.location)),
                        ])
                    })
            ),
            (
                "evidence_problem_counts",
                .object(
                    GapAnalysis.EvidenceProblem.allCases.compactMap { problem in
                        gaps.problemCounts[problem].map {
                            (problem.rawValue, .number(Double($0)))
                        }
                    })
            ),
            ("internal_audit", activity(gaps.internalAudit)),
            ("management_review", activity(gaps.managementReview)),
            ("unjustified_na", .array(gaps.unjustifiedNA.map(item))),
            ("evidence_without_clause_count", .number(Double(gaps.evidenceWithoutClauseCount))),
            (
                "evidence_without_clause",
                .array(
                    gaps.evidenceWithoutClause.map {
                        .object([
                            ("evidence", .string($0.evidenceID)), ("title", .string($0.title)),
                            ("location", .string($0.location)),
                        ])
                    })
            ),
        ])
    }

    // MARK: - Table and Markdown

    private static func text(_ gaps: GapAnalysis, info: AuditInfo, markdown: Bool) -> String {
        var out: [String] = []
        func heading(_ title: String) {
            out.append(markdown ? "\n## \(title)\n" : "\n\(title):")
        }
        func table(_ header: [String], _ rows: [[String]]) {
            if markdown {
                out.append("| " + header.joined(separator: " | ") + " |")
                out.append("|" + String(repeating: "---|", count: header.count))
                for row in rows {
                    out.append("| " + row.map(Markdown.escape).joined(separator: " | ") + " |")
                }
            } else {
                var rendered = TextTable(header: header.map { $0.uppercased() }, rows: rows)
                    .render()
                while rendered.hasSuffix("\n") { rendered.removeLast() }
                out.append(rendered)
            }
        }
        // The evidence that counts for no clause: the first twenty, and how to map them all.
        func unmapped() {
            let records = gaps.evidenceWithoutClause
            guard !records.isEmpty else { return }
            heading("Evidence with no clause")
            table(
                ["evidence", "title", "location"],
                records.prefix(20).map { [$0.evidenceID, $0.title, $0.location] })
            let total = gaps.evidenceWithoutClauseCount
            out.append(
                (total > 20 ? "… and \(total - 20) more. " : "")
                    + "Map them with 'qmsaudit evidence map --unmapped'.")
        }
        let title = "Gap analysis: \(info.organisation) (as of \(gaps.asOf))"
        out.append(markdown ? "# \(Markdown.escape(title))\n" : title + "\n")
        for line in summary(gaps) {
            out.append(markdown ? "- \(Markdown.escape(line))" : "  " + line)
        }
        if gaps.isClean {
            out.append("\nNo gaps: every check above is clean.")
            unmapped()
            return out.joined(separator: "\n") + "\n"
        }
        if !gaps.clausesWithoutEvidence.isEmpty {
            heading("Clauses without evidence")
            table(
                ["clause", "title"],
                gaps.clausesWithoutEvidence.map { [$0.clause.description, $0.heading] })
        }
        if !gaps.missingInformation.isEmpty {
            heading("Mandatory documented information not on file")
            table(
                ["clause", "item", "kind", "required", "status"],
                gaps.missingInformation.map {
                    [
                        $0.clause.description, $0.itemID, $0.information.kind.rawValue,
                        $0.information.what
                            + ($0.information.condition.map { " (\($0))" } ?? ""),
                        $0.presence == .stale
                            ? "past review: " + $0.evidenceIDs.described() : "missing",
                    ]
                })
        }
        if !gaps.conditionsNotArisen.isEmpty {
            heading("Conditions that have not arisen")
            table(
                ["clause", "item", "required", "note"],
                gaps.conditionsNotArisen.map {
                    [$0.clause.description, $0.itemID, $0.information.what, $0.justification]
                })
        }
        if !gaps.unanswered.isEmpty {
            heading("Items not answered")
            table(
                ["item", "clause", "question"],
                gaps.unanswered.map { [$0.itemID, $0.clause.description, $0.question] })
        }
        if !gaps.evidenceIssues.isEmpty {
            heading("Evidence problems")
            table(
                ["evidence", "problem", "title", "detail"],
                gaps.evidenceIssues.map {
                    [$0.evidenceID, $0.problem.rawValue, $0.title, $0.detail]
                })
            if let more = moreProblems(gaps) { out.append(more) }
        }
        let activities = [gaps.internalAudit, gaps.managementReview].filter {
            $0.inChecklist && !$0.isEvidenced
        }
        if !activities.isEmpty {
            heading("Internal audit and management review")
            for activity in activities {
                out.append((markdown ? "- " : "  ") + activityLine(activity))
            }
        }
        if !gaps.unjustifiedNA.isEmpty {
            heading("N/A without a justification")
            table(
                ["item", "clause", "question"],
                gaps.unjustifiedNA.map { [$0.itemID, $0.clause.description, $0.question] })
        }
        unmapped()
        return out.joined(separator: "\n") + "\n"
    }
}
