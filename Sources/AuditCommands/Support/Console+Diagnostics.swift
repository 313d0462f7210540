import AuditModel
import Foundation
import ImportKit

extension Console {
    /// Prints `diagnostics` in file and line order, each with its line and a caret.
    ///
    /// Only the lines shown are read from the files, however large they are.
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        var wanted: [String: Set<Int>] = [:]
        for diagnostic in diagnostics {
            if let location = diagnostic.location, location.line > 0 {
                wanted[location.path, default: []].insert(location.line)
            }
        }
        var lines: [String: [Int: String]] = [:]
        for (path, numbers) in wanted where FileManager.default.fileExists(atPath: path) {
            lines[path] = SourceLines.read(numbers, of: path)
        }
        for diagnostic in diagnostics.sortedByLocation() {
            let line = diagnostic.location.flatMap { lines[$0.path]?[$0.line] }
            printError(diagnostic.rendered(line: line))
        }
    }
}
