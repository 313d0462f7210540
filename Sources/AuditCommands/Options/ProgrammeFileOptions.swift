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

    /// Copies `source` whole into a new programme at `location` (a file or an empty
    /// PostgreSQL database), journal included, and checks the copy's chain ends where the
    /// source's does.
    ///
    /// - Returns: the copy, how many rows it holds, and its journal's check.
    static func copy(_ source: ProgrammeStore, to location: String) throws -> (
        copy: ProgrammeStore, rows: Int, journal: JournalVerification
    ) {
        var rows = 0
        let fill: (any ProgrammeTransaction) throws -> Void = { rows = try source.copy(into: $0) }
        let copy =
            PostgresAddress.isAddress(location)
            ? try PostgresProgramme.create(location, filling: fill)
            : try ProgrammeStore.create(at: location, filling: fill)
        return (copy, rows, try copy.verifyCopy(of: source))
    }

    /// What `programme export` and `import` print about a copy.
    static func copied(
        _ copy: ProgrammeStore, from source: String, rows: Int, journal: JournalVerification
    ) -> String {
        "copied \(source) to \(copy.path): \(rows.counted("row")), journal intact"
            + " (\(journal.events.counted("event")), head \(journal.head.prefix(16))…)"
    }
}
