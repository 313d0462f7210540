/// A rule that overrides the conformity percentage when deciding whether an organisation is
/// ready for certification.
public enum ReadinessGate: String, CaseIterable, Sendable, Codable {
    /// Any open major nonconformity means not ready.
    case openMajor = "open-major"
    /// Missing mandatory documented information for an applicable clause means not ready.
    case mandatoryDocumentedInformation = "mandatory-documented-information"
    /// No evidence of a completed internal audit (9.2) means not ready for Stage 2.
    case internalAudit = "internal-audit"
    /// No evidence of a completed management review (9.3) means not ready for Stage 2.
    case managementReview = "management-review"

    /// A one-line explanation for listings and reports.
    public var summary: String {
        switch self {
        case .openMajor: "no major nonconformity may be open"
        case .mandatoryDocumentedInformation:
            "mandatory documented information must exist for every applicable clause"
        case .internalAudit: "a completed internal audit (9.2) must be evidenced"
        case .managementReview: "a completed management review (9.3) must be evidenced"
        }
    }
}

/// How a checklist turns verdicts into scores and scores into a readiness verdict.
public struct ScoringPolicy: Hashable, Sendable {
    /// Points per scored verdict; `na` never appears, since it leaves the calculation.
    public var points: [Verdict: Double]
    /// The readiness gates in force.
    public var gates: Set<ReadinessGate>
    /// The finding grades and corrective-action rules.
    public var findings: FindingPolicy
    /// Words of the checklist's own for verdicts (a scheme's `NCMin`, a language's
    /// `Nebenabweichung`), on top of the standard vocabulary.
    public var words: [String: Verdict] = [:]

    /// The verdict words this checklist understands.
    public var vocabulary: VerdictVocabulary { VerdictVocabulary.standard.adding(words) }

    /// The points every checklist starts from unless it says otherwise.
    public static let defaultPoints: [Verdict: Double] = [
        .conforming: 1, .observation: 1, .ofi: 1, .minor: 0.5, .major: 0,
    ]

    /// The policy used when a checklist names none: default points, every gate on.
    public static let standard = ScoringPolicy(
        points: defaultPoints, gates: Set(ReadinessGate.allCases))

    /// Creates a scoring policy.
    public init(
        points: [Verdict: Double], gates: Set<ReadinessGate>,
        findings: FindingPolicy = .standard
    ) {
        self.points = points
        self.gates = gates
        self.findings = findings
    }

    /// The most points an item can earn: the largest value in `points`.
    public var maximum: Double { points.values.max() ?? 1 }

    /// The points for a verdict, or `nil` for the verdicts that are not scored (`na`,
    /// `not-arisen`, `nonconforming`).
    public func points(for verdict: Verdict) -> Double? {
        Verdict.scored.contains(verdict) ? points[verdict] ?? Self.defaultPoints[verdict] : nil
    }
}
