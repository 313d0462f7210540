import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import ImportTransport
import ProcessImporter
import Testing

@Suite struct PluginEvidenceImporterTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "S", edition: "1",
        clauses: [
            Clause(number: clause("7"), title: "Support"),
            Clause(number: clause("7.2"), title: "Competence"),
        ])

    /// A plugin script in its own folder.
    static func plugin(_ name: String, _ script: String, in folder: TemporaryDirectory)
        -> PluginEvidenceImporter
    {
        let path = folder.write("qmsaudit-import-\(name)", script)
        chmod(path, 0o755)
        return PluginEvidenceImporter(searchFolders: [folder.path])
    }

    @Test func theExamplePluginWorksEndToEnd() throws {
        let folder = TemporaryDirectory()
        let export = folder.write(
            "training.tsv",
            "employee\tcourse\tcompleted\tclause\nAnn Lee\tCrimping\t2026-02-03\t7.2\nBo Chan\tESD\t2026-03-01\t\n"
        )
        let importer = PluginEvidenceImporter(searchFolders: [Fixture.packageRoot + "/importers"])
        let result = try importer.read(
            ImportRequest(
                source: "example", checklist: Self.checklist,
                options: ImportOptions(passthrough: [export])))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.sourceName == "plugin:example")
        #expect(result.drafts.map(\.naturalKey) == ["Ann Lee/Crimping", "Bo Chan/ESD"])
        #expect(result.drafts.allSatisfy { $0.kind == .record && $0.clauses == [clause("7.2")] })
        #expect(result.drafts.first?.effectiveDate == "2026-02-03")
    }

    @Test func reportsEveryInvalidLineWithItsNumber() throws {
        let folder = TemporaryDirectory()
        let importer = Self.plugin(
            "bad",
            """
            #!/bin/sh
            echo '{"qmsaudit": 1, "key": "A", "title": "Fine", "clauses": ["7.2"]}'
            echo 'not json'
            echo '{"qmsaudit": 2, "key": "B", "title": "Future"}'
            echo '{"qmsaudit": 1, "title": "No key", "size": -3}'
            echo '{"qmsaudit": 1, "key": "A", "title": "Again"}'
            echo '{"qmsaudit": 1, "key": "C", "title": "Bad kind", "kind": "paper", "sha256": "xyz", "clauses": "7.2"}'
            echo ''
            echo '{"qmsaudit": 1, "key": "D", "title": "Extra", "colour": "red", "clauses": ["9.9"]}'
            """, in: folder)
        let result = try importer.read(ImportRequest(source: "bad", checklist: Self.checklist))
        let lines = result.diagnostics.map {
            "\($0.location?.line ?? 0) \($0.severity.rawValue): \($0.message)"
        }
        #expect(
            lines == [
                "2 error: not a JSON object",
                "3 error: 'qmsaudit' must be 1, the record format version this qmsaudit reads",
                "4 error: 'key' is missing",
                "4 error: 'size' must be a whole number of bytes",
                "5 error: key 'A' was already given on line 1",
                "6 error: 'kind' must be document, record, interview or observation",
                "6 error: 'sha256' must be 64 hexadecimal digits",
                "6 error: 'clauses' must be a list of strings",
                "8 warning: unknown field 'colour' ignored",
                "8 warning: clause 9.9 is not in checklist 't'",
            ], "\(lines)")
        #expect(result.drafts.map(\.naturalKey) == ["A", "D"])
    }

    @Test func referencesToOtherStandardsAreKeptNotCounted() throws {
        let folder = TemporaryDirectory()
        let importer = Self.plugin(
            "mixed",
            """
            #!/bin/sh
            echo '{"qmsaudit": 1, "key": "A", "title": "T", "clauses": ["7.2", "ISO 14001 7.2"]}'
            echo '{"qmsaudit": 1, "key": "B", "title": "U", "clauses": ["A.7.2"]}'
            """, in: folder)
        let result = try importer.read(ImportRequest(source: "mixed", checklist: Self.checklist))
        #expect(result.drafts.map(\.clauses) == [[clause("7.2")], []])
        #expect(
            result.drafts.first?.attributes
                == [EvidenceAttribute(name: "Other references", value: "ISO 14001 7.2")])
        #expect(
            result.diagnostics.map(\.message) == [
                "2 records cite another standard, edition or control (first: 'ISO 14001 7.2');"
                    + " kept as 'Other references', not counted for any clause of 't'"
            ])
    }

    @Test func aFailingPluginImportsNothing() throws {
        let folder = TemporaryDirectory()
        let importer = Self.plugin(
            "fails",
            "#!/bin/sh\necho '{\"qmsaudit\": 1, \"key\": \"A\", \"title\": \"A\"}'\nexit 3\n",
            in: folder)
        #expect {
            _ = try importer.read(ImportRequest(source: "fails", checklist: Self.checklist))
        } throws: {
            "\($0)".contains("it exited with status 3; nothing was imported")
        }
    }

    @Test func aHangingPluginIsStopped() throws {
        let folder = TemporaryDirectory()
        let importer = Self.plugin("hangs", "#!/bin/sh\nexec sleep 30\n", in: folder)
        let started = Date()
        #expect {
            _ = try importer.read(
                ImportRequest(
                    source: "hangs", checklist: Self.checklist,
                    options: ImportOptions(["timeout": ["0.5"]])))
        } throws: { "\($0)".contains("it was stopped after 0 s") }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func anUnknownPluginIsAClearError() {
        let importer = PluginEvidenceImporter(searchFolders: ["/nonexistent"])
        #expect {
            _ = try importer.read(ImportRequest(source: "sharepoint", checklist: Self.checklist))
        } throws: {
            "\($0)"
                == "cannot read 'qmsaudit-import-sharepoint': no such executable in ./importers/ or on PATH"
        }
    }
}
