public import AuditModel
public import ImportKit
public import ImportTransport

/// Imports an evidence register or a filled-in audit checklist kept as an Excel workbook.
///
/// The workbook is read directly (ZIP, workbook, shared strings, styles, inline strings,
/// merged cells); dates formatted as dates come in as dates. The header row is the first row
/// that looks like one, or `--header-row N`. Columns map exactly as for CSV.
public struct XLSXEvidenceImporter: PackingEvidenceImporter {
    /// `xlsx`.
    public static let name = "xlsx"
    /// For `qmsaudit import --help`.
    public static let summary =
        "an Excel workbook (.xlsx): a register or filled-in checklist on one sheet"

    /// For `qmsaudit import xlsx --help`.
    public static let discussion = """
        The .xlsx file is read directly — the ZIP, shared strings, styles, merged cells — \
        without Excel. Without --sheet, a one-sheet workbook is read, else the first sheet \
        whose header names known columns. The header row is the first of the first 30 \
        non-empty rows that names known columns, or --header-row N. Columns map exactly as for \
        'import csv'; each sheet is a source of its own.

        Examples:
          qmsaudit import xlsx "Records register.xlsx" --sheet Records
          qmsaudit import xlsx checklist.xlsx --header-row 4 --dry-run
        """

    /// `--map`, `--profile`, `--skip-bad-rows`, `--sheet`, `--header-row`.
    public static let options =
        TableMapping.options + [
            .value(
                "sheet", "name-or-number",
                help: "The sheet to read, by name or number (default: the only sheet, or the"
                    + " first whose header names known columns)."),
            .value(
                "header-row", "n", .integer(minimum: 1),
                help: "The header row's number (default: the first row that looks like one)."),
            .value(
                "max-part-bytes", "n", .integer(minimum: 1),
                help: "Refuse a part of the workbook that inflates past this many bytes"
                    + " (default 1073741824)."),
            .value(
                "max-ratio", "n", .integer(minimum: 2),
                help: "Refuse a part that inflates past 16 MiB and more than this many times"
                    + " its compressed size (default 200)."),
        ]

    /// Checks `--map`.
    ///
    /// - Throws: `ImportUsageError` for a malformed `--map`.
    public static func validate(_ options: ImportOptions) throws(ImportUsageError) {
        try TableMapping.validate(options)
    }

    /// Creates the importer.
    public init() {}

    /// `--max-part-bytes` and `--max-ratio`, or their defaults.
    static func limits(_ options: ImportOptions) -> PartLimits {
        var limits = PartLimits()
        if let bytes = options.integer("max-part-bytes") { limits.inflated = bytes }
        if let ratio = options.integer("max-ratio") { limits.ratio = ratio }
        return limits
    }

    /// Reads the sheet row by row, handing the records to `sink` in batches.
    ///
    /// - Throws: `ImportError.unreadable` for a file that is not a readable workbook or a
    ///   sheet that does not exist, `ImportError.invalid` for malformed XML inside it, or what
    ///   `sink` throws.
    public func streamBatches(
        _ request: ImportRequest, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        let path = request.source
        let mapping = try TableMapping(options: request.options)
        let headerRow = request.options.integer("header-row")
        let workbook = try Workbook(
            path: request.path, named: path, limits: Self.limits(request.options))
        let (sheet, notes) = try Self.sheet(for: request, in: workbook)
        let location = "\(path)[\(sheet.name)]"
        let reader = try SheetReader(
            part: sheet.part, workbook: workbook, location: location)
        let rows = WorksheetRows(reader: reader)
        let sourceName = Self.sourceName(for: path) + "#" + sheet.name
        guard let header = try rows.header(at: headerRow, location: location) else {
            let problem = headerRow.map { "row \($0) is empty" } ?? "the sheet is empty"
            return ImportResult(
                sourceName: sourceName, drafts: [],
                diagnostics: [
                    .error(
                        problem + "; name the header row with --header-row N",
                        at: SourceLocation(path: location, line: headerRow ?? 1, column: 1))
                ])
        }
        var result = try TableImport.stream(
            header: header, rows: rows, mapping: mapping, request: request, path: location,
            sourceName: sourceName, to: sink)
        result.diagnostics = notes + reader.diagnostics + rows.diagnostics + result.diagnostics
        return result
    }

    /// The first sheet with a row (among its first) that names at least two known columns,
    /// and whether one did; the first sheet when none does.
    static func registerSheet(in workbook: Workbook) throws -> (Workbook.Sheet, found: Bool) {
        let known = Set(TableImport.fields.flatMap(\.names))
        for sheet in workbook.sheets {
            let reader = try SheetReader(part: sheet.part, workbook: workbook, location: sheet.name)
            var rows = 0
            while rows < WorksheetRows.headerSearchRows, let row = try reader.next() {
                rows += 1
                let names = row.cells.filter { known.contains(TableImport.normalise($0.text)) }
                if names.count >= 2 { return (sheet, true) }
            }
        }
        return (try sheet(named: nil, in: workbook), false)
    }

    /// `xlsx:PATH#SHEET`: each sheet of a workbook is a source of its own.
    ///
    /// - Throws: `ImportError.unreadable` when the workbook cannot be read or has no such sheet.
    public static func sourceName(for request: ImportRequest) throws -> String {
        let workbook = try Workbook(
            path: request.path, named: request.source, limits: limits(request.options))
        return sourceName(for: request.source) + "#"
            + (try sheet(for: request, in: workbook)).0.name
    }

    /// The sheet `--sheet` names; without it, the only sheet, or the first whose header
    /// names known columns (with a note saying so).
    static func sheet(for request: ImportRequest, in workbook: Workbook) throws -> (
        Workbook.Sheet, [Diagnostic]
    ) {
        let named = request.options.text("sheet")
        guard named == nil, workbook.sheets.count > 1 else {
            return (try sheet(named: named, in: workbook), [])
        }
        let (sheet, found) = try registerSheet(in: workbook)
        let note = Diagnostic(
            .note,
            found
                ? "read sheet '\(sheet.name)', the first whose header names known columns;"
                    + " choose another with --sheet"
                : "no sheet's header names known columns; read the first, '\(sheet.name)';"
                    + " choose another with --sheet, or name columns with --map", at: nil)
        return (sheet, [note])
    }

    /// The sheet `name` names (a name, or a 1-based number), or the first.
    static func sheet(named name: String?, in workbook: Workbook) throws -> Workbook.Sheet {
        guard let first = workbook.sheets.first else {
            throw ImportError.unreadable(path: workbook.path, reason: "the workbook has no sheets")
        }
        guard let name else { return first }
        if let sheet = workbook.sheets.first(where: { $0.name == name })
            ?? workbook.sheets.first(where: { $0.name.lowercased() == name.lowercased() })
        {
            return sheet
        }
        if let number = Int(name), workbook.sheets.indices.contains(number - 1) {
            return workbook.sheets[number - 1]
        }
        let names = workbook.sheets.enumerated().map { "\($0.offset + 1) '\($0.element.name)'" }
        throw ImportError.unreadable(
            path: workbook.path,
            reason: "the workbook has no sheet '\(name)'; its sheets are "
                + names.joined(separator: ", "))
    }
}

/// A worksheet's rows as `TableImport` reads them: the header row found or given, the rows
/// after it padded to the header's width, empty rows left out.
final class WorksheetRows: TableRows {
    private let reader: SheetReader
    /// Rows read ahead while looking for the header.
    private var pending: [SheetRow] = []
    private var width = 0
    private var cells: [String] = []
    /// The current row's cells as `trimmedText` hands them out.
    private let kept = RowTexts()
    private var number = 0
    private var warnedColumns: Set<Int> = []
    private var location = ""
    /// Problems with cells beyond the header.
    private(set) var diagnostics: [Diagnostic] = []

    /// How many rows the header is looked for in.
    static let headerSearchRows = 30

    init(reader: SheetReader) {
        self.reader = reader
    }

    /// Finds the header row (`given`, or the first that looks like one) and returns it;
    /// `nil` when there is no such row.
    func header(at given: Int?, location: String) throws -> TableHeader? {
        self.location = location
        var candidates: [SheetRow] = []
        while let row = try reader.next() {
            if let given, row.number < given { continue }
            if row.cells.isEmpty { continue }
            candidates.append(row)
            if given != nil || candidates.count >= Self.headerSearchRows { break }
        }
        let chosen: Int?
        if let given {
            chosen = candidates.firstIndex { $0.number == given }
        } else {
            chosen = Self.likelyHeader(candidates)
        }
        guard let chosen else { return nil }
        let header = candidates[chosen]
        pending = Array(candidates[(chosen + 1)...])
        width = (header.cells.last?.column ?? -1) + 1
        var names = Array(repeating: "", count: width)
        for cell in header.cells { names[cell.column] = cell.text }
        for (index, name) in names.enumerated() where name.isEmpty {
            names[index] = "(column \(CellReference.letters(index)))"
        }
        cells = Array(repeating: "", count: width)
        return TableHeader(
            names: names, positions: (0..<width).map { (header.number, $0 + 1) },
            line: header.number)
    }

    /// The first row whose cells name known fields; else the first with two text cells.
    static func likelyHeader(_ rows: [SheetRow]) -> Int? {
        let known = Set(TableImport.fields.flatMap(\.names))
        func isText(_ text: String) -> Bool { Double(text) == nil }
        if let index = rows.firstIndex(where: { row in
            row.cells.count >= 2 && row.cells.allSatisfy { isText($0.text) }
                && row.cells.contains { known.contains(TableImport.normalise($0.text)) }
        }) {
            return index
        }
        if let index = rows.firstIndex(where: { row in
            row.cells.filter { isText($0.text) }.count >= 2
        }) {
            return index
        }
        return rows.isEmpty ? nil : 0
    }

    func readRow() throws -> Bool {
        kept.clear()
        while true {
            let row: SheetRow
            if !pending.isEmpty {
                row = pending.removeFirst()
            } else if let next = try reader.next() {
                row = next
            } else {
                return false
            }
            if row.cells.isEmpty { continue }
            for index in cells.indices { cells[index] = "" }
            var hasValue = false
            for cell in row.cells {
                if cell.column < width {
                    cells[cell.column] = cell.text
                    hasValue = true
                } else if !warnedColumns.contains(cell.column) {
                    warnedColumns.insert(cell.column)
                    diagnostics.append(
                        .warning(
                            "column \(CellReference.letters(cell.column)) has values but no header;"
                                + " it is not read",
                            at: SourceLocation(
                                path: location, line: row.number, column: cell.column + 1)))
                }
            }
            if !hasValue { continue }
            number = row.number
            return true
        }
    }

    var rowLine: Int { number }

    var fieldCount: Int { width }

    func trimmedField(_ index: Int) -> String {
        guard index >= 0, index < width else { return "" }
        return cells[index].trimmingWhitespace()
    }

    func trimmedText(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        kept.keep(trimmedField(index))
    }

    func position(_ index: Int) -> (line: Int, column: Int) { (number, index + 1) }
}
