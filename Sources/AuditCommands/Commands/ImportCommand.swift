import ArgumentParser
import AuditModel
import AuditStore
import Foundation
import ImportKit
import ImporterRegistry

/// `qmsaudit import KIND SOURCE`: bring evidence references into the audit.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import evidence references from a register or other source.",
        discussion: """
            Importers: \(ImporterRegistry.importers.map { "\($0.name) — \($0.summary)" }.joined(separator: "; ")). \
            A plugin is any executable \
            qmsaudit-import-NAME in ./importers/ or on PATH that writes evidence records as JSON \
            Lines (importers/README.md).

            Evidence is referenced, never copied. Importing the same source again updates its \
            records and reports what was added, changed, unchanged and removed; --dry-run shows \
            that report and changes nothing. Every problem in the source is reported with its \
            line and column, and then nothing is imported, unless --skip-bad-rows, which lists \
            the rows it left out. Each import is one transaction and one journal event.

            Examples:
              qmsaudit import csv registers/documents.csv --dry-run
              qmsaudit import csv register.csv --map title="Doc title" --map clause="ISO §"
              qmsaudit import xlsx "Records register.xlsx" --sheet Records
              qmsaudit import xml dms-export.xml --profile document-register
              qmsaudit import dir "/srv/QMS" --rules qms-rules.yaml
              qmsaudit import plugin example -- training-export.tsv
            """
    )

    // A key path over the registry's metatypes here crashes Swift 6.3.1's SILGen.
    @Argument(help: "The importer: \(ImporterRegistry.names.joined(separator: ", ")).")
    var kind: String

    @Argument(help: "The source: a file for csv, a folder for dir, a name for plugin.")
    var source: String

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Use a column for a field: FIELD=COLUMN (repeatable). Fields: clause, title, number, revision, date, review, owner, location, kind, status, tags.",
            valueName: "field=column"))
    var map: [String] = []

    @Option(
        help: ArgumentHelp(
            "For csv and xlsx, a profile naming the columns (\(ImporterRegistry.tableProfileIDs.joined(separator: ", "))); for xml, one naming the record and field paths (\(ImporterRegistry.xmlProfileIDs.joined(separator: ", "))); or a YAML file.",
            valueName: "id-or-file"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "For xlsx: the sheet to read, by name or number (default: the first).",
            valueName: "name-or-number"))
    var sheet: String?

    @Option(
        help: ArgumentHelp(
            "For xlsx: the header row's number (default: the first row that looks like one).",
            valueName: "n"))
    var headerRow: Int?

    @Option(help: "The field separator: ',', ';' or 'tab' (default: sniffed).")
    var separator: String?

    @Option(
        help: ArgumentHelp(
            "For dir: a YAML file of rules mapping paths to clauses and kinds.", valueName: "file"))
    var rules: String?

    @Option(help: "For plugin: seconds the plugin may run before it is stopped.")
    var timeout: Double = 120

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp(
            "For plugin: arguments passed to the plugin, after '--'.", valueName: "plugin-args"))
    var pluginArguments: [String] = []

    @Flag(help: "Show what would change; change nothing.")
    var dryRun = false

    @Flag(help: "Leave out rows with errors, list them, and import the rest.")
    var skipBadRows = false

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        guard ImporterRegistry.importer(named: kind) != nil else {
            let known = ImporterRegistry.names.joined(separator: ", ")
            throw ValidationError(
                "no importer '\(kind)'; available: \(known)")
        }
        for entry in map where !entry.contains("=") {
            throw ValidationError("--map takes FIELD=COLUMN, found '\(entry)'")
        }
        if let separator, ![",", ";", "tab", "\t"].contains(separator) {
            throw ValidationError("--separator is ',', ';' or 'tab'")
        }
        let tables = ["csv", "xlsx"]
        if !tables.contains(kind) && !map.isEmpty {
            throw ValidationError("--map is for 'import csv' and 'import xlsx'")
        }
        if !(tables + ["xml"]).contains(kind) && (profile != nil || skipBadRows) {
            throw ValidationError("--profile and --skip-bad-rows are for csv, xlsx and xml")
        }
        if kind != "csv" && separator != nil {
            throw ValidationError("--separator is for 'import csv'")
        }
        if kind != "xlsx" && (sheet != nil || headerRow != nil) {
            throw ValidationError("--sheet and --header-row are for 'import xlsx'")
        }
        if kind == "xml" && profile == nil {
            throw ValidationError(
                "'import xml' needs --profile: "
                    + ImporterRegistry.xmlProfileIDs.joined(separator: ", ")
                    + " or a YAML file (importers/README.md)")
        }
        if let headerRow, headerRow < 1 {
            throw ValidationError("--header-row is a row number, 1 or more")
        }
        if kind != "dir" && rules != nil { throw ValidationError("--rules is for 'import dir'") }
        if kind != "plugin" && !pluginArguments.isEmpty {
            throw ValidationError("arguments after '--' are for 'import plugin'")
        }
    }

    func run() throws {
        guard let importer = ImporterRegistry.importer(named: kind) else { return }
        let file = try audit.open()
        var mapping: [String: String] = [:]
        for entry in map {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            mapping[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        var separatorByte = separator.map { $0 == "tab" ? UInt8(0x09) : $0.utf8.first ?? 0x2C }
        var profileMapping: [String: String] = [:]
        var profileSource: (path: String, text: String)?
        if kind == "xml", let profile {
            profileSource = try ImporterRegistry.profileSource(profile)
        } else if let profile {
            let loaded = try ImporterRegistry.profile(profile)
            profileMapping = loaded.columns  // --map still wins
            separatorByte = separatorByte ?? loaded.separator
        }
        var request = ImportRequest(
            source: source, checklist: try file.checklist(), mapping: mapping,
            separator: separatorByte, skipBadRows: skipBadRows, rules: rules,
            arguments: pluginArguments, timeout: timeout)
        request.profileMapping = profileMapping
        request.sheet = sheet
        request.headerRow = headerRow
        request.profile = profileSource
        if isatty(STDERR_FILENO) != 0 {
            // Captured here: the importer reports from its own thread, outside this task.
            let console = Console.current
            request.progress = { message in console.err(message + "\n") }
        }
        let (result, report) = try EvidenceImportRunner.run(
            importer, request: request, into: file, dryRun: dryRun)
        if !result.answers.isEmpty {
            Console.printError(
                "\(result.answers.count.counted("answer")) "
                    + (dryRun ? "would be recorded" : "recorded")
                    + " from the sheet's verdict column")
        }
        if !report.findingsOpened.isEmpty {
            Console.printError(
                "\(report.findingsOpened.count.counted("draft nonconformity", plural: "draft nonconformities"))"
                    + " opened by its minors and majors: "
                    + report.findingsOpened.joined(separator: ", ")
                    + " (complete them with 'qmsaudit finding edit')")
        }
        Console.print(
            (dryRun ? "dry run, nothing changed: would be " : "\(source): ") + report.summary)
    }
}
