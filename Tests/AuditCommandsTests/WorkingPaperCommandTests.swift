import AuditTestSupport
import Foundation
import Testing

/// `answer list`, `report checklist` and a clause answered N/A at once.
@Suite struct WorkingPaperCommandTests {
    @Test func aWholeClauseIsAnsweredNAOnceAndRegisteredOnce() async throws {
        let audit = try await ScratchAudit.make()
        let refused = await audit.run(
            "answer", "--clause", "9.2", "--verdict", "na", "--justification", "x")
        #expect(refused.status == 2, "9.2 may not be N/A")
        #expect(refused.stderr.contains("may not be answered N/A"))
        let answered = await audit.run(
            "answer", "--clause", "8.3", "--verdict", "N/A", "--justification",
            "Acme builds to customer drawings; it designs nothing")
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(
            answered.stdout.hasPrefix("8.3: 10 items n/a (10 recorded, 0 changed, 0 unchanged)"))
        let notNA = await audit.run(
            "answer", "--clause", "8.3", "--verdict", "conforming", "--justification", "x")
        #expect(notNA.status == 64)
        let list = await audit.run("answer", "list", "--verdict", "na", "--format", "csv")
        #expect(list.stdout.split(separator: "\r\n").count == 11, "the header and 10 items")
        let out = audit.folder.path + "/pack"
        _ = await audit.run("pack", "--out", out)
        let register = try String(
            contentsOfFile: out + "/registers/na-register.csv", encoding: .utf8)
        let rows = register.split(separator: "\r\n")
        #expect(rows.count == 2, "\(register)")
        #expect(
            rows.last?.hasPrefix("8.3 (all 10 items),8.3,the whole clause: Design and development")
                == true)
    }

    @Test func theWorkingPaperInEveryForm() async throws {
        let audit = try await ScratchAudit.make()
        _ = await audit.run(
            "answer", "7.2-2", "--verdict", "minor", "--note", "2 of 5 untrained", "--sample",
            "5 of 23 operators")
        let md = await audit.run("report", "checklist", "--clause", "7.2")
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("| Answered | 1 of 4 items |"))
        #expect(md.stdout.contains("| 7.2-2 | Are those people competent"))
        #expect(md.stdout.contains("2 of 5 untrained — Sample: 5 of 23 operators"))
        #expect(md.stdout.contains("NC-001 (minor)"))
        let html = audit.folder.path + "/paper.html"
        let written = await audit.run("report", "checklist", "--format", "html", "--out", html)
        #expect(written.stderr.contains("the checklist, 1 of 155 items answered"))
        #expect(
            try String(contentsOfFile: html, encoding: .utf8).contains("<table class=\"paper\">"))
        let noOut = await audit.run("report", "checklist", "--format", "xlsx")
        #expect(noOut.status == 64)
        #expect(noOut.stderr.contains("give --out FILE.xlsx"))
        let xlsx = audit.folder.path + "/paper.xlsx"
        let book = await audit.run("report", "checklist", "--format", "xlsx", "--out", xlsx)
        #expect(book.status == 0, "\(book.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a ZIP package")
        let table = await audit.run("answer", "list", "--clause", "7.2")
        #expect(table.stdout.contains("7.2-2  minor"))
        #expect(table.stdout.hasSuffix("1 of 4 items answered\n"))
        let unknown = await audit.run("answer", "list", "--clause", "7.9")
        #expect(unknown.status == 2)
    }
}
