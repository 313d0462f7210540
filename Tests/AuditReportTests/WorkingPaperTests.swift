import AuditModel
import AuditTestSupport
import Foundation
import Testing

@testable import AuditReport

/// The completed checklist: golden files in every text form, and a workbook that Excel's
/// readers see with the same values.
@Suite struct WorkingPaperTests {
    static let checklist = Checklist(
        id: "iso9001-2015", title: "T", standard: "ISO 9001", edition: "2015",
        clauses: [
            Clause(
                number: clause("7.1.5.2"), title: "Measurement traceability",
                items: [
                    ChecklistItem(
                        id: "7.1.5.2-1", clause: clause("7.1.5.2"),
                        question: "Is equipment calibrated at set intervals?", weight: 2),
                    ChecklistItem(
                        id: "7.1.5.2-2", clause: clause("7.1.5.2"),
                        question: "Is the basis recorded where no standard exists?",
                        condition: "when no national standard exists"),
                ]),
            Clause(
                number: clause("8.3"), title: "Design and development",
                items: [
                    ChecklistItem(
                        id: "8.3-1", clause: clause("8.3"), question: "Is design controlled?",
                        naAllowed: true)
                ]),
            Clause(
                number: clause("9.2"), title: "Internal audit",
                items: [
                    ChecklistItem(
                        id: "9.2-1", clause: clause("9.2"), question: "Is there a programme?")
                ]),
        ])

    /// Every cell that could break a form: a comma, a quote, a line break, a formula, markup.
    static let awkward = "=SUM(A1); \"quoted\", <b>bold</b> & co\nsecond line"

    static func paper(note: String = awkward) -> WorkingPaper {
        let responses = [
            "7.1.5.2-1": Response(
                itemID: "7.1.5.2-1", verdict: .major, note: note,
                sample: "20 of 146 gauges", answeredAt: "2026-11-10T09:30:00Z",
                answeredBy: "J. Smith"),
            "7.1.5.2-2": Response(
                itemID: "7.1.5.2-2", verdict: .notArisen, note: "All traceable",
                answeredAt: "2026-11-10T09:40:00Z", answeredBy: "J. Smith"),
            "8.3-1": Response(
                itemID: "8.3-1", verdict: .na, justification: "Built to customer drawings",
                answeredAt: "2026-11-10T10:00:00Z", answeredBy: "R. Patel"),
        ]
        let evidence = [
            Evidence(
                id: "EV-0012", source: "csv:register.csv",
                draft: EvidenceDraft(
                    naturalKey: "QF-7.1-03", kind: .record, title: "Calibration register",
                    documentNumber: "QF-7.1-03", revision: "4"),
                importedAt: "2026-11-01T09:00:00Z", updatedAt: "2026-11-01T09:00:00Z")
        ]
        let finding = Finding(
            id: "NC-001", grade: FindingPolicy.standard.grades[0], itemID: "7.1.5.2-1",
            clause: clause("7.1.5.2"), requirement: "r", evidence: "e", statement: "s",
            origin: .answer, raisedAt: "2026-11-10T09:30:00Z", raisedBy: "J. Smith")
        var plan = AuditPlan()
        plan.start = day("2026-11-09")
        plan.end = day("2026-11-10")
        return WorkingPaper(
            info: NCReportTests.info, plan: plan, checklist: checklist, responses: responses,
            evidence: evidence, links: ["7.1.5.2-1": ["EV-0012"]],
            register: FindingRegister(findings: [finding], actions: [:]),
            generatedAt: "2026-11-22T12:00:00Z")
    }

    @Test(arguments: [WorkingPaper.Format.md, .html, .csv])
    func matchesItsGoldenFile(format: WorkingPaper.Format) {
        Snapshot.assert(Self.paper().render(format), named: "working-paper." + format.rawValue)
    }

    @Test func holdsEveryItemWithWhatWasRecorded() {
        let paper = Self.paper()
        #expect(paper.rows.map(\.item.id) == ["7.1.5.2-1", "7.1.5.2-2", "8.3-1", "9.2-1"])
        #expect(paper.answered == 3)
        let first = paper.cells[0]
        #expect(
            first[WorkingPaper.header.firstIndex(of: "evidence") ?? 0]
                == "EV-0012 QF-7.1-03 Calibration register (rev 4)")
        #expect(first[WorkingPaper.header.firstIndex(of: "findings") ?? 0] == "NC-001 (major)")
        #expect(paper.cells[3][6] == "", "unanswered: no verdict")
        let html = paper.render(.html)
        #expect(!html.contains("<b>bold</b>") && html.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(html.contains("default-src 'none'"))
        let csv = paper.render(.csv)
        #expect(csv.contains("\"'=SUM(A1); \"\"quoted\"\""), "a formula is never live in CSV")
    }

    @Test func anAnswerListFiltersAndPrintsJSON() {
        let paper = Self.paper()
        #expect(paper.filtered(clause: clause("7.1.5")).rows.count == 2)
        #expect(paper.filtered(verdict: .na).rows.map(\.item.id) == ["8.3-1"])
        #expect(paper.filtered(unanswered: true).rows.map(\.item.id) == ["9.2-1"])
        let json = paper.list(.json)
        #expect(json.contains("\"schema\": \"qmsaudit-answers/1\""))
        #expect(json.contains("\"verdict\": null"))
        let table = paper.list(.table)
        #expect(table.hasSuffix("3 of 4 items answered\n"))
        #expect(table.contains("=SUM(A1); \"quoted\", <b>bold</b> & co second lin…"))
    }

    /// The workbook, read by openpyxl (what most Excel tooling uses), holds exactly the
    /// CSV form's values; a formula stays text.
    @Test func theWorkbookOpensInOpenpyxlWithTheSameValues() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/paper.xlsx"
        let paper = Self.paper()
        try paper.workbook.write(to: path, timestamp: paper.generatedAt)
        let script = """
            import json, sys, warnings
            warnings.simplefilter("error")
            import openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for sheet in book.worksheets:
                out[sheet.title] = [["" if c.value is None else c.value for c in row]
                                    for row in sheet.iter_rows()]
                out[sheet.title + ".types"] = sorted({c.data_type for row in sheet.iter_rows()
                                                      for c in row if c.value is not None})
            print(json.dumps(out))
            """
        let process = Process()
        // The first python3 that has openpyxl: the one on PATH, or the system's (where
        // `make test` installs python3-openpyxl).
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            """
            for p in python3 /usr/bin/python3; do
              if "$p" -c 'import openpyxl' 2>/dev/null; then exec "$p" -c "$0" "$1"; fi
            done
            echo 'no python3 with openpyxl' >&2; exit 3
            """, script, path,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            "python3 with openpyxl reads the workbook (make test installs python3-openpyxl): \(message)"
        )
        let sheets = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(sheets["Checklist"] as? [[String]])
        #expect(rows == [WorkingPaper.header] + paper.cells)
        #expect(sheets["Checklist.types"] as? [String] == ["s"], "every cell is text")
        let facts = try #require(sheets["Audit"] as? [[String]])
        #expect(facts.first == ["field", "value"])
        #expect(facts.contains(["Organisation", "Acme Widgets Ltd"]))
    }

    @Test func columnLettersAndNamesFollowExcelsRules() {
        #expect(
            [0, 25, 26, 27, 701, 702].map(XLSXWriter.column) == ["A", "Z", "AA", "AB", "ZZ", "AAA"])
        #expect(XLSXWriter.sheetName("a/b:c*d?e[f]g\\h") == "abcdefgh")
        #expect(XLSXWriter.escape("a\u{1}b<c>&\"\t") == "ab&lt;c&gt;&amp;&quot;\t")
    }

    @Test func aWholeClauseNAIsOneEntryOfTheRegister() {
        let items = (1...3).map {
            ChecklistItem(
                id: "8.3.\($0)-1", clause: clause("8.3.\($0)"), question: "Q\($0)?",
                naAllowed: true)
        }
        let checklist = Checklist(
            id: "c", title: "T", standard: "S", edition: "1",
            clauses: [Clause(number: clause("8.3"), title: "Design")]
                + items.map { Clause(number: $0.clause, title: "Sub", items: [$0]) }
                + [
                    Clause(
                        number: clause("8.4"), title: "Purchasing",
                        items: [
                            ChecklistItem(
                                id: "8.4-1", clause: clause("8.4"), question: "Q?",
                                naAllowed: true)
                        ])
                ])
        func answers(_ justifications: [String]) -> [String: Response] {
            var responses: [String: Response] = [:]
            for (item, justification) in zip(checklist.items, justifications) {
                responses[item.id] = Response(
                    itemID: item.id, verdict: .na, justification: justification,
                    answeredAt: "2026-11-10T10:00:00Z", answeredBy: "J. Smith")
            }
            return responses
        }
        let whole = NotApplicableRegister(
            checklist: checklist, responses: answers(["No design", "No design", "No design", "x"]))
        #expect(whole.entries.map(\.label) == ["8.3 (all 3 items)", "8.4-1"])
        #expect(whole.entries.first?.text == "Design")
        let mixed = NotApplicableRegister(
            checklist: checklist, responses: answers(["No design", "Other", "No design", "x"]))
        #expect(mixed.entries.map(\.label) == ["8.3.1-1", "8.3.2-1", "8.3.3-1", "8.4-1"])
    }
}
