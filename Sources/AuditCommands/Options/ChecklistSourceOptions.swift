import ArgumentParser
import AuditChecklists

/// The `--checklist FILE` option shared by commands that look checklists up by id.
struct ChecklistSourceOptions: ParsableArguments {
    @Option(
        name: .customLong("checklist"),
        help: ArgumentHelp(
            "A checklist file to add to the bundled ones (repeatable); it overrides a bundled"
                + " checklist with the same id.", valueName: "file"))
    var files: [String] = []

    /// The bundled checklists, the `QMSAUDIT_CHECKLISTS` folder's, and the named files.
    func catalog(adding extra: [String] = []) throws -> ChecklistCatalog {
        try ChecklistCatalog(files: files + extra)
    }
}
