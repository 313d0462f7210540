public import AuditModel
import Yams

/// Turns a Yams error into a diagnostic at the position Yams names, for the YAML files the
/// importers read (mapping profiles, folder rules).
public enum YAMLSyntaxError {
    /// The diagnostic for `error`, raised while reading the YAML file at `path`.
    public static func diagnostic(for error: any Error, path: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(path: path, line: mark.line, column: mark.column)
        }
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _)?, .parser(_, let problem, let mark, _)?,
            .composer(_, let problem, let mark, _)?:
            return .error("invalid YAML: \(problem)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context)?:
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(keys) in one mapping", at: at(context.mark))
        default:
            return .error(
                "invalid YAML: \(error)", at: SourceLocation(path: path, line: 1, column: 1))
        }
    }
}
