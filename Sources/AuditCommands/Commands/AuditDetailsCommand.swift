import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit audit`: the audit's plan, the organisation's profile, and the report's conclusion
/// and acknowledgement.
struct AuditDetailsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Record the audit plan, the organisation's profile and the audit conclusion.",
        discussion: """
            The plan (ISO 19011 6.3: objectives, criteria, dates, auditees, timetable) and the \
            conclusion, distribution and acknowledgement (6.5) go into 'qmsaudit report \
            audit'; the organisation's profile (legal entity, sites with addresses and \
            headcounts, shifts, outsourced processes, other certifications, consultant) is \
            what a certification body needs for its application review and audit time, and \
            goes into the Stage 1 pack. Each change is one transaction and one journal event.
            """,
        subcommands: [
            AuditShowCommand.self, AuditPlanCommand.self, AuditProfileCommand.self,
            AuditConcludeCommand.self, AuditAcknowledgeCommand.self,
        ])
}

/// `qmsaudit audit show`.
struct AuditShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the audit's facts, plan, profile and conclusion.")

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if format != .table && format != .json {
            throw ValidationError("'audit show' prints table or json")
        }
    }

    func run() throws {
        let file = try audit.open()
        Console.print(
            AuditDetailsRenderer.render(
                info: try file.info(), plan: try file.plan(), profile: try file.profile(),
                facts: try file.reportFacts(), format: format))
    }
}

/// `qmsaudit audit plan`.
struct AuditPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Record the audit plan: objectives, criteria, dates, auditees, timetable.",
        discussion: """
            Repeated options replace the whole list they name (--objective, --criterion, \
            --auditee); --slot adds to the timetable ("DATE TIME ACTIVITY"), --clear-timetable \
            empties it first. Slots must fall between --start and --end.

            Example:
              qmsaudit audit plan --start 2027-01-12 --end 2027-01-13 \\
                --objective "Determine conformity of the QMS with ISO 9001:2015" \\
                --objective "Assess readiness for the Stage 1 review" \\
                --criterion "ISO 9001:2015 + A1:2024" --criterion "Quality manual rev 7" \\
                --auditee "T. Okafor (quality manager)" --auditee "Production, Leeds" \\
                --slot "2027-01-12 09:00-09:30 Opening meeting" \\
                --slot "2027-01-12 09:30-12:00 Production, measuring equipment"
            """)

    @Option(help: "What the audit is to establish (repeatable: the list).")
    var objective: [String] = []

    @Option(help: "What it is judged against (repeatable: the list).")
    var criterion: [String] = []

    @Option(help: "The first day (YYYY-MM-DD).")
    var start: CalendarDate?

    @Option(help: "The last day (YYYY-MM-DD).")
    var end: CalendarDate?

    @Option(help: "A person or function audited (repeatable: the list).")
    var auditee: [String] = []

    @Option(
        help: ArgumentHelp(
            "A timetable slot: \"DATE TIME ACTIVITY\" (repeatable).", valueName: "slot"))
    var slot: [String] = []

    @Flag(help: "Empty the timetable before adding --slot entries.")
    var clearTimetable = false

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        for text in slot { _ = try Self.slot(text) }
    }

    static func slot(_ text: String) throws -> AuditPlan.Slot {
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, let date = CalendarDate(parts[0]) else {
            throw ValidationError(
                "--slot takes \"DATE TIME ACTIVITY\", such as \"2027-01-12 09:00-09:30 Opening"
                    + " meeting\"; found '\(text)'")
        }
        return AuditPlan.Slot(date: date, time: parts[1], activity: parts[2])
    }

    func run() throws {
        let file = try audit.open()
        let slots = try slot.map(Self.slot)
        let (before, after) = try file.changePlan(context: Invocation.context()) { plan in
            if !objective.isEmpty { plan.objectives = objective }
            if !criterion.isEmpty { plan.criteria = criterion }
            if let start { plan.start = start }
            if let end { plan.end = end }
            if !auditee.isEmpty { plan.auditees = auditee }
            if clearTimetable { plan.timetable = [] }
            plan.timetable += slots
            plan.timetable.sort { ($0.date, $0.time) < ($1.date, $1.time) }
        }
        Console.print(
            before == after
                ? "the plan is unchanged"
                : "plan saved: \(after.objectives.count.counted("objective")),"
                    + " \(after.criteria.count.counted("criterion", plural: "criteria")),"
                    + " \(after.auditees.count.counted("auditee")),"
                    + " \(after.timetable.count.counted("timetable slot"))")
    }
}

/// `qmsaudit audit profile`.
struct AuditProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Record the organisation's profile for the certification body.",
        discussion: """
            --site NAME chooses a site (added when new); --address, --headcount, --temporary, \
            --part-time and --shifts apply to it. Headcount counts everyone working at the \
            site, temporary and part-time staff included. --outsourced and --certification \
            replace their lists.

            Example:
              qmsaudit audit profile \\
                --legal-entity "Acme Widgets Ltd (company no. 01234567)" \\
                --site Leeds --address "Unit 4, Ring Road, Leeds LS1 1AA" --headcount 84 \\
                --temporary 6 --part-time 9 --shifts "2 shifts, Mon–Fri" \\
                --outsourced "Heat treatment (Hardcase Ltd)" --consultant "none"
            """)

    @Option(help: "The legal entity certified.")
    var legalEntity: String?

    @Option(help: "The site the site options apply to.")
    var site: String?

    @Option(help: "The site's address.")
    var address: String?

    @Option(help: "People working at the site (temporary and part-time included).")
    var headcount: Int?

    @Option(help: "Of them, temporary staff.")
    var temporary: Int?

    @Option(help: "Of them, part-time staff.")
    var partTime: Int?

    @Option(help: "The shifts worked at the site, in words.")
    var shifts: String?

    @Option(help: "A process run by another organisation (repeatable: the list).")
    var outsourced: [String] = []

    @Option(help: "A certification held already (repeatable: the list).")
    var certification: [String] = []

    @Option(help: "The consultant who helped build the system, or 'none'.")
    var consultant: String?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        let siteOptions =
            [address, shifts].compactMap { $0 }.count
            + [headcount, temporary, partTime].compactMap { $0 }.count
        if siteOptions > 0 && site == nil {
            throw ValidationError(
                "--address, --headcount, --temporary, --part-time and --shifts apply to a site:"
                    + " name it with --site")
        }
        for count in [headcount, temporary, partTime].compactMap({ $0 }) where count < 0 {
            throw ValidationError("headcounts are 0 or more")
        }
        if let headcount, (temporary ?? 0) + (partTime ?? 0) > headcount {
            throw ValidationError("temporary and part-time staff are part of the headcount")
        }
    }

    func run() throws {
        let file = try audit.open()
        let (before, after) = try file.changeProfile(context: Invocation.context()) { profile in
            if let legalEntity { profile.legalEntity = legalEntity }
            if let site {
                var index = profile.sites.firstIndex { $0.name.lowercased() == site.lowercased() }
                if index == nil {
                    profile.sites.append(OrganisationProfile.Site(name: site))
                    index = profile.sites.count - 1
                }
                if let index {
                    if let address { profile.sites[index].address = address }
                    if let headcount { profile.sites[index].headcount = headcount }
                    if let temporary { profile.sites[index].temporary = temporary }
                    if let partTime { profile.sites[index].partTime = partTime }
                    if let shifts { profile.sites[index].shifts = shifts }
                }
            }
            if !outsourced.isEmpty { profile.outsourcedProcesses = outsourced }
            if !certification.isEmpty { profile.otherCertifications = certification }
            if let consultant { profile.consultant = consultant }
        }
        Console.print(
            before == after
                ? "the profile is unchanged"
                : "profile saved: \(after.sites.count.counted("site"))"
                    + (after.totalHeadcount.map { ", \($0) people in all" } ?? ""))
    }
}

/// `qmsaudit audit conclude`.
struct AuditConcludeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conclude",
        abstract: "Record the audit conclusion and who receives the report.",
        discussion: """
            Example:
              qmsaudit audit conclude \\
                --conclusion "The QMS conforms apart from two minors; ready for Stage 1" \\
                --distribute-to "Managing director" --distribute-to "Quality manager"
            """)

    @Option(help: "The conclusion, in the lead auditor's words.")
    var conclusion: String?

    @Option(help: "Who receives the report (repeatable: the list).")
    var distributeTo: [String] = []

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if conclusion == nil && distributeTo.isEmpty {
            throw ValidationError("give --conclusion, --distribute-to or both")
        }
    }

    func run() throws {
        let file = try audit.open()
        try file.changeReportFacts(context: Invocation.context()) { facts in
            if let conclusion { facts.conclusion = conclusion }
            if !distributeTo.isEmpty { facts.distribution = distributeTo }
        }
        Console.print("conclusion saved; see 'qmsaudit report audit'")
    }
}

/// `qmsaudit audit acknowledge`.
struct AuditAcknowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledge",
        abstract: "Record the auditee's acknowledgement of the report.",
        discussion: """
            Example:
              qmsaudit audit acknowledge --by "T. Okafor (quality manager)" \\
                --date 2027-01-15 --comment "Findings accepted; actions to follow"
            """)

    @Option(help: "Who acknowledged it for the auditee.")
    var by: String

    @Option(help: "When (YYYY-MM-DD or today; default today).")
    var date: CalendarDate = .today

    @Option(help: "What the auditee said.")
    var comment: String = ""

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        try file.changeReportFacts(context: Invocation.context()) { facts in
            facts.acknowledgedBy = by
            facts.acknowledgedOn = date
            facts.acknowledgement = comment
        }
        Console.print("acknowledged by \(by) on \(date)")
    }
}
