/// What moving an audit's organisation to a newer edition asks of it: each thing the new
/// checklist adds or changes, whether the audit's answers and evidence already cover it, and
/// what to do (`qmsaudit gaps --transition ID`).
public struct EditionTransition: Hashable, Sendable {
    /// One change of the new edition and where the audit stands on it.
    public struct Change: Hashable, Sendable {
        /// The new clause (or the old one, for a withdrawn clause).
        public var clause: ClauseNumber
        /// What changes, in a few words: `new item 5.1.1-7`, `6.1.2 splits into 6.1.2,
        /// 6.1.3`, `6.1.2-1 reworded`.
        public var change: String
        /// Whether the audit's answers and evidence already cover it.
        public var covered: Bool
        /// What the audit holds on it: answers and evidence ids, or that it holds nothing.
        public var status: String
        /// What to do, for the organisation.
        public var action: String
    }

    /// The audit's checklist id and the new one's.
    public var from: String
    /// The new checklist's id.
    public var to: String
    /// Whether the new checklist follows a draft of the standard.
    public var isDraft: Bool
    /// The changes, in clause order.
    public var changes: [Change]

    /// The changes not yet covered.
    public var open: [Change] { changes.filter { !$0.covered } }

    /// Works out the transition of an audit on `old` (its `responses`, `evidence` and
    /// `links`) to `new`.
    public init(
        old: Checklist, new: Checklist, responses: [String: Response], evidence: [Evidence],
        links: [String: [String]]
    ) {
        from = old.id
        to = new.id
        isDraft = new.isDraft
        let diff = ChecklistDiff(old: old, new: new)
        let usable = evidence.filter { !$0.removedFromSource }
        func evidenceIDs(for clause: ClauseNumber, tags: [String]) -> [String] {
            let words = Set(tags.flatMap { $0.split(separator: "-").map(String.init) })
            return usable.filter { record in
                record.draft.clauses.contains { clause.contains($0) || $0.contains(clause) }
                    && (tags.isEmpty
                        || record.draft.tags.contains(where: tags.contains)
                        || ClauseVocabulary.words(record.draft.title).contains(
                            where: words.contains))
            }.map(\.id)
        }
        func answered(_ ids: [String]) -> [String] {
            ids.compactMap { id in responses[id].map { "\(id) \($0.verdict.rawValue)" } }
        }
        var changes: [Change] = []
        for item in diff.items {
            switch item.kind {
            case .added:
                let new = new.item(item.id)
                let found = evidenceIDs(for: item.clause, tags: new?.evidence.tags ?? [])
                changes.append(
                    Change(
                        clause: item.clause, change: "new item \(item.id)", covered: false,
                        status: found.isEmpty
                            ? "nothing in this audit covers it"
                            : "evidence filed for \(item.clause) may show it ("
                                + found.prefix(4).joined(separator: ", ")
                                + (found.count > 4 ? ", …" : "") + "); not yet judged",
                        action: "Be ready to show: " + item.question))
            case .reworded, .changed, .moved:
                let sources =
                    old.items.filter {
                        (new.transition?.items(for: $0.id, in: new) ?? [$0.id]).contains(item.id)
                    }.map(\.id)
                let answers = answered(sources)
                changes.append(
                    Change(
                        clause: item.clause,
                        change: "\(item.id) " + item.details.joined(separator: ", "),
                        covered: false,
                        status: answers.isEmpty
                            ? "not answered in this audit"
                            : "answered under the old wording: " + answers.joined(separator: ", "),
                        action: "Confirm against the new wording: " + item.question))
            case .removed:
                changes.append(
                    Change(
                        clause: item.clause, change: "\(item.id) withdrawn", covered: true,
                        status: answered([item.id]).first ?? "not answered",
                        action: "Nothing to show any more; keep the records as history"))
            }
        }
        for clause in diff.clauses where clause.kind != .added {
            guard let number = clause.new.first ?? clause.old else { continue }
            let oldItems = old.items.filter { item in
                clause.old.map { $0.contains(item.clause) } ?? false
            }
            let answers = answered(oldItems.map(\.id))
            let change: String
            switch clause.kind {
            case .split:
                change =
                    "\(clause.old?.description ?? "") splits into "
                    + clause.new.map(\.description).joined(separator: ", ")
            case .merged, .renumbered:
                change =
                    "\(clause.old?.description ?? "") becomes "
                    + clause.new.map(\.description).joined(separator: ", ")
            case .removed: change = "\(clause.old?.description ?? "") withdrawn"
            case .retitled: change = "\(clause.old?.description ?? "") retitled \(clause.newTitle)"
            case .added: change = ""
            }
            changes.append(
                Change(
                    clause: number, change: change, covered: false,
                    status: answers.isEmpty
                        ? "not answered in this audit"
                        : "answered: " + answers.joined(separator: ", "),
                    action: clause.note.isEmpty
                        ? "Keep the records of each part apart" : clause.note))
        }
        // Clauses kept in place whose mapping says what changed inside them.
        for entry in new.transition?.entries ?? [] where entry.level == .clause {
            guard entry.to == [entry.from], let number = ClauseNumber(entry.from),
                old.clause(number) != nil, !entry.note.isEmpty
            else { continue }
            let items = old.items.filter { $0.clause == number }
            let answers = answered(items.map(\.id))
            let ok = items.allSatisfy { item in
                responses[item.id].map {
                    [.conforming, .observation, .ofi, .na].contains($0.verdict)
                }
                    ?? false
            }
            changes.append(
                Change(
                    clause: number, change: "\(number) changed in place",
                    covered: ok && !items.isEmpty,
                    status: answers.isEmpty
                        ? "not answered in this audit"
                        : "answered: " + answers.joined(separator: ", "),
                    action: entry.note))
        }
        self.changes = changes.sorted { ($0.clause, $0.change) < ($1.clause, $1.change) }
    }
}
