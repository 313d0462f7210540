import Foundation

/// Where a command's output goes: standard output and standard error, or a capture in tests.
///
/// Commands write through `Console.current`, a task-local value, so tests running in parallel
/// in one process each see only their own output.
public struct Console: Sendable {
    /// Receives text meant for standard output (data).
    public var out: @Sendable (String) -> Void
    /// Receives text meant for standard error (diagnostics, progress, notes).
    public var err: @Sendable (String) -> Void

    /// Creates a console from two sinks.
    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void
    ) {
        self.out = out
        self.err = err
    }

    /// The process's real standard output and standard error.
    public static let standard = Console(
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) })

    /// The console commands write to.
    @TaskLocal public static var current = Console.standard

    /// Writes `text` to standard output, adding a newline unless it ends with one.
    public static func print(_ text: String) {
        current.out(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Writes `text` to standard error, adding a newline unless it ends with one.
    public static func printError(_ text: String) {
        current.err(text.hasSuffix("\n") ? text : text + "\n")
    }
}
