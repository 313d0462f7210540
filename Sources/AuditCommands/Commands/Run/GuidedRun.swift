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

    init(file: AuditFile, items: [ChecklistItem], responses: [String: Response]) throws {
        self.file = file
        self.items = items
        self.responses = responses
        evidence = try file.evidence().filter { !$0.removedFromSource }
        links = try file.links()
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
        "[c]onforming [o]bservation [i] ofi [m]inor [M]ajor [n]/a · [t] note [p] sample"
        + " [f]inding · [b]ack [s]kip [q]uit [?]"

    static let help = """
        c TEXT   conforming          m TEXT   minor nonconformity (TEXT: what was seen)
        o TEXT   observation         M TEXT   major nonconformity
        i TEXT   OFI                 n TEXT   not applicable (TEXT: the justification)
        a TEXT   the item's condition has not arisen (TEXT: what was checked; only for items
                 that depend on a condition)
        t TEXT   set the note of the current answer
        p TEXT   set the sampling note (population, sample size, what was sampled)
        f        complete this item's draft finding: requirement, evidence, statement
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
    private mutating func prompt(_ item: ChecklistItem) throws -> Int? {
        while true {
            Console.write("> ")
            guard let line = Console.readLine() else { return nil }
            let trimmed = line.trimmingWhitespace()
            guard let key = trimmed.first else { continue }
            let text = String(trimmed.dropFirst()).trimmingWhitespace()
            switch key {
            case "q": return nil
            case "s": return index + 1
            case "b":
                if index == 0 { Console.print("this is the first item") } else { return index - 1 }
            case "?": Console.print(Self.help)
            case "f":
                guard let finding = try file.findingRegister().openedFromAnswer(item.id) else {
                    Console.print("no finding was opened from this item's answer")
                    continue
                }
                try complete(finding)
            case "t", "p":
                guard var current = responses[item.id] else {
                    Console.print("answer the item first, then add a note")
                    continue
                }
                if key == "t" { current.note = text } else { current.sample = text }
                try save(
                    Answer(
                        itemID: item.id, verdict: current.verdict, note: current.note,
                        justification: current.justification, sample: current.sample))
                Console.print(key == "t" ? "note saved" : "sampling note saved")
            default:
                guard let verdict = Self.verdict(for: key) else {
                    Console.print("unknown key '\(key)'; type ? for help")
                    continue
                }
                if try answer(item, verdict: verdict, text: text) { return index + 1 }
            }
        }
    }

    static func verdict(for key: Character) -> Verdict? {
        switch key {
        case "c": .conforming
        case "o": .observation
        case "i": .ofi
        case "m": .minor
        case "M": .major
        case "n": .na
        case "a": .notArisen
        default: nil
        }
    }

    /// Records a verdict; returns whether the run should move on.
    private mutating func answer(_ item: ChecklistItem, verdict: Verdict, text: String) throws
        -> Bool
    {
        let previous = responses[item.id]
        var note = previous?.note ?? ""
        var justification = ""
        if verdict == .na {
            guard item.naAllowed else {
                Console.print("N/A is not allowed for \(item.id) (clause \(item.clause))")
                return false
            }
            justification = text
            if justification.isEmpty {
                Console.write("justification (why it does not apply): ")
                justification = Console.readLine()?.trimmingWhitespace() ?? ""
            }
            guard !justification.isEmpty else {
                Console.print("N/A needs a justification; nothing saved")
                return false
            }
        } else if verdict == .notArisen {
            guard item.conditionMayNotArise else {
                Console.print(
                    "\(item.id) does not depend on a condition; 'not arisen' is for items that"
                        + " apply only when something happens")
                return false
            }
            note = text
            if note.isEmpty {
                Console.write("what was checked (that the condition has not arisen): ")
                note = Console.readLine()?.trimmingWhitespace() ?? ""
            }
            guard !note.isEmpty else {
                Console.print("'not arisen' needs a note of what was checked; nothing saved")
                return false
            }
        } else if !text.isEmpty {
            note = text
        } else if verdict.isNonconformity && note.isEmpty {
            Console.write("note (what was seen — the first draft of the finding): ")
            note = Console.readLine()?.trimmingWhitespace() ?? ""
        }
        let outcome = try save(
            Answer(
                itemID: item.id, verdict: verdict, note: note, justification: justification,
                sample: previous?.sample ?? ""))
        answeredNow += previous == nil ? 1 : 0
        Console.print("saved: \(item.id) \(verdict.rawValue)")
        let register = try file.findingRegister()
        for id in outcome.findingsOpened {
            guard let finding = register.finding(id) else { continue }
            Console.print(
                "\(id) opened as a draft \(finding.grade) nonconformity; its three parts"
                    + " (Enter skips one; complete later with 'f' or 'qmsaudit finding edit \(id)'):"
            )
            try complete(finding)
        }
        for line in try FindingNotices.lines(for: outcome, file: file, announcingOpened: false) {
            Console.print(line)
        }
        return true
    }

    /// Asks for the parts of a draft finding's statement, one line each; an empty line keeps
    /// the part as it is.
    private func complete(_ finding: Finding) throws {
        func ask(_ label: String, _ current: String) -> String? {
            Console.write(current.isEmpty ? "\(label): " : "\(label) [\(current)]: ")
            let text = Console.readLine()?.trimmingWhitespace() ?? ""
            return text.isEmpty ? nil : text
        }
        let edit = AuditFile.FindingEdit(
            requirement: ask("requirement (which requirement is not met)", finding.requirement),
            evidence: ask(
                "objective evidence (what was seen, read or heard; EV ids)", finding.evidence),
            statement: ask("statement (how the requirement is not met)", finding.statement))
        guard !edit.isEmpty else {
            Console.print(FindingNotices.draftLines(for: [finding]).joined(separator: "\n"))
            return
        }
        do {
            let saved = try file.editFinding(finding.id, edit, context: Invocation.context())
            Console.print(
                saved.isDraft
                    ? FindingNotices.draftLines(for: [saved]).joined(separator: "\n")
                    : "\(saved.id): statement complete")
        } catch let error as AuditStoreError {
            Console.print("\(error.description); the draft is kept as it was")
        }
    }

    @discardableResult
    private mutating func save(_ answer: Answer) throws -> AuditFile.AnswerOutcome {
        let context = Invocation.context()
        let outcome = try file.record([answer], context: context)
        responses[answer.itemID] = Response(answer, at: context.time, by: context.actor)
        return outcome
    }
}
