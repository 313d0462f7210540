import AuditModel
import AuditTestSupport
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [
        ("2026-11-22", 20_779), ("1970-01-01", 0), ("2024-02-29", 19_782), ("2000-03-01", 11_017),
    ])
    func parsesAndPrints(text: String, day: Int) throws {
        let date = try #require(CalendarDate(text))
        #expect(date.day == day)
        #expect(date.description == text)
        #expect(CalendarDate(text + "T09:30:00Z") == date)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-11-31", "26-11-22", "2026/11/22", ""])
    func refusesWhatIsNotADay(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func addsDaysAcrossMonthsAndLeapYears() throws {
        let start = try #require(CalendarDate("2027-11-22"))
        #expect(start.adding(days: 90).description == "2028-02-20")
        #expect(start.adding(days: 99).description == "2028-02-29")
        #expect(start.adding(days: -365).description == "2026-11-22")
    }
}

@Suite struct CorrectiveActionTests {
    static let policy = FindingPolicy.standard

    static func finding(_ findingClass: FindingClass, complete: Bool = true) -> Finding {
        let grade = policy.grades.first { $0.findingClass == findingClass } ?? policy.grades[0]
        return Finding(
            id: "NC-001", grade: grade, itemID: "7.1.5.2-1", clause: clause("7.1.5.2"),
            requirement: complete ? "7.1.5.2" : "", evidence: complete ? "register" : "",
            statement: "Two gauges overdue", origin: .manual, raisedAt: "2026-11-22T10:00:00Z",
            raisedBy: "tester")
    }

    /// A record filled in up to (and including) what `state` needs.
    static func record(filledFor state: ActionState) -> CorrectiveAction {
        var action = CorrectiveAction(findingID: "NC-001", due: day("2027-02-20"))
        let rank = state.rank ?? 0
        if rank >= 1 {
            action.correction = "Gauges quarantined"
            action.correctionDate = day("2026-11-23")
        }
        if rank >= 2 {
            action.causeMethod = .fiveWhy
            action.cause = "No recall reminder"
            action.extent = "All gauges checked"
        }
        if rank >= 3 {
            action.steps = [
                ActionStep(
                    number: 1, what: "ERP recall", owner: "J. Patel", due: day("2027-01-31"))
            ]
        }
        if rank >= 4 {
            action.steps[0].done = day("2027-01-20")
            action.steps[0].evidence = "EV-0031"
        }
        if rank >= 5 {
            action.verifications = [
                Verification(
                    method: "3 monthly checks", result: .effective, verifier: "A. Auditor",
                    date: day("2027-02-10"))
            ]
        }
        if rank >= 6 {
            action.risksUpdate = ActionDecision(changed: false, note: "no new risk")
            action.systemChange = ActionDecision(changed: true, note: "recall in the ERP")
        }
        return action
    }

    /// The guard that each state adds, in order.
    static let guards: [(ActionState, String)] = [
        (.contained, "containment"), (.causeFound, "root-cause"), (.planned, "plan"),
        (.implemented, "implementation"), (.verified, "effectiveness"),
        (.closed, "system-review"),
    ]

    @Test(arguments: guards)
    func eachStateIsRefusedUntilItsGuardHolds(target: ActionState, guardName: String) throws {
        let finding = Self.finding(.minor)
        let rank = try #require(target.rank)
        let previous = try #require(ActionState.allCases.first { $0.rank == rank - 1 })
        var short = Self.record(filledFor: previous)
        #expect(throws: ActionRefusal.self) {
            try short.move(to: target, finding: finding, policy: Self.policy)
        }
        let names = short.refusals(toward: target, finding: finding, policy: Self.policy).map(
            \.name)
        #expect(names.contains(guardName), "\(names)")
        #expect(short.state == .open, "a refused move changes nothing")
        var full = Self.record(filledFor: target)
        try full.move(to: target, finding: finding, policy: Self.policy)
        #expect(full.state == target)
    }

    @Test func aRefusalNamesEveryGuardAndWhatIsMissing() {
        var action = Self.record(filledFor: .open)
        do {
            try action.move(to: .planned, finding: Self.finding(.minor), policy: Self.policy)
            Issue.record("the move should be refused")
        } catch {
            #expect(error.refusals.map(\.name) == ["containment", "root-cause", "extent", "plan"])
            #expect(
                error.description.hasPrefix("NC-001 cannot move to 'planned'; nothing was changed"))
            #expect(error.description.contains("missing the correction (--correction)"))
            #expect(error.description.contains("at least one action (--add-action)"))
        }
    }

    /// Accepting a plan (what a certification body does for a minor) is recorded, and is not
    /// effectiveness: no nonconformity, minor or major, is verified or closed on a plan alone.
    @Test func aPlanAcceptedIsNotAPlanVerified() throws {
        var planned = Self.record(filledFor: .planned)
        planned.verifications = Self.record(filledFor: .verified).verifications
        planned.risksUpdate = ActionDecision(changed: false)
        planned.systemChange = ActionDecision(changed: false)
        var minor = planned
        #expect(throws: ActionRefusal.self) {
            try minor.move(to: .closed, finding: Self.finding(.minor), policy: Self.policy)
        }
        #expect(
            minor.refusals(toward: .verified, finding: Self.finding(.minor), policy: Self.policy)
                .map(\.name) == ["implementation"])
        #expect(
            planned.refusals(toward: .verified, finding: Self.finding(.major), policy: Self.policy)
                .map(\.name) == ["major-implementation"])
        try minor.acceptPlan(
            PlanAcceptance(by: "CB lead", date: day("2026-12-01"), note: "verify at surveillance"),
            finding: Self.finding(.minor), policy: Self.policy)
        #expect(minor.planAcceptance?.by == "CB lead" && minor.state == .planned)
        #expect(throws: ActionRefusal.self) {
            try minor.move(to: .verified, finding: Self.finding(.minor), policy: Self.policy)
        }
        var unplanned = Self.record(filledFor: .contained)
        #expect(throws: ActionRefusal.self) {
            try unplanned.acceptPlan(
                PlanAcceptance(by: "CB", date: day("2026-12-01")),
                finding: Self.finding(.minor), policy: Self.policy)
        }
    }

    /// Effectiveness is checked after the last action was done, not before.
    @Test func effectivenessIsCheckedAfterTheLastAction() {
        var action = Self.record(filledFor: .verified)
        action.verifications[0].date = day("2027-01-10")  // action 1 was done 2027-01-20
        let refusals = action.refusals(
            toward: .verified, finding: Self.finding(.minor), policy: Self.policy)
        #expect(refusals.map(\.name) == ["effectiveness-after-actions"])
        #expect(
            refusals[0].missing[0].contains(
                "dated 2027-01-10, before action 1 was done on 2027-01-20"))
    }

    /// A check soon after the last action is allowed with a warning, from the policy's days.
    @Test func aHastyEffectivenessCheckIsWarnedAbout() {
        var action = Self.record(filledFor: .verified)
        #expect(action.effectivenessTiming(policy: Self.policy)?.contains("21 days after") == true)
        action.verifications[0].date = day("2027-03-01")
        #expect(action.effectivenessTiming(policy: Self.policy) == nil)
    }

    /// The record's dates run one way, and none is in the future; each refusal names both.
    @Test func datesAreCheckedAgainstEachOther() {
        let finding = Self.finding(.major)  // raised 2026-11-22
        var action = Self.record(filledFor: .verified)
        #expect(action.dateRefusals(finding: finding, today: day("2027-03-01")).isEmpty)
        action.correctionDate = day("2026-11-20")
        action.steps[0].done = day("2026-11-19")
        let refusals = action.dateRefusals(finding: finding, today: day("2027-03-01"))
        #expect(refusals.map(\.name) == ["dates"])
        #expect(
            refusals[0].missing == [
                "the correction date (2026-11-20) comes before the finding was raised (2026-11-22)",
                "the date action 1 was done (2026-11-19) comes before the correction (2026-11-20)",
            ])
        let future = Self.record(filledFor: .verified).dateRefusals(
            finding: finding, today: day("2027-02-01"))
        #expect(
            future.first?.missing == [
                "the date of verification 1 (2027-02-10) is after today (2027-02-01)"
            ])
    }

    /// A nonconformity closes once 10.2.1 e) and f) were considered.
    @Test func closingAsksAboutRisksAndTheSystem() {
        var action = Self.record(filledFor: .verified)
        let refusals = action.refusals(
            toward: .closed, finding: Self.finding(.minor), policy: Self.policy)
        #expect(refusals.map(\.name) == ["system-review"])
        #expect(refusals[0].missing.count == 2)
        action.risksUpdate = ActionDecision(changed: true, note: "risk register line 14")
        action.systemChange = ActionDecision(changed: false)
        #expect(
            action.refusals(toward: .closed, finding: Self.finding(.minor), policy: Self.policy)
                .isEmpty)
    }

    @Test func nothingClosesWithoutAnEffectiveVerification() throws {
        var action = Self.record(filledFor: .implemented)
        action.verifications = [
            Verification(
                method: "check", result: .partly, verifier: "A", date: day("2027-02-01"))
        ]
        let refusals = action.refusals(
            toward: .closed, finding: Self.finding(.major), policy: Self.policy)
        #expect(refusals.map(\.name) == ["effectiveness", "system-review"])
        #expect(refusals[0].missing[0].contains("found 'partly'"))
    }

    @Test func aDraftFindingDoesNotClose() {
        let action = Self.record(filledFor: .closed)
        let refusals = action.refusals(
            toward: .closed, finding: Self.finding(.minor, complete: false), policy: Self.policy)
        #expect(refusals.map(\.name) == ["complete-finding"])
        #expect(
            refusals[0].missing == [
                "the finding's requirement", "the finding's objective evidence",
            ])
    }

    @Test func movingBackIsAllowedAndFinalStatesAreFinal() throws {
        var action = Self.record(filledFor: .planned)
        try action.move(to: .planned, finding: Self.finding(.minor), policy: Self.policy)
        try action.move(to: .contained, finding: Self.finding(.minor), policy: Self.policy)
        #expect(action.state == .contained)
        #expect(
            action.refusals(toward: .cancelled, finding: Self.finding(.minor), policy: Self.policy)
                .map(\.name) == ["cancellation"])
        action.closure = "finding withdrawn"
        try action.move(to: .cancelled, finding: Self.finding(.minor), policy: Self.policy)
        #expect(
            action.refusals(toward: .open, finding: Self.finding(.minor), policy: Self.policy)
                .map(\.name) == ["final"])
    }

    @Test func overdueNamesTheRecordAndEachLateAction() throws {
        var action = Self.record(filledFor: .planned)
        #expect(action.overdue(on: day("2027-01-31")).isEmpty)
        #expect(
            action.overdue(on: day("2027-02-01")) == ["action 1 due 2027-01-31, 1 day ago"])
        #expect(
            action.overdue(on: day("2027-02-23")) == [
                "due 2027-02-20, 3 days ago", "action 1 due 2027-01-31, 23 days ago",
            ])
        action.steps[0].done = day("2027-01-30")
        #expect(action.overdue(on: day("2027-02-01")).isEmpty)
        action.state = .closed
        #expect(action.overdue(on: day("2030-01-01")).isEmpty)
    }
}

@Suite struct FindingTests {
    static func minor(_ id: String, clause text: String, withdrawn: Bool = false) -> Finding {
        var finding = Finding(
            id: id, grade: FindingPolicy.standard.grades[1], itemID: nil, clause: clause(text),
            statement: "s", origin: .manual, raisedAt: "2026-11-22T10:00:00Z", raisedBy: "t")
        if withdrawn { finding.withdrawal = .init(at: "", by: "", reason: "r") }
        return finding
    }

    @Test func threeMinorsOnOneClauseBringAHint() {
        var findings = [
            Self.minor("NC-001", clause: "7.2"), Self.minor("NC-010", clause: "7.2"),
            Self.minor("NC-002", clause: "8.4"),
        ]
        #expect(EscalationHint.hints(for: findings, policy: .standard).isEmpty)
        findings.append(Self.minor("NC-003", clause: "7.2", withdrawn: true))
        #expect(EscalationHint.hints(for: findings, policy: .standard).isEmpty)
        findings.append(Self.minor("NC-004", clause: "7.2"))
        let hints = EscalationHint.hints(for: findings, policy: .standard)
        #expect(hints.map(\.findings) == [["NC-001", "NC-004", "NC-010"]])
        #expect(hints[0].message.hasPrefix("3 minor nonconformities against clause 7.2"))
    }

    @Test func aNonconformityNeedsThreePartsAndOtherGradesAStatement() {
        let grades = FindingPolicy.standard.grades
        var nc = Finding(
            id: "NC-001", grade: grades[0], itemID: nil, clause: clause("8.5.1"),
            origin: .manual, raisedAt: "", raisedBy: "")
        #expect(nc.missingParts == ["requirement", "objective evidence", "statement"])
        nc.evidenceIDs = ["EV-0001"]
        #expect(nc.missingParts == ["requirement", "statement"])
        let ofi = Finding(
            id: "OFI-001", grade: grades[3], itemID: nil, clause: clause("8.5.1"),
            statement: "trend scrap", origin: .manual, raisedAt: "", raisedBy: "")
        #expect(!ofi.isDraft && !ofi.isNonconformity)
    }

    @Test func citedEvidenceIsFoundInTheText() {
        #expect(
            Finding.citedEvidence(in: "Register EV-12 and ev-0012, also (EV-0003); EVX-1 no")
                == ["EV-0012", "EV-0003"])
    }

    @Test func findingIdsSortByPrefixThenNumber() {
        #expect(
            ["NC-010", "OBS-001", "NC-002", "NC-1000"].sorted(by: Finding.precedes) == [
                "NC-002", "NC-010", "NC-1000", "OBS-001",
            ])
    }

    @Test func aScaleWithoutAMajorOrWithSharedPrefixesIsRefused() {
        var policy = FindingPolicy.standard
        policy.grades.removeFirst()
        policy.grades[2].prefix = "NC"
        #expect(
            policy.problems == [
                "the grades need one of class 'major'",
                "prefix 'NC' is shared by nonconformity and other grades; give nonconformities a"
                    + " prefix of their own",
            ])
        #expect(FindingPolicy.standard.problems.isEmpty)
    }
}

@Suite struct VerificationTests {
    static let check = Verification(
        method: "3 monthly checks", result: .effective, verifier: "A", date: day("2027-02-10"))

    @Test func aVerificationNeedsAPlanAndAnUnsuccessfulOneSendsTheRecordBack() throws {
        let finding = CorrectiveActionTests.finding(.major)
        var open = CorrectiveActionTests.record(filledFor: .open)
        #expect(throws: ActionRefusal.self) {
            try open.verify(Self.check, finding: finding, policy: .standard)
        }
        #expect(open.verifications.isEmpty, "a refused verification records nothing")
        var implemented = CorrectiveActionTests.record(filledFor: .implemented)
        implemented.state = .implemented
        var partly = Self.check
        partly.result = .partly
        try implemented.verify(partly, finding: finding, policy: .standard)
        #expect(implemented.state == .planned && implemented.verifications.count == 1)
        try implemented.verify(Self.check, finding: finding, policy: .standard)
        #expect(implemented.state == .verified && implemented.verifications.count == 2)
    }
}
