/// Where a corrective action stands.
///
/// The states follow ISO 9001 10.2.1 and certification practice in order: the nonconformity is
/// contained (correction), its cause found (with the extent check), actions planned, then
/// implemented, their effectiveness verified, and the record closed. `cancelled` ends a record
/// whose nonconformity was withdrawn or rejected.
public enum ActionState: String, CaseIterable, Sendable, Codable {
    /// Raised; nothing done yet.
    case open
    /// The correction (containment) is done.
    case contained
    /// The root cause and the extent are known.
    case causeFound = "cause-found"
    /// Actions are planned, each with an owner and a due date.
    case planned
    /// Every action is done, with evidence.
    case implemented
    /// Effectiveness was verified as effective.
    case verified
    /// Closed: nothing more to do.
    case closed
    /// Cancelled, with a reason.
    case cancelled

    /// The position in the life cycle; `cancelled` has none.
    public var rank: Int? {
        switch self {
        case .open: 0
        case .contained: 1
        case .causeFound: 2
        case .planned: 3
        case .implemented: 4
        case .verified: 5
        case .closed: 6
        case .cancelled: nil
        }
    }

    /// Whether the record is finished: closed or cancelled.
    public var isFinal: Bool { self == .closed || self == .cancelled }
}

/// How the root cause was analysed.
public enum RootCauseMethod: String, CaseIterable, Sendable, Codable {
    /// Asking "why" until the cause is systemic.
    case fiveWhy = "5-why"
    /// An Ishikawa (cause-and-effect) diagram.
    case fishbone
    /// The eight disciplines.
    case eightD = "8d"
    /// Another method, named in the cause statement.
    case other
}

/// The result of an effectiveness verification.
public enum Effectiveness: String, CaseIterable, Sendable, Codable {
    /// The nonconformity has not recurred and the cause is removed.
    case effective
    /// Partly effective: more action is needed.
    case partly
    /// Not effective.
    case not
}

/// Where a nonconformity was found: what the corrective-action record answers to.
public enum NonconformitySource: String, CaseIterable, Sendable, Codable {
    /// An internal audit (9.2).
    case internalAudit = "internal-audit"
    /// The certification body's Stage 1 review.
    case stage1 = "cb-stage1"
    /// The certification body's Stage 2 audit.
    case stage2 = "cb-stage2"
    /// A certification body's surveillance audit.
    case surveillance = "cb-surveillance"
    /// A certification body's recertification audit.
    case recertification = "cb-recertification"
    /// A customer complaint.
    case complaint
    /// Monitoring or measurement of a process or product (9.1).
    case processMonitoring = "process-monitoring"
    /// An external provider's product or service.
    case externalProvider = "external-provider"
    /// Anything else, said in the finding.
    case other
}

/// A decision recorded on a corrective action: whether something was changed, and a note.
public struct ActionDecision: Hashable, Sendable, Codable {
    /// Whether it was changed.
    public var changed: Bool
    /// What, or why not.
    public var note: String

    /// Creates a decision.
    public init(changed: Bool, note: String = "") {
        self.changed = changed
        self.note = note
    }
}

/// A certification body's (or reviewer's) acceptance of a corrective-action plan: not a
/// verification of effectiveness, which needs the actions done first.
public struct PlanAcceptance: Hashable, Sendable, Codable {
    /// Who accepted it.
    public var by: String
    /// When.
    public var date: CalendarDate
    /// Any condition or remark.
    public var note: String

    /// Creates an acceptance.
    public init(by: String, date: CalendarDate, note: String = "") {
        self.by = by
        self.date = date
        self.note = note
    }
}

/// One planned action of a corrective action.
public struct ActionStep: Hashable, Sendable, Codable {
    /// Its number within the record, from 1.
    public var number: Int
    /// What is to be done.
    public var what: String
    /// Who does it.
    public var owner: String
    /// When it is due.
    public var due: CalendarDate?
    /// When it was done.
    public var done: CalendarDate?
    /// What shows it was done: free text and EV ids.
    public var evidence: String

    /// Creates an action.
    public init(
        number: Int, what: String, owner: String = "", due: CalendarDate? = nil,
        done: CalendarDate? = nil, evidence: String = ""
    ) {
        self.number = number
        self.what = what
        self.owner = owner
        self.due = due
        self.done = done
        self.evidence = evidence
    }
}

/// One check of whether a corrective action worked.
public struct Verification: Hashable, Sendable, Codable {
    /// How it was checked: what was sampled, over what period.
    public var method: String
    /// The result.
    public var result: Effectiveness
    /// Who verified it.
    public var verifier: String
    /// When.
    public var date: CalendarDate
    /// Anything else worth recording.
    public var note: String

    /// Creates a verification.
    public init(
        method: String, result: Effectiveness, verifier: String, date: CalendarDate,
        note: String = ""
    ) {
        self.method = method
        self.result = result
        self.verifier = verifier
        self.date = date
        self.note = note
    }
}

/// A rule that must hold before a corrective action may enter a state, and what it found
/// missing.
public struct GuardRefusal: Hashable, Sendable, CustomStringConvertible {
    /// The guard's name, such as `effectiveness`.
    public var name: String
    /// The rule, in a sentence.
    public var rule: String
    /// What is missing, one entry each (or, for `contradictions`, what contradicts what).
    public var missing: [String]
    /// Whether the entries are facts that contradict each other rather than facts missing.
    public var contradictions = false

    /// `guard 'NAME' (RULE): missing A; B`, or without `missing` for contradictions.
    public var description: String {
        "guard '\(name)' (\(rule)): " + (contradictions ? "" : "missing ")
            + missing.joined(separator: "; ")
    }
}

/// A transition the guards refused; nothing was changed.
public struct ActionRefusal: QMSAuditError, Hashable {
    /// The record's finding id.
    public var findingID: String
    /// The state asked for.
    public var target: ActionState
    /// Every guard that refused.
    public var refusals: [GuardRefusal]
    /// Whether the record was to stay in its state (a change of its facts, not a move).
    public var staying: Bool

    /// Creates a refusal.
    public init(
        findingID: String, target: ActionState, refusals: [GuardRefusal], staying: Bool = false
    ) {
        self.findingID = findingID
        self.target = target
        self.refusals = refusals
        self.staying = staying
    }

    /// A message naming each guard and what it found missing.
    public var description: String {
        let head =
            staying
            ? "\(findingID): the change is refused; nothing was changed:"
            : "\(findingID) cannot move to '\(target.rawValue)'; nothing was changed:"
        return ([head] + refusals.map(\.description)).joined(separator: "\n  ")
    }
}

/// The corrective-action record of one nonconformity.
public struct CorrectiveAction: Hashable, Sendable, Codable {
    /// The nonconformity, such as `NC-001`.
    public var findingID: String
    /// Where the record stands.
    public var state: ActionState
    /// Who answers for the whole record.
    public var owner: String
    /// When the record is due to be closed.
    public var due: CalendarDate
    /// The correction (containment): what was done at once about the nonconformity itself.
    public var correction: String
    /// When the correction was done.
    public var correctionDate: CalendarDate?
    /// The extent check: whether it could happen, or has happened, elsewhere.
    public var extent: String
    /// How the cause was analysed.
    public var causeMethod: RootCauseMethod?
    /// The root cause.
    public var cause: String
    /// The planned actions.
    public var steps: [ActionStep]
    /// Every effectiveness verification, oldest first; the last one counts.
    public var verifications: [Verification]
    /// When the record was closed or cancelled (ISO 8601, UTC).
    public var closedAt: String
    /// Who closed or cancelled it.
    public var closedBy: String
    /// The closing note, or why the record was cancelled.
    public var closure: String
    /// When the plan was accepted (a certification body accepts a minor's plan; its
    /// implementation is verified later), if it was.
    public var planAcceptance: PlanAcceptance?
    /// ISO 9001 10.2.1 e): whether the risks and opportunities of planning were updated.
    public var risksUpdate: ActionDecision?
    /// ISO 9001 10.2.1 f): whether the quality management system was changed.
    public var systemChange: ActionDecision?
    /// Where the nonconformity was found.
    public var source: NonconformitySource

    private enum CodingKeys: String, CodingKey {
        case state, owner, due, correction, extent, cause, steps, verifications, closure, source
        case findingID = "finding"
        case correctionDate = "correction_date"
        case causeMethod = "cause_method"
        case closedAt = "closed_at"
        case closedBy = "closed_by"
        case planAcceptance = "plan_acceptance"
        case risksUpdate = "risks_update"
        case systemChange = "system_change"
    }

    /// Creates an open record due on `due`.
    public init(
        findingID: String, due: CalendarDate, owner: String = "",
        source: NonconformitySource = .internalAudit
    ) {
        self.source = source
        self.findingID = findingID
        self.state = .open
        self.owner = owner
        self.due = due
        self.correction = ""
        self.extent = ""
        self.cause = ""
        self.steps = []
        self.verifications = []
        self.closedAt = ""
        self.closedBy = ""
        self.closure = ""
    }

    /// The verification that counts: the most recent.
    public var latestVerification: Verification? { verifications.last }

    // MARK: - Guards

    /// The guards that refuse `target` for this record as it stands.
    ///
    /// Moving forward may skip states when the record already holds what every skipped state
    /// needs; moving back to an earlier open state is always allowed; closed and cancelled
    /// records are final.
    ///
    /// - Parameters:
    ///   - target: the state asked for.
    ///   - finding: the nonconformity the record follows.
    ///   - policy: the checklist's finding policy.
    /// - Returns: every guard that refuses, empty when the move is allowed.
    public func refusals(
        toward target: ActionState, finding: Finding, policy: FindingPolicy
    ) -> [GuardRefusal] {
        if state.isFinal {
            return [
                GuardRefusal(
                    name: "final", rule: "closed and cancelled records are not reopened",
                    missing: [
                        "nothing: the record is \(state.rawValue); raise a new finding if the"
                            + " nonconformity recurs"
                    ])
            ]
        }
        guard let rank = target.rank else {
            return closure.trimmingWhitespace().isEmpty
                ? [
                    GuardRefusal(
                        name: "cancellation", rule: "a cancelled record says why",
                        missing: ["the reason (--reason)"])
                ] : []
        }
        if let current = state.rank, rank <= current { return [] }
        var refusals: [GuardRefusal] = []
        if rank >= 1, let refusal = containmentRefusal() { refusals.append(refusal) }
        if rank >= 2 { refusals += causeRefusals() }
        if rank >= 3, let refusal = planRefusal() { refusals.append(refusal) }
        if rank >= 4, let refusal = implementationRefusal(major: finding.findingClass == .major) {
            refusals.append(refusal)
        }
        if rank >= 5, latestVerification?.result != .effective {
            let last = latestVerification.map {
                "a verification with result 'effective' (the last one, \($0.date), found"
                    + " '\($0.result.rawValue)')"
            }
            refusals.append(
                GuardRefusal(
                    name: "effectiveness",
                    rule: "nothing is verified or closed without an effectiveness verification",
                    missing: [
                        last
                            ?? "a verification with result 'effective'"
                            + " ('qmsaudit action verify \(findingID) …')"
                    ]))
        }
        if rank >= 5, latestVerification?.result == .effective, let check = latestVerification,
            let done = lastDone, check.date < done
        {
            refusals.append(
                GuardRefusal(
                    name: "effectiveness-after-actions",
                    rule: "effectiveness is checked after the last action was done",
                    missing: [
                        "a verification dated \(done) or later (the effective one is dated"
                            + " \(check.date), before action \(lastDoneStep ?? 0) was done on \(done))"
                    ]))
        }
        if rank >= 6 {
            var missing: [String] = []
            if risksUpdate == nil {
                missing.append(
                    "whether risks and opportunities were updated, 10.2.1 e) (--risks-updated"
                        + " yes|no --risks-note …)")
            }
            if systemChange == nil {
                missing.append(
                    "whether the quality management system was changed, 10.2.1 f) (--qms-changed"
                        + " yes|no --qms-note …)")
            }
            if !missing.isEmpty {
                refusals.append(
                    GuardRefusal(
                        name: "system-review",
                        rule: "a nonconformity closes once its effect on risks and on the system"
                            + " was considered", missing: missing))
            }
        }
        if rank >= 6 {
            if finding.isDraft {
                refusals.append(
                    GuardRefusal(
                        name: "complete-finding",
                        rule: "a nonconformity closes only once its statement is complete",
                        missing: finding.missingParts.map { "the finding's \($0)" }))
            }
        }
        return refusals
    }

    /// The latest day an action was done, if any was.
    public var lastDone: CalendarDate? { steps.compactMap(\.done).max() }

    private var lastDoneStep: Int? {
        guard let lastDone else { return nil }
        return steps.last { $0.done == lastDone }?.number
    }

    /// Dates that contradict each other or lie in the future, as of `today`.
    ///
    /// The record's story runs one way: the finding is raised, then corrected, then actions
    /// are done, then their effectiveness checked, then the record closed (`closing`, today); a
    /// plan is accepted after the finding was raised. Each refusal names both dates.
    public func dateRefusals(
        finding: Finding, today: CalendarDate, closing: Bool = false
    ) -> [GuardRefusal] {
        var missing: [String] = []
        let raised = finding.raisedOn
        func check(_ what: String, _ date: CalendarDate?, after: (String, CalendarDate?)...) {
            guard let date else { return }
            if date > today {
                missing.append("\(what) (\(date)) is after today (\(today))")
                return
            }
            for (earlier, bound) in after {
                if let bound, date < bound {
                    missing.append("\(what) (\(date)) comes before \(earlier) (\(bound))")
                    return
                }
            }
        }
        check("the correction date", correctionDate, after: ("the finding was raised", raised))
        for step in steps {
            check(
                "the date action \(step.number) was done", step.done,
                after: ("the correction", correctionDate), ("the finding was raised", raised))
        }
        for (index, verification) in verifications.enumerated() {
            check(
                "the date of verification \(index + 1)", verification.date,
                after: ("the finding was raised", raised))
        }
        if let acceptance = planAcceptance {
            check(
                "the plan's acceptance", acceptance.date,
                after: ("the finding was raised", raised))
        }
        if closing, let last = latestVerification, last.date > today {
            missing.append(
                "the closure (\(today)) comes before the last verification (\(last.date))")
        }
        return missing.isEmpty
            ? []
            : [
                GuardRefusal(
                    name: "dates",
                    rule: "raised ≤ correction ≤ actions done ≤ effectiveness check ≤ closed,"
                        + " none after today", missing: missing, contradictions: true)
            ]
    }

    /// A warning when the effective verification came sooner after the last action than the
    /// policy's `minEffectivenessDays`: too soon, usually, to show the cause is gone.
    public func effectivenessTiming(policy: FindingPolicy) -> String? {
        guard let check = latestVerification, check.result == .effective, let done = lastDone
        else { return nil }
        let days = check.date.day - done.day
        guard days < policy.minEffectivenessDays else { return nil }
        return "effectiveness of \(findingID) was checked \(days.counted("day")) after the last"
            + " action (\(done)); the checklist's policy expects at least"
            + " \(policy.minEffectivenessDays.counted("day")), time enough to show the cause is"
            + " gone"
    }

    /// Records that the plan was accepted — what a certification body does for a minor whose
    /// implementation it will check at the next visit; the record moves to `planned` if it was
    /// short of it.
    ///
    /// - Throws: `ActionRefusal` when the plan is not complete (every action with an owner and
    ///   a due date, after the correction and the cause).
    public mutating func acceptPlan(
        _ acceptance: PlanAcceptance, finding: Finding, policy: FindingPolicy
    ) throws(ActionRefusal) {
        let unplanned = refusals(toward: .planned, finding: finding, policy: policy)
        guard unplanned.isEmpty || (state.rank ?? 0) >= 3 else {
            throw ActionRefusal(findingID: findingID, target: .planned, refusals: unplanned)
        }
        planAcceptance = acceptance
        if (state.rank ?? 0) < 3 { state = .planned }
    }

    private func containmentRefusal() -> GuardRefusal? {
        var missing: [String] = []
        if correction.trimmingWhitespace().isEmpty {
            missing.append("the correction (--correction)")
        }
        if correctionDate == nil { missing.append("the date it was done (--correction-date)") }
        return missing.isEmpty
            ? nil
            : GuardRefusal(
                name: "containment", rule: "the nonconformity itself is corrected first",
                missing: missing)
    }

    private func causeRefusals() -> [GuardRefusal] {
        var refusals: [GuardRefusal] = []
        var missing: [String] = []
        if causeMethod == nil { missing.append("the analysis method (--cause-method)") }
        if cause.trimmingWhitespace().isEmpty { missing.append("the root cause (--cause)") }
        if !missing.isEmpty {
            refusals.append(
                GuardRefusal(
                    name: "root-cause", rule: "actions address a cause that was found",
                    missing: missing))
        }
        if extent.trimmingWhitespace().isEmpty {
            refusals.append(
                GuardRefusal(
                    name: "extent",
                    rule: "whether the nonconformity exists or could occur elsewhere is checked",
                    missing: ["the extent check (--extent)"]))
        }
        return refusals
    }

    private func planRefusal() -> GuardRefusal? {
        var missing: [String] = []
        if steps.isEmpty { missing.append("at least one action (--add-action)") }
        for step in steps {
            if step.owner.trimmingWhitespace().isEmpty {
                missing.append("an owner for action \(step.number)")
            }
            if step.due == nil { missing.append("a due date for action \(step.number)") }
        }
        return missing.isEmpty
            ? nil
            : GuardRefusal(
                name: "plan", rule: "every action has an owner and a due date", missing: missing)
    }

    private func implementationRefusal(major: Bool) -> GuardRefusal? {
        var missing: [String] = []
        if steps.isEmpty { missing.append("at least one action (--add-action)") }
        for step in steps {
            if step.done == nil { missing.append("the date action \(step.number) was done") }
            if step.evidence.trimmingWhitespace().isEmpty {
                missing.append("evidence that action \(step.number) was done")
            }
        }
        guard !missing.isEmpty else { return nil }
        return major
            ? GuardRefusal(
                name: "major-implementation",
                rule: "a major nonconformity never closes on a plan alone: every action is"
                    + " done, with evidence, before it is verified", missing: missing)
            : GuardRefusal(
                name: "implementation", rule: "every action is done, with evidence",
                missing: missing)
    }

    /// Moves the record to `target` if every guard allows it.
    ///
    /// - Throws: `ActionRefusal` naming each guard that refused and what it found missing.
    public mutating func move(
        to target: ActionState, finding: Finding, policy: FindingPolicy
    ) throws(ActionRefusal) {
        let refusals = refusals(toward: target, finding: finding, policy: policy)
        guard refusals.isEmpty else {
            throw ActionRefusal(findingID: findingID, target: target, refusals: refusals)
        }
        state = target
    }

    /// Records an effectiveness verification.
    ///
    /// A verification checks a plan at least, so a record without one is refused. `effective`
    /// moves the record to `verified` if every guard allows it; `partly` or `not` is recorded
    /// and sends a record past `planned` back there, for a revised cause or more actions.
    ///
    /// - Throws: `ActionRefusal` when the record has no plan yet, or `verified` is refused;
    ///   the record is then unchanged.
    public mutating func verify(
        _ check: Verification, finding: Finding, policy: FindingPolicy
    ) throws(ActionRefusal) {
        let unplanned = refusals(toward: .planned, finding: finding, policy: policy)
        guard unplanned.isEmpty else {
            throw ActionRefusal(findingID: findingID, target: .verified, refusals: unplanned)
        }
        var after = self
        after.verifications.append(check)
        if check.result == .effective {
            try after.move(to: .verified, finding: finding, policy: policy)
        } else if let rank = after.state.rank, rank > 3 {
            after.state = .planned
        }
        self = after
    }

    /// The furthest state the record could move to now, and the guards in the way of the next.
    public func nextStep(finding: Finding, policy: FindingPolicy) -> (
        next: ActionState, refusals: [GuardRefusal]
    )? {
        guard let rank = state.rank, !state.isFinal else { return nil }
        let next = ActionState.allCases.first { $0.rank == rank + 1 } ?? .closed
        return (next, refusals(toward: next, finding: finding, policy: policy))
    }

    // MARK: - Deadlines

    /// Why the record is overdue on `today`: the record past its due date, or an action past
    /// its own; empty when it is not overdue (or finished).
    public func overdue(on today: CalendarDate) -> [String] {
        guard !state.isFinal else { return [] }
        var reasons: [String] = []
        if due < today { reasons.append("due \(due), \((today.day - due.day).counted("day")) ago") }
        for step in steps where step.done == nil {
            if let stepDue = step.due, stepDue < today {
                reasons.append(
                    "action \(step.number) due \(stepDue),"
                        + " \((today.day - stepDue.day).counted("day")) ago")
            }
        }
        return reasons
    }
}
