import ArgumentParser
import AuditModel
import AuditStore
import Foundation
import PostgresProgramme

/// `--programme FILE-OR-ADDRESS`: which programme a command works on.
struct ProgrammeFileOptions: ParsableArguments {
    /// The environment variable naming the programme file.
    static let variable = "QMSAUDIT_PROGRAMME"
    /// The file used when neither the option nor the variable names one.
    static let defaultPath = "programme.qmsprog"

    @Option(
        name: .customLong("programme"),
        help: ArgumentHelp(
            "The programme: a file, or a PostgreSQL database as postgresql://USER@HOST/DB"
                + " (default: $QMSAUDIT_PROGRAMME, else ./programme.qmsprog).",
            valueName: "file-or-address"))
    var file: String?

    /// The path the command works on.
    var path: String {
        file ?? ProcessInfo.processInfo.environment[Self.variable].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultPath
    }

    /// Opens the programme.
    func open() throws -> ProgrammeStore {
        try Self.open(path)
    }

    /// Opens the programme at `location`: a PostgreSQL address, else a file's path.
    static func open(_ location: String) throws -> ProgrammeStore {
        PostgresAddress.isAddress(location)
            ? try PostgresProgramme.open(location) : try ProgrammeStore.open(at: location)
    }

    /// Creates a programme at `location`: in the PostgreSQL database it names, else in a new
    /// file.
    static func create(
        _ location: String, organisation: String, scope: String, checklist: Checklist,
        context: ChangeContext
    ) throws -> ProgrammeStore {
        PostgresAddress.isAddress(location)
            ? try PostgresProgramme.create(
                location, organisation: organisation, scope: scope, checklist: checklist,
                context: context)
            : try ProgrammeStore.create(
                at: location, organisation: organisation, scope: scope, checklist: checklist,
                context: context)
    }
}
