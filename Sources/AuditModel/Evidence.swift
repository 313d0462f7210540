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
        tags: [String] = [], status: String = "", line: Int = 0, unchangedRecord: Int = 0
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
    /// path, absolute or relative to the working folder, not a URL or a Windows share.
    public var hasLocalFile: Bool {
        let path = draft.location
        return !draft.sha256.isEmpty && !path.isEmpty && !path.contains("://")
            && !path.hasPrefix("\\\\") && path.dropFirst().first != ":"
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

    /// Notes a record left out because an earlier record had its natural key.
    public mutating func noteRepeated(_ key: RepeatedKey) {
        repeated.append(key)
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

    /// Creates the note of a repeated key.
    public init(key: String, line: Int, firstLine: Int) {
        self.key = key
        self.line = line
        self.firstLine = firstLine
    }
}

/// What the audit knows of a file it imported before: enough for a re-scan to tell whether the
/// file changed without reading it again.
public struct KnownFile: Hashable, Sendable {
    /// The size in bytes, when known.
    public var size: Int?
    /// The modification time as it was recorded.
    public var modified: String
    /// The SHA-256 recorded.
    public var sha256: String
    /// The evidence number of its record.
    public var number: Int
    /// Whether the last import of the source no longer held the file.
    public var removed: Bool

    /// Creates the record of a known file.
    public init(
        size: Int?, modified: String, sha256: String, number: Int = 0, removed: Bool = false
    ) {
        self.size = size
        self.modified = modified
        self.sha256 = sha256
        self.number = number
        self.removed = removed
    }
}

/// What the audit knows of one source's files, as of its last import: for each natural key
/// (the path), the size, modification time and SHA-256 recorded and the record's number.
///
/// Kept compact — keys and texts end to end in byte buffers, no object per file — because a
/// re-scan reads it while it walks the tree, and a `[String: KnownFile]` of 20,000 files took
/// longer to build and to free than a tenth of a full import.
public struct KnownFiles: Sendable {
    /// What shaped the records besides the files (`ImportClosing.derivation`) at the last
    /// import; empty when not recorded.
    public var derivation: String
    /// The last import of the source (0: never imported): an import that relies on these
    /// facts checks that no other import of the source came in between.
    public var lastImport: Int
    /// How many of the files' records the last import still found in the source.
    public private(set) var liveCount = 0
    private var keys = KeyIndex()
    private var sizes: [Int] = []  // -1: not known
    private var numbers: [Int] = []
    private var removed: [Bool] = []
    /// Entry `i`'s modification time is `texts[ends[2i]..<ends[2i + 1]]`, its SHA-256 the
    /// bytes up to `ends[2i + 2]`.
    private var texts: [UInt8] = []
    private var ends: [Int] = [0]

    /// No files known.
    public init(derivation: String = "", lastImport: Int = 0) {
        self.derivation = derivation
        self.lastImport = lastImport
    }

    /// The facts of `files`, by natural key.
    public init(files: [String: KnownFile], derivation: String = "", lastImport: Int = 0) {
        self.init(derivation: derivation, lastImport: lastImport)
        for (key, file) in files.sorted(by: { $0.key < $1.key }) {
            var (key, modified, sha256) = (key, file.modified, file.sha256)
            key.withUTF8 { key in
                modified.withUTF8 { modified in
                    sha256.withUTF8 { sha256 in
                        add(
                            key: key, size: file.size, modified: modified, sha256: sha256,
                            number: file.number, removed: file.removed)
                    }
                }
            }
        }
    }

    /// How many files are known.
    public var count: Int { numbers.count }

    /// Adds a file's facts, its key and texts given as UTF-8 bytes; a key already known is
    /// ignored.
    public mutating func add(
        key: UnsafeBufferPointer<UInt8>, size: Int?, modified: UnsafeBufferPointer<UInt8>,
        sha256: UnsafeBufferPointer<UInt8>, number: Int, removed isRemoved: Bool
    ) {
        guard keys.insert(key, line: numbers.count) == nil else { return }
        sizes.append(size ?? -1)
        numbers.append(number)
        removed.append(isRemoved)
        if !isRemoved { liveCount += 1 }
        texts.append(contentsOf: modified)
        ends.append(texts.count)
        texts.append(contentsOf: sha256)
        ends.append(texts.count)
    }

    /// The entry of the file with natural key `key`, or `nil` when the audit has none.
    public func entry(_ key: String) -> Int? {
        keys.line(of: key)
    }

    /// The facts of `entry`.
    public func file(at entry: Int) -> KnownFile {
        KnownFile(
            size: size(at: entry), modified: text(ends[2 * entry], ends[2 * entry + 1]),
            sha256: sha256(at: entry), number: numbers[entry], removed: removed[entry])
    }

    /// The facts of the file with natural key `key`, or `nil` when the audit has none.
    public subscript(key: String) -> KnownFile? {
        entry(key).map(file(at:))
    }

    /// The size recorded for `entry`, when known.
    public func size(at entry: Int) -> Int? {
        sizes[entry] < 0 ? nil : sizes[entry]
    }

    /// The number of `entry`'s record.
    public func number(at entry: Int) -> Int { numbers[entry] }

    /// Whether the last import no longer found `entry`'s file.
    public func isRemoved(at entry: Int) -> Bool { removed[entry] }

    /// The SHA-256 recorded for `entry`.
    public func sha256(at entry: Int) -> String {
        text(ends[2 * entry + 1], ends[2 * entry + 2])
    }

    /// Whether `entry` has a SHA-256 recorded.
    public func hasSHA256(at entry: Int) -> Bool {
        ends[2 * entry + 2] > ends[2 * entry + 1]
    }

    /// Whether the modification time recorded for `entry` is `modified` (UTF-8 bytes).
    public func modified(at entry: Int, is modified: UnsafeBufferPointer<UInt8>) -> Bool {
        let (start, end) = (ends[2 * entry], ends[2 * entry + 1])
        guard end - start == modified.count else { return false }
        return texts.withUnsafeBufferPointer { texts in
            modified.indices.allSatisfy { texts[start + $0] == modified[$0] }
        }
    }

    private func text(_ start: Int, _ end: Int) -> String {
        texts.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
        }
    }
}

/// What a source's reader hands the audit file once the whole source has been read; recorded
/// in the same transaction as the records.
public struct ImportClosing: Sendable {
    /// Answers the source holds (a filled-in checklist).
    public var answers: [Answer]
    /// A fingerprint of everything besides the source that shaped its records (importer
    /// version, rules, the checklist's clauses), recorded with the source so the next import
    /// can tell whether an unchanged file gives an unchanged record; empty for importers that
    /// do not use it.
    public var derivation: String

    /// Where the source really is (`EvidenceImporter.place(of:)`), recorded with it; empty
    /// leaves what was recorded.
    public var place: String

    /// Creates the closing of an import.
    public init(answers: [Answer] = [], derivation: String = "", place: String = "") {
        self.answers = answers
        self.derivation = derivation
        self.place = place
    }
}
