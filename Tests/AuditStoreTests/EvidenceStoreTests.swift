import AuditModel
import AuditTestSupport
import Foundation
import GRDB
import ImportTransport
import Testing

@testable import AuditStore

@Suite struct EvidenceStoreTests {
    static let drafts = [
        EvidenceDraft(
            naturalKey: "QP-7.5-01", title: "Document control", revision: "6",
            clauses: [clause("7.5")]),
        EvidenceDraft(
            naturalKey: "QF-7.2-01", title: "Competence matrix", reviewDate: "2026-01-01",
            clauses: [clause("7.2")]),
        EvidenceDraft(
            naturalKey: "REC-9.2", kind: .record, title: "Audit report", clauses: [clause("9.2.2")]),
    ]

    @Test func reImportingIsIdempotentAndReportsChanges() throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let context = AuditFileTests.context
        let dry = try file.importEvidence(
            Self.drafts, source: "csv:r.csv", dryRun: true, context: context)
        #expect(dry.added.count == 3)
        #expect(try file.evidence().isEmpty, "a dry run writes nothing")
        let first = try file.importEvidence(Self.drafts, source: "csv:r.csv", context: context)
        #expect(first.summary == "3 added, 0 changed, 0 unchanged, 0 removed")
        #expect(try file.evidence().map(\.id) == ["EV-0001", "EV-0002", "EV-0003"])
        let again = try file.importEvidence(Self.drafts, source: "csv:r.csv", context: context)
        #expect(again.summary == "0 added, 0 changed, 3 unchanged, 0 removed")
        var revised = Self.drafts
        revised[0].revision = "7"
        revised.removeLast()
        revised.append(EvidenceDraft(naturalKey: "NEW-1", title: "New"))
        let third = try file.importEvidence(revised, source: "csv:r.csv", context: context)
        #expect(
            third.changed == ["QP-7.5-01"] && third.added == ["NEW-1"]
                && third.removed == ["REC-9.2"])
        let records = try file.evidence()
        #expect(records.map(\.id) == ["EV-0001", "EV-0002", "EV-0003", "EV-0004"])
        #expect(records.first { $0.draft.naturalKey == "REC-9.2" }?.removedFromSource == true)
        #expect(records.first?.draft.revision == "7")
        // Another source with the same keys keeps its own records.
        let other = try file.importEvidence(Self.drafts, source: "csv:other.csv", context: context)
        #expect(other.added.count == 3)
        #expect(try file.journal().filter { $0.action == "import" }.count == 4)
        #expect(try file.verifyJournal().isIntact)
    }

    @Test func linksAndUnlinksWithJournalEvents() throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let context = AuditFileTests.context
        try file.importEvidence(Self.drafts, source: "csv:r.csv", context: context)
        #expect(try file.link(["EV-0001", "EV-0002"], to: "7.5.1-1", context: context).count == 2)
        #expect(
            try file.link(["EV-0001"], to: "7.5.1-1", context: context).isEmpty, "already linked")
        #expect(try file.links()["7.5.1-1"] == ["EV-0001", "EV-0002"])
        #expect(
            try file.link(["EV-0002"], to: "7.5.1-1", unlink: true, context: context) == ["EV-0002"]
        )
        #expect(throws: AuditStoreError.self) {
            try file.link(["EV-0099"], to: "7.5.1-1", context: context)
        }
        #expect(throws: AuditStoreError.self) {
            try file.link(["EV-0001"], to: "99-1", context: context)
        }
        #expect(
            try file.journal(entity: "item:7.5.1-1").map(\.action) == ["link", "link", "unlink"])
        #expect(try file.evidence(id: "EV-0002")?.isStale(on: "2026-11-22") == true)
    }

    @Test func aDuplicateKeyLandsNothing() throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let context = AuditFileTests.context
        let twice = Self.drafts + [EvidenceDraft(naturalKey: "QP-7.5-01", title: "Again")]
        // A new source: the unique index refuses the second one.
        #expect { try file.importEvidence(twice, source: "csv:r.csv", context: context) } throws: {
            "\($0)".contains("lists 'QP-7.5-01' twice")
        }
        #expect(try file.evidence().isEmpty)
        // A known source: the keys seen are checked.
        try file.importEvidence(Self.drafts, source: "csv:r.csv", context: context)
        #expect { try file.importEvidence(twice, source: "csv:r.csv", context: context) } throws: {
            "\($0)".contains("lists 'QP-7.5-01' twice")
        }
        #expect(try file.journal().filter { $0.action == "import" }.count == 1)
    }

    /// Streamed, a repeated key is left out and listed with its line — found by the unique
    /// index (first line unknown) when importing, by the key index (first line known) in a dry
    /// run — and a known source's records met once are neither repeats nor removed.
    @Test func listsRepeatedKeysWithTheirLines() throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let context = AuditFileTests.context
        func draft(_ key: String, _ line: Int, _ title: String = "T") -> EvidenceDraft {
            EvidenceDraft(naturalKey: key, title: title, line: line)
        }
        func run(_ drafts: [EvidenceDraft], source: String = "xml:r.xml", dryRun: Bool = false)
            throws -> ImportReport
        {
            try file.importEvidence(
                batches: [DraftBatch(drafts)], closing: { _ in ImportClosing() }, source: source,
                dryRun: dryRun,
                context: context)
        }
        let first = [draft("A", 2), draft("B", 3), draft("A", 4), draft("C", 5), draft("B", 9)]
        for dryRun in [true, false] {
            let report = try run(first, dryRun: dryRun)
            #expect(report.addedCount == 3 && report.added == ["A", "B", "C"])
            #expect(
                report.repeated.map(\.withoutFingerprint) == [
                    RepeatedKey(key: "A", line: 4, firstLine: dryRun ? 2 : 0),
                    RepeatedKey(key: "B", line: 9, firstLine: dryRun ? 3 : 0),
                ])
        }
        // Another source's records take numbers between this source's old and new ones.
        try run([draft("X", 1)], source: "csv:other.csv")
        let again = [
            draft("C", 1), draft("D", 2), draft("A", 3, "changed"), draft("C", 4), draft("D", 5),
        ]
        for dryRun in [true, false] {
            let report = try run(again, dryRun: dryRun)
            #expect(report.added == ["D"] && report.changed == ["A"] && report.unchanged == ["C"])
            #expect(report.removed == ["B"])
            #expect(
                report.repeated.map(\.withoutFingerprint) == [
                    RepeatedKey(key: "C", line: 4, firstLine: dryRun ? 1 : 0),
                    RepeatedKey(key: "D", line: 5, firstLine: dryRun ? 2 : 0),
                ])
        }
        #expect(try file.evidence().map(\.draft.naturalKey) == ["A", "B", "C", "X", "D"])
        #expect(try file.evidence().first { $0.draft.naturalKey == "B" }?.removedFromSource == true)
    }

    /// A re-scan hands over unchanged files as their record's number: the record stays as it
    /// is (no lookup, no comparison), is counted unchanged, and still counts as met, so only
    /// what the source no longer holds is marked removed; the derivation is recorded.
    @Test func unchangedRecordsAreTakenAsTheyAre() throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let context = AuditFileTests.context
        let source = "dir:QMS"
        func files(_ drafts: [EvidenceDraft]) -> [EvidenceDraft] {
            drafts.map {
                var draft = $0
                draft.modified = "2026-03-01T09:30:00.000Z"
                draft.sha256 = "ab"
                draft.size = 2
                return draft
            }
        }
        try file.importEvidence(files(Self.drafts), source: source, context: context)
        let before = try file.evidence()
        var facts = try file.knownFiles(source: source)
        #expect(facts.count == 3 && facts.liveCount == 3 && facts.derivation.isEmpty)
        #expect(facts.lastImport > 0)
        #expect(
            facts["QF-7.2-01"]
                == KnownFile(size: 2, modified: "2026-03-01T09:30:00.000Z", sha256: "ab", number: 2)
        )
        func unchanged(_ key: String) -> EvidenceDraft {
            let number = facts[key]?.number ?? 0
            return EvidenceDraft(naturalKey: key, title: "", unchangedRecord: number)
        }
        // Two files unchanged (their drafts carry nothing else), one described again.
        var revised = files(Self.drafts)[0]
        revised.revision = "7"
        let report = try file.importEvidence(
            batches: [DraftBatch([unchanged("QF-7.2-01"), revised, unchanged("REC-9.2")])],
            closing: { _ in ImportClosing(derivation: "d1") }, source: source, known: facts,
            context: context)
        #expect(report.summary == "0 added, 1 changed, 2 unchanged, 0 removed")
        #expect(report.unchanged == ["QF-7.2-01", "REC-9.2"])
        let after = try file.evidence()
        #expect(after[1] == before[1] && after[2] == before[2], "left exactly as they were")
        #expect(after[0].draft.revision == "7")
        facts = try file.knownFiles(source: source)
        #expect(facts.derivation == "d1")
        // One file gone: the others met through their numbers, the gone one marked removed.
        let gone = try file.importEvidence(
            batches: [DraftBatch([unchanged("QP-7.5-01"), unchanged("QF-7.2-01")])],
            closing: { _ in ImportClosing(derivation: "d1") }, source: source, known: facts,
            context: context)
        #expect(gone.summary == "0 added, 0 changed, 2 unchanged, 1 removed")
        #expect(gone.removed == ["REC-9.2"])
        facts = try file.knownFiles(source: source)
        #expect(facts.liveCount == 2 && facts["REC-9.2"]?.removed == true)
        // A number handed over twice is a repeated key, as a key listed twice is.
        let twice = try file.importEvidence(
            batches: [
                DraftBatch([unchanged("QP-7.5-01"), unchanged("QP-7.5-01"), unchanged("QF-7.2-01")])
            ],
            closing: { _ in ImportClosing(derivation: "d1") }, source: source, dryRun: true,
            known: facts, context: context)
        #expect(twice.repeated.map(\.key) == ["QP-7.5-01"] && twice.unchangedCount == 2)
    }

    /// Facts read before another import of the same source landed are stale: an import that
    /// relies on them is refused whole, and so is an unchanged record without any facts.
    @Test func staleFactsAreRefused() throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let context = AuditFileTests.context
        try file.importEvidence(Self.drafts, source: "dir:QMS", context: context)
        let facts = try file.knownFiles(source: "dir:QMS")
        try file.importEvidence(Self.drafts, source: "dir:QMS", context: context)
        let number = facts["REC-9.2"]?.number ?? 0
        let draft = EvidenceDraft(naturalKey: "REC-9.2", title: "", unchangedRecord: number)
        let events = try file.journal().count
        for known in [facts, nil] {
            #expect {
                try file.importEvidence(
                    batches: [DraftBatch([draft])], closing: { _ in ImportClosing() },
                    source: "dir:QMS",
                    known: known, context: context)
            } throws: {
                "\($0)"
                    == "nothing was imported: another command imported 'dir:QMS' while this"
                    + " import was reading it; run the import again"
            }
        }
        #expect(try file.journal().count == events)
        #expect(try file.evidence().allSatisfy { !$0.removedFromSource })
    }

    /// Drafts arrive while an importer still reads; when it then finds an error, the records
    /// already written are rolled back with everything else.
    @Test func anErrorAfterStreamingRollsBackWhatWasWritten() throws {
        struct LateError: Error {}
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let many = stride(from: 0, to: 5000, by: 500).lazy.map { start in
            DraftBatch(
                (start..<start + 500).map { EvidenceDraft(naturalKey: "K\($0)", title: "T\($0)") })
        }
        #expect(throws: LateError.self) {
            try file.importEvidence(
                batches: many, closing: { _ in throw LateError() }, source: "csv:big.csv",
                context: AuditFileTests.context)
        }
        #expect(try file.evidence().isEmpty)
        #expect(try file.journal().allSatisfy { $0.action != "import" })
        let report = try file.importEvidence(
            batches: many, closing: { _ in ImportClosing() }, source: "csv:big.csv",
            context: AuditFileTests.context)
        #expect(report.addedCount == 5000 && report.added.count == ImportReport.listLimit)
        #expect(try file.evidence().last?.id == "EV-5000")
    }

    /// A file made before evidence rows were compacted keeps its evidence, ids and links.
    @Test func migratesEvidenceFromTheFirstEvidenceSchema() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/v3.qmsaudit"
        _ = try AuditFile.create(
            at: path, audit: AuditFileTests.newAudit, checklist: AuditFileTests.iso(),
            context: AuditFileTests.context, upTo: AuditSchema.identifiers[2])
        try DatabaseQueue(path: path).write { db in
            for (number, key) in [(1, "QP-7.5-01"), (2, "REC-9.2"), (3, "QP-7.5-01")] {
                try db.execute(
                    sql: """
                        INSERT INTO evidence (id, number, source, natural_key, kind, title,
                            document_number, revision, location, sha256, size, modified,
                            effective_date, review_date, owner, clauses, tags, status,
                            imported_at, updated_at, removed_from_source)
                        VALUES (?, ?, ?, ?, 'document', ?, '', '6', '', '', 42, '', '', '',
                            'QA', '["7.5"]', '[]', '', ?, ?, ?)
                        """,
                    arguments: [
                        String(format: "EV-%04d", number), number,
                        number == 3 ? "dir:QMS" : "csv:r.csv", key, "Title \(number)",
                        "2026-01-0\(number)T00:00:00Z", "2026-02-0\(number)T00:00:00Z",
                        number == 2,
                    ])
            }
            try db.execute(
                sql: "INSERT INTO item_evidence VALUES ('7.5.1-1', 'EV-0003', '2026-03-01', 'ann')"
            )
        }
        let file = try AuditFile.open(at: path)
        let records = try file.evidence()
        #expect(records.map(\.id) == ["EV-0001", "EV-0002", "EV-0003"])
        #expect(records.map(\.source) == ["csv:r.csv", "csv:r.csv", "dir:QMS"])
        #expect(records[1].removedFromSource && !records[0].removedFromSource)
        #expect(records[0].importedAt == "2026-01-01T00:00:00Z")
        #expect(records[2].updatedAt == "2026-02-03T00:00:00Z")
        #expect(records[0].draft.size == 42 && records[0].draft.clauses == [clause("7.5")])
        #expect(try file.links()["7.5.1-1"] == ["EV-0003"])
        // Importing the same source again recognises its records, by their fields until they
        // have a fingerprint.
        let same = try file.importEvidence(
            [
                EvidenceDraft(
                    naturalKey: "QP-7.5-01", title: "Title 1", revision: "6", size: 42, owner: "QA",
                    clauses: [clause("7.5")])
            ], source: "csv:r.csv", context: AuditFileTests.context)
        #expect(same.unchangedCount == 1 && same.changedCount == 0)
        let again = try file.importEvidence(
            [EvidenceDraft(naturalKey: "QP-7.5-01", title: "Title 1")], source: "csv:r.csv",
            context: AuditFileTests.context)
        #expect(again.changedCount == 1 && again.removedCount == 0 && again.addedCount == 0)
    }
}

/// Audit files from before sources had roots: a folder's records held the folder as typed in
/// their locations; they become relative to the folder's real path, found from anywhere.
@Suite struct FolderRootMigrationTests {
    @Test func folderLocationsBecomeRelativeToTheRecordedRoot() throws {
        let folder = TemporaryDirectory()
        folder.write("QMS/7.5/QP-7.5-01.pdf", "policy")
        folder.write("Other/b.pdf", "b")
        let real = try #require(realpath(folder.path, nil).map { String(cString: $0) })
        let path = folder.path + "/v7.qmsaudit"
        _ = try AuditFile.create(
            at: path, audit: AuditFileTests.newAudit, checklist: AuditFileTests.iso(),
            context: AuditFileTests.context, upTo: AuditSchema.identifiers[6])
        func fingerprint(_ draft: EvidenceDraft) -> Int {
            DraftBatch([draft]).withView { $0.fingerprint(of: 0) }
        }
        let rows: [(source: String, place: String, key: String, location: String)] = [
            ("dir:QMS", real + "/QMS", "7.5/QP-7.5-01.pdf", "QMS/7.5/QP-7.5-01.pdf"),
            ("dir:\(folder.path)/Other", "", "b.pdf", "\(folder.path)/Other/b.pdf"),
            ("dir:gone", "", "c.pdf", "gone/c.pdf"),
            ("csv:r.csv", "", "R-1", "QMS/7.5/QP-7.5-01.pdf"),
        ]
        try DatabaseQueue(path: path).write { db in
            for (index, row) in rows.enumerated() {
                try db.execute(
                    sql: "INSERT INTO evidence_source (id, name, place) VALUES (?, ?, ?)",
                    arguments: [index + 1, row.source, row.place])
                try db.execute(
                    sql: """
                        INSERT INTO evidence_import (id, source_id, at, actor)
                        VALUES (?, ?, '2026-11-01T00:00:00Z', 'ann')
                        """, arguments: [index + 1, index + 1])
                let draft = EvidenceDraft(
                    naturalKey: row.key, title: "T", location: row.location,
                    sha256: String(repeating: "a", count: 64), size: 6)
                try db.execute(
                    sql: """
                        INSERT INTO evidence (number, source_id, natural_key, kind, title,
                            document_number, revision, location, sha256, size, modified,
                            effective_date, review_date, owner, clauses, tags, status,
                            imported_in, updated_in, fingerprint)
                        VALUES (?, ?, ?, 'document', 'T', '', '', ?, ?, 6, '', '', '', '', '[]',
                            '[]', '', ?, ?, ?)
                        """,
                    arguments: [
                        index + 1, index + 1, row.key, row.location, draft.sha256, index + 1,
                        index + 1, fingerprint(draft),
                    ])
            }
        }
        let file = try AuditFile.open(at: path)
        let records = try file.evidence()
        #expect(
            records.map(\.draft.location) == [
                "7.5/QP-7.5-01.pdf", "b.pdf", "gone/c.pdf", rows[3].location,
            ])
        #expect(records.map(\.sourceRoot) == [real + "/QMS", real + "/Other", "", ""])
        #expect(records[0].filePath == real + "/QMS/7.5/QP-7.5-01.pdf")
        #expect(records[2].filePath == "gone/c.pdf", "a folder found nowhere keeps its locations")
        #expect(try file.sources().map(\.root) == ["", real + "/Other", real + "/QMS", ""])
        // The fingerprint follows the location: importing the same files again changes nothing.
        let again = try file.importEvidence(
            [
                EvidenceDraft(
                    naturalKey: "7.5/QP-7.5-01.pdf", title: "T", location: "7.5/QP-7.5-01.pdf",
                    sha256: String(repeating: "a", count: 64), size: 6)
            ], source: "dir:QMS", context: AuditFileTests.context)
        #expect(again.unchangedCount == 1 && again.changedCount == 0)
        #expect(
            FileManager.default.fileExists(atPath: path + ".before-2026-11-v7-source-place.bak"))
    }
}

@Suite struct RepeatCacheTests {
    /// A text met again gives the value made the first time; every text gives its own value,
    /// past the cache's limit too.
    @Test func makesEachRepeatedValueOnce() {
        var cache = RepeatCache<String>()
        var made = 0
        func value(_ text: String) -> String {
            var text = text
            return text.withUTF8 { bytes in
                cache.value(for: bytes) {
                    made += 1
                    return String(decoding: $0, as: UTF8.self)
                }
            }
        }
        for round in 0..<3 {
            for owner in ["Quality manager", "Production lead", "", "Qualitätsleiterin"] {
                #expect(value(owner) == owner, "round \(round)")
            }
        }
        #expect(made == 4)
        for number in 0..<10_000 { #expect(value("title \(number)") == "title \(number)") }
        #expect(value("title 9999") == "title 9999" && made == 4 + 10_000 + 1)
        #expect(value("title 42") == "title 42" && made == 4 + 10_000 + 1, "kept: met early")
    }
}

extension RepeatedKey {
    /// The note without the fingerprint the audit file adds (its value is the batch's to say).
    var withoutFingerprint: RepeatedKey {
        RepeatedKey(key: key, line: line, firstLine: firstLine)
    }
}
