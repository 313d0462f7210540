import ArgumentParser
import AuditModel
import AuditStore

/// `qmsaudit programme export --to FILE-OR-ADDRESS`: the whole programme into a new place.
struct ProgrammeExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy the whole programme into a new file or an empty PostgreSQL database.",
        discussion: """
            Everything is copied row for row from one snapshot, the journal included: the copy \
            is the same programme, its hash chain ending at the same head (checked). The \
            destination must not hold a programme yet.

            Examples:
              qmsaudit programme export --to backup.qmsprog \\
                --programme postgresql://auditor@db.example/qms
              qmsaudit programme export --to postgresql://owner@db.example/qms
            """)

    @Option(help: ArgumentHelp("Where the copy goes.", valueName: "file-or-address"))
    var to: String

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let source = try programme.open()
        let (copy, rows, journal) = try ProgrammeFileOptions.copy(source, to: to)
        Console.print(
            ProgrammeFileOptions.copied(copy, from: source.path, rows: rows, journal: journal))
    }
}

/// `qmsaudit programme import SOURCE`: a whole programme into the (new) `--programme`.
struct ProgrammeImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Copy a whole programme from a file or a database into a new --programme.",
        discussion: """
            The reverse of 'programme export': SOURCE (a programme file or a PostgreSQL \
            address) is copied whole into the programme named by --programme (or \
            $QMSAUDIT_PROGRAMME), which must not exist yet — a new file, or an empty database.

            Examples:
              qmsaudit programme import acme.qmsprog --programme postgresql://owner@db.example/qms
            """)

    @Argument(help: ArgumentHelp("The programme to copy.", valueName: "file-or-address"))
    var source: String

    @OptionGroup var programme: ProgrammeFileOptions

    func run() throws {
        let (copy, rows, journal) = try ProgrammeFileOptions.copy(
            ProgrammeFileOptions.open(source), to: programme.path)
        Console.print(
            ProgrammeFileOptions.copied(copy, from: source, rows: rows, journal: journal))
    }
}
