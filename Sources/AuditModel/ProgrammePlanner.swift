/// Proposes the audits of a cycle (`programme plan`): every process audited at least once,
/// high-risk processes and those with open or repeated nonconformities twice, the clauses no
/// process answers for in one audit of the system, spread evenly over the cycle, each led by
/// an auditor who does not work in what they audit.
public enum ProgrammePlanner {
    /// The proposed audits, from `start`, over `months` (12 to 36).
    public static func propose(
        _ state: ProgrammeState, start: CalendarDate, months: Int, today: CalendarDate
    ) -> [PlannedAudit] {
        let findings = ProgrammeFindings(state, today: today)
        let troubled = Set(
            findings.entries.filter { entry in
                entry.finding.isNonconformity && (entry.isOpen || !entry.repeats.isEmpty)
            }.flatMap(\.processes))
        struct Unit {
            var processes: [String]
            var clauses: [ClauseNumber]
            var twice: Bool
        }
        var units = state.processes.map { process in
            Unit(
                processes: [process.id], clauses: [],
                twice: process.highRisk || troubled.contains(process.id))
        }
        let orphans = state.clauses.map(\.number).filter { clause in
            !state.processes.contains { $0.covers(clause) }
        }
        if !orphans.isEmpty {
            // One audit of the system for what no process answers for, by top-level clause.
            var sections: [ClauseNumber] = []
            for clause in orphans {
                let parent =
                    clause.depth > 2
                    ? ClauseNumber(components: Array(clause.components.prefix(2))) ?? clause
                    : clause
                if !sections.contains(where: { $0.contains(parent) }) { sections.append(parent) }
            }
            units.append(Unit(processes: [], clauses: sections, twice: false))
        }
        // Every unit once, then the ones audited twice again, in the second half of the cycle.
        let ordered = units + units.filter(\.twice)
        guard !ordered.isEmpty else { return [] }
        let months = min(max(months, 1), 36)
        var taken = Set(state.planned.map { $0.id.lowercased() })
        var number = 1
        var leads: [String: Int] = [:]
        var proposals: [PlannedAudit] = []
        for (index, unit) in ordered.enumerated() {
            let offset = index * months / ordered.count
            let date = start.adding(months: offset)
            var id: String
            repeat {
                let year = date.parts.year
                id = "IA-\(year)-" + (number < 10 ? "0\(number)" : "\(number)")
                number += 1
            } while taken.contains(id.lowercased())
            taken.insert(id.lowercased())
            var audit = PlannedAudit(
                id: id, type: .internal, processes: unit.processes, clauses: unit.clauses,
                planned: date)
            let eligible = state.auditors.filter { auditor in
                state.ownProcesses(of: auditor.name, in: audit).isEmpty
            }.sorted { (leads[$0.name] ?? 0, $0.name) < (leads[$1.name] ?? 0, $1.name) }
            if let lead = eligible.first {
                audit.lead = lead.name
                leads[lead.name, default: 0] += 1
            }
            proposals.append(audit)
        }
        return proposals
    }
}
