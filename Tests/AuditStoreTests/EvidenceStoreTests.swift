import AuditModel
import AuditTestSupport
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
}
