import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import Foundation
import ImportKit

/// `qmsaudit evidence map`: every record's clauses and how they were found, for review; and
/// `--apply FILE` to take an edited map back.
struct EvidenceMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Review the clauses evidence counts for, and how each was found, in bulk.",
        discussion: """
            Lists every record (or with --unmapped those with no clause) with its clauses and \
            how they were found: stated by the source, a number or name in the file's name, \
            folder or title, a rule, or an auditor's decision. Write it as CSV, edit the \
            clauses column or fill in the decision column (accept, reject, reset), and apply \
            it: every row is checked first, and all are applied in one transaction or none. \
            Decisions stay when the source is imported again; 'reset' hands a record back to \
            its imports.

            Examples:
              qmsaudit evidence map --unmapped
              qmsaudit evidence map --format csv > map.csv
              qmsaudit evidence map --apply map.csv
            """
    )

    @Flag(help: "Only records with no clause.")
    var unmapped = false

    @Option(help: "table, json, md or csv.")
    var format: OutputFormat = .table

    @Option(
        help: ArgumentHelp("Apply an edited map (CSV) instead of listing.", valueName: "file"))
    var apply: String?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if apply != nil && (unmapped || format != .table) {
            throw ValidationError("--apply takes no --unmapped or --format")
        }
    }

    func run() throws {
        let file = try audit.open()
        if let apply {
            let outcome = try ClauseMapLoader.apply(apply, to: file)
            Console.print(
                "\(apply): \(outcome.accepted.count) accepted, \(outcome.rejected.count)"
                    + " rejected, \(outcome.set.count) changed, \(outcome.reset.count) reset,"
                    + " \(outcome.unchanged) unchanged")
            return
        }
        var records = try file.evidence().filter { !$0.removedFromSource }
        if unmapped { records = records.filter { $0.draft.clauses.isEmpty } }
        Console.write(EvidenceRenderer.map(records, format: format))
    }
}

/// Loads an edited clause map into an audit file: checks every row, prints every problem with
/// its line and column, and applies all the rows in one transaction or none.
enum ClauseMapLoader {
    /// Applies `path` to `file`; returns what changed.
    ///
    /// - Throws: `CommandError.inputHasErrors` after printing the diagnostics when the file has
    ///   errors; `ImportError` or `AuditStoreError` when it cannot be read or written.
    static func apply(_ path: String, to file: AuditFile) throws
        -> AuditFile.ClauseDecisionOutcome
    {
        let (rows, diagnostics) = try ClauseMapSheet.read(path: path, checklist: file.checklist())
        Console.printDiagnostics(diagnostics)
        if diagnostics.containsErrors {
            let count = diagnostics.filter { $0.severity == .error }.count
            throw CommandError.inputHasErrors(count: count, nothingChanged: path)
        }
        let decisions = rows.map { row in
            AuditFile.ClauseDecision(
                number: row.number, clauses: row.clauses,
                kind: AuditFile.ClauseDecision.Kind(
                    rawValue: row.decision.isEmpty ? "keep" : row.decision) ?? .keep,
                place: "\(path):\(row.location.line):\(row.location.column)")
        }
        return try file.decideClauses(decisions, context: Invocation.context())
    }
}
