import AuditTestSupport
import Foundation
import Testing

/// A CISO Assistant framework library becomes a checklist an audit can run on.
@Suite struct ChecklistConvertTests {
    static let library = """
        urn: urn:test:risk:library:mini-45001
        locale: en
        ref_id: MINI-45001
        name: Mini occupational health and safety framework
        copyright: Written for the tests; no rights reserved.
        version: 2
        provider: qmsaudit tests
        objects:
          framework:
            urn: urn:test:risk:framework:mini-45001
            ref_id: MINI-45001
            name: Mini OH&S framework
            requirement_nodes:
            - urn: urn:test:req:4
              assessable: false
              depth: 1
              ref_id: '4'
              name: Context
            - urn: urn:test:req:4.1
              assessable: true
              depth: 2
              parent_urn: urn:test:req:4
              ref_id: '4.1'
              name: Issues
              description: Are the issues that affect health and safety outcomes known?
            - urn: urn:test:req:A
              assessable: false
              depth: 1
              ref_id: Annex A
              name: Controls
            - urn: urn:test:req:A.1
              assessable: true
              depth: 2
              parent_urn: urn:test:req:A
              ref_id: A.1
              name: Hazard identification
              description: "Hazards are identified: routine and non-routine work."

        """

    @Test func aLibraryBecomesAChecklistThatAuditsEndToEnd() async throws {
        let folder = TemporaryDirectory()
        let library = folder.write("mini.yaml", Self.library)
        let printed = await qmsaudit("checklist", "convert", "ciso-assistant", library)
        #expect(printed.status == 0, "\(printed.stderr)")
        Snapshot.assert(
            printed.stdout.replacingOccurrences(of: folder.path, with: "<dir>"),
            named: "ciso-assistant-mini.yaml")
        let out = folder.path + "/mini-checklist.yaml"
        let written = await qmsaudit(
            "checklist", "convert", "ciso-assistant", library, "--out", out)
        #expect(written.stdout == "\(out): checklist 'mini-45001', 4 clauses, 2 items\n")
        #expect(await qmsaudit("checklist", "validate", out).status == 0)
        let again = await qmsaudit("checklist", "convert", "ciso-assistant", library, "--out", out)
        #expect(again.status != 0 && again.stderr.contains("exists"))

        let audit = folder.path + "/mini.qmsaudit"
        let made = await qmsaudit(
            "init", "--checklist", out, "--org", "Acme", "--scope", "Leeds", "--out", audit)
        #expect(made.status == 0, "\(made.stderr)")
        func run(_ arguments: String...) async -> CommandResult {
            await qmsaudit(arguments + ["--audit", audit], input: [])
        }
        #expect(await run("answer", "4.1", "--verdict", "c").status == 0)
        #expect(
            await run("answer", "A.1", "--verdict", "minor", "--note", "No night-work log").status
                == 0)
        let score = await run("score", "--format", "json")
        #expect(
            score.status == 0 && score.stdout.contains("\"conformity\": 0.75"),
            "\(score.stdout.prefix(400))")
        let pack = await run("pack", "--out", folder.path + "/pack")
        #expect(pack.status == 0, "\(pack.stderr)")
        #expect(await qmsaudit("pack", "verify", folder.path + "/pack").status == 0)
    }

    @Test func aBrokenLibraryIsRefusedWithEveryProblemAtItsLine() async throws {
        let folder = TemporaryDirectory()
        let library = folder.write(
            "bad.yaml",
            """
            objects:
              framework:
                requirement_nodes:
                - urn: a
                  ref_id: '1'
                  parent_urn: b
                - urn: b
                  ref_id: '2'
                  parent_urn: a
                - urn: c
                  ref_id: '3'
                  parent_urn: nowhere
                - urn: c
                  ref_id: '4'

            """)
        let out = folder.path + "/never.yaml"
        let result = await qmsaudit("checklist", "convert", "ciso-assistant", library, "--out", out)
        #expect(result.status == 2)
        for expected in [
            "bad.yaml:6:19: error: the parents of 'a' form a cycle",
            "bad.yaml:12:19: error: parent_urn 'nowhere' names no requirement node of the library",
            "bad.yaml:13:12: error: urn 'c' is listed twice (first on line 10)",
        ] {
            #expect(result.stderr.contains(expected), "\(expected)\n\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        let notALibrary = folder.write("plain.yaml", "id: x\n")
        let refused = await qmsaudit("checklist", "convert", "ciso-assistant", notALibrary)
        #expect(refused.stderr.contains("not a CISO Assistant framework library"))
        let format = await qmsaudit("checklist", "convert", "safetyculture", library)
        #expect(format.status != 0 && format.stderr.contains("it converts ciso-assistant"))
    }
}

/// A SafetyCulture inspection: answered questions become observations, the inspection's own
/// score is reproduced from its items and kept apart from qmsaudit's.
@Suite struct SafetyCultureImportTests {
    static let mock = Fixture.packageRoot + "/examples/safetyculture/inspection-mock.json"

    @Test func theMockInspectionsScoreIsReproducedFromItsItems() async throws {
        let audit = try await ScratchAudit.make()
        let profile = audit.folder.write(
            "walk.yaml", "clauses:\n  \"Is the roof in acceptable condition?\": \"7.1.3\"\n")
        let imported = await audit.run(
            "import", "safetyculture", Self.mock, "--profile", profile)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stderr.contains(
                "note: the inspection's own score, recomputed from its items: 1 of 14 (7.143%);"
                    + " reported beside qmsaudit's score, never part of it"), "\(imported.stderr)")
        #expect(!imported.stderr.contains("but its items give"))
        #expect(imported.stdout.hasSuffix("1 added, 0 changed, 0 unchanged, 0 removed\n"))
        let shown = await audit.run("evidence", "show", "EV-0001", "--format", "json")
        for expected in [
            #""kind": "observation""#, #""title": "Is the roof in acceptable condition?""#,
            #""Response": "Safe""#, #""Score": "1 of 1""#, #""owner": "Chris Barrington""#,
            #""7.1.3": "profile""#,
        ] {
            #expect(shown.stdout.contains(expected), "\(expected)")
        }
        let score = await audit.run("score", "--format", "json")
        #expect(score.stdout.contains("\"unanswered\": 155"), "qmsaudit's score is untouched")
    }

    @Test func failedResponsesAreListedAndClausesReadFromLabels() async throws {
        let audit = try await ScratchAudit.make()
        let inspection = audit.folder.write(
            "walk.json",
            """
            {"audit_id": "audit_1", "audit_data": {"score": 1, "total_score": 2,
              "date_completed": "2026-11-03T10:00:00Z", "authorship": {"author": "R. Patel"}},
             "items": [
              {"item_id": "q1", "type": "question", "label": "7.1.5 Gauges calibrated?",
               "responses": {"selected": [{"label": "No"}], "failed": true,
                             "text": "Two gauges overdue"},
               "scoring": {"score": 0, "max_score": 1}},
              {"item_id": "q2", "type": "question", "label": "Floor clean?",
               "responses": {"selected": [{"label": "Yes"}]},
               "scoring": {"score": 1, "max_score": 1}},
              {"item_id": "q3", "type": "question", "label": "Not answered",
               "scoring": {"score": 0, "max_score": 0}}
             ]}
            """)
        let imported = await audit.run("import", "safetyculture", inspection)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stderr.contains(
                "failed response: '7.1.5 Gauges calibrated?' (No); raise a finding with"))
        #expect(imported.stderr.contains("1 of 2 (50%)"))
        #expect(imported.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
        let gauges = await audit.run("evidence", "list", "--clause", "7.1.5")
        #expect(gauges.stdout.contains("q1"))
    }

    @Test func somethingElseIsRefusedSayingWhatItIs() async throws {
        let audit = try await ScratchAudit.make()
        let broken = audit.folder.write("broken.json", "{\n  \"items\": [1,,2]\n}\n")
        let syntax = await audit.run("import", "safetyculture", broken)
        #expect(syntax.status == 2)
        #expect(
            syntax.stderr.contains("broken.json:2:15: error: not valid JSON"), "\(syntax.stderr)")
        let other = audit.folder.write("other.json", #"{"schema": "qmsaudit-audit/1"}"#)
        let refused = await audit.run("import", "safetyculture", other)
        #expect(refused.stderr.contains("not a SafetyCulture inspection"))
        #expect(refused.stderr.contains("found an object with schema"))
    }
}
