import AuditChecklists
import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import Testing
import ZIPFoundation

@testable import DirectoryImporter

/// A document set named by topic, not by clause number, in English and in German, finds its
/// clauses through the bundled checklist's vocabulary and the documents' own properties.
@Suite struct DocumentClauseTests {
    static let iso = (try? ChecklistCatalog(folder: nil).checklist(id: "iso9001-2015"))

    static func read(_ root: String, noInfer: Bool = false) throws -> ImportResult {
        let checklist = try #require(iso)
        return try DirectoryEvidenceImporter().read(
            ImportRequest(
                source: root, checklist: checklist,
                options: ImportOptions(noInfer ? ["no-infer": []] : [:])))
    }

    /// A made-up company's handbook: English file names, German ones with umlauts and with
    /// their transliterations, and files about no clause.
    static let handbook: [(name: String, clauses: String)] = [
        ("0100_Quality_Policy.md", "5.2"), ("0130_Management_Review.md", "9.3"),
        ("0560_Internal_Audit.md", "9.2"),
        ("0660_Nonconformity_and_Corrective_Action.md", "10.2"),
        ("0410_Risks_and_Opportunities.md", "6.1"), ("0720_Training_Plan.md", "7.2"),
        ("0840_Supplier_Evaluation.md", "8.4"), ("0912_Customer_Satisfaction_Survey.md", "9.1.2"),
        ("de/0100_Qualitätspolitik.md", "5.2"), ("de/0101_Qualitaetspolitik_Aushang.md", "5.2"),
        ("de/0130_Managementbewertung.md", "9.3"), ("de/0560_Internes_Audit.md", "9.2"),
        ("de/0660_Korrekturmaßnahmen.md", "10.2"), ("de/0661_Korrekturmassnahmen_Liste.md", "10.2"),
        ("de/0715_Prüfmittelüberwachung.md", "7.1.5"), ("de/0853_Kundeneigentum.md", "8.5.3"),
        ("0000_Appendix_A_Glossary.md", ""), ("0001_Abbreviations.md", ""),
        ("de/0002_Anhang_Begriffe.md", ""),
    ]

    @Test func eachTopicNamedFileFindsItsClause() throws {
        let folder = TemporaryDirectory()
        for (name, _) in Self.handbook { folder.write("QMS/" + name, "Text.\n") }
        let drafts = try Self.read(folder.path + "/QMS").drafts
        for (name, expected) in Self.handbook {
            let draft = try #require(drafts.first { $0.naturalKey == name }, "\(name)")
            #expect(
                draft.clauses.map(\.description).joined(separator: " ") == expected, "\(name)")
            #expect(draft.clauseBasis.entries.map(\.clause) == draft.clauses, "\(name)")
        }
        let audit = try #require(drafts.first { $0.naturalKey == "de/0560_Internes_Audit.md" })
        #expect(
            audit.clauseBasis.reason(for: clause("9.2")) == #"name: synonym "Internes Audit" (de)"#)
        let policy = try #require(drafts.first { $0.naturalKey == "0100_Quality_Policy.md" })
        #expect(
            policy.clauseBasis.reason(for: clause("5.2")) == #"name: synonym "Quality policy" (en)"#
        )
    }

    @Test func numbersComeFirstAndNoInferTurnsItOff() throws {
        let folder = TemporaryDirectory()
        folder.write("QMS/7.5 Documented information/Internal audit.md", "x")
        folder.write("QMS/Audits/Checklist.md", "x")
        folder.write("QMS/Management review/2026 minutes.md", "x")
        let drafts = try Self.read(folder.path + "/QMS").drafts
        func clauses(_ key: String) -> String {
            drafts.first { $0.naturalKey == key }?.clauses.map(\.description).joined() ?? "?"
        }
        // A folder's number outranks a name's words: the number was written on purpose.
        #expect(clauses("7.5 Documented information/Internal audit.md") == "7.5")
        #expect(clauses("Management review/2026 minutes.md") == "9.3")
        let folderMatch = try #require(
            drafts.first { $0.naturalKey == "Management review/2026 minutes.md" })
        #expect(
            folderMatch.clauseBasis.entries.first?.reason
                == #"folder "Management review": title "Management review""#)
        let off = try Self.read(folder.path + "/QMS", noInfer: true).drafts
        #expect(off.allSatisfy { $0.clauses.isEmpty && $0.clauseBasis.isEmpty })
    }

    /// An office file: a ZIP archive with `part` holding `xml`.
    static func office(_ path: String, part: String, xml: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in [("[Content_Types].xml", "<Types/>"), (part, xml)] {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static func core(title: String, revision: String = "7", extra: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\(extra)
        <dc:title>\(title)</dc:title><dc:creator>A. Müller</dc:creator>
        <cp:lastModifiedBy>B. Khan</cp:lastModifiedBy><cp:revision>\(revision)</cp:revision>
        <dcterms:created xsi:type="dcterms:W3CDTF">2025-02-01T09:00:00Z</dcterms:created>
        <dcterms:modified xsi:type="dcterms:W3CDTF">2026-05-04T10:30:00Z</dcterms:modified>
        <cp:keywords>audit; programme</cp:keywords>
        </cp:coreProperties>
        """
    }

    @Test func readsTheCorePropertiesOfWordAndExcelFiles() throws {
        let folder = TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: folder.path + "/QMS", withIntermediateDirectories: true)
        try Self.office(
            folder.path + "/QMS/0042.docx", part: "docProps/core.xml",
            xml: Self.core(title: "Interne Audits – Verfahren"))
        try Self.office(
            folder.path + "/QMS/Register 2026.xlsx", part: "docProps/core.xml",
            xml: Self.core(title: "Calibration register", revision: ""))
        try Self.office(
            folder.path + "/QMS/Minutes.odt", part: "meta.xml",
            xml: """
                <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
                xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" \
                xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>\
                <dc:title>Management review minutes</dc:title>\
                <meta:initial-creator>C. Dubois</meta:initial-creator>\
                <meta:editing-cycles>12</meta:editing-cycles></office:meta></office:document-meta>
                """)
        let drafts = try Self.read(folder.path + "/QMS").drafts
        let word = try #require(drafts.first { $0.naturalKey == "0042.docx" })
        // The name gives no title, so the document's fills it, and its revision.
        #expect(word.title == "Interne Audits – Verfahren")
        #expect(word.revision == "7")
        #expect(word.clauses == [clause("9.2")])
        #expect(
            word.clauseBasis.reason(for: clause("9.2"))
                == #"document title: synonym "Interne Audits" (de)"#)
        let attributes = Dictionary(
            uniqueKeysWithValues: word.attributes.map { ($0.name, $0.value) })
        #expect(attributes["Author"] == "A. Müller")
        #expect(attributes["Last modified by"] == "B. Khan")
        #expect(attributes["Created"] == "2025-02-01T09:00:00Z")
        #expect(attributes["Modified"] == "2026-05-04T10:30:00Z")
        #expect(attributes["Keywords"] == "audit; programme")
        let sheet = try #require(drafts.first { $0.naturalKey == "Register 2026.xlsx" })
        #expect(sheet.title == "Register 2026", "the name gives a title; the document's is kept")
        #expect(sheet.attributes.contains { $0.name == "Document title" })
        #expect(sheet.clauses == [clause("7.1.5")])
        let minutes = try #require(drafts.first { $0.naturalKey == "Minutes.odt" })
        #expect(minutes.revision == "12")
        #expect(minutes.attributes.contains { $0.name == "Author" && $0.value == "C. Dubois" })
        #expect(minutes.clauses == [clause("9.3")])
    }

    @Test func hostilePropertiesAreRefusedAndTheWalkGoesOn() throws {
        let folder = TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: folder.path + "/QMS", withIntermediateDirectories: true)
        let secret = folder.write("secret.txt", "Internal audit")
        try Self.office(
            folder.path + "/QMS/a.docx", part: "docProps/core.xml",
            xml: """
                <?xml version="1.0"?>
                <!DOCTYPE t [<!ENTITY x SYSTEM "file://\(secret)">]>
                <cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="http://purl.org/dc/elements/1.1/">\
                <dc:title>&x;</dc:title></cp:coreProperties>
                """)
        try Self.office(
            folder.path + "/QMS/b.docx", part: "docProps/core.xml",
            xml: Self.core(title: String(repeating: "Internal audit ", count: 10_000)))
        folder.write("QMS/c.docx", "not a zip at all")
        folder.write("QMS/d.md", "# Internal audit\n")
        let result = try Self.read(folder.path + "/QMS")
        #expect(result.drafts.count == 4, "every file is still a record")
        for name in ["a.docx", "b.docx", "c.docx"] {
            let draft = try #require(result.drafts.first { $0.naturalKey == name })
            #expect(draft.clauses.isEmpty && draft.attributes.isEmpty, "\(name)")
            #expect(
                result.diagnostics.contains {
                    $0.severity == .warning && $0.location?.path.hasSuffix("/" + name) == true
                        && $0.message.hasPrefix("its document properties are not read")
                }, "\(name): \(result.diagnostics)")
        }
        #expect(result.drafts.first { $0.naturalKey == "d.md" }?.clauses == [clause("9.2")])
    }

    @Test func readsMarkdownFrontMatterAndHeadingsAndPDFInformation() throws {
        let text = DocumentProperties.text(
            "---\ntitle: \"Lenkung von Dokumenten\"\nversion: 4\nauthor: QM\n---\n# Other\n",
            markdown: true)
        #expect(text.title == "Lenkung von Dokumenten" && text.revision == "4")
        #expect(
            DocumentProperties.text("\n\nContext analysis\n=====\n", markdown: true).title
                == "Context analysis")
        #expect(
            DocumentProperties.text("\n  Supplier list 2026\nmore", markdown: false).title
                == "Supplier list 2026")
        let pdf = Array(
            "%PDF-1.4\n1 0 obj\n<< /Title (Risk register \\(2026\\)) /Author <FEFF004A006F> /CreationDate (D:20260315093000+01'00') >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n"
                .utf8)
        #expect(DocumentProperties.pdfString(after: "/Title", in: pdf) == "Risk register (2026)")
        #expect(DocumentProperties.pdfString(after: "/Author", in: pdf) == "Jo")
        #expect(
            DocumentProperties.pdfDate(
                DocumentProperties.pdfString(after: "/CreationDate", in: pdf) ?? "")
                == "2026-03-15T09:30:00")
        let folder = TemporaryDirectory()
        folder.write("QMS/scan 0001.pdf", String(decoding: pdf, as: UTF8.self))
        // Without the end marker a file is no PDF (or a cut one): its words are not read.
        folder.write("QMS/scan 0002.pdf", "/Title (Internal audit)")
        let drafts = try Self.read(folder.path + "/QMS").drafts
        let draft = try #require(drafts.first)
        #expect(drafts.last?.clauses == [])
        #expect(draft.clauses == [clause("6.1")])
        #expect(
            draft.clauseBasis.entries.first?.reason
                == #"document title: synonym "Risk register" (en)"#)
    }
}
