import AuditReport
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
    /// Reads one line of input without its line break, or `nil` at the end of input.
    public var input: @Sendable () -> String?
    /// The login name of the person at this console, or `nil` when the system names nobody
    /// (a container user missing from the password database).
    public var user: @Sendable () -> String?
    /// The width of the terminal standard output goes to, or `nil` when it goes to a file or
    /// a pipe (or a test's capture).
    public var columns: @Sendable () -> Int?

    /// Creates a console from two sinks, an input source and the user at it.
    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        input: @escaping @Sendable () -> String? = { nil },
        user: @escaping @Sendable () -> String? = Console.loginName,
        columns: @escaping @Sendable () -> Int? = { nil }
    ) {
        self.out = out
        self.err = err
        self.input = input
        self.user = user
        self.columns = columns
    }

    /// The process's real standard output, standard error and standard input.
    public static let standard = Console(
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) },
        input: { Swift.readLine(strippingNewline: true) },
        columns: Console.terminalColumns)

    /// The columns of the terminal on standard output (`COLUMNS` when the terminal does not
    /// say), or `nil` when standard output is not a terminal.
    @Sendable public static func terminalColumns() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    /// The login name the password database gives this process's user, else the `USER` or
    /// `LOGNAME` variable.
    @Sendable public static func loginName() -> String? {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let login = String(cString: name)
            if !login.isEmpty { return login }
        }
        let environment = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// The console commands write to.
    @TaskLocal public static var current = Console.standard

    /// Writes `text` to standard output, adding a newline unless it ends with one.
    public static func print(_ text: String) {
        current.out(onTerminal(text.utf8.last == 0x0A ? text : text + "\n"))
    }

    /// Text bound for standard output with its control characters made visible when that is
    /// a terminal; output to a file or a pipe is data and goes as it is.
    private static func onTerminal(_ text: String) -> String {
        TerminalStyle.current.width == nil ? text : TerminalStyle.visible(text)
    }

    /// Reads one line of input, or `nil` at the end of input.
    public static func readLine() -> String? {
        current.input()
    }

    /// Writes `text` to standard output as it is, without adding a newline (for prompts).
    public static func write(_ text: String) {
        current.out(onTerminal(text))
    }

    /// Writes `text` to standard error, adding a newline unless it ends with one; messages
    /// are for people, so their control characters are always made visible.
    public static func printError(_ text: String) {
        current.err(TerminalStyle.visible(text.utf8.last == 0x0A ? text : text + "\n"))
    }
}
