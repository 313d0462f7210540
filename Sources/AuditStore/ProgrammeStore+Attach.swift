public import AuditModel
import Foundation

extension ProgrammeStore {
    /// What attaching an audit file did.
    public struct AttachOutcome: Sendable, Equatable {
        /// How the programme's copy changed.
        public enum Change: Sendable, Equatable {
            /// First attached.
            case attached
            /// Attached before; the file's journal has grown by this many events.
            case updated(events: Int)
            /// Attached before with this very history: nothing to do.
            case unchanged
            /// The programme holds a later state of the file (its journal has more events).
            case older(programme: Int, file: Int)
        }

        /// The audit's id in the programme.
        public var auditID: String
        /// What happened.
        public var change: Change
        /// Answers, findings and evidence records the programme now holds for it.
        public var answers: Int
        /// Findings held.
        public var findings: Int
        /// Evidence records held.
        public var evidence: Int
        /// Corrective actions followed on the programme since, whose record there is kept.
        public var followedActions = 0
    }

    /// Brings an audit file into the programme, in one transaction: its answers, findings,
    /// corrective actions and evidence count, as belonging to the planned audit it was made
    /// for (its recorded link) or `auditID`.
    ///
    /// Refused, with nothing changed, when the file's journal chain is broken, it audits
    /// another organisation or belongs to another programme, another file is attached under
    /// the id, or the file's history differs from the copy attached before (the first event
    /// that differs is named). Attaching the same file again changes nothing; attaching it
    /// after more work brings the new state in. Corrective actions moved on the programme
    /// keep the programme's record; one the file changed too since the copy attached before is
    /// refused unless `replaceMovedActions` lets the file's record replace it.
    ///
    /// - Throws: `ProgrammeError.refused`, `.impartiality` (the lead audits their own
    ///   process and no reason allows it), `.database`; the audit file's own errors.
    public func attach(
        _ file: AuditFile, as auditID: String?, ownProcessReason: String?,
        replaceMovedActions: Bool = false, context: ChangeContext
    ) throws -> AttachOutcome {
        let name = file.path
        let verification = try file.verifyJournal()
        if let problem = verification.problem {
            throw ProgrammeError.refused("\(name): the journal chain is broken: \(problem)")
        }
        let programme = try info()
        let audit = try file.info()
        guard Self.sameName(audit.organisation, programme.organisation) else {
            throw ProgrammeError.refused(
                "\(name) audits '\(audit.organisation)', not '\(programme.organisation)'")
        }
        let link = try file.programmeLink()
        if let link, link.programmeID != programme.id {
            throw ProgrammeError.refused(
                "\(name) was made for another programme (\(link.programmeID)), not this one"
                    + " (\(programme.id))")
        }
        if let link, let auditID, link.auditID.lowercased() != auditID.lowercased() {
            throw ProgrammeError.refused(
                "\(name) was made for \(link.auditID), not \(auditID)")
        }
        guard let id = link?.auditID ?? auditID else {
            throw ProgrammeError.refused(
                "\(name) was not made from this programme; name its planned audit with"
                    + " --audit-id ID (see 'qmsaudit programme audit list')")
        }
        let state = try state()
        guard var planned = state.plannedAudit(id) else {
            throw ProgrammeError.refused(
                "the programme plans no audit '\(id)'; add it with 'qmsaudit programme audit"
                    + " add --id \(id) …'")
        }
        let lead = planned.lead.isEmpty ? audit.auditors.first ?? "" : planned.lead
        let own = state.ownProcesses(of: lead, in: planned)
        let reason =
            [ownProcessReason ?? "", planned.ownProcessReason, link?.ownProcessReason ?? ""]
            .first { !$0.trimmingWhitespace().isEmpty } ?? ""
        if !own.isEmpty && reason.isEmpty {
            throw ProgrammeError.impartiality(
                "\(lead) leads \(planned.id) and works in "
                    + own.map { "'\($0.name)'" }.joined(separator: ", ")
                    + ", in its scope: auditors do not audit their own work (9.2.2 c); give"
                    + " --allow-own-process --reason … to record why it is allowed here")
        }
        let events = try file.journal()
        let checklist = try file.checklist()
        let responses = try file.responses()
        let register = try file.findingRegister()
        let plan = try file.plan()
        let concluded = !(try file.reportFacts().conclusion.trimmingWhitespace().isEmpty)
        let firstAnswer = responses.values.map(\.answeredAt).min().flatMap(CalendarDate.init)
        let date = plan.start ?? firstAnswer ?? planned.planned
        // The journal's head last: a team's other changes need not wait while this audit's
        // rows are rewritten (its own attaches queue on a lock of the audit instead). With
        // replaced actions, first, as a move takes it before the action it writes.
        return try write(headFirst: false) { transaction, journal in
            if transaction.dialect == .postgresql {
                try transaction.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(?))",
                    [.text("qmsaudit attach " + planned.id.lowercased())])
            }
            if replaceMovedActions { try journal.takeHead() }
            let id = ProgrammeValue.text(planned.id)
            let stored = try transaction.rows(
                "SELECT uuid, events FROM attached_audit WHERE audit_id = ?", [id]
            ).first
            var change = AttachOutcome.Change.attached
            if let stored {
                let uuid = stored[0].text ?? ""
                guard uuid == audit.id else {
                    throw ProgrammeError.refused(
                        "another audit file (audit \(uuid)) is attached as \(planned.id);"
                            + " \(name) is audit \(audit.id)")
                }
                let count = stored[1].integer ?? 0
                let known = try transaction.rows(
                    """
                    SELECT seq, sha256, entity, action, at FROM attached_event
                    WHERE audit_id = ? ORDER BY seq
                    """, [id])
                for (row, event) in zip(known, events) where row[1].text != event.hash {
                    throw ProgrammeError.refused(
                        "\(name) has a different history from the copy attached as"
                            + " \(planned.id): event \(row[0].integer ?? 0) is '\(event.action)"
                            + " \(event.entity)' at \(event.time) (hash \(event.hash.prefix(12))) in"
                            + " the file but '\(row[3].text ?? "") \(row[2].text ?? "")' at"
                            + " \(row[4].text ?? "") (hash \((row[1].text ?? "").prefix(12))) in the"
                            + " programme; the two copies were changed apart — merge the work into"
                            + " one file, or attach this one as another audit")
                }
                if events.count > count {
                    change = .updated(events: events.count - count)
                } else {
                    change =
                        events.count == count
                        ? .unchanged : .older(programme: count, file: events.count)
                    func stored(_ sql: String) throws -> Int {
                        try transaction.value(sql, [id])?.integer ?? 0
                    }
                    return AttachOutcome(
                        auditID: planned.id, change: change,
                        answers: try stored(
                            "SELECT count(*) FROM attached_answer WHERE audit_id = ?"),
                        findings: try stored(
                            "SELECT count(*) FROM attached_finding WHERE audit_id = ?"),
                        evidence: try stored(
                            "SELECT evidence FROM attached_audit WHERE audit_id = ?"),
                        followedActions: try stored(
                            "SELECT count(*) FROM programme_action WHERE audit_id = ?"))
                }
            }
            let followed = try reconcileMovedActions(
                planned.id, file: register.actions, fileName: name, replace: replaceMovedActions,
                transaction, &journal, context: context)
            let tables = [
                "attached_event", "attached_answer", "attached_finding", "attached_evidence",
                "attached_audit",
            ]
            if transaction.dialect == .postgresql {
                // One statement: the team's other changes wait for the journal's head meanwhile.
                let parts = tables.enumerated().map {
                    "gone\($0.offset) AS (DELETE FROM \($0.element) WHERE audit_id = ?)"
                }
                try transaction.execute(
                    "WITH " + parts.joined(separator: ", ") + " SELECT 1",
                    Array(repeating: id, count: tables.count))
            } else {
                for table in tables {
                    try transaction.execute("DELETE FROM \(table) WHERE audit_id = ?", [id])
                }
            }
            // Record by record, a batch a statement: a register of millions is attached in the
            // memory of one batch.
            var evidence = 0
            var batch: [[ProgrammeValue]] = []
            let columns = [
                "audit_id", "evidence_id", "number", "title", "revision", "sha256", "clauses",
            ]
            try file.forEachEvidence { record in
                guard !record.removedFromSource else { return }
                evidence += 1
                batch.append([
                    id, .text(record.id), .text(record.draft.documentNumber),
                    .text(record.draft.title), .text(record.draft.revision),
                    .text(record.draft.sha256),
                    .text(record.draft.clauses.map(\.description).joined(separator: " ")),
                ])
                if batch.count == 4_000 {
                    try transaction.insert(into: "attached_evidence", columns, batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try transaction.insert(into: "attached_evidence", columns, batch)
            try transaction.execute(
                """
                INSERT INTO attached_audit (audit_id, uuid, path, info, events, head, date,
                    evidence, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    id, .text(audit.id), .text(name), .text(Self.json(audit)),
                    .integer(events.count), .text(verification.head),
                    .optional(date?.description), .integer(evidence), .text(context.time),
                ])
            try transaction.insert(
                into: "attached_event", ["audit_id", "seq", "sha256", "entity", "action", "at"],
                events.map { event in
                    [
                        id, .integer(event.sequence), .text(event.hash), .text(event.entity),
                        .text(event.action), .text(event.time),
                    ]
                })
            let items = checklist.itemsByID()
            try transaction.insert(
                into: "attached_answer", ["audit_id", "item_id", "clause", "verdict"],
                responses.values.sorted { $0.itemID < $1.itemID }.compactMap { response in
                    items[response.itemID].map { item in
                        [
                            id, .text(response.itemID), .text(item.clause.description),
                            .text(response.verdict.rawValue),
                        ]
                    }
                })
            try transaction.insert(
                into: "attached_finding", ["audit_id", "finding_id", "finding", "action"],
                register.findings.map { finding in
                    [
                        id, .text(finding.id), .text(Self.json(finding)),
                        .optional(register.actions[finding.id].map { Self.json($0) }),
                    ]
                })
            // Planned audits are changed under the head, as every writer changes them.
            try journal.takeHead()
            let before = Self.json(planned)
            planned.status = concluded ? .done : .inProgress
            if planned.ownProcessReason.isEmpty && !own.isEmpty {
                planned.ownProcessReason = reason
            }
            let after = Self.json(planned)
            if before != after {
                try transaction.execute(
                    "UPDATE planned_audit SET json = ? WHERE id = ?", [.text(after), id])
            }
            try journal.append(
                entity: "audit:\(planned.id)",
                action: change == .attached ? "attach" : "update",
                before: stored == nil ? nil : before,
                after: JSONValue.object([
                    ("file", .string(name)), ("audit", .string(audit.id)),
                    ("events", .number(Double(events.count))), ("head", .string(verification.head)),
                    ("status", .string(planned.status.rawValue)),
                    ("own_process_reason", .string(planned.ownProcessReason)),
                ]).compact(), context: context)
            return AttachOutcome(
                auditID: planned.id, change: change, answers: responses.count,
                findings: register.findings.count, evidence: evidence, followedActions: followed)
        }
    }

    /// Names compared as people write them: case, spaces and punctuation aside.
    static func sameName(_ a: String, _ b: String) -> Bool {
        func key(_ text: String) -> String {
            String(text.lowercased().filter { $0.isLetter || $0.isNumber })
        }
        return key(a) == key(b)
    }
}
