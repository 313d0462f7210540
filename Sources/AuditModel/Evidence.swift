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
    /// How the importer found the clauses it did not read from a clause column.
    public var clauseBasis: ClauseBasis
    /// Free tags.
    public var tags: [String]
    /// A status as the source states it (`approved`, `draft`, `obsolete`), if any.
    public var status: String
    /// What the source says about it in words: a register's Description, Remarks or Notes.
    public var description: String
    /// Every other column of the source's row, by its header, in the source's order (empty
    /// values left out): nothing a register holds is dropped.
    public var attributes: [EvidenceAttribute]
    /// The line of the source it was read from, for diagnostics.
    ///
    /// 0 when the source has no lines (a folder). Not stored in the audit file.
    public var line: Int
    /// The number of the audit's record this draft is known to leave as it is, without
    /// comparing; 0 (the default) when the record is to be compared field by field.
    ///
    /// Set by an importer for a file that is unchanged since the last import of its source
    /// when nothing else that shapes its record changed either (`ImportResult.derivation`);
    /// the draft's other fields are then not filled in. The number must come from the
    /// audit's `KnownFiles` of the source.
    public var unchangedRecord: Int

    /// Creates a draft; every field but the key and title may be left empty.
    public init(
        naturalKey: String, kind: EvidenceKind = .document, title: String,
        documentNumber: String = "", revision: String = "", location: String = "",
        sha256: String = "", size: Int? = nil, modified: String = "", effectiveDate: String = "",
        reviewDate: String = "", owner: String = "", clauses: [ClauseNumber] = [],
        tags: [String] = [], status: String = "", description: String = "",
        attributes: [EvidenceAttribute] = [], clauseBasis: ClauseBasis = ClauseBasis(),
        line: Int = 0, unchangedRecord: Int = 0
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
        self.description = description
        self.attributes = attributes
        self.clauseBasis = clauseBasis
        self.line = line
        self.unchangedRecord = unchangedRecord
    }
}

/// A piece of evidence recorded in an audit file.
public struct Evidence: Hashable, Sendable {
    /// The id people type: `EV-0001`.
    public var id: String
    /// The importer and source it came from, such as `csv:registers/documents.csv`.
    public var source: String
    /// The folder the source's relative locations are resolved against (a document folder's
    /// real path); empty when not known (locations are then taken as they were written).
    public var sourceRoot: String
    /// What the importer found.
    public var draft: EvidenceDraft
    /// When it was first imported.
    public var importedAt: String
    /// When an import last changed it.
    public var updatedAt: String
    /// Whether the last import of its source no longer contained it.
    public var removedFromSource: Bool
    /// The auditor's decision on its clauses, if any; `draft.clauses` are then the review's.
    public var review: ClauseReview?

    /// Creates a recorded piece of evidence.
    public init(
        id: String, source: String, draft: EvidenceDraft, importedAt: String, updatedAt: String,
        removedFromSource: Bool = false, sourceRoot: String = "", review: ClauseReview? = nil
    ) {
        self.review = review
        self.id = id
        self.source = source
        self.sourceRoot = sourceRoot
        self.draft = draft
        self.importedAt = importedAt
        self.updatedAt = updatedAt
        self.removedFromSource = removedFromSource
    }

    /// The id of evidence number `number`: `EV-0001`.
    public static func id(number: Int) -> String {
        let digits = String(number)
        return "EV-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The number in an id such as `EV-0001` or `ev-1`, or `nil` when it is not one.
    public static func number(id: String) -> Int? {
        guard id.count > 3, id.prefix(3).uppercased() == "EV-",
            let number = Int(id.dropFirst(3)), number > 0
        else { return nil }
        return number
    }

    /// Whether the record points at a file on this machine that was hashed when imported: a
    /// path, not a URL or a Windows share.
    public var hasLocalFile: Bool {
        let path = draft.location
        return !draft.sha256.isEmpty && !path.isEmpty && !path.contains("://")
            && !path.hasPrefix("\\\\") && path.dropFirst().first != ":"
    }

    /// Where the record's file is on this machine, whatever the working folder: its location
    /// resolved against the source's root (an absolute location as it is); `nil` when it has
    /// no local file (`hasLocalFile`).
    public var filePath: String? {
        guard hasLocalFile else { return nil }
        let location = draft.location
        if location.hasPrefix("/") || sourceRoot.isEmpty { return location }
        return sourceRoot.hasSuffix("/") ? sourceRoot + location : sourceRoot + "/" + location
    }

    /// Whether the review date has passed on `today` (YYYY-MM-DD).
    public func isStale(on today: String) -> Bool {
        !draft.reviewDate.isEmpty && draft.reviewDate < today
    }
}

/// What an import changed, or would change with `--dry-run`.
///
/// Counts are exact; the key lists hold the first `listLimit` keys of each kind, so the report
/// of a million-row import stays small.
public struct ImportReport: Hashable, Sendable {
    /// How a record fared.
    public enum Change: Sendable {
        /// New to the audit.
        case added
        /// Its record changed.
        case changed
        /// Imported again with nothing changed.
        case unchanged
        /// The source no longer contains it.
        case removed
    }

    /// How many keys of each kind are listed.
    public static let listLimit = 1000

    /// Natural keys new to the audit (the first `listLimit`).
    public private(set) var added: [String] = []
    /// Natural keys whose record changed (the first `listLimit`).
    public private(set) var changed: [String] = []
    /// Natural keys imported again with nothing changed (the first `listLimit`).
    public private(set) var unchanged: [String] = []
    /// Natural keys the source no longer contains (the first `listLimit`).
    public private(set) var removed: [String] = []
    /// How many records were added.
    public private(set) var addedCount = 0
    /// How many records changed.
    public private(set) var changedCount = 0
    /// How many records were unchanged.
    public private(set) var unchangedCount = 0
    /// How many records were marked removed.
    public private(set) var removedCount = 0
    /// Draft nonconformities opened by minor and major answers the source brought.
    public var findingsOpened: [String] = []
    /// Records left out because an earlier record of the same import had their natural key.
    ///
    /// In source order. The caller decides whether that is an error.
    public private(set) var repeated: [RepeatedKey] = []

    /// Creates an empty report.
    public init() {}

    /// Notes what happened to the record with natural key `key` (made only while the list
    /// is shorter than `listLimit`).
    public mutating func note(_ change: Change, _ key: @autoclosure () -> String) {
        func add(_ list: inout [String], _ count: inout Int) {
            if count < Self.listLimit { list.append(key()) }
            count += 1
        }
        switch change {
        case .added: add(&added, &addedCount)
        case .changed: add(&changed, &changedCount)
        case .unchanged: add(&unchanged, &unchangedCount)
        case .removed: add(&removed, &removedCount)
        }
    }

    /// Repeated keys noted beyond `repeatedLimit`: counted, not kept.
    public private(set) var repeatedBeyond = 0
    /// How many repeated keys are kept with their lines: a source that repeats one key
    /// millions of times must not cost memory for each.
    public static let repeatedLimit = 1_000

    /// Notes a record left out because an earlier record had its natural key.
    public mutating func noteRepeated(_ key: RepeatedKey) {
        if repeated.count < Self.repeatedLimit {
            repeated.append(key)
        } else {
            repeatedBeyond += 1
        }
    }

    /// `12 added, 3 changed, 40 unchanged, 1 removed`.
    public var summary: String {
        "\(addedCount) added, \(changedCount) changed, \(unchangedCount) unchanged,"
            + " \(removedCount) removed"
    }
}

/// A natural key met a second time in one import.
public struct RepeatedKey: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The source line of the record that repeated it (0 when the source has no lines).
    public var line: Int
    /// The source line where the key was first met; 0 when not known yet (the audit file's
    /// unique index found the repeat, and only the source can tell where the first one was).
    public var firstLine: Int
    /// A fingerprint of every field of the repeating record (0 when not known), to tell a row
    /// entered twice from two rows that share a key.
    public var fingerprint: Int
    /// Whether the record repeats the first one exactly (every field equal): a row entered
    /// twice, kept once; otherwise two different records claim the key.
    public var identical: Bool

    /// Creates the note of a repeated key.
    public init(
        key: String, line: Int, firstLine: Int, fingerprint: Int = 0, identical: Bool = false
    ) {
        self.key = key
        self.line = line
        self.firstLine = firstLine
        self.fingerprint = fingerprint
        self.identical = identical
    }
}
