import Foundation
import MappingProfiles

/// How the columns of a table (a register saved as CSV, a worksheet) map to qmsaudit's fields:
/// `--map`, a `--profile`, and whether rows with errors are skipped — the options the table
/// importers share.
public struct TableMapping: Sendable {
    /// Columns the user named for fields: `title` → `Doc title`.
    public var mapping: [String: String]
    /// Columns a profile names: used when the table has them, ignored when it does not.
    public var profileMapping: [String: String]
    /// Leave out rows with errors (and list them) instead of importing nothing.
    public var skipBadRows: Bool
    /// The field separator the profile fixes, for delimited text.
    public var profileSeparator: UInt8?

    /// A mapping by names alone, or the given columns.
    public init(
        mapping: [String: String] = [:], profileMapping: [String: String] = [:],
        skipBadRows: Bool = false, profileSeparator: UInt8? = nil
    ) {
        self.mapping = mapping
        self.profileMapping = profileMapping
        self.skipBadRows = skipBadRows
        self.profileSeparator = profileSeparator
    }

    /// The mapping the options give: `--map` entries, the `--profile`'s columns (its separator
    /// too, for CSV), `--skip-bad-rows`.
    ///
    /// - Throws: `ImportError.unreadable` for an unknown profile or unreadable profile file,
    ///   `ImportError.invalid` with every diagnostic for a broken one.
    public init(options: ImportOptions) throws {
        var mapping: [String: String] = [:]
        for entry in options.texts("map") {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            mapping[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let profile = try options.text("profile").map(Self.profile)
        self.init(
            mapping: mapping, profileMapping: profile?.columns ?? [:],
            skipBadRows: options.flag("skip-bad-rows"), profileSeparator: profile?.separator)
    }

    /// The options every table importer takes.
    public static let options: [ImportOption] = [
        .value(
            "map", "field=column", repeatable: true,
            help: "Use a column for a field (repeatable); name the column by its header, or by"
                + " letter or position (@C, @3) when headers repeat. Fields: "
                + TableImport.fields.map(\.field).joined(separator: ", ") + "."),
        .value(
            "profile", "id-or-file",
            help: "A profile naming the columns: "
                + BundledMappingProfile.tableIDs.joined(separator: ", ") + ", or a YAML file."),
        .flag("skip-bad-rows", help: "Leave out rows with errors, list them, and import the rest."),
        ImportOption.noInfer, fieldCapOption,
    ]

    /// Checks the `--map` entries' shape.
    ///
    /// - Throws: `ImportUsageError` for an entry without `=`.
    public static func validate(_ options: ImportOptions) throws(ImportUsageError) {
        for entry in options.texts("map") where !entry.contains("=") {
            throw ImportUsageError("--map takes FIELD=COLUMN, found '\(entry)'")
        }
        try validateFieldCap(options)
    }

    /// `--max-field-bytes` is a whole number of bytes, 64 or more.
    public static func validateFieldCap(_ options: ImportOptions) throws(ImportUsageError) {
        if let text = options.text("max-field-bytes"), (Int(text) ?? 0) < 64 {
            throw ImportUsageError(
                "--max-field-bytes takes a number of bytes, 64 or more, not '\(text)'")
        }
    }

    /// `--max-field-bytes`, as the XML importer takes it too.
    public static let fieldCapOption = ImportOption.value(
        "max-field-bytes", "n",
        help: "Cut a cell longer than this many bytes, with a warning (default 65536).")

    /// The table profile `reference` names: a bundled profile's id, or a YAML file.
    ///
    /// - Throws: `ImportError.unreadable` for an unknown id or unreadable file,
    ///   `ImportError.invalid` with every diagnostic for a broken profile.
    public static func profile(_ reference: String) throws -> MappingProfile {
        let fields = TableImport.fields.map(\.field)
        let (path, text) = try BundledMappingProfile.source(reference)
        let (profile, diagnostics) = MappingProfile.parse(text, path: path, fields: fields)
        guard let profile else { throw ImportError.invalid(path: path, diagnostics: diagnostics) }
        return profile
    }
}

/// The mapping profiles compiled into the binary, found by id.
public enum BundledMappingProfile {
    /// The ids of every bundled profile.
    public static var ids: [String] {
        BundledProfiles.files.map { ($0.name as NSString).deletingPathExtension }
    }

    /// The ids of the bundled profiles for tables (`import csv`, `import xlsx`).
    public static var tableIDs: [String] {
        ids.filter { !xmlIDs.contains($0) }
    }

    /// The ids of the bundled profiles for `import xml`.
    public static var xmlIDs: [String] {
        BundledProfiles.files.filter { $0.text.contains("\nformat: xml") }.map {
            ($0.name as NSString).deletingPathExtension
        }
    }

    /// The text of the profile named by `reference` (a bundled id, or a YAML file) and the
    /// path its diagnostics name.
    ///
    /// - Throws: `ImportError.unreadable` for an unknown id or unreadable file.
    public static func source(_ reference: String) throws -> (path: String, text: String) {
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            guard let contents = try? String(contentsOfFile: reference, encoding: .utf8) else {
                throw ImportError.unreadable(path: reference, reason: "cannot read the profile")
            }
            return (reference, contents)
        }
        if let bundled = BundledProfiles.files.first(where: { $0.name == reference + ".yaml" }) {
            return ("bundled:" + bundled.name, bundled.text)
        }
        throw ImportError.unreadable(
            path: reference,
            reason: "no such profile; bundled profiles: " + tableIDs.joined(separator: ", ")
                + " (csv, xlsx); " + xmlIDs.joined(separator: ", ")
                + " (xml); or name a .yaml file")
    }
}
