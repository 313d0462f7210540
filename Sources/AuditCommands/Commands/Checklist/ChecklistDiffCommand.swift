import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport

/// `qmsaudit checklist diff OLD NEW`.
struct ChecklistDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two checklists: clauses and items.",
        discussion: """
            Clauses added, removed, renumbered, split, merged or retitled; items added, \
            removed, reworded, moved, or changed in stage, weight, N/A allowance, documented \
            information, condition or good-practice flag. Works for any two checklists: two \
            revisions of one, an overlay against its base, or two editions — when NEW \
            supersedes OLD, its edition mapping says where each clause and item went. JSON \
            schema "qmsaudit-checklist-diff/1".

            Examples:
              qmsaudit checklist diff iso9001-2015 iso9001-2026-draft
              qmsaudit checklist diff iso9001-2015 acme-iso9001 --checklist acme-additions.yaml
              qmsaudit checklist diff old.yaml new.yaml --format md
            """
    )

    @Argument(help: "The older checklist: an id or a file.")
    var old: String

    @Argument(help: "The newer checklist: an id or a file.")
    var new: String

    @Option(help: "Output format: table, json or md.")
    var format: OutputFormat = .table

    @OptionGroup var sources: ChecklistSourceOptions

    func validate() throws {
        if format == .csv { throw ValidationError("'checklist diff' prints table, json or md") }
    }

    func run() throws {
        let diff = ChecklistDiff(old: try sources.resolve(old), new: try sources.resolve(new))
        Console.write(ChecklistDiffRenderer.render(diff, format: format))
    }
}
