/// A clause-by-clause audit checklist, fully resolved: any base it extends is merged in.
public struct Checklist: Hashable, Sendable, Identifiable, Codable {
    /// The checklist's identifier, for example `iso9001-2015`.
    public var id: String
    /// A human title.
    public var title: String
    /// The standard audited against, for example `ISO 9001`.
    public var standard: String
    /// The edition of the standard, for example `ISO 9001:2015 + A1:2024`.
    public var edition: String
    /// The checklist's own revision, so audits can say which wording they used.
    public var revision: String
    /// The version of the checklist file format.
    public var formatVersion: Int
    /// The ids this checklist was built from, base first, itself last.
    public var lineage: [String]
    /// How verdicts are scored and readiness is decided.
    public var policy: ScoringPolicy
    /// Every clause, ordered by number; the tree is implied by the numbers.
    public var clauses: [Clause]
    /// How this checklist follows from the checklist of the edition it supersedes, if it
    /// supersedes one.
    public var transition: EditionMapping?
    /// `true` when the checklist follows a draft of the standard, not the published text;
    /// `nil` (checklists stored before drafts were marked) reads as published.
    public var draft: Bool?

    /// Whether the checklist follows a draft of the standard.
    public var isDraft: Bool { draft ?? false }

    /// Creates a checklist; clauses are sorted by number.
    public init(
        id: String, title: String, standard: String, edition: String, revision: String = "1",
        formatVersion: Int = 1, lineage: [String] = [], policy: ScoringPolicy = .standard,
        clauses: [Clause], transition: EditionMapping? = nil, draft: Bool? = nil
    ) {
        self.transition = transition
        self.draft = draft
        self.id = id
        self.title = title
        self.standard = standard
        self.edition = edition
        self.revision = revision
        self.formatVersion = formatVersion
        self.lineage = lineage.isEmpty ? [id] : lineage
        self.policy = policy
        self.clauses = clauses.sorted { $0.number < $1.number }
    }

    /// The id of the checklist this one extends, if any.
    public var base: String? { lineage.count > 1 ? lineage[lineage.count - 2] : nil }

    /// Every item in clause order.
    public var items: [ChecklistItem] { clauses.flatMap(\.items) }

    /// The clause with this number, if the checklist has it.
    public func clause(_ number: ClauseNumber) -> Clause? {
        clauses.first { $0.number == number }
    }

    /// The item with this id, if the checklist has it.
    public func item(_ id: String) -> ChecklistItem? {
        for clause in clauses {
            if let item = clause.items.first(where: { $0.id == id }) { return item }
        }
        return nil
    }

    /// Every item by id, for many lookups.
    public func itemsByID() -> [String: ChecklistItem] {
        var index: [String: ChecklistItem] = [:]
        for item in items { index[item.id] = item }
        return index
    }

    /// The clauses directly below `number`, or the top-level clauses when `number` is `nil`.
    public func children(of number: ClauseNumber?) -> [Clause] {
        clauses.filter { $0.number.parent == number }
    }

    /// Whether the clause has no sub-clauses.
    public func isLeaf(_ number: ClauseNumber) -> Bool {
        !clauses.contains { number.isAncestor(of: $0.number) }
    }

    /// This checklist cut down to one clause and everything below it (`nil` if absent).
    public func subtree(at number: ClauseNumber) -> Checklist? {
        guard clause(number) != nil else { return nil }
        var copy = self
        copy.clauses = clauses.filter { number.contains($0.number) }
        return copy
    }

    /// This checklist cut down to the items asked at `stage`; clauses keep their place.
    public func filtered(stage: Stage) -> Checklist {
        var copy = self
        copy.clauses = clauses.map { clause in
            var clause = clause
            clause.items = clause.items.filter { $0.stage.includes(stage) }
            return clause
        }
        return copy
    }
}
