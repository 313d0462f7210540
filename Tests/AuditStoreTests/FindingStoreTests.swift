import AuditChecklists
import AuditModel
import AuditTestSupport
import Foundation
import Testing

@testable import AuditStore

@Suite struct FindingStoreTests {
    static let context = AuditFileTests.context

    static func make(_ folder: TemporaryDirectory) throws -> AuditFile {
        try AuditFileTests.make(folder)
    }

    @Test func numbersFindingsPerPrefixAndOpensAnActionForNonconformities() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let first = try file.raise(
            .init(grade: "MINOR", itemID: "7.2-2", statement: "untrained"), context: Self.context)
        let second = try file.raise(
            .init(grade: "major", clause: clause("8.5.1"), statement: "x"), context: Self.context)
        let ofi = try file.raise(
            .init(grade: "ofi", clause: clause("9.1.3"), statement: "trend"), context: Self.context)
        #expect([first.id, second.id, ofi.id] == ["NC-001", "NC-002", "OFI-001"])
        #expect(first.clause == clause("7.2") && first.grade == "minor")
        let register = try file.findingRegister()
        #expect(register.actions["NC-001"]?.due.description == "2027-02-20")
        #expect(register.actions["OFI-001"] == nil)
        #expect(register.openMajors.map(\.id) == ["NC-002"])
        // The finding on an item also answers the item with its grade.
        #expect(
            try file.journal().map(\.action).suffix(6) == [
                "raise", "open", "answer", "raise", "open", "raise",
            ])
        #expect(try file.responses()["7.2-2"]?.verdict == .minor)
    }

    @Test func refusesUnknownGradesItemsClausesAndEvidence() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let before = try file.journal().count
        for (new, message) in [
            (
                AuditFile.NewFinding(grade: "critical", clause: clause("7.2")),
                "unknown grade 'critical'"
            ),
            (AuditFile.NewFinding(grade: "minor", itemID: "9.9-9"), "has no item '9.9-9'"),
            (AuditFile.NewFinding(grade: "minor", clause: clause("11")), "has no clause '11'"),
            (AuditFile.NewFinding(grade: "minor"), "name the item (--item) or the clause"),
            (
                AuditFile.NewFinding(
                    grade: "minor", clause: clause("7.2"), evidence: "see EV-0042"),
                "no evidence 'EV-0042'"
            ),
        ] {
            #expect {
                try file.raise(new, context: Self.context)
            } throws: { error in
                "\(error)".contains(message)
            }
        }
        #expect(try file.journal().count == before, "a refused finding writes nothing")
    }

    @Test func aRefusedTransitionLeavesTheFileAsItWas() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        try file.raise(
            .init(grade: "major", clause: clause("8.5.1"), statement: "x"), context: Self.context)
        let before = try file.journal().count
        #expect(throws: ActionRefusal.self) {
            try file.changeAction("NC-001", action: "update", context: Self.context) {
                action, finding, policy in
                action.correction = "contained"
                try action.move(to: .planned, finding: finding, policy: policy)
            }
        }
        #expect(try file.journal().count == before)
        #expect(try file.findingRegister().actions["NC-001"]?.correction == "")
        let (_, after) = try file.changeAction("nc-001", action: "update", context: Self.context) {
            action, _, _ in action.owner = "J. Patel"
        }
        #expect(after.owner == "J. Patel")
        #expect(try file.journal().last?.entity == "action:NC-001")
    }

    @Test func withdrawingCancelsTheActionAndAClosedRecordIsFinal() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        try file.raise(
            .init(grade: "minor", clause: clause("7.2"), statement: "x"), context: Self.context)
        #expect(throws: AuditStoreError.self) {
            try file.withdrawFinding("NC-001", reason: " ", context: Self.context)
        }
        let withdrawn = try file.withdrawFinding(
            "NC-001", reason: "record found later", context: Self.context)
        #expect(withdrawn.isWithdrawn)
        let register = try file.findingRegister()
        #expect(register.actions["NC-001"]?.state == .cancelled)
        #expect(register.status(of: withdrawn) == .withdrawn)
        #expect {
            try file.changeAction("NC-001", action: "update", context: Self.context) { _, _, _ in }
        } throws: { error in
            "\(error)".contains("closed and cancelled records are final")
        }
        #expect(throws: AuditStoreError.self) {
            try file.editFinding("NC-001", .init(statement: "y"), context: Self.context)
        }
    }

    @Test func aRegradeKeepsTheNumberOrIsRefused() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        try file.raise(
            .init(grade: "minor", clause: clause("7.2"), statement: "x"), context: Self.context)
        let major = try file.editFinding("NC-001", .init(grade: "major"), context: Self.context)
        #expect(major.grade == "major" && major.findingClass == .major)
        #expect {
            try file.editFinding("NC-001", .init(grade: "observation"), context: Self.context)
        } throws: { error in
            "\(error)".contains("its number would change to OBS-…")
        }
    }

    @Test func theDraftFollowsTheAnswer() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let opened = try file.record(
            [Answer(itemID: "7.2-2", verdict: .minor, note: "2 of 5 untrained")],
            context: Self.context)
        #expect(opened.findingsOpened == ["NC-001"])
        var draft = try #require(try file.findingRegister().finding("NC-001"))
        #expect(draft.isDraft && draft.statement == "2 of 5 untrained" && draft.origin == .answer)
        let regraded = try file.record(
            [Answer(itemID: "7.2-2", verdict: .major, note: "no records at all")],
            context: Self.context)
        #expect(regraded.findingsChanged == ["NC-001"])
        draft = try #require(try file.findingRegister().finding("NC-001"))
        #expect(draft.grade == "major" && draft.statement == "no records at all")
        // Once complete, the finding no longer follows the answer; a note says so.
        try file.editFinding(
            "NC-001", .init(requirement: "7.2 d)", evidence: "training matrix"),
            context: Self.context)
        let changed = try file.record(
            [Answer(itemID: "7.2-2", verdict: .conforming)], context: Self.context)
        #expect(changed.findingsWithdrawn.isEmpty)
        #expect(
            changed.findingNotes.first?.hasPrefix("NC-001 was raised from the earlier answer")
                == true)
        #expect(try file.findingRegister().finding("NC-001")?.isWithdrawn == false)
        // A draft opened by a new nonconformity answer is withdrawn when the answer goes.
        try file.record([Answer(itemID: "7.2-3", verdict: .minor)], context: Self.context)
        let cleared = try file.record([], clearing: ["7.2-3"], context: Self.context)
        #expect(cleared.findingsWithdrawn == ["NC-002"])
        #expect(try file.verifyJournal().isIntact)
    }
}
