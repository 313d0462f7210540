import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit finding`: nonconformities, observations and opportunities for improvement.
struct FindingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finding",
        abstract: "Raise, list, complete and withdraw findings.",
        discussion: """
            A nonconformity statement has three parts: the requirement, the objective \
            evidence, and how the requirement is not met. A minor or major answer opens a \
            draft at once (its note is the first draft of the statement); drafts count \
            against readiness and keep the NC report from its final form until they are \
            completed or withdrawn. Grades come from the checklist's policy.
            """,
        subcommands: [
            FindingAddCommand.self, FindingListCommand.self, FindingShowCommand.self,
            FindingEditCommand.self, FindingWithdrawCommand.self,
        ]
    )
}

/// `qmsaudit finding add`.
struct FindingAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Raise a finding against an item or a clause.",
        discussion: """
            Evidence ids named in --evidence (EV-0012) are checked and cited. A nonconformity \
            gets a corrective-action record, due after the grade's days in the checklist's \
            policy (90 by default). A part left out makes the finding a draft.

            In a certification body's audit (init --type stage1, stage2, surveillance or \
            recertification) record its findings with its own number (--reference) and the \
            deadline it set for the correction and corrective action (--due; by default 90 \
            days, which suits a major; a minor is usually due by the next visit).

            Examples:
              qmsaudit finding add --item 7.1.5.2-1 --grade minor \\
                --requirement "7.1.5.2: equipment is calibrated at set intervals" \\
                --evidence "Calibration register EV-0012: G-14, G-22 overdue" \\
                --statement "Two of eight gauges on line 2 were past calibration"
              qmsaudit finding add --clause 9.1.3 --grade ofi \\
                --statement "Trend the scrap rate by shift"
              qmsaudit finding add --clause 8.4.1 --grade minor --reference S2-NC-02 \\
                --due 2027-09-30 --requirement "8.4.1" --evidence "…" --statement "…"
            """
    )

    @Option(help: "The item the finding is raised against.")
    var item: String?

    @Option(help: "The clause, when no item is named.")
    var clause: ClauseNumber?

    @Option(help: "A grade of the checklist's policy: major, minor, observation, ofi by default.")
    var grade: String

    @Option(help: "The requirement not met: clause and criterion.")
    var requirement: String = ""

    @Option(help: "The objective evidence: what was seen, read or heard, with EV ids.")
    var evidence: String = ""

    @Option(help: "How the requirement is not met (for other grades: what was noted).")
    var statement: String = ""

    @Option(help: "The certification body's own number for the finding.")
    var reference: String?

    @Option(help: "The deadline for the corrective action, when the certification body sets one.")
    var due: CalendarDate?

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        let finding = try file.raise(
            AuditFile.NewFinding(
                grade: grade, itemID: item, clause: clause, requirement: requirement,
                evidence: evidence, statement: statement, reference: reference, due: due),
            context: Invocation.context())
        let register = try file.findingRegister()
        var lines = [
            "\(finding.id) raised: \(finding.grade) against clause \(finding.clause)"
                + (finding.itemID.map { " (item \($0))" } ?? "")
                + (finding.reference.map { "; the certification body's number \($0)" } ?? "")
        ]
        if let action = register.actions[finding.id] {
            lines.append("corrective action due \(action.due): qmsaudit action show \(finding.id)")
        }
        lines += FindingNotices.draftLines(for: [finding])
        lines += FindingNotices.hintLines(
            register: register, policy: try file.checklist().policy.findings,
            touching: [finding.id])
        Console.print(lines.joined(separator: "\n"))
    }
}

/// `qmsaudit finding list`.
struct FindingListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the findings, with the state of each corrective action.",
        discussion: """
            Statuses: draft (a part of the statement is missing), open (a nonconformity whose \
            corrective action is not closed), closed, recorded (an observation or OFI), \
            withdrawn. Three or more minors against one clause bring a hint.

            Examples:
              qmsaudit finding list
              qmsaudit finding list --status draft
              qmsaudit finding list --grade major --format json
            """
    )

    @Option(help: "Only findings of this grade.")
    var grade: String?

    @Option(help: "Only findings for this clause or a clause below it.")
    var clause: ClauseNumber?

    @Option(help: "Only findings with this status: draft, open, closed, recorded, withdrawn.")
    var status: FindingStatus?

    @Option(help: "table, json, csv or md.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        let register = try file.findingRegister()
        let policy = try file.checklist().policy.findings
        var findings = register.findings
        if let grade {
            guard let known = policy.grade(named: grade) else {
                throw ValidationError(
                    "unknown grade '\(grade)'; this checklist's grades are \(policy.gradeNames)")
            }
            findings = findings.filter { $0.grade == known.id }
        }
        if let clause { findings = findings.filter { clause.contains($0.clause) } }
        if let status { findings = findings.filter { register.status(of: $0) == status } }
        Console.print(
            FindingRenderer.list(findings, register: register, policy: policy, format: format))
    }
}

/// `qmsaudit finding show ID`.
struct FindingShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one finding in full.")

    @Argument(help: "The finding, e.g. NC-001.")
    var id: String

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if format != .table && format != .json {
            throw ValidationError("'finding show' prints table or json")
        }
    }

    func run() throws {
        let file = try audit.open()
        let register = try file.findingRegister()
        guard let finding = register.finding(id) else { throw AuditStoreError.unknownFinding(id) }
        if format == .json {
            Console.write(FindingRenderer.detailJSON(finding, register: register))
            return
        }
        Console.print(
            FindingRenderer.detail(
                finding, register: register, policy: try file.checklist().policy.findings,
                evidenceTitles: try FindingNotices.evidenceTitles(finding.evidenceIDs, in: file)))
    }
}

/// `qmsaudit finding edit ID`.
struct FindingEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Complete or change a finding's statement, or regrade it.",
        discussion: """
            A regrade keeps the number, so it stays within the grade's prefix: a minor may \
            become a major, but a nonconformity never an observation (withdraw it and raise \
            a new one).

            Examples:
              qmsaudit finding edit NC-001 --requirement "7.2 c): competence is evaluated"
              qmsaudit finding edit NC-002 --grade major
            """
    )

    @Argument(help: "The finding, e.g. NC-001.")
    var id: String

    @Option(help: "A new grade.")
    var grade: String?

    @Option(help: "The requirement not met.")
    var requirement: String?

    @Option(help: "The objective evidence, with EV ids.")
    var evidence: String?

    @Option(help: "How the requirement is not met.")
    var statement: String?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if grade == nil && requirement == nil && evidence == nil && statement == nil {
            throw ValidationError(
                "say what to change: --grade, --requirement, --evidence or --statement")
        }
    }

    func run() throws {
        let file = try audit.open()
        let finding = try file.editFinding(
            id,
            AuditFile.FindingEdit(
                grade: grade, requirement: requirement, evidence: evidence, statement: statement),
            context: Invocation.context())
        var lines = ["\(finding.id) saved"]
        if finding.isDraft {
            lines += FindingNotices.draftLines(for: [finding])
        } else {
            lines[0] += finding.isNonconformity ? ": the statement is complete" : ""
        }
        lines += FindingNotices.hintLines(
            register: try file.findingRegister(), policy: try file.checklist().policy.findings,
            touching: [finding.id])
        Console.print(lines.joined(separator: "\n"))
    }
}

/// `qmsaudit finding withdraw ID --reason …`.
struct FindingWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Withdraw a finding that does not hold; its corrective action is cancelled.",
        discussion: """
            The finding keeps its number and stays in the journal and the report's register \
            as withdrawn. A closed nonconformity is final and cannot be withdrawn.

            Example:
              qmsaudit finding withdraw NC-003 \\
                --reason "Record found in the archive after the audit"
            """
    )

    @Argument(help: "The finding, e.g. NC-001.")
    var id: String

    @Option(help: "Why the finding is withdrawn.")
    var reason: String

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        let finding = try file.withdrawFinding(id, reason: reason, context: Invocation.context())
        Console.print(
            "\(finding.id) withdrawn"
                + (finding.isNonconformity ? "; its corrective action is cancelled" : ""))
    }
}

/// What the finding commands and the answering commands tell the auditor about findings.
enum FindingNotices {
    /// For each draft: what is missing and the command that completes it.
    static func draftLines(for findings: [Finding]) -> [String] {
        findings.filter(\.isDraft).map { finding in
            "\(finding.id) is a draft: missing "
                + finding.missingParts.joined(separator: ", ")
                + " (qmsaudit finding edit \(finding.id) …)"
        }
    }

    /// The escalation hints that concern `ids`.
    static func hintLines(register: FindingRegister, policy: FindingPolicy, touching ids: [String])
        -> [String]
    {
        EscalationHint.hints(for: register.findings, policy: policy)
            .filter { hint in hint.findings.contains { ids.contains($0) } }
            .map { "hint: \($0.message)" }
    }

    /// The document number and title of each cited evidence record, by id.
    static func evidenceTitles(_ ids: some Sequence<String>, in file: AuditFile) throws
        -> [String: String]
    {
        var titles: [String: String] = [:]
        for id in ids {
            titles[id] = try file.evidence(id: id).map { record in
                [record.draft.documentNumber, record.draft.title].filter { !$0.isEmpty }
                    .joined(separator: " ")
            }
        }
        return titles
    }

    /// What recording answers did to findings, one line each; `announcingOpened: false` leaves
    /// out the drafts just opened, for a caller that announces them itself.
    static func lines(
        for outcome: AuditFile.AnswerOutcome, file: AuditFile, announcingOpened: Bool = true
    ) throws -> [String] {
        var lines: [String] = []
        let touched = outcome.findingsOpened + outcome.findingsChanged
        if !touched.isEmpty || !outcome.findingsWithdrawn.isEmpty {
            let register = try file.findingRegister()
            for id in outcome.findingsOpened where announcingOpened {
                guard let finding = register.finding(id) else { continue }
                lines.append(
                    finding.findingClass == .ungraded
                        ? "\(id) opened as a draft nonconformity, not graded yet; complete it with:"
                            + " qmsaudit finding edit \(id) --grade minor|major --requirement …"
                            + " --evidence …"
                        : "\(id) opened as a draft \(finding.grade) nonconformity; complete it"
                            + " with: qmsaudit finding edit \(id) --requirement … --evidence …")
            }
            for id in outcome.findingsChanged {
                guard let finding = register.finding(id) else { continue }
                lines.append("\(id) follows the answer: now a draft \(finding.grade)")
            }
            for id in outcome.findingsWithdrawn {
                lines.append("\(id) withdrawn: the answer is no longer a nonconformity")
            }
            lines += hintLines(
                register: register, policy: try file.checklist().policy.findings,
                touching: touched)
        }
        return lines + outcome.findingNotes
    }
}
