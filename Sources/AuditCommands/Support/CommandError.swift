public import AuditModel

/// A problem with what the user asked a command to do.
public enum CommandError: QMSAuditError {
    /// The checklist has no such clause.
    case unknownClause(ClauseNumber, checklist: String)
    /// One or more input files have errors; the diagnostics were already printed.
    case inputHasErrors(count: Int)

    /// A message for people.
    public var description: String {
        switch self {
        case .unknownClause(let clause, let checklist):
            return "checklist '\(checklist)' has no clause '\(clause)'"
        case .inputHasErrors(let count):
            return "\(count.counted("error")) found"
        }
    }
}
