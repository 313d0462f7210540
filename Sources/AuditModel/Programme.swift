/// The audit programme (ISO 9001 9.2.2): the organisation's processes, its auditors, the audits
/// planned over the certification cycle, and the certification body's dates.
public struct ProgrammeInfo: Hashable, Sendable, Codable {
    /// A unique id, stable across copies of the file; an audit made from the programme keeps it.
    public var id: String
    /// The organisation.
    public var organisation: String
    /// The scope of the quality management system.
    public var scope: String
    /// When the programme was created (ISO 8601, UTC).
    public var createdAt: String
    /// The qmsaudit version that created it.
    public var toolVersion: String

    /// Creates the facts of a programme.
    public init(
        id: String, organisation: String, scope: String, createdAt: String, toolVersion: String
    ) {
        self.id = id
        self.organisation = organisation
        self.scope = scope
        self.createdAt = createdAt
        self.toolVersion = toolVersion
    }
}

/// One process of the organisation's process model, mapped to the clauses it answers for.
public struct ProgrammeProcess: Hashable, Sendable, Codable {
    /// A short id (`purchasing`), made from the name.
    public var id: String
    /// The name (`Purchasing`).
    public var name: String
    /// The clauses the process answers for.
    public var clauses: [ClauseNumber]
    /// Who owns it.
    public var owner: String
    /// Whether it is audited more often: important to conformity, changed, or troubled.
    public var highRisk: Bool

    /// Creates a process.
    public init(
        id: String, name: String, clauses: [ClauseNumber], owner: String = "",
        highRisk: Bool = false
    ) {
        self.id = id
        self.name = name
        self.clauses = clauses
        self.owner = owner
        self.highRisk = highRisk
    }

    /// `Purchasing` → `purchasing`, `Design & development` → `design-development`.
    public static func slug(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty && slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug
    }

    /// Whether the process answers for `clause` (or a clause above or below it).
    public func covers(_ clause: ClauseNumber) -> Bool {
        clauses.contains { $0.contains(clause) || clause.contains($0) }
    }
}

/// An auditor, with the processes whose work they may not audit.
public struct ProgrammeAuditor: Hashable, Sendable, Codable {
    /// The name, as audits name their auditors.
    public var name: String
    /// The ids of the processes the auditor works in or is responsible for.
    public var processes: [String]
    /// Training, qualifications and experience, in words.
    public var competence: String

    /// Creates an auditor.
    public init(name: String, processes: [String] = [], competence: String = "") {
        self.name = name
        self.processes = processes
        self.competence = competence
    }
}

/// The kinds of audit a programme holds.
public enum ProgrammeAuditType: String, CaseIterable, Sendable, Codable {
    /// An internal audit (9.2).
    case `internal`
    /// The certification body's Stage 1 review.
    case stage1
    /// The certification body's Stage 2 audit.
    case stage2
    /// A surveillance audit by the certification body.
    case surveillance
    /// The recertification audit.
    case recertification
    /// An audit of a supplier.
    case supplier
    /// Anything else.
    case other

    /// Whether the certification body audits (its findings, its numbering, its deadlines).
    public var isCertificationBody: Bool {
        switch self {
        case .stage1, .stage2, .surveillance, .recertification: true
        case .internal, .supplier, .other: false
        }
    }

    /// The id prefix `programme plan` gives such audits.
    public var prefix: String {
        switch self {
        case .internal: "IA"
        case .stage1: "S1"
        case .stage2: "S2"
        case .surveillance: "SA"
        case .recertification: "RC"
        case .supplier: "SUP"
        case .other: "AU"
        }
    }
}

/// Where a planned audit stands.
public enum PlannedAuditStatus: String, CaseIterable, Sendable, Codable {
    /// Planned, not started.
    case planned
    /// Started: an audit file exists.
    case inProgress = "in-progress"
    /// Done: its file is attached and its report written.
    case done
    /// Called off.
    case cancelled
}

/// One audit of the programme.
public struct PlannedAudit: Hashable, Sendable, Codable {
    /// The id (`IA-2027-03`), the key the audit file is known by.
    public var id: String
    /// The kind of audit.
    public var type: ProgrammeAuditType
    /// The processes in scope, by id.
    public var processes: [String]
    /// Clauses in scope beyond those of the processes.
    public var clauses: [ClauseNumber]
    /// The sites.
    public var sites: [String]
    /// The planned date.
    public var planned: CalendarDate?
    /// The lead auditor.
    public var lead: String
    /// The rest of the team.
    public var team: [String]
    /// Where it stands.
    public var status: PlannedAuditStatus
    /// Why the lead may audit their own process, when that was allowed; empty otherwise.
    public var ownProcessReason: String

    /// Creates a planned audit.
    public init(
        id: String, type: ProgrammeAuditType, processes: [String] = [],
        clauses: [ClauseNumber] = [], sites: [String] = [], planned: CalendarDate? = nil,
        lead: String = "", team: [String] = [], status: PlannedAuditStatus = .planned,
        ownProcessReason: String = ""
    ) {
        self.id = id
        self.type = type
        self.processes = processes
        self.clauses = clauses
        self.sites = sites
        self.planned = planned
        self.lead = lead
        self.team = team
        self.status = status
        self.ownProcessReason = ownProcessReason
    }

    /// Every clause in scope: the audit's own and its processes'.
    public func scope(_ processes: [ProgrammeProcess]) -> [ClauseNumber] {
        var clauses = self.clauses
        for process in processes where self.processes.contains(process.id) {
            clauses += process.clauses
        }
        return Array(Set(clauses)).sorted()
    }
}

/// The certification body's dates for the certificate.
public struct CertificationCycle: Hashable, Sendable, Codable {
    /// The certification body.
    public var body: String
    /// The certificate's number.
    public var certificate: String
    /// The Stage 1 review.
    public var stage1: CalendarDate?
    /// The Stage 2 audit.
    public var stage2: CalendarDate?
    /// The certification decision after Stage 2: the surveillance dates count from it.
    public var decision: CalendarDate?
    /// The certificate's expiry (three years after the decision when not given).
    public var expiry: CalendarDate?

    /// Creates the dates.
    public init(
        body: String = "", certificate: String = "", stage1: CalendarDate? = nil,
        stage2: CalendarDate? = nil, decision: CalendarDate? = nil, expiry: CalendarDate? = nil
    ) {
        self.body = body
        self.certificate = certificate
        self.stage1 = stage1
        self.stage2 = stage2
        self.decision = decision
        self.expiry = expiry
    }

    /// The certificate's expiry: as given, else the day before the decision's third
    /// anniversary.
    public var effectiveExpiry: CalendarDate? {
        expiry ?? decision.map { $0.adding(months: 36).adding(days: -1) }
    }

    /// One date the cycle asks for.
    public struct Due: Hashable, Sendable {
        /// What is due: `surveillance 1`, `surveillance 2`, `recertification`.
        public var what: String
        /// The last day it may happen.
        public var by: CalendarDate
    }

    /// The surveillance audits (within 12 months of the decision, then yearly) and the
    /// recertification (before expiry); empty without a decision date.
    public var dues: [Due] {
        guard let decision else { return [] }
        var dues = [
            Due(what: "surveillance 1", by: decision.adding(months: 12)),
            Due(what: "surveillance 2", by: decision.adding(months: 24)),
        ]
        if let expiry = effectiveExpiry {
            dues.append(Due(what: "recertification", by: expiry))
        }
        return dues
    }

    /// Dates that contradict each other, each naming its field.
    public var problems: [String] {
        var problems: [String] = []
        if let stage1, let stage2, stage2 < stage1 {
            problems.append("--stage2 (\(stage2)) comes before --stage1 (\(stage1))")
        }
        if let stage2, let decision, decision < stage2 {
            problems.append("--decision (\(decision)) comes before --stage2 (\(stage2))")
        }
        if let decision, let expiry, expiry <= decision {
            problems.append("--expiry (\(expiry)) is not after --decision (\(decision))")
        }
        return problems
    }
}
