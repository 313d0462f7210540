import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport
import AuditStore
import Foundation

/// `qmsaudit init`: create an audit file.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an audit file from a checklist, or from an audit of the programme.",
        discussion: """
            The checklist is copied into the file with its SHA-256, so later edits of the \
            template never change this audit. The file is created whole or not at all, and an \
            existing file is never overwritten.

            With --programme and --audit-id the audit is made from the programme's plan: the \
            organisation, the scope (its processes and clauses), the checklist cut down to \
            them, the sites, the lead and the team, and the type; the file remembers the \
            programme, so 'qmsaudit programme attach' knows where it belongs. A lead whose \
            own process is in scope is refused (exit 1) unless --allow-own-process --reason \
            says why.

            With --from-json the audit file is rebuilt from a 'qmsaudit export --format json' \
            document: the same audit, with its journal, checked event by event against its \
            hash chain, and its checklist against its SHA-256. A problem refuses the whole \
            rebuild at its line and column; nothing is created.

            Examples:
              qmsaudit init --checklist iso9001-2015 --org "Acme Widgets Ltd" \\
                --scope "Design-free manufacture of widgets" --site Leeds \\
                --auditor "J. Smith"
              qmsaudit init --checklist my-overlay.yaml --org Acme \\
                --scope "Leeds site" --out leeds.qmsaudit
              qmsaudit init --programme acme.qmsprog --audit-id IA-2027-03 \\
                --out ia-2027-03.qmsaudit
              qmsaudit init --from-json acme-2026.json --out acme-2026.qmsaudit
            """
    )

    @Option(
        help: ArgumentHelp(
            "The checklist: a known id (see 'qmsaudit checklist list') or a YAML file.",
            valueName: "id-or-file"))
    var checklist: String?

    @Option(help: "The organisation audited.")
    var org: String?

    @Option(help: "The audit scope: processes, products and activities covered.")
    var scope: String?

    @Option(help: "A site covered by the audit (repeatable).")
    var site: [String] = []

    @Option(
        help: ArgumentHelp(
            "internal, stage1-readiness, stage1, stage2, surveillance, recertification,"
                + " supplier or other."))
    var type: AuditType?

    @Option(help: "An auditor, lead auditor first (repeatable).")
    var auditor: [String] = []

    @Option(
        help: ArgumentHelp(
            "Make the audit from this programme's plan.", valueName: "file-or-address"))
    var programme: String?

    @Option(help: "The planned audit to make (with --programme).")
    var auditId: String?

    @Flag(help: "Let the lead audit their own process (with --reason).")
    var allowOwnProcess = false

    @Option(help: "Why the lead may audit their own process here.")
    var reason: String?

    @Option(
        help: ArgumentHelp(
            "Carry an audit on the superseded checklist over to --checklist: answers (to be"
                + " confirmed), evidence, links and open nonconformities.",
            valueName: "old-audit"))
    var carryOver: String?

    @Option(
        help: ArgumentHelp(
            "Rebuild the audit file from a whole-audit JSON export.", valueName: "file"))
    var fromJson: String?

    @Option(help: ArgumentHelp("Where to create the audit file.", valueName: "file"))
    var out: String = AuditFileOptions.defaultPath

    func validate() throws {
        if fromJson != nil {
            guard checklist == nil, org == nil, scope == nil, programme == nil, carryOver == nil,
                site.isEmpty, auditor.isEmpty, type == nil
            else {
                throw ValidationError(
                    "--from-json takes everything from the export; give only --out with it")
            }
            return
        }
        if carryOver != nil {
            guard checklist != nil, programme == nil else {
                throw ValidationError(
                    "--carry-over needs --checklist (the new edition's), and no --programme")
            }
            return
        }
        if programme != nil || auditId != nil {
            guard programme != nil, auditId != nil else {
                throw ValidationError("--programme and --audit-id go together")
            }
            if org != nil || scope != nil {
                throw ValidationError("--org and --scope come from the programme")
            }
        } else {
            guard checklist != nil, org != nil, scope != nil else {
                throw ValidationError(
                    "give --checklist, --org and --scope (or --programme FILE --audit-id ID)")
            }
        }
        if let org, org.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--org must not be empty")
        }
        if let scope, scope.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--scope must not be empty")
        }
        if allowOwnProcess && (reason ?? "").trimmingWhitespace().isEmpty {
            throw ValidationError(
                "--allow-own-process needs --reason (it is journaled and reported)")
        }
    }

    func run() throws {
        if let fromJson {
            let (file, summary) = try AuditFile.create(at: out, fromJSON: fromJson)
            let info = try file.info()
            Console.print(
                """
                created \(out) from \(fromJson): \(info.organisation), checklist \
                \(info.checklistID) revision \(info.checklistRevision)
                \(summary.rows("responses").counted("answer")), \
                \(summary.rows("findings").counted("finding")), \
                \(summary.rows("evidence").counted("evidence record")); \
                journal verified (\(summary.journalEvents.counted("event")))
                """)
            return
        }
        if let carryOver {
            try carry(from: carryOver)
            return
        }
        let made: (audit: AuditFile.NewAudit, checklist: Checklist)
        if let programme, let auditId {
            made = try fromProgramme(programme, auditId)
        } else {
            made = (
                AuditFile.NewAudit(
                    organisation: org ?? "", scope: scope ?? "", sites: site,
                    type: type ?? .internal, auditors: auditor),
                try ChecklistCatalog.checklist(checklist ?? "")
            )
        }
        let file = try AuditFile.create(
            at: out, audit: made.audit, checklist: made.checklist, context: Invocation.context())
        let info = try file.info()
        Console.print(
            """
            created \(out): \(info.organisation), checklist \(info.checklistID) revision \
            \(info.checklistRevision) (\(made.checklist.items.count.counted("item")))
            checklist sha256 \(info.checklistSHA256)
            next: qmsaudit run --audit \(out)
            """)
    }

    /// A new audit on `--checklist` with what the audit at `old` holds carried over; the
    /// organisation, scope, sites, type and auditors are the old audit's unless given.
    private func carry(from old: String) throws {
        var audit = AuditFile.NewAudit(continuing: try AuditFile.open(at: old).info())
        audit.organisation = org ?? audit.organisation
        audit.scope = scope ?? audit.scope
        audit.type = type ?? audit.type
        if !site.isEmpty { audit.sites = site }
        if !auditor.isEmpty { audit.auditors = auditor }
        let checklist = try ChecklistCatalog.checklist(self.checklist ?? "")
        let (file, outcome) = try AuditFile.create(
            at: out, audit: audit, checklist: checklist, carryingOver: old,
            context: Invocation.context())
        let info = try file.info()
        Console.print(
            """
            created \(out): \(info.organisation), checklist \(info.checklistID) revision \
            \(info.checklistRevision) (\(checklist.items.count.counted("item")))\
            \(checklist.isDraft ? " — a DRAFT edition: check it against the published standard" : "")
            checklist sha256 \(info.checklistSHA256)
            """)
        Console.print(CarryOverRenderer.summary(outcome, from: old, checklist: checklist))
        Console.print("next: qmsaudit answer list --carried --audit \(out)")
    }

    /// The audit the programme plans as `auditId`: its scope, checklist and team.
    private func fromProgramme(_ path: String, _ auditId: String) throws -> (
        AuditFile.NewAudit, Checklist
    ) {
        let programme = try ProgrammeFileOptions.open(path)
        let state = try programme.state()
        guard let planned = state.plannedAudit(auditId) else {
            throw ProgrammeError.refused(
                "\(path) plans no audit '\(auditId)'; see 'qmsaudit programme audit list'")
        }
        let lead = auditor.first ?? planned.lead
        let own = state.ownProcesses(of: lead, in: planned)
        let reasonGiven = allowOwnProcess ? reason ?? "" : planned.ownProcessReason
        if !own.isEmpty && reasonGiven.trimmingWhitespace().isEmpty {
            throw ProgrammeError.impartiality(
                "\(lead) would lead \(planned.id) and works in "
                    + own.map { "'\($0.name)'" }.joined(separator: ", ")
                    + ", in its scope: auditors do not audit their own work (9.2.2 c); choose"
                    + " another lead (--auditor), or give --allow-own-process --reason …")
        }
        var base = try checklist.map { try ChecklistCatalog.checklist($0) } ?? programme.checklist()
        let scopeClauses = planned.scope(state.processes)
        if !scopeClauses.isEmpty { base = base.restricted(to: scopeClauses) }
        let names = state.processes.filter { planned.processes.contains($0.id) }.map(\.name)
        var scopeText = "\(planned.id): " + (names.isEmpty ? "" : names.joined(separator: ", "))
        if !scopeClauses.isEmpty {
            scopeText +=
                (names.isEmpty ? "" : "; ") + "clauses "
                + scopeClauses.map(\.description).joined(separator: ", ")
        }
        let team = auditor.isEmpty ? [planned.lead] + planned.team : auditor
        let audit = AuditFile.NewAudit(
            organisation: state.info.organisation, scope: scopeText,
            sites: site.isEmpty ? planned.sites : site,
            type: type ?? AuditType(rawValue: planned.type.rawValue) ?? .internal,
            auditors: team.filter { !$0.isEmpty },
            programme: ProgrammeLink(
                programmeID: state.info.id, auditID: planned.id,
                ownProcessReason: own.isEmpty ? "" : reasonGiven,
                nextVisit: planned.type.isCertificationBody ? state.nextVisit(after: planned) : nil)
        )
        return (audit, base)
    }
}
