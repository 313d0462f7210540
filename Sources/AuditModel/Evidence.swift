/// A reference to a piece of evidence, as an importer found it: not a copy of the document.
///
/// The natural key identifies the same evidence across imports of the same source (a document
/// number, a path), so a re-import updates a record instead of duplicating it.
public struct EvidenceDraft: Hashable, Sendable {
    /// Stable within the source: document number, relative path, or record id.
    public var naturalKey: String
    /// Document, record, interview or observation.
    public var kind: EvidenceKind
    /// The title.
    public var title: String
    /// The organisation's document number (`QP-7.5-01`), if any.
    public var documentNumber: String
    /// The revision or version, if any.
    public var revision: String
    /// Where the evidence is: a path or a URL.
    public var location: String
    /// SHA-256 of the file's content, when the importer hashed it.
    public var sha256: String
    /// The file's size in bytes, when known.
    public var size: Int?
    /// The file's modification time (ISO 8601), when known.
    public var modified: String
    /// The date the document took effect or the record was made (YYYY-MM-DD).
    public var effectiveDate: String
    /// The date the document is due for review (YYYY-MM-DD); past it, the evidence is stale.
    public var reviewDate: String
    /// Who owns it.
    public var owner: String
    /// The clauses it is evidence for.
    public var clauses: [ClauseNumber]
    /// Free tags.
    public var tags: [String]
    /// A status as the source states it (`approved`, `draft`, `obsolete`), if any.
    public var status: String

    /// Creates a draft; every field but the key and title may be left empty.
    public init(
        naturalKey: String, kind: EvidenceKind = .document, title: String,
        documentNumber: String = "", revision: String = "", location: String = "",
        sha256: String = "", size: Int? = nil, modified: String = "", effectiveDate: String = "",
        reviewDate: String = "", owner: String = "", clauses: [ClauseNumber] = [],
        tags: [String] = [], status: String = ""
    ) {
        self.naturalKey = naturalKey
        self.kind = kind
        self.title = title
        self.documentNumber = documentNumber
        self.revision = revision
        self.location = location
        self.sha256 = sha256
        self.size = size
        self.modified = modified
        self.effectiveDate = effectiveDate
        self.reviewDate = reviewDate
        self.owner = owner
        self.clauses = clauses
        self.tags = tags
        self.status = status
    }
}

/// A piece of evidence recorded in an audit file.
public struct Evidence: Hashable, Sendable {
    /// The id people type: `EV-0001`.
    public var id: String
    /// The importer and source it came from, such as `csv:registers/documents.csv`.
    public var source: String
    /// What the importer found.
    public var draft: EvidenceDraft
    /// When it was first imported.
    public var importedAt: String
    /// When an import last changed it.
    public var updatedAt: String
    /// Whether the last import of its source no longer contained it.
    public var removedFromSource: Bool

    /// Creates a recorded piece of evidence.
    public init(
        id: String, source: String, draft: EvidenceDraft, importedAt: String, updatedAt: String,
        removedFromSource: Bool = false
    ) {
        self.id = id
        self.source = source
        self.draft = draft
        self.importedAt = importedAt
        self.updatedAt = updatedAt
        self.removedFromSource = removedFromSource
    }

    /// Whether the review date has passed on `today` (YYYY-MM-DD).
    public func isStale(on today: String) -> Bool {
        !draft.reviewDate.isEmpty && draft.reviewDate < today
    }
}

/// What an import changed, or would change with `--dry-run`.
public struct ImportReport: Hashable, Sendable {
    /// Natural keys new to the audit.
    public var added: [String] = []
    /// Natural keys whose record changed.
    public var changed: [String] = []
    /// Natural keys imported again with nothing changed.
    public var unchanged: [String] = []
    /// Natural keys the source no longer contains.
    public var removed: [String] = []

    /// Creates an empty report.
    public init() {}

    /// `12 added, 3 changed, 40 unchanged, 1 removed`.
    public var summary: String {
        "\(added.count) added, \(changed.count) changed, \(unchanged.count) unchanged,"
            + " \(removed.count) removed"
    }
}
