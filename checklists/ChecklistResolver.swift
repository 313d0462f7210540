import AuditModel

/// Builds a `Checklist` from a document and the chain of bases it extends, checking every rule
/// that spans clauses, items and files.
///
/// Rules: item ids are unique; clause numbers are unique and their parents exist; the policy
/// names known verdicts and the conforming verdict earns the most; `extends` resolves without
/// cycles; an overlay adds clauses and items, tightens rules (never loosens them), and drops a
/// base item only through `remove:`.
struct ChecklistResolver {
    /// Finds the document for a checklist id, or `nil` when there is none.
    let lookup: (String) -> ChecklistDocument?

    private var diagnostics: [Diagnostic] = []

    init(lookup: @escaping (String) -> ChecklistDocument?) {
        self.lookup = lookup
    }

    /// Resolves `document`, returning the checklist when no error was found, and every
    /// diagnostic either way.
    static func resolve(
        _ document: ChecklistDocument, lookup: @escaping (String) -> ChecklistDocument?
    ) -> (Checklist?, [Diagnostic]) {
        var resolver = ChecklistResolver(lookup: lookup)
        let assembly = resolver.assemble(document, chain: [])
        var diagnostics = resolver.diagnostics
        guard let assembly, !diagnostics.containsErrors else { return (nil, diagnostics) }
        diagnostics += assembly.warnings()
        var checklist = assembly.checklist()
        checklist.draft = document.draft
        if let supersedes = document.supersedes {
            let before = resolver.diagnostics.count
            checklist.transition = resolver.mapping(document, supersedes, into: checklist)
            diagnostics += resolver.diagnostics.dropFirst(before)
            if diagnostics.containsErrors { return (nil, diagnostics) }
        }
        return (checklist, diagnostics)
    }

    /// The edition mapping of `document` into `checklist`, checked against the checklist it
    /// supersedes: every old clause and item it names exists there, every new one here, and
    /// none is listed twice.
    private mutating func mapping(
        _ document: ChecklistDocument, _ supersedes: ChecklistDocument.Located<String>,
        into checklist: Checklist
    ) -> EditionMapping? {
        guard let oldDocument = lookup(supersedes.value) else {
            diagnostics.append(
                .error(
                    "'supersedes' names checklist '\(supersedes.value)', which was not found",
                    at: supersedes.location))
            return nil
        }
        var oldResolver = ChecklistResolver(lookup: lookup)
        guard let old = oldResolver.assemble(oldDocument, chain: [])?.checklist() else {
            diagnostics.append(
                .error(
                    "checklist '\(supersedes.value)' named by 'supersedes' has errors",
                    at: supersedes.location))
            return nil
        }
        var seen: [String: SourceLocation] = [:]
        for mapped in document.mapping {
            let entry = mapped.entry
            let key = entry.level.rawValue + " " + entry.from
            if let first = seen[key] {
                diagnostics.append(
                    .error(
                        "\(entry.level.rawValue) '\(entry.from)' is mapped twice (first at \(first))",
                        at: mapped.fromLocation))
                continue
            }
            seen[key] = mapped.fromLocation
            let existsInOld =
                entry.level == .clause
                ? ClauseNumber(entry.from).flatMap(old.clause) != nil
                : old.item(entry.from) != nil
            if !existsInOld {
                diagnostics.append(
                    .error(
                        "\(entry.level.rawValue) '\(entry.from)' is not in checklist"
                            + " '\(old.id)', which this one supersedes", at: mapped.fromLocation))
            }
            for (target, location) in zip(entry.to, mapped.toLocations) {
                let existsInNew =
                    entry.level == .clause
                    ? ClauseNumber(target).flatMap(checklist.clause) != nil
                    : checklist.item(target) != nil
                if !existsInNew {
                    diagnostics.append(
                        .error(
                            "\(entry.level.rawValue) '\(target)' is not in this checklist",
                            at: location))
                }
            }
            if Set(entry.to).count != entry.to.count {
                diagnostics.append(
                    .error(
                        "\(entry.level.rawValue) '\(entry.from)' lists a target twice",
                        at: mapped.fromLocation))
            }
        }
        return EditionMapping(
            supersedes: old.id, entries: document.mapping.map(\.entry), edition: old.edition)
    }

    // MARK: - Assembly

    /// The checklist being built, with where each part came from.
    struct Assembly {
        struct ClauseState {
            var clause: Clause
            var location: SourceLocation
            var naDefault: Bool?
        }

        var id: String
        var title: String
        var standard: String
        var edition: String
        var revision: String
        var formatVersion: Int
        var lineage: [String]
        var policy: ScoringPolicy
        var policyLocation: SourceLocation?
        var clauses: [ClauseNumber: ClauseState] = [:]
        var itemLocations: [String: SourceLocation] = [:]
        var itemClause: [String: ClauseNumber] = [:]

        /// The N/A default a clause passes to its items: its own, or its nearest ancestor's.
        func naDefault(for number: ClauseNumber) -> Bool {
            var current: ClauseNumber? = number
            while let clause = current {
                if let value = clauses[clause]?.naDefault { return value }
                current = clause.parent
            }
            return false
        }

        func checklist() -> Checklist {
            Checklist(
                id: id, title: title, standard: standard, edition: edition, revision: revision,
                formatVersion: formatVersion, lineage: lineage, policy: policy,
                clauses: clauses.values.map(\.clause))
        }

        /// Problems that do not stop the checklist from being used.
        func warnings() -> [Diagnostic] {
            let numbers = clauses.keys.sorted()
            return numbers.compactMap { number in
                guard let state = clauses[number], state.clause.items.isEmpty,
                    !numbers.contains(where: { number.isAncestor(of: $0) })
                else { return nil }
                return .warning(
                    "clause '\(number)' has no sub-clauses and no items; nothing will be asked"
                        + " about it", at: state.location)
            }
        }
    }

    private mutating func assemble(_ document: ChecklistDocument, chain: [String])
        -> Assembly?
    {
        guard let id = document.id?.value else { return nil }
        if chain.contains(id) {
            let cycle = (chain + [id]).map { "'\($0)'" }.joined(separator: " → ")
            let location = document.extends?.location ?? document.startLocation
            diagnostics.append(
                .error("checklists extend each other in a cycle: \(cycle)", at: location))
            return nil
        }
        var assembly: Assembly
        if let extends = document.extends {
            guard let baseDocument = lookup(extends.value) else {
                diagnostics.append(
                    .error(
                        "'extends' names checklist '\(extends.value)', which was not found",
                        at: extends.location))
                return nil
            }
            let errorsBefore = diagnostics.filter { $0.severity == .error }.count
            guard var base = assemble(baseDocument, chain: chain + [id]) else {
                if diagnostics.filter({ $0.severity == .error }).count == errorsBefore {
                    diagnostics.append(
                        .error("base checklist '\(extends.value)' has errors", at: extends.location)
                    )
                }
                return nil
            }
            base.id = id
            base.lineage.append(id)
            base.title = document.title ?? base.title
            base.standard = document.standard ?? base.standard
            base.edition = document.edition ?? base.edition
            base.revision = document.revision ?? "1"
            base.formatVersion = document.formatVersion
            assembly = base
            applyRemovals(document, to: &assembly)
            if let policy = document.policy { tightenPolicy(policy, of: &assembly) }
        } else {
            assembly = Assembly(
                id: id, title: document.title ?? id, standard: document.standard ?? "",
                edition: document.edition ?? "", revision: document.revision ?? "1",
                formatVersion: document.formatVersion, lineage: [id], policy: .standard)
            if let policy = document.policy { setPolicy(policy, of: &assembly) }
        }
        addClauses(document, to: &assembly, overlay: document.extends != nil)
        applyTightening(document, to: &assembly)
        return assembly
    }

    // MARK: - Clauses and items

    private mutating func addClauses(
        _ document: ChecklistDocument, to assembly: inout Assembly, overlay: Bool
    ) {
        var definedHere: [ClauseNumber: SourceLocation] = [:]
        // First every clause, so that parents may be listed after their children.
        for entry in document.clauses {
            if let first = definedHere[entry.number] {
                diagnostics.append(
                    .error(
                        "clause '\(entry.number)' is listed twice (first at \(first))",
                        at: entry.location))
                continue
            }
            definedHere[entry.number] = entry.location
            if var existing = assembly.clauses[entry.number] {
                // An overlay may add items to a base clause but not redefine it.
                if let title = entry.title, title != (existing.clause.title ?? "") {
                    diagnostics.append(
                        .error(
                            "clause '\(entry.number)' already exists in base checklist"
                                + " '\(assembly.lineage.dropLast().last ?? "")' with another title;"
                                + " an overlay may add items to it but not retitle it",
                            at: entry.location))
                }
                if let na = entry.naAllowed, na.value, !assembly.naDefault(for: entry.number) {
                    diagnostics.append(
                        .error(
                            "an overlay may not allow N/A on clause '\(entry.number)' where its"
                                + " base does not", at: na.location))
                } else if let na = entry.naAllowed {
                    existing.naDefault = na.value
                }
                // An overlay may teach the clause its organisation's names for it.
                for (language, names) in entry.synonyms {
                    var known = existing.clause.synonyms[language] ?? []
                    known += names.filter { !known.contains($0) }
                    existing.clause.synonyms[language] = known
                }
                assembly.clauses[entry.number] = existing
                continue
            }
            let title = entry.title.flatMap { $0.isEmpty ? nil : $0 }
            let label = entry.label ?? ""
            if title == nil && label.trimmingWhitespace().isEmpty {
                diagnostics.append(
                    .error(
                        "clause '\(entry.number)' has no title; give it a 'label' in your own"
                            + " words so people know what it covers", at: entry.location))
            }
            assembly.clauses[entry.number] = Assembly.ClauseState(
                clause: Clause(
                    number: entry.number, title: title, label: label, synonyms: entry.synonyms),
                location: entry.location, naDefault: entry.naAllowed?.value)
        }
        for entry in document.clauses {
            if let parent = entry.number.parent, assembly.clauses[parent] == nil {
                diagnostics.append(
                    .error(
                        "clause '\(entry.number)' has no parent clause '\(parent)'; add"
                            + " '\(parent)' first", at: entry.location))
            }
        }
        for entry in document.clauses where definedHere[entry.number] == entry.location {
            for itemEntry in entry.items {
                addItem(itemEntry, to: &assembly, overlay: overlay)
            }
        }
    }

    private mutating func addItem(
        _ entry: ChecklistDocument.ItemEntry, to assembly: inout Assembly, overlay: Bool
    ) {
        var item = entry.item
        if let first = assembly.itemLocations[item.id] {
            let hint =
                overlay && first.path != entry.location.path
                ? "; to replace a base item, list it under 'remove' and add it again"
                : ""
            diagnostics.append(
                .error(
                    "duplicate item id '\(item.id)' (first defined at \(first))\(hint)",
                    at: entry.location))
            return
        }
        item.naAllowed = entry.naAllowed ?? assembly.naDefault(for: item.clause)
        assembly.itemLocations[item.id] = entry.location
        assembly.itemClause[item.id] = item.clause
        assembly.clauses[item.clause]?.clause.items.append(item)
    }

    // MARK: - Overlay rules

    private mutating func applyRemovals(_ document: ChecklistDocument, to assembly: inout Assembly)
    {
        for entry in document.remove {
            guard let clause = assembly.itemClause[entry.item] else {
                diagnostics.append(
                    .error(
                        "'remove' names item '\(entry.item)', which base checklist"
                            + " '\(document.extends?.value ?? "")' does not have",
                        at: entry.location))
                continue
            }
            assembly.clauses[clause]?.clause.items.removeAll { $0.id == entry.item }
            assembly.itemClause[entry.item] = nil
            assembly.itemLocations[entry.item] = nil
        }
    }

    private mutating func applyTightening(
        _ document: ChecklistDocument, to assembly: inout Assembly
    ) {
        for entry in document.tighten {
            let targets: [(ClauseNumber, String)]
            switch entry.target {
            case .item(let id):
                guard let clause = assembly.itemClause[id] else {
                    diagnostics.append(
                        .error(
                            "'tighten' names item '\(id)', which the checklist does not have",
                            at: entry.location))
                    continue
                }
                targets = [(clause, id)]
            case .clause(let number):
                guard assembly.clauses[number] != nil else {
                    diagnostics.append(
                        .error(
                            "'tighten' names clause '\(number)', which the checklist does not have",
                            at: entry.location))
                    continue
                }
                targets = assembly.clauses.values
                    .filter { number.contains($0.clause.number) }
                    .flatMap { state in state.clause.items.map { (state.clause.number, $0.id) } }
                if entry.weight != nil {
                    diagnostics.append(
                        .error(
                            "'weight' can be tightened for one item at a time; name an 'item'",
                            at: entry.weight?.location ?? entry.location))
                    continue
                }
            }
            if let na = entry.naAllowed, na.value {
                diagnostics.append(
                    .error(
                        "'tighten' may only set 'na: false'; allowing N/A would loosen the base"
                            + " checklist", at: na.location))
                continue
            }
            for (clause, id) in targets {
                guard let items = assembly.clauses[clause]?.clause.items,
                    let index = items.firstIndex(where: { $0.id == id })
                else { continue }
                var item = items[index]
                if entry.naAllowed != nil { item.naAllowed = false }
                if let weight = entry.weight {
                    if weight.value < item.weight {
                        diagnostics.append(
                            .error(
                                "'tighten' may raise the weight of '\(id)' but not lower it"
                                    + " (\(item.weight.compactDescription) in the base, \(weight.value.compactDescription) here)",
                                at: weight.location))
                    } else {
                        item.weight = weight.value
                    }
                }
                item.documentedInformation += entry.documentedInformation
                assembly.clauses[clause]?.clause.items[index] = item
            }
            if case .clause(let number) = entry.target, entry.naAllowed != nil {
                assembly.clauses[number]?.naDefault = false
            }
        }
    }

    // MARK: - Policy

    private mutating func setPolicy(
        _ entry: ChecklistDocument.PolicyEntry, of assembly: inout Assembly
    ) {
        var policy = ScoringPolicy.standard
        policy.words = entry.words
        for (verdict, points) in entry.points { policy.points[verdict] = points.value }
        if let gates = entry.gates { policy.gates = gates.value }
        let best = policy.points.filter { $0.key != .conforming }.max { $0.value < $1.value }
        if let best, let conforming = policy.points[.conforming], best.value > conforming {
            let location = entry.points[best.key]?.location ?? entry.location
            diagnostics.append(
                .error(
                    "'\(best.key.rawValue)' earns \(best.value.compactDescription) points, more than"
                        + " 'conforming' (\(conforming.compactDescription)); conforming must earn the most",
                    at: location))
        }
        if let findings = entry.findings {
            if let grades = findings.grades { policy.findings.grades = grades.value }
            if let count = findings.escalateMinors { policy.findings.escalateMinors = count.value }
            if let days = findings.minEffectivenessDays {
                policy.findings.minEffectivenessDays = days.value
            }
            checkFindings(policy.findings, at: findings.location)
        }
        assembly.policy = policy
        assembly.policyLocation = entry.location
    }

    private mutating func checkFindings(_ findings: FindingPolicy, at location: SourceLocation) {
        for problem in findings.problems {
            diagnostics.append(.error(problem, at: location))
        }
    }

    /// An overlay may replace the grade scale, shorten the days a nonconformity class allows,
    /// lower the escalation count and withdraw plan-only verification of minors, never the
    /// reverse.
    private mutating func tightenFindings(
        _ entry: ChecklistDocument.FindingsEntry, of assembly: inout Assembly
    ) {
        let base = assembly.policy.findings
        var findings = base
        if let grades = entry.grades {
            for grade in grades.value where grade.findingClass.isNonconformity {
                let allowed =
                    base.grades.filter { $0.findingClass == grade.findingClass }
                    .map(\.days).max() ?? FindingPolicy.defaultDays
                if grade.days > allowed {
                    diagnostics.append(
                        .error(
                            "an overlay may shorten but not lengthen the days for a"
                                + " \(grade.findingClass.rawValue) nonconformity (\(allowed) in"
                                + " the base, \(grade.days) for '\(grade.id)' here)",
                            at: grades.location))
                }
            }
            findings.grades = grades.value
        }
        if let count = entry.escalateMinors {
            if count.value > base.escalateMinors {
                diagnostics.append(
                    .error(
                        "an overlay may lower 'escalate-minors' but not raise it"
                            + " (\(base.escalateMinors) in the base)", at: count.location))
            }
            findings.escalateMinors = count.value
        }
        if let days = entry.minEffectivenessDays {
            if days.value < base.minEffectivenessDays {
                diagnostics.append(
                    .error(
                        "an overlay may raise 'min-effectiveness-days' but not lower it"
                            + " (\(base.minEffectivenessDays) in the base)", at: days.location))
            }
            findings.minEffectivenessDays = days.value
        }
        checkFindings(findings, at: entry.location)
        assembly.policy.findings = findings
    }

    private mutating func tightenPolicy(
        _ entry: ChecklistDocument.PolicyEntry, of assembly: inout Assembly
    ) {
        for (verdict, points) in entry.points.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let base = assembly.policy.points[verdict] ?? ScoringPolicy.defaultPoints[verdict] ?? 0
            if verdict == .conforming && points.value != base {
                diagnostics.append(
                    .error(
                        "an overlay may not change the points for 'conforming'"
                            + " (\(base.compactDescription) in the base)", at: points.location))
            } else if points.value > base {
                diagnostics.append(
                    .error(
                        "an overlay may lower the points for '\(verdict.rawValue)' but not raise"
                            + " them (\(base.compactDescription) in the base, \(points.value.compactDescription) here)",
                        at: points.location))
            } else {
                assembly.policy.points[verdict] = points.value
            }
        }
        if let gates = entry.gates {
            let dropped = assembly.policy.gates.subtracting(gates.value)
            if dropped.isEmpty {
                assembly.policy.gates = gates.value
            } else {
                let names = dropped.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
                diagnostics.append(
                    .error(
                        "an overlay may add readiness gates but not drop them; the base has"
                            + " \(names)", at: gates.location))
            }
        }
        if let findings = entry.findings { tightenFindings(findings, of: &assembly) }
        assembly.policy.words.merge(entry.words) { _, overlay in overlay }
    }
}
