public import AuditModel
import GRDB

/// Why the audit file could not be opened, created or changed.
public enum AuditStoreError: QMSAuditError {
    /// There is no audit file at the path.
    case notFound(path: String)
    /// `init` refuses to overwrite an existing file.
    case alreadyExists(path: String)
    /// The file is not a qmsaudit audit file (not SQLite, or SQLite without our tables).
    case notAnAuditFile(path: String, reason: String)
    /// The file was written by a newer qmsaudit with schema changes this one does not know.
    case newerFormat(path: String, unknown: [String])
    /// The checklist stored in the file no longer matches its recorded hash.
    case checklistAltered(path: String)
    /// The checklist refuses one or more answers; nothing was written.
    case answersRefused([String])
    /// An import listed the same natural key twice; nothing was written.
    case duplicateKey(String)
    /// No finding has this id.
    case unknownFinding(String)
    /// The finding has no corrective-action record (it is not a nonconformity).
    case noCorrectiveAction(String)
    /// A finding could not be raised or changed as asked; nothing was written.
    case findingRefused(String)
    /// An audit cannot be carried over to the checklist asked for; nothing was created.
    case carryOverRefused(String)
    /// Another import of the source landed while this one was reading it; nothing was
    /// written.
    case changedMeanwhile(source: String)
    /// The audit has no evidence source of this name; the names it has.
    case unknownSource(String, known: [String])
    /// A whole-audit JSON document cannot be rebuilt into an audit file; nothing was created.
    /// A line of 0 means the problem has no one place (the file could not be read).
    case rebuildRefused(source: String, line: Int, column: Int, message: String)
    /// The file holds a value qmsaudit never writes.
    case corrupt(String)
    /// The audit file (or its folder) may not be written; nothing was changed.
    case readOnly(path: String)
    /// SQLite or the file system failed.
    case database(path: String, message: String)

    /// What SQLite's `error` means for the audit file at `path`: read-only, a full disk, or
    /// another failure in SQLite's words.
    init(_ error: DatabaseError, path: String) {
        self =
            error.resultCode == .SQLITE_READONLY
            ? .readOnly(path: path) : .database(path: path, message: error.forPeople)
    }

    /// A message for people.
    public var description: String {
        switch self {
        case .notFound(let path):
            return "no audit file at '\(path)'; create one with 'qmsaudit init', or name one"
                + " with --audit FILE or QMSAUDIT_FILE"
        case .alreadyExists(let path):
            return "'\(path)' already exists; qmsaudit init never overwrites an audit file"
                + " (choose another name with --out)"
        case .notAnAuditFile(let path, let reason):
            return "'\(path)' is not a qmsaudit audit file: \(reason)"
        case .newerFormat(let path, let unknown):
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            return "'\(path)' was written by a newer qmsaudit (schema changes \(names) are"
                + " unknown to qmsaudit \(ToolVersion.current)); upgrade qmsaudit to open it"
        case .checklistAltered(let path):
            return "the checklist stored in '\(path)' does not match its recorded SHA-256: the"
                + " file was edited outside qmsaudit"
        case .answersRefused(let problems):
            return (["nothing was recorded:"] + problems).joined(separator: "\n  ")
        case .duplicateKey(let key):
            return "nothing was imported: the source lists '\(key)' twice; each record needs its"
                + " own key (document number, path or title)"
        case .unknownFinding(let id):
            return "there is no finding '\(id)'; see 'qmsaudit finding list'"
        case .noCorrectiveAction(let id):
            return "\(id) has no corrective action: only nonconformities have one"
        case .findingRefused(let message):
            return "nothing was changed: \(message)"
        case .carryOverRefused(let message):
            return "nothing was created: \(message)"
        case .changedMeanwhile(let source):
            return "nothing was imported: another command imported '\(source)' while this"
                + " import was reading it; run the import again"
        case .unknownSource(let name, let known):
            return "the audit has no evidence source '\(name)'; "
                + (known.isEmpty
                    ? "nothing was imported yet"
                    : "its sources are " + known.joined(separator: ", ")
                        + " (see 'qmsaudit evidence sources')")
        case .rebuildRefused(let source, let line, let column, let message):
            return "nothing was created: "
                + (line > 0 ? "\(source):\(line):\(column): error: " : "\(source): error: ")
                + message
        case .corrupt(let message):
            return "the audit file was changed outside qmsaudit: \(message)"
        case .readOnly(let path):
            return "'\(path)' " + DatabaseError.readOnlyReason
        case .database(let path, let message):
            return "cannot use audit file '\(path)': \(message)"
        }
    }
}

extension DatabaseError {
    /// Why a read-only file refused a change, for the audit file and the programme alike.
    static let readOnlyReason =
        "is read-only: nothing was changed (writing needs permission to write the file and the"
        + " folder it is in)"

    /// The failure as people should read it: a read-only file and a full disk said plainly,
    /// anything else in SQLite's words.
    var forPeople: String {
        switch resultCode {
        case .SQLITE_READONLY: "it " + Self.readOnlyReason
        case .SQLITE_FULL: "the disk is full; nothing was changed"
        default: message ?? "\(self)"
        }
    }
}
