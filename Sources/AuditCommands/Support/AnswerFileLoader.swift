import AuditModel
import AuditStore
import Foundation
import ImportKit

/// Loads an answers CSV into an audit file: checks every row, prints every problem with its
/// line and column, and records all the answers in one transaction or none.
enum AnswerFileLoader {
    /// Loads `path` into `file`; returns what changed.
    ///
    /// - Throws: `ExitCode(2)` after printing the diagnostics when the file has errors;
    ///   `ImportError` or `AuditStoreError` when it cannot be read or written.
    static func load(
        _ path: String, into file: AuditFile, separator: UInt8? = nil,
        context: ChangeContext = Invocation.context()
    ) throws -> AuditFile.AnswerOutcome {
        let checklist = try file.checklist()
        let (answers, diagnostics) = try AnswerSheet.read(
            path: path, checklist: checklist, separator: separator)
        Console.printDiagnostics(diagnostics)
        if diagnostics.containsErrors {
            let count = diagnostics.filter { $0.severity == .error }.count
            throw CommandError.inputHasErrors(count: count, nothingChanged: path)
        }
        return try file.record(answers, context: context)
    }
}
