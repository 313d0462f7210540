import AuditChecklists
import AuditModel
import Testing

/// Topic-named documents find their clause through the bundled checklist's vocabulary.
@Suite struct ClauseVocabularyTests {
    static let vocabulary = ClauseVocabulary(
        (try? ChecklistCatalog(folder: nil).checklist(id: "iso9001-2015"))
            ?? Checklist(id: "none", title: "", standard: "", edition: "", clauses: []))

    func clauses(_ text: String) -> [String] {
        Self.vocabulary.matches(in: text).map(\.clause.description)
    }

    @Test(arguments: [
        ("0560_Internal_Audit.md", ["9.2"]), ("0130_Management_Review.md", ["9.3"]),
        ("0100_Quality_Policy.md", ["5.2"]),
        ("0660_Nonconformity_and_Corrective_Action.md", ["10.2"]),
        ("0560_Internes_Audit.md", ["9.2"]), ("0130_Managementbewertung.md", ["9.3"]),
        ("0100_Qualitaetspolitik.md", ["5.2"]), ("0100_Qualitätspolitik.md", ["5.2"]),
        ("Korrekturmassnahmen.docx", ["10.2"]), ("Korrekturmaßnahmen.docx", ["10.2"]),
        ("MR minutes 2026-07.pdf", ["9.3"]), ("ManagementReviewInputs.xlsx", ["9.3.2"]),
        ("Supplier-evaluation 2026.xlsx", ["8.4"]), ("Schulungsplan 2027.xlsx", ["7.2"]),
        ("Calibration certificates.pdf", ["7.1.5.2"]), ("SWOT.xlsx", ["4.1"]),
        ("Risk register and quality objectives.xlsx", ["6.1", "6.2"]),
        ("Prüfmittelüberwachung.pdf", ["7.1.5"]), ("Pruefmittelueberwachung.pdf", ["7.1.5"]),
        ("Glossary.md", []), ("Appendix_A_Abbreviations.md", []), ("0010_Introduction.md", []),
        ("General.md", []), ("Quality.md", []),
    ])
    func aNameFindsItsClause(name: String, expected: [String]) {
        #expect(clauses(name) == expected, "\(name)")
    }

    @Test func wordsAreFoldedAndSplit() {
        #expect(
            ClauseVocabulary.words("0560_InternalAudit-Übersicht.v2") == [
                "internal", "audit", "uebersicht", "v2",
            ])
        #expect(ClauseVocabulary.words("Maßnahmen für Café") == ["massnahmen", "fuer", "cafe"])
    }

    @Test func reasonsNameThePhraseAndWhereItComesFrom() throws {
        let match = try #require(Self.vocabulary.matches(in: "Internes_Audit_2026").first)
        #expect(match.reason == "synonym \"Internes Audit\" (de)")
        #expect(
            Self.vocabulary.matches(in: "Internal audit").first?.reason
                == "title \"Internal audit\"")
        #expect(
            Self.vocabulary.names(try #require(ClauseNumber("7.5")), "Dokumentierte Information"))
        #expect(!Self.vocabulary.names(try #require(ClauseNumber("7.5")), "Internes Audit"))
    }
}
