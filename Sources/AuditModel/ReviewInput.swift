/// What the audit programme can give the management review (ISO 9001 9.3.2): each input the
/// standard lists, with the programme's data where it has some and "no data" where it has
/// none.
public struct ReviewInput: Sendable {
    /// One input of 9.3.2.
    public struct Part: Sendable {
        /// `9.3.2 c) 6)`.
        public var reference: String
        /// What it is about, in our words.
        public var title: String
        /// Lines of findings from the data; empty when there is none.
        public var lines: [String]
        /// Why there is no data, when `lines` is empty.
        public var noData: String
    }

    /// Findings per quarter and class, for the trend chart.
    public struct Quarter: Sendable, Hashable {
        /// `2027-Q1`.
        public var quarter: String
        /// Majors, minors (ungraded ones counted as minors), observations, OFIs.
        public var major: Int
        /// Minors.
        public var minor: Int
        /// Observations.
        public var observation: Int
        /// Opportunities for improvement.
        public var ofi: Int

        /// All four.
        public var total: Int { major + minor + observation + ofi }
    }

    /// The programme's organisation.
    public var organisation: String
    /// The day it was judged on.
    public var today: CalendarDate
    /// The inputs, in the order of 9.3.2.
    public var parts: [Part]
    /// The findings per quarter, oldest first.
    public var quarters: [Quarter]
    /// Findings per clause and year, the clauses with the most first.
    public var trend: [(clause: ClauseNumber, byYear: [Int: Int])]

    /// The review input of `state` on `today`.
    public init(_ state: ProgrammeState, today: CalendarDate) {
        organisation = state.info.organisation
        self.today = today
        let findings = ProgrammeFindings(state, today: today)
        let live = findings.entries.filter { !$0.finding.isWithdrawn }
        func part(_ reference: String, _ title: String, _ lines: [String], _ noData: String)
            -> Part
        {
            Part(reference: reference, title: title, lines: lines, noData: noData)
        }
        var parts: [Part] = []
        parts.append(
            part(
                "9.3.2 a)", "Status of actions from previous management reviews", [],
                "the programme records no management review actions; bring the minutes of the"
                    + " last review"))
        parts.append(
            part(
                "9.3.2 b)", "Changes in external and internal issues", [],
                "the context is not recorded in the programme"))
        parts.append(
            part(
                "9.3.2 c) 1)", "Customer satisfaction and feedback", [],
                "the programme holds no customer data"))
        parts.append(
            part(
                "9.3.2 c) 2)", "Extent to which quality objectives have been met", [],
                "the programme holds no objective data"))
        // Process performance: findings per process.
        var perProcess: [String] = []
        for process in state.processes {
            let count = live.filter { $0.processes.contains(process.id) }
            guard !count.isEmpty else { continue }
            let nonconformities = count.filter { $0.finding.isNonconformity }.count
            perProcess.append(
                "\(process.name): \(count.count.counted("finding")), of which"
                    + " \(nonconformities.counted("nonconformity", plural: "nonconformities"))")
        }
        parts.append(
            part(
                "9.3.2 c) 3)", "Process performance and conformity of products and services",
                perProcess,
                state.processes.isEmpty
                    ? "no processes are recorded in the programme"
                    : "no audit has raised a finding on any process"))
        // Nonconformities and corrective actions.
        let nonconformities = live.filter { $0.finding.isNonconformity }
        var ncLines: [String] = []
        if !nonconformities.isEmpty {
            let open = nonconformities.filter(\.isOpen).count
            let overdue = nonconformities.filter(\.overdue).count
            let majors = nonconformities.filter { $0.finding.findingClass == .major }.count
            ncLines.append(
                "\(nonconformities.count.counted("nonconformity", plural: "nonconformities"))"
                    + " (\(majors.counted("major"))): \(open) open, \(overdue) with an overdue"
                    + " corrective action, \(nonconformities.count - open) closed")
            let repeats = findings.entries.filter { !$0.repeats.isEmpty }
            if !repeats.isEmpty {
                ncLines.append(
                    "\(repeats.count.counted("repeat finding")): "
                        + repeats.map {
                            "\($0.auditID)/\($0.finding.id) (clause \($0.finding.clause))"
                        }
                        .joined(separator: ", "))
            }
        }
        parts.append(
            part(
                "9.3.2 c) 4)", "Nonconformities and corrective actions", ncLines,
                "no nonconformity has been raised in the attached audits"))
        parts.append(
            part(
                "9.3.2 c) 5)", "Monitoring and measurement results", [],
                "the programme holds no measurement data"))
        // Audit results.
        var auditLines: [String] = []
        for audit in state.attached.sorted(by: { ($0.date?.day ?? 0) < ($1.date?.day ?? 0) }) {
            let type = state.plannedAudit(audit.auditID)?.type.rawValue ?? audit.info.type.rawValue
            let classes = Dictionary(grouping: audit.findings.filter { !$0.isWithdrawn }) {
                $0.findingClass.rawValue
            }
            let counts = ["major", "minor", "ungraded", "observation", "ofi"].compactMap {
                key -> String? in
                guard let count = classes[key]?.count, count > 0 else { return nil }
                return "\(count) \(key)"
            }
            auditLines.append(
                "\(audit.auditID) (\(type), \(audit.date?.description ?? "undated")):"
                    + " \(audit.answers.count.counted("item")) answered; "
                    + (counts.isEmpty ? "no findings" : counts.joined(separator: ", ")))
        }
        parts.append(
            part("9.3.2 c) 6)", "Audit results", auditLines, "no audit is attached yet"))
        // External providers: supplier audits.
        let supplierAudits = state.planned.filter { $0.type == .supplier }.map(\.id)
        let supplierLines = auditLines.filter { line in
            supplierAudits.contains { line.hasPrefix($0 + " ") }
        }
        parts.append(
            part(
                "9.3.2 c) 7)", "Performance of external providers", supplierLines,
                "no supplier audit is attached"))
        parts.append(
            part(
                "9.3.2 d)", "Adequacy of resources", [],
                "the programme holds no resource data"))
        // Effectiveness of actions.
        var effectiveness: [String: Int] = [:]
        for audit in state.attached {
            for action in audit.actions.values {
                if let result = action.latestVerification?.result {
                    effectiveness[result.rawValue, default: 0] += 1
                }
            }
        }
        var effectLines: [String] = []
        if !effectiveness.isEmpty {
            effectLines.append(
                "corrective actions verified: "
                    + ["effective", "partly", "not"].map { "\(effectiveness[$0] ?? 0) \($0)" }
                    .joined(separator: ", "))
        }
        parts.append(
            part(
                "9.3.2 e)", "Effectiveness of actions taken (on risks, and corrective actions)",
                effectLines,
                "no corrective action has been verified yet; actions on risks and"
                    + " opportunities are not recorded in the programme"))
        let ofis = live.filter { $0.finding.findingClass == .ofi }
        parts.append(
            part(
                "9.3.2 f)", "Opportunities for improvement",
                ofis.map {
                    "\($0.auditID)/\($0.finding.id) (\($0.finding.clause)): \($0.finding.statement)"
                },
                "no opportunity for improvement has been raised in the attached audits"))
        self.parts = parts
        // The trend: findings per quarter and class, and per clause and year.
        var quarters: [String: Quarter] = [:]
        var byClause: [ClauseNumber: [Int: Int]] = [:]
        for entry in live {
            guard let date = entry.date else { continue }
            var quarter =
                quarters[date.quarter]
                ?? Quarter(
                    quarter: date.quarter, major: 0, minor: 0, observation: 0, ofi: 0)
            switch entry.finding.findingClass {
            case .major: quarter.major += 1
            case .minor, .ungraded: quarter.minor += 1
            case .observation: quarter.observation += 1
            case .ofi: quarter.ofi += 1
            case .strength: break
            }
            quarters[date.quarter] = quarter
            byClause[entry.finding.clause, default: [:]][date.parts.year, default: 0] += 1
        }
        self.quarters = quarters.values.sorted { $0.quarter < $1.quarter }
        trend = byClause.map { ($0.key, $0.value) }.sorted {
            let left = $0.byYear.values.reduce(0, +)
            let right = $1.byYear.values.reduce(0, +)
            return (right, $0.clause) < (left, $1.clause)
        }
    }
}
