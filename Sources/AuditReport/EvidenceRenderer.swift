public import AuditModel

/// Renders evidence records (`qmsaudit evidence list|show`).
public enum EvidenceRenderer {
    /// The state of a record on `today`: `removed`, `stale` or `current`.
    public static func state(_ evidence: Evidence, today: String) -> String {
        if evidence.removedFromSource { return "removed" }
        return evidence.isStale(on: today) ? "stale" : "current"
    }

    /// Renders the list as a table, JSON or CSV.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func render(_ records: [Evidence], today: String, format: OutputFormat) -> String
    {
        switch format {
        case .json:
            return JSONValue.array(records.map { json($0, today: today) }).rendered()
        case .csv:
            return CSVOutput.render(
                header: csvHeader, rows: records.map { csvRow($0, today: today) })
        case .table, .md:
            if records.isEmpty { return "no evidence\n" }
            return TextTable(
                header: tableHeader, rows: records.map { tableRow($0, today: today) }
            ).render()
        }
    }

    /// Renders the list a record at a time, as `render` does, handing the text to `emit` in
    /// pieces: `records` is called once for CSV and JSON and twice for a table (the first pass
    /// measures the columns), each time handing every record to its argument.
    public static func stream(
        format: OutputFormat, today: String,
        records: ((Evidence) throws -> Void) throws -> Void, emit: @escaping (String) -> Void
    ) rethrows {
        var buffer = ""
        func flush(_ force: Bool = false) {
            if force || buffer.utf8.count >= 1 << 16 {
                if !buffer.isEmpty { emit(buffer) }
                buffer = ""
            }
        }
        switch format {
        case .json:
            var count = 0
            try records { record in
                buffer += count == 0 ? "[\n  " : ",\n  "
                buffer += json(record, today: today).rendered(depth: 1)
                count += 1
                flush()
            }
            buffer += count == 0 ? "[]\n" : "\n]\n"
        case .csv:
            buffer = CSVOutput.render(header: csvHeader, rows: [])
            try records { record in
                buffer += csvRow(record, today: today).map(CSVOutput.cell).joined(separator: ",")
                buffer += "\r\n"
                flush()
            }
        case .table, .md:
            // The table's columns fit their widest cell: one pass measures, one writes.
            let header = tableHeader
            var widths = header.map { TextTable.shown($0).visibleCount }
            var count = 0
            try records { record in
                for (index, cell) in tableRow(record, today: today).enumerated() {
                    widths[index] = max(widths[index], TextTable.shown(cell).visibleCount)
                }
                count += 1
            }
            if count == 0 {
                emit("no evidence\n")
                return
            }
            let layout = TextTable(header: header).layout(widths: widths)
            buffer = layout.line(header)
            try records { record in
                buffer += layout.line(tableRow(record, today: today))
                flush()
            }
        }
        flush(true)
    }

    static let csvHeader = [
        "id", "kind", "number", "title", "revision", "clauses", "effective_date", "review_date",
        "owner", "location", "sha256", "state", "source", "description", "attributes",
    ]

    static func csvRow(_ record: Evidence, today: String) -> [String] {
        let draft = record.draft
        return [
            record.id, draft.kind.rawValue, draft.documentNumber, draft.title, draft.revision,
            draft.clauses.map(\.description).joined(separator: " "), draft.effectiveDate,
            draft.reviewDate, draft.owner, draft.location, draft.sha256,
            state(record, today: today), record.source, draft.description,
            EvidenceAttribute.json(draft.attributes),
        ]
    }

    static let tableHeader = ["ID", "KIND", "NUMBER", "TITLE", "REV", "CLAUSES", "STATE"]

    static func tableRow(_ record: Evidence, today: String) -> [String] {
        [
            record.id, record.draft.kind.rawValue, record.draft.documentNumber,
            String(record.draft.title.prefix(48)), record.draft.revision,
            record.draft.clauses.map(\.description).joined(separator: " "),
            state(record, today: today),
        ]
    }

    static func json(_ record: Evidence, today: String) -> JSONValue {
        let draft = record.draft
        return .object([
            ("id", .string(record.id)), ("source", .string(record.source)),
            ("key", .string(draft.naturalKey)), ("kind", .string(draft.kind.rawValue)),
            ("title", .string(draft.title)), ("number", .string(draft.documentNumber)),
            ("revision", .string(draft.revision)), ("location", .string(draft.location)),
            ("sha256", .string(draft.sha256)),
            ("size", draft.size.map { .number(Double($0)) } ?? .null),
            ("modified", .string(draft.modified)), ("effective_date", .string(draft.effectiveDate)),
            ("review_date", .string(draft.reviewDate)), ("owner", .string(draft.owner)),
            ("clauses", .strings(draft.clauses.map(\.description))), ("tags", .strings(draft.tags)),
            ("status", .string(draft.status)), ("state", .string(state(record, today: today))),
            ("description", .string(draft.description)),
            ("attributes", .object(draft.attributes.map { ($0.name, .string($0.value)) })),
            ("imported_at", .string(record.importedAt)), ("updated_at", .string(record.updatedAt)),
            (
                "clause_basis",
                .object(clauseReasons(record).map { ($0.clause.description, .string($0.reason)) })
            ),
            (
                "review",
                record.review.map { review in
                    .object([
                        ("decision", .string(review.decision.rawValue)),
                        ("clauses", .strings(review.clauses.map(\.description))),
                        ("by", .string(review.actor)), ("at", .string(review.time)),
                    ])
                } ?? .null
            ),
        ])
    }

    /// The first records an import would record (`import … --dry-run --show N`): the fields
    /// that matter for checking a mapping, one record a line.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func preview(_ drafts: [EvidenceDraft]) -> String {
        if drafts.isEmpty { return "no records to show\n" }
        let rows = drafts.map { draft -> [String] in
            let how = draft.clauseBasis.entries.map(\.reason)
            return [
                draft.line > 0 ? String(draft.line) : "", draft.documentNumber,
                String(draft.title.prefix(40)), draft.kind.rawValue, draft.revision,
                draft.clauses.map(\.description).joined(separator: " "),
                how.isEmpty ? (draft.clauses.isEmpty ? "" : "stated by the source") : how[0],
                draft.effectiveDate, draft.owner,
                draft.attributes.first { $0.name == EvidenceAttribute.otherReferences }?.value
                    ?? "",
            ]
        }
        let header = [
            "LINE", "NUMBER", "TITLE", "KIND", "REV", "CLAUSES", "HOW", "DATE", "OWNER",
            "OTHER REFS",
        ]
        // Columns no record fills are left out.
        let kept = header.indices.filter { column in rows.contains { !$0[column].isEmpty } }
        return TextTable(
            header: kept.map { header[$0] }, rows: rows.map { row in kept.map { row[$0] } }
        ).render()
    }

    /// The clause map (`qmsaudit evidence map`): each record with its clauses and how they
    /// were found; as CSV, the file `evidence map --apply` takes back, with an empty
    /// `decision` column to fill in.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func map(_ records: [Evidence], format: OutputFormat) -> String {
        func clauses(_ record: Evidence) -> String {
            record.draft.clauses.map(\.description).joined(separator: " ")
        }
        switch format {
        case .csv:
            return CSVOutput.render(
                header: ["id", "number", "title", "location", "clauses", "how", "decision"],
                rows: records.map {
                    [
                        $0.id, $0.draft.documentNumber, $0.draft.title, $0.draft.location,
                        clauses($0), clauseReasonSummary($0), "",
                    ]
                })
        case .json:
            return JSONValue.object([
                ("schema", .string("qmsaudit-evidence-map/1")),
                (
                    "records",
                    .array(
                        records.map { record in
                            .object([
                                ("id", .string(record.id)),
                                ("number", .string(record.draft.documentNumber)),
                                ("title", .string(record.draft.title)),
                                ("location", .string(record.draft.location)),
                                (
                                    "clauses",
                                    .array(
                                        clauseReasons(record).map {
                                            .object([
                                                ("clause", .string($0.clause.description)),
                                                ("how", .string($0.reason)),
                                            ])
                                        })
                                ),
                                (
                                    "review",
                                    .string(record.review?.decision.rawValue ?? "")
                                ),
                            ])
                        })
                ),
            ]).rendered() + "\n"
        case .table, .md:
            if records.isEmpty { return "no evidence to map\n" }
            let header = ["ID", "TITLE", "CLAUSES", "HOW"]
            let rows = records.map {
                [$0.id, String($0.draft.title.prefix(40)), clauses($0), clauseReasonSummary($0)]
            }
            let mapped = records.filter { !$0.draft.clauses.isEmpty }.count
            let footer =
                "\(mapped) of \(records.count.counted("record")) with a clause; review with"
                + " 'qmsaudit evidence map --format csv > map.csv', then '--apply map.csv'\n"
            if format == .md {
                return Markdown.table(header: header, rows: rows) + "\n" + footer
            }
            return TextTable(header: header, rows: rows).render() + footer
        }
    }

    /// How each of the record's clauses was found: the auditor's review, the importer's
    /// inference, or the source stating it.
    public static func clauseReasons(_ record: Evidence) -> [(clause: ClauseNumber, reason: String)]
    {
        let basis = record.draft.clauseBasis
        if let review = record.review {
            return review.clauses.map { ($0, review.summary) }
        }
        return record.draft.clauses.map { ($0, basis.reason(for: $0) ?? "stated by the source") }
    }

    /// `clauseReasons` in a few words for a table cell: the one reason they share, or
    /// `several`.
    public static func clauseReasonSummary(_ record: Evidence) -> String {
        if let review = record.review { return review.summary }
        let reasons = clauseReasons(record).map(\.reason)
        guard let first = reasons.first else {
            let cited = record.draft.attributes.first {
                $0.name == EvidenceAttribute.otherReferences
            }
            return cited.map { "cites \($0.value), not this checklist" } ?? ""
        }
        return reasons.allSatisfy { $0 == first } ? first : reasons.joined(separator: "; ")
    }

    /// One line of `evidence verify`.
    public struct VerifyRow: Sendable {
        /// The evidence id.
        public var id: String
        /// unchanged, changed, missing or not checked.
        public var state: String
        /// The file checked.
        public var location: String
        /// The SHA-256 recorded at import.
        public var recorded: String
        /// The SHA-256 found now.
        public var current: String

        /// Creates a row.
        public init(id: String, state: String, location: String, recorded: String, current: String)
        {
            self.id = id
            self.state = state
            self.location = location
            self.recorded = recorded
            self.current = current
        }
    }

    /// Renders the outcome of `evidence verify`.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func render(_ rows: [VerifyRow], format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.array(
                rows.map {
                    .object([
                        ("id", .string($0.id)), ("state", .string($0.state)),
                        ("location", .string($0.location)),
                        ("recorded_sha256", .string($0.recorded)),
                        ("current_sha256", .string($0.current)),
                    ])
                }
            ).rendered()
        case .csv:
            return CSVOutput.render(
                header: ["id", "state", "location", "recorded_sha256", "current_sha256"],
                rows: rows.map { [$0.id, $0.state, $0.location, $0.recorded, $0.current] })
        case .table, .md:
            return TextTable(
                header: ["ID", "STATE", "LOCATION"],
                rows: rows.map { [$0.id, $0.state, $0.location] }
            ).render()
        }
    }

    /// One record with the items it is linked to as JSON (`evidence show --format json`),
    /// schema `qmsaudit-evidence/1`.
    public static func detailJSON(_ record: Evidence, linkedItems: [String], today: String)
        -> String
    {
        guard case .object(let members) = json(record, today: today) else { return "" }
        return JSONValue.object(
            [("schema", .string("qmsaudit-evidence/1"))] + members
                + [("linked_items", .strings(linkedItems))]
        ).rendered()
    }

    /// One record in full, with the items it is linked to.
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func detail(_ record: Evidence, linkedItems: [String], today: String) -> String {
        let draft = record.draft
        let rows: [(String, String)] = [
            ("id", record.id), ("title", draft.title), ("kind", draft.kind.rawValue),
            ("number", draft.documentNumber), ("revision", draft.revision),
            ("clauses", draft.clauses.map(\.description).joined(separator: ", ")),
            ("location", draft.location), ("sha256", draft.sha256),
            ("size", draft.size.map(String.init) ?? ""), ("modified", draft.modified),
            ("effective", draft.effectiveDate), ("review", draft.reviewDate),
            ("owner", draft.owner), ("status", draft.status),
            ("tags", draft.tags.joined(separator: ", ")),
            ("state", state(record, today: today)), ("source", record.source),
            ("file", record.filePath.flatMap { $0 == draft.location ? nil : $0 } ?? ""),
            ("imported", record.importedAt), ("updated", record.updatedAt),
            ("linked to", linkedItems.joined(separator: ", ")),
            ("about", draft.description),
        ]
        var text =
            rows.filter { !$0.1.isEmpty }.map { "\($0.0.padding(toLength: 10))\($0.1)" }
            .joined(separator: "\n") + "\n"
        let reasons = clauseReasons(record)
        if !reasons.isEmpty || record.review != nil {
            text += "\nhow the clauses were found:\n"
            for (clause, reason) in reasons {
                text += "  " + clause.description.padding(toLength: 10) + reason + "\n"
            }
            if let review = record.review {
                if review.clauses.isEmpty { text += "  none: " + review.summary + "\n" }
                let imported = draft.clauseBasis.entries
                if !imported.isEmpty {
                    text +=
                        "  (the import found: "
                        + imported.map { "\($0.clause) by \($0.reason)" }.joined(separator: "; ")
                        + ")\n"
                }
            }
        }
        if !draft.attributes.isEmpty {
            text += "\nfrom the source's other columns:\n"
            let width = min(24, (draft.attributes.map(\.name.count).max() ?? 0) + 2)
            for attribute in draft.attributes {
                text += "  " + attribute.name.padding(toLength: width) + attribute.value + "\n"
            }
        }
        return text
    }

    /// Renders the evidence sources (`qmsaudit evidence sources`).
    ///
    /// - Returns: the rendered text, ending with a newline.
    public static func render(_ sources: [EvidenceSource], format: OutputFormat) -> String {
        func cells(_ source: EvidenceSource) -> [String] {
            [
                source.name, source.importer, source.root, String(source.records),
                String(source.removed), String(source.imports), source.lastImportedAt,
                source.lastImportedBy,
            ]
        }
        let header = [
            "source", "importer", "root", "records", "removed", "imports", "last_import",
            "last_import_by",
        ]
        switch format {
        case .json:
            return JSONValue.array(
                sources.map { source in
                    .object(
                        zip(header, cells(source)).enumerated().map { index, pair in
                            (3...5).contains(index)
                                ? (pair.0, .number(Double(pair.1) ?? 0)) : (pair.0, .string(pair.1))
                        })
                }
            ).rendered()
        case .csv:
            return CSVOutput.render(header: header, rows: sources.map(cells))
        case .table, .md:
            if sources.isEmpty { return "no evidence sources: nothing was imported yet\n" }
            return TextTable(
                header: ["SOURCE", "ROOT", "RECORDS", "REMOVED", "LAST IMPORT"],
                rows: sources.map {
                    [
                        $0.name, $0.root.isEmpty ? "-" : $0.root, String($0.records),
                        String($0.removed), String($0.lastImportedAt.prefix(10)),
                    ]
                }
            ).render()
        }
    }
}
