public import AuditModel
import Foundation

/// Renders a checklist's clause tree as a table, Markdown, or the documented JSON form.
public enum ChecklistRenderer {
    /// The `schema` value of the JSON form; it changes only with an incompatible change.
    public static let jsonSchema = "qmsaudit-checklist/1"

    /// Renders `checklist` in `format`.
    ///
    /// - Parameters:
    ///   - checklist: the checklist, possibly cut down to one clause.
    ///   - scope: the clause the checklist was cut down to, if any, for the heading.
    ///   - format: the output format; `csv` gives the JSON form, since a tree has no CSV shape.
    /// - Returns: the rendered text, ending with a newline.
    public static func render(
        _ checklist: Checklist, scope: ClauseNumber? = nil, format: OutputFormat
    ) -> String {
        switch format {
        case .table: return table(checklist, scope: scope)
        case .md: return markdown(checklist, scope: scope)
        case .json, .csv: return json(checklist, scope: scope)
        }
    }

    private static func summaryLine(_ checklist: Checklist, scope: ClauseNumber?) -> String {
        let items = checklist.items.count
        let what = scope.map { "clause \($0)" } ?? "all clauses"
        var parts = [checklist.edition, "revision \(checklist.revision)"]
        if let base = checklist.base { parts.append("extends \(base)") }
        let clauses = checklist.clauses.count
        parts.append("\(what): \(clauses.counted("clause")), \(items.counted("item"))")
        return parts.joined(separator: " · ")
    }

    // MARK: - Table

    static func table(_ checklist: Checklist, scope: ClauseNumber?) -> String {
        var lines = ["\(checklist.id)  \(checklist.title)", summaryLine(checklist, scope: scope)]
        let baseDepth = checklist.clauses.first?.number.depth ?? 1
        for clause in checklist.clauses {
            let indent = String(repeating: "  ", count: clause.number.depth - baseDepth)
            lines.append("")
            var heading = "\(indent)\(clause.number)  \(clause.title ?? "")"
            if clause.title == nil { heading += "(untitled) \(clause.label)" }
            lines.append(heading.trailingSpacesRemoved())
            for item in clause.items {
                let pad = indent + "  "
                let idColumn = item.id.padding(toLength: max(item.id.count + 2, 10))
                let hang = pad + String(repeating: " ", count: idColumn.count)
                lines += PlainText.wrap(item.question, first: pad + idColumn, rest: hang)
                lines += PlainText.wrap(attributes(item), first: hang, rest: hang + "  ")
                if !item.evidence.kinds.isEmpty || !item.evidence.tags.isEmpty {
                    lines += PlainText.wrap(
                        "evidence: " + evidenceText(item.evidence), first: hang,
                        rest: hang + "  ")
                }
                for info in item.documentedInformation {
                    lines += PlainText.wrap(
                        "\(info.kind.rawValue): \(info.what)"
                            + (info.condition.map { " (only \($0))" } ?? ""),
                        first: hang, rest: hang + "  ")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func attributes(_ item: ChecklistItem) -> String {
        let stage = item.stage == .both ? "stages 1 and 2" : "stage \(item.stage.rawValue)"
        return "\(stage) · weight \(item.weight.compactDescription) · "
            + (item.naAllowed ? "N/A allowed" : "N/A not allowed")
            + (item.conditionMayNotArise ? " · may be 'not-arisen'" : "")
            + (item.practice ? " · good practice, not a requirement" : "")
    }

    private static func evidenceText(_ evidence: ChecklistItem.ExpectedEvidence) -> String {
        let kinds = evidence.kinds.map(\.rawValue).joined(separator: ", ")
        let tags = evidence.tags.joined(separator: ", ")
        switch (kinds.isEmpty, tags.isEmpty) {
        case (false, false): return "\(kinds) — \(tags)"
        case (false, true): return kinds
        default: return tags
        }
    }

    // MARK: - Markdown

    static func markdown(_ checklist: Checklist, scope: ClauseNumber?) -> String {
        var lines = [
            "# \(Markdown.escape(checklist.title)) (`\(checklist.id)`)", "",
            Markdown.escape(summaryLine(checklist, scope: scope)),
        ]
        let baseDepth = checklist.clauses.first?.number.depth ?? 1
        for clause in checklist.clauses {
            let level = String(repeating: "#", count: min(6, clause.number.depth - baseDepth + 2))
            let title = clause.title.map(Markdown.escape) ?? "*(untitled)*"
            var heading = "\(level) \(clause.number) \(title)"
            if clause.title == nil { heading += " — \(Markdown.escape(clause.label))" }
            lines += ["", heading]
            if !clause.items.isEmpty { lines.append("") }
            for item in clause.items {
                lines.append("- **\(Markdown.escape(item.id))** \(Markdown.escape(item.question))")
                if !item.guidance.isEmpty {
                    lines.append("  - Guidance: \(Markdown.escape(item.guidance))")
                }
                if !item.evidence.kinds.isEmpty || !item.evidence.tags.isEmpty {
                    lines.append("  - Evidence: \(Markdown.escape(evidenceText(item.evidence)))")
                }
                lines.append("  - \(Markdown.escape(attributes(item)))")
                for info in item.documentedInformation {
                    var text = "\(info.kind.rawValue): \(info.what)"
                    if let condition = info.condition { text += " (only \(condition))" }
                    lines.append("  - Documented information, \(Markdown.escape(text))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    /// The JSON form, schema `qmsaudit-checklist/1`: the clause tree nested, items in order.
    static func json(_ checklist: Checklist, scope: ClauseNumber?) -> String {
        let numbers = Set(checklist.clauses.map(\.number))
        let roots = checklist.clauses.filter { clause in
            clause.number.parent.map { !numbers.contains($0) } ?? true
        }
        let points: [(String, JSONValue)] = Verdict.scored.compactMap { verdict in
            checklist.policy.points(for: verdict).map { (verdict.rawValue, .number($0)) }
        }
        let gates = ReadinessGate.allCases.filter { checklist.policy.gates.contains($0) }
        // Only the checklist's own words: the standard ones are the same for every checklist.
        let vocabulary: [(String, JSONValue)] = Verdict.allCases.compactMap { verdict in
            let words = checklist.policy.words.filter { $0.value == verdict }.map(\.key).sorted()
            return words.isEmpty ? nil : (verdict.rawValue, .strings(words))
        }
        let document: JSONValue = .object([
            ("schema", .string(jsonSchema)),
            ("id", .string(checklist.id)),
            ("title", .string(checklist.title)),
            ("standard", .string(checklist.standard)),
            ("edition", .string(checklist.edition)),
            ("revision", .string(checklist.revision)),
            ("format", .number(Double(checklist.formatVersion))),
            ("lineage", .strings(checklist.lineage)),
            ("scope", .optional(scope?.description)),
            (
                "policy",
                .object([
                    ("points", .object(points)), ("gates", .strings(gates.map(\.rawValue))),
                    ("findings", findingsJSON(checklist.policy.findings)),
                    ("vocabulary", .object(vocabulary)),
                ])
            ),
            ("clauses", .array(roots.map { jsonClause($0, in: checklist) })),
        ])
        return document.rendered()
    }

    private static func findingsJSON(_ policy: FindingPolicy) -> JSONValue {
        .object([
            ("escalate_minors", .number(Double(policy.escalateMinors))),
            ("min_effectiveness_days", .number(Double(policy.minEffectivenessDays))),
            (
                "grades",
                .array(
                    policy.grades.map { grade in
                        .object([
                            ("id", .string(grade.id)), ("title", .string(grade.title)),
                            ("class", .string(grade.findingClass.rawValue)),
                            ("prefix", .string(grade.prefix)),
                            ("days", .number(Double(grade.days))),
                        ])
                    })
            ),
        ])
    }

    private static func jsonClause(_ clause: Clause, in checklist: Checklist) -> JSONValue {
        .object([
            ("number", .string(clause.number.description)),
            ("title", .optional(clause.title)),
            ("label", .string(clause.label)),
            (
                "synonyms",
                .object(
                    clause.synonyms.sorted { $0.key < $1.key }.map { ($0.key, .strings($0.value)) })
            ),
            ("items", .array(clause.items.map(jsonItem))),
            (
                "clauses",
                .array(checklist.children(of: clause.number).map { jsonClause($0, in: checklist) })
            ),
        ])
    }

    private static func jsonItem(_ item: ChecklistItem) -> JSONValue {
        .object([
            ("id", .string(item.id)),
            ("clause", .string(item.clause.description)),
            ("question", .string(item.question)),
            ("guidance", .string(item.guidance)),
            (
                "evidence",
                .object([
                    ("kinds", .strings(item.evidence.kinds.map(\.rawValue))),
                    ("tags", .strings(item.evidence.tags)),
                ])
            ),
            ("weight", .number(item.weight)),
            ("stage", .string(item.stage.rawValue)),
            ("na_allowed", .bool(item.naAllowed)),
            ("condition", .optional(item.condition)),
            ("practice", .bool(item.practice)),
            (
                "documented_information",
                .array(
                    item.documentedInformation.map { info in
                        .object([
                            ("kind", .string(info.kind.rawValue)),
                            ("what", .string(info.what)),
                            ("condition", .optional(info.condition)),
                        ])
                    })
            ),
        ])
    }
}
