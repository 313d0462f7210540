import AuditCommands
import Synchronization

/// What one in-process run of qmsaudit printed and returned.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs qmsaudit in-process with its output captured, as the binary would run it.
func qmsaudit(_ arguments: String...) async -> CommandResult {
    await qmsaudit(arguments, input: [])
}

/// Runs qmsaudit in-process, feeding `input` as the lines typed at its prompts; `user` is the
/// login name the system gives (`nil`: a user the password database does not know).
func qmsaudit(
    _ arguments: [String], input: [String],
    user: @escaping @Sendable () -> String? = Console.loginName
) async -> CommandResult {
    let out = Mutex("")
    let err = Mutex("")
    let lines = Mutex(input[...])
    let console = Console(
        out: { text in out.withLock { $0 += text } },
        err: { text in err.withLock { $0 += text } },
        input: { lines.withLock { $0.popFirst() } }, user: user)
    let status = await Console.$current.withValue(console) {
        await QMSAuditMain.run(arguments)
    }
    return CommandResult(
        status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
}
