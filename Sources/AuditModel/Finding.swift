/// A finding: a nonconformity, an observation, an opportunity for improvement or a strength,
/// raised against a checklist item or a clause.
///
/// A nonconformity statement has three parts: the requirement, the objective evidence, and how
/// the requirement is not met. Until all three are written (a statement alone for other
/// grades) the finding is a draft: listed, counted against readiness, and refused by the
/// final NC report.
public struct Finding: Hashable, Sendable, Codable {
    /// How the finding came to be.
    public enum Origin: String, Sendable, Codable {
        /// Opened as a draft by a minor or major answer.
        case answer
        /// Raised with `finding add`.
        case manual
    }

    /// Why and by whom a finding was withdrawn.
    public struct Withdrawal: Hashable, Sendable, Codable {
        /// When (ISO 8601, UTC).
        public var at: String
        /// Who withdrew it.
        public var by: String
        /// Why.
        public var reason: String

        /// Creates a withdrawal.
        public init(at: String, by: String, reason: String) {
            self.at = at
            self.by = by
            self.reason = reason
        }
    }

    /// The finding's number, such as `NC-001`.
    public var id: String
    /// The grade's name in the checklist's policy.
    public var grade: String
    /// The grade's class, copied when the grade is set.
    public var findingClass: FindingClass
    /// The item the finding was raised against, if any.
    public var itemID: String?
    /// The clause.
    public var clause: ClauseNumber
    /// The requirement not met: clause and criterion, in the auditor's words.
    public var requirement: String
    /// The objective evidence: what was seen, read or heard, with identifiers.
    public var evidence: String
    /// Evidence records cited, such as `EV-0012`.
    public var evidenceIDs: [String]
    /// How the requirement is not met (for other grades: what was noted).
    public var statement: String
    /// Where the finding came from.
    public var origin: Origin
    /// When it was raised (ISO 8601, UTC).
    public var raisedAt: String
    /// Who raised it.
    public var raisedBy: String
    /// Set when the finding was withdrawn.
    public var withdrawal: Withdrawal?
    /// The certification body's own number for a finding it raised (`2027-S2-NC-03`);
    /// `nil` for the audit's own findings.
    public var reference: String?

    private enum CodingKeys: String, CodingKey {
        case id, grade, clause, requirement, evidence, statement, origin, withdrawal, reference
        case findingClass = "class"
        case itemID = "item"
        case evidenceIDs = "evidence_ids"
        case raisedAt = "raised_at"
        case raisedBy = "raised_by"
    }

    /// Creates a finding.
    public init(
        id: String, grade: FindingGrade, itemID: String?, clause: ClauseNumber,
        requirement: String = "", evidence: String = "", evidenceIDs: [String] = [],
        statement: String = "", origin: Origin, raisedAt: String, raisedBy: String
    ) {
        self.id = id
        self.grade = grade.id
        self.findingClass = grade.findingClass
        self.itemID = itemID
        self.clause = clause
        self.requirement = requirement
        self.evidence = evidence
        self.evidenceIDs = evidenceIDs
        self.statement = statement
        self.origin = origin
        self.raisedAt = raisedAt
        self.raisedBy = raisedBy
    }

    /// Whether the finding is a nonconformity (and so has a corrective action).
    public var isNonconformity: Bool { findingClass.isNonconformity }

    /// Whether the finding was withdrawn.
    public var isWithdrawn: Bool { withdrawal != nil }

    /// The parts of the statement still empty, by name.
    public var missingParts: [String] {
        var missing: [String] = []
        if isNonconformity {
            if requirement.trimmingWhitespace().isEmpty { missing.append("requirement") }
            if evidence.trimmingWhitespace().isEmpty && evidenceIDs.isEmpty {
                missing.append("objective evidence")
            }
        }
        if statement.trimmingWhitespace().isEmpty { missing.append("statement") }
        if findingClass == .ungraded { missing.append("grade") }
        return missing
    }

    /// Whether the finding still needs completing: not withdrawn, and a part is missing or it
    /// is not graded yet.
    public var isDraft: Bool {
        !isWithdrawn && (!missingParts.isEmpty || findingClass == .ungraded)
    }

    /// The day the finding was raised.
    public var raisedOn: CalendarDate? { CalendarDate(raisedAt) }

    /// The number part of an id such as `NC-007`, with its prefix.
    public static func split(_ id: String) -> (prefix: String, number: Int)? {
        guard let dash = id.lastIndex(of: "-"), let number = Int(id[id.index(after: dash)...]),
            number > 0
        else { return nil }
        return (String(id[..<dash]), number)
    }

    /// Whether finding id `lhs` sorts before `rhs`: by prefix, then by number.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        guard let left = split(lhs), let right = split(rhs) else { return lhs < rhs }
        return (left.prefix, left.number) < (right.prefix, right.number)
    }

    /// The id of finding `number` with `prefix`: `NC-001`.
    public static func id(prefix: String, number: Int) -> String {
        let digits = String(number)
        return prefix + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}

/// Three or more minors against one clause: together they may be a major.
public struct EscalationHint: Hashable, Sendable {
    /// The clause the minors share.
    public var clause: ClauseNumber
    /// The minors, in id order.
    public var findings: [String]

    /// The hint as a sentence.
    public var message: String {
        "\(findings.count) minor nonconformities against clause \(clause)"
            + " (\(findings.joined(separator: ", "))): together they may show a systemic"
            + " failure, which is a major; consider regrading"
    }

    /// The hints for `findings` under `policy`: one per clause with at least
    /// `policy.escalateMinors` minors that are not withdrawn.
    public static func hints(for findings: [Finding], policy: FindingPolicy) -> [EscalationHint] {
        let minors = findings.filter { $0.findingClass == .minor && !$0.isWithdrawn }
        return Dictionary(grouping: minors, by: \.clause)
            .filter { $0.value.count >= policy.escalateMinors }
            .map {
                EscalationHint(
                    clause: $0.key, findings: $0.value.map(\.id).sorted(by: Finding.precedes))
            }
            .sorted { $0.clause < $1.clause }
    }
}
