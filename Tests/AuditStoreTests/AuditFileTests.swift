import AuditChecklists
import AuditModel
import AuditTestSupport
import Foundation
import GRDB
import Testing

@testable import AuditStore

@Suite struct AuditFileTests {
    static let context = ChangeContext(
        actor: "tester", command: "test", time: "2026-11-22T10:00:00Z")
    static let newAudit = AuditFile.NewAudit(
        organisation: "Acme", scope: "Widgets", sites: ["Leeds"], type: .internal,
        auditors: ["J. Smith"])

    static func iso() throws -> Checklist {
        try ChecklistCatalog(folder: nil).checklist(id: "iso9001-2015")
    }

    static func make(_ folder: TemporaryDirectory) throws -> AuditFile {
        try AuditFile.create(
            at: folder.path + "/a.qmsaudit", audit: newAudit, checklist: iso(), context: context)
    }

    @Test func createsAndReadsBack() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let info = try file.info()
        #expect(info.organisation == "Acme" && info.sites == ["Leeds"])
        #expect(info.auditors == ["J. Smith"] && info.type == .internal)
        #expect(info.checklistID == "iso9001-2015" && info.checklistSHA256.count == 64)
        #expect(try file.checklist() == Self.iso())
        #expect(try file.responses().isEmpty)
        let journal = try file.journal()
        #expect(journal.map(\.action) == ["create"])
        #expect(journal.first?.previousHash == JournalEvent.genesis)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["a.qmsaudit"], "no temporary file may stay behind")
    }

    @Test func neverOverwrites() throws {
        let folder = TemporaryDirectory()
        _ = try Self.make(folder)
        #expect(throws: AuditStoreError.self) { try Self.make(folder) }
        let other = folder.write("notes.txt", "keep me")
        #expect(throws: AuditStoreError.self) {
            try AuditFile.create(
                at: other, audit: Self.newAudit, checklist: Self.iso(), context: Self.context)
        }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "keep me")
    }

    @Test func recordsChangesAndClearsWithOneEventEach() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let first = try file.record(
            [
                Answer(itemID: "7.2-2", verdict: .minor, note: "2 of 5 untrained"),
                Answer(itemID: "8.3.1-1", verdict: .na, justification: "no design"),
            ], context: Self.context)
        #expect(first.added == ["7.2-2", "8.3.1-1"])
        let second = try file.record(
            [
                Answer(itemID: "7.2-2", verdict: .minor, note: "2 of 5 untrained"),
                Answer(itemID: "8.3.1-1", verdict: .na, justification: "no design at all"),
            ], clearing: ["4.1-1"], context: Self.context)
        #expect(second.unchanged == ["7.2-2"] && second.changed == ["8.3.1-1"])
        #expect(second.cleared.isEmpty)
        let third = try file.record([], clearing: ["7.2-2"], context: Self.context)
        #expect(third.cleared == ["7.2-2"])
        #expect(try file.responses().keys.sorted() == ["8.3.1-1"])
        let journal = try file.journal()
        // The minor opened a draft finding with its corrective action; clearing the answer
        // withdrew the draft and cancelled the action.
        #expect(
            journal.map(\.action) == [
                "create", "answer", "raise", "open", "answer", "change", "clear", "cancel",
                "withdraw",
            ])
        #expect(journal[5].before?.contains("\"justification\":\"no design\"") == true)
        #expect(journal[6].after == nil)
        #expect(first.findingsOpened == ["NC-001"] && third.findingsWithdrawn == ["NC-001"])
        #expect(try file.journal(entity: "item:7.2-2").count == 2)
        #expect(try file.verifyJournal().isIntact)
    }

    @Test func refusesABatchWithAnyBadAnswerAndWritesNothing() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        #expect {
            try file.record(
                [
                    Answer(itemID: "7.2-2", verdict: .conforming),
                    Answer(itemID: "4.1-1", verdict: .na, justification: "no"),
                    Answer(itemID: "99-1", verdict: .conforming),
                ], context: Self.context)
        } throws: { error in
            let text = "\(error)"
            return text.contains("'4.1-1' may not be answered N/A")
                && text.contains("no item '99-1'")
        }
        #expect(try file.responses().isEmpty)
        #expect(try file.journal().count == 1)
    }

    @Test func detectsAnEditedJournalRow() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        try file.record([Answer(itemID: "7.2-2", verdict: .major)], context: Self.context)
        try file.record([Answer(itemID: "7.2-3", verdict: .conforming)], context: Self.context)
        // Someone softens the recorded verdict with a SQLite tool.
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE journal SET after = replace(after, 'major', 'minor') WHERE seq = 2")
        }
        let result = try AuditFile.open(at: file.path).verifyJournal()
        #expect(result.problem?.hasPrefix("journal event 2 does not match its hash") == true)
    }

    @Test func detectsRemovedEvents() throws {
        for (removed, expected) in [(3, "events were removed"), (2, "journal event 2 is missing")] {
            let folder = TemporaryDirectory()
            let file = try Self.make(folder)
            try file.record([Answer(itemID: "7.2-2", verdict: .ofi)], context: Self.context)
            try file.record([Answer(itemID: "7.2-3", verdict: .conforming)], context: Self.context)
            let queue = try DatabaseQueue(path: file.path)
            try queue.write { db in
                try db.execute(sql: "DELETE FROM journal WHERE seq = ?", arguments: [removed])
            }
            let problem = try file.verifyJournal().problem ?? ""
            #expect(problem.contains(expected), "removing event \(removed): \(problem)")
        }
    }

    @Test func detectsAnEditedChecklist() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { db in
            try db.execute(
                sql:
                    "UPDATE checklist SET json = replace(json, '\"weight\":2', '\"weight\":9')"
            )
        }
        #expect(throws: AuditStoreError.self) { try file.checklist() }
    }

    @Test func refusesAFileFromANewerQmsaudit() throws {
        let folder = TemporaryDirectory()
        let file = try Self.make(folder)
        let queue = try DatabaseQueue(path: file.path)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-v9-future')")
        }
        #expect {
            _ = try AuditFile.open(at: file.path)
        } throws: { error in
            "\(error)".contains("was written by a newer qmsaudit")
                && "\(error)".contains("'2099-01-v9-future'")
        }
    }

    @Test func migratesAnOlderFileAfterABackup() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/old.qmsaudit"
        let old = try AuditFile.create(
            at: path, audit: Self.newAudit, checklist: Self.iso(), context: Self.context,
            upTo: AuditSchema.identifiers[0])
        // Written as the qmsaudit of that schema did: a response row and nothing else.
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    INSERT INTO response (item_id, verdict, answered_at, answered_by)
                    VALUES ('7.2-2', 'conforming', '2026-11-01T00:00:00Z', 'tester')
                    """)
        }
        let reopened = try AuditFile.open(at: path)
        let backup = path + ".before-\(AuditSchema.identifiers[0]).bak"
        #expect(FileManager.default.fileExists(atPath: backup))
        let backupMigrations = try DatabaseQueue(path: backup).read { db in
            try AuditSchema.migrator.appliedIdentifiers(db)
        }
        #expect(backupMigrations == [AuditSchema.identifiers[0]])
        #expect(try reopened.responses()["7.2-2"]?.verdict == .conforming)
        let journal = try reopened.journal()
        #expect(journal.last?.action == "migrate")
        #expect(try reopened.verifyJournal().isIntact)
        let index = try DatabaseQueue(path: path).read { db in
            try db.indexes(on: "journal").map(\.name)
        }
        #expect(index.contains("journal_entity"))
    }

    @Test func explainsFilesThatAreNotAudits() throws {
        let folder = TemporaryDirectory()
        let text = folder.write("notes.qmsaudit", "just some text, long enough to be a header....")
        #expect { _ = try AuditFile.open(at: text) } throws: {
            "\($0)".contains("not a qmsaudit audit file")
        }
        let empty = folder.path + "/empty.sqlite"
        try DatabaseQueue(path: empty).write { db in try db.execute(sql: "CREATE TABLE x (y)") }
        #expect { _ = try AuditFile.open(at: empty) } throws: {
            "\($0)".contains("without qmsaudit's tables")
        }
        #expect { _ = try AuditFile.open(at: folder.path + "/none") } throws: {
            "\($0)".contains("no audit file at")
        }
    }
}

@Suite struct ScoreOrderPropertyTests {
    /// Whatever order and batching the answers arrive in, the score is the same.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func theOrderOfAnsweringNeverChangesTheScore(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        let checklist = try AuditFileTests.iso()
        let verdicts: [Verdict] = [.conforming, .observation, .ofi, .minor, .major, .na]
        var answers: [Answer] = []
        for item in checklist.items.shuffled(using: &random).prefix(60) {
            var verdict = verdicts.randomElement(using: &random) ?? .conforming
            if verdict == .na && !item.naAllowed { verdict = .minor }
            answers.append(Answer(itemID: item.id, verdict: verdict, justification: "not held"))
        }
        // Some items are answered twice; the last answer counts in every order.
        let revisions = answers.prefix(10).map { Answer(itemID: $0.itemID, verdict: .conforming) }
        var cards: [ScoreCard] = []
        for round in 0..<3 {
            let folder = TemporaryDirectory()
            let file = try AuditFileTests.make(folder)
            var order = answers.shuffled(using: &random)
            if round == 0 {
                try file.record(order, context: AuditFileTests.context)
            } else {
                while !order.isEmpty {
                    let batch = Int.random(in: 1...7, using: &random)
                    try file.record(Array(order.prefix(batch)), context: AuditFileTests.context)
                    order.removeFirst(min(batch, order.count))
                }
            }
            try file.record(revisions.shuffled(using: &random), context: AuditFileTests.context)
            cards.append(
                ScoreCard(checklist: checklist, responses: try file.responses(), register: .empty))
        }
        #expect(cards[0] == cards[1] && cards[1] == cards[2])
        #expect(cards[0].overall.scored + cards[0].overall.notApplicable == 60)
    }
}
