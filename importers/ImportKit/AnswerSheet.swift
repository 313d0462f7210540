public import AuditModel

/// Reads answers from a CSV file: one row per item, checked against the audit's checklist.
///
/// The header names the columns, in any order and case: `item` (or `item id`, `id`),
/// `verdict` (or `result`, `status`), and optionally `note`, `justification` and `sample`.
/// Verdicts are read by the checklist's vocabulary (`VerdictVocabulary`): qmsaudit's own names
/// and the words filled-in checklists use, in any case. An N/A row's justification may stand
/// in its note (Comment) column.
public enum AnswerSheet {
    /// The columns an answers file can have, with the header names each is recognised by.
    static let columns: [(field: String, names: [String])] = [
        ("item", ["item", "item id", "item_id", "id", "question id"]),
        ("verdict", ["verdict", "result", "status"]),
        ("note", ["note", "notes", "comment", "comments"]),
        ("justification", ["justification", "n/a justification", "na justification", "reason"]),
        ("sample", ["sample", "sampling", "sampling note"]),
    ]

    /// Reads and checks every row of `path`.
    ///
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - checklist: the audit's checklist, which every answer must fit.
    ///   - separator: the field separator; `nil` sniffs it (`,`, `;` or tab).
    /// - Returns: the answers in file order, and every problem found (each with its line and
    ///   column). Use the answers only when no diagnostic is an error.
    /// - Throws: `ImportError.unreadable` when the file cannot be read.
    public static func read(path: String, checklist: Checklist, separator: UInt8? = nil) throws
        -> (answers: [Answer], diagnostics: [Diagnostic])
    {
        // A pipe (`<(…)`, /dev/stdin) is read once: sniffing the encoding would use it up.
        let copy = try PipeCopy(of: path)
        defer { copy?.remove() }
        let reader = try CSVReader(
            path: copy?.path ?? path, separator: separator, named: copy == nil ? nil : path)
        let vocabulary = checklist.policy.vocabulary
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line, column: column)
        }
        guard let header = try reader.next() else {
            return (
                [],
                reader.diagnostics + [
                    .error(
                        "the file is empty; it needs a header row with 'item' and 'verdict'",
                        at: at(1, 1))
                ]
            )
        }
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = name.lowercased().trimmingWhitespace()
            guard let column = columns.first(where: { $0.names.contains(key) }) else {
                let (line, column) = header.positions[position]
                diagnostics.append(
                    .warning(
                        "column '\(name)' is not used; known columns are item, verdict, note, justification, sample",
                        at: at(line, column)))
                continue
            }
            if index[column.field] != nil {
                let (line, col) = header.positions[position]
                diagnostics.append(.error("two columns mean '\(column.field)'", at: at(line, col)))
            }
            index[column.field] = position
        }
        for required in ["item", "verdict"] where index[required] == nil {
            diagnostics.append(
                .error("the header has no '\(required)' column", at: at(header.line, 1)))
        }
        guard let itemColumn = index["item"], let verdictColumn = index["verdict"] else {
            return ([], reader.diagnostics + diagnostics)
        }
        var answers: [Answer] = []
        var seen: [String: Int] = [:]
        let items = checklist.itemsByID()
        while let record = try reader.next() {
            if record.fields.count != header.fields.count {
                diagnostics.append(
                    .error(
                        "this row has \(record.fields.count.counted("field")), the header has"
                            + " \(header.fields.count)", at: at(record.line, 1)))
                continue
            }
            func cell(_ field: String) -> String {
                index[field].map { record[$0].trimmingWhitespace() } ?? ""
            }
            func position(_ column: Int) -> SourceLocation {
                at(record.positions[column].line, record.positions[column].column)
            }
            let itemID = cell("item")
            guard !itemID.isEmpty else {
                diagnostics.append(.error("the item cell is empty", at: position(itemColumn)))
                continue
            }
            guard let verdict = vocabulary.verdict(cell("verdict")) else {
                diagnostics.append(
                    .error(vocabulary.unknown(cell("verdict")), at: position(verdictColumn)))
                continue
            }
            if let first = seen[itemID] {
                diagnostics.append(
                    .error(
                        "item '\(itemID)' is answered twice (first on line \(first))",
                        at: position(itemColumn)))
                continue
            }
            seen[itemID] = record.line
            let answer = Answer(
                itemID: itemID, verdict: verdict, note: cell("note"),
                justification: verdict == .na && cell("justification").isEmpty
                    ? cell("note") : cell("justification"), sample: cell("sample"))
            if let problem = answer.problem(for: items[itemID], in: checklist.id) {
                let column = items[itemID] == nil ? itemColumn : verdictColumn
                diagnostics.append(.error(problem, at: position(column)))
                continue
            }
            answers.append(answer)
        }
        return (answers, reader.diagnostics + diagnostics)
    }
}
