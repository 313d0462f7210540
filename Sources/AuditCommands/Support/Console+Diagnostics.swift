import AuditModel
import Foundation
import ImportKit

extension Console {
    /// How many diagnostics with one message are printed in full before the rest are summed
    /// up in one line.
    static let repeatsShown = 3

    /// Prints `diagnostics` in file and line order, each with its line and a caret.
    ///
    /// Only the lines shown are read from the files, however large they are. A message that
    /// recurs (the same clause title on 2,857 rows) is printed in full `repeatsShown` times,
    /// then once as "… and 2,854 more like it on lines …".
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        let sorted = diagnostics.sortedByLocation()
        var occurrences: [String: [Diagnostic]] = [:]
        for diagnostic in sorted {
            occurrences[Self.repeatKey(diagnostic), default: []].append(diagnostic)
        }
        var shown: [String: Int] = [:]
        var printed: [Diagnostic] = []
        var summaries: [Int: String] = [:]
        for diagnostic in sorted {
            let key = Self.repeatKey(diagnostic)
            let count = shown[key, default: 0]
            shown[key] = count + 1
            guard count < repeatsShown else { continue }
            printed.append(diagnostic)
            let all = occurrences[key] ?? []
            if count == repeatsShown - 1 && all.count > repeatsShown {
                summaries[printed.count - 1] = Self.summary(all.dropFirst(repeatsShown))
            }
        }
        var wanted: [String: Set<Int>] = [:]
        for diagnostic in printed {
            if let location = diagnostic.location, location.line > 0 {
                wanted[location.path, default: []].insert(location.line)
            }
        }
        var lines: [String: [Int: String]] = [:]
        for (path, numbers) in wanted where FileManager.default.fileExists(atPath: path) {
            lines[path] = SourceLines.read(numbers, of: path)
        }
        for (index, diagnostic) in printed.enumerated() {
            let line = diagnostic.location.flatMap { lines[$0.path]?[$0.line] }
            printError(diagnostic.rendered(line: line))
            if let summary = summaries[index] { printError(summary) }
        }
    }

    /// Diagnostics that say the same thing about the same file repeat one another.
    private static func repeatKey(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.location?.path ?? "")\u{0}\(diagnostic.severity)\u{0}\(diagnostic.message)"
    }

    /// `PATH: warning: … and N more like it on lines A, B, … Z`.
    private static func summary(_ rest: ArraySlice<Diagnostic>) -> String {
        guard let first = rest.first else { return "" }
        let numbers = rest.compactMap { $0.location?.line }.filter { $0 > 0 }
        var placement = ""
        if !numbers.isEmpty {
            let listed = numbers.prefix(12).map(String.init).joined(separator: ", ")
            placement =
                " on line\(numbers.count == 1 ? "" : "s") \(listed)"
                + (numbers.count > 12 ? ", …, \(numbers[numbers.count - 1])" : "")
        }
        let path = first.location.map { $0.path + ": " } ?? ""
        return "\(path)\(first.severity.rawValue): … and \(rest.count.grouped) more like it"
            + placement
    }
}
