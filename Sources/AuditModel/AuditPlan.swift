/// The audit plan (ISO 19011 6.3): what the audit sets out to do, against what, when, with whom.
///
/// Recorded with `qmsaudit audit plan` and shown in the audit report.
public struct AuditPlan: Hashable, Sendable, Codable {
    /// One slot of the timetable.
    public struct Slot: Hashable, Sendable, Codable {
        /// The day.
        public var date: CalendarDate
        /// The time or time span, as written: `09:00–10:30`.
        public var time: String
        /// What happens: an opening meeting, a process audited, a site tour.
        public var activity: String

        /// Creates a slot.
        public init(date: CalendarDate, time: String, activity: String) {
            self.date = date
            self.time = time
            self.activity = activity
        }
    }

    /// What the audit is to establish.
    public var objectives: [String]
    /// What it is judged against: the standard, the organisation's own requirements.
    public var criteria: [String]
    /// The first day.
    public var start: CalendarDate?
    /// The last day.
    public var end: CalendarDate?
    /// The people and functions audited.
    public var auditees: [String]
    /// The timetable, in order.
    public var timetable: [Slot]

    /// An empty plan.
    public init(
        objectives: [String] = [], criteria: [String] = [], start: CalendarDate? = nil,
        end: CalendarDate? = nil, auditees: [String] = [], timetable: [Slot] = []
    ) {
        self.objectives = objectives
        self.criteria = criteria
        self.start = start
        self.end = end
        self.auditees = auditees
        self.timetable = timetable
    }

    /// Whether nothing is planned yet.
    public var isEmpty: Bool { self == AuditPlan() }

    /// Why the plan cannot stand, if it cannot: the last day before the first, a slot outside
    /// the audit's days.
    public var problems: [String] {
        var problems: [String] = []
        if let start, let end, end < start {
            problems.append("the audit ends (\(end)) before it starts (\(start))")
        }
        for slot in timetable {
            if let start, slot.date < start {
                problems.append(
                    "'\(slot.activity)' (\(slot.date)) is before the audit starts (\(start))")
            }
            if let end, slot.date > end {
                problems.append(
                    "'\(slot.activity)' (\(slot.date)) is after the audit ends (\(end))")
            }
        }
        return problems
    }
}

/// What the certification body needs to know of the organisation to review its application.
///
/// Sites, people and shifts set the audit time. Recorded with `qmsaudit audit profile` and
/// shown in the Stage 1 pack.
public struct OrganisationProfile: Hashable, Sendable, Codable {
    /// One site: where it is and who works there.
    public struct Site: Hashable, Sendable, Codable {
        /// The site's name, as the audit's sites name it.
        public var name: String
        /// Its address.
        public var address: String
        /// People working there, temporary and part-time included.
        public var headcount: Int?
        /// Of them, temporary staff.
        public var temporary: Int?
        /// Of them, part-time staff.
        public var partTime: Int?
        /// Shifts worked, as written: `2 shifts, Mon–Fri`.
        public var shifts: String

        /// Creates a site.
        public init(
            name: String, address: String = "", headcount: Int? = nil, temporary: Int? = nil,
            partTime: Int? = nil, shifts: String = ""
        ) {
            self.name = name
            self.address = address
            self.headcount = headcount
            self.temporary = temporary
            self.partTime = partTime
            self.shifts = shifts
        }
    }

    /// The legal entity certified.
    public var legalEntity: String
    /// The sites.
    public var sites: [Site]
    /// Processes run by others on the organisation's behalf.
    public var outsourcedProcesses: [String]
    /// Certifications held already (ISO 14001, ISO 45001…).
    public var otherCertifications: [String]
    /// A consultant who helped build the system, if any.
    public var consultant: String

    /// An empty profile.
    public init(
        legalEntity: String = "", sites: [Site] = [], outsourcedProcesses: [String] = [],
        otherCertifications: [String] = [], consultant: String = ""
    ) {
        self.legalEntity = legalEntity
        self.sites = sites
        self.outsourcedProcesses = outsourcedProcesses
        self.otherCertifications = otherCertifications
        self.consultant = consultant
    }

    /// Whether nothing is recorded yet.
    public var isEmpty: Bool { self == OrganisationProfile() }

    /// Everyone working at every site, when every site's headcount is known.
    public var totalHeadcount: Int? {
        let counts = sites.map(\.headcount)
        guard !counts.isEmpty, counts.allSatisfy({ $0 != nil }) else { return nil }
        return counts.reduce(0) { $0 + ($1 ?? 0) }
    }
}

/// What the audit report says beyond the findings: the conclusion, who receives it, and the
/// auditee's acknowledgement (ISO 19011 6.5).
public struct AuditReportFacts: Hashable, Sendable, Codable {
    /// The audit conclusion, in the lead auditor's words.
    public var conclusion: String
    /// Who the report goes to.
    public var distribution: [String]
    /// Who acknowledged the report for the auditee, if anyone has.
    public var acknowledgedBy: String
    /// When.
    public var acknowledgedOn: CalendarDate?
    /// What the auditee said, if anything.
    public var acknowledgement: String

    /// Nothing recorded yet.
    public init(
        conclusion: String = "", distribution: [String] = [], acknowledgedBy: String = "",
        acknowledgedOn: CalendarDate? = nil, acknowledgement: String = ""
    ) {
        self.conclusion = conclusion
        self.distribution = distribution
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedOn = acknowledgedOn
        self.acknowledgement = acknowledgement
    }
}
