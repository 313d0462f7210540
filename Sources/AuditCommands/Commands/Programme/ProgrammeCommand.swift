import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport
import AuditStore
import Foundation

/// `qmsaudit programme`: the audit programme and the certification cycle.
struct ProgrammeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme",
        abstract: "The audit programme: processes, auditors, planned audits, the certification"
            + " cycle, and views across every audit.",
        discussion: """
            A programme is one file (default ./programme.qmsprog, or $QMSAUDIT_PROGRAMME, or \
            --programme FILE) above the audit files — or a PostgreSQL database a team shares \
            (--programme postgresql://USER@HOST/DB): the organisation's processes mapped to \
            clauses, its auditors and the processes they may not audit, the audits planned \
            over the cycle, the certification body's dates, and what each attached audit file \
            holds. Every change is one transaction and one event of its hash-chained journal.

            Examples:
              qmsaudit programme init --org "Acme Widgets Ltd" --scope "Widgets, Leeds"
              qmsaudit programme process add Purchasing --clauses 8.4,7.1.6 --owner "R. Patel"
              qmsaudit programme auditor add "J. Smith" --processes quality
              qmsaudit programme plan --start 2027-01-01 --apply
              qmsaudit init --programme programme.qmsprog --audit-id IA-2027-01 \\
                --out ia-2027-01.qmsaudit
              qmsaudit programme attach ia-2027-01.qmsaudit
              qmsaudit programme coverage --cycle 2027
            """,
        subcommands: [
            ProgrammeInitCommand.self, ProgrammeProcessCommand.self,
            ProgrammeAuditorCommand.self, ProgrammeAuditCommand.self, ProgrammePlanCommand.self,
            ProgrammeCycleCommand.self, ProgrammeAttachCommand.self, ProgrammePullCommand.self,
            ProgrammeStatusCommand.self,
            ProgrammeCoverageCommand.self, ProgrammeFindingsCommand.self,
            ProgrammeReviewInputCommand.self, ProgrammePackCommand.self, ProgrammeLogCommand.self,
            ProgrammeExportCommand.self, ProgrammeImportCommand.self, ProgrammeSQLCommand.self,
        ]
    )

    /// `8.4,7.1.6` as clause numbers.
    static func clauses(_ text: [String]) throws -> [ClauseNumber] {
        try text.flatMap { $0.split(separator: ",") }.map {
            let trimmed = $0.trimmingCharacters(in: .whitespaces)
            guard let clause = ClauseNumber(trimmed) else {
                throw ValidationError("'\(trimmed)' is not a clause number")
            }
            return clause
        }
    }

    /// `purchasing, production` as a list.
    static func list(_ text: [String]) -> [String] {
        text.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }
}

/// `qmsaudit programme init`.
struct ProgrammeInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a programme file.",
        discussion: """
            The programme plans against a checklist (default iso9001-2015), copied into the \
            file: its clauses are what coverage is measured on. The file is created whole or \
            not at all, and an existing file is never overwritten.

            Example:
              qmsaudit programme init --org "Acme Widgets Ltd" --scope "Widgets, Leeds" \\
                --out acme.qmsprog
            """)

    @Option(help: "The organisation.")
    var org: String

    @Option(help: "The scope of the quality management system.")
    var scope: String

    @Option(help: ArgumentHelp("The checklist planned against.", valueName: "id-or-file"))
    var checklist = "iso9001-2015"

    @Option(
        help: ArgumentHelp(
            "Where to create the programme: a new file, or an empty PostgreSQL database as"
                + " postgresql://USER@HOST/DB.", valueName: "file-or-address"))
    var out = ProgrammeFileOptions.defaultPath

    func validate() throws {
        if org.trimmingWhitespace().isEmpty { throw ValidationError("--org must not be empty") }
        if scope.trimmingWhitespace().isEmpty {
            throw ValidationError("--scope must not be empty")
        }
    }

    func run() throws {
        let file = try ProgrammeFileOptions.create(
            out, organisation: org, scope: scope,
            checklist: try ChecklistCatalog.checklist(checklist), context: Invocation.context())
        let info = try file.info()
        Console.print(
            "created \(file.path): the programme of \(info.organisation)\n"
                + "next: qmsaudit programme process add NAME --clauses … --programme \(out)")
    }
}

/// `qmsaudit programme process add|edit|list`.
struct ProgrammeProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process", abstract: "The organisation's processes, mapped to clauses.",
        subcommands: [Add.self, Edit.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a process.",
            discussion: """
                Example:
                  qmsaudit programme process add Purchasing --clauses 8.4,7.1.6 \\
                    --owner "R. Patel" --high-risk
                """)

        @Argument(help: "The process's name; its id is made from it (Purchasing → purchasing).")
        var name: String

        @Option(help: "The clauses it answers for, e.g. 8.4,7.1.6 (repeatable).")
        var clauses: [String] = []

        @Option(help: "Who owns it.")
        var owner = ""

        @Flag(help: "Audit it more often: important to conformity, changed, or troubled.")
        var highRisk = false

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            let process = ProgrammeProcess(
                id: ProgrammeProcess.slug(name), name: name,
                clauses: try ProgrammeCommand.clauses(clauses), owner: owner, highRisk: highRisk)
            let file = try programme.open()
            if try file.state().processes.contains(where: { $0.id == process.id }) {
                throw ValidationError(
                    "there is a process '\(process.id)' already; change it with 'qmsaudit"
                        + " programme process edit \(process.id)'")
            }
            try file.saveProcess(process, expecting: .absent, context: Invocation.context())
            Console.print(
                "\(process.id): \(process.name), clauses "
                    + process.clauses.map(\.description).joined(separator: ", "))
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change a process.")

        @Argument(help: "The process's id.")
        var id: String

        @Option(help: "A new name.")
        var name: String?

        @Option(help: "The clauses it answers for (replaces the list).")
        var clauses: [String] = []

        @Option(help: "Who owns it.")
        var owner: String?

        @Option(help: "yes or no: audit it more often.")
        var highRisk: String?

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            let file = try programme.open()
            guard let read = try file.state().processes.first(where: { $0.id == id }) else {
                throw ProgrammeError.refused("there is no process '\(id)'")
            }
            var process = read
            if let name { process.name = name }
            if !clauses.isEmpty { process.clauses = try ProgrammeCommand.clauses(clauses) }
            if let owner { process.owner = owner }
            if let highRisk {
                process.highRisk = ["yes", "y", "true"].contains(highRisk.lowercased())
            }
            let unchanged =
                try file.saveProcess(
                    process, expecting: .unchanged(read), context: Invocation.context()) != nil
            Console.print("\(process.id): " + (unchanged ? "unchanged" : "saved"))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the processes.")

        @Option(help: "table, json, csv or md.")
        var format: OutputFormat = .table

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            Console.write(ProgrammeRenderer.processes(try programme.open().state(), format: format))
        }
    }
}

/// `qmsaudit programme auditor add|list`.
struct ProgrammeAuditorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auditor", abstract: "The auditors, and the processes they may not audit.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an auditor, or change one.",
            discussion: """
                An auditor does not audit their own work (9.2.2 c): --processes names the \\
                processes they work in, and an audit of them led by this auditor is refused \\
                unless a reason is recorded.

                Example:
                  qmsaudit programme auditor add "R. Patel" --processes purchasing \\
                    --competence "ISO 9001 internal auditor course, 2025"
                """)

        @Argument(help: "The auditor's name, as audit files name their auditors.")
        var name: String

        @Option(help: "Processes they work in, by id (comma-separated or repeated).")
        var processes: [String] = []

        @Option(help: "Training, qualifications and experience.")
        var competence = ""

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            let auditor = ProgrammeAuditor(
                name: name, processes: ProgrammeCommand.list(processes), competence: competence)
            let unchanged =
                try programme.open().saveAuditor(auditor, context: Invocation.context()) != nil
            Console.print("\(name): " + (unchanged ? "unchanged" : "saved"))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the auditors.")

        @Option(help: "table, json, csv or md.")
        var format: OutputFormat = .table

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            Console.write(ProgrammeRenderer.auditors(try programme.open().state(), format: format))
        }
    }
}

/// `qmsaudit programme audit add|edit|list`: the planned audits.
struct ProgrammeAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audits planned in the programme.",
        subcommands: [Add.self, Edit.self, List.self])

    /// The options an audit is planned with.
    struct Plan: ParsableArguments {
        @Option(help: "internal, stage1, stage2, surveillance, recertification, supplier, other.")
        var type: ProgrammeAuditType?

        @Option(help: "Processes in scope, by id (comma-separated; replaces the list).")
        var processes: [String] = []

        @Option(help: "Clauses in scope beyond the processes' (comma-separated).")
        var clauses: [String] = []

        @Option(help: "Sites (comma-separated).")
        var sites: [String] = []

        @Option(help: "The planned date (YYYY-MM-DD).")
        var date: CalendarDate?

        @Option(help: "The lead auditor.")
        var lead: String?

        @Option(help: "Another member of the team (repeatable; replaces the list).")
        var team: [String] = []

        func apply(to audit: inout PlannedAudit) throws {
            if let type { audit.type = type }
            if !processes.isEmpty { audit.processes = ProgrammeCommand.list(processes) }
            if !clauses.isEmpty { audit.clauses = try ProgrammeCommand.clauses(clauses) }
            if !sites.isEmpty { audit.sites = ProgrammeCommand.list(sites) }
            if let date { audit.planned = date }
            if let lead { audit.lead = lead }
            if !team.isEmpty { audit.team = team }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Plan an audit.",
            discussion: """
                Examples:
                  qmsaudit programme audit add --id IA-2027-03 --type internal \\
                    --processes purchasing --date 2027-03-10 --lead "J. Smith"
                  qmsaudit programme audit add --id S2-2027 --type stage2 \\
                    --clauses 4,5,6,7,8,9,10 --date 2027-05-18 --lead "CB lead auditor"
                """)

        @Option(help: "The audit's id, e.g. IA-2027-03.")
        var id: String

        @OptionGroup var plan: Plan

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            let file = try programme.open()
            if try file.state().plannedAudit(id) != nil {
                throw ValidationError(
                    "there is an audit '\(id)' already; change it with 'qmsaudit programme audit"
                        + " edit \(id)'")
            }
            var audit = PlannedAudit(id: id, type: .internal)
            try plan.apply(to: &audit)
            try file.savePlannedAudits(
                [audit], expecting: [audit.id: .absent], context: Invocation.context())
            Console.print(
                "\(audit.id): \(audit.type.rawValue)"
                    + (audit.planned.map { " on \($0)" } ?? ", not dated yet"))
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change a planned audit.")

        @Argument(help: "The audit's id.")
        var id: String

        @OptionGroup var plan: Plan

        @Option(help: "planned, in-progress, done or cancelled.")
        var status: PlannedAuditStatus?

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            let file = try programme.open()
            guard let read = try file.state().plannedAudit(id) else {
                throw ProgrammeError.refused("the programme plans no audit '\(id)'")
            }
            var audit = read
            try plan.apply(to: &audit)
            if let status { audit.status = status }
            try file.savePlannedAudits(
                [audit], expecting: [read.id: .unchanged(read)], context: Invocation.context())
            Console.print("\(audit.id): saved")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the planned audits.")

        @Option(help: "table, json, csv or md.")
        var format: OutputFormat = .table

        @OptionGroup var programme: ProgrammeFileOptions

        func run() throws {
            let planned = try programme.open().state().planned.sorted {
                ($0.planned ?? CalendarDate(day: .max), $0.id)
                    < ($1.planned ?? CalendarDate(day: .max), $1.id)
            }
            Console.write(ProgrammeRenderer.plan(planned, format: format))
        }
    }
}

/// `qmsaudit programme plan`: propose a cycle of audits.
struct ProgrammePlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Propose the audits of a cycle; --apply adds them.",
        discussion: """
            Every process is audited once in the cycle; high-risk processes and those with \
            open or repeated nonconformities twice (the second in the second half); the \
            clauses no process answers for in one audit of the system. The audits are spread \
            evenly over the cycle, each led by an auditor who does not work in what they \
            audit. Without --apply nothing is changed; edit the audits afterwards with \
            'qmsaudit programme audit edit'.

            Example:
              qmsaudit programme plan --start 2027-01-01 --months 12 --apply
            """)

    @Option(help: "The first day of the cycle (default today).")
    var start: CalendarDate = .today

    @Option(help: "The length of the cycle in months, 12 to 36.")
    var months = 12

    @Flag(help: "Add the proposed audits to the programme.")
    var apply = false

    @Option(help: "table, json, csv or md.")
    var format: OutputFormat = .table

    @OptionGroup var programme: ProgrammeFileOptions

    func validate() throws {
        guard (1...36).contains(months) else {
            throw ValidationError("--months is 1 to 36 (a certification cycle is three years)")
        }
    }

    func run() throws {
        let file = try programme.open()
        let proposal = ProgrammePlanner.propose(
            try file.state(), start: start, months: months, today: .today)
        Console.write(ProgrammeRenderer.plan(proposal, format: format))
        if apply {
            try file.savePlannedAudits(
                proposal,
                expecting: Dictionary(
                    proposal.map { ($0.id, .absent) }, uniquingKeysWith: { first, _ in first }),
                context: Invocation.context())
            Console.printError("\(proposal.count.counted("audit")) added to the programme")
        } else if format == .table {
            Console.printError("a proposal only: add them with --apply")
        }
    }
}

/// `qmsaudit programme cycle`: the certification body's dates.
struct ProgrammeCycleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle", abstract: "Record or show the certification body's dates.",
        discussion: """
            Surveillance audits are due within 12 months of the certification decision, then \
            yearly; recertification before the certificate expires (three years after the \
            decision unless --expiry says otherwise). Dates that contradict each other are \
            refused, naming the field.

            Example:
              qmsaudit programme cycle --body "Certa Ltd" --certificate Q-12345 \\
                --stage1 2027-03-02 --stage2 2027-04-20 --decision 2027-05-14
            """)

    @Option(help: "The certification body.")
    var body: String?

    @Option(help: "The certificate's number.")
    var certificate: String?

    @Option(help: "The Stage 1 date.")
    var stage1: CalendarDate?

    @Option(help: "The Stage 2 date.")
    var stage2: CalendarDate?

    @Option(help: "The certification decision's date.")
    var decision: CalendarDate?

    @Option(help: "The certificate's expiry.")
    var expiry: CalendarDate?

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let file = try programme.open()
        let read = try file.state().cycle
        var cycle = read
        let changing =
            body != nil || certificate != nil || stage1 != nil || stage2 != nil
            || decision != nil || expiry != nil
        if changing {
            if let body { cycle.body = body }
            if let certificate { cycle.certificate = certificate }
            if let stage1 { cycle.stage1 = stage1 }
            if let stage2 { cycle.stage2 = stage2 }
            if let decision { cycle.decision = decision }
            if let expiry { cycle.expiry = expiry }
            try file.saveCycle(cycle, expecting: .unchanged(read), context: Invocation.context())
        }
        var lines = [
            "certification body: \(cycle.body.isEmpty ? "(not recorded)" : cycle.body)",
            "certificate: \(cycle.certificate.isEmpty ? "(none yet)" : cycle.certificate)",
            "stage 1: \(cycle.stage1?.description ?? "—")   stage 2: \(cycle.stage2?.description ?? "—")"
                + "   decision: \(cycle.decision?.description ?? "—")"
                + "   expiry: \(cycle.effectiveExpiry?.description ?? "—")",
        ]
        lines += cycle.dues.map { "\($0.what) due by \($0.by)" }
        Console.print(lines.joined(separator: "\n"))
    }
}

/// `qmsaudit programme attach FILE…`.
struct ProgrammeAttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Bring audit files into the programme: their answers, findings and actions.",
        discussion: """
            Each file is checked first — its journal chain intact, the same organisation, \
            made for this programme (or named with --audit-id), not another file's audit — \
            and brought in in one transaction; attaching the same file again changes nothing, \
            and again after more work brings the new state in. A copy changed apart from the \
            one attached (two laptops editing one audit) is refused, naming the first event \
            that differs. Auditors do not audit their own processes: a lead whose process is \
            in scope is refused (exit 1) unless --allow-own-process --reason says why. \
            Corrective actions followed on the programme since (qmsaudit action … --audit-id) \
            keep the programme's record; one the file changed too is refused, naming both \
            states, unless --replace-moved-actions lets the file's record replace it.

            Examples:
              qmsaudit programme attach ia-2027-01.qmsaudit ia-2027-02.qmsaudit
              qmsaudit programme attach old-audit.qmsaudit --audit-id IA-2026-07
            """)

    @Argument(help: "The audit files.")
    var files: [String]

    @Option(help: "The planned audit a file not made from the programme belongs to.")
    var auditId: String?

    @Flag(help: "Let the lead audit their own process (with --reason).")
    var allowOwnProcess = false

    @Option(help: "Why the lead may audit their own process here.")
    var reason: String?

    @Flag(
        help: ArgumentHelp(
            "Where the file and the programme both moved a corrective action since the last"
                + " attach, take the file's record."))
    var replaceMovedActions = false

    @OptionGroup var programme: ProgrammeFileOptions

    func validate() throws {
        if allowOwnProcess && (reason ?? "").trimmingWhitespace().isEmpty {
            throw ValidationError(
                "--allow-own-process needs --reason (it is journaled and reported)")
        }
        if auditId != nil && files.count > 1 {
            throw ValidationError("--audit-id names the audit of one file")
        }
    }

    func run() throws {
        let file = try programme.open()
        for path in files {
            let audit = try AuditFile.open(at: path)
            let outcome = try file.attach(
                audit, as: auditId, ownProcessReason: allowOwnProcess ? reason : nil,
                replaceMovedActions: replaceMovedActions, context: Invocation.context())
            let what: String
            switch outcome.change {
            case .attached: what = "attached"
            case .updated(let events): what = "updated (\(events.counted("new event")))"
            case .unchanged: what = "unchanged (attached before with this history)"
            case .older(let programme, let file):
                what =
                    "unchanged: the programme holds a later state (\(programme) events; the file"
                    + " has \(file))"
            }
            var line =
                "\(path) → \(outcome.auditID): \(what); \(outcome.answers.counted("answer")),"
                + " \(outcome.findings.counted("finding")),"
                + " \(outcome.evidence.counted("evidence record"))"
            if outcome.followedActions > 0 {
                line +=
                    "; \(outcome.followedActions.counted("corrective action")) followed on the"
                    + " programme kept"
            }
            Console.print(line)
        }
    }
}

/// `qmsaudit programme pull FILE…`.
struct ProgrammePullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Bring the corrective actions the team followed on the programme back into"
            + " audit files.",
        discussion: """
            For audit files attached before: each corrective action moved on the programme \
            since (qmsaudit action … --audit-id) replaces the file's record, in one \
            transaction per file, each a journal event of the file — so its NC report, audit \
            report and pack show where the actions stand. A record the file changed too since \
            it was last attached is refused, naming both states, unless \
            --replace-file-actions lets the programme's record win; nothing of that file is \
            changed then. Attaching the file afterwards finds the two the same.

            Example:
              qmsaudit programme pull ia-2027-01.qmsaudit
            """)

    @Argument(help: "The audit files.")
    var files: [String]

    @Flag(
        help: ArgumentHelp(
            "Where the file and the programme both moved a corrective action since the last"
                + " attach, take the programme's record."))
    var replaceFileActions = false

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let store = try programme.open()
        for path in files {
            let (auditID, taken) = try store.pullActions(
                into: try AuditFile.open(at: path), replace: replaceFileActions,
                context: Invocation.context())
            Console.print(
                "\(path) ← \(auditID): "
                    + (taken.isEmpty
                        ? "nothing to bring in (the file holds what the programme does)"
                        : "\(taken.count.counted("corrective action")) brought in ("
                            + taken.joined(separator: ", ") + ")"))
        }
    }
}

/// `qmsaudit programme status`.
struct ProgrammeStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Next and overdue audits, open findings and overdue actions across every"
            + " audit, and the certification dates.")

    @Option(help: "The day it is judged on (default today).")
    var asOf: CalendarDate = .today

    @Option(help: "table, json, csv or md.")
    var format: OutputFormat = .table

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let status = ProgrammeStatus(try programme.open().state(), today: asOf)
        Console.write(ProgrammeRenderer.status(status, format: format))
    }
}

/// `qmsaudit programme coverage`.
struct ProgrammeCoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Every clause and process, and the audits of the cycle that covered it.",
        discussion: """
            A clause is covered by an attached audit that answered one of its items, and \
            planned when a planned audit's scope holds it; a process is covered by an audit \
            planned on it (or on clauses only) that answered one of its clauses' items. What \
            no audit of the cycle covers or plans is flagged UNCOVERED: the evidence 9.2.2 a) \
            asks for.

            Example:
              qmsaudit programme coverage --cycle 2027 --format md
            """)

    @Option(help: "The cycle: audits dated in this year (default every audit).")
    var cycle: Int?

    @Option(help: "table, json, csv or md.")
    var format: OutputFormat = .table

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let coverage = ProgrammeCoverage(try programme.open().state(), year: cycle)
        Console.write(ProgrammeRenderer.coverage(coverage, format: format))
    }
}

/// `qmsaudit programme findings`.
struct ProgrammeFindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "Every finding of every attached audit, repeats flagged.",
        discussion: """
            A finding repeats an earlier one from another audit within the last 12 months \
            on the same clause, or on the same process and subclause (8.4.1 and 8.4.2 under \
            Purchasing); nonconformities and observations. \
            Repeats are counted by clause.

            Example:
              qmsaudit programme findings --state open --grade minor
            """)

    @Option(help: "Only findings on this clause or below it.")
    var clause: ClauseNumber?

    @Option(help: "Only findings on this process's clauses.")
    var process: String?

    @Option(help: "Only this grade.")
    var grade: String?

    @Option(help: "open, closed or all.")
    var state = "all"

    @Flag(help: "Only repeat findings.")
    var repeats = false

    @Option(help: "The day overdue is judged on (default today).")
    var asOf: CalendarDate = .today

    @Option(help: "table, json, csv or md.")
    var format: OutputFormat = .table

    @OptionGroup var programme: ProgrammeFileOptions

    func validate() throws {
        guard ["open", "closed", "all"].contains(state) else {
            throw ValidationError("--state is open, closed or all")
        }
    }

    func run() throws {
        let findings = ProgrammeFindings(try programme.open().state(), today: asOf)
        let entries = findings.entries.filter { entry in
            (clause.map { $0.contains(entry.finding.clause) } ?? true)
                && (process.map { entry.processes.contains($0) } ?? true)
                && (grade.map { $0.lowercased() == entry.finding.grade.lowercased() } ?? true)
                && (state == "all" || (state == "open") == entry.isOpen)
                && (!repeats || !entry.repeats.isEmpty)
        }
        Console.write(
            ProgrammeRenderer.findings(
                entries, repeatsByClause: findings.repeatsByClause, format: format))
    }
}

/// `qmsaudit programme review-input`.
struct ProgrammeReviewInputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-input",
        abstract: "The management review input the audits can give (9.3.2), with trends.",
        discussion: """
            Each input 9.3.2 lists, with the programme's data where it has some and "no data" \
            where it has none; findings per quarter by grade (an inline SVG chart in html), \
            findings by clause and year.

            Example:
              qmsaudit programme review-input --format html --out review-input.html
            """)

    @Option(help: "md, html or json.")
    var format: ReviewInputDocument.Format = .md

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: "The day it is judged on (default today).")
    var asOf: CalendarDate = .today

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let text = ReviewInputDocument(ReviewInput(try programme.open().state(), today: asOf))
            .render(format)
        guard let out else {
            Console.write(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandError.cannotWrite(path: out, reason: error.localizedDescription)
        }
        Console.printError("\(out): management review input")
    }
}

/// `qmsaudit programme log`.
struct ProgrammeLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the programme's journal, or check its hash chain.")

    @Flag(help: "Recompute the hash chain; exit 1 if it is broken.")
    var verify = false

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let file = try programme.open()
        if verify {
            let result = try file.verifyJournal()
            if let problem = result.problem {
                Console.printError("journal check failed: \(problem)")
                throw ExitCode(1)
            }
            Console.print(
                "journal intact: \(result.events.counted("event")), head \(result.head.prefix(16))…"
            )
            return
        }
        Console.write(JournalRenderer.render(try file.journal(), format: format))
    }
}
