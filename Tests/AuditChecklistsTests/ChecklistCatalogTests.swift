import AuditChecklists
import AuditModel
import AuditTestSupport
import Testing

@Suite struct ChecklistCatalogTests {
    static func minimal(id: String, title: String) -> String {
        """
        id: \(id)
        title: \(title)
        standard: ISO 9001
        edition: "2015"
        clauses:
          - number: "4"
            title: Context
            items:
              - id: 4-1
                question: Anything?
        """
    }

    @Test func bundledChecklistsNeedNoDataFolder() throws {
        let catalog = try ChecklistCatalog(folder: nil)
        #expect(catalog.ids == ["iso9001-2015", "iso9001-2015-stage1", "iso9001-2026-draft"])
        #expect(catalog.files.allSatisfy { $0.path.hasPrefix("bundled:") })
    }

    @Test func theFolderOverridesBundledAndFilesOverrideTheFolder() throws {
        let folder = TemporaryDirectory()
        folder.write("iso.yaml", Self.minimal(id: "iso9001-2015", title: "From the folder"))
        folder.write("notes.txt", "not a checklist")
        let fromFolder = try ChecklistCatalog(folder: folder.path)
        #expect(try fromFolder.checklist(id: "iso9001-2015").title == "From the folder")
        #expect(fromFolder.notes.count == 1)
        let other = TemporaryDirectory()
        let file = other.write("mine.yaml", Self.minimal(id: "iso9001-2015", title: "From a file"))
        let fromFile = try ChecklistCatalog(folder: folder.path, files: [file])
        #expect(try fromFile.checklist(id: "iso9001-2015").title == "From a file")
    }

    @Test func aMissingFolderOrFileIsAClearError() {
        #expect {
            _ = try ChecklistCatalog(folder: "/nonexistent/qmsaudit-checklists")
        } throws: { error in
            "\(error)".contains("QMSAUDIT_CHECKLISTS names '/nonexistent/qmsaudit-checklists'")
        }
        #expect {
            _ = try ChecklistCatalog(folder: nil, files: ["/nonexistent/x.yaml"])
        } throws: { error in
            "\(error)" == "cannot read '/nonexistent/x.yaml': no such file"
        }
    }

    @Test func unknownIDsListTheKnownOnes() throws {
        let catalog = try ChecklistCatalog(folder: nil)
        #expect {
            _ = try catalog.checklist(id: "iso14001")
        } throws: { error in
            "\(error)"
                == "no checklist named 'iso14001'; known checklists: iso9001-2015,"
                + " iso9001-2015-stage1, iso9001-2026-draft"
        }
    }

    @Test func aBrokenChecklistThrowsEveryDiagnosticWithItsSourceLine() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "broken.yaml",
            Self.minimal(id: "broken", title: "Broken") + "\n        weight: -1\n        stage: 7\n"
        )
        let catalog = try ChecklistCatalog(folder: nil, files: [path])
        #expect {
            _ = try catalog.checklist(id: "broken")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("checklist 'broken' has 2 errors:\n")
                && text.contains("\(path):11:17: error: 'weight' must be greater than zero")
                && text.contains(" 11 |         weight: -1\n    |                 ^")
                && text.contains("\(path):12:16: error: unknown stage '7'")
        }
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bom.yaml", "\u{FEFF}" + Self.minimal(id: "bom", title: "BOM"))
        #expect(
            try ChecklistCatalog(folder: nil, files: [path]).checklist(id: "bom").items.count == 1)
    }
}
