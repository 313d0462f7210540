public import AuditModel
public import ImportKit
public import ImportTransport

/// Imports an evidence register kept as a spreadsheet saved as CSV.
///
/// Columns are recognised by their usual names (Clause, Clause No., ISO clause, Requirement,
/// Evidence, Document, Document No., Title, Revision, Date, Review date, Owner, Location,
/// Link, Status, Type, Tags, Description, Remarks) in any case, or named with
/// `--map field=Column`; every other column is kept as an attribute of each record.
public struct CSVEvidenceImporter: PackingEvidenceImporter {
    /// `csv`.
    public static let name = "csv"
    /// For `qmsaudit import --help`.
    public static let summary =
        "an evidence register saved as CSV (',' ';' or tab; UTF-8, UTF-16 or Windows-1252)"

    /// For `qmsaudit import csv --help`.
    public static let discussion = """
        One row per document or record. UTF-8 (with or without BOM), UTF-16 with BOM and \
        Windows-1252 are detected; ',' ';' and tab are sniffed. Columns are recognised by \
        their usual names in any case and order; a column no field takes (Cost centre, \
        Retention) is kept as an attribute of each record. A filled-in checklist (an Item and \
        a Result column) brings its answers too. A pipe (<(…)) is read like a file.

        Examples:
          qmsaudit import csv registers/documents.csv --dry-run
          qmsaudit import csv register.csv --map title="Doc title" --map clause="ISO §"
          qmsaudit import csv register.csv --profile excel-de
        """

    /// `--map`, `--profile`, `--skip-bad-rows`, `--separator`.
    public static let options =
        TableMapping.options + [
            .value(
                "separator", ",|;|tab", .choice([",", ";", "tab", "\t"]),
                help: "The field separator (default: sniffed, or the profile's).")
        ]

    /// Checks `--map`.
    ///
    /// - Throws: `ImportUsageError` for a malformed `--map`.
    public static func validate(_ options: ImportOptions) throws(ImportUsageError) {
        try TableMapping.validate(options)
    }

    /// The fields a column can fill, with the header names each is recognised by.
    public static var fields: [(field: String, names: [String])] { TableImport.fields }

    /// About how many bytes of a large UTF-8 register each thread reads at a time; a register
    /// no larger is read on one thread.
    let stretchBytes: Int

    /// Creates the importer.
    public init() {
        self.init(stretchBytes: 2 << 20)
    }

    /// Creates the importer, cutting large registers into stretches of about `stretchBytes`
    /// (tests cut small ones).
    init(stretchBytes: Int) {
        self.stretchBytes = stretchBytes
    }

    /// Reads the register row by row, handing the records to `sink` in batches.
    ///
    /// - Throws: `ImportError.unreadable`, `ImportError.invalid` for a broken profile, or what
    ///   `sink` throws.
    public func streamBatches(
        _ request: ImportRequest, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        let path = request.source
        let mapping = try TableMapping(options: request.options)
        let separator =
            request.options.text("separator").map {
                $0 == "tab" || $0 == "\t" ? 0x09 : $0.utf8.first ?? 0x2C
            }
            ?? mapping.profileSeparator
        let reader = try CSVReader(path: request.path, separator: separator, named: path)
        let sourceName = Self.sourceName(for: path)
        guard let header = try reader.next() else {
            let empty = Diagnostic.error(
                "the file is empty", at: SourceLocation(path: path, line: 1, column: 1))
            return ImportResult(
                sourceName: sourceName, drafts: [], diagnostics: reader.diagnostics + [empty])
        }
        let names = TableHeader(
            names: header.fields, positions: header.positions, line: header.line)
        let columns = TableImport.columns(of: names, mapping: mapping, path: path)
        if columns.diagnostics.containsErrors {
            return ImportResult(
                sourceName: sourceName, drafts: [],
                diagnostics: reader.diagnostics + columns.diagnostics)
        }
        // A large UTF-8 register is read on every core; a filled-in checklist's answers are
        // checked against each other, so it is read in one go (it is never large).
        if reader.encoding == .utf8, !columns.readsAnswers,
            let stretches = try Stretches(
                file: request.path, path: path, separator: reader.separator,
                validates: reader.validates, columns: columns, request: request,
                sourceName: sourceName, start: reader.offset, stretchBytes: stretchBytes)
        {
            var structure = reader.diagnostics
            var result = try stretches.run(
                firstLine: reader.nextLine, readerDiagnostics: &structure, to: sink)
            result.diagnostics = structure + columns.diagnostics + result.diagnostics
            return result
        }
        var result = try TableImport.map(
            reader, columns: columns, request: request, path: path, sourceName: sourceName,
            to: sink)
        // Problems in the file's structure (quotes, encoding) cannot be skipped row by row.
        result.diagnostics = reader.diagnostics + columns.diagnostics + result.diagnostics
        return result
    }
}
