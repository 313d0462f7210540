/// What changed between two checklists: two revisions of one, an overlay and its base, or
/// two editions (through the newer one's `EditionMapping` when it supersedes the older).
public struct ChecklistDiff: Hashable, Sendable {
    /// A clause that is new, gone, renumbered, split, merged or retitled.
    public struct ClauseChange: Hashable, Sendable {
        /// What happened to it.
        public enum Kind: String, Hashable, Sendable {
            case added, removed, renumbered, split, merged, retitled
        }

        /// What happened.
        public var kind: Kind
        /// The old clause, or `nil` for an added one.
        public var old: ClauseNumber?
        /// The new clauses (one, several for a split, none for a removed one).
        public var new: [ClauseNumber]
        /// The old heading, or empty.
        public var oldTitle: String
        /// The new heading, or empty.
        public var newTitle: String
        /// The mapping's note, if any.
        public var note: String
    }

    /// An item that is new, gone, reworded or changed in how it is asked.
    public struct ItemChange: Hashable, Sendable {
        /// What happened to it.
        public enum Kind: String, Hashable, Sendable {
            case added, removed, reworded, changed, moved
        }

        /// What happened.
        public var kind: Kind
        /// The item's id (the new one; the old one for a removed item).
        public var id: String
        /// Its clause (the new one; the old one for a removed item).
        public var clause: ClauseNumber
        /// What changed in words: `stage 2 → both`, `weight 1 → 2`, `N/A allowed → not
        /// allowed`, `documented information: + retain …`, `question reworded`.
        public var details: [String]
        /// The question (the new one; the old one for a removed item).
        public var question: String
    }

    /// The older checklist's id and revision.
    public var old: (id: String, revision: String) { (oldID, oldRevision) }
    /// The newer checklist's id and revision.
    public var new: (id: String, revision: String) { (newID, newRevision) }
    private var oldID: String
    private var oldRevision: String
    private var newID: String
    private var newRevision: String
    /// Whether the comparison followed the newer checklist's edition mapping.
    public var usesMapping: Bool
    /// The clause changes, in old clause order, added ones after.
    public var clauses: [ClauseChange]
    /// The item changes, in new checklist order, removed ones after.
    public var items: [ItemChange]

    /// Whether the two ask the same things the same way.
    public var isEmpty: Bool { clauses.isEmpty && items.isEmpty }

    /// Compares `old` with `new`; through `new`'s edition mapping when it supersedes `old`.
    public init(old: Checklist, new: Checklist) {
        oldID = old.id
        oldRevision = old.revision
        newID = new.id
        newRevision = new.revision
        let mapping =
            new.transition?.supersedes == old.id
            ? new.transition ?? EditionMapping(supersedes: old.id)
            : EditionMapping(supersedes: old.id)
        usesMapping = new.transition?.supersedes == old.id
        var clauses: [ClauseChange] = []
        var reached = Set<ClauseNumber>()
        for clause in old.clauses {
            let targets = mapping.clauses(for: clause.number, in: new)
            reached.formUnion(targets)
            let fate = mapping.fate(ofClause: clause.number, in: new)
            let note = mapping.note(for: clause.number.description, level: .clause)
            let newTitle = targets.count == 1 ? new.clause(targets[0])?.heading ?? "" : ""
            func change(_ kind: ClauseChange.Kind) -> ClauseChange {
                ClauseChange(
                    kind: kind, old: clause.number, new: targets, oldTitle: clause.heading,
                    newTitle: targets.count == 1
                        ? newTitle
                        : targets.compactMap { new.clause($0)?.heading }.joined(separator: "; "),
                    note: note)
            }
            switch fate {
            case .withdrawn: clauses.append(change(.removed))
            case .split: clauses.append(change(.split))
            case .merged: clauses.append(change(.merged))
            case .renumbered: clauses.append(change(.renumbered))
            case .same:
                if (clause.title ?? "") != (new.clause(clause.number)?.title ?? "") {
                    clauses.append(change(.retitled))
                }
            }
        }
        for clause in new.clauses where !reached.contains(clause.number) {
            clauses.append(
                ClauseChange(
                    kind: .added, old: nil, new: [clause.number], oldTitle: "",
                    newTitle: clause.heading, note: ""))
        }
        self.clauses = clauses

        var items: [ItemChange] = []
        var sources: [String: [ChecklistItem]] = [:]
        for item in old.items {
            for target in mapping.items(for: item.id, in: new) {
                sources[target, default: []].append(item)
            }
        }
        for item in new.items {
            guard let previous = sources[item.id], !previous.isEmpty else {
                items.append(
                    ItemChange(
                        kind: .added, id: item.id, clause: item.clause, details: [],
                        question: item.question))
                continue
            }
            let before = previous[0]
            var details = Self.differences(before, item)
            if previous.count > 1 {
                details.insert(
                    "merges " + previous.map(\.id).joined(separator: ", "), at: 0)
            } else if before.id != item.id {
                details.insert("was \(before.id)", at: 0)
            }
            guard !details.isEmpty else { continue }
            let kind: ItemChange.Kind =
                before.question != item.question
                ? .reworded
                : before.clause != item.clause || before.id != item.id ? .moved : .changed
            items.append(
                ItemChange(
                    kind: kind, id: item.id, clause: item.clause, details: details,
                    question: item.question))
        }
        for item in old.items where mapping.items(for: item.id, in: new).isEmpty {
            items.append(
                ItemChange(
                    kind: .removed, id: item.id, clause: item.clause,
                    details: [mapping.note(for: item.id, level: .item)].filter { !$0.isEmpty },
                    question: item.question))
        }
        self.items = items
    }

    /// What differs between two versions of an item, in words.
    static func differences(_ old: ChecklistItem, _ new: ChecklistItem) -> [String] {
        var details: [String] = []
        if old.question != new.question { details.append("question reworded") }
        if old.clause != new.clause { details.append("clause \(old.clause) → \(new.clause)") }
        if old.stage != new.stage {
            details.append("stage \(old.stage.rawValue) → \(new.stage.rawValue)")
        }
        if old.weight != new.weight {
            details.append(
                "weight \(old.weight.compactDescription) → \(new.weight.compactDescription)")
        }
        if old.naAllowed != new.naAllowed {
            details.append(new.naAllowed ? "N/A now allowed" : "N/A no longer allowed")
        }
        let oldInfo = old.documentedInformation.map(Self.describe)
        let newInfo = new.documentedInformation.map(Self.describe)
        for info in newInfo where !oldInfo.contains(info) {
            details.append("documented information: + \(info)")
        }
        for info in oldInfo where !newInfo.contains(info) {
            details.append("documented information: − \(info)")
        }
        if old.condition != new.condition {
            details.append("condition: \(new.condition ?? "none")")
        }
        if old.practice != new.practice {
            details.append(new.practice ? "now good practice" : "now a requirement")
        }
        return details
    }

    private static func describe(_ info: DocumentedInformation) -> String {
        "\(info.kind.rawValue) \(info.what)" + (info.condition.map { " (\($0))" } ?? "")
    }
}
