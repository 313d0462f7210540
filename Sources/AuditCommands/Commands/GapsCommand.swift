import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit gaps`.
struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "The gap analysis: what is still missing before a Stage 1 review.",
        discussion: """
            Lists applicable clauses with no evidence; the mandatory documented information of \
            every item (present, missing, or not applicable with its justification); items not \
            answered; evidence past its review date, whose file changed or is missing, or that \
            its source no longer lists; whether records of an internal audit (9.2) and a \
            management review (9.3) are on file; N/A answers without a justification.

            Evidence counts for a clause when it was imported or linked for it, for a clause \
            below it, or for a parent clause other than the top-level section. A "maintain" \
            requirement needs a document, a "retain" requirement a record; evidence linked to \
            the item counts whatever its kind. Files are checked by size and modification time; \
            --rehash re-reads every file and compares its SHA-256.

            --transition ID lists, for an audit on the checklist ID supersedes, each thing the \
            newer edition adds or changes, whether this audit's answers and evidence cover it, \
            and what the organisation should do: a short action list for the move.

            Examples:
              qmsaudit gaps
              qmsaudit gaps --format md > gaps.md
              qmsaudit gaps --format json --rehash
              qmsaudit gaps --strict      # exit 1 when anything is missing
              qmsaudit gaps --transition iso9001-2026-draft
            """
    )

    @Option(help: "table, json, md or csv.")
    var format: OutputFormat = .table

    @Option(help: "The day evidence review dates are judged on (YYYY-MM-DD; default today).")
    var asOf: CalendarDate = .today

    @Flag(help: "Re-hash every evidence file instead of comparing size and modification time.")
    var rehash = false

    @Flag(help: "Exit with status 1 when the analysis finds any gap.")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "Instead: what a newer edition's checklist (one that supersedes the audit's) adds"
                + " or changes, and which of it the audit does not yet cover.",
            valueName: "id-or-file"))
    var transition: String?

    @OptionGroup var sources: ChecklistSourceOptions

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        if let transition {
            let view = try audit.open().transition(to: try sources.resolve(transition))
            Console.write(TransitionRenderer.render(view, format: format))
            if strict && !view.open.isEmpty { throw ExitCode(1) }
            return
        }
        let snapshot = try AuditSnapshot(
            audit.open(), asOf: asOf, check: rehash ? .rehash : .quick)
        Console.print(GapRenderer.render(snapshot.gaps, info: snapshot.info, format: format))
        if strict && !snapshot.gaps.isClean { throw ExitCode(1) }
    }
}
