/// The N/A register: what the organisation says does not apply, and why.
///
/// A clause whose items are all N/A with one justification (answered with `answer --clause`,
/// or item by item alike) is one entry for the whole clause, at the highest clause where that
/// holds; every other N/A item is an entry of its own.
public struct NotApplicableRegister: Sendable {
    /// One entry: a whole clause or one item.
    public struct Entry: Sendable, Hashable {
        /// The clause (for an item, the item's clause).
        public var clause: ClauseNumber
        /// The items it covers: one, or every item of the clause.
        public var itemIDs: [String]
        /// Whether the entry is the whole clause.
        public var wholeClause: Bool
        /// The item's question, or the clause's heading.
        public var text: String
        /// Why it does not apply.
        public var justification: String
        /// Who answered, and when (the latest answer of a clause's items).
        public var answeredBy: String
        /// When, ISO 8601.
        public var answeredAt: String

        /// The register's first column: the item id, or `8.3 (all 10 items)`.
        public var label: String {
            wholeClause ? "\(clause) (all \(itemIDs.count) items)" : itemIDs.first ?? ""
        }
    }

    /// The entries, in checklist order.
    public var entries: [Entry]

    /// The register of `responses` to `checklist`.
    public init(checklist: Checklist, responses: [String: Response]) {
        var whole: [ClauseNumber] = []
        for clause in checklist.clauses {
            guard !whole.contains(where: { $0.isAncestor(of: clause.number) }),
                let subtree = checklist.subtree(at: clause.number)
            else { continue }
            let answers = subtree.items.map { responses[$0.id] }
            guard subtree.items.count > 1, answers.allSatisfy({ $0?.verdict == .na }),
                Set(answers.map { $0?.justification ?? "" }).count == 1
            else { continue }
            whole.append(clause.number)
        }
        var headings: [ClauseNumber: String] = [:]
        for clause in checklist.clauses { headings[clause.number] = clause.heading }
        var entries: [Entry] = []
        var covered: Set<String> = []
        for item in checklist.items {
            guard !covered.contains(item.id), let response = responses[item.id],
                response.verdict == .na
            else { continue }
            if let clause = whole.first(where: { $0.contains(item.clause) }),
                let subtree = checklist.subtree(at: clause)
            {
                let answers = subtree.items.compactMap { responses[$0.id] }
                let latest = answers.max { $0.answeredAt < $1.answeredAt } ?? response
                entries.append(
                    Entry(
                        clause: clause, itemIDs: subtree.items.map(\.id), wholeClause: true,
                        text: headings[clause] ?? "", justification: response.justification,
                        answeredBy: latest.answeredBy, answeredAt: latest.answeredAt))
                covered.formUnion(subtree.items.map(\.id))
            } else {
                entries.append(
                    Entry(
                        clause: item.clause, itemIDs: [item.id], wholeClause: false,
                        text: item.question, justification: response.justification,
                        answeredBy: response.answeredBy, answeredAt: response.answeredAt))
            }
        }
        self.entries = entries
    }
}
