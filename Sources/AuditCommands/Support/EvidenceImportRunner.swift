import AuditModel
import AuditStore
import Foundation
import ImportKit

/// Runs one import into an audit file: hands the importer what the audit already holds from
/// the source, prints every diagnostic, refuses to import when any is an error, and records the
/// rest in one transaction.
enum EvidenceImportRunner {
    /// Imports `request.source` with `importer` into `file`.
    ///
    /// - Parameters:
    ///   - importer: the importer to run.
    ///   - request: what to read; its `previous` is filled in here.
    ///   - file: the audit file.
    ///   - dryRun: report what would change, change nothing.
    /// - Returns: the importer's result and what changed.
    /// - Throws: `CommandError.inputHasErrors` after printing the diagnostics, `ImportError`,
    ///   `AuditStoreError`.
    static func run(
        _ importer: any EvidenceImporter, request: ImportRequest, into file: AuditFile,
        dryRun: Bool = false
    ) throws -> (result: ImportResult, report: ImportReport) {
        var request = request
        let sourceName = type(of: importer).sourceName(for: request.source)
        for record in try file.evidence() where record.source == sourceName {
            request.previous[record.draft.naturalKey] = record.draft
        }
        let result = try importer.read(request)
        let text =
            FileManager.default.fileExists(atPath: request.source)
            ? try? String(contentsOfFile: request.source, encoding: .utf8) : nil
        for diagnostic in result.diagnostics.sortedByLocation() {
            Console.printError(diagnostic.rendered(source: text))
        }
        if result.diagnostics.containsErrors {
            let count = result.diagnostics.filter { $0.severity == .error }.count
            throw CommandError.inputHasErrors(count: count, nothingChanged: request.source)
        }
        if !result.skippedLines.isEmpty {
            Console.printError(
                "skipped \(result.skippedLines.count.counted("row")) with errors: lines "
                    + result.skippedLines.map(String.init).joined(separator: ", "))
        }
        let report = try file.importEvidence(
            result.drafts, answers: result.answers, source: result.sourceName, dryRun: dryRun,
            context: Invocation.context())
        return (result, report)
    }
}
