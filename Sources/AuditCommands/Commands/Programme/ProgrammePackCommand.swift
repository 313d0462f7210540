import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import Foundation

/// `qmsaudit programme pack`: the Stage 1 pack of an audit, with the programme beside it.
struct ProgrammePackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "The Stage 1 pack of an audit, with the programme's plan, coverage and the"
            + " management review input.",
        discussion: """
            Everything 'qmsaudit pack' writes for the audit file, and under programme/ the \
            plan (plan.csv, plan.json), the coverage matrix of the cycle (coverage.csv, \
            coverage.json, coverage.md) and the management review input (review-input.html, \
            review-input.md). The manifest lists them with the rest, so 'qmsaudit pack verify' \
            checks them too.

            Example:
              qmsaudit programme pack --audit ia-2027-02.qmsaudit --cycle 2027 \\
                --zip programme-pack.zip --copy-evidence
            """)

    @Option(help: ArgumentHelp("Write the pack into this folder.", valueName: "folder"))
    var out: String?

    @Option(help: ArgumentHelp("Write the pack as this ZIP file.", valueName: "file"))
    var zip: String?

    @Flag(help: "Copy the evidence files into the pack.")
    var copyEvidence = false

    @Option(help: "The cycle the coverage is shown for (default every audit).")
    var cycle: Int?

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("organisation or certification-body.", valueName: "audience"))
    var audience: StageOnePack.Audience = .organisation

    @Option(help: "The day dates are judged on (default today).")
    var asOf: CalendarDate = .today

    @OptionGroup var audit: AuditFileOptions

    @OptionGroup var programme: ProgrammeFileOptions

    func validate() throws {
        if out == nil && zip == nil {
            throw ValidationError("say where the pack goes: --out DIR, --zip FILE, or both")
        }
    }

    func run() throws {
        let state = try programme.open().state()
        let file = try audit.open()
        let snapshot = try AuditSnapshot(file, asOf: asOf)
        var pack = snapshot.stageOnePack(
            journal: try file.journal(), asOf: asOf, copyEvidence: copyEvidence)
        pack.audience = audience
        pack.profile = try file.profile()
        pack.plan = try file.plan()
        let coverage = ProgrammeCoverage(state, year: cycle)
        let review = ReviewInputDocument(ReviewInput(state, today: asOf))
        let planned = state.planned.sorted {
            ($0.planned?.day ?? .max, $0.id) < ($1.planned?.day ?? .max, $1.id)
        }
        pack.supplements = [
            ("programme/plan.csv", ProgrammeRenderer.plan(planned, format: .csv)),
            ("programme/plan.json", ProgrammeRenderer.plan(planned, format: .json)),
            ("programme/coverage.csv", ProgrammeRenderer.coverage(coverage, format: .csv)),
            ("programme/coverage.json", ProgrammeRenderer.coverage(coverage, format: .json)),
            ("programme/coverage.md", ProgrammeRenderer.coverage(coverage, format: .md)),
            ("programme/review-input.html", review.render(.html)),
            ("programme/review-input.md", review.render(.md)),
        ]
        let summary = try pack.write(folder: out, zip: zip)
        for destination in [out.map { $0 + "/" }, zip].compactMap({ $0 }) {
            Console.print(
                "\(destination): \(summary.files.count.counted("file")) written"
                    + " (\(pack.supplements.count) from the programme)")
        }
        Console.print("manifest.json SHA-256: \(summary.manifestSHA256)")
    }
}
