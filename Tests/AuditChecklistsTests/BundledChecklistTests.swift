import AuditChecklists
import AuditModel
import AuditTestSupport
import Testing

/// The bundled ISO 9001:2015 checklist against the reference in `shared/reference/domain.md`.
@Suite struct BundledChecklistTests {
    static let catalog = try? ChecklistCatalog(folder: nil)

    func iso() throws -> Checklist {
        let catalog = try #require(Self.catalog)
        return try catalog.checklist(id: "iso9001-2015")
    }

    /// Every clause and numbered paragraph of clauses 4-10 (domain.md §1).
    static let clauseTree = """
        4 4.1 4.2 4.3 4.4 4.4.1 4.4.2 5 5.1 5.1.1 5.1.2 5.2 5.2.1 5.2.2 5.3 6 6.1 6.1.1 6.1.2 \
        6.2 6.2.1 6.2.2 6.3 7 7.1 7.1.1 7.1.2 7.1.3 7.1.4 7.1.5 7.1.5.1 7.1.5.2 7.1.6 7.2 7.3 \
        7.4 7.5 7.5.1 7.5.2 7.5.3 7.5.3.1 7.5.3.2 8 8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.3.1 8.2.3.2 \
        8.2.4 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6 8.4 8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.5.2 \
        8.5.3 8.5.4 8.5.5 8.5.6 8.6 8.7 8.7.1 8.7.2 9 9.1 9.1.1 9.1.2 9.1.3 9.2 9.2.1 9.2.2 9.3 \
        9.3.1 9.3.2 9.3.3 10 10.1 10.2 10.2.1 10.2.2 10.3
        """.split(separator: " ").map(String.init)

    /// The numbered paragraphs ISO 9001:2015 gives no title (domain.md §0.3).
    static let untitled: Set<String> = [
        "4.4.1", "4.4.2", "6.1.1", "6.1.2", "6.2.1", "6.2.2", "7.5.3.1", "7.5.3.2", "8.2.3.1",
        "8.2.3.2", "8.7.1", "8.7.2", "9.2.1", "9.2.2", "10.2.1", "10.2.2",
    ]

    @Test func everyBundledChecklistValidatesCleanly() throws {
        let catalog = try #require(Self.catalog)
        let bundled = catalog.files.filter { $0.origin == .bundled }
        #expect(bundled.count == 3)
        for entry in bundled {
            let validation = try catalog.validate(path: entry.path)
            #expect(validation.checklist != nil, "\(entry.path) must resolve")
            #expect(validation.diagnostics.isEmpty, "\(validation.diagnostics.map(\.description))")
        }
    }

    @Test func hasExactlyTheClauseTreeOfTheStandard() throws {
        let checklist = try iso()
        #expect(checklist.clauses.map(\.number.description) == Self.clauseTree)
        #expect(checklist.edition == "ISO 9001:2015 + A1:2024")
    }

    @Test func untitledParagraphsHaveNoTitleButALabel() throws {
        for clause in try iso().clauses {
            if Self.untitled.contains(clause.number.description) {
                #expect(clause.title == nil, "\(clause.number) has no title in the standard")
            } else {
                #expect(clause.title?.isEmpty == false, "\(clause.number) needs its title")
            }
            #expect(!clause.label.isEmpty, "\(clause.number) needs our own label")
        }
    }

    @Test func everyLeafClauseHasItemsWithGuidanceAndEvidence() throws {
        let checklist = try iso()
        #expect(checklist.items.count >= 150)
        for clause in checklist.clauses where checklist.isLeaf(clause.number) {
            #expect(!clause.items.isEmpty, "leaf clause \(clause.number) has no items")
        }
        for item in checklist.items {
            #expect(item.question.hasSuffix("?"), "\(item.id) should ask a question")
            #expect(item.guidance.count > 40, "\(item.id) needs real guidance")
            #expect(!item.evidence.kinds.isEmpty, "\(item.id) needs expected evidence")
            #expect(!item.evidence.tags.isEmpty, "\(item.id) needs evidence tags")
            #expect(item.id.hasPrefix(item.clause.description + "-"), "\(item.id) id scheme")
        }
        // Stage 2 audits every requirement: a base checklist asks nothing at Stage 1 alone.
        #expect(Set(checklist.items.map(\.stage)) == [.two, .both])
        #expect(checklist.items.filter { $0.stage.includes(.two) }.count == checklist.items.count)
        // Open prompts as well as yes-or-no questions.
        #expect(
            checklist.items.filter {
                $0.question.hasPrefix("Show me") || $0.question.hasPrefix("Walk me")
                    || $0.question.hasPrefix("What ") || $0.question.hasPrefix("How ")
                    || $0.question.hasPrefix("Which ") || $0.question.hasPrefix("At the")
            }.count >= 8)
    }

    /// Items that depend on something happening may be answered 'not-arisen'; good-practice
    /// items are marked as such.
    @Test func conditionsAndPracticeAreMarked() throws {
        let checklist = try iso()
        let conditional = Set(checklist.items.filter(\.conditionMayNotArise).map(\.id))
        #expect(
            conditional == [
                "7.1.5.2-2", "8.1-4", "8.2.4-1", "8.4.2-1", "8.5.1-4", "8.5.3-2", "8.5.6-2",
                "8.7.1-4",
            ])
        #expect(Set(checklist.items.filter(\.practice).map(\.id)) == ["9.2.2-6", "10.2.1-5"])
        #expect(
            checklist.item("5.1.1-6")?.question.contains("achieving what it is meant to") == true)
    }

    @Test func mandatoryDocumentedInformationSitsOnTheRightClauses() throws {
        let checklist = try iso()
        func clauses(_ kind: DocumentedInformation.Kind) -> Set<String> {
            Set(
                checklist.items.filter { item in
                    item.documentedInformation.contains { $0.kind == kind }
                }.map(\.clause.description))
        }
        // domain.md §2.1 (8.4.1 criteria as a document is "expected", not mandatory).
        #expect(clauses(.maintain) == ["4.3", "4.4.2", "5.2.2", "6.2.1", "8.1", "8.2.4", "8.5.1"])
        // domain.md §2.2.
        #expect(
            clauses(.retain) == [
                "4.4.2", "7.1.5.1", "7.1.5.2", "7.2", "8.1", "8.2.3.2", "8.3.2", "8.3.3", "8.3.4",
                "8.3.5", "8.3.6", "8.4.1", "8.5.2", "8.5.3", "8.5.6", "8.6", "8.7.2", "9.1.1",
                "9.2.2", "9.3.3", "10.2.2",
            ])
        let conditional = Set(
            checklist.items.filter { $0.documentedInformation.contains(where: \.isConditional) }
                .map(\.clause.description))
        for number in ["7.1.5.1", "7.1.5.2", "8.3.3", "8.5.2", "8.5.3", "8.2.4"] {
            #expect(conditional.contains(number), "\(number) is conditional")
        }
        for number in ["4.3", "5.2.2", "6.2.1", "7.2", "8.4.1", "8.6", "9.2.2", "9.3.3", "10.2.2"] {
            #expect(!conditional.contains(number), "\(number) is not conditional")
        }
    }

    @Test func notApplicableOnlyWhereCredible() throws {
        let checklist = try iso()
        let credible = ["7.1.5", "8.3", "8.5.3", "8.5.5"].map(clause)
        for item in checklist.items where item.naAllowed {
            let allowed =
                credible.contains { $0.contains(item.clause) } || item.id == "8.5.2-3"
            #expect(allowed, "\(item.id) must not allow N/A")
        }
        for item in checklist.items where credible.contains(where: { $0.contains(item.clause) }) {
            #expect(item.naAllowed, "\(item.id) should allow N/A")
        }
        let never = ["4", "5", "6", "9", "10", "8.1", "8.2", "8.5.1", "8.6", "8.7"].map(clause)
        for item in checklist.items where never.contains(where: { $0.contains(item.clause) }) {
            #expect(!item.naAllowed, "\(item.id) may never be N/A")
        }
        #expect(checklist.item("8.5.2-1")?.naAllowed == false)
    }

    @Test func asksTheClimateQuestionsOf2024() throws {
        let checklist = try iso()
        for number in ["4.1", "4.2"] {
            let items = checklist.clause(clause(number))?.items ?? []
            #expect(items.contains { $0.question.lowercased().contains("climate") }, "\(number)")
        }
    }

    @Test func theStage1OverlayLayersOnTheBase() throws {
        let catalog = try #require(Self.catalog)
        let base = try iso()
        let overlay = try catalog.checklist(id: "iso9001-2015-stage1")
        #expect(overlay.lineage == ["iso9001-2015", "iso9001-2015-stage1"])
        #expect(overlay.base == "iso9001-2015")
        #expect(overlay.edition == base.edition)
        let added = Set(overlay.items.map(\.id)).subtracting(base.items.map(\.id))
        #expect(added.count == 6 && added.allSatisfy { $0.hasPrefix("S1-") })
        #expect(Set(base.items.map(\.id)).isSubset(of: overlay.items.map(\.id)))
        #expect(overlay.item("4.3-3")?.weight == 3)
        #expect(base.item("4.3-3")?.weight == 2)
        #expect(overlay.item("S1-9.2.1-1")?.clause.description == "9.2.1")
        #expect(overlay.policy == base.policy)
    }
}
