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
        public var evidenceIDs: EvidenceList
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
        public var evidenceIDs: EvidenceList
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
        public var recordIDs: EvidenceList
        /// Documents for the clause (the procedure, the programme).
        public var documentIDs: EvidenceList
        /// The latest dated record (effective date, else the file's modification day).
        public var latest: DatedEvidence?
        /// Why the records do not show a completed activity recent enough; empty when they do.
        public var problems: [String] = []

        /// Whether a record of the activity, recent enough and in the right order, is on file.
        public var isEvidenced: Bool { !recordIDs.isEmpty && problems.isEmpty }
    }

    /// A record and the day it speaks for.
    public struct DatedEvidence: Sendable, Hashable {
        /// The record.
        public var id: String
        /// Its date.
        public var date: CalendarDate
    }

    /// One entry per clause with items, in clause order.
    public var clauses: [ClauseEvidence]
    /// One entry per mandatory documented information of every item, in checklist order.
    public var documentedInformation: [RequiredInformation]
    /// Items not answered, in checklist order.
    public var unanswered: [OpenItem]
    /// Evidence problems, in evidence order: the first `EvidenceList.limit`.
    public var evidenceIssues: [EvidenceIssue]
    /// How many problems of each kind there are, listed or not.
    public var problemCounts: [EvidenceProblem: Int]
    /// Usable evidence that counts for no clause: the first `EvidenceList.limit`.
    ///
    /// Neither its source nor inference gave one, or an auditor rejected them; reviewed with
    /// `evidence map --unmapped`.
    public var evidenceWithoutClause: [EvidenceIssue]
    /// How much usable evidence counts for no clause, listed or not.
    public var evidenceWithoutClauseCount: Int
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

    /// Analyses an audit whose evidence is all in memory.
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
        var digest = EvidenceDigest(checklist: checklist, links: links, asOf: asOf)
        for record in evidence { digest.add(record, fileState: fileStates[record.id]) }
        self.init(checklist: checklist, responses: responses, digest: digest)
    }

    /// Analyses an audit from the digest of its evidence (taken with the same checklist).
    public init(checklist: Checklist, responses: [String: Response], digest: EvidenceDigest) {
        asOf = digest.asOf
        evidenceIssues = digest.issues
        problemCounts = digest.problemCounts
        evidenceWithoutClause = digest.unmapped
        evidenceWithoutClauseCount = digest.unmappedCount
        let facts = digest.facts

        // Usable evidence by the clause it was imported for.
        var byClause: [ClauseNumber: [Int]] = [:]
        for (index, fact) in facts.enumerated() where fact.usable {
            for clause in digest.clauseSets[Int(fact.clauses)] {
                byClause[clause, default: []].append(index)
            }
        }
        let importedClauses = byClause.keys.sorted()
        func imported(for clause: ClauseNumber, kind: EvidenceKind? = nil) -> [Int] {
            var lists: [[Int]] = []
            for other in importedClauses where Self.counts(filedUnder: other, for: clause) {
                let list = byClause[other] ?? []
                lists.append(kind.map { kind in list.filter { facts[$0].kind == kind } } ?? list)
            }
            // One list is ascending and without repeats already.
            return lists.count == 1 ? lists[0] : Self.uniqueSorted(lists.flatMap { $0 })
        }
        func linked(_ itemID: String) -> [Int] {
            (digest.links[itemID] ?? []).compactMap { id in
                Evidence.number(id: id).flatMap { digest.linkedPosition[$0] }
            }.filter { facts[$0].usable }
        }
        func list(_ indices: [Int]) -> EvidenceList {
            let unique = Self.uniqueSorted(indices)
            return EvidenceList(
                unique.prefix(EvidenceList.limit).map(digest.id), total: unique.count)
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
                let tags = item.evidence.tags.compactMap { digest.topicPosition[$0] }
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
                            of: information, for: item, tags: tags, digest: digest,
                            linked: linked(item.id),
                            filed: imported(
                                for: item.clause,
                                kind: information.kind == .maintain ? .document : .record)))
                }
            }
            clauseEntries.append(
                ClauseEvidence(
                    clause: clause.number, heading: clause.heading, applicable: applicable,
                    evidenceIDs: list(found)))
        }
        clauses = clauseEntries
        documentedInformation = required
        unanswered = open
        unjustifiedNA = unjustified

        func activity(_ clause: ClauseNumber, _ name: String) -> ActivityEvidence {
            let inChecklist = checklist.items.contains { clause.contains($0.clause) }
            var indices = importedClauses.filter { clause.contains($0) }.flatMap {
                byClause[$0] ?? []
            }
            for item in checklist.items where clause.contains(item.clause) {
                indices += linked(item.id)
            }
            let all = Self.uniqueSorted(indices)
            // One record per file: the same SHA-256, or the same document number and revision,
            // imported through two sources counts once (the first).
            var seen: Set<String> = []
            var records: [Int] = []
            var latest: DatedEvidence?
            for index in all where facts[index].kind == .record {
                let record = digest.activityRecords[index]
                let keys = record?.keys ?? []
                if keys.contains(where: seen.contains) { continue }
                seen.formUnion(keys)
                records.append(index)
                if let date = record?.date {
                    let dated = DatedEvidence(id: digest.id(index), date: date)
                    if latest.map({ ($0.date, $0.id) < (dated.date, dated.id) }) ?? true {
                        latest = dated
                    }
                }
            }
            return ActivityEvidence(
                clause: clause, activity: name, inChecklist: inChecklist,
                recordIDs: list(records),
                documentIDs: list(all.filter { facts[$0].kind == .document }), latest: latest)
        }
        var audit = activity(EvidenceDigest.activityClauses[0], "internal audit")
        var review = activity(EvidenceDigest.activityClauses[1], "management review")
        Self.judge(&audit, &review, asOf: asOf)
        internalAudit = audit
        managementReview = review
    }

    /// Whether evidence filed under clause `filed` counts for `clause`: filed for it or for a
    /// clause below it, or for a clause above it other than the top-level section (a
    /// procedure for 7.5 covers 7.5.3; a document filed under 7 does not cover all of 7).
    static func counts(filedUnder filed: ClauseNumber, for clause: ClauseNumber) -> Bool {
        clause.contains(filed) || (filed.depth >= 2 && filed.isAncestor(of: clause))
    }

    /// `indices` ascending, without repeats.
    ///
    /// Index lists are kept ascending; joining a few of them is a sort of ascending runs (which Swift's sort does in about linear time) and
    /// dropping neighbours that repeat — far cheaper than a Set for a whole register.
    static func uniqueSorted(_ indices: [Int]) -> [Int] {
        var sorted = indices.sorted()
        var kept = 0
        for index in sorted.indices where kept == 0 || sorted[index] != sorted[kept - 1] {
            sorted[kept] = sorted[index]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
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

    /// Whether `information` of `item` is on file, and which records show it.
    ///
    /// Evidence linked to the item counts whatever it is. Evidence filed for the item's
    /// clause (of the right kind) counts when it is about what the item expects — one of its
    /// evidence tags (`EvidenceTopic`), given here as positions in the digest's topic — or,
    /// for an item that names no tag, whatever it is about. Evidence past its review date
    /// does not count: when only such is found, the information is `stale`.
    static func presence(
        of information: DocumentedInformation, for item: ChecklistItem, tags: [Int],
        digest: EvidenceDigest, linked: [Int], filed: [Int]
    ) -> RequiredInformation {
        let facts = digest.facts
        func topic(_ index: Int) -> Int? {
            digest.topicSets[Int(facts[index].topics)].first(of: tags)
        }
        let about = item.evidence.tags.isEmpty ? filed : filed.filter { topic($0) != nil }
        let found = uniqueSorted(linked + about)
        let current = found.filter { !facts[$0].stale }
        let shown = current.isEmpty ? found : current
        let presence: Presence = current.isEmpty ? (found.isEmpty ? .missing : .stale) : .present
        var basis = ""
        if let first = shown.first {
            if linked.contains(first) {
                basis = "linked to \(item.id)"
            } else if item.evidence.tags.isEmpty {
                basis = "filed under clause \(item.clause)"
            } else if let position = topic(first) {
                basis = "about '\(digest.topic.tag(at: position))'"
            }
        }
        return RequiredInformation(
            itemID: item.id, clause: item.clause, information: information, presence: presence,
            evidenceIDs: EvidenceList(
                shown.prefix(EvidenceList.limit).map(digest.id), total: shown.count),
            justification: "", basis: basis)
    }
}
