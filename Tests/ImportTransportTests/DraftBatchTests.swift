import AuditModel
import AuditTestSupport
import ImportTransport
import Testing

@Suite struct DraftBatchTests {
    static let drafts = [
        EvidenceDraft(
            naturalKey: "QP-7.5-01", kind: .document, title: "Control of documented information",
            documentNumber: "QP-7.5-01", revision: "4", location: "QMS/07 Support/QP-7.5-01.pdf",
            sha256: String(repeating: "ab", count: 32), size: 120_431,
            modified: "2026-03-01T10:00:00Z", effectiveDate: "2026-03-01",
            reviewDate: "2027-03-01", owner: "Quality manager",
            clauses: [clause("7.5.2"), clause("7.5.3")], tags: ["core", "iso"],
            status: "Approved", line: 7),
        EvidenceDraft(naturalKey: "", title: ""),
        EvidenceDraft(
            naturalKey: "REC-9.2", kind: .record, title: "Audit report «Q1» — Zürich", size: 0,
            clauses: [clause("9.2")], line: 9, unchangedRecord: 12),
        EvidenceDraft(naturalKey: "K", title: "T", size: 10, clauses: [clause("9.2")]),
        EvidenceDraft(
            naturalKey: "R-1", title: "Register row", description: "Kept for \"ten\" years",
            attributes: [
                EvidenceAttribute(name: "Cost centre", value: "4100"),
                EvidenceAttribute(name: "Retention", value: "10 y\nthen shred"),
            ], line: 4),
        EvidenceDraft(
            naturalKey: "0560_Internes_Audit.md", title: "Internes Audit",
            clauses: [clause("9.2")],
            clauseBasis: ClauseBasis([
                .init(clause: clause("9.2"), reason: "name: synonym \"Internes Audit\" (de)")
            ])),
    ]

    /// Calls `body` with `texts` as the UTF-8 bytes an importer packs a draft from.
    static func withTexts(_ texts: [String], _ body: (DraftBatch.Texts) -> Void) {
        let joined = Array(texts.joined().utf8)
        joined.withUnsafeBufferPointer { joined in
            var packed = DraftBatch.Texts(repeating: UnsafeBufferPointer(start: nil, count: 0))
            var start = 0
            for (index, text) in texts.enumerated() {
                packed[index] = UnsafeBufferPointer(
                    rebasing: joined[start..<start + text.utf8.count])
                start += text.utf8.count
            }
            body(packed)
        }
    }

    /// Every field comes back as it went in, whichever way it was packed.
    @Test func unpacksWhatWasPacked() {
        #expect(DraftBatch(Self.drafts).drafts == Self.drafts)
        var batch = DraftBatch()
        let texts = [
            "K", "Title", "", "2", "", "", "", "2026-01-02", "", "Owner", "Draft", "Notes",
            #"{"Box":"7"}"#, #"{"9.2":"name: title \"Internal audit\""}"#,
        ]
        #expect(texts.count == DraftBatch.Text.allCases.count)
        #expect(DraftBatch.Texts.count == DraftBatch.Text.allCases.count, "a text per case")
        Self.withTexts(texts) {
            batch.append($0, kind: .record, size: nil, line: 3, clauses: [], tags: ["a"])
        }
        #expect(
            batch.drafts == [
                EvidenceDraft(
                    naturalKey: "K", kind: .record, title: "Title", revision: "2",
                    effectiveDate: "2026-01-02", owner: "Owner", tags: ["a"], status: "Draft",
                    description: "Notes", attributes: [EvidenceAttribute(name: "Box", value: "7")],
                    clauseBasis: ClauseBasis([
                        .init(clause: clause("9.2"), reason: "name: title \"Internal audit\"")
                    ]), line: 3)
            ])
        #expect(!batch.isFull && batch.count == 1)
    }

    /// Texts of every length from 0 to 80, packed from bytes (short ones are copied a word at
    /// a time, overlapping), come out byte for byte, each text ending where the next begins.
    @Test func packsTextsOfEveryLengthFromBytes() {
        var batch = DraftBatch()
        var expected: [[String]] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for length in 0...80 {
            let texts = DraftBatch.Text.allCases.map { text in
                let count = (length + text.rawValue * 13) % 81
                return String(
                    decoding: (0..<count).map { alphabet[($0 + length) % alphabet.count] },
                    as: UTF8.self)
            }
            expected.append(texts)
            Self.withTexts(texts) {
                batch.append($0, kind: .record, size: nil, line: length, clauses: [], tags: [])
            }
        }
        batch.withView { view in
            for (index, texts) in expected.enumerated() {
                let unpacked = DraftBatch.Text.allCases.map { view.string($0, of: index) }
                #expect(unpacked == texts, "draft \(index)")
            }
        }
    }

    /// A batch grows its buffers as drafts come, from empty or from a reserved size, and keeps
    /// every text where it was.
    @Test func growsWithoutLosingATextAndCopiesAreIndependent() {
        let drafts = (0..<3000).map { number in
            EvidenceDraft(
                naturalKey: "K-\(number)", title: String(repeating: "t", count: number % 300),
                owner: number % 7 == 0 ? "" : "Owner \(number)", line: number + 2)
        }
        var batch = DraftBatch()
        batch.reserveCapacity(drafts: 10, bytes: 100)
        for draft in drafts { batch.append(draft) }
        #expect(batch.drafts == drafts)
        #expect(
            batch.byteCount
                == drafts.reduce(0) {
                    $0 + $1.naturalKey.utf8.count + $1.title.utf8.count + $1.owner.utf8.count
                })
        var copy = batch
        copy.append(EvidenceDraft(naturalKey: "extra", title: "Extra"))
        #expect(batch.count == drafts.count && copy.count == drafts.count + 1)
        #expect(batch.drafts == drafts && copy.drafts.last?.naturalKey == "extra")
    }

    /// Audit files keep the fingerprint with each record, so it must stay what it was when
    /// it was computed from `EvidenceDraft`s (this is that computation, kept as a reference).
    @Test func theFingerprintIsTheOneAuditFilesHold() {
        func reference(_ draft: EvidenceDraft) -> Int {
            var hash = FNV1a()
            func add(_ text: String) {
                hash.add(text)
                hash.add(0x1F)
            }
            for text in [
                draft.kind.rawValue, draft.title, draft.documentNumber, draft.revision,
                draft.location, draft.sha256, draft.size.map(String.init) ?? "-", draft.modified,
                draft.effectiveDate, draft.reviewDate, draft.owner, draft.status,
            ] {
                add(text)
            }
            for clause in draft.clauses { add(clause.description) }
            add("|")
            for tag in draft.tags { add(tag) }
            // Only when there is some, so records from before these fields keep their value.
            if !draft.description.isEmpty || !draft.attributes.isEmpty {
                add("|")
                add(draft.description)
                add(EvidenceAttribute.json(draft.attributes))
            }
            if !draft.clauseBasis.isEmpty { add(draft.clauseBasis.json) }
            let value = Int(bitPattern: UInt(hash.value))
            return value == 0 ? 1 : value
        }
        let batch = DraftBatch(Self.drafts)
        batch.withView { view in
            for index in Self.drafts.indices {
                #expect(view.fingerprint(of: index) == reference(Self.drafts[index]))
            }
            #expect(view.fingerprint(of: 0) != view.fingerprint(of: 3))
        }
        // An attribute changed is a record changed.
        var changed = Self.drafts[4]
        changed.attributes[1].value = "11 y"
        #expect(
            DraftBatch([changed]).withView { $0.fingerprint(of: 0) }
                != DraftBatch([Self.drafts[4]]).withView { $0.fingerprint(of: 0) })
        // A pinned value: a change to FNV1a itself shows here too.
        #expect(DraftBatch([Self.drafts[3]]).withView { $0.fingerprint(of: 0) } == pinned)
    }

    private let pinned = -7_217_335_689_068_378_022
}
