/// The whole-audit JSON format, `qmsaudit-audit/1`: which tables it holds, under which
/// names, and how each column is written.
///
/// One description serves the export and the rebuild, so the two cannot drift apart; the
/// JSON Schema (`schemas/qmsaudit-audit-1.schema.json`) documents the same names.
enum AuditJSONFormat {
    /// The value of the document's first member, `schema`.
    static let schema = "qmsaudit-audit/1"

    /// How a column's value is written.
    enum Kind {
        /// A string.
        case text
        /// A string or `null` (SQL NULL).
        case optionalText
        /// A whole number.
        case integer
        /// A whole number or `null`.
        case optionalInteger
        /// `true` or `false` (stored 1 or 0).
        case bool
        /// `true`, `false` or `null`.
        case optionalBool
        /// JSON stored as text, embedded as written; `null` for an empty text.
        case json
        /// JSON stored as text, embedded as written; `null` for SQL NULL.
        case optionalJSON
    }

    /// A column and its member name.
    struct Column {
        var name: String
        var column: String
        var kind: Kind
    }

    /// A table written as an array of objects, one a line.
    struct Table {
        /// The document's member that holds the rows.
        var member: String
        var table: String
        var columns: [Column]
        /// The order rows are written in: the primary key, so the export is deterministic.
        var order: String

        var selectSQL: String {
            "SELECT " + columns.map(\.column).joined(separator: ", ") + " FROM \(table) ORDER BY "
                + order
        }

        var insertSQL: String {
            "INSERT INTO \(table) (" + columns.map(\.column).joined(separator: ", ")
                + ") VALUES (" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        }
    }

    private static func columns(_ list: [(String, String, Kind)]) -> [Column] {
        list.map { Column(name: $0.0, column: $0.1, kind: $0.2) }
    }

    /// The audit's one metadata row, written as the object `audit`.
    static let audit = Table(
        member: "audit", table: "audit",
        columns: columns([
            ("id", "uuid", .text), ("organisation", "organisation", .text),
            ("scope", "scope", .text), ("sites", "sites", .json), ("type", "audit_type", .text),
            ("auditors", "auditors", .json), ("created_at", "created_at", .text),
            ("tool_version", "tool_version", .text), ("checklist", "checklist_id", .text),
            ("checklist_revision", "checklist_revision", .text),
            ("checklist_sha256", "checklist_sha256", .text),
        ]), order: "id")

    /// The tables written as arrays, in the order they are written.
    static let tables: [Table] = [
        Table(
            member: "records", table: "audit_record",
            columns: columns([("name", "name", .text), ("value", "json", .json)]),
            order: "name"),
        Table(
            member: "responses", table: "response",
            columns: columns([
                ("item", "item_id", .text), ("verdict", "verdict", .text), ("note", "note", .text),
                ("justification", "justification", .text), ("sample", "sample", .text),
                ("answered_at", "answered_at", .text), ("answered_by", "answered_by", .text),
            ]), order: "item_id"),
        Table(
            member: "findings", table: "finding",
            columns: columns([
                ("id", "id", .text), ("prefix", "prefix", .text), ("number", "number", .integer),
                ("grade", "grade", .text), ("class", "class", .text),
                ("item", "item_id", .optionalText), ("clause", "clause", .text),
                ("requirement", "requirement", .text), ("evidence", "evidence", .text),
                ("evidence_ids", "evidence_ids", .json), ("statement", "statement", .text),
                ("origin", "origin", .text), ("raised_at", "raised_at", .text),
                ("raised_by", "raised_by", .text), ("withdrawn_at", "withdrawn_at", .optionalText),
                ("withdrawn_by", "withdrawn_by", .optionalText),
                ("withdrawn_reason", "withdrawn_reason", .optionalText),
                ("reference", "reference", .text),
            ]), order: "prefix, number, id"),
        Table(
            member: "corrective_actions", table: "corrective_action",
            columns: columns([
                ("finding", "finding_id", .text), ("state", "state", .text),
                ("owner", "owner", .text), ("due", "due", .text),
                ("correction", "correction", .text),
                ("correction_date", "correction_date", .optionalText), ("extent", "extent", .text),
                ("cause_method", "cause_method", .optionalText), ("cause", "cause", .text),
                ("closed_at", "closed_at", .text), ("closed_by", "closed_by", .text),
                ("closure", "closure", .text),
                ("plan_accepted_by", "plan_accepted_by", .optionalText),
                ("plan_accepted_on", "plan_accepted_on", .optionalText),
                ("plan_acceptance_note", "plan_acceptance_note", .optionalText),
                ("risks_updated", "risks_updated", .optionalBool),
                ("risks_note", "risks_note", .text), ("qms_changed", "qms_changed", .optionalBool),
                ("qms_note", "qms_note", .text), ("source", "source", .text),
            ]), order: "finding_id"),
        Table(
            member: "action_steps", table: "action_step",
            columns: columns([
                ("finding", "finding_id", .text), ("number", "number", .integer),
                ("what", "what", .text), ("owner", "owner", .text), ("due", "due", .optionalText),
                ("done", "done", .optionalText), ("evidence", "evidence", .text),
            ]), order: "finding_id, number"),
        Table(
            member: "action_verifications", table: "action_verification",
            columns: columns([
                ("finding", "finding_id", .text), ("seq", "seq", .integer),
                ("method", "method", .text), ("result", "result", .text),
                ("verifier", "verifier", .text), ("date", "date", .text), ("note", "note", .text),
            ]), order: "finding_id, seq"),
        Table(
            member: "evidence_sources", table: "evidence_source",
            columns: columns([
                ("id", "id", .integer), ("name", "name", .text),
                ("derivation", "derivation", .text), ("place", "place", .text),
                ("root", "root", .text),
            ]), order: "id"),
        Table(
            member: "evidence_imports", table: "evidence_import",
            columns: columns([
                ("id", "id", .integer), ("source", "source_id", .integer), ("at", "at", .text),
                ("actor", "actor", .text),
            ]), order: "id"),
        Table(
            member: "evidence", table: "evidence",
            columns: columns([
                ("number", "number", .integer), ("source", "source_id", .integer),
                ("key", "natural_key", .text), ("kind", "kind", .text), ("title", "title", .text),
                ("document_number", "document_number", .text), ("revision", "revision", .text),
                ("location", "location", .text), ("sha256", "sha256", .text),
                ("size", "size", .optionalInteger), ("modified", "modified", .text),
                ("effective_date", "effective_date", .text),
                ("review_date", "review_date", .text), ("owner", "owner", .text),
                ("clauses", "clauses", .json), ("tags", "tags", .json),
                ("status", "status", .text), ("description", "description", .text),
                ("attributes", "attributes", .json), ("clause_basis", "clause_basis", .json),
                ("review", "review", .optionalJSON), ("imported_in", "imported_in", .integer),
                ("updated_in", "updated_in", .integer),
                ("removed_from_source", "removed_from_source", .bool),
            ]), order: "number"),
        Table(
            member: "links", table: "item_evidence",
            columns: columns([
                ("item", "item_id", .text), ("evidence", "evidence_number", .integer),
                ("linked_at", "linked_at", .text), ("linked_by", "linked_by", .text),
            ]), order: "item_id, evidence_number"),
        Table(
            member: "journal", table: "journal",
            columns: columns([
                ("seq", "seq", .integer), ("at", "at", .text), ("actor", "actor", .text),
                ("command", "command", .text), ("entity", "entity", .text),
                ("action", "action", .text), ("before", "before", .optionalText),
                ("after", "after", .optionalText), ("prev_sha256", "prev_sha256", .text),
                ("sha256", "sha256", .text),
            ]), order: "seq"),
    ]
}
