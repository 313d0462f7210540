import AuditChecklists
import AuditModel
import AuditTestSupport
import Foundation
import GRDB
import PostgresProgramme
import Testing

@testable import AuditStore

/// The programme, in a file and on a PostgreSQL server alike: attaching audit files from
/// several laptops, idempotent and refusing what does not belong.
@Suite struct ProgrammeFileTests {
    static let context = AuditFileTests.context

    /// Where a test's programme is kept.
    enum Engine: String, CaseIterable, CustomTestStringConvertible {
        case file
        case postgresql

        var testDescription: String { rawValue }

        /// A new, empty programme of this engine (on the server, in the database at `address`,
        /// else a new one).
        func create(_ folder: TemporaryDirectory, at address: String? = nil) throws
            -> ProgrammeStore
        {
            switch self {
            case .file:
                try ProgrammeStore.create(
                    at: folder.path + "/p.qmsprog", organisation: "Acme", scope: "Widgets",
                    checklist: try AuditFileTests.iso(), context: context)
            case .postgresql:
                try PostgresProgramme.create(
                    try address ?? PostgresCluster.shared().makeDatabase(), organisation: "Acme",
                    scope: "Widgets", checklist: try AuditFileTests.iso(), context: context)
            }
        }

        /// The programme at `location` opened again, as another person's command would.
        func open(_ location: String) throws -> ProgrammeStore {
            switch self {
            case .file: try ProgrammeStore.open(at: location)
            case .postgresql: try PostgresProgramme.open(location)
            }
        }
    }

    /// A programme with two processes, one auditor working in purchasing, two planned audits.
    static func programme(
        _ folder: TemporaryDirectory, _ engine: Engine = .file, at address: String? = nil
    ) throws -> ProgrammeStore {
        let file = try engine.create(folder, at: address)
        try file.saveProcess(
            ProgrammeProcess(id: "purchasing", name: "Purchasing", clauses: [clause("8.4")]),
            context: context)
        try file.saveProcess(
            ProgrammeProcess(id: "production", name: "Production", clauses: [clause("8.5")]),
            context: context)
        try file.saveAuditor(
            ProgrammeAuditor(name: "R. Patel", processes: ["purchasing"]), context: context)
        try file.savePlannedAudits(
            [
                PlannedAudit(
                    id: "IA-1", type: .internal, processes: ["purchasing"], lead: "J. Smith"),
                PlannedAudit(
                    id: "IA-2", type: .internal, processes: ["production"], lead: "R. Patel"),
            ], context: context)
        return file
    }

    /// An audit file made for `auditID` of `programme`, with one minor answered.
    static func audit(
        _ folder: TemporaryDirectory, _ name: String, for programme: ProgrammeStore?,
        auditID: String, organisation: String = "Acme", auditors: [String] = ["J. Smith"]
    ) throws -> AuditFile {
        let link = try programme.map {
            ProgrammeLink(programmeID: try $0.info().id, auditID: auditID)
        }
        let file = try AuditFile.create(
            at: folder.path + "/" + name,
            audit: .init(
                organisation: organisation, scope: "s", sites: [], type: .internal,
                auditors: auditors, programme: link),
            checklist: AuditFileTests.iso(), context: context)
        try file.record(
            [Answer(itemID: "8.4.1-1", verdict: .minor, note: "late")], context: context)
        return file
    }

    @Test(arguments: Engine.allCases)
    func attachingTwiceChangesNothingAndMoreWorkIsBroughtIn(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let programme = try Self.programme(folder, engine)
        let audit = try Self.audit(folder, "ia1.qmsaudit", for: programme, auditID: "IA-1")
        let first = try programme.attach(
            audit, as: nil, ownProcessReason: nil, context: Self.context)
        #expect(first.change == .attached && first.answers == 1 && first.findings == 1)
        let journal = try programme.journal().count
        let again = try programme.attach(
            audit, as: nil, ownProcessReason: nil, context: Self.context)
        #expect(again.change == .unchanged)
        #expect(try programme.journal().count == journal, "nothing written")
        try audit.record([Answer(itemID: "8.4.1-2", verdict: .conforming)], context: Self.context)
        let more = try programme.attach(
            audit, as: nil, ownProcessReason: nil, context: Self.context)
        #expect(more.change == .updated(events: 1) && more.answers == 2)
        let state = try programme.state()
        #expect(state.attached.map(\.auditID) == ["IA-1"])
        #expect(state.plannedAudit("IA-1")?.status == .inProgress)
        #expect(try programme.verifyJournal().isIntact)
    }

    @Test(arguments: Engine.allCases)
    func aCopyChangedApartIsRefusedNamingTheEvent(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let programme = try Self.programme(folder, engine)
        let audit = try Self.audit(folder, "ia1.qmsaudit", for: programme, auditID: "IA-1")
        try FileManager.default.copyItem(
            atPath: audit.path, toPath: folder.path + "/laptop2.qmsaudit")
        let other = try AuditFile.open(at: folder.path + "/laptop2.qmsaudit")
        try audit.record([Answer(itemID: "8.4.1-2", verdict: .conforming)], context: Self.context)
        try other.record(
            [Answer(itemID: "8.4.1-2", verdict: .minor, note: "x")], context: Self.context)
        _ = try programme.attach(audit, as: nil, ownProcessReason: nil, context: Self.context)
        let before = try programme.journal().count
        #expect {
            try programme.attach(other, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { error in
            "\(error)".contains("has a different history from the copy attached as IA-1: event 6")
        }
        #expect(try programme.journal().count == before)
        #expect(try programme.state().attached.first?.answers.count == 2)
    }

    @Test(arguments: Engine.allCases)
    func refusesWhatDoesNotBelong(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let programme = try Self.programme(folder, engine)
        let other = try Self.audit(
            folder, "other.qmsaudit", for: nil, auditID: "", organisation: "Bolt Ltd")
        #expect {
            try programme.attach(other, as: "IA-1", ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("audits 'Bolt Ltd', not 'Acme'") }
        let unlinked = try Self.audit(folder, "plain.qmsaudit", for: nil, auditID: "")
        #expect {
            try programme.attach(unlinked, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("name its planned audit with --audit-id") }
        #expect {
            try programme.attach(unlinked, as: "IA-9", ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("plans no audit 'IA-9'") }
        let second = TemporaryDirectory()
        let elsewhere = try Self.programme(second, engine)
        let foreign = try Self.audit(folder, "foreign.qmsaudit", for: elsewhere, auditID: "IA-1")
        #expect {
            try programme.attach(foreign, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("was made for another programme") }
        // Another file under an id already attached.
        _ = try programme.attach(unlinked, as: "IA-1", ownProcessReason: nil, context: Self.context)
        let another = try Self.audit(folder, "another.qmsaudit", for: nil, auditID: "")
        #expect {
            try programme.attach(another, as: "IA-1", ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("another audit file") }
        // A broken chain.
        let broken = try Self.audit(folder, "broken.qmsaudit", for: programme, auditID: "IA-1")
        let queue = try DatabaseQueue(path: broken.path)
        try queue.write { db in
            try db.execute(sql: "UPDATE journal SET actor = 'someone else' WHERE seq = 2")
        }
        #expect {
            try programme.attach(broken, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { "\($0)".contains("the journal chain is broken") }
    }

    @Test(arguments: Engine.allCases)
    func aLeadDoesNotAuditTheirOwnProcessWithoutAReason(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let programme = try Self.programme(folder, engine)
        try programme.savePlannedAudits(
            [
                PlannedAudit(
                    id: "IA-3", type: .internal, processes: ["purchasing"], lead: "R. Patel")
            ],
            context: Self.context)
        let audit = try Self.audit(
            folder, "ia3.qmsaudit", for: programme, auditID: "IA-3", auditors: ["R. Patel"])
        #expect {
            try programme.attach(audit, as: nil, ownProcessReason: nil, context: Self.context)
        } throws: { error in
            (error as? ProgrammeError)?.exitStatus == 1
                && "\(error)".contains("R. Patel leads IA-3 and works in 'Purchasing'")
        }
        let allowed = try programme.attach(
            audit, as: nil, ownProcessReason: "the only trained auditor", context: Self.context)
        #expect(allowed.change == .attached)
        #expect(
            try programme.state().plannedAudit("IA-3")?.ownProcessReason
                == "the only trained auditor")
        #expect(try programme.journal().last?.after?.contains("the only trained auditor") == true)
    }

    /// Two people change the same planned audit: the one who read it before the other wrote
    /// is refused.
    ///
    /// They are told who changed it and when; nothing is overwritten. Adding what someone
    /// has just added is refused the same way.
    @Test(arguments: Engine.allCases)
    func aChangeMadeMeanwhileIsRefusedNotOverwritten(engine: Engine) throws {
        let folder = TemporaryDirectory()
        let mine = try Self.programme(folder, engine)
        let theirs =
            try engine.open(mine.path)
        let patel = ChangeContext(
            actor: "R. Patel", command: "programme audit edit IA-1", time: "2026-11-23T09:15:00Z")
        let read = try #require(try mine.state().plannedAudit("IA-1"))
        var moved = read
        moved.lead = "R. Patel"
        try theirs.savePlannedAudits(
            [moved], expecting: ["IA-1": .unchanged(read)], context: patel)
        var mineToo = read
        mineToo.lead = "A. Other"
        let events = try mine.journal().count
        #expect {
            try mine.savePlannedAudits(
                [mineToo], expecting: ["IA-1": .unchanged(read)], context: Self.context)
        } throws: { error in
            guard case .conflict = error as? ProgrammeError else { return false }
            return "\(error)".contains(
                "audit:IA-1 was changed by R. Patel at 2026-11-23T09:15:00Z"
                    + " ('programme audit edit IA-1') after this command read it")
        }
        #expect(try mine.state().plannedAudit("IA-1")?.lead == "R. Patel")
        #expect(try mine.journal().count == events)
        let process = ProgrammeProcess(id: "sales", name: "Sales", clauses: [clause("8.2")])
        try theirs.saveProcess(process, expecting: .absent, context: patel)
        #expect {
            try mine.saveProcess(process, expecting: .absent, context: Self.context)
        } throws: { "\($0)".contains("process:sales was added by R. Patel") }
        #expect(try mine.verifyJournal().isIntact)
    }

    @Test func aProgrammeFromANewerQmsauditIsRefused() throws {
        let folder = TemporaryDirectory()
        let programme = try Self.programme(folder)
        let queue = try DatabaseQueue(path: programme.path)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-p9-future')")
        }
        #expect {
            try ProgrammeStore.open(at: programme.path)
        } throws: { "\($0)".contains("was written by a newer qmsaudit") }
        #expect {
            try ProgrammeStore.open(at: folder.path + "/missing.qmsprog")
        } throws: { "\($0)".contains("no programme file at") }
        let audit = try AuditFileTests.make(folder)
        #expect {
            try ProgrammeStore.open(at: audit.path)
        } throws: { "\($0)".contains("it has no programme tables") }
    }
}
