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
    /// What is missing, one entry each.
    public var missing: [String]

    /// `guard 'NAME' (RULE): missing A; B`.
    public var description: String {
        "guard '\(name)' (\(rule)): missing " + missing.joined(separator: "; ")
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

    /// Creates a refusal.
    public init(findingID: String, target: ActionState, refusals: [GuardRefusal]) {
        self.findingID = findingID
        self.target = target
        self.refusals = refusals
    }

    /// A message naming each guard and what it found missing.
    public var description: String {
        (["\(findingID) cannot move to '\(target.rawValue)'; nothing was changed:"]
            + refusals.map(\.description)).joined(separator: "\n  ")
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

    private enum CodingKeys: String, CodingKey {
        case state, owner, due, correction, extent, cause, steps, verifications, closure
        case findingID = "finding"
        case correctionDate = "correction_date"
        case causeMethod = "cause_method"
        case closedAt = "closed_at"
        case closedBy = "closed_by"
    }

    /// Creates an open record due on `due`.
    public init(findingID: String, due: CalendarDate, owner: String = "") {
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
        let mustImplement =
            rank == 4
            || (rank >= 5 && (finding.findingClass == .major || !policy.minorVerifyOnPlan))
        if mustImplement,
            let refusal = implementationRefusal(major: rank >= 5 && finding.findingClass == .major)
        {
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
