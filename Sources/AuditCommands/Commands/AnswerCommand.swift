import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import Foundation

/// `qmsaudit answer`: record answers (the default, `answer record`), or list them.
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Record the verdict on a checklist item (or a clause, or a CSV file of them),"
            + " or list the answers.",
        discussion: """
            `qmsaudit answer ITEM --verdict V` (the default subcommand, `record`) records one \
            answer, `--clause N --verdict na` a whole clause, `--from FILE` a CSV of them; \
            `qmsaudit answer list` shows what was recorded. See 'qmsaudit answer record --help'.
            """,
        subcommands: [AnswerRecordCommand.self, AnswerListCommand.self],
        defaultSubcommand: AnswerRecordCommand.self
    )
}

/// `qmsaudit answer record` (the default): one answer, a clause N/A, or many from a CSV file.
struct AnswerRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the verdict on a checklist item, a clause N/A, or many from a CSV file.",
        discussion: """
            Verdicts: conforming, observation, ofi, minor, major, na, not-arisen, \
            nonconforming — or the words filled-in checklists use for them, in any case (C, \
            Yes, OK; O, Obs; OFI; M, NCmin; NCmaj; N/A; NC, Partial, Gap, No). A word that says \
            nonconforming without a grade (NC, Partial, Gap, No, nonconforming) records \
            'nonconforming' and opens a draft finding that must be graded minor or major \
            (qmsaudit finding edit NC-… --grade minor). No single letter means major, and 'N' \
            alone is refused (no, or n/a?). N/A needs a justification and is refused where \
            the checklist does not allow it. 'not-arisen' is for items whose requirement \
            applies only when something happens (customer property lost, a process \
            outsourced) and it has not: the note says what was checked. The checklist may add \
            words of its own (policy.vocabulary).

            --clause N --verdict na answers every item of clause N and the clauses below it \
            N/A with one justification, in one transaction; the N/A register shows the clause \
            once.

            --from FILE reads a CSV with a header row naming the columns item, verdict and \
            optionally note, justification and sample. Every row is checked first, with line \
            and column for each problem; the answers are recorded in one transaction, all or \
            none.

            Examples:
              qmsaudit answer 7.2-2 --verdict minor \\
                --note "No training record for 2 of 5 operators" \\
                --sample "5 of 23 operators on line 2"
              qmsaudit answer --clause 8.3 --verdict na \\
                --justification "Acme builds to customer drawings"
              qmsaudit answer 7.2-2 --clear
              qmsaudit answer --from answers.csv
            """
    )

    @Argument(help: "The item to answer, e.g. 7.2-1.")
    var item: String?

    @Option(
        help: ArgumentHelp(
            "conforming, observation, ofi, minor, major, na, not-arisen or nonconforming (or a"
                + " word for one: C, NC, Partial, N/A …)."))
    var verdict: String?

    @Option(help: "What was seen, heard or read.")
    var note: String = ""

    @Option(help: "Why the item is not applicable (required with --verdict na).")
    var justification: String = ""

    @Option(help: "What was sampled: population, sample size, which records.")
    var sample: String = ""

    @Flag(help: "Remove the item's answer.")
    var clear = false

    @Option(help: "Answer every item of this clause and below it N/A, with one justification.")
    var clause: ClauseNumber?

    @Option(help: ArgumentHelp("Read many answers from a CSV file.", valueName: "file"))
    var from: String?

    @Option(
        help: ArgumentHelp(
            "With --from: the field separator (default: sniffed from the first lines).",
            valueName: ",|;|tab"))
    var separator: String?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if let separator, ![",", ";", "tab", "\t"].contains(separator) {
            throw ValidationError("--separator is ',', ';' or 'tab', not '\(separator)'")
        }
        if separator != nil && from == nil {
            throw ValidationError("--separator goes with --from FILE")
        }
        if from != nil {
            if item != nil || verdict != nil || clear || clause != nil {
                throw ValidationError(
                    "--from reads every answer from the file; give no item or --verdict")
            }
            return
        }
        if clause != nil {
            if item != nil || clear {
                throw ValidationError("--clause answers the whole clause; give no item")
            }
            guard verdict != nil, !justification.trimmingWhitespace().isEmpty else {
                throw ValidationError(
                    "--clause needs --verdict na and --justification (why the clause does not"
                        + " apply)")
            }
            return
        }
        guard item != nil else { throw ValidationError("name an item, or use --from FILE") }
        if clear && verdict != nil { throw ValidationError("--clear takes no --verdict") }
        if !clear && verdict == nil { throw ValidationError("give a --verdict (or --clear)") }
    }

    func run() throws {
        let file = try audit.open()
        let context = Invocation.context()
        if let from {
            let outcome = try AnswerFileLoader.load(
                from, into: file,
                separator: separator.map {
                    $0 == "tab" || $0 == "\t" ? 0x09 : $0.utf8.first ?? 0x2C
                })
            Console.print(
                "\(from): \(outcome.added.count) answered, \(outcome.changed.count) changed,"
                    + " \(outcome.unchanged.count) unchanged")
            for line in try FindingNotices.lines(for: outcome, file: file) { Console.print(line) }
            return
        }
        if let clause, let verdict {
            guard try file.checklist().policy.vocabulary.verdict(verdict) == .na else {
                throw ValidationError(
                    "--clause answers a whole clause N/A; give --verdict na (other verdicts are"
                        + " given item by item)")
            }
            let outcome = try file.recordNotApplicable(
                clause: clause, justification: justification, context: context)
            let count = outcome.added.count + outcome.changed.count + outcome.unchanged.count
            Console.print(
                "\(clause): \(count.counted("item")) n/a (\(outcome.added.count) recorded,"
                    + " \(outcome.changed.count) changed, \(outcome.unchanged.count) unchanged)")
            for line in try FindingNotices.lines(for: outcome, file: file) { Console.print(line) }
            return
        }
        guard let item else { return }
        if clear {
            let outcome = try file.record([], clearing: [item], context: context)
            Console.print(outcome.cleared.isEmpty ? "\(item) had no answer" : "\(item): cleared")
            for line in try FindingNotices.lines(for: outcome, file: file) { Console.print(line) }
            return
        }
        guard let word = verdict else { return }
        let vocabulary = try file.checklist().policy.vocabulary
        guard let verdict = vocabulary.verdict(word) else {
            throw ValidationError(vocabulary.unknown(word))
        }
        let answer = Answer(
            itemID: item, verdict: verdict, note: note, justification: justification,
            sample: sample)
        let outcome = try file.record([answer], context: context)
        let what =
            outcome.added.isEmpty ? outcome.changed.isEmpty ? "unchanged" : "changed" : "recorded"
        Console.print("\(item): \(verdict.rawValue) (\(what))")
        for line in try FindingNotices.lines(for: outcome, file: file) { Console.print(line) }
    }
}

/// `qmsaudit answer list`: the answers, in the terminal or for other tools.
struct AnswerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the items with their verdicts, notes, samples, evidence and findings.",
        discussion: """
            The working paper in the terminal: every item (or those under --clause, with \
            --verdict, or --unanswered) with what was recorded and who answered when. \
            'qmsaudit report checklist' writes the same as a document or a workbook.

            Examples:
              qmsaudit answer list --clause 7.1.5
              qmsaudit answer list --verdict minor --format csv
              qmsaudit answer list --carried
            """
    )

    @Option(help: "Only this clause and the clauses below it.")
    var clause: ClauseNumber?

    @Option(help: "Only the items with this verdict (any word for one).")
    var verdict: String?

    @Flag(help: "Only the items not answered yet.")
    var unanswered = false

    @Flag(
        help: "Only the answers carried over from an older edition's audit, not yet confirmed.")
    var carried = false

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if format == .md { throw ValidationError("answer list prints table, json or csv") }
    }

    func run() throws {
        let file = try audit.open()
        let paper = try WorkingPaper(file, generatedAt: Timestamp.now())
        var filter: Verdict?
        if let verdict {
            let vocabulary = try file.checklist().policy.vocabulary
            guard let known = vocabulary.verdict(verdict) else {
                throw ValidationError(vocabulary.unknown(verdict))
            }
            filter = known
        }
        let checklist = try file.checklist()
        if let clause, checklist.subtree(at: clause) == nil {
            throw CommandError.unknownClause(
                clause, checklist: checklist.id, hint: checklist.clauseHint(for: clause))
        }
        Console.write(
            paper.filtered(
                clause: clause, verdict: filter, unanswered: unanswered, carried: carried
            ).list(format))
    }
}

extension WorkingPaper {
    /// The working paper of the audit in `file`.
    init(_ file: AuditFile, generatedAt: String) throws {
        self.init(
            info: try file.info(), plan: try file.plan(), checklist: try file.checklist(),
            responses: try file.responses(), evidence: try file.evidence(),
            links: try file.links(), register: try file.findingRegister(),
            generatedAt: generatedAt)
    }
}
