import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport
import Foundation

/// `qmsaudit checklist show ID`.
struct ChecklistShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a checklist's clause tree with its items.",
        discussion: """
            The JSON form is stable (schema "qmsaudit-checklist/1") and documented in \
            checklists/README.md.

            Examples:
              qmsaudit checklist show iso9001-2015 --clause 7.5
              qmsaudit checklist show iso9001-2015 --stage 1 --format md > stage1.md
              qmsaudit checklist show my-checklist.yaml --format json
            """
    )

    @Argument(help: "A checklist id, or the path of a checklist file.")
    var checklist: String

    @Option(help: "Show only this clause and the clauses below it, e.g. 7.5.")
    var clause: ClauseNumber?

    @Option(help: "Show only the items asked at this stage: 1, 2 or both.")
    var stage: Stage?

    @Option(help: "Output format: table, json or md.")
    var format: OutputFormat = .table

    @OptionGroup var sources: ChecklistSourceOptions

    func validate() throws {
        if format == .csv { throw ValidationError("'checklist show' prints table, json or md") }
    }

    func run() throws {
        var resolved = try sources.resolve(checklist)
        if let stage { resolved = resolved.filtered(stage: stage) }
        if let clause {
            guard let subtree = resolved.subtree(at: clause) else {
                throw CommandError.unknownClause(
                    clause, checklist: resolved.id, hint: resolved.clauseHint(for: clause))
            }
            resolved = subtree
        }
        Console.print(ChecklistRenderer.render(resolved, scope: clause, format: format))
    }
}
