import AuditModel
import AuditTestSupport
import CSVImporter
import Foundation
import ImportKit
import ImportTransport
import Testing

@Suite struct CSVEvidenceImporterTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "ISO 9001", edition: "2015",
        clauses: [
            Clause(number: clause("7"), title: "Support"),
            Clause(number: clause("7.5"), title: "Documented information"),
            Clause(number: clause("10"), title: "Improvement"),
            Clause(number: clause("10.1"), title: "General"),
            Clause(number: clause("10.2"), title: "Nonconformity and corrective action"),
        ])

    static func read(
        _ text: String, mapping: [String: String] = [:], skip: Bool = false,
        folder: TemporaryDirectory = TemporaryDirectory()
    ) throws -> (ImportResult, String) {
        let path = folder.write("register.csv", text)
        let result = try CSVEvidenceImporter().read(
            ImportRequest(
                source: path, checklist: checklist,
                options: options(mapping: mapping, skip: skip)))
        return (result, path)
    }

    /// The options `--map FIELD=COLUMN…` and `--skip-bad-rows` give.
    static func options(mapping: [String: String] = [:], skip: Bool = false) -> ImportOptions {
        var values = ["map": mapping.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }]
        if skip { values["skip-bad-rows"] = [""] }
        return ImportOptions(values)
    }

    @Test func mapsUsualColumnNamesAndNormalisesClausesAndDates() throws {
        let (result, _) = try Self.read(
            """
            Document No.;Title;Type;ISO Clause;Rev.;Issue date;Next review;Owner;Link;Status
            QP-7.5-01;Document control;Procedure;Clause 7.5;6;20/01/2026;2027-01-20;Zoë;\\\\fs\\QP.pdf;Approved
            REC-10;CAPA register;Record;§ 10.2 Nonconformity and corrective action;;;;;;Live

            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.sourceName.hasPrefix("csv:"))
        let first = try #require(result.drafts.first)
        #expect(first.naturalKey == "QP-7.5-01" && first.documentNumber == "QP-7.5-01")
        #expect(first.title == "Document control" && first.kind == .document)
        #expect(first.clauses == [clause("7.5")] && first.revision == "6")
        #expect(first.effectiveDate == "2026-01-20" && first.reviewDate == "2027-01-20")
        #expect(
            first.owner == "Zoë" && first.location == "\\\\fs\\QP.pdf" && first.status == "Approved"
        )
        #expect(result.drafts[1].kind == .record && result.drafts[1].clauses == [clause("10.2")])
    }

    @Test func theUserMappingWins() throws {
        let (result, _) = try Self.read(
            "Ref,Doc title,Where\nA-1,Alpha,7.5\n",
            mapping: ["title": "Doc title", "clause": "Where"])
        #expect(result.drafts.first?.title == "Alpha")
        #expect(result.drafts.first?.clauses == [clause("7.5")])
        #expect(result.drafts.first?.documentNumber == "A-1")
        let (bad, _) = try Self.read(
            "Ref,Title\nA,B\n", mapping: ["colour": "Ref", "title": "Nope"])
        #expect(
            bad.diagnostics.map(\.message).contains {
                $0.hasPrefix("--map names unknown field 'colour'")
            })
        #expect(
            bad.diagnostics.map(\.message).contains(
                "--map title=Nope: the header has no column 'Nope'"))
    }

    @Test func reportsEveryProblemWithItsPosition() throws {
        let folder = TemporaryDirectory()
        let (result, path) = try Self.read(
            """
            Doc No,Title,Clause,Date,Colour
            D-1,First,7.5,2026-01-01,red
            D-2,Second,9.9,31/02/2026,blue
            D-3,Third,10.1 Nonconformity and corrective action,,green
            D-1,Again,7.5,,red
            ,,7.5,,
            D-5,Short
            D-6,"Never closed,7.5,,

            """, folder: folder)
        let text = result.diagnostics.sortedByLocation().map(\.description).joined(separator: "\n")
            .replacingOccurrences(of: path, with: "register.csv")
        Snapshot.assert(text + "\n", named: "diagnostics.txt")
        #expect(result.diagnostics.containsErrors)
    }

    @Test func skipsBadRowsWhenAskedAndListsThem() throws {
        let (result, _) = try Self.read(
            "Doc No,Title\nD-1,One\nD-1,Duplicate\n,\nD-3,Three,extra\nD-4,Four\n", skip: true)
        #expect(!result.diagnostics.containsErrors)
        #expect(result.drafts.map(\.naturalKey) == ["D-1", "D-4"])
        #expect(result.skippedLines == [3, 4, 5])
        #expect(result.diagnostics.allSatisfy { $0.message.hasPrefix("skipped: ") })
    }

    @Test func needsATitleOrNumberColumn() throws {
        let (result, _) = try Self.read("Colour,Size\nred,big\n")
        #expect(result.drafts.isEmpty)
        #expect(result.diagnostics.contains { $0.message.hasPrefix("no column holds the title") })
    }

    @Test func aFilledInChecklistBringsItsAnswers() throws {
        let checklist = Checklist(
            id: "t", title: "T", standard: "S", edition: "1",
            clauses: [
                Clause(
                    number: clause("7"), title: "Support",
                    items: [
                        ChecklistItem(id: "7-1", clause: clause("7"), question: "A?"),
                        ChecklistItem(id: "7-2", clause: clause("7"), question: "B?"),
                    ])
            ])
        let folder = TemporaryDirectory()
        let path = folder.write(
            "filled.csv",
            "Item;Result;Comment;Document No.;Title\n7-1;NCmin;2 of 5 untrained;REC-7;Training\n7-2;C;;;\n"
        )
        let result = try CSVEvidenceImporter().read(
            ImportRequest(source: path, checklist: checklist))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(
            result.answers == [
                Answer(itemID: "7-1", verdict: .minor, note: "2 of 5 untrained"),
                Answer(itemID: "7-2", verdict: .conforming),
            ])
        #expect(result.drafts.map(\.naturalKey) == ["REC-7"])
        let bad = folder.write("bad.csv", "Item,Result\n7-9,C\n7-1,maybe\n7-2,C\n7-2,NC\n")
        let refused = try CSVEvidenceImporter().read(
            ImportRequest(source: bad, checklist: checklist))
        #expect(
            refused.diagnostics.map {
                "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)"
            } == [
                "2:1 checklist 't' has no item '7-9'",
                "3:5 " + VerdictVocabulary.standard.unknown("maybe"),
                "5:1 item '7-2' is answered twice (first on line 4)",
            ])
    }

    @Test func theExampleRegisterImportsCleanly() throws {
        let path = Fixture.packageRoot + "/examples/acme-widgets/evidence-register.csv"
        let result = try CSVEvidenceImporter().read(
            ImportRequest(source: path, checklist: Self.checklist))
        #expect(!result.diagnostics.containsErrors)
        #expect(result.drafts.count == 36)
        #expect(result.drafts.contains { $0.owner == "Jürgen Müller" })
        #expect(result.drafts.contains { $0.title == "Competence matrix – production" })
    }
}

@Suite struct MappingProfileTests {
    static let fields = CSVEvidenceImporter.fields.map(\.field)

    @Test func aProfileNamesTheColumnsItHasAndIgnoresTheOthers() throws {
        let (profile, diagnostics) = MappingProfile.parse(
            "profile: 1\nid: de\nseparator: \";\"\ncolumns:\n  number: Dokumentnummer\n  title: Titel\n  owner: Verantwortlich\n",
            path: "de.yaml", fields: Self.fields)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(profile)
        #expect(loaded.separator == UInt8(ascii: ";"))
        let folder = TemporaryDirectory()
        let path = folder.write("de.csv", "Dokumentnummer;Titel;Clause\nQP-7.5-01;Lenkung;7.5\n")
        let file = folder.write(
            "de.yaml",
            "profile: 1\nid: de\nseparator: \";\"\ncolumns:\n  number: Dokumentnummer\n  title: Titel\n  owner: Verantwortlich\n"
        )
        let request = ImportRequest(
            source: path, checklist: CSVEvidenceImporterTests.checklist,
            options: ImportOptions(["profile": [file]]))
        let result = try CSVEvidenceImporter().read(request)
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics.map(\.description))")
        #expect(result.drafts.first?.documentNumber == "QP-7.5-01")
        #expect(result.drafts.first?.title == "Lenkung")
        #expect(
            result.drafts.first?.clauses == [clause("7.5")],
            "unmapped columns still match by usual names")
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let marked = MarkedText(
            """
            profile: 1️⃣2
            2️⃣colour: red
            separator: 3️⃣"|"
            columns:
              4️⃣size: Bytes
              title: 5️⃣""
            """)
        let (profile, diagnostics) = MappingProfile.parse(
            marked.text, path: "p.yaml", fields: Self.fields)
        #expect(profile == nil)
        for marker in ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"] {
            let position = marked[marker]
            #expect(
                diagnostics.contains {
                    $0.location?.line == position.line && $0.location?.column == position.column
                },
                "\(marker): \(diagnostics.map(\.description))")
        }
        #expect(diagnostics.contains { $0.message == "the profile has no 'id'" })
    }

    @Test func aProfileWithoutColumnsSaysSo() {
        for text in ["profile: 1\nid: x\n", "profile: 1\nid: x\ncolumns: [title]\n"] {
            let (profile, diagnostics) = MappingProfile.parse(
                text, path: "p.yaml", fields: Self.fields)
            #expect(profile == nil)
            #expect(
                diagnostics.map(\.message) == ["the profile has no 'columns' mapping"], "\(text)")
        }
    }
}
