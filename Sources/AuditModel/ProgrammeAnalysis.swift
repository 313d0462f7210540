/// What the programme holds of one attached audit file: its facts, answers, findings and
/// corrective actions, as they stood at its last attach.
public struct AttachedAudit: Sendable {
    /// The programme's id for the audit (`IA-2027-03`).
    public var auditID: String
    /// The audit file's own facts.
    public var info: AuditInfo
    /// The answers, each with its item's clause.
    public var answers: [AttachedAnswer]
    /// The findings.
    public var findings: [Finding]
    /// The corrective actions, by finding id.
    public var actions: [String: CorrectiveAction]
    /// How many evidence records the file holds.
    public var evidence: Int
    /// The day the audit took place: its plan's first day, else its first answer.
    public var date: CalendarDate?

    /// Creates the record of an attached audit.
    public init(
        auditID: String, info: AuditInfo, answers: [AttachedAnswer], findings: [Finding],
        actions: [String: CorrectiveAction], evidence: Int, date: CalendarDate?
    ) {
        self.auditID = auditID
        self.info = info
        self.answers = answers
        self.findings = findings
        self.actions = actions
        self.evidence = evidence
        self.date = date
    }
}

/// One answer of an attached audit, with its item's clause.
public struct AttachedAnswer: Hashable, Sendable {
    /// The item.
    public var itemID: String
    /// The item's clause.
    public var clause: ClauseNumber
    /// The verdict.
    public var verdict: Verdict

    /// Creates an answer.
    public init(itemID: String, clause: ClauseNumber, verdict: Verdict) {
        self.itemID = itemID
        self.clause = clause
        self.verdict = verdict
    }
}

/// Everything a programme holds, and the views across its audits: status, coverage, findings
/// with their repeats, and the management review input.
public struct ProgrammeState: Sendable {
    /// The programme's facts.
    public var info: ProgrammeInfo
    /// The clauses of the checklist the programme plans against, in order, with their headings.
    public var clauses: [(number: ClauseNumber, heading: String)]
    /// The process model.
    public var processes: [ProgrammeProcess]
    /// The auditors.
    public var auditors: [ProgrammeAuditor]
    /// The planned audits.
    public var planned: [PlannedAudit]
    /// The certification body's dates.
    public var cycle: CertificationCycle
    /// The attached audits.
    public var attached: [AttachedAudit]

    /// Creates the state of a programme.
    public init(
        info: ProgrammeInfo, clauses: [(number: ClauseNumber, heading: String)],
        processes: [ProgrammeProcess], auditors: [ProgrammeAuditor], planned: [PlannedAudit],
        cycle: CertificationCycle, attached: [AttachedAudit]
    ) {
        self.info = info
        self.clauses = clauses
        self.processes = processes
        self.auditors = auditors
        self.planned = planned
        self.cycle = cycle
        self.attached = attached
    }

    /// The planned audit with this id.
    public func plannedAudit(_ id: String) -> PlannedAudit? {
        planned.first { $0.id.lowercased() == id.lowercased() }
    }

    /// The day an audit counts for: the attached file's date, else the planned date.
    public func date(of auditID: String) -> CalendarDate? {
        attached.first { $0.auditID == auditID }?.date ?? plannedAudit(auditID)?.planned
    }

    /// The certification body's next planned visit after `audit` (not cancelled).
    public func nextVisit(after audit: PlannedAudit) -> CalendarDate? {
        guard let date = audit.planned else { return nil }
        return planned.filter { other in
            other.type.isCertificationBody && other.status != .cancelled && other.id != audit.id
                && (other.planned.map { $0 > date } ?? false)
        }.compactMap(\.planned).min()
    }

    /// The processes whose clauses the lead auditor's own processes share with the audit's
    /// scope: what impartiality forbids without a recorded reason.
    public func ownProcesses(of lead: String, in audit: PlannedAudit) -> [ProgrammeProcess] {
        guard
            let auditor = auditors.first(where: {
                $0.name.lowercased() == lead.lowercased() && !lead.isEmpty
            })
        else { return [] }
        let scope = audit.scope(processes)
        return processes.filter { process in
            auditor.processes.contains(process.id)
                && (audit.processes.contains(process.id)
                    || scope.contains { clause in process.covers(clause) })
        }
    }
}

// MARK: - Coverage

/// Which clauses and processes the audits of a cycle covered: planned and done (9.2.2 a).
public struct ProgrammeCoverage: Sendable {
    /// One clause or process and the audits that cover it.
    public struct Row: Sendable, Hashable {
        /// `7.5.3` or a process id.
        public var key: String
        /// The clause's heading or the process's name.
        public var title: String
        /// Audits of the cycle planned to cover it.
        public var planned: [String]
        /// Attached audits of the cycle that answered at least one of its items.
        public var done: [String]

        /// Whether no audit of the cycle is planned to cover it or has.
        public var uncovered: Bool { planned.isEmpty && done.isEmpty }
        /// Whether it is planned but not yet audited.
        public var pending: Bool { done.isEmpty && !planned.isEmpty }
    }

    /// The cycle: audits dated in this calendar year (`nil`: every audit).
    public var year: Int?
    /// The clauses with items, in order.
    public var clauses: [Row]
    /// The processes.
    public var processes: [Row]

    /// The coverage of `state` in `year`.
    public init(_ state: ProgrammeState, year: Int?) {
        self.year = year
        func inCycle(_ date: CalendarDate?) -> Bool {
            guard let year else { return true }
            return date?.parts.year == year
        }
        let planned = state.planned.filter {
            $0.status != .cancelled && inCycle($0.planned ?? state.date(of: $0.id))
        }
        let attached = state.attached.filter { inCycle($0.date) }
        var answered: [String: Set<ClauseNumber>] = [:]
        for audit in attached { answered[audit.auditID] = Set(audit.answers.map(\.clause)) }
        let scopes = Dictionary(
            planned.map { ($0.id, $0.scope(state.processes)) }, uniquingKeysWith: { a, _ in a })
        clauses = state.clauses.map { clause in
            Row(
                key: clause.number.description, title: clause.heading,
                planned: planned.filter { audit in
                    (scopes[audit.id] ?? []).contains { $0.contains(clause.number) }
                }.map(\.id),
                done: attached.filter { answered[$0.auditID]?.contains(clause.number) ?? false }
                    .map(\.auditID))
        }
        processes = state.processes.map { process in
            Row(
                key: process.id, title: process.name,
                planned: planned.filter { $0.processes.contains(process.id) }.map(\.id),
                done: attached.filter { audit in
                    // An audit planned by process covers the processes it names; one planned
                    // by clause (or not planned) covers every process whose items it answered.
                    let named = state.plannedAudit(audit.auditID)?.processes ?? []
                    return (answered[audit.auditID] ?? []).contains { process.covers($0) }
                        && (named.isEmpty || named.contains(process.id))
                }.map(\.auditID))
        }
    }

    /// The clauses no audit of the cycle covers.
    public var uncoveredClauses: [Row] { clauses.filter(\.uncovered) }
    /// The processes no audit of the cycle covers.
    public var uncoveredProcesses: [Row] { processes.filter(\.uncovered) }
}

// MARK: - Findings across audits

/// Every finding of every attached audit, with repeats marked.
public struct ProgrammeFindings: Sendable {
    /// One finding and where it stands.
    public struct Entry: Sendable, Hashable {
        /// The audit it was raised in.
        public var auditID: String
        /// The audit's date.
        public var date: CalendarDate?
        /// The finding.
        public var finding: Finding
        /// Its corrective action's state, if it has one.
        public var action: ActionState?
        /// The corrective action's due date.
        public var due: CalendarDate?
        /// Whether the action is past its due date (or an action past its own).
        public var overdue: Bool
        /// The processes that answer for its clause.
        public var processes: [String]
        /// The earlier findings it repeats (`IA-2027-01/NC-002`), same clause or process.
        public var repeats: [String]

        /// Whether it is open: not withdrawn, and its action (if any) not closed.
        public var isOpen: Bool {
            !finding.isWithdrawn && !(action?.isFinal ?? false)
                && (finding.isNonconformity || action != nil)
        }
    }

    /// The entries, oldest audit first.
    public var entries: [Entry]

    /// Findings of classes that can repeat: nonconformities and observations.
    static func canRepeat(_ finding: Finding) -> Bool {
        !finding.isWithdrawn
            && (finding.isNonconformity || finding.findingClass == .observation)
    }

    /// The findings of `state`, judged on `today`; a finding repeats an earlier one (another
    /// audit, on or before its date, within `window` months) on the same clause or process.
    public init(_ state: ProgrammeState, today: CalendarDate, window: Int = 12) {
        var entries: [Entry] = []
        let audits = state.attached.sorted {
            ($0.date ?? CalendarDate(day: 0), $0.auditID) < (
                $1.date ?? CalendarDate(day: 0), $1.auditID
            )
        }
        for audit in audits {
            for finding in audit.findings {
                let action = audit.actions[finding.id]
                entries.append(
                    Entry(
                        auditID: audit.auditID, date: audit.date, finding: finding,
                        action: action?.state, due: action?.due,
                        overdue: action.map { !$0.state.isFinal && !$0.overdue(on: today).isEmpty }
                            ?? false,
                        processes: state.processes.filter { $0.covers(finding.clause) }.map(\.id),
                        repeats: []))
            }
        }
        // Earlier findings by subject, so each finding is compared with its likely repeats
        // only, not with every finding before it.
        var bySubject: [String: [Int]] = [:]
        for index in entries.indices where Self.canRepeat(entries[index].finding) {
            let entry = entries[index]
            let keys = Self.subjectKeys(entry)
            let earliest = entry.date?.adding(months: -window)
            var candidates = Set<Int>()
            for key in keys { candidates.formUnion(bySubject[key] ?? []) }
            entries[index].repeats = candidates.sorted().filter { earlierIndex in
                let earlier = entries[earlierIndex]
                return earlier.auditID != entry.auditID
                    && (earliest.map { start in (earlier.date ?? start) >= start } ?? true)
            }.map { "\(entries[$0].auditID)/\(entries[$0].finding.id)" }
            for key in keys { bySubject[key, default: []].append(index) }
        }
        self.entries = entries
    }

    /// What a finding is about, as keys two findings share when one may repeat the other: its
    /// clause, and each of its processes with its subclause (8.4.1 and 8.4.2 under Purchasing
    /// share one; 6.1.2 and 9.2.2 under a process that answers for all of 4 to 10 do not).
    static func subjectKeys(_ entry: Entry) -> [String] {
        let clause = entry.finding.clause
        var keys = ["clause " + clause.description]
        if clause.depth >= 2 {
            let subclause = clause.components.prefix(2).map(String.init).joined(separator: ".")
            keys += entry.processes.map { "process \($0) \(subclause)" }
        }
        return keys
    }

    /// The repeats per clause, most first.
    public var repeatsByClause: [(clause: ClauseNumber, count: Int)] {
        var counts: [ClauseNumber: Int] = [:]
        for entry in entries where !entry.repeats.isEmpty {
            counts[entry.finding.clause, default: 0] += 1
        }
        return counts.map { ($0.key, $0.value) }.sorted {
            ($1.count, $0.clause) < ($0.count, $1.clause)
        }
    }
}

// MARK: - Status

/// What needs attention now: the next audits, the overdue ones, open findings and overdue
/// actions across every audit, and the certification dates.
public struct ProgrammeStatus: Sendable {
    /// The day it is judged on.
    public var today: CalendarDate
    /// Planned audits not started, dated today or later (or not dated), soonest first.
    public var next: [PlannedAudit]
    /// Planned audits not started, dated before today.
    public var overdue: [PlannedAudit]
    /// Audits started (a file attached) and not concluded.
    public var inProgress: [PlannedAudit]
    /// Open findings across the attached audits.
    public var openFindings: [ProgrammeFindings.Entry]
    /// Findings whose corrective action is overdue.
    public var overdueActions: [ProgrammeFindings.Entry]
    /// The certification body's dates, each with whether it is passed without an audit.
    public var certification: [(due: CertificationCycle.Due, met: Bool, late: Bool)]

    /// The status of `state` on `today`.
    public init(_ state: ProgrammeState, today: CalendarDate) {
        self.today = today
        let pending = state.planned.filter { $0.status == .planned }
        inProgress = state.planned.filter { $0.status == .inProgress }
        next = pending.filter { ($0.planned ?? today) >= today }.sorted {
            ($0.planned ?? today, $0.id) < ($1.planned ?? today, $1.id)
        }
        overdue = pending.filter { ($0.planned.map { $0 < today }) ?? false }.sorted {
            ($0.planned ?? today, $0.id) < ($1.planned ?? today, $1.id)
        }
        let findings = ProgrammeFindings(state, today: today)
        openFindings = findings.entries.filter(\.isOpen)
        overdueActions = findings.entries.filter(\.overdue)
        let done = state.planned.filter { $0.status == .done }
        certification = state.cycle.dues.map { due in
            let kind: ProgrammeAuditType =
                due.what.hasPrefix("surveillance") ? .surveillance : .recertification
            let held = done.filter { audit in
                audit.type == kind
                    && (state.date(of: audit.id).map { $0 <= due.by } ?? false)
            }
            let ordinal = Int(due.what.split(separator: " ").last ?? "") ?? 1
            let met = kind == .surveillance ? held.count >= ordinal : !held.isEmpty
            return (due, met, !met && due.by < today)
        }
    }
}
