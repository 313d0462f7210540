import AuditTestSupport
import Foundation
import GRDB
import Testing

/// A fresh audit file in its own folder, created through the command line.
struct ScratchAudit {
    let folder = TemporaryDirectory()
    var path: String { folder.path + "/audit.qmsaudit" }

    static func make(checklist: String = "iso9001-2015") async throws -> ScratchAudit {
        let audit = ScratchAudit()
        let result = await qmsaudit(
            "init", "--checklist", checklist, "--org", "Acme Widgets Ltd", "--scope",
            "Widgets", "--site", "Leeds", "--auditor", "J. Smith", "--out", audit.path)
        try #require(result.status == 0, "\(result.stderr)")
        return audit
    }

    func run(_ arguments: String..., input: [String] = []) async -> CommandResult {
        await qmsaudit(arguments + ["--audit", path], input: input)
    }
}

@Suite struct InitAndAnswerCommandTests {
    @Test func initCreatesAndNeverOverwrites() async throws {
        let audit = try await ScratchAudit.make()
        let again = await qmsaudit(
            "init", "--checklist", "iso9001-2015", "--org", "X", "--scope", "Y", "--out",
            audit.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists; qmsaudit init never overwrites"))
        let unknown = await qmsaudit(
            "init", "--checklist", "iso27001", "--org", "X", "--scope", "Y", "--out",
            audit.folder.path + "/b.qmsaudit")
        #expect(unknown.status == 2)
        #expect(!FileManager.default.fileExists(atPath: audit.folder.path + "/b.qmsaudit"))
        let empty = await qmsaudit(
            "init", "--checklist", "iso9001-2015", "--org", " ", "--scope", "Y")
        #expect(empty.status == 64)
    }

    @Test func commandsSayWhenThereIsNoAuditFile() async {
        let result = await qmsaudit("score", "--audit", "/nonexistent/audit.qmsaudit")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "no audit file at '/nonexistent/audit.qmsaudit'; create one with 'qmsaudit init'"))
    }

    @Test func answersOneItemAtATime() async throws {
        let audit = try await ScratchAudit.make()
        let first = await audit.run(
            "answer", "7.2-2", "--verdict", "minor", "--note", "2 of 5", "--sample", "5 of 23")
        #expect(
            first.stdout == "7.2-2: minor (recorded)\nNC-001 opened as a draft minor nonconformity;"
                + " complete it with: qmsaudit finding edit NC-001 --requirement … --evidence …\n",
            "\(first.stderr)")
        let same = await audit.run(
            "answer", "7.2-2", "--verdict", "minor", "--note", "2 of 5", "--sample", "5 of 23")
        #expect(same.stdout == "7.2-2: minor (unchanged)\n")
        let na = await audit.run("answer", "4.1-1", "--verdict", "na", "--justification", "none")
        #expect(na.status == 2)
        #expect(na.stderr.contains("'4.1-1' may not be answered N/A"))
        let noReason = await audit.run("answer", "8.3.1-1", "--verdict", "na")
        #expect(noReason.status == 2)
        let cleared = await audit.run("answer", "7.2-2", "--clear")
        #expect(
            cleared.stdout
                == "7.2-2: cleared\nNC-001 withdrawn: the answer is no longer a nonconformity\n")
        let usage = await audit.run("answer", "7.2-2")
        #expect(usage.status == 64)
        let log = await audit.run("log")
        let events = log.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        for action in ["answer", "clear", "raise", "withdraw"] {
            #expect(events.contains { $0.contains(Substring(action)) }, "no \(action) event")
        }
        #expect(events.contains { $0.contains("item:7.2-2") && $0.contains("clear") })
    }

    @Test func answersFromAFileAllOrNothing() async throws {
        let audit = try await ScratchAudit.make()
        let bad = audit.folder.write(
            "bad.csv", "item,verdict\n7.2-2,minor\n4.1-1,na\n7.2-3,great\n")
        let refused = await audit.run("answer", "--from", bad)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.csv:3:7: error: item '4.1-1' may not be answered N/A"))
        #expect(refused.stderr.contains("bad.csv:4:7: error: unknown verdict 'great'"))
        #expect(refused.stderr.contains("2 errors; nothing was recorded"))
        let score = await audit.run("score", "--format", "csv")
        #expect(score.stdout.contains("overall,overall,155,0,0,0,0,155"), "nothing may be recorded")
        let good = audit.folder.write("good.csv", "item,verdict\n7.2-2,minor\n4.1-1,conforming\n")
        let loaded = await audit.run("answer", "--from", good)
        #expect(loaded.stdout.hasPrefix("\(good): 2 answered, 0 changed, 0 unchanged\nNC-001"))
    }
}

@Suite struct ScoreAndLogCommandTests {
    static func demoAudit() async throws -> ScratchAudit {
        let audit = try await ScratchAudit.make()
        let answers = Fixture.packageRoot + "/examples/acme-widgets/answers.csv"
        let result = await audit.run("answer", "--from", answers)
        try #require(result.status == 0, "\(result.stderr)")
        return audit
    }

    @Test(arguments: [
        ("score.table", ["score"]),
        ("score-by-clause-explain.table", ["score", "--by", "clause", "--explain"]),
        ("score.json", ["score", "--format", "json"]),
        ("score-explain.json", ["score", "--format", "json", "--explain"]),
        ("score.csv", ["score", "--format", "csv"]),
        ("score-explain.md", ["score", "--format", "md", "--explain"]),
    ])
    func scoresTheDemoAnswers(name: String, arguments: [String]) async throws {
        let audit = try await Self.demoAudit()
        let result = await qmsaudit(arguments + ["--audit", audit.path], input: [])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try Self.auditID(audit)
        Snapshot.assert(
            result.stdout.replacingOccurrences(of: info, with: "<audit-id>"), named: name)
    }

    static func auditID(_ audit: ScratchAudit) throws -> String {
        try DatabaseQueue(path: audit.path).read { db in
            try String.fetchOne(db, sql: "SELECT uuid FROM audit") ?? ""
        }
    }

    /// Edits the audit file behind qmsaudit's back, as a SQLite tool would.
    static func execute(_ sql: String, in audit: ScratchAudit) throws {
        try DatabaseQueue(path: audit.path).write { db in try db.execute(sql: sql) }
    }

    @Test func strictFailsUnlessReady() async throws {
        let audit = try await Self.demoAudit()
        let result = await audit.run("score", "--strict")
        #expect(result.status == 1)
        #expect(result.stdout.contains("readiness: not ready"))
    }

    @Test func logVerifyCatchesAHandEditedRow() async throws {
        let audit = try await Self.demoAudit()
        let intact = await audit.run("log", "--verify")
        #expect(intact.status == 0)
        #expect(intact.stdout.hasPrefix("journal intact: 162 events, head "))
        try Self.execute("UPDATE journal SET actor = 'someone else' WHERE seq = 40", in: audit)
        let broken = await audit.run("log", "--verify")
        #expect(broken.status == 1)
        #expect(
            broken.stderr
                == "journal check failed: journal event 40 does not match its hash: it was changed after it was written\n"
        )
    }

    @Test func logShowsOneItemAsJSON() async throws {
        let audit = try await Self.demoAudit()
        let result = await audit.run("log", "--item", "7.2-2", "--format", "json")
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"entity\": \"item:7.2-2\""))
        #expect(result.stdout.contains("\\\"verdict\\\":\\\"minor\\\""))
        #expect(!result.stdout.contains("item:7.2-3"))
    }
}

@Suite struct GuidedRunTests {
    @Test func answersSavesAndResumes() async throws {
        let audit = try await ScratchAudit.make()
        let first = await audit.run(
            "run", "--clause", "4.1", input: ["c", "o", "Climate not yet decided", "q"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("── item 1 of 3 · clause 4.1 ──"))
        #expect(first.stdout.contains("4.1-1  Has the organisation worked out"))
        #expect(first.stdout.contains("  guidance: Ask top management"))
        #expect(first.stdout.contains("  evidence: document, interview — context-analysis"))
        #expect(first.stdout.contains("note (what was seen; Enter for none): "))
        #expect(first.stdout.contains("saved: 4.1-2 observation"))
        #expect(
            first.stdout.contains(
                "2 answers saved this session; 1 item of this selection still unanswered"))
        let second = await audit.run(
            "run", "--clause", "4.1", input: ["OFI", "Add a climate line"])
        #expect(second.stdout.contains("resuming at item 3 of 3 (4.1-3)"))
        #expect(second.stdout.contains("saved: 4.1-3 ofi"))
        let third = await audit.run("run", "--clause", "4.1")
        #expect(third.stdout.contains("every item in this selection is answered"))
        let log = await audit.run("log", "--item", "4.1-2", "--format", "json")
        #expect(log.stdout.contains("Climate not yet decided"))
    }

    /// Whole words and keys alike, in any case; nothing after a key becomes a note.
    @Test func readsWholeWordsAndNeverTakesTheRestOfALineAsANote() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run(
            "run", "--clause", "8.3",
            input: [
                "conforming", "Conforming", "C", "na design", "na", "Acme builds to drawings",
                "q",
            ])
        #expect(result.stdout.contains("saved: 8.3.1-1 conforming"))
        #expect(result.stdout.contains("saved: 8.3.2-1 conforming"))
        #expect(result.stdout.contains("saved: 8.3.2-2 conforming"))
        #expect(result.stdout.contains("'na design' is neither a key nor a verdict"))
        #expect(result.stdout.contains("saved: 8.3.3-1 na"))
        for item in ["8.3.1-1", "8.3.2-1", "8.3.2-2"] {
            let log = await audit.run("log", "--item", item, "--format", "csv")
            #expect(log.stdout.contains("\"\"note\"\":\"\"\"\""), "\(item): \(log.stdout)")
        }
        let na = await audit.run("log", "--item", "8.3.3-1", "--format", "csv")
        #expect(na.stdout.contains("\"\"justification\"\":\"\"Acme builds to drawings\"\""))
        let justifications = await audit.run("gaps", "--format", "json")
        #expect(!justifications.stdout.contains("\"justification\": \"a\""))
    }

    /// Caps Lock never turns a minor into a major: `M` is minor too, and no letter is major.
    @Test func noSingleLetterMeansMajor() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run(
            "run", "--clause", "7.2",
            input: [
                "M", "No training record", "", "", "", "n", "major", "Nobody trained", "", "", "",
                "q",
            ])
        #expect(result.stdout.contains("saved: 7.2-1 minor"))
        #expect(result.stdout.contains("'n' means no in some sheets and n/a in others"))
        #expect(result.stdout.contains("saved: 7.2-2 major"))
    }

    @Test func asksForTheNoteOfANonconformityAndTheJustificationOfNA() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run(
            "run", "--clause", "8.3.1",
            input: [
                "x", "na", "", "m", "Design procedure missing", "8.3.1: a design process exists",
                "", "", "q",
            ])
        #expect(result.stdout.contains("'x' is neither a key nor a verdict"))
        #expect(result.stdout.contains("justification (why it does not apply): "))
        #expect(result.stdout.contains("N/A needs a justification; nothing saved"))
        #expect(result.stdout.contains("note (what was seen — the first draft of the finding): "))
        #expect(result.stdout.contains("saved: 8.3.1-1 minor"))
        let score = await audit.run("log", "--item", "8.3.1-1", "--format", "json")
        #expect(score.stdout.contains("Design procedure missing"))
        // The minor opened a draft, and the run asked for its parts: one given, two skipped.
        #expect(result.stdout.contains("NC-001 opened as a draft minor nonconformity"))
        #expect(result.stdout.contains("NC-001 is a draft: missing objective evidence"))
        let finding = await audit.run("finding", "show", "NC-001")
        #expect(finding.stdout.contains("requirement: 8.3.1: a design process exists"))
        #expect(finding.stdout.contains("statement:   Design procedure missing"))
    }

    /// The input ends after the requirement (as Ctrl-C would end it): the requirement is kept.
    @Test func eachPartOfAFindingIsSavedAsItIsEntered() async throws {
        let audit = try await ScratchAudit.make()
        _ = await audit.run(
            "run", "--clause", "7.2", input: ["minor", "2 of 5 untrained", "7.2 d): records"])
        let finding = await audit.run("finding", "show", "NC-001")
        #expect(finding.stdout.contains("requirement: 7.2 d): records"))
        // An ungraded nonconformity is graded in the run as well.
        let graded = await audit.run(
            "run", "--item", "7.2-3", input: ["nc", "no evaluation", "minor", "", "", "", "q"])
        #expect(graded.stdout.contains("NC-002 opened as a draft ungraded nonconformity"))
        let list = await audit.run("finding", "list")
        #expect(list.stdout.contains("NC-002  minor"), "\(list.stdout)")
    }

    @Test func takesASampleBeforeTheVerdictAndLinksEvidence() async throws {
        let audit = try await ScratchAudit.make()
        let register = audit.folder.write(
            "register.csv", "Document No.,Title,Clause\nREC-7.2,Training matrix,7.2\n")
        _ = await audit.run("import", "csv", register)
        let result = await audit.run(
            "run", "--item", "7.2-2",
            input: ["p", "5 of 23 operators on line 2", "l EV-0001", "l EV-0999", "c", "q"])
        #expect(result.stdout.contains("sampling note kept; it is saved with the verdict"))
        #expect(result.stdout.contains("linked to 7.2-2: EV-0001"))
        #expect(result.stdout.contains("no evidence 'EV-0999'"))
        #expect(result.stdout.contains("saved: 7.2-2 conforming"))
        let log = await audit.run("log", "--item", "7.2-2", "--format", "json")
        #expect(log.stdout.contains("5 of 23 operators on line 2"))
        let show = await audit.run("evidence", "show", "EV-0001")
        #expect(show.stdout.contains("linked to 7.2-2"))
    }

    @Test func refusesNAWhereTheChecklistDoesNotAllowIt() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run("run", "--clause", "9.2.1", input: ["na", "q"])
        #expect(result.stdout.contains("N/A is not allowed for 9.2.1-1 (clause 9.2.1)"))
        #expect(result.stdout.contains("0 answers saved this session"))
    }

    @Test func goesBackAddsNotesAndStopsAtTheEndOfInput() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run(
            "run", "--clause", "7.2", "--stage", "2",
            input: ["c", "b", "t", "Asked 4 operators", "p", "4 of 40 operators"])
        // Stage 2 covers every requirement, so 7.2-1 (stage both) is in the selection.
        #expect(result.stdout.contains("── item 2 of 4 · clause 7.2 ──\n7.2-2"))
        #expect(result.stdout.contains("current answer: conforming"))
        #expect(result.stdout.contains("note saved"))
        #expect(result.stdout.contains("sampling note saved"))
        #expect(
            result.stdout.hasSuffix(
                "1 answer saved this session; 3 items of this selection still unanswered\n"))
        let log = await audit.run("log", "--item", "7.2-1", "--format", "json")
        #expect(
            log.stdout.contains("Asked 4 operators") && log.stdout.contains("4 of 40 operators"))
    }

    @Test func answersThatAConditionHasNotArisen() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run(
            "run", "--clause", "8.5.3", "--item", "8.5.3-1",
            input: [
                "a", "c", "a", "Property log checked: no loss since 2025", "q",
            ])
        #expect(result.stdout.contains("8.5.3-1 does not depend on a condition"))
        #expect(
            result.stdout.contains(
                "  applies when customer or external-provider property has been lost, damaged or"
                    + " found unsuitable: [a] if it has not arisen"))
        #expect(result.stdout.contains("what was checked (that the condition has not arisen): "))
        #expect(result.stdout.contains("saved: 8.5.3-2 not-arisen"))
        let log = await audit.run("log", "--item", "8.5.3-2", "--format", "json")
        #expect(log.stdout.contains("Property log checked: no loss since 2025"))
    }

    @Test func selectsUnansweredItemsAndStartsWhereAsked() async throws {
        let audit = try await ScratchAudit.make()
        _ = await audit.run("answer", "5.3-1", "--verdict", "conforming")
        let result = await audit.run("run", "--clause", "5.3", "--unanswered", input: ["q"])
        #expect(result.stdout.contains("── item 1 of 2 · clause 5.3 ──\n5.3-2"))
        let start = await audit.run("run", "--clause", "5.3", "--item", "5.3-3", input: ["q"])
        #expect(start.stdout.contains("resuming at item 3 of 3 (5.3-3)"))
        let missing = await audit.run("run", "--clause", "5.3", "--item", "9.9-9")
        #expect(missing.status == 2)
    }
}
