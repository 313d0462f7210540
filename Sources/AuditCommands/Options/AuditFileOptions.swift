import ArgumentParser
import AuditStore
import Foundation

/// The `--audit FILE` option shared by every command that works on an audit file.
struct AuditFileOptions: ParsableArguments {
    /// The environment variable naming the audit file.
    static let variable = "QMSAUDIT_FILE"
    /// The file used when neither the option nor the variable names one.
    static let defaultPath = "audit.qmsaudit"

    @Option(
        name: .customLong("audit"),
        help: ArgumentHelp(
            "The audit file (default: $QMSAUDIT_FILE, else ./audit.qmsaudit).", valueName: "file"))
    var file: String?

    /// The path the command works on.
    var path: String {
        file ?? ProcessInfo.processInfo.environment[Self.variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultPath
    }

    /// Opens the audit file, migrating an older one.
    func open() throws -> AuditFile {
        try AuditFile.open(at: path)
    }
}
