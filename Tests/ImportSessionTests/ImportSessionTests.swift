import AuditChecklists
import AuditModel
import AuditStore
import AuditTestSupport
import CSVImporter
import DirectoryImporter
import Foundation
import ImportKit
import ImportSession
import Testing

/// The import session: what every importer gets, returned rather than printed.
@Suite struct ImportSessionTests {
    static let context = ChangeContext(actor: "ann", command: "test", time: "2026-12-01T09:00:00Z")

    static func audit(_ folder: TemporaryDirectory) throws -> AuditFile {
        try AuditFile.create(
            at: folder.path + "/a.qmsaudit",
            audit: AuditFile.NewAudit(
                organisation: "Acme", scope: "Widgets", sites: [], type: .internal, auditors: []),
            checklist: try ChecklistCatalog(folder: nil).checklist(id: "iso9001-2015"),
            context: context)
    }

    /// Warnings and notes come back with the report; nothing is printed by the session.
    @Test func returnsTheReportAndTheDiagnostics() throws {
        let folder = TemporaryDirectory()
        let file = try Self.audit(folder)
        let path = folder.write(
            "r.csv",
            "Doc No.,Title,Clause,Box\nD-1,Policy,5.2,7\nD-2,Manual,9.9,\nD-1,Policy,5.2,7\n")
        let session = ImportSession(file: file, context: Self.context)
        let outcome = try session.run(CSVEvidenceImporter(), source: path)
        #expect(outcome.sourceName == "csv:" + path)
        #expect(outcome.report.summary == "2 added, 0 changed, 0 unchanged, 0 removed")
        #expect(
            outcome.diagnostics.map(\.description) == [
                "\(path):1:1: note: column 'Box' is kept as an attribute of each record (shown by"
                    + " 'qmsaudit evidence show'); to use one for a field, name it with --map"
                    + " FIELD=COLUMN",
                "\(path):3:12: warning: clause 9.9 is not in checklist 'iso9001-2015'",
                "\(path):4:1: warning: this row repeats line 2 ('D-1', the same record in every"
                    + " field); kept once",
            ])
        #expect(try file.evidence().map(\.draft.attributes.count) == [1, 0])
        // A register's root is the working folder of its import.
        let root = try #require(realpath(".", nil).map { String(cString: $0) })
        #expect(try file.sources().first?.root == root)
    }

    /// An error anywhere lands nothing, and the error carries every diagnostic; a dry run
    /// finds the same, keeping its keys itself.
    @Test func aSourceWithErrorsLandsNothingAndSaysWhy() throws {
        let folder = TemporaryDirectory()
        let file = try Self.audit(folder)
        let path = folder.write("r.csv", "Doc No.,Title\nD-1,One\nD-2,Two\nD-1,Uno\n")
        for dryRun in [true, false] {
            let session = ImportSession(file: file, dryRun: dryRun, context: Self.context)
            #expect {
                _ = try session.run(CSVEvidenceImporter(), source: path)
            } throws: { error in
                guard case ImportSessionError.sourceHasErrors(let source, let diagnostics) = error
                else { return false }
                return source == path
                    && diagnostics.map(\.description) == [
                        "\(path):4:1: error: 'D-1' is listed twice (first on line 2) with"
                            + " different content; each row needs its own document number or"
                            + " title (or leave such rows out with --skip-bad-rows)"
                    ]
            }
        }
        #expect(try file.evidence().isEmpty)
        #expect(try file.journal().count == 1, "only the audit's creation")
        let skipping = ImportSession(file: file, context: Self.context)
        let outcome = try skipping.run(
            CSVEvidenceImporter(), source: path,
            options: ImportOptions(["skip-bad-rows": [""]]))
        #expect(outcome.skippedLines == [4] && outcome.report.addedCount == 2)
    }

    /// A folder's records are filed with its real path, however it was typed, and their
    /// locations are relative to it.
    @Test func aFolderIsFiledUnderItsRealPath() throws {
        let folder = TemporaryDirectory()
        folder.write("QMS/7.5/QP-7.5-01 Control.pdf", "v1")
        symlink(folder.path + "/QMS", folder.path + "/link")
        let file = try Self.audit(folder)
        let real = try #require(realpath(folder.path + "/QMS", nil).map { String(cString: $0) })
        let session = ImportSession(file: file, context: Self.context)
        let first = try session.run(DirectoryEvidenceImporter(), source: folder.path + "/link/")
        #expect(first.report.addedCount == 1)
        let record = try #require(try file.evidence().first)
        #expect(record.draft.location == "7.5/QP-7.5-01 Control.pdf")
        #expect(record.sourceRoot == real)
        #expect(record.filePath == real + "/7.5/QP-7.5-01 Control.pdf")
        let again = try session.run(DirectoryEvidenceImporter(), source: folder.path + "/QMS")
        #expect(again.notes.first?.contains("this is the folder imported before") == true)
        #expect(again.report.unchangedCount == 1 && again.report.addedCount == 0)
    }
}
