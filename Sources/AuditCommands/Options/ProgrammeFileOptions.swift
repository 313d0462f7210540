import ArgumentParser
import AuditStore
import Foundation

/// `--programme FILE`: which programme file a command works on.
struct ProgrammeFileOptions: ParsableArguments {
    /// The environment variable naming the programme file.
    static let variable = "QMSAUDIT_PROGRAMME"
    /// The file used when neither the option nor the variable names one.
    static let defaultPath = "programme.qmsprog"

    @Option(
        name: .customLong("programme"),
        help: ArgumentHelp(
            "The programme file (default: $QMSAUDIT_PROGRAMME, else ./programme.qmsprog).",
            valueName: "file"))
    var file: String?

    /// The path the command works on.
    var path: String {
        file ?? ProcessInfo.processInfo.environment[Self.variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultPath
    }

    /// Opens the programme file.
    func open() throws -> ProgrammeFile {
        try ProgrammeFile.open(at: path)
    }
}
