import AuditModel
import AuditReport
import AuditStore

/// The guided checklist: shows one item at a time, reads one command a line, and saves each
/// answer the moment it is given.
struct GuidedRun {
    let file: AuditFile
    let items: [ChecklistItem]
    var responses: [String: Response]
    private let evidence: [Evidence]
    private let links: [String: [String]]
    private var index = 0
    private var answeredNow = 0
    private let vocabulary: VerdictVocabulary
    /// A note or sampling note given before the item's verdict: saved with it.
    private var pendingNote = ""
    private var pendingSample = ""

    init(file: AuditFile, items: [ChecklistItem], responses: [String: Response]) throws {
        self.file = file
        self.items = items
        self.responses = responses
        evidence = try file.evidence().filter { !$0.removedFromSource }
        links = try file.links()
        vocabulary = try file.checklist().policy.vocabulary
    }

    /// The evidence linked to the item, then the evidence imported for its clause (or a clause
    /// above or below it).
    private func evidence(for item: ChecklistItem) -> [(Evidence, linked: Bool)] {
        let linked = Set(links[item.id] ?? [])
        let forClause = evidence.filter { record in
            !linked.contains(record.id)
                && record.draft.clauses.contains {
                    $0.contains(item.clause) || item.clause.contains($0)
                }
        }
        return evidence.filter { linked.contains($0.id) }.map { ($0, true) }
            + forClause.map { ($0, false) }
    }

    static let keys =
        "[c]onforming [o]bservation [i] ofi [m]inor major nc na · [t] note [p] sample"
        + " [l] EV-… link [f]inding · [b]ack [s]kip [q]uit [?]"

    static let help = """
        Answer with a verdict, one word alone on its line, in any case:
          c  conforming      o  observation     i  ofi
          m  minor           major  (the whole word: no single letter means major)
          nc  a nonconformity not graded yet (grade its draft later)
          na  not applicable (the justification is asked next)
          a   the item's condition has not arisen (what was checked is asked next)
          … or any word answer sheets use: yes, partial, ncmaj, n/a, not arisen
        For anything but conforming the note is asked on the next line (Enter for none).
          t  set the note      p  set the sampling note (asked on the next line; before the
                                  verdict too, then saved with it)
          l EV-0012 …  link evidence to the item
          f  complete this item's draft finding: requirement, evidence, statement
          b back · s skip · q quit · ? this help
        """

    mutating func start(at itemID: String?) throws {
        guard !items.isEmpty else {
            Console.print("no items in this selection")
            return
        }
        if let itemID, let position = items.firstIndex(where: { $0.id == itemID }) {
            index = position
        } else if let first = items.firstIndex(where: { responses[$0.id] == nil }) {
            index = first
        } else {
            Console.print(
                "every item in this selection is answered; use --item ID to review one,"
                    + " or 'qmsaudit score' to see the result")
            return
        }
        if index > 0 {
            Console.print("resuming at item \(index + 1) of \(items.count) (\(items[index].id))")
        }
        while index < items.count {
            show(items[index])
            guard let next = try prompt(items[index]) else { break }
            index = next
        }
        finish()
    }

    private func finish() {
        let remaining = items.filter { responses[$0.id] == nil }.count
        Console.print(
            "\n\(answeredNow.counted("answer")) saved this session;"
                + " \(remaining.counted("item")) of this selection still unanswered")
    }

    private func show(_ item: ChecklistItem) {
        var lines = [
            "", "── item \(index + 1) of \(items.count) · clause \(item.clause) ──",
        ]
        lines += PlainText.wrap(item.question, first: "\(item.id)  ", rest: "    ")
        if !item.guidance.isEmpty {
            lines += PlainText.wrap(item.guidance, first: "  guidance: ", rest: "    ")
        }
        let kinds = item.evidence.kinds.map(\.rawValue).joined(separator: ", ")
        let tags = item.evidence.tags.joined(separator: ", ")
        if !kinds.isEmpty || !tags.isEmpty {
            lines += PlainText.wrap(
                [kinds, tags].filter { !$0.isEmpty }.joined(separator: " — "),
                first: "  evidence: ", rest: "    ")
        }
        for info in item.documentedInformation {
            lines.append(
                "  documented information: \(info.kind.rawValue) \(info.what)"
                    + (info.condition.map { " (only \($0))" } ?? ""))
        }
        let onFile = evidence(for: item)
        for (record, linked) in onFile.prefix(6) {
            var text = "  \(linked ? "linked" : "on file"): \(record.id) "
            if !record.draft.documentNumber.isEmpty { text += record.draft.documentNumber + " " }
            text += record.draft.title
            if !record.draft.revision.isEmpty { text += " (rev \(record.draft.revision))" }
            lines.append(text)
        }
        if onFile.count > 6 {
            lines.append(
                "  … and \(onFile.count - 6) more: qmsaudit evidence list --clause \(item.clause)")
        }
        lines.append(
            "  stage \(item.stage.rawValue) · weight \(item.weight.compactDescription) · "
                + (item.naAllowed ? "N/A allowed" : "N/A not allowed")
                + (item.practice ? " · good practice, not a requirement" : ""))
        if let condition = item.condition {
            lines.append("  applies \(condition): [a] if it has not arisen")
        }
        if let current = responses[item.id] {
            var text = "  current answer: \(current.verdict.rawValue)"
            if !current.note.isEmpty { text += " — \(current.note)" }
            if !current.justification.isEmpty { text += " — \(current.justification)" }
            lines.append(text)
        }
        lines.append(Self.keys)
        Console.print(lines.joined(separator: "\n"))
    }

    /// Reads commands until the item is dealt with; returns the next index, or `nil` to stop.
    ///
    /// A line is a command (`t`, `p`, `l EV-…`, `f`, `b`, `s`, `q`, `?`, `a`) or a verdict word
    /// alone; nothing after a key is taken as a note, so `conforming` is never "c" with the
    /// note "onforming".
    private mutating func prompt(_ item: ChecklistItem) throws -> Int? {
        while true {
            Console.write("> ")
            guard let line = Console.readLine() else { return nil }
            let trimmed = line.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            let words = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
            let command = words[0].lowercased()
            let argument = words.count > 1 ? words[1] : ""
            switch (command, argument.isEmpty) {
            case ("q", true), ("quit", true): return nil
            case ("s", true), ("skip", true): return next()
            case ("b", true), ("back", true):
                if index == 0 {
                    Console.print("this is the first item")
                } else {
                    return back()
                }
            case ("?", true), ("help", true): Console.print(Self.help)
            case ("f", true), ("finding", true):
                guard let finding = try file.findingRegister().openedFromAnswer(item.id) else {
                    Console.print("no finding was opened from this item's answer")
                    continue
                }
                try complete(finding)
            case ("t", true), ("note", true): try note(item, sample: false)
            case ("p", true), ("sample", true): try note(item, sample: true)
            case ("l", false), ("link", false): try link(item, argument)
            case ("a", true):
                if try answer(item, verdict: .notArisen) { return next() }
            default:
                if let verdict = vocabulary.verdict(trimmed) {
                    if try answer(item, verdict: verdict) { return next() }
                } else if let reason = VerdictVocabulary.ambiguous[trimmed.lowercased()] {
                    Console.print(reason)
                } else {
                    Console.print(
                        "'\(trimmed)' is neither a key nor a verdict; a verdict stands alone on"
                            + " its line (the note is asked next). Type ? for help.\n" + Self.keys)
                }
            }
        }
    }

    private mutating func next() -> Int {
        pendingNote = ""
        pendingSample = ""
        return index + 1
    }

    private mutating func back() -> Int {
        pendingNote = ""
        pendingSample = ""
        return index - 1
    }

    /// Asks for the note or the sampling note on the next line: saved at once on an answered
    /// item, kept for the verdict on one not answered yet.
    private mutating func note(_ item: ChecklistItem, sample: Bool) throws {
        let current =
            sample
            ? (responses[item.id]?.sample ?? pendingSample)
            : (responses[item.id]?.note ?? pendingNote)
        let label =
            sample ? "sampling note (population, sample size, what was sampled)" : "note"
        Console.write(current.isEmpty ? "\(label): " : "\(label) [\(current)]: ")
        let text = Console.readLine()?.trimmingWhitespace() ?? ""
        guard !text.isEmpty else {
            Console.print("nothing changed")
            return
        }
        guard var answered = responses[item.id] else {
            if sample { pendingSample = text } else { pendingNote = text }
            Console.print(
                (sample ? "sampling note" : "note") + " kept; it is saved with the verdict")
            return
        }
        if sample { answered.sample = text } else { answered.note = text }
        try save(
            Answer(
                itemID: item.id, verdict: answered.verdict, note: answered.note,
                justification: answered.justification, sample: answered.sample))
        Console.print(sample ? "sampling note saved" : "note saved")
    }

    /// Links evidence records (`EV-0012 EV-0013`) to the item.
    private mutating func link(_ item: ChecklistItem, _ argument: String) throws {
        let ids = argument.split(whereSeparator: { $0 == " " || $0 == "," }).map {
            $0.uppercased()
        }
        do {
            let added = try file.link(ids, to: item.id, context: Invocation.context())
            Console.print(
                added.isEmpty
                    ? "already linked: \(ids.joined(separator: ", "))"
                    : "linked to \(item.id): \(added.joined(separator: ", "))")
        } catch let error as AuditStoreError {
            Console.print("\(error.description); nothing linked")
        }
    }

    /// Records a verdict, asking on the next line for what it needs; returns whether the run
    /// should move on.
    private mutating func answer(_ item: ChecklistItem, verdict: Verdict) throws -> Bool {
        let previous = responses[item.id]
        var note = pendingNote.isEmpty ? previous?.note ?? "" : pendingNote
        var justification = ""
        func ask(_ label: String, current: String = "") -> String {
            Console.write(current.isEmpty ? "\(label): " : "\(label) [\(current)]: ")
            let text = Console.readLine()?.trimmingWhitespace() ?? ""
            return text.isEmpty ? current : text
        }
        switch verdict {
        case .na:
            guard item.naAllowed else {
                Console.print("N/A is not allowed for \(item.id) (clause \(item.clause))")
                return false
            }
            justification = ask(
                "justification (why it does not apply)", current: previous?.justification ?? "")
            guard !justification.isEmpty else {
                Console.print("N/A needs a justification; nothing saved")
                return false
            }
        case .notArisen:
            guard item.conditionMayNotArise else {
                Console.print(
                    "\(item.id) does not depend on a condition; 'not arisen' is for items that"
                        + " apply only when something happens")
                return false
            }
            note = ask("what was checked (that the condition has not arisen)", current: note)
            guard !note.isEmpty else {
                Console.print("'not arisen' needs a note of what was checked; nothing saved")
                return false
            }
        case .conforming:
            break
        default:
            note = ask(
                verdict.isNonconformity
                    ? "note (what was seen — the first draft of the finding)"
                    : "note (what was seen; Enter for none)", current: note)
        }
        let outcome = try save(
            Answer(
                itemID: item.id, verdict: verdict, note: note, justification: justification,
                sample: pendingSample.isEmpty ? previous?.sample ?? "" : pendingSample))
        answeredNow += previous == nil ? 1 : 0
        Console.print("saved: \(item.id) " + TerminalStyle.current.verdict(verdict))
        let register = try file.findingRegister()
        for id in outcome.findingsOpened {
            guard let finding = register.finding(id) else { continue }
            Console.print(
                "\(id) opened as a draft \(finding.findingClass == .ungraded ? "ungraded" : finding.grade)"
                    + " nonconformity; its three parts (Enter skips one; complete later with 'f'"
                    + " or 'qmsaudit finding edit \(id)'):")
            try complete(finding)
        }
        for line in try FindingNotices.lines(for: outcome, file: file, announcingOpened: false) {
            Console.print(line)
        }
        return true
    }

    /// Asks for the parts of a draft finding's statement, one line each, and saves each part
    /// the moment it is entered (an interruption keeps what was typed); an empty line keeps
    /// the part as it is.
    private func complete(_ finding: Finding) throws {
        var current = finding
        var parts: [(String, String, (String) -> AuditFile.FindingEdit)] = [
            (
                "requirement (which requirement is not met)", finding.requirement,
                { AuditFile.FindingEdit(requirement: $0) }
            ),
            (
                "objective evidence (what was seen, read or heard; EV ids)", finding.evidence,
                { AuditFile.FindingEdit(evidence: $0) }
            ),
            (
                "statement (how the requirement is not met)", finding.statement,
                { AuditFile.FindingEdit(statement: $0) }
            ),
        ]
        if finding.findingClass == .ungraded {
            parts.insert(
                (
                    "grade (minor or major; Enter to grade it later)", "",
                    { AuditFile.FindingEdit(grade: $0) }
                ), at: 0)
        }
        for (label, value, edit) in parts {
            Console.write(value.isEmpty ? "\(label): " : "\(label) [\(value)]: ")
            let text = Console.readLine()?.trimmingWhitespace() ?? ""
            guard !text.isEmpty, text != value else { continue }
            do {
                current = try file.editFinding(
                    finding.id, edit(text), context: Invocation.context())
            } catch let error as AuditStoreError {
                Console.print("\(error.description); this part is kept as it was")
            }
        }
        Console.print(
            current.isDraft
                ? FindingNotices.draftLines(for: [current]).joined(separator: "\n")
                : "\(current.id): statement complete")
    }

    @discardableResult
    private mutating func save(_ answer: Answer) throws -> AuditFile.AnswerOutcome {
        let context = Invocation.context()
        let outcome = try file.record([answer], context: context)
        responses[answer.itemID] = Response(answer, at: context.time, by: context.actor)
        return outcome
    }
}
