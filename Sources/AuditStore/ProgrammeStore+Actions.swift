public import AuditModel

/// Corrective actions followed on the programme.
///
/// An attach brings each audit's actions in as its file holds them; from then on the team may
/// move them on the programme (`programme_action`, one row per action moved, with a version
/// counted up at each move). The programme's record is the one its views show. A later attach
/// keeps it, and refuses when the file changed the same action since the copy attached before
/// — unless told the file's record replaces the programme's.
extension ProgrammeStore {
    /// An attached audit's findings, with each corrective action as the programme holds it.
    ///
    /// - Throws: `ProgrammeError.refused` when no audit `auditID` is attached, `.database`.
    public func findingRegister(auditID: String) throws -> FindingRegister {
        try engine.read { transaction in
            let id = try attachedID(auditID, transaction)
            var findings: [Finding] = []
            var actions: [String: CorrectiveAction] = [:]
            for row in try transaction.rows(
                """
                SELECT f.finding, coalesce(p.action, f.action) FROM attached_finding f
                LEFT JOIN programme_action p
                    ON p.audit_id = f.audit_id AND p.finding_id = f.finding_id
                WHERE f.audit_id = ?
                """, [.text(id)])
            {
                let finding = try Self.decode(Finding.self, row[0].text ?? "", path: path)
                findings.append(finding)
                if let action = row[1].text {
                    actions[finding.id] = try Self.decode(
                        CorrectiveAction.self, action, path: path)
                }
            }
            return FindingRegister(findings: findings, actions: actions)
        }
    }

    /// Changes the corrective action of `findingID` in the attached audit `auditID`, as
    /// `AuditFile.changeAction` does in a file: the same guards and dates, one transaction,
    /// one journal event (`action:AUDIT/FINDING`).
    ///
    /// The record is read, changed, then written only if it is still the one read; if
    /// someone moved it meanwhile, the change is refused naming who and when. On a server the
    /// write is one statement (`qms_move_action`), so a busy team's updates do not wait on
    /// one another's round trips.
    ///
    /// - Returns: the record before and after.
    /// - Throws: `ProgrammeError.refused` (no such audit), `.conflict`,
    ///   `AuditStoreError.unknownFinding`, `.noCorrectiveAction`, `.findingRefused`,
    ///   `ActionRefusal`, `.database`, or what `body` throws.
    @discardableResult
    public func changeAction(
        auditID: String, findingID: String, action name: String, context: ChangeContext,
        _ body: (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void
    ) throws -> (before: CorrectiveAction, after: CorrectiveAction) {
        let policy = try checklist().policy.findings
        let read = try held(auditID, findingID)
        let after = try ActionChange.apply(
            read.action, finding: read.finding, policy: policy, context: context, body)
        guard after != read.action else { return (read.action, after) }
        let entity = "action:\(read.auditID)/\(read.finding.id)"
        if engine.dialect == .postgresql {
            // One statement: the server holds the journal's head only while it works, not
            // while this client is away between statements.
            let written = try engine.statement { transaction in
                try transaction.value(
                    "SELECT qms_move_action(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        .text(read.auditID), .text(read.finding.id), .integer(read.version),
                        .text(read.stored), .text(Self.json(read.action)), .text(Self.json(after)),
                        .text(entity), .text(name), .text(context.time), .text(context.actor),
                        .text(context.command),
                    ])?.text != nil
            }
            guard written else {
                let now = try held(auditID, findingID)
                throw try engine.read { try overtaken(read, now: now, entity: entity, $0) }
            }
            return (read.action, after)
        }
        let row = ProgrammeInsert(
            table: "programme_action", columns: ["audit_id", "finding_id", "action", "version"],
            values: [
                .text(read.auditID), .text(read.finding.id), .text(Self.json(after)),
                .integer(read.version + 1),
            ],
            conflict: "ON CONFLICT (audit_id, finding_id)"
                + " DO UPDATE SET action = excluded.action, version = excluded.version")
        try write { transaction, journal in
            let now = try held(auditID, findingID, transaction)
            guard now.version == read.version, now.action == read.action else {
                throw try overtaken(read, now: now, entity: entity, transaction)
            }
            try journal.append(
                entity: entity, action: name, before: Self.json(read.action),
                after: Self.json(after), context: context, with: [row])
        }
        return (read.action, after)
    }

    /// The refusal of a move whose record someone else moved after `read`: who, and when.
    private func overtaken(
        _ read: HeldAction, now: HeldAction, entity: String,
        _ transaction: any ProgrammeTransaction
    ) throws -> ProgrammeError {
        .conflict(
            "the corrective action of \(read.finding.id) in \(read.auditID) was changed"
                + (try lastChange(of: [entity, "audit:\(read.auditID)"], transaction) ?? "")
                + " after this command read it (it is now at '\(now.action.state.rawValue)')")
    }

    /// Brings the corrective actions the team followed on the programme back into the audit
    /// file they were attached from, so its reports and pack show them; one file transaction.
    ///
    /// A record the file changed too since its last attach is refused unless `replace`
    /// (see `AuditFile.adoptActions`). Attaching the file afterwards finds both the same.
    ///
    /// - Returns: the audit's id in the programme and the findings whose records were taken.
    /// - Throws: `ProgrammeError.refused` when the file is not attached here,
    ///   `AuditStoreError.findingRefused` for clashes, `.database`.
    public func pullActions(into file: AuditFile, replace: Bool, context: ChangeContext) throws
        -> (auditID: String, taken: [String])
    {
        let audit = try file.info()
        let (auditID, records) = try engine.read {
            transaction -> (String, [(base: CorrectiveAction?, record: CorrectiveAction)]) in
            guard
                let id = try transaction.value(
                    "SELECT audit_id FROM attached_audit WHERE uuid = ?", [.text(audit.id)])?.text
            else {
                throw ProgrammeError.refused(
                    "\(file.path) is not attached to this programme; attach it first with"
                        + " 'qmsaudit programme attach \(file.path)'")
            }
            let rows = try transaction.rows(
                """
                SELECT f.action, p.action FROM programme_action p
                JOIN attached_finding f ON f.audit_id = p.audit_id AND f.finding_id = p.finding_id
                WHERE p.audit_id = ? ORDER BY p.finding_id
                """, [.text(id)])
            return (
                id,
                try rows.map { row in
                    (
                        try row[0].text.map {
                            try Self.decode(CorrectiveAction.self, $0, path: path)
                        },
                        try Self.decode(CorrectiveAction.self, row[1].text ?? "", path: path)
                    )
                }
            )
        }
        let taken = try file.adoptActions(
            records, from: "the programme (\(auditID))", replace: replace, context: context)
        return (auditID, taken)
    }

    /// A corrective action as the programme holds it, with how often it was moved there.
    struct HeldAction {
        var auditID: String
        var finding: Finding
        var action: CorrectiveAction
        /// Moves on the programme; 0 while it stands as its audit file's attach brought it.
        var version: Int
        /// The record's text as stored, which a server compares before it writes.
        var stored: String
    }

    /// The action, read in one statement.
    func held(_ auditID: String, _ findingID: String) throws -> HeldAction {
        try engine.statement { try held(auditID, findingID, $0) }
    }

    func held(
        _ auditID: String, _ findingID: String, _ transaction: any ProgrammeTransaction
    ) throws -> HeldAction {
        let row = try transaction.rows(
            """
            SELECT a.audit_id, f.finding, f.action, p.action, p.version FROM attached_audit a
            LEFT JOIN attached_finding f
                ON f.audit_id = a.audit_id AND upper(f.finding_id) = upper(?)
            LEFT JOIN programme_action p
                ON p.audit_id = f.audit_id AND p.finding_id = f.finding_id
            WHERE a.audit_id = ?
            """, [.text(findingID), .text(auditID)]
        ).first
        guard let row, let id = row[0].text else {
            _ = try attachedID(auditID, transaction)
            throw ProgrammeError.refused("the programme has no audit '\(auditID)'")
        }
        guard let stored = row[1].text else { throw AuditStoreError.unknownFinding(findingID) }
        let finding = try Self.decode(Finding.self, stored, path: path)
        guard let text = row[3].text ?? row[2].text else {
            throw AuditStoreError.noCorrectiveAction(finding.id)
        }
        return HeldAction(
            auditID: id, finding: finding,
            action: try Self.decode(CorrectiveAction.self, text, path: path),
            version: row[4].integer ?? 0, stored: text)
    }

    /// The attached audit's id as the programme spells it.
    private func attachedID(_ auditID: String, _ transaction: any ProgrammeTransaction) throws
        -> String
    {
        if let id = try transaction.value(
            "SELECT audit_id FROM attached_audit WHERE audit_id = ?", [.text(auditID)])?.text
        {
            return id
        }
        let planned =
            try transaction.value("SELECT id FROM planned_audit WHERE id = ?", [.text(auditID)])
            != nil
        throw ProgrammeError.refused(
            planned
                ? "\(auditID) is planned but no audit file is attached for it yet; attach it"
                    + " with 'qmsaudit programme attach FILE'"
                : "the programme has no audit '\(auditID)' (see 'qmsaudit programme audit list')")
    }

    /// ` by ACTOR at TIME ('COMMAND')` for the latest journal event of any of `entities`.
    func lastChange(of entities: [String], _ transaction: any ProgrammeTransaction) throws
        -> String?
    {
        let marks = Array(repeating: "?", count: entities.count).joined(separator: ", ")
        return try transaction.rows(
            "SELECT actor, at, command FROM journal WHERE entity IN (\(marks))"
                + " ORDER BY seq DESC LIMIT 1", entities.map { .text($0) }
        ).first.map { " by \($0[0].text ?? "?") at \($0[1].text ?? "?") ('\($0[2].text ?? "")')" }
    }

    /// Which actions moved on the programme the file changed too since the copy attached
    /// before, checked in an attach's transaction before the audit's rows are replaced.
    ///
    /// With `replace`, the file's record replaces the programme's for those (journaled);
    /// otherwise the attach is refused naming each.
    ///
    /// - Returns: how many actions moved on the programme are kept.
    func reconcileMovedActions(
        _ auditID: String, file actions: [String: CorrectiveAction], fileName: String,
        replace: Bool, _ transaction: any ProgrammeTransaction, _ journal: inout ProgrammeJournal,
        context: ChangeContext
    ) throws -> Int {
        let id = ProgrammeValue.text(auditID)
        var attached: [String: CorrectiveAction] = [:]
        for row in try transaction.rows(
            "SELECT finding_id, action FROM attached_finding WHERE audit_id = ?", [id])
        {
            if let text = row[1].text {
                attached[row[0].text ?? ""] = try Self.decode(
                    CorrectiveAction.self, text, path: path)
            }
        }
        var kept = 0
        var clashes: [String] = []
        for row in try transaction.rows(
            "SELECT finding_id, action FROM programme_action WHERE audit_id = ?"
                + " ORDER BY finding_id", [id])
        {
            let finding = row[0].text ?? ""
            let moved = try Self.decode(CorrectiveAction.self, row[1].text ?? "", path: path)
            guard let file = actions[finding], file != attached[finding], file != moved else {
                kept += 1
                continue
            }
            let entity = "action:\(auditID)/\(finding)"
            if replace {
                try transaction.execute(
                    "DELETE FROM programme_action WHERE audit_id = ? AND finding_id = ?",
                    [id, .text(finding)])
                try journal.append(
                    entity: entity, action: "replace", before: Self.json(moved),
                    after: Self.json(file), context: context)
            } else {
                clashes.append(
                    "\(finding) was moved on the programme"
                        + (try lastChange(of: [entity], transaction) ?? "")
                        + " to '\(moved.state.rawValue)' and changed in \(fileName) to"
                        + " '\(file.state.rawValue)'")
            }
        }
        guard clashes.isEmpty else {
            throw ProgrammeError.refused(
                "corrective actions changed in two places since \(fileName) was last attached: "
                    + clashes.joined(separator: "; ")
                    + " — follow each action in one place, or give --replace-moved-actions to"
                    + " let the file's records replace the programme's")
        }
        return kept
    }
}
