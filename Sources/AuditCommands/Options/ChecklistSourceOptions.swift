import ArgumentParser
import AuditChecklists
import AuditModel

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

    /// The checklist named by `reference`: a known id, or the path of a YAML file.
    func resolve(_ reference: String) throws -> Checklist {
        try ChecklistCatalog.checklist(reference, files: files)
    }
}
