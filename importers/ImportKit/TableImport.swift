public import AuditModel
public import ImportTransport

#if canImport(Glibc)
    import Glibc
#endif

/// Rows of cells under a header row: a CSV file, a worksheet, the records of an XML export.
///
/// `TableImport` maps such rows to evidence the same way whatever the source.
public protocol TableRows: AnyObject {
    /// Moves to the next row; false after the last.
    ///
    /// - Throws: what reading the source throws.
    func readRow() throws -> Bool
    /// The line (or row number) the current row starts on.
    var rowLine: Int { get }
    /// The number of cells in the current row.
    var fieldCount: Int { get }
    /// The current row's cell at `index` without surrounding whitespace; `""` when there is
    /// no such cell (including `index < 0`).
    func trimmedField(_ index: Int) -> String
    /// The UTF-8 bytes of `trimmedField(index)`, valid until the next row is read: read in
    /// place where the source allows (a fast path: no string per cell).
    func trimmedText(_ index: Int) -> UnsafeBufferPointer<UInt8>
    /// Where the cell at `index` starts: line (or row) and column.
    func position(_ index: Int) -> (line: Int, column: Int)
}

/// The header row of a table: column names and where each stands.
public struct TableHeader: Sendable {
    /// The column names, in order.
    public var names: [String]
    /// Where each name stands: line (or row) and column.
    public var positions: [(line: Int, column: Int)]
    /// The header's line (or row number).
    public var line: Int

    /// Creates a header.
    public init(names: [String], positions: [(line: Int, column: Int)], line: Int) {
        self.names = names
        self.positions = positions
        self.line = line
    }
}

/// The field each column of a table's header fills.
public struct TableColumns: Sendable {
    /// Field name → column index.
    public var fields: [String: Int]
    /// How many columns the header has.
    public var count: Int
    /// Notes on how the columns were read; errors when the mapping cannot work.
    public var diagnostics: [Diagnostic]
    /// The columns no field takes, kept on each record as attributes: the column's index and
    /// its header as a JSON string (quoted and escaped, ready to be written).
    public var attributes: [(column: Int, name: [UInt8])] = []
    /// Leave out rows with errors (and list them) instead of importing nothing.
    public var skipBadRows = false
    /// The kind column's header as a JSON string: a cell that says more than a kind
    /// ("Work instruction", "Minutes") is kept as an attribute of that name too.
    public var kindName: [UInt8] = []

    /// Whether rows bring answers (an item and a verdict column): a filled-in checklist.
    public var readsAnswers: Bool { fields["item"] != nil && fields["verdict"] != nil }
}

/// Turns rows under a header into evidence (and answers, for a filled-in checklist): the
/// column mapping, clause checking, dates, natural keys and bad-row handling that CSV, Excel
/// and XML imports share.
public enum TableImport {
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
            ["title", "document", "document title", "document name", "evidence", "name"]
        ),
        (
            "number",
            [
                "document no", "document number", "doc no", "doc number", "doc id", "document id",
                "reference", "ref", "number", "record no", "record number", "record id",
                "reference no", "ref no", "id", "no",
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
        (
            "description",
            [
                "description", "remarks", "remark", "comments", "comment", "notes", "note",
                "details", "summary", "bemerkung", "bemerkungen", "beschreibung", "kommentar",
                "anmerkung", "anmerkungen", "hinweis",
            ]
        ),
        ("item", ["item", "item id", "question id", "checklist item"]),
        ("verdict", ["verdict", "result", "assessment", "finding"]),
        ("note", ["note", "notes", "comment", "comments", "auditor note"]),
    ]

    /// A header cell as compared with field names: lower case, single spaces, no dots, no
    /// trailing colon.
    public static func normalise(_ header: String) -> String {
        var text = header.lowercased()
        text = String(text.map { $0 == "_" || $0 == "\n" ? " " : $0 })
        while text.hasSuffix(".") || text.hasSuffix(":") || text.hasSuffix(" ") {
            text.removeLast()
        }
        while text.hasPrefix(" ") { text.removeFirst() }
        text = text.split(separator: " ").joined(separator: " ")
        return String(text.filter { $0 != "." })
    }

    /// Maps `rows` (read after `header`) to evidence, handing each record to `sink`.
    ///
    /// - Parameters:
    ///   - header: the header row.
    ///   - rows: the rows after it.
    ///   - mapping: which columns fill which fields.
    ///   - request: the import request (the checklist).
    ///   - path: the path shown in diagnostics.
    ///   - sourceName: the name the records are filed under.
    ///   - sink: receives the records packed in batches, each as soon as it is full.
    /// - Returns: the result without drafts; the reader's own diagnostics are the caller's to add.
    /// - Throws: what reading the rows or `sink` throws.
    public static func stream<Rows: TableRows>(
        header: TableHeader, rows: Rows, mapping: TableMapping, request: ImportRequest,
        path: String, sourceName: String, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        let columns = Self.columns(of: header, mapping: mapping, path: path)
        if columns.diagnostics.containsErrors {
            return ImportResult(
                sourceName: sourceName, drafts: [], diagnostics: columns.diagnostics)
        }
        var result = try map(
            rows, columns: columns, request: request, path: path, sourceName: sourceName, to: sink)
        result.diagnostics = columns.diagnostics + result.diagnostics
        return result
    }

    /// The 0-based index of a column written as letters (`C`, `AA`) or a 1-based position
    /// (`3`), or `nil`.
    static func columnIndex(_ text: String) -> Int? {
        if let position = Int(text) { return position >= 1 ? position - 1 : nil }
        guard !text.isEmpty, text.count <= 3, text.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        var value = 0
        for scalar in text.uppercased().unicodeScalars {
            value = value * 26 + Int(scalar.value - 64)
        }
        return value - 1
    }

    /// The letters of 0-based column `index`: `A`, …, `Z`, `AA`.
    static func columnLetter(_ index: Int) -> String {
        var index = index + 1
        var letters = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            index = (index - 1) / 26
        }
        return letters
    }

    /// The field each column of `header` fills: the user's `--map` first, then the profile's,
    /// then the usual names; every other column is kept as an attribute of each record (a
    /// note lists them), and an error says when the mapping cannot work.
    ///
    /// A register's Description, Remarks or Notes column is its description; in a filled-in
    /// checklist (an item and a verdict column) a Comment or Notes column is the answer's note.
    /// A description column is the title when no column is.
    /// A `--map` column is a header name, or `@C` / `@3` for the column by letter or position
    /// (a name several columns share is refused).
    public static func columns(
        of header: TableHeader, mapping: TableMapping, path: String
    ) -> TableColumns {
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line, column: column)
        }
        var columns: [String: Int] = [:]
        let normalised = header.names.map(Self.normalise)
        for (field, column) in mapping.mapping.sorted(by: { $0.key < $1.key }) {
            guard Self.fields.contains(where: { $0.field == field }) else {
                diagnostics.append(
                    .error(
                        "--map names unknown field '\(field)'; fields are "
                            + Self.fields.map(\.field).joined(separator: ", "), at: nil))
                continue
            }
            // `@C` or `@3`: the column by its letter or position, for headers that repeat.
            if column.hasPrefix("@") {
                guard let index = Self.columnIndex(String(column.dropFirst())),
                    index < header.names.count
                else {
                    diagnostics.append(
                        .error(
                            "--map \(field)=\(column): the header has no column \(column) (it has"
                                + " \(header.names.count); write @A… or @1…)",
                            at: at(header.line, 1)))
                    continue
                }
                columns[field] = index
                continue
            }
            let matching = normalised.indices.filter { normalised[$0] == Self.normalise(column) }
            guard let index = matching.first else {
                diagnostics.append(
                    .error(
                        "--map \(field)=\(column): the header has no column '\(column)'",
                        at: at(header.line, 1)))
                continue
            }
            if matching.count > 1 {
                let places = matching.prefix(6).map { "@\(Self.columnLetter($0))" }
                    .joined(separator: ", ")
                diagnostics.append(
                    .error(
                        "--map \(field)=\(column): \(matching.count) columns are headed '\(column)'"
                            + " (\(places)\(matching.count > 6 ? ", …" : "")); name one by its"
                            + " letter or position, such as --map \(field)=@"
                            + Self.columnLetter(matching[0]), at: at(header.line, 1)))
                continue
            }
            columns[field] = index
        }
        for (field, column) in mapping.profileMapping where columns[field] == nil {
            if let index = normalised.firstIndex(of: Self.normalise(column)) {
                columns[field] = index
            }
        }
        // A filled-in checklist's comments are the answers' notes, a register's its records'
        // descriptions: which one a "Comments" column is depends on the other columns.
        let names = Set(normalised)
        let readsAnswers =
            (columns["item"] != nil || Self.names(of: "item").contains(where: names.contains))
            && (columns["verdict"] != nil
                || Self.names(of: "verdict").contains(where: names.contains))
        var order = Self.fields.map(\.field)
        if readsAnswers, let note = order.firstIndex(of: "note") {
            order.remove(at: note)
            order.insert("note", at: order.firstIndex(of: "description") ?? 0)
        }
        for field in order where columns[field] == nil {
            let names = Self.names(of: field)
            if let index = normalised.firstIndex(where: { names.contains($0) }),
                !columns.values.contains(index)
            {
                columns[field] = index
            }
        }
        if columns["title"] == nil, let description = columns.removeValue(forKey: "description") {
            columns["title"] = description
        }
        let used = Set(columns.values)
        var attributes: [(column: Int, name: [UInt8])] = []
        for (index, name) in header.names.enumerated() where !used.contains(index) {
            guard !name.isEmpty else { continue }
            attributes.append((index, Array(JSONValue.string(name).compact().utf8)))
        }
        if !attributes.isEmpty {
            let kept = attributes.map { "'\(header.names[$0.column])'" }.joined(separator: ", ")
            diagnostics.append(
                Diagnostic(
                    .note,
                    (attributes.count == 1
                        ? "column \(kept) is kept as an attribute"
                        : "columns \(kept) are kept as attributes")
                        + " of each record (shown by 'qmsaudit evidence show'); to use one for a"
                        + " field, name it with --map FIELD=COLUMN", at: at(header.line, 1)))
        }
        let answersOnly = columns["item"] != nil && columns["verdict"] != nil
        if columns["title"] == nil && columns["number"] == nil && !answersOnly {
            diagnostics.append(
                .error(
                    "no column holds the title or the document number; name one with"
                        + " --map title=COLUMN", at: at(header.line, 1)))
        }
        var result = TableColumns(
            fields: columns, count: header.names.count, diagnostics: diagnostics)
        result.attributes = attributes
        result.skipBadRows = mapping.skipBadRows
        if let kind = columns["kind"] {
            result.kindName = Array(JSONValue.string(header.names[kind]).compact().utf8)
        }
        return result
    }

    /// The header names `field` is recognised by.
    static func names(of field: String) -> [String] {
        fields.first { $0.field == field }?.names ?? []
    }

    /// Maps `rows` to evidence by `columns` (which must hold no error), handing the records to
    /// `sink` in batches: the rows of a whole table, or of one stretch of it.
    ///
    /// - Parameters:
    ///   - rows: the rows.
    ///   - columns: the field each column fills (`columns(of:request:path:)`).
    ///   - request: the import request (checklist, bad-row handling).
    ///   - path: the path shown in diagnostics.
    ///   - sourceName: the name the records are filed under.
    ///   - sink: receives the records packed in batches, each as soon as it is full.
    /// - Returns: the result without drafts and without `columns`' diagnostics.
    /// - Throws: what reading the rows or `sink` throws.
    @_specialize(exported:true,where Rows == CSVReader)
    public static func map<Rows: TableRows>(
        _ rows: Rows, columns: TableColumns, request: ImportRequest, path: String,
        sourceName: String, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(path: path, line: line, column: column)
        }
        // The column of each field, -1 for none: looked up once, not on every row.
        func column(_ field: String) -> Int { columns.fields[field] ?? -1 }
        let (clauseColumn, titleColumn, numberColumn, revisionColumn) = (
            column("clause"), column("title"), column("number"), column("revision")
        )
        let (dateColumn, reviewColumn, ownerColumn, locationColumn) = (
            column("date"), column("review"), column("owner"), column("location")
        )
        let (kindColumn, statusColumn, tagsColumn, itemColumn, verdictColumn, noteColumn) = (
            column("kind"), column("status"), column("tags"), column("item"), column("verdict"),
            column("note")
        )
        let descriptionColumn = column("description")
        let fieldCap = request.options.text("max-field-bytes").flatMap(Int.init) ?? Self.fieldCap
        var errorCount = 0
        let checker = ClauseChecker(request.checklist)
        let inference = ClauseInference(checker)
        let infer = !request.options.flag("no-infer")
        // Registers repeat the same clause, type and date cells on many rows: read each once.
        var clauseCache = RecentCache<
            (clauses: [ClauseNumber], others: [UInt8], warnings: [String], basis: [UInt8])
        >()
        // Cells citing other standards or editions: how many, and the first.
        var otherCount = 0
        var firstOther: (line: Int, column: Int, text: String)?
        // The kind a Type cell names, and whether the cell says more than that.
        var kindCache = RecentCache<(kind: EvidenceKind, kept: Bool)>()
        var dateCache = RecentCache<String?>()
        var answers: [Answer] = []
        var answerLines: [Int] = []
        var answered: [String: Int] = [:]
        let items = request.checklist.itemsByID()
        let vocabulary = request.checklist.policy.vocabulary
        var skipped: [Int] = []
        let headerCount = columns.count
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var batch = DraftBatch()
        batch.reserveCapacity(drafts: 256, bytes: 64 << 10)
        // Dates read from another form and attributes, kept as bytes until the row is packed.
        let dates = RowTexts()
        var attributeBytes: [UInt8] = []
        while try rows.readRow() {
            dates.clear()
            let line = rows.rowLine
            var rowProblems: [Diagnostic] = []
            if rows.fieldCount != headerCount {
                rowProblems.append(
                    .error(
                        "this row has \(rows.fieldCount.counted("field")), the header has"
                            + " \(headerCount)", at: at(line, 1)))
            }
            func position(_ index: Int) -> SourceLocation {
                guard index >= 0, index < rows.fieldCount else { return at(line, 1) }
                let (line, column) = rows.position(index)
                return at(line, column)
            }
            // A cell longer than the cap is cut (at a character's start) with a warning: one
            // huge cell must not cost the import many times its size.
            func capped(_ column: Int, _ field: String) -> UnsafeBufferPointer<UInt8> {
                let bytes = rows.trimmedText(column)
                guard bytes.count > fieldCap else { return bytes }
                let end = Self.cut(bytes, at: fieldCap)
                diagnostics.append(
                    .warning(
                        "the \(field) is \(bytes.count) bytes long; cut to the first"
                            + " \(end) (the limit is \(fieldCap), set with --max-field-bytes)",
                        at: position(column)))
                return UnsafeBufferPointer(rebasing: bytes[0..<end])
            }
            // Cells are read as bytes, in place: a register of a million rows would otherwise
            // make millions of strings only to copy them into the batch.
            let title = capped(titleColumn, "title")
            let number = capped(numberColumn, "number")
            // A filled-in checklist: the row answers an item.
            let itemID = itemColumn >= 0 ? rows.trimmedField(itemColumn) : ""
            var pendingAnswer: Answer?
            if rowProblems.isEmpty, !itemID.isEmpty, verdictColumn >= 0 {
                let verdictText = rows.trimmedField(verdictColumn)
                if let verdict = vocabulary.verdict(verdictText) {
                    let note = rows.trimmedField(noteColumn)
                    let answer = Answer(
                        itemID: itemID, verdict: verdict, note: note,
                        justification: verdict == .na ? note : "")
                    if let problem = answer.problem(for: items[itemID], in: request.checklist.id) {
                        rowProblems.append(
                            .error(
                                problem,
                                at: position(items[itemID] == nil ? itemColumn : verdictColumn)))
                    } else if let first = answered[itemID] {
                        rowProblems.append(
                            .error(
                                "item '\(itemID)' is answered twice (first on line \(first))",
                                at: position(itemColumn)))
                    } else {
                        answered[itemID] = line
                        pendingAnswer = answer
                    }
                } else if !verdictText.isEmpty {
                    rowProblems.append(
                        .error(vocabulary.unknown(verdictText), at: position(verdictColumn)))
                }
                if rowProblems.isEmpty && title.isEmpty && number.isEmpty {
                    if let pendingAnswer {
                        answers.append(pendingAnswer)
                        answerLines.append(line)
                    }
                    continue
                }
            }
            if rowProblems.isEmpty && title.isEmpty && number.isEmpty {
                rowProblems.append(
                    .error("the row has neither a title nor a document number", at: at(line, 1)))
            }
            var clauses: [ClauseNumber] = []
            var otherReferences: [UInt8] = []
            var cellBasis: [UInt8] = []
            let clauseText = rows.trimmedText(clauseColumn)
            if !clauseText.isEmpty {
                let reading = clauseCache.value(for: clauseText) {
                    let cell = checker.read($0, at: at(0, 0))
                    return (
                        cell.clauses, Array(cell.others.joined(separator: "; ").utf8),
                        cell.warnings.map(\.message), Array(cell.basis.json.utf8)
                    )
                }
                clauses = reading.clauses
                if !reading.basis.isEmpty { cellBasis = reading.basis }
                if !reading.warnings.isEmpty {
                    let location = position(clauseColumn)
                    diagnostics += reading.warnings.map { .warning($0, at: location) }
                }
                if !reading.others.isEmpty {
                    otherCount += 1
                    if firstOther == nil {
                        let (line, column) = rows.position(clauseColumn)
                        firstOther = (line, column, String(decoding: clauseText, as: UTF8.self))
                    }
                    otherReferences = reading.others
                }
            }
            // Without a clause cell, the number and title say what the record is about.
            var basisBytes = cellBasis.isEmpty ? empty : dates.keep(cellBasis)
            if clauses.isEmpty, otherReferences.isEmpty, infer, !(title.isEmpty && number.isEmpty) {
                let numberText = String(decoding: number, as: UTF8.self)
                let titleText = String(decoding: title, as: UTF8.self)
                let (found, basis) = inference.infer(
                    numbered: [
                        .init(numberText, what: "document number"), .init(titleText, what: "title"),
                    ],
                    worded: [.init(titleText, what: "title")])
                if !found.isEmpty {
                    clauses = found
                    basisBytes = dates.keep(Array(basis.json.utf8))
                }
            }
            // A date is its cell's bytes when already YYYY-MM-DD (most are), else the date
            // read from it (or none).
            func date(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                let bytes = index >= 0 ? rows.trimmedText(index) : empty
                if bytes.isEmpty || DateText.isISO(bytes) { return bytes }
                if let date = dateCache.value(for: bytes, DateText.normalise) {
                    return dates.keep(date)
                }
                diagnostics.append(
                    .warning(
                        "'\(String(decoding: bytes, as: UTF8.self))' is not a date qmsaudit reads"
                            + " (use YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)", at: position(index)))
                return empty
            }
            let effectiveDate = date(dateColumn)
            let reviewDate = date(reviewColumn)
            let location = capped(locationColumn, "location")
            // A key listed twice is found downstream: by the audit file's unique index when
            // importing (flat memory), by `collecting` or a dry run's key index otherwise.
            let key = !number.isEmpty ? number : !location.isEmpty ? location : title
            if !rowProblems.isEmpty {
                if columns.skipBadRows {
                    skipped.append(line)
                    diagnostics += rowProblems.map {
                        Diagnostic(.warning, "skipped: " + $0.message, at: $0.location)
                    }
                } else {
                    diagnostics += rowProblems
                    errorCount += rowProblems.count
                    // Past this many the source is the wrong file or badly broken: reading on
                    // would only bury the first problems under millions like them.
                    if errorCount >= Self.errorLimit {
                        diagnostics.append(
                            .error(
                                "stopped reading after \(errorCount) errors; fix these (or"
                                    + " leave bad rows out with --skip-bad-rows) and import"
                                    + " again", at: at(line, 1)))
                        break
                    }
                }
                continue
            }
            if let pendingAnswer {
                answers.append(pendingAnswer)
                answerLines.append(line)
            }
            let kindText = rows.trimmedText(kindColumn)
            let (kind, keepsKind) =
                kindText.isEmpty
                ? (EvidenceKind.document, false)
                : kindCache.value(for: kindText) {
                    (Self.kind($0), EvidenceKind(rawValue: $0.lowercased()) == nil)
                }
            let tagsText = tagsColumn >= 0 ? rows.trimmedField(tagsColumn) : ""
            // A Type cell that says more than a kind ("Work instruction") is kept in words.
            var kept = columns.attributes
            if keepsKind { kept.insert((kindColumn, columns.kindName), at: 0) }
            let attributes =
                kept.isEmpty && otherReferences.isEmpty
                ? empty
                : dates.keep(
                    attributeJSON(
                        rows, kept, other: otherReferences, cap: fieldCap, into: &attributeBytes))
            // In the order of `DraftBatch.Text`; SHA-256 and modified are a file's.
            let texts: DraftBatch.Texts = [
                key, title.isEmpty ? number : title, number, capped(revisionColumn, "revision"),
                location, empty, empty, effectiveDate, reviewDate, capped(ownerColumn, "owner"),
                capped(statusColumn, "status"), capped(descriptionColumn, "description"),
                attributes,
                basisBytes,
            ]
            batch.append(
                texts, kind: kind, size: nil, line: line, clauses: clauses,
                tags: tagsText.isEmpty
                    ? []
                    : tagsText.split(whereSeparator: { $0 == "," || $0 == ";" }).map {
                        String($0).trimmingWhitespace()
                    }
                    .filter { !$0.isEmpty })
            if batch.isFull {
                // The next batch is made as large as this one came out: rows are alike.
                let (count, bytes) = (batch.count, batch.byteCount)
                try sink(batch)
                batch = DraftBatch()
                batch.reserveCapacity(drafts: count, bytes: bytes + bytes / 8)
            }
        }
        if !batch.isEmpty { try sink(batch) }
        if let firstOther {
            diagnostics.append(
                .warning(
                    "\(otherCount == 1 ? "a clause cell cites" : "\(otherCount) clause cells cite")"
                        + " another standard, edition or control (first: '\(firstOther.text)');"
                        + " kept as '\(ClauseChecker.otherReferences)', not counted for any"
                        + " clause of '\(request.checklist.id)'",
                    at: at(firstOther.line, firstOther.column)))
        }
        var result = ImportResult(
            sourceName: sourceName, drafts: [], diagnostics: diagnostics, skippedLines: skipped,
            answers: answers)
        result.answerLines = answerLines
        result.recordsPath = path
        return result
    }

    /// The row's cells in `attributes`' columns as a compact JSON object (`{"Cost centre":
    /// "4100"}`), written into `bytes`, empty cells left out; empty when every cell is.
    ///
    /// Written byte by byte exactly as `EvidenceAttribute.json` writes it, so a record has
    /// the same fingerprint however it was packed.
    static func attributeJSON(
        _ rows: some TableRows, _ attributes: [(column: Int, name: [UInt8])],
        other: [UInt8] = [], cap: Int = fieldCap, into bytes: inout [UInt8]
    ) -> [UInt8] {
        bytes.removeAll(keepingCapacity: true)
        for (column, name) in attributes {
            var value = rows.trimmedText(column)
            guard !value.isEmpty else { continue }
            if value.count > cap {
                value = UnsafeBufferPointer(rebasing: value[0..<cut(value, at: cap)])
            }
            bytes.append(bytes.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            bytes += name
            bytes.append(UInt8(ascii: ":"))
            JSONText.appendString(value, to: &bytes)
        }
        if !other.isEmpty {
            bytes.append(bytes.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            Array(ClauseChecker.otherReferences.utf8).withUnsafeBufferPointer {
                JSONText.appendString($0, to: &bytes)
            }
            bytes.append(UInt8(ascii: ":"))
            other.withUnsafeBufferPointer { JSONText.appendString($0, to: &bytes) }
        }
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "}")) }
        return bytes
    }

    /// Where to cut UTF-8 `bytes` longer than `cap` so no character is split: at `cap`, or
    /// before the character that straddles it.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, at cap: Int) -> Int {
        var end = cap
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    /// How many errors an import reports before it stops reading its source.
    public static let errorLimit = 100

    /// The longest a cell may be before it is cut (`--max-field-bytes`): 64 KiB, far beyond
    /// any title, note or path a register holds.
    public static let fieldCap = 65_536

    /// The evidence kind a "Type" cell names; documents unless it says record, form of record.
    public static func kind(_ text: String) -> EvidenceKind {
        if text.isEmpty { return .document }
        let key = text.lowercased()
        if let kind = EvidenceKind(rawValue: key) { return kind }
        let records = [
            "record", "log", "report", "minutes", "certificate", "register entry", "results",
        ]
        return records.contains(where: { key.contains($0) }) ? .record : .document
    }
}

/// Values computed from cell texts, remembered: registers repeat the same cells on many rows.
///
/// The first few texts are compared directly (cheaper than hashing); the rest go to a
/// dictionary.
struct RecentCache<Value> {
    private var recent: [(text: [UInt8], value: Value)] = []
    private var others: [[UInt8]: Value] = [:]

    /// The value for the text with these UTF-8 bytes, computed by `make` the first time.
    mutating func value(
        for bytes: UnsafeBufferPointer<UInt8>, _ make: (String) -> Value
    ) -> Value {
        for entry in recent where entry.text.count == bytes.count {
            let same = entry.text.withUnsafeBufferPointer { text in
                guard let left = text.baseAddress, let right = bytes.baseAddress else {
                    return true  // both empty
                }
                return Self.equal(left, right, bytes.count)
            }
            if same { return entry.value }
        }
        let text = Array(bytes)
        if let value = others[text] { return value }
        let value = make(String(decoding: bytes, as: UTF8.self))
        if recent.count < 16 { recent.append((text, value)) } else { others[text] = value }
        return value
    }

    /// Whether `count` bytes are the same: cells are short, and comparing them byte by byte,
    /// or two overlapping words, costs less than a call to `memcmp`.
    @inline(__always)
    private static func equal(
        _ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int
    ) -> Bool {
        if count < 8 {
            for index in 0..<count where left[index] != right[index] { return false }
            return true
        }
        guard count <= 16 else { return memcmp(left, right, count) == 0 }
        let (left, right) = (UnsafeRawPointer(left), UnsafeRawPointer(right))
        return left.loadUnaligned(as: UInt64.self) == right.loadUnaligned(as: UInt64.self)
            && left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
}

/// Texts made for the current row of a `TableRows` and kept, as UTF-8 bytes, until the next:
/// for cells whose bytes cannot be handed out in place (`TableRows.trimmedText`).
public final class RowTexts {
    private var kept: [UnsafeMutableBufferPointer<UInt8>] = []

    /// Keeps nothing yet.
    public init() {}

    deinit { clear() }

    /// The bytes of `text`, valid until `clear()`.
    public func keep(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let count = text.utf8.count
        guard count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
        _ = copy.initialize(from: text.utf8)
        kept.append(copy)
        return UnsafeBufferPointer(copy)
    }

    /// A copy of `bytes`, valid until `clear()`.
    public func keep(_ bytes: [UInt8]) -> UnsafeBufferPointer<UInt8> {
        guard !bytes.isEmpty else { return UnsafeBufferPointer(start: nil, count: 0) }
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        kept.append(copy)
        return UnsafeBufferPointer(copy)
    }

    /// Frees what was kept (the row is over).
    public func clear() {
        guard !kept.isEmpty else { return }
        for buffer in kept { buffer.deallocate() }
        kept.removeAll(keepingCapacity: true)
    }
}

/// Dates as spreadsheets write them.
enum DateText {
    /// Whether `utf8` already is a valid `YYYY-MM-DD` date.
    static func isISO(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard utf8.count == 10 else { return false }
        var value = (year: 0, month: 0, day: 0)
        for (index, byte) in utf8.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return false }
                continue
            }
            guard byte >= 0x30 && byte <= 0x39 else { return false }
            let digit = Int(byte - 0x30)
            switch index {
            case 0..<4: value.year = value.year * 10 + digit
            case 5, 6: value.month = value.month * 10 + digit
            default: value.day = value.day * 10 + digit
            }
        }
        guard (1...12).contains(value.month), (1900...2999).contains(value.year) else {
            return false
        }
        return (1...days(in: value.month, of: value.year)).contains(value.day)
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-03-01`, `01/03/2026`, `1.3.2026` → `2026-03-01`; day first, as in Europe.
    ///
    /// A date with a time (`2026-03-01T10:00:00`, `2026-03-01 10:00`) gives its date.
    static func normalise(_ text: String) -> String? {
        let utf8 = Array(text.utf8)
        if utf8.count > 10, utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: " "),
            utf8.withUnsafeBufferPointer({ isISO(UnsafeBufferPointer(rebasing: $0[0..<10])) })
        {
            return String(decoding: utf8[0..<10], as: UTF8.self)
        }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(
            String.init)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]),
            let c = Int(parts[2].prefix(4))
        else { return nil }
        let (year, month, day) = parts[0].count == 4 ? (a, b, c) : (c < 100 ? c + 2000 : c, b, a)
        guard (1...12).contains(month), (1900...2999).contains(year) else { return nil }
        guard (1...days(in: month, of: year)).contains(day) else { return nil }
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}

/// JSON strings written from UTF-8 bytes, escaped exactly as `JSONValue` escapes them.
enum JSONText {
    /// Appends `text` as a quoted JSON string.
    static func appendString(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array(String(byte, radix: 16).utf8)
                bytes += Array("\\u00".utf8) + (hex.count == 1 ? [UInt8(ascii: "0")] : []) + hex
            case 0xE2
            where index + 1 < text.count && text[index] == 0x80
                && (text[index + 1] == 0xA8 || text[index + 1] == 0xA9):
                // U+2028 and U+2029, which JavaScript does not take raw in a string.
                bytes += Array((text[index + 1] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
