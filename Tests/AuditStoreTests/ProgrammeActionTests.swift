import AuditModel
import AuditTestSupport
import Foundation
import GRDB
import PostgresProgramme
import Testing

@testable import AuditStore

/// Corrective actions followed on the programme, in a file and on a server alike: the same
/// guards as in an audit file, no move overwritten by another, and a later attach that keeps
/// the programme's record or says where the two differ.
@Suite struct ProgrammeActionTests {
    typealias Engine = ProgrammeFileTests.Engine
    static let context = AuditFileTests.context
    static let patel = ChangeContext(
        actor: "R. Patel", command: "action update NC-001 --audit-id IA-1",
        time: "2026-11-23T09:15:00Z")

    /// A programme with IA-1 attached: one minor answered, so NC-001 with an open record.
    static func attached(_ folder: TemporaryDirectory, _ engine: Engine) throws -> (
        ProgrammeStore, AuditFile
    ) {
        let programme = try ProgrammeFileTests.programme(folder, engine)
        let audit = try ProgrammeFileTests.audit(
            folder, "ia1.qmsaudit", for: programme, auditID: "IA-1")
        _ = try programme.attach(audit, as: nil, ownProcessReason: nil, context: context)
        return (programme, audit)
    }

    static func contain(_ action: inout CorrectiveAction, _ text: String) {
        action.correction = text
        action.correctionDate = CalendarDate("2026-11-22")
    }

    @Test(arguments: Engine.allCases)
    func aMoveOnTheProgrammeIsJudgedLikeOneInTheFileAndShownEverywhere(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (programme, _) = try Self.attached(folder, engine)
        #expect {
            try programme.changeAction(
                auditID: "ia-1", findingID: "nc-001", action: "update", context: Self.context
            ) { action, finding, policy in
                try action.move(to: .causeFound, finding: finding, policy: policy)
            }
        } throws: { "\($0)".contains("guard 'containment'") }
        let events = try programme.journal().count
        let (before, after) = try programme.changeAction(
            auditID: "ia-1", findingID: "nc-001", action: "update", context: Self.context
        ) { action, finding, policy in
            action.owner = "J. Smith"
            Self.contain(&action, "Late orders re-released")
            try action.move(to: .contained, finding: finding, policy: policy)
        }
        #expect(before.state == .open && after.state == .contained)
        let journal = try programme.journal()
        #expect(journal.count == events + 1)
        #expect(journal.last?.entity == "action:IA-1/NC-001" && journal.last?.action == "update")
        #expect(
            try programme.findingRegister(auditID: "IA-1").actions["NC-001"]?.state == .contained)
        let state = try programme.state()
        #expect(state.attached.first?.actions["NC-001"]?.owner == "J. Smith")
        #expect {
            _ = try programme.findingRegister(auditID: "IA-7")
        } throws: { "\($0)".contains("no audit 'IA-7'") }
        #expect {
            _ = try programme.findingRegister(auditID: "IA-2")
        } throws: { "\($0)".contains("IA-2 is planned but no audit file is attached") }
        #expect(try programme.verifyJournal().isIntact)
    }

    /// Two people move the same action at once: the one whose read was overtaken is refused,
    /// told who moved it and when; neither change is lost or half-written.
    @Test(arguments: Engine.allCases)
    func aMoveOvertakenByAnotherIsRefusedNotOverwritten(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (mine, _) = try Self.attached(folder, engine)
        let theirs =
            try engine.open(mine.path)
        let events = try mine.journal().count
        #expect {
            try mine.changeAction(
                auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.context
            ) { action, _, _ in
                // Between this command's read and its write, R. Patel moves the record.
                try theirs.changeAction(
                    auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.patel
                ) { other, _, _ in other.owner = "R. Patel" }
                action.owner = "J. Smith"
            }
        } throws: { error in
            guard case .conflict = error as? ProgrammeError else { return false }
            return "\(error)".contains(
                "the corrective action of NC-001 in IA-1 was changed by R. Patel at"
                    + " 2026-11-23T09:15:00Z ('action update NC-001 --audit-id IA-1')")
        }
        #expect(try mine.findingRegister(auditID: "IA-1").actions["NC-001"]?.owner == "R. Patel")
        #expect(try mine.journal().count == events + 1)
        try mine.changeAction(
            auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.context
        ) { action, _, _ in action.due = CalendarDate("2027-02-01")! }
        let action = try #require(try mine.findingRegister(auditID: "IA-1").actions["NC-001"])
        #expect(action.owner == "R. Patel" && action.due == CalendarDate("2027-02-01"))
        #expect(try mine.verifyJournal().isIntact)
    }

    /// Other changes between this command's read and its write (not to the record): the
    /// move is still written, after them, and the journal stays one chain.
    @Test(arguments: Engine.allCases)
    func aMoveAfterOtherChangesIsStillWritten(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (mine, _) = try Self.attached(folder, engine)
        let theirs =
            try engine.open(mine.path)
        let events = try mine.journal().count
        try mine.changeAction(
            auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.context
        ) { action, _, _ in
            try theirs.saveProcess(
                ProgrammeProcess(id: "sales", name: "Sales", clauses: [clause("8.2")]),
                context: Self.patel)
            action.owner = "J. Smith"
        }
        let journal = try mine.journal()
        #expect(journal.count == events + 2)
        #expect(journal.last?.entity == "action:IA-1/NC-001")
        #expect(try mine.findingRegister(auditID: "IA-1").actions["NC-001"]?.owner == "J. Smith")
        #expect(try mine.verifyJournal().isIntact)
    }

    /// Attaches of one audit from four connections at once, while two people move its
    /// action: they queue (nothing fails, nothing is attached twice) and the journal is one
    /// chain.
    @Test(arguments: Engine.allCases)
    func attachesAndMovesAtOnceQueue(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (programme, audit) = try Self.attached(folder, engine)
        try audit.record(
            [Answer(itemID: "8.4.2-1", verdict: .conforming, note: "ok")], context: Self.context)
        let events = try programme.journal().count
        let lock = NSLock()
        nonisolated(unsafe) var changes: [ProgrammeStore.AttachOutcome.Change] = []
        nonisolated(unsafe) var moved = 0
        nonisolated(unsafe) var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: 6) { person in
            do {
                let mine =
                    try engine.open(programme.path)
                if person < 4 {
                    let file = try AuditFile.open(at: audit.path)
                    let outcome = try mine.attach(
                        file, as: nil, ownProcessReason: nil, context: Self.context)
                    lock.withLock { changes.append(outcome.change) }
                    return
                }
                for round in 0..<5 {
                    do {
                        try mine.changeAction(
                            auditID: "IA-1", findingID: "NC-001", action: "update",
                            context: Self.context
                        ) { action, _, _ in action.extent = "\(person)-\(round)" }
                        lock.withLock { moved += 1 }
                    } catch ProgrammeError.conflict {}
                }
            } catch {
                lock.withLock { problems.append("\(error)") }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
        #expect(changes.filter { $0 == .updated(events: 1) }.count == 1)
        #expect(changes.filter { $0 == .unchanged }.count == 3)
        #expect(try programme.journal().count == events + 1 + moved)
        #expect(try programme.verifyJournal().isIntact)
    }

    /// The audit file is attached again after the team moved an action on the programme:
    /// the programme's record stays; where the file changed the same action too, the attach
    /// is refused naming both, or with the flag the file's record replaces it (journaled).
    @Test(arguments: Engine.allCases)
    func aLaterAttachKeepsTheProgrammesRecordOrNamesTheClash(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (programme, audit) = try Self.attached(folder, engine)
        try programme.changeAction(
            auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.patel
        ) { action, finding, policy in
            Self.contain(&action, "Late orders re-released")
            try action.move(to: .contained, finding: finding, policy: policy)
        }
        try audit.record(
            [Answer(itemID: "8.4.2-1", verdict: .conforming, note: "ok")], context: Self.context)
        let kept = try programme.attach(
            audit, as: nil, ownProcessReason: nil, context: Self.context)
        #expect(kept.followedActions == 1)
        #expect(
            try programme.findingRegister(auditID: "IA-1").actions["NC-001"]?.state == .contained)

        try audit.changeAction("NC-001", action: "update", context: Self.context) { action, _, _ in
            action.owner = "Quality office"
        }
        let events = try programme.journal().count
        #expect {
            _ = try programme.attach(
                audit, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { error in
            "\(error)".contains(
                "NC-001 was moved on the programme by R. Patel at 2026-11-23T09:15:00Z")
                && "\(error)".contains("to 'contained' and changed in \(audit.path) to 'open'")
                && "\(error)".contains("--replace-moved-actions")
        }
        #expect(try programme.journal().count == events, "nothing written")
        let replaced = try programme.attach(
            audit, as: nil, ownProcessReason: nil, replaceMovedActions: true,
            context: Self.context)
        #expect(replaced.followedActions == 0)
        let action = try #require(try programme.findingRegister(auditID: "IA-1").actions["NC-001"])
        #expect(action.owner == "Quality office" && action.state == .open)
        #expect(try programme.journal().contains { $0.action == "replace" })
        #expect(try programme.verifyJournal().isIntact)
    }

    /// A programme file made before actions were followed on the programme is brought up to
    /// date when opened: the new table, and the head's event number from its journal.
    @Test func anOlderProgrammeFileIsUpgradedWhenOpened() throws {
        let folder = TemporaryDirectory()
        let (programme, _) = try Self.attached(folder, .file)
        let events = try programme.journal().count
        let queue = try DatabaseQueue(path: programme.path)
        try queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE programme_action;
                    ALTER TABLE journal_head DROP COLUMN seq;
                    DELETE FROM grdb_migrations WHERE identifier = '2026-12-p2-programme-actions';
                    """)
        }
        try queue.close()
        let upgraded = try ProgrammeStore.open(at: programme.path)
        let seq = try DatabaseQueue(path: programme.path).read { db in
            try Int.fetchOne(db, sql: "SELECT seq FROM journal_head")
        }
        #expect(seq == events)
        try upgraded.changeAction(
            auditID: "IA-1", findingID: "NC-001", action: "update", context: Self.context
        ) { action, _, _ in action.owner = "J. Smith" }
        #expect(try upgraded.verifyJournal().isIntact)
        #expect(try upgraded.journal().count == events + 1)
    }

    /// Six people move actions on at once, each on a connection (or file handle) of their
    /// own, also with writers that hold the journal's head (process changes): every move is
    /// written once or refused as overtaken, none lost, and the journal is one chain.
    @Test(arguments: Engine.allCases)
    func movesAtOnceAreEachWrittenOnceOrRefused(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (programme, _) = try Self.attached(folder, engine)
        let ia2 = try ProgrammeFileTests.audit(
            folder, "ia2.qmsaudit", for: programme, auditID: "IA-2", auditors: ["R. Patel"])
        _ = try programme.attach(ia2, as: nil, ownProcessReason: nil, context: Self.context)
        let events = try programme.journal().count
        let (people, each) = (6, 8)
        let lock = NSLock()
        nonisolated(unsafe) var written: [String: Int] = [:]
        nonisolated(unsafe) var refused = 0
        nonisolated(unsafe) var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: people) { person in
            do {
                let mine =
                    try engine.open(programme.path)
                for round in 0..<each {
                    if person == 0 {
                        try mine.saveProcess(
                            ProgrammeProcess(
                                id: "p\(round)", name: "P\(round)", clauses: [clause("8.4")]),
                            context: Self.context)
                        continue
                    }
                    let audit = (person + round) % 2 == 0 ? "IA-1" : "IA-2"
                    do {
                        try mine.changeAction(
                            auditID: audit, findingID: "NC-001", action: "update",
                            context: Self.context
                        ) { action, _, _ in action.extent = "person \(person), round \(round)" }
                        lock.withLock { written[audit, default: 0] += 1 }
                    } catch ProgrammeError.conflict {
                        lock.withLock { refused += 1 }
                    }
                }
            } catch {
                lock.withLock { problems.append("\(error)") }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
        #expect(written.values.reduce(0, +) + refused == (people - 1) * each)
        let journal = try programme.journal()
        for audit in ["IA-1", "IA-2"] {
            #expect(
                journal.filter { $0.entity == "action:\(audit)/NC-001" }.count == written[audit])
        }
        #expect(journal.count == events + each + written.values.reduce(0, +))
        #expect(try programme.verifyJournal().isIntact)
    }
}

/// The team's moves brought back into the audit file: its reports then show them, and a
/// later attach finds both the same; a record changed in both places is refused unless the
/// programme's is to win.
@Suite struct ProgrammeActionPullTests {
    typealias Engine = ProgrammeFileTests.Engine
    static let context = AuditFileTests.context

    @Test(arguments: Engine.allCases)
    func movesComeBackIntoTheFileAndAttachAgreesAfterwards(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let (programme, audit) = try ProgrammeActionTests.attached(folder, engine)
        try programme.changeAction(
            auditID: "IA-1", findingID: "NC-001", action: "update",
            context: ProgrammeActionTests.patel
        ) { action, finding, policy in
            ProgrammeActionTests.contain(&action, "Late orders re-released")
            try action.move(to: .contained, finding: finding, policy: policy)
        }
        let pulled = try programme.pullActions(into: audit, replace: false, context: Self.context)
        #expect(pulled.auditID == "IA-1" && pulled.taken == ["NC-001"])
        #expect(try audit.findingRegister().actions["NC-001"]?.state == .contained)
        #expect(try audit.journal().last?.action == "pull")
        #expect(try audit.verifyJournal().isIntact)
        let again = try programme.pullActions(into: audit, replace: false, context: Self.context)
        #expect(again.taken.isEmpty)
        let attached = try programme.attach(
            audit, as: nil, ownProcessReason: nil, context: Self.context)
        #expect(attached.change == .updated(events: 1) && attached.followedActions == 1)

        // Moved on both sides since that attach: refused, then taken on request.
        try programme.changeAction(
            auditID: "IA-1", findingID: "NC-001", action: "update",
            context: ProgrammeActionTests.patel
        ) { action, _, _ in action.owner = "R. Patel" }
        try audit.changeAction("NC-001", action: "update", context: Self.context) { action, _, _ in
            action.owner = "Quality office"
        }
        let events = try audit.journal().count
        #expect {
            _ = try programme.pullActions(into: audit, replace: false, context: Self.context)
        } throws: { "\($0)".contains("NC-001 is at 'contained' on the programme (IA-1)") }
        #expect(try audit.journal().count == events, "nothing written")
        let replaced = try programme.pullActions(into: audit, replace: true, context: Self.context)
        #expect(replaced.taken == ["NC-001"])
        #expect(try audit.findingRegister().actions["NC-001"]?.owner == "R. Patel")

        let stranger = try ProgrammeFileTests.audit(
            folder, "other.qmsaudit", for: programme, auditID: "IA-2", auditors: ["R. Patel"])
        #expect {
            _ = try programme.pullActions(into: stranger, replace: false, context: Self.context)
        } throws: { "\($0)".contains("is not attached to this programme") }
    }
}

/// The copy between engines names every table and column of both schemas: a column added to
/// one schema and forgotten in the copy would be lost by `programme export`.
@Suite struct ProgrammeSchemaCoverageTests {
    @Test(arguments: ProgrammeFileTests.Engine.allCases)
    func theCopyCoversEveryTableAndColumn(engine: ProgrammeFileTests.Engine) throws {
        let folder = TemporaryDirectory()
        let programme = try ProgrammeFileTests.programme(folder, engine)
        let sql =
            engine == .file
            ? """
            SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT IN ('grdb_migrations')
            """
            : """
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'qmsaudit_migrations'
            """
        let rows = try programme.engine.read { try $0.rows(sql, []) }
        var schema: [String: Set<String>] = [:]
        for row in rows {
            schema[row[0].text ?? "", default: []].insert(row[1].text ?? "")
        }
        var copied: [String: Set<String>] = [:]
        for table in ProgrammeStore.tables {
            copied[table.name] = Set(table.columns)
        }
        // The server numbers processes itself, to keep their order; the copy keeps it by
        // copying them in order.
        if engine == .postgresql { copied["process"]?.insert("position") }
        #expect(schema == copied)
    }
}
