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
    /// - Throws: `EncodingError` if JSON encoding fails, which it does not for these values.
    public static func render(
        _ checklist: Checklist, scope: ClauseNumber? = nil, format: OutputFormat
    ) throws -> String {
        switch format {
        case .table: return table(checklist, scope: scope)
        case .md: return markdown(checklist, scope: scope)
        case .json, .csv: return try json(checklist, scope: scope)
        }
    }

    private static func summaryLine(_ checklist: Checklist, scope: ClauseNumber?) -> String {
        let items = checklist.items.count
        let what = scope.map { "clause \($0)" } ?? "all clauses"
        var parts = [checklist.edition, "revision \(checklist.revision)"]
        if let base = checklist.base { parts.append("extends \(base)") }
        let clauses = checklist.clauses.count
        parts.append("\(what): \(clauses) \(clauses == 1 ? "clause" : "clauses"), \(items) items")
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
        for clause in checklist.clauses {
            let level = String(repeating: "#", count: min(6, clause.number.depth + 1))
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

    struct JSONChecklist: Encodable {
        var schema: String
        var id: String
        var title: String
        var standard: String
        var edition: String
        var revision: String
        var format: Int
        var lineage: [String]
        var scope: String?
        var policy: JSONPolicy
        var clauses: [JSONClause]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schema, forKey: .schema)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(standard, forKey: .standard)
            try container.encode(edition, forKey: .edition)
            try container.encode(revision, forKey: .revision)
            try container.encode(format, forKey: .format)
            try container.encode(lineage, forKey: .lineage)
            try container.encode(scope, forKey: .scope)  // null when the whole tree is shown
            try container.encode(policy, forKey: .policy)
            try container.encode(clauses, forKey: .clauses)
        }

        enum CodingKeys: String, CodingKey {
            case schema, id, title, standard, edition, revision, format, lineage, scope, policy
            case clauses
        }
    }

    struct JSONPolicy: Encodable {
        var points: [String: Double]
        var gates: [String]
    }

    struct JSONClause: Encodable {
        var number: String
        var title: String?
        var label: String
        var items: [JSONItem]
        var clauses: [JSONClause]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(title, forKey: .title)  // null for untitled paragraphs
            try container.encode(label, forKey: .label)
            try container.encode(items, forKey: .items)
            try container.encode(clauses, forKey: .clauses)
        }

        enum CodingKeys: String, CodingKey { case number, title, label, items, clauses }
    }

    struct JSONItem: Encodable {
        var id: String
        var clause: String
        var question: String
        var guidance: String
        var evidence: JSONEvidence
        var weight: Double
        var stage: String
        var naAllowed: Bool
        var documentedInformation: [JSONDocumentedInformation]

        enum CodingKeys: String, CodingKey {
            case id, clause, question, guidance, evidence, weight, stage
            case naAllowed = "na_allowed"
            case documentedInformation = "documented_information"
        }
    }

    struct JSONEvidence: Encodable {
        var kinds: [String]
        var tags: [String]
    }

    struct JSONDocumentedInformation: Encodable {
        var kind: String
        var what: String
        var condition: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(what, forKey: .what)
            try container.encode(condition, forKey: .condition)
        }

        enum CodingKeys: String, CodingKey { case kind, what, condition }
    }

    static func json(_ checklist: Checklist, scope: ClauseNumber?) throws -> String {
        func node(_ clause: Clause) -> JSONClause {
            JSONClause(
                number: clause.number.description, title: clause.title, label: clause.label,
                items: clause.items.map(item),
                clauses: checklist.clauses.filter { $0.number.parent == clause.number }.map(node))
        }
        func item(_ item: ChecklistItem) -> JSONItem {
            JSONItem(
                id: item.id, clause: item.clause.description, question: item.question,
                guidance: item.guidance,
                evidence: JSONEvidence(
                    kinds: item.evidence.kinds.map(\.rawValue), tags: item.evidence.tags),
                weight: item.weight, stage: item.stage.rawValue, naAllowed: item.naAllowed,
                documentedInformation: item.documentedInformation.map {
                    JSONDocumentedInformation(
                        kind: $0.kind.rawValue, what: $0.what, condition: $0.condition)
                })
        }
        let numbers = Set(checklist.clauses.map(\.number))
        let roots = checklist.clauses.filter { clause in
            clause.number.parent.map { !numbers.contains($0) } ?? true
        }
        let document = JSONChecklist(
            schema: jsonSchema, id: checklist.id, title: checklist.title,
            standard: checklist.standard, edition: checklist.edition, revision: checklist.revision,
            format: checklist.formatVersion, lineage: checklist.lineage,
            scope: scope?.description,
            policy: JSONPolicy(
                points: Dictionary(
                    uniqueKeysWithValues: checklist.policy.points.map { ($0.key.rawValue, $0.value) }),
                gates: checklist.policy.gates.map(\.rawValue).sorted()),
            clauses: roots.map(node))
        return try JSONOutput.encode(document)
    }
}

/// The one way qmsaudit writes JSON: pretty, sorted keys, slashes unescaped, final newline.
public enum JSONOutput {
    /// Encodes `value` as qmsaudit's JSON output.
    ///
    /// - Throws: `EncodingError` when the value cannot be encoded.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
