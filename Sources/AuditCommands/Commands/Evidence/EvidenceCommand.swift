import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import EvidenceFiles
import Foundation

/// `qmsaudit evidence`: what the audit knows of the evidence.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "List, show and link evidence references.",
        subcommands: [
            EvidenceListCommand.self, EvidenceShowCommand.self, EvidenceLinkCommand.self,
            EvidenceUnlinkCommand.self, EvidenceVerifyCommand.self, EvidenceSourcesCommand.self,
            EvidenceRelocateCommand.self, EvidenceMapCommand.self,
        ]
    )
}

/// `qmsaudit evidence list`.
struct EvidenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the evidence, optionally for one clause or only the stale.",
        discussion: """
            Stale evidence is past its review date. Evidence its source no longer lists is \
            marked 'removed'.

            Examples:
              qmsaudit evidence list --clause 7.5
              qmsaudit evidence list --stale --format csv
            """
    )

    @Option(help: "Only evidence for this clause or a clause below it.")
    var clause: ClauseNumber?

    @Flag(help: "Only evidence past its review date.")
    var stale = false

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        let today = String(Timestamp.now().prefix(10))
        // Streamed a record at a time, so a register of millions lists in little memory.
        try EvidenceRenderer.stream(
            format: format, today: today,
            records: { body in
                try file.forEachEvidence { record in
                    if let clause, !record.draft.clauses.contains(where: { clause.contains($0) }) {
                        return
                    }
                    if stale && !record.isStale(on: today) { return }
                    try body(record)
                }
            }, emit: Console.write)
    }
}

/// `qmsaudit evidence show EV-…`.
struct EvidenceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one evidence record and the items it is linked to.")

    @Argument(help: "The evidence id, e.g. EV-0001.")
    var id: String

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if format != .table && format != .json {
            throw ValidationError("'evidence show' prints table or json")
        }
    }

    func run() throws {
        let file = try audit.open()
        guard let evidence = try file.evidence(id: id) else {
            throw CommandError.unknownEvidence(id)
        }
        let items = try file.links().filter { $0.value.contains(id) }.keys.sorted()
        if format == .json {
            Console.write(
                EvidenceRenderer.detailJSON(
                    evidence, linkedItems: items, today: String(Timestamp.now().prefix(10))))
            return
        }
        Console.print(
            EvidenceRenderer.detail(
                evidence, linkedItems: items, today: String(Timestamp.now().prefix(10))))
    }
}

/// `qmsaudit evidence link ITEM EV-…`.
struct EvidenceLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Link evidence to a checklist item.",
        discussion: "Example:\n  qmsaudit evidence link 7.2-2 EV-0012 EV-0013")

    @Argument(help: "The checklist item.")
    var item: String

    @Argument(help: "One or more evidence ids.")
    var evidence: [String]

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let changed = try audit.open().link(evidence, to: item, context: Invocation.context())
        Console.print("\(item): \(changed.count.counted("link")) added")
    }
}

/// `qmsaudit evidence unlink ITEM EV-…`.
struct EvidenceUnlinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlink", abstract: "Remove links between evidence and a checklist item.")

    @Argument(help: "The checklist item.")
    var item: String

    @Argument(help: "One or more evidence ids.")
    var evidence: [String]

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let changed = try audit.open().link(
            evidence, to: item, unlink: true, context: Invocation.context())
        Console.print("\(item): \(changed.count.counted("link")) removed")
    }
}

/// `qmsaudit evidence verify`.
struct EvidenceVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash the files evidence points to; report changed and missing ones.",
        discussion: """
            Every record with a SHA-256 and a local path is checked, on every core. A \
            folder's records are found through the folder's real path, recorded when it was \
            imported, so the result does not depend on where the command runs. Exit status 1 \
            when a file changed or is missing; run the import again to record the new state, \
            or 'qmsaudit evidence relocate' when the folder itself moved.

            Example:
              qmsaudit evidence verify
            """
    )

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let all = try audit.open().evidence()
        // A record its source no longer lists is reported as that, as 'gaps' does, not hashed.
        let removed = all.filter { $0.removedFromSource && $0.hasLocalFile }
        let outcomes = EvidenceFileCheck.verify(all.filter { !$0.removedFromSource })
        let rows =
            outcomes.map {
                EvidenceRenderer.VerifyRow(
                    id: $0.evidence.id, state: $0.state.rawValue,
                    location: $0.path ?? $0.evidence.draft.location,
                    recorded: $0.evidence.draft.sha256, current: $0.currentHash ?? "")
            }
            + removed.map {
                EvidenceRenderer.VerifyRow(
                    id: $0.id, state: "removed from source", location: $0.draft.location,
                    recorded: $0.draft.sha256, current: "")
            }
        Console.print(
            EvidenceRenderer.render(
                rows.sorted {
                    (Evidence.number(id: $0.id) ?? 0) < (Evidence.number(id: $1.id) ?? 0)
                },
                format: format))
        let counts = Dictionary(grouping: outcomes, by: \.state).mapValues(\.count)
        Console.printError(
            "\(counts[.unchanged] ?? 0) unchanged, \(counts[.changed] ?? 0) changed,"
                + " \(counts[.missing] ?? 0) missing, \(counts[.unchecked] ?? 0) not checked"
                + (removed.isEmpty ? "" : ", \(removed.count) removed from source"))
        if (counts[.changed] ?? 0) + (counts[.missing] ?? 0) > 0 { throw ExitCode(1) }
    }
}

/// `qmsaudit evidence sources`.
struct EvidenceSourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the sources evidence was imported from, with their roots.",
        discussion: """
            Each source is a register, a workbook's sheet, a document folder or a plugin: its \
            name (as 'qmsaudit evidence relocate' takes it), the folder its records' locations \
            are resolved against, its records (and how many its last import no longer found) \
            and its last import.
            """)

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        Console.print(EvidenceRenderer.render(try audit.open().sources(), format: format))
    }
}

/// `qmsaudit evidence relocate SOURCE NEW-ROOT`.
struct EvidenceRelocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relocate",
        abstract: "Point a source's records at the folder where its files are now.",
        discussion: """
            When a document folder moved (the QMS share is mounted elsewhere), its records are \
            re-pointed without importing it again: their locations are relative to the \
            source's root, and this records the new root (one journal event). It says how many \
            of the records' files are found there; the next import of the folder from its new \
            place is then the same source.

            Example:
              qmsaudit evidence relocate dir:QMS /mnt/qms-share/QMS
            """)

    @Argument(help: "The source, as 'qmsaudit evidence sources' names it (e.g. dir:QMS).")
    var source: String

    @Argument(help: ArgumentHelp("The folder where its files are now.", valueName: "new-root"))
    var root: String

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        guard let resolved = realpath(root, nil) else {
            throw CommandError.cannotRead(path: root, reason: "no such folder")
        }
        let path = String(cString: resolved)
        free(resolved)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
            isFolder.boolValue
        else { throw CommandError.cannotRead(path: root, reason: "it is not a folder") }
        let records = try file.evidence().filter { $0.source == source }
        let before = try file.relocate(source: source, to: path, context: Invocation.context())
        let (found, checked) = EvidenceFileCheck.found(records, under: path)
        Console.print(
            "\(source): root \(before.isEmpty ? "(none)" : before) → \(path);"
                + " \(found) of \(checked.counted("file")) found there")
    }
}
