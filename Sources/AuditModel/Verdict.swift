/// The auditor's verdict on one checklist item.
///
/// The raw values are what people type (`qmsaudit answer 7.2-1 --verdict minor`) and what the
/// checklist's scoring policy names.
public enum Verdict: String, CaseIterable, Sendable, Codable {
    /// The requirement is met and the evidence shows it.
    case conforming
    /// Met, but a weakness was seen that could become a nonconformity.
    case observation
    /// Met; an opportunity for improvement was noted.
    case ofi
    /// A minor nonconformity: a lapse that does not undermine the system's ability to work.
    case minor
    /// A major nonconformity: the system cannot be relied on to achieve its intended results.
    case major
    /// Not applicable, with a justification; excluded from scoring.
    case na
    /// The item applies, but the condition that would call for it has not arisen (no customer
    /// property was lost, nothing is outsourced), with a note saying what was checked. Not
    /// scored, not in the N/A register, and it satisfies a conditional documented-information
    /// requirement.
    case notArisen = "not-arisen"
    /// A nonconformity not graded yet: a draft finding is opened that must be graded minor or
    /// major before the audit can be judged.
    case nonconforming

    /// The verdicts that carry points; `na`, `not-arisen` and `nonconforming` carry none.
    public static let scored: [Verdict] = [.conforming, .observation, .ofi, .minor, .major]

    /// Whether the verdict records a nonconformity, graded or not.
    public var isNonconformity: Bool { self == .minor || self == .major || self == .nonconforming }

    /// How people read the verdict: `condition has not arisen` for `not-arisen`.
    public var label: String {
        switch self {
        case .na: "N/A"
        case .notArisen: "condition has not arisen"
        case .nonconforming: "nonconforming, not graded"
        default: rawValue
        }
    }
}

/// The audit stage an item belongs to.
///
/// Stage 1 reviews documented information and readiness; stage 2 checks implementation and
/// effectiveness on site.
public enum Stage: String, CaseIterable, Sendable, Codable {
    /// Asked at the Stage 1 (documentation and readiness) review.
    case one = "1"
    /// Asked at the Stage 2 (implementation) audit.
    case two = "2"
    /// Asked at both stages.
    case both

    /// Whether an item of this stage is asked at `stage`.
    public func includes(_ stage: Stage) -> Bool {
        self == .both || stage == .both || self == stage
    }
}

/// What kind of thing proves a requirement is met.
public enum EvidenceKind: String, CaseIterable, Sendable, Codable {
    /// A maintained document: a policy, procedure, plan, specification.
    case document
    /// A retained record: a result, a signature, a log entry.
    case record
    /// What people said when asked.
    case interview
    /// What the auditor saw being done.
    case observation
}
