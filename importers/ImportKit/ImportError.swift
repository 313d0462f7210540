public import AuditModel

/// Why an import could not run at all; problems inside a readable file are diagnostics instead.
public enum ImportError: QMSAuditError {
    /// The source cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// The source has problems; every diagnostic is listed and nothing was imported.
    case invalid(path: String, diagnostics: [Diagnostic])

    /// A message for people.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .invalid(let path, let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }.count
            let lines = diagnostics.sortedByLocation().map(\.description)
            return (["'\(path)' has \(errors.counted("error")); nothing was imported:"] + lines)
                .joined(separator: "\n")
        }
    }
}
