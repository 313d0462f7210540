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
            override the percentage; a gate qmsaudit cannot evaluate yet is shown as such, \
            never as passed.

            Examples:
              qmsaudit score
              qmsaudit score --by clause --explain
              qmsaudit score --format json > score.json
              qmsaudit score --strict     # exit 1 unless ready
            """
    )

    @Option(help: "section (4–10) or clause (every clause).")
    var by: ScoreRenderer.Grouping = .section

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Print every figure's numerator, denominator, weights and exclusions.")
    var explain = false

    @Flag(help: "Exit with status 1 unless the audit is ready.")
    var strict = false

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if format == .md { throw ValidationError("'score' prints table, json or csv") }
    }

    func run() throws {
        let file = try audit.open()
        let card = ScoreCard(
            checklist: try file.checklist(), responses: try file.responses(),
            register: try file.findingRegister())
        Console.print(
            ScoreRenderer.render(
                card, info: try file.info(), grouping: by, format: format, explain: explain))
        if strict && card.readiness.verdict != .ready { throw ExitCode(1) }
    }
}
