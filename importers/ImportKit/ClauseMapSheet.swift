public import AuditModel

/// Reads an edited clause map (`qmsaudit evidence map --format csv`, changed by hand): for each
/// row, the record's clauses as they should be and a decision.
///
/// Columns, in any order and case: `id` (the evidence id), `clauses` (clause numbers separated
/// by spaces, commas or semicolons) and optionally `decision`: empty (the clauses column
/// stands when it was changed), `accept` (the clauses column is right; later imports leave it),
/// `reject` (the record is evidence for no clause), `reset` (back to what the imports give).
/// Other columns (`title`, `how`) are there to read and are ignored.
public enum ClauseMapSheet {
    /// One row's decision.
    public struct Row: Hashable, Sendable {
        /// The evidence number.
        public var number: Int
        /// The clauses the row gives.
        public var clauses: [ClauseNumber]
        /// What the row decides: `accept`, `reject`, `reset`, or empty.
        public var decision: String
        /// Where the row is.
        public var location: SourceLocation
    }

    /// Reads and checks every row of `path` against `checklist`.
    ///
    /// - Returns: the rows in file order and every problem found, each at its line and column;
    ///   use the rows only when no diagnostic is an error.
    /// - Throws: `ImportError.unreadable` when the file cannot be read.
    public static func read(path: String, checklist: Checklist) throws
        -> (rows: [Row], diagnostics: [Diagnostic])
    {
        let copy = try PipeCopy(of: path)
        defer { copy?.remove() }
        let reader = try CSVReader(
            path: copy?.path ?? path, separator: nil, named: copy == nil ? nil : path)
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line, column: column)
        }
        guard let header = try reader.next() else {
            return ([], reader.diagnostics + [.error("the file is empty", at: at(1, 1))])
        }
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = name.lowercased().trimmingWhitespace()
            if ["id", "clauses", "decision"].contains(key) { index[key] = position }
        }
        for required in ["id", "clauses"] where index[required] == nil {
            diagnostics.append(
                .error(
                    "the header has no '\(required)' column (write the map with 'qmsaudit"
                        + " evidence map --format csv' and edit that)", at: at(header.line, 1)))
        }
        guard let idColumn = index["id"], let clausesColumn = index["clauses"] else {
            return ([], reader.diagnostics + diagnostics)
        }
        let known = Set(checklist.clauses.map(\.number))
        var rows: [Row] = []
        var seen: [Int: Int] = [:]
        while let record = try reader.next() {
            func position(_ column: Int) -> SourceLocation {
                guard column < record.positions.count else { return at(record.line, 1) }
                return at(record.positions[column].line, record.positions[column].column)
            }
            func cell(_ column: Int?) -> String {
                guard let column, column < record.fields.count else { return "" }
                return record.fields[column].trimmingWhitespace()
            }
            if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            let id = cell(idColumn)
            guard let number = Evidence.number(id: id) else {
                diagnostics.append(
                    .error(
                        "'\(id)' is not an evidence id (such as EV-0001)", at: position(idColumn)))
                continue
            }
            if let first = seen[number] {
                diagnostics.append(
                    .error(
                        "\(Evidence.id(number: number)) is listed twice (first on line \(first))",
                        at: position(idColumn)))
                continue
            }
            seen[number] = record.line
            var clauses: [ClauseNumber] = []
            var rowIsBad = false
            for word in cell(clausesColumn).split(whereSeparator: { " ,;".contains($0) }) {
                guard let clause = ClauseNumber(String(word)), known.contains(clause) else {
                    diagnostics.append(
                        .error(
                            "'\(word)' is not a clause of checklist '\(checklist.id)'",
                            at: position(clausesColumn)))
                    rowIsBad = true
                    continue
                }
                if !clauses.contains(clause) { clauses.append(clause) }
            }
            var decision = cell(index["decision"]).lowercased()
            switch decision {
            case "", "accept", "reject", "reset": break
            case "accepted": decision = "accept"
            case "rejected": decision = "reject"
            default:
                diagnostics.append(
                    .error(
                        "decision '\(decision)' is not accept, reject, reset or empty",
                        at: position(index["decision"] ?? 0)))
                rowIsBad = true
            }
            if rowIsBad { continue }
            rows.append(
                Row(
                    number: number, clauses: clauses, decision: decision,
                    location: position(idColumn)))
        }
        return (rows, reader.diagnostics + diagnostics)
    }
}
