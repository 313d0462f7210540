/// What a finding grade means to qmsaudit, whatever the scheme calls it.
///
/// A certification body's scale (`NCMaj`, `NCMin`, `PS`, `PP`, `PF`, or `Cat 1`, `Cat 2`) maps
/// onto these classes in the checklist's policy, so the rules below hold for every scheme.
public enum FindingClass: String, CaseIterable, Sendable, Codable {
    /// A major nonconformity: needs a corrective action, gates readiness while open, never
    /// closes on a plan alone.
    case major
    /// A minor nonconformity: needs a corrective action.
    case minor
    /// A weakness that could become a nonconformity; no corrective action required.
    case observation
    /// An opportunity for improvement; no corrective action required.
    case ofi
    /// A strength or good practice worth recording.
    case strength
    /// A nonconformity not graded yet (an answer sheet's "NC" or "Partial"): always a draft
    /// until graded minor or major.
    case ungraded

    /// Whether findings of this class are nonconformities, with a corrective action each.
    public var isNonconformity: Bool { self == .major || self == .minor || self == .ungraded }

    /// The verdict that opens a draft finding of this class, if any.
    public var verdict: Verdict? {
        switch self {
        case .major: .major
        case .minor: .minor
        case .observation: .observation
        case .ofi: .ofi
        case .strength: nil
        case .ungraded: .nonconforming
        }
    }
}

/// One grade of a scheme's finding scale.
public struct FindingGrade: Hashable, Sendable, Codable {
    /// The name people type and reports print, such as `major` or `NCMaj`.
    public var id: String
    /// A human title, such as `Major nonconformity`.
    public var title: String
    /// What the grade means to qmsaudit.
    public var findingClass: FindingClass
    /// The prefix of finding numbers of this grade (`NC` gives `NC-001`); grades may share one.
    public var prefix: String
    /// Days from raising a nonconformity to the due date of its corrective action.
    public var days: Int

    private enum CodingKeys: String, CodingKey {
        case id, title, prefix, days
        case findingClass = "class"
    }

    /// Creates a grade.
    public init(
        id: String, title: String, class findingClass: FindingClass, prefix: String, days: Int
    ) {
        self.id = id
        self.title = title
        self.findingClass = findingClass
        self.prefix = prefix
        self.days = days
    }
}

/// How a checklist grades findings and follows up nonconformities.
public struct FindingPolicy: Hashable, Sendable, Codable {
    /// The grades, most severe first.
    public var grades: [FindingGrade]
    /// How many minors against one clause bring the hint that together they may be a major.
    public var escalateMinors: Int
    /// The fewest days between the last action done and an effectiveness check that can show
    /// the cause is gone; a check sooner is accepted with a warning.
    public var minEffectivenessDays: Int

    private enum CodingKeys: String, CodingKey {
        case grades
        case escalateMinors = "escalate_minors"
        case minEffectivenessDays = "min_effectiveness_days"
    }

    /// Decodes a policy; `min_effectiveness_days` may be absent (checklists copied into audit
    /// files before it existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        grades = try container.decode([FindingGrade].self, forKey: .grades)
        escalateMinors = try container.decode(Int.self, forKey: .escalateMinors)
        minEffectivenessDays =
            try container.decodeIfPresent(Int.self, forKey: .minEffectivenessDays)
            ?? Self.defaultEffectivenessDays
    }

    /// The usual days allowed for a corrective action.
    public static let defaultDays = 90
    /// The usual fewest days between the last action and its effectiveness check.
    public static let defaultEffectivenessDays = 30

    /// The scale most certification bodies use: major, minor, observation, OFI.
    public static let standard = FindingPolicy(
        grades: [
            FindingGrade(
                id: "major", title: "Major nonconformity", class: .major, prefix: "NC",
                days: defaultDays),
            FindingGrade(
                id: "minor", title: "Minor nonconformity", class: .minor, prefix: "NC",
                days: defaultDays),
            FindingGrade(
                id: "observation", title: "Observation", class: .observation, prefix: "OBS",
                days: defaultDays),
            FindingGrade(
                id: "ofi", title: "Opportunity for improvement", class: .ofi, prefix: "OFI",
                days: defaultDays),
        ], escalateMinors: 3)

    /// Creates a finding policy.
    public init(
        grades: [FindingGrade], escalateMinors: Int,
        minEffectivenessDays: Int = defaultEffectivenessDays
    ) {
        self.grades = grades
        self.escalateMinors = escalateMinors
        self.minEffectivenessDays = minEffectivenessDays
    }

    /// The grade with this name, ignoring case.
    public func grade(named name: String) -> FindingGrade? {
        grades.first { $0.id == name } ?? grades.first { $0.id.lowercased() == name.lowercased() }
            ?? (name.lowercased() == "ungraded" ? ungraded : nil)
    }

    /// The grade a verdict opens a draft finding of: the first grade of the verdict's class;
    /// for `nonconforming`, `ungraded`.
    public func grade(for verdict: Verdict) -> FindingGrade? {
        verdict == .nonconforming ? ungraded : grades.first { $0.findingClass.verdict == verdict }
    }

    /// The grade of a nonconformity not graded yet: numbered and due as a minor is.
    public var ungraded: FindingGrade {
        let minor = grades.first { $0.findingClass == .minor }
        return FindingGrade(
            id: "ungraded", title: "Nonconformity, not graded yet", class: .ungraded,
            prefix: minor?.prefix ?? "NC", days: minor?.days ?? Self.defaultDays)
    }

    /// The grade names, for messages: `'major', 'minor', 'observation', 'ofi'`.
    public var gradeNames: String {
        grades.map { "'\($0.id)'" }.joined(separator: ", ")
    }

    /// What is wrong with the scale, if anything: every scheme needs a major and a minor grade,
    /// and grade names and prefixes must be usable as ids.
    public var problems: [String] {
        var problems: [String] = []
        for needed in [FindingClass.major, .minor]
        where !grades.contains(where: { $0.findingClass == needed }) {
            problems.append("the grades need one of class '\(needed.rawValue)'")
        }
        var seen: Set<String> = []
        for grade in grades {
            if !seen.insert(grade.id.lowercased()).inserted {
                problems.append("grade '\(grade.id)' is listed twice")
            }
            if !Self.isName(grade.id) {
                problems.append(
                    "grade '\(grade.id)' needs a name of letters, digits, '-' and '_'")
            }
            if !Self.isName(grade.prefix) || grade.prefix.contains("-") {
                problems.append(
                    "grade '\(grade.id)' needs a prefix of letters and digits, such as 'NC'")
            }
            if grade.days < 1 {
                problems.append("grade '\(grade.id)' needs days of 1 or more")
            }
            if grade.findingClass == .ungraded || grade.id.lowercased() == "ungraded" {
                problems.append(
                    "grade '\(grade.id)': 'ungraded' is qmsaudit's own name for nonconformities"
                        + " not graded yet; a scale's grades are graded")
            }
        }
        let prefixes = Dictionary(grouping: grades, by: \.prefix)
        for (prefix, sharing) in prefixes.sorted(by: { $0.key < $1.key })
        where Set(sharing.map(\.findingClass.isNonconformity)).count > 1 {
            problems.append(
                "prefix '\(prefix)' is shared by nonconformity and other grades; give"
                    + " nonconformities a prefix of their own")
        }
        if escalateMinors < 2 {
            problems.append("'escalate-minors' must be 2 or more")
        }
        if minEffectivenessDays < 0 {
            problems.append("'min-effectiveness-days' must be 0 or more")
        }
        return problems
    }

    private static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 24
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "-" || $0 == "_"
            }
    }
}
