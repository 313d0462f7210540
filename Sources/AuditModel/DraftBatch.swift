/// Evidence drafts packed together on their way from an importer to the audit file.
///
/// A draft held as an `EvidenceDraft` costs an allocation for each of its longer texts, made
/// on the importer's thread and freed on the writer's; a register of a million rows pays that
/// millions of times over. A batch keeps the texts of all its drafts back to back in one byte
/// buffer and the rest in a small entry per draft, so handing over a few thousand drafts costs
/// a few allocations, and the audit file binds and hashes the texts where they lie.
///
/// A draft is packed either whole (`append(_:)`) or text by text: `appendText(_:)` once for
/// each case of `Text`, in its order, then `finishDraft(…)`.
public struct DraftBatch: Sendable {
    /// The texts of a draft, in the order they are packed.
    public enum Text: Int, CaseIterable, Sendable {
        case naturalKey, title, documentNumber, revision, location, sha256, modified
        case effectiveDate, reviewDate, owner, status
    }

    /// How many drafts, or bytes of text, make a batch worth handing over.
    public static let preferredCount = 2048
    /// See `preferredCount`.
    public static let preferredBytes = 1 << 20

    private static let textCount = Text.allCases.count

    /// What a draft holds besides its texts.
    struct Entry {
        var kind: EvidenceKind
        /// -1 for none.
        var size: Int
        var line: Int
        var unchangedRecord: Int
        /// Indexes into `clauseSets` and `tagLists`; -1 for none.
        var clauses: Int32
        var tags: Int32
    }

    private var bytes: [UInt8] = []
    /// Where each text ends in `bytes`: `textCount` per draft; each starts where the one
    /// before it ended.
    private var ends: [UInt32] = []
    private var entries: [Entry] = []
    private var clauseSets: [[ClauseNumber]] = []
    /// For each clause set, its numbers as the fingerprint reads them, each followed by 0x1F.
    private var clauseTexts: [[UInt8]] = []
    private var tagLists: [[String]] = []

    /// An empty batch.
    public init() {}

    /// A batch of `drafts`.
    public init(_ drafts: some Sequence<EvidenceDraft>) {
        for draft in drafts { append(draft) }
    }

    /// How many drafts it holds.
    public var count: Int { entries.count }
    /// Whether it holds none.
    public var isEmpty: Bool { entries.isEmpty }
    /// How many bytes of text it holds.
    public var byteCount: Int { bytes.count }
    /// Whether it holds enough to be handed over (`preferredCount`, `preferredBytes`).
    public var isFull: Bool {
        entries.count >= Self.preferredCount || bytes.count >= Self.preferredBytes
    }

    /// Makes room for `drafts` drafts with `bytes` bytes of text in all.
    public mutating func reserveCapacity(drafts: Int, bytes: Int) {
        self.bytes.reserveCapacity(bytes)
        ends.reserveCapacity(drafts * Self.textCount)
        entries.reserveCapacity(drafts)
    }

    /// Packs `draft`.
    public mutating func append(_ draft: EvidenceDraft) {
        for text in [
            draft.naturalKey, draft.title, draft.documentNumber, draft.revision, draft.location,
            draft.sha256, draft.modified, draft.effectiveDate, draft.reviewDate, draft.owner,
            draft.status,
        ] {
            appendText(text)
        }
        finishDraft(
            kind: draft.kind, size: draft.size, line: draft.line,
            unchangedRecord: draft.unchangedRecord, clauses: draft.clauses, tags: draft.tags)
    }

    /// Packs the next text of the draft being packed (UTF-8 bytes, copied).
    public mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
        // A batch is handed over at `preferredBytes`, far below 4 GiB.
        ends.append(UInt32(bytes.count))
    }

    /// Packs the next text of the draft being packed.
    public mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { appendText($0) }
    }

    /// Ends the draft whose texts were just packed, with the rest of its fields.
    public mutating func finishDraft(
        kind: EvidenceKind, size: Int?, line: Int, unchangedRecord: Int = 0,
        clauses: [ClauseNumber], tags: [String]
    ) {
        precondition(ends.count == (entries.count + 1) * Self.textCount, "a text is missing")
        var clauseIndex: Int32 = -1
        if !clauses.isEmpty {
            // Importers hand over the same array for the same cell, which `==` sees at once.
            if let last = clauseSets.last, last == clauses {
                clauseIndex = Int32(clauseSets.count - 1)
            } else if let found = clauseSets.firstIndex(of: clauses) {
                clauseIndex = Int32(found)
            } else {
                clauseSets.append(clauses)
                var text: [UInt8] = []
                for clause in clauses {
                    text += clause.description.utf8
                    text.append(0x1F)
                }
                clauseTexts.append(text)
                clauseIndex = Int32(clauseSets.count - 1)
            }
        }
        var tagIndex: Int32 = -1
        if !tags.isEmpty {
            tagLists.append(tags)
            tagIndex = Int32(tagLists.count - 1)
        }
        entries.append(
            Entry(
                kind: kind, size: size ?? -1, line: line, unchangedRecord: unchangedRecord,
                clauses: clauseIndex, tags: tagIndex))
    }

    /// Adds `offset` to the line of every draft: for records read from a stretch of a source
    /// whose lines were counted from its start.
    public mutating func shiftLines(by offset: Int) {
        guard offset != 0 else { return }
        for index in entries.indices { entries[index].line += offset }
    }

    /// The drafts, unpacked.
    public var drafts: [EvidenceDraft] {
        withView { view in (0..<view.count).map { view.draft($0) } }
    }

    /// Calls `body` with a view of the batch, whose texts are read in place.
    public func withView<Result>(_ body: (View) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try entries.withUnsafeBufferPointer { entries in
                    try body(
                        View(
                            bytes: bytes, ends: ends, entries: entries, clauseSets: clauseSets,
                            clauseTexts: clauseTexts, tagLists: tagLists))
                }
            }
        }
    }

    /// A batch read in place; valid only inside `withView`.
    public struct View {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let ends: UnsafeBufferPointer<UInt32>
        fileprivate let entries: UnsafeBufferPointer<Entry>
        fileprivate let clauseSets: [[ClauseNumber]]
        fileprivate let clauseTexts: [[UInt8]]
        fileprivate let tagLists: [[String]]

        /// How many drafts the batch holds.
        public var count: Int { entries.count }

        /// The UTF-8 bytes of one text of draft `index`.
        public func text(_ text: Text, of index: Int) -> UnsafeBufferPointer<UInt8> {
            let slot = index * DraftBatch.textCount + text.rawValue
            let start = slot == 0 ? 0 : Int(ends[slot - 1])
            return UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[slot])])
        }

        /// One text of draft `index`.
        public func string(_ text: Text, of index: Int) -> String {
            String(decoding: self.text(text, of: index), as: UTF8.self)
        }

        /// The kind of draft `index`.
        public func kind(of index: Int) -> EvidenceKind { entries[index].kind }
        /// The file size of draft `index`, if any.
        public func size(of index: Int) -> Int? {
            entries[index].size < 0 ? nil : entries[index].size
        }
        /// The source line of draft `index`.
        public func line(of index: Int) -> Int { entries[index].line }
        /// The record draft `index` leaves as it is (`EvidenceDraft.unchangedRecord`), or 0.
        public func unchangedRecord(of index: Int) -> Int { entries[index].unchangedRecord }
        /// The clauses of draft `index`.
        public func clauses(of index: Int) -> [ClauseNumber] {
            let set = entries[index].clauses
            return set < 0 ? [] : clauseSets[Int(set)]
        }
        /// The tags of draft `index`.
        public func tags(of index: Int) -> [String] {
            let list = entries[index].tags
            return list < 0 ? [] : tagLists[Int(list)]
        }

        /// Draft `index`, unpacked.
        public func draft(_ index: Int) -> EvidenceDraft {
            EvidenceDraft(
                naturalKey: string(.naturalKey, of: index), kind: kind(of: index),
                title: string(.title, of: index),
                documentNumber: string(.documentNumber, of: index),
                revision: string(.revision, of: index), location: string(.location, of: index),
                sha256: string(.sha256, of: index), size: size(of: index),
                modified: string(.modified, of: index),
                effectiveDate: string(.effectiveDate, of: index),
                reviewDate: string(.reviewDate, of: index), owner: string(.owner, of: index),
                clauses: clauses(of: index), tags: tags(of: index),
                status: string(.status, of: index), line: line(of: index),
                unchangedRecord: unchangedRecord(of: index))
        }

        /// A 64-bit FNV-1a hash of every field of draft `index` an import records (all but
        /// the natural key, the line and `unchangedRecord`); never 0.
        ///
        /// The audit file keeps it with each record to see at once whether an import changed
        /// it, so it must never change for the same fields: each text is hashed followed by
        /// 0x1F, in the order kind, title, document number, revision, location, SHA-256, size
        /// (decimal, `-` for none), modified, effective date, review date, owner, status; then
        /// each clause number, `|`, each tag.
        public func fingerprint(of index: Int) -> Int {
            var hash = FNV1a()
            func add(_ bytes: UnsafeBufferPointer<UInt8>) {
                hash.add(bytes)
                hash.add(0x1F)
            }
            func add(_ text: Text) { add(self.text(text, of: index)) }
            var kind = entries[index].kind.rawValue
            kind.withUTF8 { add($0) }
            add(.title)
            add(.documentNumber)
            add(.revision)
            add(.location)
            add(.sha256)
            let size = entries[index].size
            if size < 0 {
                hash.add(UInt8(ascii: "-"))
            } else {
                // Decimal digits, most significant first, without making a string.
                var divisor = 1
                while divisor <= size / 10 { divisor *= 10 }
                while divisor > 0 {
                    hash.add(UInt8(ascii: "0") + UInt8(size / divisor % 10))
                    divisor /= 10
                }
            }
            hash.add(0x1F)
            add(.modified)
            add(.effectiveDate)
            add(.reviewDate)
            add(.owner)
            add(.status)
            let set = entries[index].clauses
            if set >= 0 { clauseTexts[Int(set)].withUnsafeBufferPointer { hash.add($0) } }
            hash.add(UInt8(ascii: "|"))
            hash.add(0x1F)
            let list = entries[index].tags
            if list >= 0 {
                for tag in tagLists[Int(list)] {
                    var tag = tag
                    tag.withUTF8 { add($0) }
                }
            }
            let value = Int(bitPattern: UInt(hash.value))
            return value == 0 ? 1 : value
        }
    }
}
