extension Checklist {
    /// The clauses someone who typed `number` most likely meant, for "did you mean" hints: the
    /// siblings nearest to it (7.6 → 7.5), else the deepest clause above it that exists.
    public func nearestClauses(to number: ClauseNumber) -> [ClauseNumber] {
        let known = clauses.map(\.number)
        var components = number.components
        while !components.isEmpty {
            let last = components.removeLast()
            let siblings = known.filter {
                $0.components.count == components.count + 1
                    && Array($0.components.prefix(components.count)) == components
            }
            let closest = siblings.map { ($0, abs(($0.components.last ?? 0) - last)) }
                .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            if let best = closest.first {
                return closest.prefix { $0.1 == best.1 }.map(\.0)
            }
        }
        return []
    }

    /// The items someone who typed `id` most likely meant: the items of the clause its id
    /// names (`7.2-9` → 7.2's items), else of the nearest clauses.
    public func nearestItems(to id: String) -> [String] {
        let clausePart = id.split(separator: "-").first.map(String.init) ?? id
        guard let number = ClauseNumber(clausePart) else { return [] }
        let wanted = clause(number) != nil ? [number] : nearestClauses(to: number)
        return items.filter { item in wanted.contains(item.clause) }.map(\.id)
    }

    /// `; did you mean 7.5?` for an unknown clause, or nothing when no clause is near.
    public func clauseHint(for number: ClauseNumber) -> String {
        let near = nearestClauses(to: number)
        guard !near.isEmpty else { return "" }
        return "; did you mean " + near.map(\.description).joined(separator: " or ") + "?"
    }

    /// `; 7.2 has 7.2-1 … 7.2-4` for an unknown item, or nothing when no clause is near.
    public func itemHint(for id: String) -> String {
        let near = nearestItems(to: id)
        guard let first = near.first, let last = near.last else { return "" }
        return near.count == 1
            ? "; did you mean \(first)?" : "; the nearest items are \(first) … \(last)"
    }
}

extension Checklist {
    /// This checklist cut down to the items of `scope` (each clause and the clauses below it),
    /// for an audit planned on part of the standard; the clauses above them keep their place
    /// in the tree.
    public func restricted(to scope: [ClauseNumber]) -> Checklist {
        var copy = self
        copy.clauses = clauses.filter { clause in
            scope.contains { $0.contains(clause.number) || clause.number.isAncestor(of: $0) }
        }.map { clause in
            var clause = clause
            if !scope.contains(where: { $0.contains(clause.number) }) { clause.items = [] }
            return clause
        }
        return copy
    }
}
