import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import Foundation
import ImportKit
import ImportSession
import ImporterRegistry

/// `qmsaudit import NAME SOURCE …`: bring evidence references into the audit, one subcommand
/// per importer in the registry, each with the options its importer declares.
struct ImportCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        let registry = ImporterRegistry.current
        return CommandConfiguration(
            commandName: "import",
            abstract: "Import evidence references from a register or other source.",
            discussion: """
                Importers: \(registry.importers.map { "\($0.name) — \($0.summary)" }.joined(separator: "; ")). \
                'qmsaudit import NAME --help' shows an importer's options. A plugin is any \
                executable qmsaudit-import-NAME in ./importers/ or on PATH that writes \
                evidence records as JSON Lines (importers/README.md).

                Evidence is referenced, never copied. Importing the same source again updates \
                its records and reports what was added, changed, unchanged and removed; \
                --dry-run shows that report and changes nothing. Every problem in the source \
                is reported with its line and column, and then nothing is imported, unless \
                --skip-bad-rows, which lists the rows it left out. Each import is one \
                transaction and one journal event.
                """,
            subcommands: registry.importers.map(Self.command(for:)))
    }

    /// The message for `qmsaudit import NAME …` when no importer is called NAME (with the
    /// nearest name), or `nil`: ArgumentParser would only say the argument was unexpected.
    static func unknownImporter(in arguments: [String]) -> String? {
        guard arguments.first == "import", arguments.count > 1 else { return nil }
        let given = arguments[1]
        let names = ImporterRegistry.current.names
        guard !given.hasPrefix("-"), given != "help", !names.contains(given) else { return nil }
        var message = "no importer '\(given)'; available: " + names.joined(separator: ", ")
        if let near = names.min(by: {
            ImportUsageError.distance(given, $0) < ImportUsageError.distance(given, $1)
        }), ImportUsageError.distance(given, near) <= 2 {
            message += " (did you mean '\(near)'?)"
        }
        return message + "\nUsage: qmsaudit import <importer> <source> [<options>]\n"
            + "  See 'qmsaudit import --help' for the importers."
    }

    /// The subcommand of `importer`.
    static func command(for importer: any EvidenceImporter.Type) -> any ParsableCommand.Type {
        func command<Importer: EvidenceImporter>(_: Importer.Type) -> any ParsableCommand.Type {
            ImporterCommand<Importer>.self
        }
        return command(importer)
    }
}

/// `qmsaudit import NAME SOURCE [OPTIONS]`: one importer, with the options it declares
/// (`EvidenceImporter.options`), which this command parses without knowing them.
struct ImporterCommand<Importer: EvidenceImporter>: ParsableCommand {
    static var configuration: CommandConfiguration {
        let placeholder = Importer.source.placeholder
        var usage = "qmsaudit import \(Importer.name) \(placeholder)"
        for option in Importer.options {
            let value = option.value == .flag ? "" : " <\(option.valueName)>"
            usage += " [--\(option.name)\(value)]" + (option.repeatable ? " ..." : "")
        }
        usage += " [--dry-run [--show <n>]] [--audit <file>]"
        if Importer.passesArgumentsThrough { usage += " [-- <arguments> ...]" }
        return CommandConfiguration(
            commandName: Importer.name, abstract: "Import " + Importer.summary + ".",
            usage: usage,
            discussion: [Importer.discussion, Self.optionsHelp()].filter { !$0.isEmpty }
                .joined(separator: "\n\n"))
    }

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("The source and the importer's options.", visibility: .private))
    var arguments: [String] = []

    @Flag(help: "Show what would change; change nothing.")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "With --dry-run: show the first N records as they would be recorded.",
            valueName: "n"))
    var show: Int?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if let show, !dryRun || show < 1 {
            throw ValidationError("--show N goes with --dry-run, and N is 1 or more")
        }
        _ = try parsed()
    }

    func run() throws {
        let (source, options) = try parsed()
        let file = try audit.open()
        var session = ImportSession(file: file, dryRun: dryRun, context: Invocation.context())
        session.show = show ?? 0
        if isatty(STDERR_FILENO) != 0 {
            // Captured here: the importer reports from its own thread, outside this task.
            let console = Console.current
            session.progress = { message in console.err(message + "\n") }
        }
        let outcome: ImportOutcome
        do {
            outcome = try session.run(Importer(), source: source, options: options)
        } catch ImportSessionError.sourceHasErrors(let source, let diagnostics) {
            Console.printDiagnostics(diagnostics)
            let count = diagnostics.filter { $0.severity == .error }.count
            throw CommandError.inputHasErrors(count: count, nothingChanged: source)
        }
        for note in outcome.notes { Console.printError("note: " + note) }
        Console.printDiagnostics(outcome.diagnostics)
        if !outcome.skippedLines.isEmpty {
            Console.printError(
                "skipped \(outcome.skippedLines.count.counted("row")) with errors: lines "
                    + outcome.skippedLines.map(String.init).joined(separator: ", "))
        }
        if outcome.answers > 0 {
            Console.printError(
                "\(outcome.answers.counted("answer")) "
                    + (dryRun ? "would be recorded" : "recorded")
                    + " from the sheet's verdict column")
        }
        let opened = outcome.report.findingsOpened
        if !opened.isEmpty {
            Console.printError(
                "\(opened.count.counted("draft nonconformity", plural: "draft nonconformities"))"
                    + " opened by its nonconforming answers: " + opened.joined(separator: ", ")
                    + " (complete them with 'qmsaudit finding edit')")
        }
        if show != nil { Console.write(EvidenceRenderer.preview(outcome.firstRecords)) }
        Console.print(
            (dryRun ? "dry run, nothing changed: would be " : "\(source): ")
                + outcome.report.summary)
    }

    /// The source and the options, read by the importer's declarations.
    private func parsed() throws -> (source: String, options: ImportOptions) {
        do {
            let (source, options) = try ImportOptions.parse(
                arguments, declared: Importer.options,
                passesThrough: Importer.passesArgumentsThrough)
            guard let source else {
                throw ImportUsageError(
                    "'import \(Importer.name)' needs the \(Importer.source.placeholder) to import")
            }
            try Importer.validate(options)
            return (source, options)
        } catch let error as ImportUsageError {
            var message = error.description
            if let option = error.unknownOption {
                let others = ImporterRegistry.current.importers.filter { other in
                    other.name != Importer.name && other.options.contains { $0.name == option }
                }
                if !others.isEmpty {
                    message =
                        "--\(option) is for "
                        + others.map { "'import \($0.name)'" }.joined(separator: " and ")
                        + ", not for 'import \(Importer.name)'"
                }
            }
            throw ValidationError(message)
        }
    }

    /// The importer's options as help lists them, in the shape ArgumentParser gives its own.
    static func optionsHelp() -> String {
        guard !Importer.options.isEmpty || Importer.passesArgumentsThrough else { return "" }
        var lines = ["Options of 'import \(Importer.name)':"]
        var entries = Importer.options.map { option in
            let value = option.value == .flag ? "" : " <\(option.valueName)>"
            return ("--\(option.name)\(value)", option.help)
        }
        if Importer.passesArgumentsThrough {
            entries.append(("-- <arguments> ...", "Arguments passed on, after '--'."))
        }
        let width = min(28, (entries.map(\.0.count).max() ?? 0) + 4)
        let indent = String(repeating: " ", count: width)
        for (label, help) in entries {
            var line = "  " + label
            if line.count < width {
                line += String(repeating: " ", count: width - line.count)
            } else {
                lines.append(line)
                line = indent
            }
            for word in help.split(separator: " ") {
                if line.count + word.count + 1 > 79 && line != indent {
                    lines.append(line)
                    line = indent
                }
                line += (line.hasSuffix(" ") ? "" : " ") + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
