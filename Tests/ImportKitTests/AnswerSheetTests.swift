import AuditModel
import AuditTestSupport
import ImportKit
import Testing

@Suite struct AnswerSheetTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "S", edition: "1",
        clauses: [
            Clause(
                number: clause("7"), title: "Support",
                items: [
                    ChecklistItem(id: "7-1", clause: clause("7"), question: "A?"),
                    ChecklistItem(id: "7-2", clause: clause("7"), question: "B?", naAllowed: true),
                ])
        ])

    static func read(_ text: String) throws -> (answers: [Answer], diagnostics: [Diagnostic]) {
        let folder = TemporaryDirectory()
        let path = folder.write("answers.csv", text)
        return try AnswerSheet.read(path: path, checklist: checklist)
    }

    @Test func readsColumnsInAnyOrderAndCase() throws {
        let (answers, diagnostics) = try Self.read(
            "Note,Verdict,Item ID,Justification,Owner\n"
                + "\"seen, fine\",Conforming,7-1,,Ann\n,N/A,7-2,none held,Bob\n")
        #expect(answers.map(\.itemID) == ["7-1", "7-2"])
        #expect(answers.map(\.verdict) == [.conforming, .na])
        #expect(answers[0].note == "seen, fine")
        #expect(answers[1].justification == "none held")
        #expect(
            diagnostics.map(\.severity) == [.warning], "the unknown Owner column is only a warning")
    }

    @Test func reportsEveryBadRowWithItsPosition() throws {
        let marked = MarkedText(
            """
            item,verdict,justification
            1️⃣99-1,conforming,
            7-1,2️⃣sometimes,
            7-1,3️⃣na,no
            7-2,4️⃣na,
            5️⃣7-2,minor
            6️⃣7-1,minor,

            """)
        let (_, diagnostics) = try Self.read(marked.text)
        let expected: [(String, String)] = [
            ("1️⃣", "has no item '99-1'"),
            ("2️⃣", "unknown verdict 'sometimes'"),
            ("3️⃣", "may not be answered N/A"),
            ("4️⃣", "needs a justification"),
            ("5️⃣", "this row has 2 fields, the header has 3"),
            ("6️⃣", "answered twice (first on line 4)"),
        ]
        #expect(diagnostics.count == expected.count, "\(diagnostics.map(\.description))")
        for (marker, message) in expected {
            let position = marked[marker]
            #expect(
                diagnostics.contains {
                    $0.message.contains(message) && $0.location?.line == position.line
                        && $0.location?.column == position.column
                }, "\(marker) \(message): \(diagnostics.map(\.description))")
        }
    }

    @Test func needsItemAndVerdictColumns() throws {
        let (answers, diagnostics) = try Self.read("id,notes\n7-1,x\n")
        #expect(answers.isEmpty)
        #expect(diagnostics.map(\.message) == ["the header has no 'verdict' column"])
        let (_, empty) = try Self.read("")
        #expect(empty.first?.message.contains("the file is empty") == true)
    }
}

/// One vocabulary for `run`, `answer` and answer sheets: case never changes a verdict, and a
/// word that says "nonconforming" without a grade gives `nonconforming`, to be graded.
@Suite struct AnswerVocabularyTests {
    @Test(arguments: [
        ("C", Verdict.conforming), ("conforming", .conforming), ("Yes", .conforming),
        ("NC", .nonconforming), ("nc", .nonconforming), ("Major NC", .major), ("NCMin", .minor),
        ("No", .nonconforming), ("Partial", .nonconforming), ("Gap", .nonconforming),
        ("Non-conforming", .nonconforming), ("O", .observation), ("OFI", .ofi), ("N/A", .na),
        ("NA", .na), ("Not applicable", .na), ("not arisen", .notArisen), ("MINOR", .minor),
    ])
    func mapsSpreadsheetVocabulary(text: String, expected: Verdict) {
        #expect(VerdictVocabulary.standard.verdict(text) == expected)
    }

    @Test func refusesWhatItCannotRead() {
        #expect(VerdictVocabulary.standard.verdict("maybe") == nil)
        #expect(VerdictVocabulary.standard.verdict("") == nil)
        #expect(
            VerdictVocabulary.standard.unknown("maybe").hasPrefix("unknown verdict 'maybe'; use"))
    }

    /// A checklist's own words come first.
    @Test func aChecklistAddsWordsOfItsOwn() {
        let words = VerdictVocabulary.standard.adding([
            "Nebenabweichung": .minor, "NC": .major,
        ])
        #expect(words.verdict("nebenabweichung") == .minor)
        #expect(words.verdict("nc") == .major)
    }
}
