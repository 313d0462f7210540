import AuditModel
import ImportTransport

/// Turns rows of `AuditFile.evidenceColumns`, read through a `RawStatement`, into evidence
/// records, one at a time.
///
/// Built for audits of millions of records (a register imported whole): no row is kept once
/// read, and the texts that repeat from row to row — the source, the import times, owners,
/// statuses, clause and tag lists — are made once and shared by every record that has them,
/// instead of a string (and an array) for each.
struct EvidenceRows {
    private var texts = RepeatCache<String>()
    private var clauseLists = RepeatCache<[ClauseNumber]>()
    private var tagLists = RepeatCache<[String]>()

    /// The record in the statement's current row.
    mutating func evidence(_ row: RawStatement) -> Evidence {
        var draft = draft(row, kindColumn: 3, key: row.text(2), basisColumn: 23)
        let review = row.isNull(24) ? nil : ClauseReview(json: row.text(24))
        if let review { draft.clauses = review.clauses }
        return Evidence(
            id: Evidence.id(number: row.integer(0) ?? 0), source: shared(row, 1),
            draft: draft, importedAt: shared(row, 19),
            updatedAt: shared(row, 20), removedFromSource: row.integer(21) == 1,
            sourceRoot: shared(row, 22), review: review)
    }

    /// The draft in the statement's current row, whose fields stand in the evidence table's
    /// order (kind, title, document number, revision, location, SHA-256, size, modified,
    /// effective date, review date, owner, clauses, tags, status, description, attributes)
    /// from column `kindColumn` on, and the clause basis in `basisColumn` (files from before
    /// it existed have none).
    mutating func draft(
        _ row: RawStatement, kindColumn: Int32, key: String, line: Int = 0,
        basisColumn: Int32? = nil
    ) -> EvidenceDraft {
        let column = kindColumn
        let clauses = row.withBytes(column + 11) { bytes in
            clauseLists.value(for: bytes) {
                (JSONValue.decodeStrings(String(decoding: $0, as: UTF8.self)) ?? [])
                    .compactMap(ClauseNumber.init)
            }
        }
        let tags = row.withBytes(column + 12) { bytes in
            tagLists.value(for: bytes) {
                JSONValue.decodeStrings(String(decoding: $0, as: UTF8.self)) ?? []
            }
        }
        return EvidenceDraft(
            naturalKey: key, kind: EvidenceKind(rawValue: shared(row, column)) ?? .document,
            title: row.text(column + 1), documentNumber: row.text(column + 2),
            revision: shared(row, column + 3), location: row.text(column + 4),
            sha256: row.text(column + 5), size: row.integer(column + 6),
            modified: row.text(column + 7), effectiveDate: shared(row, column + 8),
            reviewDate: shared(row, column + 9), owner: shared(row, column + 10),
            clauses: clauses, tags: tags, status: shared(row, column + 13),
            description: row.text(column + 14),
            attributes: EvidenceAttribute.decode(row.text(column + 15)),
            clauseBasis: basisColumn.map { ClauseBasis(json: row.text($0)) } ?? ClauseBasis(),
            line: line)
    }

    /// A text that repeats from row to row, made once.
    private mutating func shared(_ row: RawStatement, _ column: Int32) -> String {
        row.withBytes(column) { bytes in
            texts.value(for: bytes) { String(decoding: $0, as: UTF8.self) }
        }
    }
}

/// Values made from texts that repeat, each made once: up to a few thousand distinct texts
/// are kept, looked up by an FNV-1a hash of their bytes; past that, values are made afresh.
struct RepeatCache<Value> {
    private var entries: [UInt64: (bytes: [UInt8], value: Value)] = [:]
    private static var limit: Int { 4096 }

    /// The value made from `bytes`, by `make` the first time these bytes are met.
    mutating func value(
        for bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> Value
    ) -> Value {
        var hash = FNV1a()
        hash.add(bytes)
        if let entry = entries[hash.value], entry.bytes.elementsEqual(bytes) {
            return entry.value
        }
        let value = make(bytes)
        if entries.count < Self.limit, entries[hash.value] == nil {
            entries[hash.value] = (Array(bytes), value)
        }
        return value
    }
}
