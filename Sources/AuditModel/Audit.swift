/// What kind of audit an audit file records.
public enum AuditType: String, CaseIterable, Sendable, Codable {
    /// A first-party internal audit (ISO 9001 clause 9.2).
    case `internal`
    /// A rehearsal of the certification body's Stage 1 readiness review.
    case stage1Readiness = "stage1-readiness"
    /// The certification body's Stage 1 review, its findings recorded here.
    case stage1
    /// The certification body's Stage 2 audit.
    case stage2
    /// A surveillance audit by the certification body.
    case surveillance
    /// The recertification audit.
    case recertification
    /// An audit of a supplier.
    case supplier
    /// Any other audit of a programme.
    case other

    /// Whether the certification body audits: its own numbering and deadlines for findings.
    public var isCertificationBody: Bool {
        self == .stage1 || self == .stage2 || self == .surveillance || self == .recertification
    }
}

/// The programme an audit file belongs to: recorded at `init --programme`, read by
/// `programme attach`.
public struct ProgrammeLink: Hashable, Sendable, Codable {
    /// The programme's id.
    public var programmeID: String
    /// The audit's id in the programme (`IA-2027-03`).
    public var auditID: String
    /// Why the lead may audit their own process, when that was allowed; empty otherwise.
    public var ownProcessReason: String
    /// The certification body's next visit after this audit, when the programme plans one:
    /// a minor it raises is due by then unless it sets another date.
    public var nextVisit: CalendarDate?

    /// Creates a link.
    public init(
        programmeID: String, auditID: String, ownProcessReason: String = "",
        nextVisit: CalendarDate? = nil
    ) {
        self.programmeID = programmeID
        self.auditID = auditID
        self.ownProcessReason = ownProcessReason
        self.nextVisit = nextVisit
    }
}

/// The facts about one audit that `init` records.
public struct AuditInfo: Hashable, Sendable, Codable {
    /// A unique id for the audit, stable across copies of the file.
    public var id: String
    /// The organisation audited.
    public var organisation: String
    /// The audit scope: processes, products, activities covered.
    public var scope: String
    /// The sites covered.
    public var sites: [String]
    /// Internal audit or Stage 1 readiness review.
    public var type: AuditType
    /// The auditors, lead auditor first.
    public var auditors: [String]
    /// When the audit file was created (ISO 8601, UTC).
    public var createdAt: String
    /// The qmsaudit version that created the file.
    public var toolVersion: String
    /// The id of the checklist copied into the file.
    public var checklistID: String
    /// The checklist's own revision.
    public var checklistRevision: String
    /// SHA-256 (hex) of the checklist as stored in the file.
    public var checklistSHA256: String

    /// Creates audit information.
    public init(
        id: String, organisation: String, scope: String, sites: [String], type: AuditType,
        auditors: [String], createdAt: String, toolVersion: String, checklistID: String,
        checklistRevision: String, checklistSHA256: String
    ) {
        self.id = id
        self.organisation = organisation
        self.scope = scope
        self.sites = sites
        self.type = type
        self.auditors = auditors
        self.createdAt = createdAt
        self.toolVersion = toolVersion
        self.checklistID = checklistID
        self.checklistRevision = checklistRevision
        self.checklistSHA256 = checklistSHA256
    }
}

/// The auditor's answer to one item, as given.
public struct Answer: Hashable, Sendable {
    /// The item answered.
    public var itemID: String
    /// The verdict.
    public var verdict: Verdict
    /// What was seen, heard or read; for a minor or major, the first draft of the finding.
    public var note: String
    /// Why the item is not applicable; required with `na`.
    public var justification: String
    /// What was sampled: population, sample size, which records.
    public var sample: String

    /// Creates an answer.
    public init(
        itemID: String, verdict: Verdict, note: String = "", justification: String = "",
        sample: String = ""
    ) {
        self.itemID = itemID
        self.verdict = verdict
        self.note = note
        self.justification = justification
        self.sample = sample
    }

    /// Why the checklist refuses this answer, or `nil` when it accepts it.
    ///
    /// - Parameter checklist: the audit's checklist.
    /// - Returns: a message without location, ready to become a diagnostic or an error.
    public func problem(in checklist: Checklist) -> String? {
        problem(for: checklist.item(itemID), in: checklist.id)
    }

    /// Why the checklist refuses this answer, given the item it names as already looked up.
    ///
    /// - Parameters:
    ///   - item: the checklist's item with this answer's id, or `nil` when there is none.
    ///   - checklistID: the checklist's id, for the message.
    /// - Returns: a message without location, or `nil` when the answer is accepted.
    public func problem(for item: ChecklistItem?, in checklistID: String) -> String? {
        guard let item else {
            return "checklist '\(checklistID)' has no item '\(itemID)'"
        }
        if verdict == .na {
            if !item.naAllowed {
                return "item '\(itemID)' may not be answered N/A: the checklist does not allow"
                    + " it for clause \(item.clause)"
                    + (item.conditionMayNotArise
                        ? "; if its condition has not arisen, answer 'not-arisen' with a note" : "")
            }
            if justification.trimmingWhitespace().isEmpty {
                return "an N/A answer for '\(itemID)' needs a justification"
            }
        }
        if verdict == .notArisen {
            guard item.conditionMayNotArise else {
                return "item '\(itemID)' does not depend on a condition; 'not-arisen' is for items"
                    + " that apply only when something happens (the checklist's 'condition')"
            }
            if note.trimmingWhitespace().isEmpty && justification.trimmingWhitespace().isEmpty {
                return "a 'not-arisen' answer for '\(itemID)' needs a note saying what was checked"
                    + " (\(item.condition ?? "the condition") has not arisen since …)"
            }
        }
        return nil
    }
}

/// An answer as recorded in the audit file, with who gave it and when.
public struct Response: Hashable, Sendable, Codable {
    /// The item answered.
    public var itemID: String
    /// The verdict.
    public var verdict: Verdict
    /// The auditor's note.
    public var note: String
    /// The N/A justification.
    public var justification: String
    /// The sampling note.
    public var sample: String
    /// When the answer was recorded (ISO 8601, UTC).
    public var answeredAt: String
    /// Who recorded it.
    public var answeredBy: String

    /// Creates a response.
    public init(
        itemID: String, verdict: Verdict, note: String = "", justification: String = "",
        sample: String = "", answeredAt: String = "", answeredBy: String = ""
    ) {
        self.itemID = itemID
        self.verdict = verdict
        self.note = note
        self.justification = justification
        self.sample = sample
        self.answeredAt = answeredAt
        self.answeredBy = answeredBy
    }

    /// Creates the response that records `answer`.
    public init(_ answer: Answer, at time: String, by actor: String) {
        self.init(
            itemID: answer.itemID, verdict: answer.verdict, note: answer.note,
            justification: answer.justification, sample: answer.sample, answeredAt: time,
            answeredBy: actor)
    }

    /// Whether the response records the same answer, whoever gave it and whenever.
    public func sameAnswer(as answer: Answer) -> Bool {
        verdict == answer.verdict && note == answer.note
            && justification == answer.justification && sample == answer.sample
    }
}
