import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import ImportTransport
import Testing

@testable import XMLImporter

@Suite struct XMLEvidenceImporterTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "ISO 9001", edition: "2015",
        clauses: [
            Clause(number: clause("4.4"), title: "Quality management system and its processes"),
            Clause(number: clause("7.5"), title: "Documented information"),
            Clause(number: clause("7.5.3"), title: "Control of documented information"),
            Clause(number: clause("8.5"), title: "Production and service provision"),
            Clause(number: clause("8.5.1"), title: "Control of production and service provision"),
        ])

    static func bundled(_ id: String) throws -> (path: String, text: String) {
        let path = Fixture.packageRoot + "/importers/profiles/\(id).yaml"
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    static func read(
        _ xml: String, profile: (path: String, text: String),
        folder: TemporaryDirectory = TemporaryDirectory()
    ) throws -> (ImportResult, String) {
        let path = folder.write("export.xml", xml)
        // A profile of the test's own is a file, as the command line names one.
        let profilePath =
            profile.path.hasPrefix("/") ? profile.path : folder.write(profile.path, profile.text)
        let request = ImportRequest(
            source: path, checklist: checklist, options: ImportOptions(["profile": [profilePath]]))
        return (try XMLEvidenceImporter().read(request), path)
    }

    static func profile(_ yaml: String) -> (path: String, text: String) {
        ("profile.yaml", yaml)
    }

    @Test func theGenericRegisterProfileReadsADocumentRegisterExport() throws {
        let (result, path) = try Self.read(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <documentRegister exported="2026-11-01T08:00:00Z">
              <document id="d1">
                <number>QP-7.5-01</number>
                <title>Control of documented information</title>
                <type>Procedure</type>
                <clauses><clause>7.5</clause><clause>7.5.3</clause></clauses>
                <revision>6</revision>
                <effective>2026-01-20T00:00:00</effective>
                <reviewDue>2027-01-20</reviewDue>
                <owner>Q. Manager</owner>
                <status>Approved</status>
                <keywords><keyword>documents</keyword><keyword>records</keyword></keywords>
              </document>
              <document id="REC-8.5-07">
                <title>Line clearance record</title>
                <type>Record</type>
                <clause>8.5.2</clause>
              </document>
            </documentRegister>
            """, profile: try Self.bundled("document-register"))
        #expect(result.sourceName == "xml:" + path)
        #expect(result.drafts.map(\.naturalKey) == ["QP-7.5-01", "REC-8.5-07"])
        let first = try #require(result.drafts.first)
        #expect(first.title == "Control of documented information" && first.kind == .document)
        #expect(first.clauses == [clause("7.5"), clause("7.5.3")])
        #expect(first.revision == "6" && first.owner == "Q. Manager" && first.status == "Approved")
        #expect(first.effectiveDate == "2026-01-20" && first.reviewDate == "2027-01-20")
        #expect(first.tags == ["documents", "records"])
        #expect(result.drafts[1].kind == .record)
        // The clause warning points at the <clause> element's line.
        let warnings = result.diagnostics.map(\.description)
        #expect(warnings.contains("\(path):18:1: warning: clause 8.5.2 is not in checklist 't'"))
        // A field none of whose paths matched is reported against the profile; a field whose
        // first alternative matched is not.
        #expect(
            warnings.contains {
                $0.hasSuffix(
                    "document-register.yaml:18:14: warning: field 'location' ('location', 'url') matched nothing in 2 records"
                )
            })
        #expect(!warnings.contains { $0.contains("field 'date'") })
        #expect(warnings.count == 2)
    }

    @Test func theOdooProfileReadsRecordsOfOneModel() throws {
        let (result, _) = try Self.read(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <odoo>
              <data noupdate="1">
                <record id="qms_page_manual" model="document.page">
                  <field name="name">Quality manual</field>
                  <field name="x_document_number">QM-01</field>
                  <field name="x_iso_clause" type="html"><![CDATA[<p>Clauses <b>4.4</b> &amp; 7.5</p>]]></field>
                  <field name="write_date">2026-02-03 09:12:44</field>
                  <field name="x_owner">Q. Manager</field>
                </record>
                <record id="res_partner_supplier" model="res.partner">
                  <field name="name">Supplier GmbH</field>
                </record>
                <record id="qms_page_wi_8_5" model="document.page">
                  <field name="name">Work instruction: press line</field>
                  <field name="x_iso_clause">8.5.1</field>
                </record>
              </data>
            </odoo>
            """, profile: try Self.bundled("odoo"))
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(result.drafts.map(\.naturalKey) == ["QM-01", "qms_page_wi_8_5"])
        let manual = try #require(result.drafts.first)
        #expect(manual.title == "Quality manual")
        #expect(manual.clauses == [clause("4.4"), clause("7.5")])
        #expect(manual.effectiveDate == "2026-02-03" && manual.owner == "Q. Manager")
        #expect(result.drafts[1].clauses == [clause("8.5.1")])
    }

    @Test func namespacesAnchoredPathsAttributesAndHTML() throws {
        let profile = Self.profile(
            """
            profile: 1
            format: xml
            id: dms
            record: /dms:export/dms:doc
            namespaces:
              dms: urn:example:dms
              dc: http://purl.org/dc/elements/1.1/
            fields:
              number: "@ref"
              title: dc:title
              clause: "meta[@kind='iso']/@value"
              owner: "*/owner"
              status: .
            html: [title]
            """)
        let (result, _) = try Self.read(
            """
            <export xmlns="urn:example:dms" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:o="urn:other">
              <doc ref="QP-7.5-01">Released<dc:title>&lt;p&gt;Document&amp;nbsp;control&lt;/p&gt;</dc:title>
                <meta kind="sector" value="9.9"/><meta kind="iso" value="7.5.3"/>
                <people><owner>Q. Manager</owner></people>
                <o:title>not this one</o:title>
              </doc>
              <archive><doc ref="OLD-1"><dc:title>Not a record: not at /export/doc</dc:title></doc></archive>
            </export>
            """, profile: profile)
        #expect(result.drafts.map(\.naturalKey) == ["QP-7.5-01"])
        let draft = try #require(result.drafts.first)
        #expect(draft.title == "Document control")
        #expect(draft.clauses == [clause("7.5.3")])
        #expect(draft.owner == "Q. Manager")
        #expect(draft.status.hasPrefix("Released"))
    }

    @Test func aRecordPathThatMatchesNothingShowsTheFilesPaths() throws {
        let (result, path) = try Self.read(
            "<export><documents><doc/><doc/></documents><meta/></export>",
            profile: try Self.bundled("document-register"))
        #expect(result.drafts.isEmpty)
        let lines = result.diagnostics.map(\.description)
        #expect(
            lines.first
                == "\(path):1:1: error: the profile's record path 'document' matched nothing; the file's element paths are listed below"
        )
        #expect(
            Array(lines.dropFirst())
                == [
                    "note: /export (1 time)", "note: /export/documents (1 time)",
                    "note: /export/documents/doc (2 times)", "note: /export/meta (1 time)",
                ])
    }

    @Test func aProfileWithoutFieldsSaysSo() {
        let (profile, diagnostics) = XMLProfile.parse(
            "profile: 1\nformat: xml\nrecord: doc\nfields: title\n", path: "p.yaml")
        #expect(profile == nil)
        #expect(
            diagnostics.map(\.description) == [
                "p.yaml:4:9: error: the profile has no 'fields' mapping"
            ])
    }

    @Test func brokenProfilesAreReportedWithPositions() throws {
        let profile = Self.profile(
            """
            profile: 1
            format: xml
            record: "record[@model=document.page]"
            fields:
              colour: name
              title: "x:name"
              clause: "/abs"
            """)
        let folder = TemporaryDirectory()
        let error = #expect(throws: ImportError.self) {
            _ = try Self.read("<r/>", profile: profile, folder: folder)
        }
        guard case .invalid(let path, let diagnostics) = error else {
            Issue.record("expected invalid, got \(String(describing: error))")
            return
        }
        let written = folder.path + "/profile.yaml"
        #expect(path == written)
        #expect(
            diagnostics.map(\.description) == [
                "\(written):3:9: error: 'record[@model=document.page]': quote the value in [@model='…']",
                "\(written):5:3: error: unknown field 'colour'; fields are "
                    + TableImport.fields.map(\.field).joined(separator: ", "),
                "\(written):6:10: error: prefix 'x' is not declared under 'namespaces' in the profile",
                "\(written):7:11: error: a field path is relative to the record; drop the leading '/'",
            ])
    }

    @Test func malformedXMLAndEntitiesAreErrorsInTheResult() throws {
        let profile = try Self.bundled("document-register")
        let folder = TemporaryDirectory()
        let (broken, path) = try Self.read(
            "<documentRegister>\n<document><title>A</titel></document>", profile: profile,
            folder: folder)
        let errors = broken.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.first?.hasPrefix("\(path):2:") == true)
        #expect(errors.first?.contains("Opening and ending tag mismatch") == true)
        let (entities, _) = try Self.read(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r><document><title>&x;</title></document></r>",
            profile: profile)
        #expect(entities.drafts.isEmpty)
        #expect(
            entities.diagnostics.contains {
                $0.severity == .error && $0.message.contains("declares or uses entities")
            })
    }

    @Test func withoutAProfileTheImportSaysWhatItNeeds() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("export.xml", "<r/>")
        let error = #expect(throws: ImportError.self) {
            _ = try XMLEvidenceImporter().read(
                ImportRequest(source: path, checklist: Self.checklist))
        }
        #expect(error?.description.contains("an XML import needs a profile") == true)
    }

    @Test func htmlBecomesPlainText() {
        #expect(
            HTMLText.plain(
                "<h1>Scope</h1><p>Applies to <b>all</b>&nbsp;sites &amp; clause&#160;8.5.1</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul>"
            )
                == "Scope\nApplies to all sites & clause 8.5.1\none\ntwo")
        #expect(HTMLText.plain("plain &lt;text&gt; &#x41; &bogus;") == "plain <text> A &bogus;")
    }
}
