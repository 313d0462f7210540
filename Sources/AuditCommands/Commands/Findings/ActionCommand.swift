import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit action`: corrective actions, from containment to verified closure.
struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Follow each nonconformity's corrective action to verified closure.",
        discussion: """
            States: open → contained → cause-found → planned → implemented → verified → \
            closed, and cancelled (when the finding is withdrawn). A move forward may skip \
            states when the record already holds what each needs; guards refuse a move that \
            lacks it and say what is missing:
              containment   the correction and its date
              root-cause    the analysis method and the cause
              extent        whether it exists or could occur elsewhere
              plan          at least one action, each with an owner and a due date
              implementation / major-implementation
                            every action done, with evidence (no nonconformity, minor or
                            major, is verified or closed on a plan alone)
              effectiveness an effectiveness verification with result 'effective'
              effectiveness-after-actions
                            that verification dated on or after the last action
              system-review (to close) whether risks and opportunities were updated and
                            whether the system changed, 10.2.1 e) and f)
              complete-finding  the finding's statement complete
              dates         raised ≤ correction ≤ actions done ≤ verification ≤ closed,
                            none after today
            A certification body that accepts a minor's plan (and checks its implementation \
            at the next visit) is recorded with 'action accept-plan'; that is not a \
            verification. A verification sooner after the last action than the policy's \
            'min-effectiveness-days' (30 by default) is accepted with a warning.

            Once an audit file is attached to the programme, its actions may be followed \
            there by the whole team: give --audit-id ID (the programme: --programme, else \
            $QMSAUDIT_PROGRAMME). The same guards apply; a change made while someone else's \
            overtook it is refused, naming who and when, and nothing is overwritten.
            """,
        subcommands: [
            ActionListCommand.self, ActionShowCommand.self, ActionUpdateCommand.self,
            ActionAcceptPlanCommand.self, ActionVerifyCommand.self, ActionCloseCommand.self,
        ]
    )
}

/// `qmsaudit action list`.
struct ActionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the corrective actions; --overdue for those past a due date.",
        discussion: """
            A record is overdue when it is not closed and its due date, or the due date of \
            an action not yet done, has passed.

            Examples:
              qmsaudit action list --overdue
              qmsaudit action list --owner "J. Patel" --format csv
            """
    )

    @Flag(help: "Only records past their due date or with an action past its own.")
    var overdue = false

    @Option(help: "Only records whose owner, or an action's owner, is this person.")
    var owner: String?

    @Option(help: "Only records in this state.")
    var state: ActionState?

    @Option(help: "The day overdue is judged on (YYYY-MM-DD; default today).")
    var asOf: CalendarDate = .today

    @Option(help: "table, json, csv or md.")
    var format: OutputFormat = .table

    @OptionGroup var records: ActionRecordOptions

    func run() throws {
        let file = try records.open()
        let register = try file.findingRegister()
        var actions = register.findings.compactMap { register.actions[$0.id] }
        if overdue { actions = actions.filter { !$0.overdue(on: asOf).isEmpty } }
        if let state { actions = actions.filter { $0.state == state } }
        if let owner {
            let wanted = owner.lowercased()
            actions = actions.filter { action in
                action.owner.lowercased() == wanted
                    || action.steps.contains { $0.owner.lowercased() == wanted }
            }
        }
        Console.print(
            FindingRenderer.actionList(actions, register: register, today: asOf, format: format))
    }
}

/// `qmsaudit action show ID`.
struct ActionShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a corrective-action record and what its next state needs.")

    @Argument(help: "The nonconformity, e.g. NC-001.")
    var id: String

    @Option(help: "The day overdue is judged on (YYYY-MM-DD; default today).")
    var asOf: CalendarDate = .today

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    @OptionGroup var records: ActionRecordOptions

    func validate() throws {
        if format != .table && format != .json {
            throw ValidationError("'action show' prints table or json")
        }
    }

    func run() throws {
        let file = try records.open()
        let register = try file.findingRegister()
        guard let finding = register.finding(id) else { throw AuditStoreError.unknownFinding(id) }
        guard let action = register.actions[finding.id] else {
            throw AuditStoreError.noCorrectiveAction(finding.id)
        }
        if format == .json {
            Console.write(
                FindingRenderer.actionDetailJSON(action, finding: finding, today: asOf))
            return
        }
        Console.print(
            FindingRenderer.actionDetail(
                action, finding: finding, policy: try file.findingPolicy(),
                today: asOf))
    }
}

/// `qmsaudit action update ID …`.
struct ActionUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Record containment, cause, extent and actions; move the record on.",
        discussion: """
            Every change of one call is one transaction and one journal event. --state moves \
            the record after the changes are applied, if the guards allow it; otherwise \
            nothing is saved and the refusal says which guard refused and what is missing. \
            Dates are YYYY-MM-DD or 'today'.

            Examples:
              qmsaudit action update NC-001 --owner "J. Patel" \\
                --correction "Gauges G-14 and G-22 quarantined and recalibrated" \\
                --state contained
              qmsaudit action update NC-001 --cause-method 5-why \\
                --cause "Recall dates live in a spreadsheet nobody is told to check" \\
                --extent "All 112 gauges checked: no other overdue" --state cause-found
              qmsaudit action update NC-001 \\
                --add-action "Move recalls into the ERP with alerts" \\
                --action-owner "J. Patel" --action-due 2027-01-31 --state planned
              qmsaudit action update NC-001 --step 1 --done today \\
                --action-evidence "EV-0031" --state implemented
            """
    )

    @Argument(help: "The nonconformity, e.g. NC-001.")
    var id: String

    @Option(help: "Who answers for the whole record.")
    var owner: String?

    @Option(help: "A new due date for the record.")
    var due: CalendarDate?

    @Option(help: "The correction (containment) done about the nonconformity itself.")
    var correction: String?

    @Option(help: "When the correction was done (default: today, with --correction).")
    var correctionDate: CalendarDate?

    @Option(help: "The extent check: does it exist, or could it occur, elsewhere?")
    var extent: String?

    @Option(help: "How the cause was analysed: 5-why, fishbone, 8d or other.")
    var causeMethod: RootCauseMethod?

    @Option(help: "The root cause.")
    var cause: String?

    @Option(help: "Plan a new action; --action-owner and --action-due apply to it.")
    var addAction: String?

    @Option(help: "The number of a planned action to change.")
    var step: Int?

    @Option(help: "New text for the action chosen with --step.")
    var what: String?

    @Option(help: "The owner of the new or chosen action.")
    var actionOwner: String?

    @Option(help: "The due date of the new or chosen action (default: the record's).")
    var actionDue: CalendarDate?

    @Option(help: "When the new or chosen action was done.")
    var done: CalendarDate?

    @Option(help: "What shows the new or chosen action was done (text, EV ids).")
    var actionEvidence: String?

    @Option(help: "10.2.1 e): were risks and opportunities updated? yes or no.")
    var risksUpdated: YesNo?

    @Option(help: "What was updated in the risks and opportunities, or why nothing was.")
    var risksNote: String?

    @Option(help: "10.2.1 f): was the quality management system changed? yes or no.")
    var qmsChanged: YesNo?

    @Option(help: "What changed in the system, or why nothing did.")
    var qmsNote: String?

    @Option(
        help: ArgumentHelp(
            "Where the nonconformity was found: "
                + NonconformitySource.allCases.map(\.rawValue).joined(separator: ", ") + ".",
            valueName: "source"))
    var source: NonconformitySource?

    @Option(help: "Move the record to this state.")
    var state: ActionState?

    @OptionGroup var records: ActionRecordOptions

    func validate() throws {
        if risksNote != nil && risksUpdated == nil {
            throw ValidationError("--risks-note goes with --risks-updated yes|no")
        }
        if qmsNote != nil && qmsChanged == nil {
            throw ValidationError("--qms-note goes with --qms-changed yes|no")
        }
        if step != nil && addAction != nil {
            throw ValidationError("give --add-action or --step, not both")
        }
        let stepOptions =
            [what, actionOwner, actionEvidence].compactMap { $0 }.count
            + [actionDue, done].compactMap { $0 }.count
        if stepOptions > 0 && step == nil && addAction == nil {
            throw ValidationError(
                "--what, --action-owner, --action-due, --done and --action-evidence apply to"
                    + " an action: name one with --step N, or plan one with --add-action")
        }
        if state == .cancelled {
            throw ValidationError(
                "a corrective action is cancelled by withdrawing its finding:"
                    + " qmsaudit finding withdraw \(id) --reason …")
        }
        if state == .verified || state == .closed {
            throw ValidationError(
                "record the verification with 'qmsaudit action verify \(id) …' and close with"
                    + " 'qmsaudit action close \(id)'")
        }
    }

    func run() throws {
        let file = try records.open()
        let today = CalendarDate.today
        let (before, after) = try file.changeAction(
            id, action: "update", context: Invocation.context()
        ) { action, finding, policy in
            if let owner { action.owner = owner }
            if let due { action.due = due }
            if let correction {
                action.correction = correction
                if action.correctionDate == nil && correctionDate == nil {
                    action.correctionDate = today
                }
            }
            if let correctionDate { action.correctionDate = correctionDate }
            if let extent { action.extent = extent }
            if let causeMethod { action.causeMethod = causeMethod }
            if let cause { action.cause = cause }
            var index: Int?
            if let addAction {
                let number = (action.steps.map(\.number).max() ?? 0) + 1
                action.steps.append(
                    ActionStep(number: number, what: addAction, due: actionDue ?? action.due))
                index = action.steps.count - 1
            } else if let step {
                guard let found = action.steps.firstIndex(where: { $0.number == step }) else {
                    throw AuditStoreError.findingRefused(
                        "\(finding.id) has no action \(step)"
                            + " (it has \(action.steps.count.counted("action")))")
                }
                index = found
                if let what { action.steps[found].what = what }
                if let actionDue { action.steps[found].due = actionDue }
            }
            if let index {
                if let actionOwner { action.steps[index].owner = actionOwner }
                if let done { action.steps[index].done = done }
                if let actionEvidence { action.steps[index].evidence = actionEvidence }
            }
            if let risksUpdated {
                action.risksUpdate = ActionDecision(
                    changed: risksUpdated == .yes, note: risksNote ?? "")
            }
            if let qmsChanged {
                action.systemChange = ActionDecision(
                    changed: qmsChanged == .yes, note: qmsNote ?? "")
            }
            if let source { action.source = source }
            if let state { try action.move(to: state, finding: finding, policy: policy) }
        }
        var lines = [
            before == after
                ? "\(after.findingID): nothing changed (state \(after.state.rawValue))"
                : "\(after.findingID): saved (state \(after.state.rawValue))"
        ]
        lines += try Self.nextLines(after, file: file)
        Console.print(lines.joined(separator: "\n"))
    }

    /// One line on what the record's next state needs.
    static func nextLines(_ action: CorrectiveAction, file: any ActionRecords) throws -> [String] {
        let register = try file.findingRegister()
        guard let finding = register.finding(action.findingID),
            let (next, refusals) = action.nextStep(
                finding: finding, policy: try file.findingPolicy())
        else { return [] }
        if refusals.isEmpty { return ["next: '\(next.rawValue)' is allowed"] }
        return [
            "next: '\(next.rawValue)' needs "
                + refusals.flatMap(\.missing).joined(separator: "; ")
        ]
    }
}

/// `qmsaudit action verify ID`.
struct ActionVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Record an effectiveness verification.",
        discussion: """
            'effective' moves the record to verified, if the guards allow it (for a major, \
            every action must be done with evidence). 'partly' or 'not' is recorded and the \
            record goes back to planned: revise the cause or add actions, then verify again.

            Example:
              qmsaudit action verify NC-001 --result effective --by "A. Auditor" \\
                --method "Recall report for Jan–Mar: 0 overdue gauges in 3 monthly checks"
            """
    )

    @Argument(help: "The nonconformity, e.g. NC-001.")
    var id: String

    @Option(help: "How effectiveness was checked: what was sampled, over what period.")
    var method: String

    @Option(help: "effective, partly or not.")
    var result: Effectiveness

    @Option(
        help: "Who verified it (default: the actor — QMSAUDIT_ACTOR, else your login name).")
    var by: String?

    @Option(help: "When (YYYY-MM-DD or today; default today).")
    var date: CalendarDate = .today

    @Option(help: "Anything else worth recording.")
    var note: String = ""

    @OptionGroup var records: ActionRecordOptions

    func run() throws {
        let file = try records.open()
        let context = try Invocation.accountableContext(by: by, for: "a verification")
        let (_, after) = try file.changeAction(id, action: "verify", context: context) {
            action, finding, policy in
            try action.verify(
                Verification(
                    method: method, result: result, verifier: by ?? context.actor, date: date,
                    note: note), finding: finding, policy: policy)
        }
        if let warning = after.effectivenessTiming(policy: try file.findingPolicy()) {
            Console.printError("warning: " + warning)
        }
        if result == .effective {
            Console.print(
                "\(after.findingID): verified effective; close it with: qmsaudit action close \(after.findingID)"
            )
        } else {
            Console.print(
                "\(after.findingID): verification recorded: \(result.rawValue) effective;"
                    + " the record is at 'planned': revise the cause or add actions, then verify"
                    + " again")
        }
    }
}

/// `qmsaudit action close ID`.
struct ActionCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a verified corrective action.",
        discussion: """
            Nothing closes without every action done, an effectiveness verification found \
            effective after them, and the 10.2.1 e) and f) questions answered (action update \
            --risks-updated, --qms-changed); a nonconformity whose statement is a draft does \
            not close. The closure is dated today and recorded under the actor's name, or \
            --by.

            Example:
              qmsaudit action close NC-001 --by "J. Smith" \\
                --note "Closed at the January follow-up"
            """
    )

    @Argument(help: "The nonconformity, e.g. NC-001.")
    var id: String

    @Option(help: "A closing note.")
    var note: String = ""

    @Option(help: "Who closes it (default: the actor — QMSAUDIT_ACTOR, else your login name).")
    var by: String?

    @OptionGroup var records: ActionRecordOptions

    func run() throws {
        let file = try records.open()
        let context = try Invocation.accountableContext(by: by, for: "a closure")
        let (_, after) = try file.changeAction(id, action: "close", context: context) {
            action, finding, policy in
            try action.move(to: .closed, finding: finding, policy: policy)
            action.closure = note
        }
        Console.print("\(after.findingID): closed")
    }
}

/// `qmsaudit action accept-plan ID`.
struct ActionAcceptPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-plan",
        abstract: "Record that a certification body (or reviewer) accepted the plan.",
        discussion: """
            A certification body usually accepts a minor nonconformity's correction and plan \
            and checks their implementation at its next visit; the minor may stay open until \
            then. The acceptance is recorded as a fact of its own: it is not a verification, \
            and it never lets the record be verified or closed before every action is done. \
            The plan must be complete (correction, cause, extent, actions with owners and due \
            dates).

            Example:
              qmsaudit action accept-plan NC-002 --by "CB lead auditor" \\
                --date 2027-01-15 --note "Implementation checked at surveillance 1"
            """
    )

    @Argument(help: "The nonconformity, e.g. NC-002.")
    var id: String

    @Option(help: "Who accepted the plan.")
    var by: String

    @Option(help: "When (YYYY-MM-DD or today; default today).")
    var date: CalendarDate = .today

    @Option(help: "Any condition or remark.")
    var note: String = ""

    @OptionGroup var records: ActionRecordOptions

    func run() throws {
        let file = try records.open()
        let (_, after) = try file.changeAction(
            id, action: "accept-plan", context: Invocation.context()
        ) { action, finding, policy in
            try action.acceptPlan(
                PlanAcceptance(by: by, date: date, note: note), finding: finding, policy: policy)
        }
        Console.print(
            "\(after.findingID): plan accepted by \(by) on \(date); verify effectiveness once"
                + " every action is done")
    }
}

/// A yes-or-no answer on the command line.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes, no
}
