import AuditModel
import AuditTestSupport
import Testing

@Suite struct ChecklistCommandTests {
    @Test(arguments: ["table", "json", "md"])
    func showsClause7_5InEveryFormat(format: String) async {
        let result = await qmsaudit(
            "checklist", "show", "iso9001-2015", "--clause", "7.5", "--format", format)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        Snapshot.assert(result.stdout, named: "checklist-show-7.5.\(format)")
    }

    @Test func listsTheBundledChecklists() async {
        let result = await qmsaudit("checklist", "list")
        #expect(result.status == 0)
        Snapshot.assert(result.stdout, named: "checklist-list.table")
    }

    @Test func listsAsJSON() async {
        let result = await qmsaudit("checklist", "list", "--format", "json")
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"id\": \"iso9001-2015-stage1\""))
        #expect(result.stdout.contains("\"extends\": \"iso9001-2015\""))
        #expect(result.stdout.contains("\"items\": 155"))
    }

    @Test func showsOneStageOnly() async {
        let result = await qmsaudit(
            "checklist", "show", "iso9001-2015-stage1", "--stage", "1", "--format", "json")
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\"stage\": \"2\""))
        #expect(result.stdout.contains("\"stage\": \"1\""))
        #expect(result.stdout.contains("\"stage\": \"both\""))
        // Stage 2 checks every requirement: a documentation item is asked again on site.
        let stageTwo = await qmsaudit("checklist", "show", "iso9001-2015", "--stage", "2")
        #expect(stageTwo.stdout.contains("all clauses: 91 clauses, 155 items"))
    }

    @Test func showsAFileByPath() async {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "mine.yaml",
            """
            id: mine
            title: Mine
            extends: iso9001-2015
            clauses:
              - number: "7.5.1"
                items:
                  - id: MINE-1
                    question: Is the register printed weekly?
            """)
        let result = await qmsaudit("checklist", "show", path, "--clause", "7.5.1")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("mine  Mine\n"))
        #expect(result.stdout.contains("MINE-1"))
    }

    @Test func anUnknownClauseIsBadInput() async {
        let result = await qmsaudit("checklist", "show", "iso9001-2015", "--clause", "11.1")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "error: checklist 'iso9001-2015' has no clause '11.1'; did you mean 10?\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownChecklistIsBadInput() async {
        let result = await qmsaudit("checklist", "show", "iso27001")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: no checklist named 'iso27001'; known checklists:"))
    }

    @Test func aMalformedClauseOrFormatIsAUsageError() async {
        let badClause = await qmsaudit("checklist", "show", "iso9001-2015", "--clause", "7.x")
        #expect(badClause.status == 64)
        #expect(badClause.stderr.contains("--clause"))
        let badFormat = await qmsaudit("checklist", "show", "iso9001-2015", "--format", "csv")
        #expect(badFormat.status == 64)
        #expect(badFormat.stderr.contains("'checklist show' prints table, json or md"))
    }

    @Test func validatePassesTheBundledFilesAndTheExample() async {
        let root = Fixture.packageRoot
        let result = await qmsaudit(
            "checklist", "validate", root + "/checklists/iso9001-2015.yaml",
            root + "/checklists/iso9001-2015-stage1.yaml",
            root + "/examples/acme-widgets/checklists/acme-additions.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout.contains(
                "iso9001-2015.yaml: ok — checklist 'iso9001-2015', 91 clauses, 155 items"))
        #expect(result.stdout.contains("acme-additions.yaml: ok — checklist 'acme-iso9001'"))
    }

    @Test func validatePrintsEveryDiagnosticAndExits2() async {
        let folder = TemporaryDirectory()
        let marked = MarkedText(
            """
            id: bad
            title: Bad
            standard: ISO 9001
            edition: "2015"
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    weight: 1️⃣heavy
                  - id: 7-2
                    question: B?
                    stage: 2️⃣three
            """)
        let path = folder.write("bad.yaml", marked.text)
        let good = folder.write(
            "good.yaml",
            "id: good\ntitle: Good\nstandard: X\nedition: \"1\"\nclauses:\n  - number: \"1\"\n"
                + "    title: One\n    items:\n      - id: 1-1\n        question: Q?\n")
        let result = await qmsaudit("checklist", "validate", path, good)
        #expect(result.status == 2)
        let first = marked["1️⃣"]
        let second = marked["2️⃣"]
        #expect(
            result.stderr == """
                \(path):\(first.line):\(first.column): error: expected 'weight' as a number, found 'heavy'
                 11 |         weight: heavy
                    |                 ^
                \(path):\(second.line):\(second.column): error: unknown stage 'three'; expected one of '1', '2', 'both'
                 14 |         stage: three
                    |                ^

                """)
        #expect(
            result.stdout == "\(path): 2 errors\n\(good): ok — checklist 'good', 1 clause, 1 item\n"
        )
    }

    @Test func validateNeedsAFile() async {
        let result = await qmsaudit("checklist", "validate")
        #expect(result.status == 64)
        let missing = await qmsaudit("checklist", "validate", "/nonexistent.yaml")
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: cannot read '/nonexistent.yaml': no such file\n")
    }
}
