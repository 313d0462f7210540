import AuditModel
import AuditReport
import AuditTestSupport
import Foundation
import Testing

/// The gap analysis of a whole register in every format: counts are exact, lists name the
/// first thousand and say how many more there are and where to see them.
@Suite struct GapRendererTests {
    static let gaps: GapAnalysis = {
        let checklist = Checklist(
            id: "t", title: "T", standard: "S", edition: "1", policy: .standard,
            clauses: [
                Clause(
                    number: clause("7.5.3"), title: "Control",
                    items: [ChecklistItem(id: "7.5.3-1", clause: clause("7.5.3"), question: "?")])
            ])
        var evidence: [Evidence] = []
        for number in 1...3_300 {
            evidence.append(
                Evidence(
                    id: Evidence.id(number: number), source: "test",
                    draft: EvidenceDraft(
                        naturalKey: "k\(number)", title: "Record \(number)",
                        reviewDate: number <= 1_100 ? "2026-01-01" : "",
                        clauses: number <= 2_000 ? [clause("7.5.3")] : []),
                    importedAt: "", updatedAt: ""))
        }
        return GapAnalysis(
            checklist: checklist, responses: [:], evidence: evidence, links: [:],
            fileStates: [:], asOf: day("2026-06-01"))
    }()

    @Test func summaryCountsEveryRecord() {
        let summary = GapRenderer.summary(Self.gaps)
        #expect(summary.contains("evidence problems: 1100 stale"))
        #expect(summary.contains("evidence with no clause: 1300"))
    }

    @Test func csvSaysHowManyMoreThereAre() {
        let rows = GapRenderer.gapRows(Self.gaps)
        #expect(rows.filter { $0[0] == "evidence" }.count == EvidenceList.limit + 1)
        #expect(
            rows.contains {
                $0[0] == "evidence" && $0[4] == "more" && $0[5].contains("100 more")
                    && $0[5].contains("evidence list --stale")
            })
        #expect(
            rows.contains {
                $0[0] == "unmapped-evidence" && $0[4] == "more" && $0[5].contains("300 more")
            })
    }

    @Test func jsonGivesTheCountBesideTheNamedIDs() throws {
        let text = GapRenderer.render(
            Self.gaps, info: NCReportTests.info, format: .json)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let clauses = try #require(json["clauses"] as? [[String: Any]])
        #expect(clauses.first?["evidence_count"] as? Int == 2_000)
        #expect((clauses.first?["evidence"] as? [String])?.count == EvidenceList.limit)
        #expect((json["evidence_problem_counts"] as? [String: Int]) == ["stale": 1_100])
        #expect(json["evidence_without_clause_count"] as? Int == 1_300)
        #expect((json["evidence_problems"] as? [Any])?.count == EvidenceList.limit)
    }

    @Test func theTableEndsItsListsWithWhatIsLeftOut() {
        let text = GapRenderer.render(Self.gaps, info: NCReportTests.info, format: .table)
        #expect(text.contains("… and 100 more evidence problems: see 'qmsaudit evidence verify'"))
        #expect(text.contains("… and 1280 more. Map them with 'qmsaudit evidence map --unmapped'."))
    }
}
