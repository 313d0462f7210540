import AuditModel
import Testing

@Suite struct ClauseReferenceTests {
    @Test(arguments: [
        ("7.5.3", "7.5.3"),
        ("Clause 7.5.3", "7.5.3"),
        ("7.5.3.", "7.5.3"),
        ("§ 7.5.3", "7.5.3"),
        ("§7.5.3", "7.5.3"),
        ("ISO 9001:2015 7.5.3", "7.5.3"),
        ("ISO 9001:2015 clause 7.5.3", "7.5.3"),
        ("cl. 7.5.3", "7.5.3"),
        ("7.5.3 Control of documented information", "7.5.3"),
        ("10", "10"),
        ("7.5; 8.4", "7.5 8.4"),
        ("7.5 / 8.4.1, 9.2", "7.5 8.4.1 9.2"),
        ("QP-7.5-01", "7.5"),
        ("rev 2", "2"),
        ("v2", ""),
        ("", ""),
        ("n/a", ""),
    ])
    func findsTheClauses(text: String, expected: String) {
        let found = ClauseReference.parse(text).map(\.clause.description).joined(separator: " ")
        #expect(found == expected, "'\(text)'")
    }

    @Test func keepsTheWrittenTitle() {
        let match = ClauseReference.parse("10.1 – Nonconformity and corrective action").first
        #expect(match?.clause.description == "10.1")
        #expect(match?.title == "Nonconformity and corrective action")
    }

    @Test(arguments: [
        ("Policy", "Quality policy", true),
        ("Control of documented information", "Control of Documented Information", true),
        ("Continuous improvement", "Continual improvement", true),
        (
            "Property belonging to customers and external providers",
            "Property belonging to customers or external providers", true
        ),
        ("General", "Nonconformity and corrective action", false),
        ("Competence", "Infrastructure", false),
        ("", "anything", true),
    ])
    func comparesTitlesLoosely(checklist: String, written: String, agree: Bool) {
        #expect(ClauseReference.titlesAgree(written, checklist) == agree)
    }

    @Test(arguments: [
        ("ISO 9001:2015 7.5.3", "7.5.3", ""),
        ("ISO 9001 8.4", "8.4", ""),
        ("ISO/IEC 27001:2022 A.5.1", "", "ISO/IEC 27001:2022 A.5.1"),
        ("ISO 27001 A.7.2", "", "ISO 27001 A.7.2"),
        ("A.5.1", "", "A.5.1"),
        ("ISO 14001:2015 6.1.2", "", "ISO 14001:2015 6.1.2"),
        ("ISO 9001:2008 7.5.3", "", "ISO 9001:2008 7.5.3"),
        ("ac-6.1_obj", "", "ac-6.1_obj"),
        ("IATF 16949 8.5.1.1", "", "IATF 16949 8.5.1.1"),
        ("7.5; ISO 14001 8.1", "7.5", "ISO 14001 8.1"),
        ("8.4 / ISO/IEC 27001 A.5.19", "8.4", "ISO/IEC 27001 A.5.19"),
        ("QP-7.5-01", "7.5", ""),
        ("v2.1", "", ""),
    ])
    func otherStandardsEditionsAndControlsAreSetApart(
        text: String, clauses: String, others: String
    ) {
        let reading = ClauseReference.read(text, standard: "ISO 9001", year: "2015")
        #expect(reading.matches.map(\.clause.description).joined(separator: " ") == clauses)
        #expect(reading.others.joined(separator: "; ") == others)
    }

    @Test func theEditionYearIsTheStandardsNotTheAmendments() {
        #expect(ClauseReference.year(of: "ISO 9001:2015 + A1:2024") == "2015")
        #expect(ClauseReference.designation(of: "ISO 9001") == "9001")
    }
}
