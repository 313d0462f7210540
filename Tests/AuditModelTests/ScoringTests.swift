import AuditModel
import AuditTestSupport
import Testing

/// Hand-computed scoring scenarios.
@Suite struct ScoringTests {
    /// Clause 1 holds a (w1), b (w2), c (w1, N/A allowed); clause 2.1 holds d (w3), e (w1).
    static func checklist(policy: ScoringPolicy = .standard) -> Checklist {
        Checklist(
            id: "t", title: "T", standard: "S", edition: "1", policy: policy,
            clauses: [
                Clause(
                    number: clause("1"), title: "One",
                    items: [
                        ChecklistItem(id: "a", clause: clause("1"), question: "A?"),
                        ChecklistItem(id: "b", clause: clause("1"), question: "B?", weight: 2),
                        ChecklistItem(
                            id: "c", clause: clause("1"), question: "C?", naAllowed: true),
                    ]),
                Clause(
                    number: clause("2"), title: "Two",
                    items: [
                        ChecklistItem(id: "d", clause: clause("2.1"), question: "D?", weight: 3),
                        ChecklistItem(id: "e", clause: clause("2.1"), question: "E?"),
                    ]),
                Clause(number: clause("2.1"), title: "Two one"),
            ])
    }

    static func responses(_ verdicts: [String: Verdict]) -> [String: Response] {
        verdicts.reduce(into: [:]) { result, entry in
            result[entry.key] = Response(
                itemID: entry.key, verdict: entry.value, justification: "why")
        }
    }

    @Test func weightsNAAndUnansweredItems() throws {
        let card = ScoreCard(
            checklist: Self.checklist(),
            responses: Self.responses(["a": .conforming, "b": .minor, "c": .na, "d": .major]),
            register: .empty)
        // Clause 1: (1×1 + 0.5×2) / (1×1 + 1×2) = 2/3; c is N/A and leaves both sides.
        let one = try #require(card.sections.first { $0.clause == clause("1") })
        #expect(one.earned == 2 && one.possible == 3)
        #expect(one.conformity == 2.0 / 3.0)
        #expect(one.coverage == 1)
        #expect(one.notApplicable == 1 && one.scored == 2 && one.unanswered == 0)
        // Clause 2: d major (0×3) / (1×3); e unanswered lowers coverage, not conformity.
        let two = try #require(card.sections.first { $0.clause == clause("2") })
        #expect(two.earned == 0 && two.possible == 3)
        #expect(two.conformity == 0)
        #expect(two.coverage == 0.5)
        // 2.1 rolls up into 2.
        #expect(card.clauses.first { $0.clause == clause("2.1") }?.possible == 3)
        // Overall: 2 / 6, coverage 4 / 5.
        #expect(card.overall.earned == 2 && card.overall.possible == 6)
        #expect(card.overall.coverage == 0.8)
        #expect(card.readiness.verdict == .notReady)
        #expect(
            card.readiness.reasons.first
                == "open-major: major verdict on item d with no finding raised")
    }

    @Test func theExplanationTracesEveryItem() throws {
        let card = ScoreCard(
            checklist: Self.checklist(),
            responses: Self.responses(["a": .conforming, "b": .minor, "c": .na]), register: .empty)
        let parts = card.overall.contributions
        #expect(parts.map(\.itemID) == ["a", "b", "c", "d", "e"])
        #expect(parts[1].points == 0.5 && parts[1].weight == 2 && parts[1].earned == 1)
        #expect(parts[1].possible == 2)
        #expect(parts[2].exclusion == .notApplicable && parts[2].possible == 0)
        #expect(parts[3].exclusion == .unanswered && parts[3].earned == 0)
    }

    @Test func nothingAnsweredHasNoConformity() {
        let card = ScoreCard(checklist: Self.checklist(), responses: [:], register: .empty)
        #expect(card.overall.conformity == nil)
        #expect(card.overall.coverage == 0)
        #expect(card.readiness.verdict == .notDetermined)
        #expect(card.readiness.reasons.last == "5 items not answered yet")
    }

    @Test func thePolicyDecidesThePoints() {
        var policy = ScoringPolicy.standard
        policy.points[.minor] = 0.25
        policy.points[.observation] = 0.75
        let card = ScoreCard(
            checklist: Self.checklist(policy: policy),
            responses: Self.responses(["a": .observation, "b": .minor]), register: .empty)
        // (0.75×1 + 0.25×2) / 3
        #expect(card.overall.earned == 1.25)
        #expect(card.overall.possible == 3)
    }

    @Test func readyOnlyWhenEveryGatePassesAndEverythingIsAnswered() {
        let noGates = ScoringPolicy(points: ScoringPolicy.defaultPoints, gates: [])
        let all = Self.responses([
            "a": .conforming, "b": .ofi, "c": .na, "d": .observation, "e": .conforming,
        ])
        let card = ScoreCard(
            checklist: Self.checklist(policy: noGates), responses: all, register: .empty)
        #expect(card.readiness.verdict == .ready)
        #expect(card.overall.conformity == 1)
        // Gates that cannot be evaluated yet are never counted as passed.
        let gated = ScoreCard(checklist: Self.checklist(), responses: all, register: .empty)
        #expect(gated.readiness.verdict == .notDetermined)
        for (gate, status) in gated.readiness.gates {
            if gate == .openMajor {
                #expect(status == .passed("no major nonconformity is open"))
            } else if case .notEvaluated = status {
            } else {
                Issue.record("gate \(gate) should not be evaluated yet, found \(status)")
            }
        }
    }

    @Test func answersAreCheckedAgainstTheChecklist() {
        let checklist = Self.checklist()
        #expect(Answer(itemID: "zz", verdict: .conforming).problem(in: checklist) != nil)
        #expect(
            Answer(itemID: "a", verdict: .na, justification: "x").problem(in: checklist)?
                .contains("may not be answered N/A") == true)
        #expect(
            Answer(itemID: "c", verdict: .na, justification: "  ").problem(in: checklist)?
                .contains("needs a justification") == true)
        #expect(
            Answer(itemID: "c", verdict: .na, justification: "none held").problem(in: checklist)
                == nil)
    }
}
