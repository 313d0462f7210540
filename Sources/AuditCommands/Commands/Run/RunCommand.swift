import ArgumentParser
import AuditModel
import AuditStore
import Foundation

/// `qmsaudit run`: the guided checklist.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Work through the checklist item by item; resumes where you stopped.",
        discussion: """
            Each item shows its clause, question, guidance, expected evidence and progress. \
            Answer with a verdict word alone on its line, in any case; the note (for n/a the \
            justification, for a condition not arisen what was checked) is asked on the next \
            line:

              c conforming  o observation  i ofi  m minor  major  nc  na  a (not arisen)
              t  set the note        p  set the sampling note (before the verdict too)
              l EV-0012  link evidence    f  complete the item's draft finding
              b back   s skip   q quit   ? help

            Any word of the answer vocabulary works too (yes, partial, ncmaj, n/a). No single \
            letter means major, so Caps Lock cannot turn a minor into one; 'n' alone is \
            refused (no, or n/a?).

            A nonconforming verdict opens a draft nonconformity at once, its note the first \
            draft of the statement, and the run asks for its parts there and then: the \
            requirement, the objective evidence and the statement (and the grade, for 'nc'); \
            each part is saved as it is entered, an empty line skips one, and 'f' or \
            'qmsaudit finding edit' completes it later.

            Each answer is saved the moment it is given, so Ctrl-C or a closed terminal never \
            loses one; running again resumes at the first unanswered item. Input can be \
            piped, one line for each prompt.

            Examples:
              qmsaudit run
              qmsaudit run --clause 7.5 --stage 1
              printf 'c\\nm\\nTwo expired labels\\n\\n\\n\\nq\\n' \\
                | qmsaudit run --clause 7.1.5
            """
    )

    @Option(help: "Only this clause and the clauses below it, e.g. 7 or 7.5.")
    var clause: ClauseNumber?

    @Option(help: "Only the items asked at this stage: 1, 2 or both.")
    var stage: Stage?

    @Flag(help: "Only the items not answered yet.")
    var unanswered = false

    @Option(help: "Start at this item instead of the first unanswered one.")
    var item: String?

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        var checklist = try file.checklist()
        if let stage { checklist = checklist.filtered(stage: stage) }
        if let clause {
            guard let subtree = checklist.subtree(at: clause) else {
                throw CommandError.unknownClause(
                    clause, checklist: checklist.id, hint: checklist.clauseHint(for: clause))
            }
            checklist = subtree
        }
        var items = checklist.items
        let responses = try file.responses()
        if unanswered { items = items.filter { responses[$0.id] == nil } }
        if let item, !items.contains(where: { $0.id == item }) {
            throw CommandError.unknownItem(item, selection: items.count)
        }
        InterruptHandler.install()
        var session = try GuidedRun(file: file, items: items, responses: responses)
        try session.start(at: item)
    }
}

/// Makes Ctrl-C end a guided run with a word of reassurance instead of silence.
enum InterruptHandler {
    static func install() {
        signal(SIGINT) { _ in
            let message: StaticString =
                "\ninterrupted: every answer given so far is saved; run again to resume\n"
            message.withUTF8Buffer { buffer in
                _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count)
            }
            _exit(130)
        }
    }
}
