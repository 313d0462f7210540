public import AuditModel
import AuditXML
public import ImportKit
public import ImportTransport

/// Imports evidence from an XML export of a document-management system, mapped by a profile.
///
/// The profile names the record element (`export/documents/document`,
/// `record[@model='document.page']`) and, for each field, paths relative to the record: a
/// child's text, an attribute, `field[@name='x']`, with namespaces, repeated elements and
/// HTML held in CDATA. The file is streamed through libxml2 in constant memory; entities and
/// external DTDs are refused.
public struct XMLEvidenceImporter: PackingEvidenceImporter {
    /// `xml`.
    public static let name = "xml"
    /// For `qmsaudit import --help`.
    public static let summary =
        "an XML export of a document system, mapped by a profile (--profile)"

    /// For `qmsaudit import xml --help`.
    public static let discussion = """
        A profile says which element is one record and where each field is inside it \
        (importers/README.md). The file is streamed through libxml2 and treated as untrusted: \
        entities and DTDs are refused, nothing is fetched. Every problem is reported with its \
        line and column, and then nothing is imported.

        Examples:
          qmsaudit import xml dms-export.xml --profile document-register
          qmsaudit import xml odoo-documents.xml --profile odoo --dry-run
        """

    /// `--profile` (required), `--skip-bad-rows`.
    public static let options: [ImportOption] = [
        .value(
            "profile", "id-or-file",
            help: "The profile naming the record and field paths: "
                + BundledMappingProfile.xmlIDs.joined(separator: ", ") + ", or a YAML file."),
        .flag(
            "skip-bad-rows", help: "Leave out records with errors, list them, and import the rest."),
        ImportOption.noInfer, TableMapping.fieldCapOption,
    ]

    /// Requires `--profile`.
    ///
    /// - Throws: `ImportUsageError` without one.
    public static func validate(_ options: ImportOptions) throws(ImportUsageError) {
        try TableMapping.validateFieldCap(options)
        guard options.text("profile") != nil else {
            throw ImportUsageError(
                "'import xml' needs --profile: "
                    + BundledMappingProfile.xmlIDs.joined(separator: ", ")
                    + " or a YAML file (importers/README.md)")
        }
    }

    /// Creates the importer.
    public init() {}

    /// Reads the export record by record, handing the records to `sink` in batches.
    ///
    /// - Throws: `ImportError.unreadable` without a profile or for a file that cannot be
    ///   opened, `ImportError.invalid` for a broken profile, or what `sink` throws. Malformed
    ///   XML is reported as error diagnostics (every position libxml2 reported) in the result.
    public func streamBatches(
        _ request: ImportRequest, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        let path = request.source
        guard let reference = request.options.text("profile") else {
            throw ImportError.unreadable(
                path: path,
                reason: "an XML import needs a profile: --profile ID (see 'qmsaudit import --help')"
                    + " or --profile FILE.yaml (importers/README.md)")
        }
        let source = try BundledMappingProfile.source(reference)
        let (parsed, problems) = XMLProfile.parse(source.text, path: source.path)
        guard let profile = parsed else {
            throw ImportError.invalid(path: source.path, diagnostics: problems)
        }
        let rows: XMLRecordRows
        do {
            rows = try XMLRecordRows(path: request.path, profile: profile)
        } catch let error as XMLReadError {
            throw ImportError.unreadable(
                path: path, reason: error.diagnostics.first?.message ?? "cannot open the file")
        }
        let mapping = TableMapping(
            mapping: Dictionary(uniqueKeysWithValues: profile.fields.map { ($0.field, $0.field) }),
            skipBadRows: request.options.flag("skip-bad-rows"))
        var result: ImportResult
        do {
            result = try TableImport.stream(
                header: rows.header, rows: rows, mapping: mapping, request: request, path: path,
                sourceName: Self.sourceName(for: path), to: sink)
        } catch let error as XMLReadError {
            // Reported like any other problem in the source, each under its line; the records
            // handed over so far are discarded by the caller.
            return ImportResult(
                sourceName: Self.sourceName(for: path), drafts: [],
                diagnostics: problems + Self.named(error.diagnostics, request))
        }
        var diagnostics = problems + Self.named(rows.warnings, request)
        if rows.recordCount == 0 {
            diagnostics.append(
                .error(
                    "the profile's record path '\(profile.record.text)' matched nothing; the"
                        + " file's element paths are listed below",
                    at: SourceLocation(path: path, line: 1, column: 1)))
            for (element, count) in (try? ElementPaths.list(in: request.path)) ?? [] {
                diagnostics.append(
                    Diagnostic(.note, "\(element) (\(count.counted("time")))", at: nil))
            }
        } else {
            for (field, paths) in rows.unmatchedFields {
                let texts = paths.map { "'\($0.text)'" }.joined(separator: ", ")
                diagnostics.append(
                    .warning(
                        "field '\(field)' (\(texts)) matched nothing in "
                            + rows.recordCount.counted("record"), at: paths.first?.location))
            }
        }
        result.diagnostics = diagnostics + result.diagnostics
        return result
    }

    /// `diagnostics` naming the source as the user did, where the file read was a copy of it
    /// (a pipe).
    static func named(_ diagnostics: [Diagnostic], _ request: ImportRequest) -> [Diagnostic] {
        guard request.path != request.source else { return diagnostics }
        return diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if diagnostic.location?.path == request.path {
                diagnostic.location?.path = request.source
            }
            return diagnostic
        }
    }
}
