/// What a file check found for one piece of evidence.
///
/// Its file changed or went missing since it was imported. Evidence with no entry is as
/// imported, or has no file to check.
public enum EvidenceFileState: String, Sendable, Hashable {
    /// The file is there but differs from what was imported.
    case changed
    /// The file is gone.
    case missing
}

/// The gap analysis (`qmsaudit gaps`): what still stands between the audit and a Stage 1 review.
///
/// Clauses with no evidence; the mandatory documented information of every item, present,
/// missing or not applicable; items not answered; evidence that is stale, changed, missing or
/// gone from its source; whether internal-audit (9.2) and management-review (9.3) records exist;
/// N/A answers without a justification.
///
/// Evidence counts for a clause when it is imported for that clause, for a clause below it, or
/// for a clause above it other than the top-level section (a procedure for 7.5 covers 7.5.3;
/// a document filed under 7 does not cover everything in 7); evidence linked to an item counts
/// for the item's clause. Evidence whose file is missing, or that its source no longer lists,
/// does not count.
public struct GapAnalysis: Sendable, Hashable {
    /// Where one clause stands on evidence.
    public struct ClauseEvidence: Sendable, Hashable {
        /// The clause (one that has items).
        public var clause: ClauseNumber
        /// Its heading.
        public var heading: String
        /// Whether any of its items is applicable (not answered N/A).
        public var applicable: Bool
        /// The evidence that counts for it, in id order.
        public var evidenceIDs: [String]
    }

    /// Whether a piece of mandatory documented information is on file.
    public enum Presence: String, Sendable, Hashable {
        /// Evidence about it is on file: linked to the item, or of the right kind for its clause
        /// and about what the item expects.
        case present
        /// None is on file.
        case missing
        /// Only evidence past its review date is on file: it does not count.
        case stale
        /// The item is answered N/A.
        case notApplicable = "n/a"
        /// The condition that calls for it has not arisen (answered `not-arisen`).
        case notArisen = "not arisen"

        /// Whether the requirement is met or does not apply.
        public var passes: Bool { self != .missing && self != .stale }
    }

    /// One piece of mandatory documented information and whether it is on file.
    public struct RequiredInformation: Sendable, Hashable {
        /// The item that asks for it.
        public var itemID: String
        /// The item's clause.
        public var clause: ClauseNumber
        /// What is required.
        public var information: DocumentedInformation
        /// Present, missing or not applicable.
        public var presence: Presence
        /// The evidence that shows it (or, when stale, that would), in id order.
        public var evidenceIDs: [String]
        /// The N/A justification, when not applicable; the note, when the condition has not
        /// arisen.
        public var justification: String
        /// Why the evidence counts: `linked to the item`, `tag 'ncr-log'`, `filed under 8.7`.
        public var basis: String = ""
    }

    /// An applicable item not answered yet.
    public struct OpenItem: Sendable, Hashable {
        /// The item.
        public var itemID: String
        /// Its clause.
        public var clause: ClauseNumber
        /// Its question.
        public var question: String
    }

    /// What is wrong with a piece of evidence.
    public enum EvidenceProblem: String, Sendable, Hashable, CaseIterable {
        /// Its review date has passed.
        case stale
        /// Its file changed since it was imported.
        case changed
        /// Its file is gone.
        case missing
        /// The last import of its source no longer listed it.
        case removed = "removed from source"
        /// It counts for no clause (`evidenceWithoutClause`; not a problem of the evidence).
        case unmapped = "no clause"
    }

    /// A piece of evidence with a problem.
    public struct EvidenceIssue: Sendable, Hashable {
        /// The evidence.
        public var evidenceID: String
        /// Its title.
        public var title: String
        /// Where it is.
        public var location: String
        /// What is wrong.
        public var problem: EvidenceProblem
        /// The review date, for stale evidence.
        public var detail: String
    }

    /// Whether the records of a completed activity (an internal audit, a management review)
    /// are on file.
    public struct ActivityEvidence: Sendable, Hashable {
        /// The clause: 9.2 or 9.3.
        public var clause: ClauseNumber
        /// What the activity is: "internal audit", "management review".
        public var activity: String
        /// Whether the checklist has the clause at all.
        public var inChecklist: Bool
        /// Records for the clause (reports, minutes): what shows the activity took place; one
        /// per file, however many sources imported it.
        public var recordIDs: [String]
        /// Documents for the clause (the procedure, the programme).
        public var documentIDs: [String]
        /// The records' dates (effective date, else the file's modification day), by id.
        public var dates: [String: CalendarDate] = [:]
        /// Why the records do not show a completed activity recent enough; empty when they do.
        public var problems: [String] = []

        /// Whether a record of the activity, recent enough and in the right order, is on file.
        public var isEvidenced: Bool { !recordIDs.isEmpty && problems.isEmpty }

        /// The latest dated record and its date.
        public var latest: (id: String, date: CalendarDate)? {
            dates.max { ($0.value, $0.key) < ($1.value, $1.key) }.map { ($0.key, $0.value) }
        }
    }

    /// One entry per clause with items, in clause order.
    public var clauses: [ClauseEvidence]
    /// One entry per mandatory documented information of every item, in checklist order.
    public var documentedInformation: [RequiredInformation]
    /// Items not answered, in checklist order.
    public var unanswered: [OpenItem]
    /// Evidence problems, in evidence order.
    public var evidenceIssues: [EvidenceIssue]
    /// Usable evidence that counts for no clause.
    ///
    /// Neither its source nor inference gave one, or an auditor rejected them; reviewed with
    /// `evidence map --unmapped`.
    public var evidenceWithoutClause: [EvidenceIssue] = []
    /// Internal audit (9.2).
    public var internalAudit: ActivityEvidence
    /// Management review (9.3).
    public var managementReview: ActivityEvidence
    /// N/A answers without a justification.
    public var unjustifiedNA: [OpenItem]
    /// The day stale evidence was judged on.
    public var asOf: CalendarDate

    /// Applicable clauses with no evidence at all.
    public var clausesWithoutEvidence: [ClauseEvidence] {
        clauses.filter { $0.applicable && $0.evidenceIDs.isEmpty }
    }

    /// Mandatory documented information of applicable items that is not on file (or only
    /// stale).
    public var missingInformation: [RequiredInformation] {
        documentedInformation.filter { !$0.presence.passes }
    }

    /// Items answered `not-arisen`: the conditions that have not arisen, with their notes.
    public var conditionsNotArisen: [RequiredInformation] {
        documentedInformation.filter { $0.presence == .notArisen }
    }

    /// Whether nothing is missing: every check of the analysis is clean.
    public var isClean: Bool {
        clausesWithoutEvidence.isEmpty && missingInformation.isEmpty && unanswered.isEmpty
            && evidenceIssues.isEmpty && internalAudit.isEvidenced && managementReview.isEvidenced
            && unjustifiedNA.isEmpty
    }

    /// Analyses an audit.
    ///
    /// - Parameters:
    ///   - checklist: the audit's checklist.
    ///   - responses: the responses by item id.
    ///   - evidence: every evidence record, in id order.
    ///   - links: evidence ids linked to each item.
    ///   - fileStates: evidence whose file changed or went missing, by id.
    ///   - asOf: the day review dates are judged on.
    public init(
        checklist: Checklist, responses: [String: Response], evidence: [Evidence],
        links: [String: [String]], fileStates: [String: EvidenceFileState], asOf: CalendarDate
    ) {
        self.asOf = asOf
        let today = asOf.description
        var issues: [EvidenceIssue] = []
        var usable: [Int] = []
        var numberOf: [String: Int] = [:]
        numberOf.reserveCapacity(evidence.count)
        for (index, record) in evidence.enumerated() {
            numberOf[record.id] = index
            func issue(_ problem: EvidenceProblem, _ detail: String = "") {
                issues.append(
                    EvidenceIssue(
                        evidenceID: record.id, title: record.draft.title,
                        location: record.draft.location, problem: problem, detail: detail))
            }
            // One state per record, as `evidence verify` gives it: a record its source no
            // longer lists is that, whether or not its file is still there.
            if record.removedFromSource {
                issue(.removed)
            } else {
                switch fileStates[record.id] {
                case .missing?: issue(.missing)
                case .changed?: issue(.changed)
                case nil: break
                }
            }
            if record.isStale(on: today) { issue(.stale, "review due \(record.draft.reviewDate)") }
            if !record.removedFromSource && fileStates[record.id] != .missing {
                usable.append(index)
                if record.draft.clauses.isEmpty {
                    evidenceWithoutClause.append(
                        EvidenceIssue(
                            evidenceID: record.id, title: record.draft.title,
                            location: record.draft.location, problem: .unmapped, detail: ""))
                }
            }
        }
        evidenceIssues = issues

        // Usable evidence by the clause it was imported for.
        var byClause: [ClauseNumber: [Int]] = [:]
        for index in usable {
            for clause in Set(evidence[index].draft.clauses) {
                byClause[clause, default: []].append(index)
            }
        }
        let importedClauses = byClause.keys.sorted()
        // Index lists are kept ascending; joining a few of them is a sort of ascending runs
        // (which Swift's sort does in about linear time) and dropping neighbours that repeat —
        // far cheaper than a Set when a register brings hundreds of thousands of records.
        func uniqueSorted(_ indices: [Int]) -> [Int] {
            var sorted = indices.sorted()
            var kept = 0
            for index in sorted.indices where kept == 0 || sorted[index] != sorted[kept - 1] {
                sorted[kept] = sorted[index]
                kept += 1
            }
            sorted.removeLast(sorted.count - kept)
            return sorted
        }
        func imported(for clause: ClauseNumber, kind: EvidenceKind? = nil) -> [Int] {
            var lists: [[Int]] = []
            for other in importedClauses
            where clause.contains(other) || (other.depth >= 2 && other.isAncestor(of: clause)) {
                let list = byClause[other] ?? []
                lists.append(
                    kind.map { kind in list.filter { evidence[$0].draft.kind == kind } } ?? list)
            }
            // One list is ascending and without repeats already.
            return lists.count == 1 ? lists[0] : uniqueSorted(lists.flatMap { $0 })
        }
        var isUsable = [Bool](repeating: false, count: evidence.count)
        for index in usable { isUsable[index] = true }
        func linked(_ itemID: String) -> [Int] {
            (links[itemID] ?? []).compactMap { numberOf[$0] }.filter { isUsable[$0] }
        }
        func ids(_ indices: [Int]) -> [String] {
            uniqueSorted(indices).map { evidence[$0].id }
        }

        // A record filed under a clause is matched against each of its items' topics.
        var recordWords = [Set<String>?](repeating: nil, count: evidence.count)
        func words(_ index: Int) -> Set<String> {
            if let known = recordWords[index] { return known }
            let found = EvidenceTopic.words(of: evidence[index].draft)
            recordWords[index] = found
            return found
        }

        var clauseEntries: [ClauseEvidence] = []
        var required: [RequiredInformation] = []
        var open: [OpenItem] = []
        var unjustified: [OpenItem] = []
        for clause in checklist.clauses where !clause.items.isEmpty {
            var found = imported(for: clause.number)
            var applicable = false
            for item in clause.items {
                found += linked(item.id)
                let response = responses[item.id]
                let entry = OpenItem(itemID: item.id, clause: item.clause, question: item.question)
                switch response?.verdict {
                case nil:
                    applicable = true
                    open.append(entry)
                case .na?:
                    if response?.justification.trimmingWhitespace().isEmpty ?? true {
                        unjustified.append(entry)
                    }
                default: applicable = true
                }
                let topic = EvidenceTopic(tags: item.evidence.tags)
                for information in item.documentedInformation {
                    if response?.verdict == .na {
                        required.append(
                            RequiredInformation(
                                itemID: item.id, clause: item.clause, information: information,
                                presence: .notApplicable, evidenceIDs: [],
                                justification: response?.justification ?? ""))
                        continue
                    }
                    if response?.verdict == .notArisen {
                        required.append(
                            RequiredInformation(
                                itemID: item.id, clause: item.clause, information: information,
                                presence: .notArisen, evidenceIDs: [],
                                justification: [response?.note, response?.justification]
                                    .compactMap { $0 }.filter { !$0.isEmpty }
                                    .joined(separator: " ")))
                        continue
                    }
                    required.append(
                        Self.presence(
                            of: information, for: item, topic: topic, evidence: evidence,
                            words: words, linked: linked(item.id),
                            filed: imported(
                                for: item.clause,
                                kind: information.kind == .maintain ? .document : .record),
                            today: today))
                }
            }
            clauseEntries.append(
                ClauseEvidence(
                    clause: clause.number, heading: clause.heading, applicable: applicable,
                    evidenceIDs: ids(found)))
        }
        clauses = clauseEntries
        documentedInformation = required
        unanswered = open
        unjustifiedNA = unjustified

        func activity(_ number: Int, _ name: String) -> ActivityEvidence {
            let clause = ClauseNumber(checkedComponents: [9, number])
            let inChecklist = checklist.items.contains { clause.contains($0.clause) }
            var indices = importedClauses.filter { clause.contains($0) }.flatMap {
                byClause[$0] ?? []
            }
            for item in checklist.items where clause.contains(item.clause) {
                indices += linked(item.id)
            }
            let all = uniqueSorted(indices)
            let records = Self.onePerFile(
                all.filter { evidence[$0].draft.kind == .record }, evidence)
            var dates: [String: CalendarDate] = [:]
            for index in records {
                if let date = Self.date(of: evidence[index].draft) {
                    dates[evidence[index].id] = date
                }
            }
            return ActivityEvidence(
                clause: clause, activity: name, inChecklist: inChecklist,
                recordIDs: records.map { evidence[$0].id },
                documentIDs: all.filter { evidence[$0].draft.kind == .document }.map {
                    evidence[$0].id
                }, dates: dates)
        }
        var audit = activity(2, "internal audit")
        var review = activity(3, "management review")
        Self.judge(&audit, &review, asOf: asOf)
        internalAudit = audit
        managementReview = review
    }

    /// How long before the day of the analysis a completed internal audit or management
    /// review still counts.
    public static let activityWindowDays = 365

    /// The problems of the internal-audit and management-review records: none dated in the
    /// last year, or a review dated before the latest audit (so its results cannot have been
    /// an input, 9.3.2).
    static func judge(
        _ audit: inout ActivityEvidence, _ review: inout ActivityEvidence, asOf: CalendarDate
    ) {
        let since = asOf.adding(days: -activityWindowDays)
        func recent(_ activity: inout ActivityEvidence) {
            guard !activity.recordIDs.isEmpty else { return }
            guard let latest = activity.latest else {
                activity.problems.append(
                    "none of its records (\(activity.recordIDs.prefix(3).joined(separator: ", ")))"
                        + " has a date; give them an effective date, or link a dated record")
                return
            }
            if latest.date < since {
                activity.problems.append(
                    "the latest record (\(latest.id), \(latest.date)) is more than 12 months"
                        + " before \(asOf)")
            }
        }
        recent(&audit)
        recent(&review)
        if let audited = audit.latest, let reviewed = review.latest, reviewed.date < audited.date {
            review.problems.append(
                "the latest review (\(reviewed.id), \(reviewed.date)) is dated before the latest"
                    + " internal audit (\(audited.id), \(audited.date)): its results cannot have"
                    + " been an input (9.3.2)")
        }
    }

    /// The date a record speaks for: its effective date, else its file's modification day.
    static func date(of draft: EvidenceDraft) -> CalendarDate? {
        CalendarDate(draft.effectiveDate) ?? CalendarDate(String(draft.modified.prefix(10)))
    }

    /// `indices` with one record per file: the same SHA-256, or the same document number and
    /// revision, imported through two sources counts once (the first).
    static func onePerFile(_ indices: [Int], _ evidence: [Evidence]) -> [Int] {
        var seen: Set<String> = []
        return indices.filter { index in
            let draft = evidence[index].draft
            var keys: [String] = []
            if !draft.sha256.isEmpty { keys.append("sha:" + draft.sha256) }
            if !draft.documentNumber.isEmpty {
                keys.append("no:" + draft.documentNumber + "\u{1F}" + draft.revision)
            }
            if keys.contains(where: seen.contains) { return false }
            seen.formUnion(keys)
            return true
        }
    }

    /// Whether `information` of `item` is on file, and which records show it.
    ///
    /// Evidence linked to the item counts whatever it is. Evidence filed for the item's
    /// clause (of the right kind) counts when it is about what the item expects — one of its
    /// evidence tags (`EvidenceTopic`) — or, for an item that names no tag, whatever it is
    /// about. Evidence past its review date does not count: when only such is found, the
    /// information is `stale`.
    static func presence(
        of information: DocumentedInformation, for item: ChecklistItem, topic: EvidenceTopic,
        evidence: [Evidence], words: (Int) -> Set<String>, linked: [Int], filed: [Int],
        today: String
    ) -> RequiredInformation {
        var bases: [Int: String] = [:]
        for index in linked { bases[index] = "linked to \(item.id)" }
        for index in filed where bases[index] == nil {
            if topic.isEmpty {
                bases[index] = "filed under clause \(item.clause)"
            } else if let tag = topic.match(evidence[index].draft, words: words(index)) {
                bases[index] = "about '\(tag)'"
            }
        }
        let found = bases.keys.sorted()
        let current = found.filter { !evidence[$0].isStale(on: today) }
        let shown = current.isEmpty ? found : current
        let presence: Presence = current.isEmpty ? (found.isEmpty ? .missing : .stale) : .present
        let basis = shown.first.flatMap { bases[$0] } ?? ""
        return RequiredInformation(
            itemID: item.id, clause: item.clause, information: information, presence: presence,
            evidenceIDs: shown.map { evidence[$0].id }, justification: "", basis: basis)
    }
}
