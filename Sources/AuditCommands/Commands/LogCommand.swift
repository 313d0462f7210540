import ArgumentParser
import AuditModel
import AuditReport
import AuditStore

/// `qmsaudit log`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the audit file's journal, or verify its hash chain.",
        discussion: """
            Every change to an audit file is appended to its journal with the SHA-256 of the \
            event before it. --verify recomputes the chain and exits 1, naming the first event \
            that does not match, if anything was edited or removed outside qmsaudit.

            Examples:
              qmsaudit log
              qmsaudit log --item 7.2-2 --format json
              qmsaudit log --verify
            """
    )

    @Flag(help: "Check the hash chain instead of printing the journal.")
    var verify = false

    @Option(help: "Only the events about this item.")
    var item: String?

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        if verify {
            let result = try file.verifyJournal()
            if let problem = result.problem {
                Console.printError("journal check failed: \(problem)")
                throw ExitCode(1)
            }
            Console.print(
                "journal intact: \(result.events.counted("event")), head \(result.head.prefix(16))…"
            )
            return
        }
        let events = try file.journal(entity: item.map { "item:\($0)" })
        Console.print(JournalRenderer.render(events, format: format))
    }
}
