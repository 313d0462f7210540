/// Counts that describe a checklist at a glance: what `checklist list` and `demo` print.
public struct ChecklistSummary: Sendable {
    /// Number of clauses, at every depth.
    public var clauses: Int
    /// Number of clauses that carry items.
    public var clausesWithItems: Int
    /// Number of items.
    public var items: Int
    /// Items per top-level clause, in clause order.
    public var itemsBySection: [(section: ClauseNumber, items: Int)]
    /// Items per stage tag.
    public var itemsByStage: [Stage: Int]
    /// Items that may be answered not applicable.
    public var naAllowed: Int
    /// The clauses whose items allow N/A, highest level only (`8.3`, not `8.3.1` too).
    public var naClauses: [ClauseNumber]
    /// Mandatory documented information entries to maintain (documents).
    public var maintain: Int
    /// Mandatory documented information entries to retain (records).
    public var retain: Int
    /// Of those, how many apply only under a condition.
    public var conditional: Int
    /// The sum of all item weights.
    public var totalWeight: Double

    /// Summarises `checklist`.
    public init(_ checklist: Checklist) {
        let items = checklist.items
        clauses = checklist.clauses.count
        clausesWithItems = checklist.clauses.filter { !$0.items.isEmpty }.count
        self.items = items.count
        var bySection: [ClauseNumber: Int] = [:]
        for item in items { bySection[item.clause.section, default: 0] += 1 }
        itemsBySection = bySection.keys.sorted().map { ($0, bySection[$0] ?? 0) }
        itemsByStage = Dictionary(grouping: items, by: \.stage).mapValues(\.count)
        naAllowed = items.filter(\.naAllowed).count
        let naItemClauses = Set(items.filter(\.naAllowed).map(\.clause))
        // Report the highest clause whose every item allows N/A, so 8.3 stands for 8.3.x.
        var highest: [ClauseNumber] = []
        for clause in checklist.clauses {
            let below = items.filter { clause.number.contains($0.clause) }
            guard !below.isEmpty, below.allSatisfy(\.naAllowed) else { continue }
            if !highest.contains(where: { $0.isAncestor(of: clause.number) }) {
                highest.append(clause.number)
            }
        }
        for clause in naItemClauses.sorted()
        where !highest.contains(where: { $0.contains(clause) }) {
            highest.append(clause)
        }
        naClauses = highest.sorted()
        let documented = items.flatMap(\.documentedInformation)
        maintain = documented.filter { $0.kind == .maintain }.count
        retain = documented.filter { $0.kind == .retain }.count
        conditional = documented.filter(\.isConditional).count
        totalWeight = items.reduce(0) { $0 + $1.weight }
    }

}
