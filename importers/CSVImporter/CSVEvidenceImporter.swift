import AuditModel
public import ImportKit

/// Imports an evidence register kept as a spreadsheet saved as CSV.
///
/// Columns are recognised by their usual names (Clause, Clause No., ISO clause, Requirement,
/// Evidence, Document, Document No., Title, Revision, Date, Review date, Owner, Location,
/// Link, Status, Type, Tags) in any case, or named with `--map field=Column`.
public struct CSVEvidenceImporter: EvidenceImporter {
    /// `csv`.
    public static let name = "csv"
    /// For `qmsaudit import --help`.
    public static let summary =
        "an evidence register saved as CSV (',' ';' or tab; UTF-8, UTF-16 or Windows-1252)"

    /// The fields a column can fill, with the header names each is recognised by.
    public static let fields: [(field: String, names: [String])] = [
        (
            "clause",
            [
                "clause", "clause no", "clause number", "clauses", "iso clause", "requirement",
                "standard clause", "§",
            ]
        ),
        (
            "title",
            [
                "title", "document", "document title", "document name", "evidence", "name",
                "description",
            ]
        ),
        (
            "number",
            [
                "document no", "document number", "doc no", "doc number", "doc id", "document id",
                "reference", "ref", "number",
            ]
        ),
        ("revision", ["revision", "rev", "version", "issue"]),
        (
            "date",
            ["date", "effective date", "issue date", "approved", "approval date", "record date"]
        ),
        ("review", ["review date", "next review", "review due", "due for review"]),
        ("owner", ["owner", "responsible", "process owner", "author"]),
        ("location", ["location", "link", "url", "path", "file"]),
        ("kind", ["kind", "type", "document type"]),
        ("status", ["status", "state"]),
        ("tags", ["tags", "keywords"]),
        ("item", ["item", "item id", "question id", "checklist item"]),
        ("verdict", ["verdict", "result", "assessment", "finding"]),
        ("note", ["note", "notes", "comment", "comments", "auditor note"]),
    ]

    /// Creates the importer.
    public init() {}

    static func normalise(_ header: String) -> String {
        var text = header.lowercased()
        text = String(text.map { $0 == "_" || $0 == "\n" ? " " : $0 })
        while text.hasSuffix(".") || text.hasSuffix(":") || text.hasSuffix(" ") {
            text.removeLast()
        }
        while text.hasPrefix(" ") { text.removeFirst() }
        text = text.split(separator: " ").joined(separator: " ")
        return String(text.filter { $0 != "." })
    }

    /// Reads the register.
    ///
    /// - Throws: `ImportError.unreadable`.
    public func read(_ request: ImportRequest) throws -> ImportResult {
        let path = request.source
        let reader = try CSVReader(path: path, separator: request.separator)
        let sourceName = Self.sourceName(for: path)
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line, column: column)
        }
        guard let header = try reader.next() else {
            return ImportResult(
                sourceName: sourceName, drafts: [],
                diagnostics: reader.diagnostics + [.error("the file is empty", at: at(1, 1))])
        }
        // Map columns to fields: the user's --map first, then the usual names.
        var columns: [String: Int] = [:]
        let normalised = header.fields.map(Self.normalise)
        for (field, column) in request.mapping {
            guard Self.fields.contains(where: { $0.field == field }) else {
                diagnostics.append(
                    .error(
                        "--map names unknown field '\(field)'; fields are "
                            + Self.fields.map(\.field).joined(separator: ", "), at: nil))
                continue
            }
            guard let index = normalised.firstIndex(of: Self.normalise(column)) else {
                diagnostics.append(
                    .error(
                        "--map \(field)=\(column): the header has no column '\(column)'",
                        at: at(header.line, 1)))
                continue
            }
            columns[field] = index
        }
        for (field, column) in request.profileMapping where columns[field] == nil {
            if let index = normalised.firstIndex(of: Self.normalise(column)) {
                columns[field] = index
            }
        }
        for (field, names) in Self.fields where columns[field] == nil {
            if let index = normalised.firstIndex(where: { names.contains($0) }),
                !columns.values.contains(index)
            {
                columns[field] = index
            }
        }
        for (index, name) in header.fields.enumerated() where !columns.values.contains(index) {
            let position = header.positions[index]
            diagnostics.append(
                .warning(
                    "column '\(name)' is not used; name it with --map FIELD='\(name)' if it matters",
                    at: at(position.line, position.column)))
        }
        let answersOnly = columns["item"] != nil && columns["verdict"] != nil
        if columns["title"] == nil && columns["number"] == nil && !answersOnly {
            diagnostics.append(
                .error(
                    "no column holds the title or the document number; name one with"
                        + " --map title=COLUMN", at: at(header.line, 1)))
        }
        if diagnostics.containsErrors {
            return ImportResult(
                sourceName: sourceName, drafts: [], diagnostics: reader.diagnostics + diagnostics)
        }
        let checker = ClauseChecker(request.checklist)
        // Registers repeat the same clause and type cells on many rows: read each text once.
        var clauseCache: [String: (clauses: [ClauseNumber], warnings: [String])] = [:]
        var kindCache: [String: EvidenceKind] = [:]
        var drafts: [EvidenceDraft] = []
        var answers: [Answer] = []
        var answered: [String: Int] = [:]
        let items = request.checklist.itemsByID()
        var keys: [String: Int] = [:]
        var skipped: [Int] = []
        while let record = try reader.next() {
            var rowProblems: [Diagnostic] = []
            if record.fields.count != header.fields.count {
                rowProblems.append(
                    .error(
                        "this row has \(record.fields.count.counted("field")), the header has"
                            + " \(header.fields.count)", at: at(record.line, 1)))
            }
            func cell(_ field: String) -> String {
                guard let index = columns[field], index < record.fields.count else { return "" }
                return record.fields[index].trimmingWhitespace()
            }
            func position(_ field: String) -> SourceLocation {
                guard let index = columns[field], index < record.positions.count else {
                    return at(record.line, 1)
                }
                return at(record.positions[index].line, record.positions[index].column)
            }
            let title = cell("title")
            let number = cell("number")
            // A filled-in checklist: the row answers an item.
            let itemID = cell("item")
            var pendingAnswer: Answer?
            if rowProblems.isEmpty, !itemID.isEmpty, columns["verdict"] != nil {
                if let verdict = AnswerSheet.verdict(cell("verdict")) {
                    let answer = Answer(itemID: itemID, verdict: verdict, note: cell("note"))
                    if let problem = answer.problem(for: items[itemID], in: request.checklist.id) {
                        rowProblems.append(
                            .error(problem, at: position(items[itemID] == nil ? "item" : "verdict"))
                        )
                    } else if let first = answered[itemID] {
                        rowProblems.append(
                            .error(
                                "item '\(itemID)' is answered twice (first on line \(first))",
                                at: position("item")))
                    } else {
                        answered[itemID] = record.line
                        pendingAnswer = answer
                    }
                } else if !cell("verdict").isEmpty {
                    rowProblems.append(
                        .error(
                            "unknown verdict '\(cell("verdict"))'; use conforming, observation, ofi,"
                                + " minor, major or na (or C, NC, nc, O, OFI, N/A, Yes, No, Partial)",
                            at: position("verdict")))
                }
                if rowProblems.isEmpty && title.isEmpty && number.isEmpty {
                    if let pendingAnswer { answers.append(pendingAnswer) }
                    continue
                }
            }
            if rowProblems.isEmpty && title.isEmpty && number.isEmpty {
                rowProblems.append(
                    .error(
                        "the row has neither a title nor a document number", at: at(record.line, 1))
                )
            }
            var clauses: [ClauseNumber] = []
            let clauseText = cell("clause")
            if !clauseText.isEmpty {
                let reading: (clauses: [ClauseNumber], warnings: [String])
                if let cached = clauseCache[clauseText] {
                    reading = cached
                } else {
                    let (found, warnings) = checker.clauses(in: clauseText, at: at(0, 0))
                    reading = (found, warnings.map(\.message))
                    clauseCache[clauseText] = reading
                }
                clauses = reading.clauses
                let location = position("clause")
                diagnostics += reading.warnings.map { .warning($0, at: location) }
            }
            var dates: [String: String] = [:]
            for field in ["date", "review"] where !cell(field).isEmpty {
                if let date = DateText.normalise(cell(field)) {
                    dates[field] = date
                } else {
                    diagnostics.append(
                        .warning(
                            "'\(cell(field))' is not a date qmsaudit reads (use YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)",
                            at: position(field)))
                }
            }
            let key =
                !number.isEmpty ? number : !cell("location").isEmpty ? cell("location") : title
            if rowProblems.isEmpty, let first = keys[key] {
                rowProblems.append(
                    .error(
                        "'\(key)' is listed twice (first on line \(first)); each row needs its own document number or title",
                        at: at(record.line, 1)))
            }
            if !rowProblems.isEmpty {
                if request.skipBadRows {
                    skipped.append(record.line)
                    diagnostics += rowProblems.map {
                        Diagnostic(.warning, "skipped: " + $0.message, at: $0.location)
                    }
                } else {
                    diagnostics += rowProblems
                }
                continue
            }
            keys[key] = record.line
            if let pendingAnswer { answers.append(pendingAnswer) }
            let kindText = cell("kind")
            let kind = kindCache[kindText] ?? Self.kind(kindText)
            kindCache[kindText] = kind
            drafts.append(
                EvidenceDraft(
                    naturalKey: key, kind: kind,
                    title: title.isEmpty ? number : title,
                    documentNumber: number, revision: cell("revision"), location: cell("location"),
                    effectiveDate: dates["date"] ?? "", reviewDate: dates["review"] ?? "",
                    owner: cell("owner"), clauses: clauses,
                    tags: cell("tags").split(whereSeparator: { $0 == "," || $0 == ";" }).map {
                        String($0).trimmingWhitespace()
                    }
                    .filter { !$0.isEmpty },
                    status: cell("status")))
        }
        // Problems in the file's structure (quotes, encoding) cannot be skipped row by row.
        return ImportResult(
            sourceName: sourceName, drafts: drafts, diagnostics: reader.diagnostics + diagnostics,
            skippedLines: skipped, answers: answers)
    }

    /// The evidence kind a "Type" cell names; documents unless it says record, form of record.
    static func kind(_ text: String) -> EvidenceKind {
        if text.isEmpty { return .document }
        let key = text.lowercased()
        if let kind = EvidenceKind(rawValue: key) { return kind }
        let records = [
            "record", "log", "report", "minutes", "certificate", "register entry", "results",
        ]
        return records.contains(where: { key.contains($0) }) ? .record : .document
    }
}

/// Dates as spreadsheets write them.
enum DateText {
    /// `2026-03-01`, `01/03/2026`, `1.3.2026` → `2026-03-01`; day first, as in Europe.
    static func normalise(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(
            String.init)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]),
            let c = Int(parts[2].prefix(4))
        else { return nil }
        let (year, month, day) = parts[0].count == 4 ? (a, b, c) : (c < 100 ? c + 2000 : c, b, a)
        guard (1...12).contains(month), (1900...2999).contains(year) else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return nil }
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}
