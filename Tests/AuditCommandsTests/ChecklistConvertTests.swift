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
