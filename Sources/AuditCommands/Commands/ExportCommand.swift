import ArgumentParser
import AuditModel
import AuditStore

/// `qmsaudit export`: the audit in a format other programs read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole audit as JSON, for backup, diff and other programs.",
        discussion: """
            --format json writes everything the audit file holds — metadata, the checklist \
            with its SHA-256, answers, findings, corrective actions with their steps and \
            verifications, evidence sources, imports and records, links, the audit's \
            records (plan, profile, report, programme) and the journal — as one \
            qmsaudit-audit/1 document (schemas/qmsaudit-audit-1.schema.json). Members and rows \
            come in a fixed order, one row a line, so two exports of the same audit are the \
            same byte for byte and a diff shows what changed. 'qmsaudit init --from-json FILE' \
            rebuilds the audit file from it.

            The export is read from one snapshot of the audit and written a row at a time; \
            with --out it is written under a temporary name and renamed into place when \
            complete.

            Examples:
              qmsaudit export --format json --out acme-2026.json
              qmsaudit export --format json | jq '.findings[] | select(.class == "major")'
            """
    )

    @Option(help: "json (the whole audit, qmsaudit-audit/1).")
    var format: ExportFormat = .json

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        guard let out else {
            try file.exportJSON(emit: Console.write)
            return
        }
        let summary = try file.exportJSON(to: out)
        do {
            Console.print(
                "wrote \(out): \(summary.rows("responses").counted("answer")), "
                    + "\(summary.rows("findings").counted("finding")), "
                    + "\(summary.rows("evidence").counted("evidence record")), "
                    + "\(summary.journalEvents.counted("journal event"))")
        }
    }
}

/// What `qmsaudit export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json
}
