import AuditTestSupport
import Testing

@testable import AuditModel

/// The views across audits, on hand-built programmes.
@Suite struct ProgrammeTests {
    static let info = ProgrammeInfo(
        id: "p", organisation: "Acme", scope: "Widgets", createdAt: "2027-01-01T00:00:00Z",
        toolVersion: "0")

    static let clauses: [(number: ClauseNumber, heading: String)] = [
        (clause("7.1.6"), "Knowledge"), (clause("8.4.1"), "General"), (clause("8.4.2"), "Control"),
        (clause("8.5.1"), "Control of production"), (clause("9.2"), "Internal audit"),
    ]

    static let processes = [
        ProgrammeProcess(
            id: "purchasing", name: "Purchasing", clauses: [clause("8.4"), clause("7.1.6")]),
        ProgrammeProcess(
            id: "production", name: "Production", clauses: [clause("8.5")], highRisk: true),
    ]

    static func attached(
        _ id: String, on date: String, answers: [(String, String)], findings: [Finding] = [],
        actions: [String: CorrectiveAction] = [:]
    ) -> AttachedAudit {
        AttachedAudit(
            auditID: id,
            info: AuditInfo(
                id: id, organisation: "Acme", scope: "", sites: [], type: .internal, auditors: [],
                createdAt: "", toolVersion: "", checklistID: "c", checklistRevision: "1",
                checklistSHA256: ""),
            answers: answers.map {
                AttachedAnswer(itemID: $0.0, clause: clause($0.1), verdict: .conforming)
            }, findings: findings, actions: actions, evidence: 0, date: day(date))
    }

    static func finding(_ id: String, _ grade: Int, _ clauseText: String) -> Finding {
        Finding(
            id: id, grade: FindingPolicy.standard.grades[grade], itemID: nil,
            clause: clause(clauseText), statement: "s", origin: .manual,
            raisedAt: "2027-01-01T00:00:00Z", raisedBy: "x")
    }

    static func state(planned: [PlannedAudit], attached: [AttachedAudit]) -> ProgrammeState {
        ProgrammeState(
            info: info, clauses: clauses, processes: processes,
            auditors: [ProgrammeAuditor(name: "R. Patel", processes: ["purchasing"])],
            planned: planned, cycle: CertificationCycle(), attached: attached)
    }

    /// Covered, planned and uncovered clauses and processes are exact, and a cycle leaves out
    /// the audits of another year.
    @Test func coverageOfACycleIsExact() {
        let planned = [
            PlannedAudit(
                id: "IA-1", type: .internal, processes: ["purchasing"], planned: day("2027-02-01")),
            PlannedAudit(
                id: "IA-2", type: .internal, clauses: [clause("9.2")], planned: day("2027-09-01")),
            PlannedAudit(
                id: "IA-0", type: .internal, processes: ["production"], planned: day("2026-05-01")),
        ]
        let attached = [
            Self.attached(
                "IA-1", on: "2027-02-03", answers: [("8.4.1-1", "8.4.1"), ("7.1.6-1", "7.1.6")]),
            Self.attached("IA-0", on: "2026-05-02", answers: [("8.5.1-1", "8.5.1")]),
        ]
        let coverage = ProgrammeCoverage(
            Self.state(planned: planned, attached: attached), year: 2027)
        let clauses = Dictionary(uniqueKeysWithValues: coverage.clauses.map { ($0.key, $0) })
        #expect(clauses["8.4.1"]?.done == ["IA-1"] && clauses["8.4.1"]?.planned == ["IA-1"])
        #expect(clauses["8.4.2"]?.done == [] && clauses["8.4.2"]?.planned == ["IA-1"])
        #expect(clauses["9.2"]?.pending == true)
        #expect(coverage.uncoveredClauses.map(\.key) == ["8.5.1"], "IA-0 is of 2026")
        #expect(coverage.uncoveredProcesses.map(\.key) == ["production"])
        let everything = ProgrammeCoverage(
            Self.state(planned: planned, attached: attached), year: nil)
        #expect(everything.uncoveredClauses.isEmpty)
        #expect(everything.processes.first { $0.key == "production" }?.done == ["IA-0"])
    }

    @Test func aRepeatIsTheSameClauseOrProcessInAnotherAuditWithinTheWindow() {
        let attached = [
            Self.attached(
                "IA-1", on: "2027-02-01", answers: [],
                findings: [Self.finding("NC-001", 1, "8.4.1")]),
            Self.attached(
                "IA-2", on: "2027-06-01", answers: [],
                findings: [
                    Self.finding("NC-001", 1, "8.4.2"),  // same process (purchasing)
                    Self.finding("OFI-001", 3, "8.4.1"),  // an OFI never repeats
                ]),
            Self.attached(
                "IA-3", on: "2028-09-01", answers: [],
                findings: [Self.finding("NC-001", 1, "8.4.1")]),
        ]
        let findings = ProgrammeFindings(
            Self.state(planned: [], attached: attached), today: day("2028-10-01"))
        let repeats = Dictionary(
            uniqueKeysWithValues: findings.entries.map {
                ("\($0.auditID)/\($0.finding.id)", $0.repeats)
            })
        #expect(repeats["IA-1/NC-001"] == [])
        #expect(repeats["IA-2/NC-001"] == ["IA-1/NC-001"])
        #expect(repeats["IA-2/OFI-001"] == [])
        #expect(repeats["IA-3/NC-001"] == [], "more than 12 months after the others")
        #expect(findings.repeatsByClause.map(\.clause) == [clause("8.4.2")])
    }

    /// Surveillance within 12 months of the decision, then yearly; 29 February becomes the last
    /// day of February; contradicting dates name their field.
    @Test func certificationDatesFollowTheDecision() {
        let cycle = CertificationCycle(decision: day("2028-02-29"))
        #expect(cycle.dues.map(\.by.description) == ["2029-02-28", "2030-02-28", "2031-02-27"])
        #expect(cycle.dues.map(\.what) == ["surveillance 1", "surveillance 2", "recertification"])
        let wrong = CertificationCycle(
            stage1: day("2027-06-01"), stage2: day("2027-05-01"), decision: day("2027-04-01"))
        #expect(
            wrong.problems.contains { $0.hasPrefix("--stage2 (2027-05-01) comes before --stage1") })
        #expect(
            wrong.problems.contains {
                $0.hasPrefix("--decision (2027-04-01) comes before --stage2")
            })
        #expect(day("2027-01-31").adding(months: 1).description == "2027-02-28")
        #expect(day("2027-12-15").adding(months: 1).description == "2028-01-15")
        #expect(day("2027-01-15").adding(months: -1).description == "2026-12-15")
    }

    @Test func impartialityFindsTheLeadsOwnProcess() {
        let state = Self.state(planned: [], attached: [])
        let byProcess = PlannedAudit(id: "IA-1", type: .internal, processes: ["purchasing"])
        let byClause = PlannedAudit(id: "IA-2", type: .internal, clauses: [clause("8.4.1")])
        let elsewhere = PlannedAudit(id: "IA-3", type: .internal, clauses: [clause("9.2")])
        #expect(state.ownProcesses(of: "r. patel", in: byProcess).map(\.id) == ["purchasing"])
        #expect(state.ownProcesses(of: "R. Patel", in: byClause).map(\.id) == ["purchasing"])
        #expect(state.ownProcesses(of: "R. Patel", in: elsewhere).isEmpty)
        #expect(state.ownProcesses(of: "J. Smith", in: byProcess).isEmpty)
    }

    /// Each input of 9.3.2 is there: with data where the audits give some, "no data" otherwise.
    @Test func theReviewInputSaysWhatItHasNoDataFor() {
        var action = CorrectiveAction(findingID: "NC-001", due: day("2027-05-01"))
        action.verifications = [
            Verification(method: "m", result: .effective, verifier: "v", date: day("2027-04-01"))
        ]
        action.state = .closed
        let attached = [
            Self.attached(
                "IA-1", on: "2027-02-01", answers: [("8.4.1-1", "8.4.1")],
                findings: [
                    Self.finding("NC-001", 1, "8.4.1"), Self.finding("OFI-001", 3, "8.5.1"),
                ],
                actions: ["NC-001": action])
        ]
        let input = ReviewInput(
            Self.state(planned: [], attached: attached), today: day("2027-06-01"))
        let parts = Dictionary(uniqueKeysWithValues: input.parts.map { ($0.reference, $0) })
        #expect(input.parts.count == 12, "a), b), c) 1) to 7), d), e), f)")
        #expect(
            parts["9.3.2 c) 6)"]?.lines == [
                "IA-1 (internal, 2027-02-01): 1 item answered; 1 minor, 1 ofi"
            ])
        #expect(
            parts["9.3.2 c) 4)"]?.lines.first?.hasPrefix("1 nonconformity (0 majors): 0 open")
                == true)
        #expect(
            parts["9.3.2 e)"]?.lines == [
                "corrective actions verified: 1 effective, 0 partly, 0 not"
            ])
        #expect(parts["9.3.2 f)"]?.lines.first?.hasPrefix("IA-1/OFI-001 (8.5.1)") == true)
        #expect(parts["9.3.2 c) 1)"]?.lines.isEmpty == true)
        #expect(parts["9.3.2 c) 1)"]?.noData.isEmpty == false)
        #expect(
            input.quarters == [
                .init(quarter: "2027-Q1", major: 0, minor: 1, observation: 0, ofi: 1)
            ])
    }

    @Test func thePlanCoversEveryProcessAndAuditsTheRiskyOnesTwice() {
        let state = Self.state(planned: [], attached: [])
        let plan = ProgrammePlanner.propose(
            state, start: day("2027-01-01"), months: 12, today: day("2027-01-01"))
        #expect(plan.map(\.processes) == [["purchasing"], ["production"], [], ["production"]])
        #expect(plan[2].clauses == [clause("9.2")], "what no process answers for")
        #expect(plan.map(\.id) == ["IA-2027-01", "IA-2027-02", "IA-2027-03", "IA-2027-04"])
        #expect(
            plan.map { $0.planned?.description } == [
                "2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01",
            ])
        #expect(plan[0].lead == "", "R. Patel works in purchasing; nobody else can lead it")
        #expect(plan[1].lead == "R. Patel")
    }
}
