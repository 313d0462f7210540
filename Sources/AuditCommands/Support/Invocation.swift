import AuditModel
import AuditStore
import Foundation

/// Facts about the current run of qmsaudit that the journal records.
enum Invocation {
    /// The arguments qmsaudit was run with (without the program name).
    @TaskLocal static var arguments: [String] = []

    /// Who is making changes: `QMSAUDIT_ACTOR`, else the login name of the user at the console
    /// (`Console.user`); `nil` when neither says.
    static var knownActor: String? {
        if let value = ProcessInfo.processInfo.environment["QMSAUDIT_ACTOR"],
            !value.trimmingWhitespace().isEmpty
        {
            return value
        }
        return Console.current.user()
    }

    /// Who is making changes, or `unknown` when nothing says (see `knownActor`).
    static var actor: String { knownActor ?? "unknown" }

    /// The journal context for a change made now by this run.
    static func context(actor: String? = nil) -> ChangeContext {
        let command = (["qmsaudit"] + arguments).map { argument in
            argument.contains(" ") || argument.isEmpty ? "'\(argument)'" : argument
        }.joined(separator: " ")
        return ChangeContext(actor: actor ?? self.actor, command: command, time: Timestamp.now())
    }

    /// The context of a change someone must answer for (a verification, a closure): made by
    /// `by` when given, else by the known actor.
    ///
    /// - Throws: `CommandError.unaccountable` when nobody can be named.
    static func accountableContext(by: String?, for what: String) throws -> ChangeContext {
        if let by, !by.trimmingWhitespace().isEmpty { return context(actor: by) }
        guard let actor = knownActor else { throw CommandError.unaccountable(what) }
        return context(actor: actor)
    }
}
