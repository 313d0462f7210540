import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport

/// `qmsaudit demo`: shows what qmsaudit does on the bundled material.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Validate and summarise the bundled checklists.",
        discussion: """
            For now the demo covers the checklist engine: it validates every bundled \
            checklist and summarises it. Audit files, evidence import, findings and the \
            Stage 1 pack are not built yet; the demo will grow with them.
            """
    )

    func run() throws {
        let catalog = try ChecklistCatalog(folder: nil)
        Console.print("qmsaudit \(ToolVersion.current) demo: the bundled checklists\n")
        var errors = 0
        for entry in catalog.files where entry.origin == .bundled {
            let validation = try catalog.validate(path: entry.path)
            guard let checklist = validation.checklist else {
                errors += 1
                for diagnostic in validation.diagnostics {
                    Console.printError(diagnostic.description)
                }
                continue
            }
            let warnings = validation.diagnostics.filter { $0.severity == .warning }.count
            let base = try checklist.base.map { try catalog.checklist(id: $0) }
            Console.print(
                ChecklistSummaryRenderer.render(checklist, warnings: warnings, base: base) + "\n")
        }
        Console.print(
            """
            Try next:
              qmsaudit checklist show iso9001-2015 --clause 7.5
              qmsaudit checklist show iso9001-2015-stage1 --stage 1 --format md
              qmsaudit checklist validate examples/acme-widgets/checklists/acme-additions.yaml

            Not built yet: audit files (init, run, answer, score), evidence import, findings and \
            corrective actions, and the Stage 1 pack.
            """)
        if errors > 0 { throw CommandError.inputHasErrors(count: errors) }
    }
}
