/// How one item counts in a score: the trace `score --explain` prints.
public struct ItemContribution: Hashable, Sendable {
    /// Why an item adds nothing to the conformity figures.
    public enum Exclusion: String, Sendable {
        /// Answered not applicable: out of numerator and denominator.
        case notApplicable = "n/a"
        /// Its condition has not arisen: answered, out of numerator and denominator.
        case notArisen = "not arisen"
        /// Found nonconforming but not graded yet: answered, not scored until graded.
        case ungraded = "not graded"
        /// Not answered yet: lowers coverage, not conformity.
        case unanswered
    }

    /// The item.
    public var itemID: String
    /// Its clause.
    public var clause: ClauseNumber
    /// Its weight.
    public var weight: Double
    /// The verdict, if answered.
    public var verdict: Verdict?
    /// The points the verdict earns, if it is scored.
    public var points: Double?
    /// Points × weight.
    public var earned: Double
    /// Maximum points × weight, or 0 when excluded.
    public var possible: Double
    /// Why the item is left out, if it is.
    public var exclusion: Exclusion?
    /// The findings raised on the item (not withdrawn), in id order: what its verdict answers
    /// for.
    public var findings: [String] = []
}

/// The score of one clause (with everything below it), one section, or the whole audit.
public struct ScoreFigure: Hashable, Sendable {
    /// The clause, or `nil` for the overall figure.
    public var clause: ClauseNumber?
    /// The clause's heading, or "overall".
    public var heading: String
    /// Items in scope.
    public var items: Int
    /// Items answered with a scored verdict.
    public var scored: Int
    /// Items answered not applicable.
    public var notApplicable: Int
    /// Items whose condition has not arisen.
    public var notArisen: Int
    /// Items found nonconforming and not graded yet.
    public var ungraded: Int
    /// Items not answered.
    public var unanswered: Int
    /// Σ points × weight over scored items: the numerator.
    public var earned: Double
    /// Σ maximum × weight over scored items: the denominator.
    public var possible: Double
    /// The items behind the figure, in checklist order.
    public var contributions: [ItemContribution]

    /// Conformity, 0–1, or `nil` when no item is scored yet.
    public var conformity: Double? { possible > 0 ? earned / possible : nil }

    /// Answered items (N/A, not arisen and not graded included) over all items, 0–1; 1 for an
    /// empty scope.
    public var coverage: Double {
        items == 0 ? 1 : Double(items - unanswered) / Double(items)
    }

    /// Verdict counts among the contributions, in `Verdict.allCases` order.
    public var verdictCounts: [(Verdict, Int)] {
        Verdict.allCases.compactMap { verdict in
            let count = contributions.filter { $0.verdict == verdict }.count
            return count > 0 ? (verdict, count) : nil
        }
    }
}

/// The state of one readiness gate.
public enum GateStatus: Hashable, Sendable {
    /// The gate holds.
    case passed(String)
    /// The gate fails; the audit is not ready.
    case failed([String])
    /// qmsaudit cannot evaluate the gate yet; never counted as passed.
    case notEvaluated(String)
}

/// The readiness verdict and its reasons.
public struct Readiness: Hashable, Sendable {
    /// The overall verdict.
    public enum Verdict: String, Sendable {
        /// Every gate passed and every item is answered.
        case ready
        /// A gate failed.
        case notReady = "not ready"
        /// No gate failed, but some could not be evaluated or items are unanswered.
        case notDetermined = "not determined"
    }

    /// The overall verdict.
    public var verdict: Verdict
    /// Each gate in force, in the policy's order, with its status.
    public var gates: [(gate: ReadinessGate, status: GateStatus)]
    /// Why the verdict is what it is, one sentence each.
    public var reasons: [String]

    /// Readiness values are equal when their verdicts and reasons are.
    public static func == (lhs: Readiness, rhs: Readiness) -> Bool {
        lhs.verdict == rhs.verdict && lhs.reasons == rhs.reasons
            && lhs.gates.map(\.gate) == rhs.gates.map(\.gate)
            && lhs.gates.map(\.status) == rhs.gates.map(\.status)
    }

    /// Hashes the verdict and reasons.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(verdict)
        hasher.combine(reasons)
    }
}

/// Scores an audit: conformity and coverage per clause, per section and overall, and the
/// readiness verdict, following the checklist's scoring policy.
///
/// An item earns `points(verdict) × weight` out of `maximum × weight`. Items answered N/A leave
/// both numerator and denominator; unanswered items are not conforming, they lower coverage,
/// which is reported separately from conformity. Readiness gates override the percentage.
public struct ScoreCard: Hashable, Sendable {
    /// One figure per clause that has items in or below it, in clause order.
    public var clauses: [ScoreFigure]
    /// One figure per top-level clause (4–10 for ISO 9001).
    public var sections: [ScoreFigure]
    /// The whole audit.
    public var overall: ScoreFigure
    /// The readiness verdict.
    public var readiness: Readiness
    /// The policy used.
    public var policy: ScoringPolicy

    /// Scores `responses` against `checklist`, with the open nonconformities from `register`
    /// and the evidence gates from `gaps`.
    ///
    /// - Parameters:
    ///   - checklist: the audit's checklist.
    ///   - responses: the recorded responses by item id; ids not in the checklist are ignored.
    ///   - register: the audit's findings and corrective actions.
    ///   - gaps: the gap analysis of the same audit; without it the gates that look at
    ///     evidence are not evaluated.
    public init(
        checklist: Checklist, responses: [String: Response], register: FindingRegister,
        gaps: GapAnalysis? = nil
    ) {
        policy = checklist.policy
        let maximum = policy.maximum
        var raisedOn: [String: [String]] = [:]
        for finding in register.findings where !finding.isWithdrawn {
            if let itemID = finding.itemID { raisedOn[itemID, default: []].append(finding.id) }
        }
        var contributions: [ItemContribution] = []
        for item in checklist.items {
            let verdict = responses[item.id]?.verdict
            var contribution = ItemContribution(
                itemID: item.id, clause: item.clause, weight: item.weight, verdict: verdict,
                points: nil, earned: 0, possible: 0, exclusion: nil,
                findings: (raisedOn[item.id] ?? []).sorted(by: Finding.precedes))
            switch verdict {
            case nil: contribution.exclusion = .unanswered
            case .na?: contribution.exclusion = .notApplicable
            case .notArisen?: contribution.exclusion = .notArisen
            case .nonconforming?: contribution.exclusion = .ungraded
            case let scored?:
                let points = policy.points(for: scored) ?? 0
                contribution.points = points
                contribution.earned = points * item.weight
                contribution.possible = maximum * item.weight
            }
            contributions.append(contribution)
        }
        func figure(_ clause: Clause?, _ parts: [ItemContribution]) -> ScoreFigure {
            ScoreFigure(
                clause: clause?.number,
                heading: clause?.heading ?? "overall",
                items: parts.count,
                scored: parts.filter { $0.exclusion == nil }.count,
                notApplicable: parts.filter { $0.exclusion == .notApplicable }.count,
                notArisen: parts.filter { $0.exclusion == .notArisen }.count,
                ungraded: parts.filter { $0.exclusion == .ungraded }.count,
                unanswered: parts.filter { $0.exclusion == .unanswered }.count,
                earned: parts.reduce(0) { $0 + $1.earned },
                possible: parts.reduce(0) { $0 + $1.possible },
                contributions: parts)
        }
        clauses = checklist.clauses.compactMap { clause in
            let parts = contributions.filter { clause.number.contains($0.clause) }
            return parts.isEmpty ? nil : figure(clause, parts)
        }
        sections = clauses.filter { $0.clause?.depth == 1 }
        overall = figure(nil, contributions)
        readiness = Self.readiness(
            policy: policy, overall: overall, register: register, gaps: gaps)
    }

    private static func readiness(
        policy: ScoringPolicy, overall: ScoreFigure, register: FindingRegister, gaps: GapAnalysis?
    ) -> Readiness {
        var gates: [(gate: ReadinessGate, status: GateStatus)] = []
        for gate in ReadinessGate.allCases where policy.gates.contains(gate) {
            switch gate {
            case .openMajor:
                var open = register.openMajors.map { finding in
                    "\(finding.id) (clause \(finding.clause), corrective action "
                        + (register.actions[finding.id]?.state.rawValue ?? "not started") + ")"
                }
                // A major verdict always opens a finding; an audit answered before findings
                // existed may have majors without one, and they count as open too.
                let raised = Set(register.findings.filter { !$0.isWithdrawn }.compactMap(\.itemID))
                open += overall.contributions.filter {
                    $0.verdict == .major && !raised.contains($0.itemID)
                }.map { "major verdict on item \($0.itemID) with no finding raised" }
                gates.append(
                    (
                        gate,
                        open.isEmpty
                            ? .passed("no major nonconformity is open") : .failed(open)
                    ))
            case .mandatoryDocumentedInformation:
                gates.append((gate, Self.documentedInformationGate(gaps)))
            case .internalAudit:
                gates.append((gate, Self.activityGate(gaps?.internalAudit)))
            case .managementReview:
                gates.append((gate, Self.activityGate(gaps?.managementReview)))
            }
        }
        var reasons: [String] = []
        var failed = false
        var undetermined = false
        for (gate, status) in gates {
            switch status {
            case .passed: break
            case .failed(let why):
                failed = true
                reasons.append("\(gate.rawValue): " + why.joined(separator: "; "))
            case .notEvaluated(let why):
                undetermined = true
                reasons.append("\(gate.rawValue) not evaluated: \(why)")
            }
        }
        let drafts = register.drafts
        if !drafts.isEmpty {
            undetermined = true
            reasons.append(
                "\(drafts.count.counted("draft finding")) to complete or withdraw: "
                    + drafts.map(\.id).joined(separator: ", "))
        }
        if overall.unanswered > 0 {
            undetermined = true
            reasons.append("\(overall.unanswered.counted("item")) not answered yet")
        }
        let verdict: Readiness.Verdict =
            failed ? .notReady : undetermined ? .notDetermined : .ready
        return Readiness(verdict: verdict, gates: gates, reasons: reasons)
    }

    private static let noEvidence = "the evidence was not consulted (use `qmsaudit gaps`)"

    private static func documentedInformationGate(_ gaps: GapAnalysis?) -> GateStatus {
        guard let gaps else { return .notEvaluated(noEvidence) }
        let missing = gaps.missingInformation
        guard missing.isEmpty else {
            return .failed(
                missing.map {
                    let what =
                        $0.information.kind == .maintain ? "maintained document" : "retained record"
                    return $0.presence == .stale
                        ? "\($0.itemID): the \(what) on file is past its review date ("
                            + $0.evidenceIDs.described(separator: ", ") + ")"
                        : "\($0.itemID): no \(what) on file"
                })
        }
        let all = gaps.documentedInformation
        let present = all.filter { $0.presence == .present }.count
        let notArisen = all.filter { $0.presence == .notArisen }.count
        return .passed(
            "\(present) of \(all.count) on file, "
                + (notArisen > 0 ? "\(notArisen) whose condition has not arisen, " : "")
                + "\(all.count - present - notArisen) not applicable")
    }

    private static func activityGate(_ activity: GapAnalysis.ActivityEvidence?) -> GateStatus {
        guard let activity else { return .notEvaluated(noEvidence) }
        guard activity.inChecklist else {
            return .notEvaluated("the checklist has no clause \(activity.clause)")
        }
        if activity.isEvidenced {
            let latest = activity.latest.map { ", latest \($0.id) of \($0.date)" } ?? ""
            return .passed(
                "\(activity.activity) records on file: "
                    + activity.recordIDs.prefix(5).joined(separator: ", ")
                    + (activity.recordIDs.total > 5 ? ", …" : "") + latest)
        }
        if !activity.recordIDs.isEmpty { return .failed(activity.problems) }
        if activity.documentIDs.isEmpty {
            return .failed([
                "no record of a completed \(activity.activity) (\(activity.clause)) on file"
            ])
        }
        return .failed([
            "only documents for \(activity.clause) ("
                + activity.documentIDs.prefix(5).joined(separator: ", ")
                + "), no record of a completed \(activity.activity)"
        ])
    }
}
