public import AuditModel

/// Evidence drafts packed together on their way from an importer to the audit file.
///
/// A draft held as an `EvidenceDraft` costs an allocation for each of its longer texts, made
/// on the importer's thread and freed on the writer's; a register of a million rows pays that
/// millions of times over. A batch keeps the texts of all its drafts back to back in one byte
/// buffer and the rest in a small entry per draft, so handing over a few thousand drafts costs
/// a few allocations, and the audit file binds and hashes the texts where they lie.
///
/// A draft is packed either whole (`append(_:)`) or from its texts' bytes where they lie
/// (`append(_:kind:size:line:unchangedRecord:clauses:tags:)`), all fourteen in one call: a
/// register's row is then one bounds check and fourteen copies.
public struct DraftBatch: Sendable {
    /// The texts of a draft, in the order they are packed.
    public enum Text: Int, CaseIterable, Sendable {
        case naturalKey, title, documentNumber, revision, location, sha256, modified
        case effectiveDate, reviewDate, owner, status
        case description
        /// The attributes as a compact JSON object (`EvidenceAttribute.json`), or empty.
        case attributes
        /// How the clauses were found, as a compact JSON object (`ClauseBasis.json`), or empty.
        case clauseBasis
    }

    /// How many drafts, or bytes of text, make a batch worth handing over.
    public static let preferredCount = 2048
    /// See `preferredCount`.
    public static let preferredBytes = 1 << 20

    /// The UTF-8 bytes of a draft's texts, one for each case of `Text`, in its order.
    public typealias Texts = InlineArray<14, UnsafeBufferPointer<UInt8>>

    private static let textCount = Texts.count

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

    /// The texts, back to back in `bytes[0..<byteCount]`.
    ///
    /// Both `bytes` and `ends` are grown ahead of use (their count is their capacity; what is
    /// not yet used is not yet written), so packing a draft copies into them instead of
    /// appending to an `Array` text by text, whose generic append costs more than the copy of
    /// a short text.
    private var bytes: [UInt8] = []
    /// Where each text ends in `bytes`: `textCount` per draft, so `ends[0..<count *
    /// textCount]` are in use; each text starts where the one before it ended.
    private var ends: [UInt32] = []
    private var entries: [Entry] = []
    private var clauseSets: [[ClauseNumber]] = []
    /// Where each clause set's numbers are: the batch holds the array, so the address is not
    /// reused while the batch lives.
    private var clauseAddresses: [Int] = []
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
    public private(set) var byteCount = 0
    /// Whether it holds enough to be handed over (`preferredCount`, `preferredBytes`).
    public var isFull: Bool {
        entries.count >= Self.preferredCount || byteCount >= Self.preferredBytes
    }

    /// Makes room for `drafts` drafts with `bytes` bytes of text in all.
    public mutating func reserveCapacity(drafts: Int, bytes: Int) {
        if bytes > self.bytes.count {
            self.bytes = Self.grown(self.bytes, used: byteCount, to: bytes)
        }
        let ends = drafts * Self.textCount
        if ends > self.ends.count {
            self.ends = Self.grown(self.ends, used: entries.count * Self.textCount, to: ends)
        }
        entries.reserveCapacity(drafts)
    }

    /// `array`'s first `used` elements in an array of at least `count` (and at least twice as
    /// many as before), the rest not yet written.
    private static func grown<Element: FixedWidthInteger>(
        _ array: [Element], used: Int, to count: Int
    ) -> [Element] {
        let capacity = max(count, array.count * 2, 64)
        return [Element](unsafeUninitializedCapacity: capacity) { grown, initialized in
            array.withUnsafeBufferPointer { old in
                if let from = old.baseAddress, let to = grown.baseAddress, used > 0 {
                    to.initialize(from: from, count: used)
                }
            }
            // The rest is left as it was allocated, not zero-filled: for integers no value is
            // out of bounds, and none is read before it is written (`byteCount`, `count`).
            initialized = capacity
        }
    }

    /// Packs `draft`, its texts copied straight into the batch.
    public mutating func append(_ draft: EvidenceDraft) {
        var total = 0
        for text in Text.allCases { total += Self.string(text, of: draft).utf8.count }
        let firstEnd = reserve(textBytes: total)
        var end = byteCount
        for text in Text.allCases {
            let string = Self.string(text, of: draft)
            let count = string.utf8.count
            if count > 0 {
                bytes.withUnsafeMutableBufferPointer { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: bytes[end..<(end + count)])
                        .initialize(from: string.utf8)
                }
            }
            end += count
            ends[firstEnd + text.rawValue] = UInt32(end)
        }
        byteCount = end
        finishDraft(
            kind: draft.kind, size: draft.size, line: draft.line,
            unchangedRecord: draft.unchangedRecord, clauses: draft.clauses, tags: draft.tags)
    }

    /// One text of `draft`.
    private static func string(_ text: Text, of draft: EvidenceDraft) -> String {
        switch text {
        case .naturalKey: draft.naturalKey
        case .title: draft.title
        case .documentNumber: draft.documentNumber
        case .revision: draft.revision
        case .location: draft.location
        case .sha256: draft.sha256
        case .modified: draft.modified
        case .effectiveDate: draft.effectiveDate
        case .reviewDate: draft.reviewDate
        case .owner: draft.owner
        case .status: draft.status
        case .description: draft.description
        case .attributes: EvidenceAttribute.json(draft.attributes)
        case .clauseBasis: draft.clauseBasis.json
        }
    }

    /// Makes room for one more draft with `textBytes` bytes of text; where its ends go.
    private mutating func reserve(textBytes: Int) -> Int {
        let firstEnd = entries.count * Self.textCount
        if byteCount + textBytes > bytes.count {
            bytes = Self.grown(bytes, used: byteCount, to: byteCount + textBytes)
        }
        if firstEnd + Self.textCount > ends.count {
            ends = Self.grown(ends, used: firstEnd, to: firstEnd + Self.textCount)
        }
        return firstEnd
    }

    /// Packs a draft from its texts' UTF-8 bytes (copied) and the rest of its fields.
    public mutating func append(
        _ texts: Texts, kind: EvidenceKind, size: Int?, line: Int, unchangedRecord: Int = 0,
        clauses: [ClauseNumber], tags: [String]
    ) {
        var total = 0
        for index in texts.indices { total += texts[index].count }
        let firstEnd = reserve(textBytes: total)
        var end = byteCount
        bytes.withUnsafeMutableBufferPointer { bytes in
            ends.withUnsafeMutableBufferPointer { ends in
                for index in 0..<Self.textCount {
                    let text = texts[index]
                    if let from = text.baseAddress, let to = bytes.baseAddress, !text.isEmpty {
                        Self.copy(text.count, from: from, to: to + end)
                    }
                    end += text.count
                    // A batch is handed over at `preferredBytes`, far below 4 GiB.
                    ends[firstEnd + index] = UInt32(end)
                }
            }
        }
        byteCount = end
        finishDraft(
            kind: kind, size: size, line: line, unchangedRecord: unchangedRecord,
            clauses: clauses, tags: tags)
    }

    /// Adds the entry of a draft whose texts were just packed.
    private mutating func finishDraft(
        kind: EvidenceKind, size: Int?, line: Int, unchangedRecord: Int,
        clauses: [ClauseNumber], tags: [String]
    ) {
        var clauseIndex: Int32 = -1
        if !clauses.isEmpty {
            // Importers hand over the same array for the same cell: the same storage, found
            // by its address before comparing clause by clause.
            let address = clauses.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
            if let found = clauseAddresses.firstIndex(of: address) {
                clauseIndex = Int32(found)
            } else if let found = clauseSets.firstIndex(of: clauses) {
                clauseIndex = Int32(found)
            } else {
                clauseSets.append(clauses)
                clauseAddresses.append(address)
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

    /// Copies `count` bytes: a text of a register's cell is short, and a call to `memcpy` for
    /// it costs more than the copy, which two overlapping loads and stores of a word make.
    @inline(__always)
    private static func copy(
        _ count: Int, from: UnsafePointer<UInt8>, to: UnsafeMutablePointer<UInt8>
    ) {
        let (from, to) = (UnsafeRawPointer(from), UnsafeMutableRawPointer(to))
        /// Copies the first and the last `Word` of the text (overlapping when it is shorter
        /// than two).
        @inline(__always)
        func headAndTail<Word: BitwiseCopyable>(_: Word.Type) {
            let last = count - MemoryLayout<Word>.size
            let (head, tail) = (
                from.loadUnaligned(as: Word.self),
                from.loadUnaligned(fromByteOffset: last, as: Word.self)
            )
            to.storeBytes(of: head, as: Word.self)
            to.storeBytes(of: tail, toByteOffset: last, as: Word.self)
        }
        switch count {
        case 33...64: headAndTail(SIMD32<UInt8>.self)
        case 16...32: headAndTail(SIMD16<UInt8>.self)
        case 8..<16: headAndTail(UInt64.self)
        case 4..<8: headAndTail(UInt32.self)
        case 0..<4:
            for index in 0..<count {
                to.storeBytes(
                    of: from.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index,
                    as: UInt8.self)
            }
        default:
            to.copyMemory(from: from, byteCount: count)
        }
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
                            bytes: UnsafeBufferPointer(rebasing: bytes[0..<byteCount]),
                            ends: UnsafeBufferPointer(
                                rebasing: ends[0..<entries.count * DraftBatch.textCount]),
                            entries: entries, clauseSets: clauseSets,
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
                status: string(.status, of: index),
                description: string(.description, of: index),
                attributes: EvidenceAttribute.decode(string(.attributes, of: index)),
                clauseBasis: ClauseBasis(json: string(.clauseBasis, of: index)),
                line: line(of: index), unchangedRecord: unchangedRecord(of: index))
        }

        /// A 64-bit FNV-1a hash of every field of draft `index` an import records (all but
        /// the natural key, the line and `unchangedRecord`); never 0.
        ///
        /// The audit file keeps it with each record to see at once whether an import changed
        /// it, so it must never change for the same fields: each text is hashed followed by
        /// 0x1F, in the order kind, title, document number, revision, location, SHA-256, size
        /// (decimal, `-` for none), modified, effective date, review date, owner, status; then
        /// each clause number, `|`, each tag; then, only when either is not empty (so records
        /// from before they existed keep their fingerprints), `|`, the description and the
        /// attributes' JSON; then, only when there is one, the clause basis's JSON.
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
            let (description, attributes) = (
                text(.description, of: index), text(.attributes, of: index)
            )
            if !description.isEmpty || !attributes.isEmpty {
                hash.add(UInt8(ascii: "|"))
                hash.add(0x1F)
                add(description)
                add(attributes)
            }
            let basis = text(.clauseBasis, of: index)
            if !basis.isEmpty { add(basis) }
            let value = Int(bitPattern: UInt(hash.value))
            return value == 0 ? 1 : value
        }
    }
}
