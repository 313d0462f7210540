import ArgumentParser
import AuditModel
import AuditReport
import Foundation

/// Runs qmsaudit: parses the arguments, runs the command, and turns every outcome into an exit
/// status (0 success, 1 a check failed, 2 bad input or failure, 64 bad usage).
public enum QMSAuditMain {
    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    ///
    /// `--no-color`, anywhere on the line, turns colour off for the run.
    public static func run(_ arguments: [String]) async -> Int32 {
        let noColour = arguments.contains("--no-color")
        let arguments = arguments.filter { $0 != "--no-color" }
        let style = TerminalStyle.detect(
            columns: Console.current.columns(), environment: ProcessInfo.processInfo.environment,
            noColour: noColour)
        return await TerminalStyle.$current.withValue(style) {
            await Invocation.$arguments.withValue(arguments) { await execute(arguments) }
        }
    }

    private static func execute(_ arguments: [String]) async -> Int32 {
        if let message = ImportCommand.unknownImporter(in: arguments)
            ?? CommandSuggestion.unknownCommand(in: arguments)
        {
            Console.printError("Error: " + message)
            return ExitCode.validationFailure.rawValue
        }
        let command: any ParsableCommand
        do {
            command = try QMSAuditCommand.parseAsRoot(arguments)
        } catch {
            return report(parseError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let error as any QMSAuditError {
            Console.printError("error: \(error.description)")
            return error.exitStatus
        } catch {
            // A command group run without a subcommand asks ArgumentParser for its help; that
            // and validation failures surface here as ArgumentParser's own error types.
            if error is CleanExit || error is ValidationError
                || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
            {
                return report(parseError: error)
            }
            Console.printError("internal error: \(error) — please report it")
            return 2
        }
    }

    private static func report(parseError error: any Error) -> Int32 {
        let code = QMSAuditCommand.exitCode(for: error).rawValue
        let message = QMSAuditCommand.fullMessage(for: error)
        if !message.isEmpty {
            if code == 0 { Console.print(message) } else { Console.printError(message) }
        }
        return code
    }
}
