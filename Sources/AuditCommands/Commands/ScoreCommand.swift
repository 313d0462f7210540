import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit score`.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Conformity and coverage per clause and overall, and the readiness verdict.",
        discussion: """
            Conformity = Σ(points × weight) / Σ(maximum × weight) over answered, applicable \
            items, with points from the checklist's policy. N/A items leave numerator and \
            denominator; unanswered items lower coverage, reported separately. Readiness gates \
            override the percentage: an open major, missing mandatory documented information, \
            no internal-audit or management-review record (the evidence gates are judged as \
            `qmsaudit gaps` judges them, checking evidence files by size and modification \
            time). A gate that cannot be evaluated is shown as such, never as passed.

            Examples:
              qmsaudit score
              qmsaudit score --by clause --explain
              qmsaudit score --format json > score.json
              qmsaudit score --strict     # exit 1 unless ready
            """
    )

    @Option(help: "section (4–10) or clause (every clause).")
    var by: ScoreRenderer.Grouping = .section

    @Option(help: "table, md, json or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Print every figure's numerator, denominator, weights and exclusions.")
    var explain = false

    @Flag(help: "Exit with status 1 unless the audit is ready.")
    var strict = false

    @Option(help: "The day evidence review dates are judged on (YYYY-MM-DD; default today).")
    var asOf: CalendarDate = .today

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let snapshot = try AuditSnapshot(audit.open(), asOf: asOf)
        let card = snapshot.card
        Console.print(
            ScoreRenderer.render(
                card, info: snapshot.info, grouping: by, format: format, explain: explain))
        if strict && card.readiness.verdict != .ready { throw ExitCode(1) }
    }
}
