import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import ImportTransport
import Testing

@testable import CSVImporter

/// A large register is read in stretches on several threads; what comes out must be exactly
/// what reading it in one go gives, wherever the cuts fall.
@Suite struct StretchesTests {
    /// Everything a reading gives that a user sees: each record with its line, and each
    /// diagnostic with its place.
    static func outcome(
        _ path: String, stretchBytes: Int, skip: Bool = false
    ) throws -> (drafts: [EvidenceDraft], diagnostics: [String], skipped: [Int]) {
        let request = ImportRequest(
            source: path, checklist: CSVEvidenceImporterTests.checklist,
            options: CSVEvidenceImporterTests.options(skip: skip))
        let result = try CSVEvidenceImporter(stretchBytes: stretchBytes).read(request)
        return (result.drafts, result.diagnostics.map(\.description), result.skippedLines)
    }

    /// Multi-line quoted cells (so that cuts fall inside quotes), empty lines, CRLF and LF,
    /// doubled quotes, a ragged row, a bad date, an unknown clause and a repeated key.
    static let register =
        "\u{FEFF}Document No.,Title,Clause,Issue date,Owner\r\n"
        + (0..<40).map { row in
            let notes = (0..<(row % 4 == 0 ? 6 : 1)).map { "note \(row).\($0)" }.joined(
                separator: "\n")
            let date = row == 17 ? "31/02/2026" : "2026-01-\(String(format: "%02d", row % 28 + 1))"
            let clause = row == 23 ? "12.9" : "7.5"
            let key = row == 31 ? "DOC-5" : "DOC-\(row)"
            let extra = row == 29 ? ",surplus" : ""
            let blank = row % 7 == 0 ? "\r\n\n" : ""
            return "\(key),\"Title \"\"\(row)\"\"\n\(notes)\",\(clause),\(date),Zoë\(extra)\r\n"
                + blank
        }.joined()

    @Test func recordsAndDiagnosticsAreThoseOfOneReadingWhereverTheCutsFall() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("register.csv", Self.register)
        for skip in [false, true] {
            let whole = try Self.outcome(path, stretchBytes: .max, skip: skip)
            #expect(whole.drafts.count == 38)  // less the ragged row and the repeated key
            #expect(whole.diagnostics.count >= 4)
            for stretchBytes in [1, 7, 13, 50, 97, 200, 1000] {
                let cut = try Self.outcome(path, stretchBytes: stretchBytes, skip: skip)
                #expect(cut.drafts == whole.drafts, "stretches of \(stretchBytes) bytes")
                #expect(cut.diagnostics == whole.diagnostics, "stretches of \(stretchBytes) bytes")
                #expect(cut.skipped == whole.skipped, "stretches of \(stretchBytes) bytes")
            }
        }
    }

    /// A quote left open runs to the end of the file: reported once, where it opens, and the
    /// stretches after it are not read as rows.
    @Test func aQuoteLeftOpenIsReportedOnce() throws {
        let folder = TemporaryDirectory()
        let rows = (0..<30).map { "DOC-\($0),Title \($0),7.5\n" }
        let text =
            "Document No.,Title,Clause\n" + rows[0..<10].joined() + "DOC-X,\"Open title,7.5\n"
            + rows[10...].joined()
        let path = folder.write("open.csv", text)
        let whole = try Self.outcome(path, stretchBytes: .max)
        #expect(
            whole.diagnostics.contains {
                $0.contains("open.csv:12:") && $0.contains("never closed")
            })
        for stretchBytes in [5, 40, 100] {
            let cut = try Self.outcome(path, stretchBytes: stretchBytes)
            #expect(cut.diagnostics == whole.diagnostics && cut.drafts == whole.drafts)
        }
    }

    /// A register larger than one stretch is cut by the importer as the command runs it.
    @Test func aLargeRegisterIsReadInStretchesByDefault() throws {
        let folder = TemporaryDirectory()
        var text = "Document No.,Title,Clause,Owner\n"
        var row = 0
        while text.utf8.count < 5 << 20 {
            text +=
                "DOC-\(row),\"Procedure \(row), part \"\"A\"\"\",7.\(row % 5 + 1),Owner \(row % 9)\n"
            row += 1
        }
        let path = folder.write("big.csv", text)
        let request = ImportRequest(source: path, checklist: CSVEvidenceImporterTests.checklist)
        var batches = 0
        var lines: [Int] = []
        let result = try CSVEvidenceImporter().streamBatches(request) { batch in
            batches += 1
            batch.withView { view in
                for index in 0..<view.count { lines.append(view.line(of: index)) }
            }
        }
        #expect(lines == Array(2...(row + 1)), "every row once, in order, on its own line")
        #expect(batches > 1)
        let whole = try Self.outcome(path, stretchBytes: .max)
        #expect(result.diagnostics.map(\.description) == whole.diagnostics)
        #expect(whole.drafts.count == row)
    }
}
