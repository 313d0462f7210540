import AuditModel
import AuditTestSupport
import Testing

@Suite struct ChecklistTests {
    static let sample = Checklist(
        id: "sample", title: "Sample", standard: "ISO 9001", edition: "2015",
        clauses: [
            Clause(number: clause("8"), title: "Operation"),
            Clause(
                number: clause("8.3"), title: "Design",
                items: [
                    ChecklistItem(
                        id: "8.3-1", clause: clause("8.3"), question: "Q?", stage: .one,
                        naAllowed: true,
                        documentedInformation: [
                            .init(kind: .retain, what: "design records", condition: "if designing")
                        ])
                ]),
            Clause(
                number: clause("7.2"), title: "Competence",
                items: [
                    ChecklistItem(
                        id: "7.2-1", clause: clause("7.2"), question: "Q?", weight: 2,
                        stage: .two,
                        documentedInformation: [.init(kind: .retain, what: "competence")]),
                    ChecklistItem(id: "7.2-2", clause: clause("7.2"), question: "Q?"),
                ]),
            Clause(number: clause("7"), title: "Support"),
        ])

    @Test func sortsClausesAndFindsThings() {
        let checklist = Self.sample
        #expect(checklist.clauses.map(\.number.description) == ["7", "7.2", "8", "8.3"])
        #expect(checklist.items.map(\.id) == ["7.2-1", "7.2-2", "8.3-1"])
        #expect(checklist.item("7.2-2")?.clause.description == "7.2")
        #expect(checklist.item("nope") == nil)
        #expect(checklist.children(of: nil).map(\.number.description) == ["7", "8"])
        #expect(checklist.isLeaf(clause("7.2")))
        #expect(!checklist.isLeaf(clause("7")))
        #expect(checklist.lineage == ["sample"])
        #expect(checklist.base == nil)
    }

    @Test func cutsDownToAClauseAndAStage() throws {
        let subtree = try #require(Self.sample.subtree(at: clause("7")))
        #expect(subtree.clauses.map(\.number.description) == ["7", "7.2"])
        #expect(Self.sample.subtree(at: clause("9")) == nil)
        let stageOne = Self.sample.filtered(stage: .one)
        #expect(stageOne.items.map(\.id) == ["7.2-2", "8.3-1"])
        #expect(stageOne.clauses.count == 4)
    }

    @Test func summarises() {
        let summary = ChecklistSummary(Self.sample)
        #expect(summary.items == 3)
        #expect(summary.clauses == 4)
        #expect(summary.clausesWithItems == 2)
        #expect(summary.naAllowed == 1)
        #expect(summary.naClauses.map(\.description) == ["8"])
        #expect(summary.retain == 2)
        #expect(summary.maintain == 0)
        #expect(summary.conditional == 1)
        #expect(summary.totalWeight == 4)
        #expect(summary.itemsBySection.map(\.items) == [2, 1])
        #expect(summary.itemsByStage[.both] == 1)
    }

    @Test func scoresByPolicy() {
        let policy = ScoringPolicy.standard
        #expect(policy.points(for: .na) == nil)
        #expect(policy.points(for: .minor) == 0.5)
        #expect(policy.maximum == 1)
        #expect(Stage.one.includes(.one) && Stage.both.includes(.two) && !Stage.two.includes(.one))
        #expect(Verdict.scored.contains(.na) == false)
    }
}
