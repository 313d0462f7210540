import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport

/// `qmsaudit checklist list`.
struct ChecklistListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the checklists qmsaudit knows: id, title, edition, item count.",
        discussion: """
            Examples:
              qmsaudit checklist list
              qmsaudit checklist list --checklist acme-additions.yaml --format json
            """
    )

    @OptionGroup var sources: ChecklistSourceOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if format == .md { throw ValidationError("'checklist list' prints table, json or csv") }
    }

    func run() throws {
        let catalog = try sources.catalog()
        var rows: [ChecklistListRenderer.Row] = []
        var broken = 0
        for id in catalog.ids {
            guard let entry = catalog.files.last(where: { $0.id == id }) else { continue }
            do {
                let checklist = try catalog.checklist(id: id)
                rows.append(
                    .init(checklist: checklist, origin: entry.origin.rawValue, path: entry.path))
            } catch {
                broken += 1
                Console.printError(
                    "warning: checklist '\(id)' (\(entry.path)) has errors and is left out;"
                        + " run 'qmsaudit checklist validate \(entry.path)'")
            }
        }
        for entry in catalog.files where entry.id == nil {
            broken += 1
            Console.printError(
                "warning: \(entry.path) could not be read as a checklist; run"
                    + " 'qmsaudit checklist validate \(entry.path)'")
        }
        for note in catalog.notes { Console.printError(note.description) }
        Console.print(ChecklistListRenderer.render(rows, format: format))
    }
}
