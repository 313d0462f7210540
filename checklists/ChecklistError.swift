public import AuditModel

/// Why a checklist could not be loaded.
public enum ChecklistError: Error, Sendable, CustomStringConvertible {
    /// No checklist has this id.
    case notFound(id: String, known: [String])
    /// A file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The folder named by `QMSAUDIT_CHECKLISTS` is not a folder.
    case badFolder(path: String)
    /// The checklist's files have errors; every diagnostic is listed.
    case invalid(id: String, diagnostics: [Diagnostic], sources: [String: String])

    /// A message for people, with each diagnostic on its own line and the offending source
    /// line under it.
    public var description: String {
        switch self {
        case .notFound(let id, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "no checklist named '\(id)'; known checklists: \(list)"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .badFolder(let path):
            return "QMSAUDIT_CHECKLISTS names '\(path)', which is not a folder"
        case .invalid(let id, let diagnostics, let sources):
            let errors = diagnostics.filter { $0.severity == .error }.count
            let lines = diagnostics.sortedByLocation().map {
                $0.rendered(source: $0.location.flatMap { sources[$0.path] })
            }
            return (["checklist '\(id)' has \(errors.counted("error")):"] + lines)
                .joined(separator: "\n")
        }
    }
}
extension ChecklistError: QMSAuditError {}
