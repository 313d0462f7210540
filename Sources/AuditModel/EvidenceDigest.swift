/// What the gap analysis keeps of each evidence record, taken one record at a time as the
/// register is read: a few bytes per record instead of the record, so a register of a million
/// records is analysed without holding it.
///
/// What only some records need is kept for those alone: the title and place of the first
/// `EvidenceList.limit` problems of each list (all are counted), the file and date of the
/// records of internal audits and management reviews. Records are added in id order.
public struct EvidenceDigest: Sendable {
    /// One record, as the analysis needs it.
    struct Fact: Sendable {
        var number: UInt32
        /// Its clauses, as a position in `clauseSets`.
        var clauses: UInt32
        /// The checklist's tags it matches, as a position in `topicSets` (0: none).
        var topics: UInt32
        var kind: EvidenceKind
        /// Not removed from its source and its file not missing: it counts.
        var usable: Bool
        var stale: Bool
    }

    /// The file and date of a record that may show an internal audit or management review.
    struct ActivityRecord: Sendable {
        /// Its SHA-256 and its document number with revision: one file imported twice shares
        /// one of them.
        var keys: [String]
        var date: CalendarDate?
    }

    let asOf: CalendarDate
    let links: [String: [String]]
    private let today: String
    /// Every evidence tag of the checklist's items that ask for documented information.
    let topic: EvidenceTopic
    /// Where each such tag is in `topic`.
    let topicPosition: [String: Int]
    /// An item matched by topic: its clause, the kinds of evidence filed for it, its tags.
    private struct TopicItem: Sendable {
        var clause: ClauseNumber
        var kinds: Set<EvidenceKind>
        var tags: [String]
        var positions: [Int] = []
    }

    /// The items matched by topic.
    private let topicItems: [TopicItem]
    /// Internal audit and management review.
    static let activityClauses = [
        ClauseNumber(checkedComponents: [9, 2]), ClauseNumber(checkedComponents: [9, 3]),
    ]
    /// Numbers of the evidence linked to items of an activity's clause.
    private let activityLinks: Set<Int>
    /// Numbers of the evidence linked to any item.
    private let linkedNumbers: Set<Int>

    private(set) var facts: [Fact] = []
    private(set) var clauseSets: [[ClauseNumber]] = []
    private var clauseSetPosition: [[ClauseNumber]: UInt32] = [:]
    /// For each clause set, by kind, the positions of the tags of the items a record of that
    /// kind with those clauses is filed for: the only tags it need be matched against.
    private var clauseSetTopics: [[EvidenceKind: [Int]]] = []
    private(set) var topicSets: [TopicPositions] = [TopicPositions()]
    private var topicSetPosition: [TopicPositions: UInt32] = [TopicPositions(): 0]
    /// Position of each linked record, by number.
    private(set) var linkedPosition: [Int: Int] = [:]
    private(set) var activityRecords: [Int: ActivityRecord] = [:]
    private(set) var issues: [GapAnalysis.EvidenceIssue] = []
    private(set) var problemCounts: [GapAnalysis.EvidenceProblem: Int] = [:]
    private(set) var unmapped: [GapAnalysis.EvidenceIssue] = []
    private(set) var unmappedCount = 0

    /// Prepares to take the evidence of an audit with `checklist` and `links` (evidence ids by
    /// item id), judged as of `asOf`.
    public init(checklist: Checklist, links: [String: [String]], asOf: CalendarDate) {
        self.asOf = asOf
        self.links = links
        today = asOf.description
        var tags: [String] = []
        var seen: Set<String> = []
        var topicItems: [TopicItem] = []
        for item in checklist.items
        where !item.documentedInformation.isEmpty && !item.evidence.tags.isEmpty {
            for tag in item.evidence.tags where seen.insert(tag).inserted { tags.append(tag) }
            topicItems.append(
                TopicItem(
                    clause: item.clause,
                    kinds: Set(
                        item.documentedInformation.map {
                            $0.kind == .maintain ? EvidenceKind.document : .record
                        }),
                    tags: item.evidence.tags))
        }
        topic = EvidenceTopic(tags: tags)
        let topicPosition = Dictionary(
            tags.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.topicPosition = topicPosition
        for index in topicItems.indices {
            topicItems[index].positions = topicItems[index].tags.compactMap { topicPosition[$0] }
        }
        self.topicItems = topicItems
        var activityLinks: Set<Int> = []
        for item in checklist.items
        where Self.activityClauses.contains(where: { $0.contains(item.clause) }) {
            for id in links[item.id] ?? [] {
                if let number = Evidence.number(id: id) { activityLinks.insert(number) }
            }
        }
        self.activityLinks = activityLinks
        linkedNumbers = Set(links.values.joined().compactMap(Evidence.number(id:)))
    }

    /// How many records were taken.
    public var count: Int { facts.count }

    /// Takes the next record, whose file was found `fileState` (`nil`: as imported, or no file
    /// to check).
    public mutating func add(_ record: Evidence, fileState: EvidenceFileState?) {
        let index = facts.count
        let number = Evidence.number(id: record.id) ?? 0
        let draft = record.draft
        func issue(_ problem: GapAnalysis.EvidenceProblem, _ detail: String = "") {
            problemCounts[problem, default: 0] += 1
            guard issues.count < EvidenceList.limit else { return }
            issues.append(
                GapAnalysis.EvidenceIssue(
                    evidenceID: record.id, title: draft.title, location: draft.location,
                    problem: problem, detail: detail))
        }
        // One state per record, as `evidence verify` gives it: a record its source no longer
        // lists is that, whether or not its file is still there.
        if record.removedFromSource {
            issue(.removed)
        } else if let fileState {
            issue(fileState == .missing ? .missing : .changed)
        }
        let stale = record.isStale(on: today)
        if stale { issue(.stale, "review due \(draft.reviewDate)") }
        let usable = !record.removedFromSource && fileState != .missing
        if usable && draft.clauses.isEmpty {
            unmappedCount += 1
            if unmapped.count < EvidenceList.limit {
                unmapped.append(
                    GapAnalysis.EvidenceIssue(
                        evidenceID: record.id, title: draft.title, location: draft.location,
                        problem: .unmapped, detail: ""))
            }
        }

        let clauses = Array(Set(draft.clauses)).sorted()
        let clauseSet = position(ofClauses: clauses)
        var topics: UInt32 = 0
        if usable, let positions = clauseSetTopics[Int(clauseSet)][draft.kind] {
            let found = topic.positions(
                draft, words: EvidenceTopic.words(of: draft), among: positions)
            if !found.isEmpty {
                if let known = topicSetPosition[found] {
                    topics = known
                } else {
                    topics = UInt32(topicSets.count)
                    topicSetPosition[found] = topics
                    topicSets.append(found)
                }
            }
        }
        if linkedNumbers.contains(number) { linkedPosition[number] = index }
        if usable && draft.kind == .record
            && (activityLinks.contains(number)
                || clauses.contains { clause in
                    Self.activityClauses.contains { $0.contains(clause) }
                })
        {
            var keys: [String] = []
            if !draft.sha256.isEmpty { keys.append("sha:" + draft.sha256) }
            if !draft.documentNumber.isEmpty {
                keys.append("no:" + draft.documentNumber + "\u{1F}" + draft.revision)
            }
            activityRecords[index] = ActivityRecord(keys: keys, date: Self.date(of: draft))
        }
        facts.append(
            Fact(
                number: UInt32(clamping: number), clauses: clauseSet, topics: topics,
                kind: draft.kind, usable: usable, stale: stale))
    }

    /// The id of the record at `index`.
    func id(_ index: Int) -> String { Evidence.id(number: Int(facts[index].number)) }

    /// The date a record speaks for: its effective date, else its file's modification day.
    static func date(of draft: EvidenceDraft) -> CalendarDate? {
        CalendarDate(draft.effectiveDate) ?? CalendarDate(String(draft.modified.prefix(10)))
    }

    private mutating func position(ofClauses clauses: [ClauseNumber]) -> UInt32 {
        if let known = clauseSetPosition[clauses] { return known }
        let position = UInt32(clauseSets.count)
        clauseSetPosition[clauses] = position
        clauseSets.append(clauses)
        var topics: [EvidenceKind: Set<Int>] = [:]
        for item in topicItems
        where clauses.contains(where: { GapAnalysis.counts(filedUnder: $0, for: item.clause) }) {
            for kind in item.kinds { topics[kind, default: []].formUnion(item.positions) }
        }
        clauseSetTopics.append(topics.mapValues { $0.sorted() })
        return position
    }
}
