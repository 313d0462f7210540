import ArgumentParser
import AuditChecklists
import AuditModel

/// `qmsaudit checklist validate FILE…`.
struct ChecklistValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check checklist files and report every problem with its line and column.",
        discussion: """
            Each file is checked on its own and then merged with the checklist it extends, \
            which may be bundled, in QMSAUDIT_CHECKLISTS, or another file on the command line. \
            Exit status 0 when no file has an error (warnings allowed), 2 otherwise.

            Examples:
              qmsaudit checklist validate acme-additions.yaml
              qmsaudit checklist validate base.yaml overlay.yaml
            """
    )

    @Argument(help: ArgumentHelp("The checklist files to check.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one checklist file") }
    }

    func run() throws {
        let catalog = try ChecklistCatalog(files: files)
        var errors = 0
        for path in files {
            let validation = try catalog.validate(path: path)
            for diagnostic in validation.diagnostics.sortedByLocation() {
                let source = diagnostic.location.flatMap { validation.sources[$0.path] }
                Console.printError(diagnostic.rendered(source: source))
            }
            errors += validation.diagnostics.filter { $0.severity == .error }.count
            let warnings = validation.diagnostics.filter { $0.severity == .warning }.count
            if let checklist = validation.checklist {
                let note = warnings == 0 ? "" : " (\(warnings.counted("warning")))"
                Console.print(
                    "\(path): ok — checklist '\(checklist.id)',"
                        + " \(checklist.clauses.count.counted("clause")),"
                        + " \(checklist.items.count.counted("item"))\(note)")
            } else {
                let count = validation.diagnostics.filter { $0.severity == .error }.count
                Console.print("\(path): \(count.counted("error"))")
            }
        }
        if errors > 0 { throw ExitCode(2) }
    }
}
