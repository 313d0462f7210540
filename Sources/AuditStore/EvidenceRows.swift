import AuditModel

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
        func text(_ column: Int32) -> String { row.text(column) }
        func shared(_ column: Int32) -> String {
            row.withBytes(column) { bytes in
                texts.value(for: bytes) { String(decoding: $0, as: UTF8.self) }
            }
        }
        let clauses = row.withBytes(14) { bytes in
            clauseLists.value(for: bytes) {
                (JSONValue.decodeStrings(String(decoding: $0, as: UTF8.self)) ?? [])
                    .compactMap(ClauseNumber.init)
            }
        }
        let tags = row.withBytes(15) { bytes in
            tagLists.value(for: bytes) {
                JSONValue.decodeStrings(String(decoding: $0, as: UTF8.self)) ?? []
            }
        }
        let draft = EvidenceDraft(
            naturalKey: text(2), kind: EvidenceKind(rawValue: shared(3)) ?? .document,
            title: text(4), documentNumber: text(5), revision: shared(6), location: text(7),
            sha256: text(8), size: row.integer(9), modified: text(10),
            effectiveDate: shared(11), reviewDate: shared(12), owner: shared(13),
            clauses: clauses, tags: tags, status: shared(16))
        return Evidence(
            id: Evidence.id(number: row.integer(0) ?? 0), source: shared(1), draft: draft,
            importedAt: shared(17), updatedAt: shared(18),
            removedFromSource: row.integer(19) == 1)
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
