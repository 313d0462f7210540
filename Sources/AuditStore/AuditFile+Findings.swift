public import AuditModel
import Foundation
import GRDB

extension AuditFile {
    /// What `finding add` raises.
    public struct NewFinding: Sendable {
        /// The grade's name in the checklist's policy (any case).
        public var grade: String
        /// The item, if the finding is raised against one; its clause is the finding's.
        public var itemID: String?
        /// The clause, when no item is named.
        public var clause: ClauseNumber?
        /// The requirement not met.
        public var requirement: String
        /// The objective evidence, as text; the evidence ids it names (`EV-0012`) are cited.
        public var evidence: String
        /// Evidence records cited besides those named in the text.
        public var evidenceIDs: [String]
        /// How the requirement is not met.
        public var statement: String
        /// The certification body's own number for it.
        public var reference: String?
        /// The deadline for the corrective action, when someone (a certification body) sets
        /// one; otherwise the grade's days.
        public var due: CalendarDate?

        /// Creates the description of a new finding.
        public init(
            grade: String, itemID: String? = nil, clause: ClauseNumber? = nil,
            requirement: String = "", evidence: String = "", evidenceIDs: [String] = [],
            statement: String = "", reference: String? = nil, due: CalendarDate? = nil
        ) {
            self.grade = grade
            self.itemID = itemID
            self.clause = clause
            self.requirement = requirement
            self.evidence = evidence
            self.evidenceIDs = evidenceIDs
            self.statement = statement
            self.reference = reference
            self.due = due
        }
    }

    /// Changes to a finding; `nil` leaves a field as it is.
    public struct FindingEdit: Sendable {
        /// A new grade, with the same number prefix.
        public var grade: String?
        /// A new requirement.
        public var requirement: String?
        /// New objective evidence text; the evidence ids it cites (`EV-0012`) are checked.
        public var evidence: String?
        /// A new statement.
        public var statement: String?

        /// Creates an edit.
        public init(
            grade: String? = nil, requirement: String? = nil, evidence: String? = nil,
            statement: String? = nil
        ) {
            self.grade = grade
            self.requirement = requirement
            self.evidence = evidence
            self.statement = statement
        }

        /// Whether the edit changes nothing.
        public var isEmpty: Bool {
            grade == nil && requirement == nil && evidence == nil && statement == nil
        }
    }

    // MARK: - Reading

    /// Every finding with its corrective-action record.
    ///
    /// - Throws: `AuditStoreError.database`.
    public func findingRegister() throws -> FindingRegister {
        try access { queue in
            try queue.read { db in
                let findings = try Row.fetchAll(db, sql: "SELECT * FROM finding").map {
                    try FindingRows.finding($0)
                }
                var actions: [String: CorrectiveAction] = [:]
                for id in try String.fetchAll(db, sql: "SELECT finding_id FROM corrective_action") {
                    actions[id] = try FindingRows.action(db, id)
                }
                return FindingRegister(findings: findings, actions: actions)
            }
        }
    }

    // MARK: - Findings

    /// Raises a finding, in one journaled transaction.
    ///
    /// A nonconformity gets an open corrective-action record due after the grade's days.
    ///
    /// - Returns: the finding as recorded.
    /// - Throws: `AuditStoreError.findingRefused` (unknown grade, item, clause or evidence),
    ///   `.database`.
    @discardableResult
    public func raise(_ new: NewFinding, context: ChangeContext) throws -> Finding {
        let checklist = try checklist()
        let policy = checklist.policy.findings
        guard let grade = policy.grade(named: new.grade) else {
            throw AuditStoreError.findingRefused(
                "unknown grade '\(new.grade)'; this checklist's grades are \(policy.gradeNames)")
        }
        let clause: ClauseNumber
        if let itemID = new.itemID {
            guard let item = checklist.item(itemID) else {
                throw AuditStoreError.findingRefused(
                    "checklist '\(checklist.id)' has no item '\(itemID)'"
                        + checklist.itemHint(for: itemID))
            }
            if let given = new.clause, given != item.clause {
                throw AuditStoreError.findingRefused(
                    "item '\(itemID)' belongs to clause \(item.clause), not \(given);"
                        + " give one of --item and --clause")
            }
            if item.practice, grade.findingClass.isNonconformity,
                new.requirement.trimmingWhitespace().isEmpty
            {
                throw AuditStoreError.findingRefused(
                    "item '\(itemID)' asks about good practice, not a requirement: a"
                        + " nonconformity on it needs the requirement it breaks (--requirement),"
                        + " or raise an observation or an opportunity for improvement")
            }
            clause = item.clause
        } else if let given = new.clause {
            guard checklist.clause(given) != nil else {
                throw AuditStoreError.findingRefused(
                    "checklist '\(checklist.id)' has no clause '\(given)'"
                        + checklist.clauseHint(for: given))
            }
            clause = given
        } else {
            throw AuditStoreError.findingRefused("name the item (--item) or the clause (--clause)")
        }
        // A certification body's minor is due by its next visit unless it set a date.
        var due = new.due
        if due == nil, grade.findingClass == .minor, try info().type.isCertificationBody,
            let visit = try programmeLink()?.nextVisit,
            visit > CalendarDate(context.time) ?? visit
        {
            due = visit
        }
        return try access { queue in
            try queue.write { db in
                let evidenceIDs = try Self.checkedEvidenceIDs(
                    Finding.citedEvidence(in: new.evidence) + new.evidenceIDs, db)
                var journal = try JournalWriter(db)
                var finding = Finding(
                    id: try FindingRows.nextID(db, prefix: grade.prefix), grade: grade,
                    itemID: new.itemID, clause: clause, requirement: new.requirement,
                    evidence: new.evidence, evidenceIDs: evidenceIDs, statement: new.statement,
                    origin: .manual, raisedAt: context.time, raisedBy: context.actor)
                finding.reference = new.reference.flatMap { $0.isEmpty ? nil : $0 }
                if let due, let raised = finding.raisedOn, due < raised {
                    throw AuditStoreError.findingRefused(
                        "--due (\(due)) comes before the finding is raised (\(raised))")
                }
                try Self.insert(
                    finding, grade: grade, due: due, db: db, journal: &journal,
                    context: context)
                try Self.alignVerdict(with: finding, db: db, journal: &journal, context: context)
                return finding
            }
        }
    }

    /// Makes the verdict of the finding's item say what the finding says, in the caller's
    /// transaction: an item with a major raised on it is not left scored conforming.
    ///
    /// The verdict becomes the finding's when the item is unanswered, or answered with a
    /// verdict less severe (conforming < ofi < observation < nonconforming < minor < major),
    /// N/A or not arisen; a more severe verdict stays, unless it is `replacing` (the verdict
    /// of the grade the finding had before a regrade).
    static func alignVerdict(
        with finding: Finding, replacing: Verdict? = nil, db: Database,
        journal: inout JournalWriter, context: ChangeContext
    ) throws {
        guard let itemID = finding.itemID, let verdict = finding.findingClass.verdict else {
            return
        }
        let severity: [Verdict: Int] = [
            .conforming: 0, .ofi: 1, .observation: 2, .nonconforming: 3, .minor: 4, .major: 5,
            .na: -1, .notArisen: -1,
        ]
        let before = try response(db, itemID)
        if let before, before.verdict == verdict { return }
        if let before, before.verdict != replacing,
            (severity[before.verdict] ?? 0) >= (severity[verdict] ?? 0)
        {
            return
        }
        var after = Response(
            itemID: itemID, verdict: verdict,
            note: before?.note.isEmpty == false
                ? before?.note ?? "" : "\(finding.id): \(finding.statement)",
            sample: before?.sample ?? "", answeredAt: context.time, answeredBy: context.actor)
        after.justification = ""
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO response
                    (item_id, verdict, note, justification, sample, answered_at, answered_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                after.itemID, after.verdict.rawValue, after.note, after.justification,
                after.sample, after.answeredAt, after.answeredBy,
            ])
        try journal.append(
            entity: "item:\(itemID)", action: before == nil ? "answer" : "change",
            before: before?.compactJSON, after: after.compactJSON, context: context)
    }

    /// Changes a finding's grade or statement.
    ///
    /// A regrade keeps the number, so it stays within the grade's prefix (a minor may become a
    /// major; a nonconformity never an observation).
    ///
    /// - Throws: `AuditStoreError.unknownFinding`, `.findingRefused`, `.database`.
    @discardableResult
    public func editFinding(_ id: String, _ edit: FindingEdit, context: ChangeContext) throws
        -> Finding
    {
        let policy = try checklist().policy.findings
        return try access { queue in
            try queue.write { db in
                let before = try FindingRows.existing(db, id)
                guard !before.isWithdrawn else {
                    throw AuditStoreError.findingRefused(
                        "\(before.id) was withdrawn; raise a new finding instead")
                }
                if let action = try FindingRows.action(db, before.id), action.state == .closed {
                    throw AuditStoreError.findingRefused(
                        "\(before.id) is closed; its record is final")
                }
                var after = before
                if let name = edit.grade {
                    guard let grade = policy.grade(named: name) else {
                        throw AuditStoreError.findingRefused(
                            "unknown grade '\(name)'; this checklist's grades are"
                                + " \(policy.gradeNames)")
                    }
                    let prefix = Finding.split(before.id)?.prefix ?? ""
                    guard grade.prefix == prefix else {
                        throw AuditStoreError.findingRefused(
                            "\(before.id) cannot become '\(grade.id)': its number would change"
                                + " to \(grade.prefix)-…; withdraw it and raise a new finding")
                    }
                    after.grade = grade.id
                    after.findingClass = grade.findingClass
                }
                if let text = edit.requirement { after.requirement = text }
                if let text = edit.evidence {
                    after.evidence = text
                    after.evidenceIDs = try Self.checkedEvidenceIDs(
                        Finding.citedEvidence(in: text), db)
                }
                if let text = edit.statement { after.statement = text }
                guard after != before else { return after }
                var journal = try JournalWriter(db)
                try FindingRows.save(after, db)
                try journal.append(
                    entity: "finding:\(after.id)", action: "edit",
                    before: FindingRows.json(before), after: FindingRows.json(after),
                    context: context)
                if after.findingClass != before.findingClass {
                    try Self.alignVerdict(
                        with: after, replacing: before.findingClass.verdict, db: db,
                        journal: &journal, context: context)
                }
                return after
            }
        }
    }

    /// Withdraws a finding that does not hold.
    ///
    /// Its corrective action, if open, is cancelled with the same reason. A closed
    /// nonconformity is final and cannot be withdrawn.
    ///
    /// - Throws: `AuditStoreError.unknownFinding`, `.findingRefused`, `.database`.
    @discardableResult
    public func withdrawFinding(_ id: String, reason: String, context: ChangeContext) throws
        -> Finding
    {
        guard !reason.trimmingWhitespace().isEmpty else {
            throw AuditStoreError.findingRefused("say why the finding is withdrawn (--reason)")
        }
        return try access { queue in
            try queue.write { db in
                let finding = try FindingRows.existing(db, id)
                var journal = try JournalWriter(db)
                return try Self.withdraw(
                    finding, reason: reason, db: db, journal: &journal, context: context)
            }
        }
    }

    // MARK: - Corrective actions

    /// Changes one corrective-action record in one transaction: `body` edits the record (and
    /// may move it with `CorrectiveAction.move`); whatever it throws, nothing is written.
    ///
    /// - Parameters:
    ///   - id: the nonconformity's id.
    ///   - action: the journal's name for the change: `update`, `verify`, `close`.
    ///   - context: who, which command, when.
    ///   - body: the change, given the record, its finding and the policy.
    /// - Returns: the record before and after.
    /// - Throws: `AuditStoreError.unknownFinding`, `.noCorrectiveAction`, `.findingRefused`,
    ///   `ActionRefusal`, `.database`, or what `body` throws.
    @discardableResult
    public func changeAction(
        _ id: String, action: String, context: ChangeContext,
        _ body: (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void
    ) throws -> (before: CorrectiveAction, after: CorrectiveAction) {
        let policy = try checklist().policy.findings
        return try access { queue in
            try queue.write { db in
                let finding = try FindingRows.existing(db, id)
                guard let before = try FindingRows.action(db, finding.id) else {
                    throw AuditStoreError.noCorrectiveAction(finding.id)
                }
                let after = try ActionChange.apply(
                    before, finding: finding, policy: policy, context: context, body)
                guard after != before else { return (before, after) }
                var journal = try JournalWriter(db)
                try FindingRows.save(after, db)
                try journal.append(
                    entity: "action:\(finding.id)", action: action,
                    before: FindingRows.json(before), after: FindingRows.json(after),
                    context: context)
                return (before, after)
            }
        }
    }

    /// Takes corrective-action records followed elsewhere (on the programme) into the file,
    /// in one transaction, each a journal event (`action:NC-…`, `pull`).
    ///
    /// `records` pairs each record with the one it was followed from (`base`, what the file
    /// held when it was last attached). A record the file changed since then too is a clash:
    /// refused, naming both states, unless `replace` lets the programme's record win.
    ///
    /// - Returns: the ids of the records taken in; those already the same are left alone.
    /// - Throws: `AuditStoreError.findingRefused` for clashes or unknown findings,
    ///   `.database`.
    public func adoptActions(
        _ records: [(base: CorrectiveAction?, record: CorrectiveAction)], from source: String,
        replace: Bool, context: ChangeContext
    ) throws -> [String] {
        try access { queue in
            try queue.write { db in
                var journal = try JournalWriter(db)
                var taken: [String] = []
                var clashes: [String] = []
                for (base, record) in records {
                    let finding = try FindingRows.existing(db, record.findingID)
                    let current = try FindingRows.action(db, finding.id)
                    guard current != record else { continue }
                    if let current, current != base, !replace {
                        clashes.append(
                            "\(finding.id) is at '\(record.state.rawValue)' on \(source) and was"
                                + " changed in this file to '\(current.state.rawValue)' since it was"
                                + " last attached")
                        continue
                    }
                    try FindingRows.save(record, db)
                    try journal.append(
                        entity: "action:\(finding.id)", action: "pull",
                        before: current.map { FindingRows.json($0) },
                        after: FindingRows.json(record), context: context)
                    taken.append(finding.id)
                }
                guard clashes.isEmpty else {
                    throw AuditStoreError.findingRefused(
                        "corrective actions changed in two places: "
                            + clashes.joined(separator: "; ")
                            + " — follow each action in one place, or give --replace-file-actions"
                            + " to take the programme's records")
                }
                return taken
            }
        }
    }

    // MARK: - Shared steps, inside a transaction

    static func insert(
        _ finding: Finding, grade: FindingGrade, due: CalendarDate? = nil, db: Database,
        journal: inout JournalWriter, context: ChangeContext
    ) throws {
        try FindingRows.save(finding, db)
        try journal.append(
            entity: "finding:\(finding.id)", action: "raise", before: nil,
            after: FindingRows.json(finding), context: context)
        guard finding.isNonconformity else { return }
        let start = finding.raisedOn ?? CalendarDate(day: 0)
        let action = CorrectiveAction(
            findingID: finding.id, due: due ?? start.adding(days: grade.days))
        try FindingRows.save(action, db)
        try journal.append(
            entity: "action:\(finding.id)", action: "open", before: nil,
            after: FindingRows.json(action), context: context)
    }

    static func withdraw(
        _ finding: Finding, reason: String, db: Database, journal: inout JournalWriter,
        context: ChangeContext
    ) throws -> Finding {
        guard !finding.isWithdrawn else { return finding }
        if let action = try FindingRows.action(db, finding.id) {
            if action.state == .closed {
                throw AuditStoreError.findingRefused(
                    "\(finding.id) is closed; a closed nonconformity is final")
            }
            if action.state != .cancelled {
                var cancelled = action
                cancelled.state = .cancelled
                cancelled.closure = "finding withdrawn: \(reason)"
                cancelled.closedAt = context.time
                cancelled.closedBy = context.actor
                try FindingRows.save(cancelled, db)
                try journal.append(
                    entity: "action:\(finding.id)", action: "cancel",
                    before: FindingRows.json(action), after: FindingRows.json(cancelled),
                    context: context)
            }
        }
        var after = finding
        after.withdrawal = Finding.Withdrawal(at: context.time, by: context.actor, reason: reason)
        try FindingRows.save(after, db)
        try journal.append(
            entity: "finding:\(finding.id)", action: "withdraw",
            before: FindingRows.json(finding), after: FindingRows.json(after), context: context)
        return after
    }

    /// Keeps the draft finding of an answered item in step with its verdict.
    ///
    /// A minor or major opens one (its note the first draft of the statement), a changed grade
    /// regrades a draft, and a verdict that is no nonconformity withdraws a draft. A completed
    /// finding is never changed behind the auditor's back; a note says what to do instead.
    static func syncFinding(
        item: ChecklistItem, verdict: Verdict?, note: String, previousNote: String?,
        policy: FindingPolicy, db: Database, journal: inout JournalWriter,
        context: ChangeContext, outcome: inout AnswerOutcome
    ) throws {
        let existing = try FindingRows.openedFromAnswer(db, item.id)
        let grade = verdict.flatMap { $0.isNonconformity ? policy.grade(for: $0) : nil }
        switch (existing, grade) {
        case (nil, nil):
            return
        case (nil, let grade?):
            // A nonconformity raised by hand on the item already answers for this verdict.
            if let raised = try FindingRows.standing(db, item.id), raised.isNonconformity {
                outcome.findingNotes.append(
                    "\(raised.id) already stands against \(item.id); no second finding opened")
                return
            }
            let finding = Finding(
                id: try FindingRows.nextID(db, prefix: grade.prefix), grade: grade,
                itemID: item.id, clause: item.clause, statement: note, origin: .answer,
                raisedAt: context.time, raisedBy: context.actor)
            try insert(finding, grade: grade, db: db, journal: &journal, context: context)
            outcome.findingsOpened.append(finding.id)
            if item.practice {
                outcome.findingNotes.append(
                    "\(item.id) asks about good practice, not a requirement: \(finding.id) stands"
                        + " only with the requirement it breaks; otherwise answer observation or"
                        + " ofi")
            }
        case (let finding?, nil):
            if finding.isDraft {
                let reason =
                    "the answer to \(item.id) is now \(verdict?.rawValue ?? "cleared")"
                _ = try withdraw(
                    finding, reason: reason, db: db, journal: &journal, context: context)
                outcome.findingsWithdrawn.append(finding.id)
            } else {
                outcome.findingNotes.append(
                    "\(finding.id) was raised from the earlier answer to \(item.id) and stays;"
                        + " if it no longer holds: qmsaudit finding withdraw \(finding.id)"
                        + " --reason …")
            }
        case (let finding?, let grade?):
            var after = finding
            if finding.isDraft {
                if grade.prefix == Finding.split(finding.id)?.prefix {
                    after.grade = grade.id
                    after.findingClass = grade.findingClass
                }
                if finding.statement.isEmpty || finding.statement == previousNote {
                    after.statement = note
                }
            } else if finding.grade != grade.id {
                outcome.findingNotes.append(
                    "\(finding.id) stays \(finding.grade); regrade it with: qmsaudit finding"
                        + " edit \(finding.id) --grade \(grade.id)")
            }
            guard after != finding else { return }
            try FindingRows.save(after, db)
            try journal.append(
                entity: "finding:\(finding.id)", action: "edit",
                before: FindingRows.json(finding), after: FindingRows.json(after),
                context: context)
            outcome.findingsChanged.append(finding.id)
        }
    }

    private static func checkedEvidenceIDs(_ ids: [String], _ db: Database) throws -> [String] {
        var result: [String] = []
        var unknown: [String] = []
        for given in ids {
            guard let number = Evidence.number(id: given),
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM evidence WHERE number = ?", arguments: [number])
                    == true
            else {
                unknown.append(given)
                continue
            }
            let id = Evidence.id(number: number)
            if !result.contains(id) { result.append(id) }
        }
        guard unknown.isEmpty else {
            throw AuditStoreError.findingRefused(
                "no evidence "
                    + unknown.map { "'\($0)'" }.joined(separator: ", ")
                    + "; see 'qmsaudit evidence list'")
        }
        return result
    }
}

/// Reading and writing findings and corrective actions as rows.
enum FindingRows {
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func nextID(_ db: Database, prefix: String) throws -> String {
        let last =
            try Int.fetchOne(
                db, sql: "SELECT max(number) FROM finding WHERE prefix = ?", arguments: [prefix])
            ?? 0
        return Finding.id(prefix: prefix, number: last + 1)
    }

    static func existing(_ db: Database, _ id: String) throws -> Finding {
        let row = try Row.fetchOne(
            db, sql: "SELECT * FROM finding WHERE id = ? COLLATE NOCASE", arguments: [id])
        guard let row else { throw AuditStoreError.unknownFinding(id) }
        return try finding(row)
    }

    static func openedFromAnswer(_ db: Database, _ itemID: String) throws -> Finding? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT * FROM finding WHERE item_id = ? AND origin = 'answer'
                    AND withdrawn_at IS NULL
                ORDER BY raised_at DESC, number DESC LIMIT 1
                """, arguments: [itemID]
        ).map { try finding($0) }
    }

    /// The latest finding on the item that is not withdrawn, however it was raised.
    static func standing(_ db: Database, _ itemID: String) throws -> Finding? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT * FROM finding WHERE item_id = ? AND withdrawn_at IS NULL
                ORDER BY raised_at DESC, number DESC LIMIT 1
                """, arguments: [itemID]
        ).map { try finding($0) }
    }

    static func finding(_ row: Row) throws -> Finding {
        guard let clause = ClauseNumber(row["clause"] as String) else {
            throw AuditStoreError.corrupt("finding \(row["id"] as String) names no valid clause")
        }
        let findingClass = FindingClass(rawValue: row["class"]) ?? .minor
        var finding = Finding(
            id: row["id"],
            grade: FindingGrade(
                id: row["grade"], title: "", class: findingClass, prefix: row["prefix"], days: 0),
            itemID: row["item_id"], clause: clause, requirement: row["requirement"],
            evidence: row["evidence"],
            evidenceIDs: JSONValue.decodeStrings(row["evidence_ids"]) ?? [],
            statement: row["statement"],
            origin: Finding.Origin(rawValue: row["origin"]) ?? .manual,
            raisedAt: row["raised_at"], raisedBy: row["raised_by"])
        if let at: String = row["withdrawn_at"] {
            finding.withdrawal = Finding.Withdrawal(
                at: at, by: row["withdrawn_by"] ?? "", reason: row["withdrawn_reason"] ?? "")
        }
        if let reference: String = row["reference"], !reference.isEmpty {
            finding.reference = reference
        }
        return finding
    }

    static func save(_ finding: Finding, _ db: Database) throws {
        let (prefix, number) = Finding.split(finding.id) ?? (finding.id, 0)
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO finding (id, prefix, number, grade, class, item_id, clause,
                    requirement, evidence, evidence_ids, statement, origin, raised_at, raised_by,
                    withdrawn_at, withdrawn_by, withdrawn_reason, reference)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                finding.id, prefix, number, finding.grade, finding.findingClass.rawValue,
                finding.itemID, finding.clause.description, finding.requirement,
                finding.evidence, JSONValue.strings(finding.evidenceIDs).compact(),
                finding.statement, finding.origin.rawValue, finding.raisedAt, finding.raisedBy,
                finding.withdrawal?.at, finding.withdrawal?.by, finding.withdrawal?.reason,
                finding.reference ?? "",
            ])
    }

    static func action(_ db: Database, _ id: String) throws -> CorrectiveAction? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM corrective_action WHERE finding_id = ?", arguments: [id])
        else { return nil }
        var action = CorrectiveAction(
            findingID: row["finding_id"], due: CalendarDate(row["due"] as String) ?? .init(day: 0),
            owner: row["owner"])
        action.state = ActionState(rawValue: row["state"]) ?? .open
        action.correction = row["correction"]
        action.correctionDate = (row["correction_date"] as String?).flatMap { CalendarDate($0) }
        action.extent = row["extent"]
        action.causeMethod = (row["cause_method"] as String?).flatMap(RootCauseMethod.init)
        action.cause = row["cause"]
        action.closedAt = row["closed_at"]
        action.closedBy = row["closed_by"]
        action.closure = row["closure"]
        if let by: String = row["plan_accepted_by"],
            let on = (row["plan_accepted_on"] as String?).flatMap({ CalendarDate($0) })
        {
            action.planAcceptance = PlanAcceptance(
                by: by, date: on, note: row["plan_acceptance_note"] ?? "")
        }
        if let changed: Bool = row["risks_updated"] {
            action.risksUpdate = ActionDecision(changed: changed, note: row["risks_note"])
        }
        if let changed: Bool = row["qms_changed"] {
            action.systemChange = ActionDecision(changed: changed, note: row["qms_note"])
        }
        action.source = NonconformitySource(rawValue: row["source"]) ?? .internalAudit
        action.steps = try Row.fetchAll(
            db, sql: "SELECT * FROM action_step WHERE finding_id = ? ORDER BY number",
            arguments: [id]
        ).map { step in
            ActionStep(
                number: step["number"], what: step["what"], owner: step["owner"],
                due: (step["due"] as String?).flatMap { CalendarDate($0) },
                done: (step["done"] as String?).flatMap { CalendarDate($0) },
                evidence: step["evidence"])
        }
        action.verifications = try Row.fetchAll(
            db, sql: "SELECT * FROM action_verification WHERE finding_id = ? ORDER BY seq",
            arguments: [id]
        ).map { check in
            Verification(
                method: check["method"],
                result: Effectiveness(rawValue: check["result"]) ?? .not,
                verifier: check["verifier"],
                date: CalendarDate(check["date"] as String) ?? .init(day: 0),
                note: check["note"])
        }
        return action
    }

    static func save(_ action: CorrectiveAction, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO corrective_action (finding_id, state, owner, due,
                    correction, correction_date, extent, cause_method, cause, closed_at,
                    closed_by, closure, plan_accepted_by, plan_accepted_on, plan_acceptance_note,
                    risks_updated, risks_note, qms_changed, qms_note, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                action.findingID, action.state.rawValue, action.owner, action.due.description,
                action.correction, action.correctionDate?.description, action.extent,
                action.causeMethod?.rawValue, action.cause, action.closedAt, action.closedBy,
                action.closure, action.planAcceptance?.by,
                action.planAcceptance?.date.description, action.planAcceptance?.note,
                action.risksUpdate?.changed, action.risksUpdate?.note ?? "",
                action.systemChange?.changed, action.systemChange?.note ?? "",
                action.source.rawValue,
            ])
        try db.execute(
            sql: "DELETE FROM action_step WHERE finding_id = ?", arguments: [action.findingID])
        for step in action.steps {
            try db.execute(
                sql: """
                    INSERT INTO action_step (finding_id, number, what, owner, due, done, evidence)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    action.findingID, step.number, step.what, step.owner, step.due?.description,
                    step.done?.description, step.evidence,
                ])
        }
        try db.execute(
            sql: "DELETE FROM action_verification WHERE finding_id = ?",
            arguments: [action.findingID])
        for (index, check) in action.verifications.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO action_verification (finding_id, seq, method, result, verifier,
                        date, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    action.findingID, index + 1, check.method, check.result.rawValue,
                    check.verifier, check.date.description, check.note,
                ])
        }
    }
}

extension AuditFile {
    // MARK: - Plan, profile and report facts

    /// The audit plan; empty when none was recorded.
    ///
    /// - Throws: `AuditStoreError.database`, `.corrupt`.
    public func plan() throws -> AuditPlan { try record("plan") ?? AuditPlan() }

    /// The programme the audit belongs to, when it was made from one.
    ///
    /// - Throws: `AuditStoreError.database`, `.corrupt`.
    public func programmeLink() throws -> ProgrammeLink? { try record("programme") }

    /// The organisation's profile; empty when none was recorded.
    ///
    /// - Throws: `AuditStoreError.database`, `.corrupt`.
    public func profile() throws -> OrganisationProfile {
        try record("profile") ?? OrganisationProfile()
    }

    /// What the report says beyond the findings; empty when nothing was recorded.
    ///
    /// - Throws: `AuditStoreError.database`, `.corrupt`.
    public func reportFacts() throws -> AuditReportFacts {
        try record("report") ?? AuditReportFacts()
    }

    /// Changes the audit plan in one journaled transaction.
    ///
    /// - Returns: the plan before and after.
    /// - Throws: `AuditStoreError.findingRefused` when the plan cannot stand (`AuditPlan.problems`),
    ///   `.database`, or what `body` throws.
    @discardableResult
    public func changePlan(context: ChangeContext, _ body: (inout AuditPlan) throws -> Void)
        throws -> (before: AuditPlan, after: AuditPlan)
    {
        try change("plan", empty: AuditPlan(), context: context) { plan in
            try body(&plan)
            if let problem = plan.problems.first { throw AuditStoreError.findingRefused(problem) }
        }
    }

    /// Changes the organisation's profile in one journaled transaction.
    ///
    /// - Returns: the profile before and after.
    /// - Throws: `AuditStoreError.database`, or what `body` throws.
    @discardableResult
    public func changeProfile(
        context: ChangeContext, _ body: (inout OrganisationProfile) throws -> Void
    ) throws -> (before: OrganisationProfile, after: OrganisationProfile) {
        try change("profile", empty: OrganisationProfile(), context: context, body)
    }

    /// Changes the report's facts (conclusion, distribution, acknowledgement) in one journaled
    /// transaction.
    ///
    /// - Returns: the facts before and after.
    /// - Throws: `AuditStoreError.database`, or what `body` throws.
    @discardableResult
    public func changeReportFacts(
        context: ChangeContext, _ body: (inout AuditReportFacts) throws -> Void
    ) throws -> (before: AuditReportFacts, after: AuditReportFacts) {
        try change("report", empty: AuditReportFacts(), context: context, body)
    }

    private func record<Value: Decodable>(_ name: String) throws -> Value? {
        let json = try access { queue in
            try queue.read { db in
                try String.fetchOne(
                    db, sql: "SELECT json FROM audit_record WHERE name = ?", arguments: [name])
            }
        }
        guard let json else { return nil }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(json.utf8))
        } catch {
            throw AuditStoreError.corrupt("the audit's \(name) cannot be read: \(error)")
        }
    }

    private func change<Value: Codable & Equatable>(
        _ name: String, empty: Value, context: ChangeContext, _ body: (inout Value) throws -> Void
    ) throws -> (before: Value, after: Value) {
        try access { queue in
            try queue.write { db in
                let stored = try String.fetchOne(
                    db, sql: "SELECT json FROM audit_record WHERE name = ?", arguments: [name])
                let before =
                    try stored.map { try JSONDecoder().decode(Value.self, from: Data($0.utf8)) }
                    ?? empty
                var after = before
                try body(&after)
                guard after != before else { return (before, after) }
                let json = FindingRows.json(after)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO audit_record (name, json) VALUES (?, ?)",
                    arguments: [name, json])
                var journal = try JournalWriter(db)
                try journal.append(
                    entity: "audit:\(name)", action: stored == nil ? "record" : "change",
                    before: stored, after: json, context: context)
                return (before, after)
            }
        }
    }
}
