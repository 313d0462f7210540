import ArgumentParser
import AuditModel
import AuditStore

/// Where the `action` commands follow corrective actions: in an audit file, or with
/// `--audit-id` in an audit attached to the programme, where the team follows them.
struct ActionRecordOptions: ParsableArguments {
    @OptionGroup var audit: AuditFileOptions

    @Option(
        name: .customLong("audit-id"),
        help: ArgumentHelp(
            "Follow the action on the programme instead, in this attached audit (the programme:"
                + " --programme, else $QMSAUDIT_PROGRAMME).", valueName: "id"))
    var auditID: String?

    @OptionGroup var programme: ProgrammeFileOptions

    func validate() throws {
        if audit.file != nil && auditID != nil {
            throw ValidationError(
                "--audit names an audit file, --audit-id an audit on the programme: give one")
        }
        if programme.file != nil && auditID == nil {
            throw ValidationError(
                "--programme goes with --audit-id ID: the programme holds every attached audit")
        }
    }

    /// The records the command works on.
    func open() throws -> any ActionRecords {
        if let auditID {
            return ProgrammeActionRecords(store: try programme.open(), auditID: auditID)
        }
        return try audit.open()
    }
}

/// The corrective-action records of one audit, wherever they are kept.
protocol ActionRecords {
    /// The audit's findings with their records.
    func findingRegister() throws -> FindingRegister
    /// The checklist's rules for findings and actions.
    func findingPolicy() throws -> FindingPolicy
    /// Changes one record in one transaction (see `AuditFile.changeAction`).
    func changeAction(
        _ id: String, action: String, context: ChangeContext,
        _ body: (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void
    ) throws -> (before: CorrectiveAction, after: CorrectiveAction)
}

extension AuditFile: ActionRecords {
    func findingPolicy() throws -> FindingPolicy { try checklist().policy.findings }
}

/// An attached audit's records as the programme holds them.
struct ProgrammeActionRecords: ActionRecords {
    let store: ProgrammeStore
    let auditID: String

    func findingRegister() throws -> FindingRegister {
        try store.findingRegister(auditID: auditID)
    }

    func findingPolicy() throws -> FindingPolicy { try store.checklist().policy.findings }

    func changeAction(
        _ id: String, action: String, context: ChangeContext,
        _ body: (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void
    ) throws -> (before: CorrectiveAction, after: CorrectiveAction) {
        try store.changeAction(
            auditID: auditID, findingID: id, action: action, context: context, body)
    }
}
