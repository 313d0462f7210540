/// How the clauses and items of a checklist for an older edition lead to those of the checklist
/// that supersedes it (`supersedes:` and `mapping:` in the newer checklist).
///
/// Only what changed is listed: a clause or item of the old checklist that is not listed goes
/// to the clause or item of the same number or id in the new one, when it has it, and is
/// withdrawn otherwise. A clause or item of the new checklist that nothing leads to is new.
public struct EditionMapping: Hashable, Sendable, Codable {
    /// One listed change.
    public struct Entry: Hashable, Sendable, Codable {
        /// Whether the entry maps clauses or items.
        public enum Level: String, Hashable, Sendable, Codable {
            case clause, item
        }

        /// Clauses or items.
        public var level: Level
        /// The old clause number or item id.
        public var from: String
        /// Where it goes in the new checklist: one (kept, renumbered, or merged with others),
        /// several (split) or none (withdrawn).
        public var to: [String]
        /// Why, in our own words, citing the clause.
        public var note: String

        /// Creates an entry.
        public init(level: Level, from: String, to: [String], note: String = "") {
            self.level = level
            self.from = from
            self.to = to
            self.note = note
        }
    }

    /// How an old clause or item fares.
    public enum Fate: String, Hashable, Sendable, CaseIterable {
        /// The same number or id, unchanged in place.
        case same
        /// One new clause or item under another number or id.
        case renumbered
        /// Several new ones.
        case split
        /// One new one that other old ones lead to as well.
        case merged
        /// None.
        case withdrawn
    }

    /// The id of the checklist this one supersedes.
    public var supersedes: String
    /// The listed changes, in the order written.
    public var entries: [Entry]
    /// The edition the superseded checklist audits (`ISO 9001:2015 + A1:2024`), so that a
    /// register citing it (`ISO 9001:2015 6.1.2`) is read through the mapping; empty when
    /// unknown.
    public var edition: String

    /// Creates a mapping.
    public init(supersedes: String, entries: [Entry] = [], edition: String = "") {
        self.supersedes = supersedes
        self.entries = entries
        self.edition = edition
    }

    /// The new clauses old clause `number` leads to in `new`.
    public func clauses(for number: ClauseNumber, in new: Checklist) -> [ClauseNumber] {
        if let entry = entries.first(where: { $0.level == .clause && $0.from == number.description }
        ) {
            return entry.to.compactMap(ClauseNumber.init)
        }
        return new.clause(number) == nil ? [] : [number]
    }

    /// The new items old item `id` leads to in `new`.
    public func items(for id: String, in new: Checklist) -> [String] {
        if let entry = entries.first(where: { $0.level == .item && $0.from == id }) {
            return entry.to
        }
        return new.item(id) == nil ? [] : [id]
    }

    /// How old clause `number` fares.
    public func fate(ofClause number: ClauseNumber, in new: Checklist) -> Fate {
        let targets = clauses(for: number, in: new).map(\.description)
        return fate(number.description, targets: targets, level: .clause)
    }

    /// How old item `id` fares.
    public func fate(ofItem id: String, in new: Checklist) -> Fate {
        fate(id, targets: items(for: id, in: new), level: .item)
    }

    private func fate(_ from: String, targets: [String], level: Entry.Level) -> Fate {
        switch targets.count {
        case 0: return .withdrawn
        case 1:
            let shared = entries.contains {
                $0.level == level && $0.from != from && $0.to.contains(targets[0])
            }
            if shared { return .merged }
            return targets[0] == from ? .same : .renumbered
        default: return .split
        }
    }

    /// The note written for old clause or item `from`, if any.
    public func note(for from: String, level: Entry.Level) -> String {
        entries.first { $0.level == level && $0.from == from }?.note ?? ""
    }
}
