public import AuditModel
public import ImportKit

/// Imports an evidence register kept as a spreadsheet saved as CSV.
///
/// Columns are recognised by their usual names (Clause, Clause No., ISO clause, Requirement,
/// Evidence, Document, Document No., Title, Revision, Date, Review date, Owner, Location,
/// Link, Status, Type, Tags) in any case, or named with `--map field=Column`.
public struct CSVEvidenceImporter: StreamingEvidenceImporter {
    /// `csv`.
    public static let name = "csv"
    /// For `qmsaudit import --help`.
    public static let summary =
        "an evidence register saved as CSV (',' ';' or tab; UTF-8, UTF-16 or Windows-1252)"

    /// The fields a column can fill, with the header names each is recognised by.
    public static var fields: [(field: String, names: [String])] { TableImport.fields }

    /// Creates the importer.
    public init() {}

    /// Reads the register row by row, handing each record to `sink` as soon as its row is read.
    ///
    /// - Throws: `ImportError.unreadable`, or what `sink` throws.
    public func stream(
        _ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void
    ) throws
        -> ImportResult
    {
        let path = request.source
        let reader = try CSVReader(path: path, separator: request.separator)
        let sourceName = Self.sourceName(for: path)
        guard let header = try reader.next() else {
            let empty = Diagnostic.error(
                "the file is empty", at: SourceLocation(path: path, line: 1, column: 1))
            return ImportResult(
                sourceName: sourceName, drafts: [], diagnostics: reader.diagnostics + [empty])
        }
        let names = TableHeader(
            names: header.fields, positions: header.positions, line: header.line)
        var result = try TableImport.stream(
            header: names, rows: reader, request: request, path: path, sourceName: sourceName,
            to: sink)
        // Problems in the file's structure (quotes, encoding) cannot be skipped row by row.
        result.diagnostics = reader.diagnostics + result.diagnostics
        return result
    }
}
