public import AuditModel

/// A problem with what the user asked a command to do.
public enum CommandError: QMSAuditError {
    /// The checklist has no such clause; the hint names the nearest (`Checklist.clauseHint`).
    case unknownClause(ClauseNumber, checklist: String, hint: String = "")
    /// The item is not in the selection the command works on.
    case unknownItem(String, selection: Int)
    /// No evidence has this id.
    case unknownEvidence(String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)
    /// A file or folder named on the command line could not be read.
    case cannotRead(path: String, reason: String)
    /// Nobody can be named for a change that needs someone to answer for it.
    case unaccountable(String)
    /// One or more input files have errors; the diagnostics were already printed.
    case inputHasErrors(count: Int, nothingChanged: String? = nil)

    /// A message for people.
    public var description: String {
        switch self {
        case .unknownClause(let clause, let checklist, let hint):
            return "checklist '\(checklist)' has no clause '\(clause)'\(hint)"
        case .unknownItem(let item, let selection):
            return "item '\(item)' is not among the \(selection.counted("item")) selected"
        case .unknownEvidence(let id):
            return "there is no evidence '\(id)'; see 'qmsaudit evidence list'"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .cannotRead(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .unaccountable(let what):
            return "\(what) is recorded under someone's name, and none is known here: give --by"
                + " NAME, or set QMSAUDIT_ACTOR"
        case .inputHasErrors(let count, let path?):
            return "\(path): \(count.counted("error")); nothing was recorded"
        case .inputHasErrors(let count, nil):
            return "\(count.counted("error")) found"
        }
    }
}
