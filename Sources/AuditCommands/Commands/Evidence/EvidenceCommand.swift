import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import DirectoryImporter

/// `qmsaudit evidence`: what the audit knows of the evidence.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "List, show and link evidence references.",
        subcommands: [
            EvidenceListCommand.self, EvidenceShowCommand.self, EvidenceLinkCommand.self,
            EvidenceUnlinkCommand.self, EvidenceVerifyCommand.self,
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
        var records = try file.evidence()
        if let clause {
            records = records.filter { $0.draft.clauses.contains { clause.contains($0) } }
        }
        if stale { records = records.filter { $0.isStale(on: today) } }
        Console.print(EvidenceRenderer.render(records, today: today, format: format))
    }
}

/// `qmsaudit evidence show EV-…`.
struct EvidenceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one evidence record and the items it is linked to.")

    @Argument(help: "The evidence id, e.g. EV-0001.")
    var id: String

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        guard let evidence = try file.evidence(id: id) else {
            throw CommandError.unknownEvidence(id)
        }
        let items = try file.links().filter { $0.value.contains(id) }.keys.sorted()
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
            Every record with a SHA-256 and a local path is checked, on every core. Exit \
            status 1 when a file changed or is missing; run the import again to record the new \
            state.

            Example:
              qmsaudit evidence verify
            """
    )

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let records = try audit.open().evidence().filter { !$0.removedFromSource }
        let outcomes = EvidenceVerifier.verify(records)
        let rows = outcomes.map {
            EvidenceRenderer.VerifyRow(
                id: $0.evidence.id, state: $0.state.rawValue, location: $0.evidence.draft.location,
                recorded: $0.evidence.draft.sha256, current: $0.currentHash ?? "")
        }
        Console.print(EvidenceRenderer.render(rows, format: format))
        let counts = Dictionary(grouping: outcomes, by: \.state).mapValues(\.count)
        Console.printError(
            "\(counts[.unchanged] ?? 0) unchanged, \(counts[.changed] ?? 0) changed,"
                + " \(counts[.missing] ?? 0) missing, \(counts[.unchecked] ?? 0) not checked")
        if (counts[.changed] ?? 0) + (counts[.missing] ?? 0) > 0 { throw ExitCode(1) }
    }
}
