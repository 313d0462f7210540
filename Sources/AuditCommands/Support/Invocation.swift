import AuditStore
import Foundation

/// Facts about the current run of qmsaudit that the journal records.
enum Invocation {
    /// The arguments qmsaudit was run with (without the program name).
    @TaskLocal static var arguments: [String] = []

    /// Who is making changes: `QMSAUDIT_ACTOR`, else the login name, else `unknown`.
    static var actor: String {
        let environment = ProcessInfo.processInfo.environment
        for key in ["QMSAUDIT_ACTOR", "USER", "LOGNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return "unknown"
    }

    /// The journal context for a change made now by this run.
    static func context() -> ChangeContext {
        let command = (["qmsaudit"] + arguments).map { argument in
            argument.contains(" ") || argument.isEmpty ? "'\(argument)'" : argument
        }.joined(separator: " ")
        return ChangeContext(actor: actor, command: command, time: Timestamp.now())
    }
}
