import ArgumentParser
import AuditModel
import AuditStore
import Foundation

/// `qmsaudit answer`: record one answer, or many from a CSV file.
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Record the verdict on a checklist item, or many from a CSV file.",
        discussion: """
            Verdicts: conforming, observation, ofi, minor, major, na, not-arisen, \
            nonconforming — or the words filled-in checklists use for them, in any case (C, \
            Yes, OK; O, Obs; OFI; NCmin; NCmaj; N/A; NC, Partial, Gap, No). A word that says \
            nonconforming without a grade (NC, Partial, Gap, No, nonconforming) records \
            'nonconforming' and opens a draft finding that must be graded minor or major \
            (qmsaudit finding edit NC-… --grade minor). N/A needs a justification and is \
            refused where the checklist does not allow it. 'not-arisen' is for items whose \
            documented information is needed only when something happens (customer property \
            lost, a process outsourced) and it has not: the note says what was checked. The \
            checklist may add words of its own (policy.vocabulary).

            --from FILE reads a CSV with a header row naming the columns item, verdict and \
            optionally note, justification and sample. Every row is checked first, with line \
            and column for each problem; the answers are recorded in one transaction, all or \
            none.

            Examples:
              qmsaudit answer 7.2-2 --verdict minor --note "No training record for 2 of 5 operators" \\
                --sample "5 of 23 operators on line 2"
              qmsaudit answer 8.3.1-1 --verdict na --justification "Acme builds to customer drawings"
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

    @Option(help: ArgumentHelp("Read many answers from a CSV file.", valueName: "file"))
    var from: String?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if from != nil {
            if item != nil || verdict != nil || clear {
                throw ValidationError(
                    "--from reads every answer from the file; give no item or --verdict")
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
            let outcome = try AnswerFileLoader.load(from, into: file)
            Console.print(
                "\(from): \(outcome.added.count) answered, \(outcome.changed.count) changed,"
                    + " \(outcome.unchanged.count) unchanged")
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
