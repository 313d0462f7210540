public import AuditModel

/// Describes a checklist in a few lines: what `qmsaudit demo` prints for each checklist.
public enum ChecklistSummaryRenderer {
    /// A short multi-line description of `checklist`, with its validation result.
    ///
    /// - Parameters:
    ///   - checklist: the resolved checklist.
    ///   - warnings: how many warnings validation reported.
    ///   - base: the checklist it extends, resolved, to describe what the overlay changes.
    /// - Returns: the description, ending with a newline.
    public static func render(_ checklist: Checklist, warnings: Int, base: Checklist? = nil)
        -> String
    {
        let summary = ChecklistSummary(checklist)
        var lines = ["\(checklist.id) — \(checklist.title)"]
        var origin = "  \(checklist.edition), revision \(checklist.revision)"
        if let base = checklist.base { origin += ", extends \(base)" }
        lines.append(origin)
        lines.append("  valid: 0 errors, \(warnings.counted("warning"))")
        lines.append(
            "  \(summary.clauses) clauses (\(summary.clausesWithItems) with items),"
                + " \(summary.items) items, total weight \(summary.totalWeight.compactDescription)")
        let sections = summary.itemsBySection.map { "\($0.section): \($0.items)" }
        lines.append("  items by clause: " + sections.joined(separator: ", "))
        let stages = [Stage.one, .two, .both].map { stage in
            let label = stage == .both ? "both stages" : "stage \(stage.rawValue) only"
            return "\(summary.itemsByStage[stage] ?? 0) \(label)"
        }
        lines.append("  " + stages.joined(separator: ", "))
        let naClauses = summary.naClauses.map(\.description).joined(separator: ", ")
        lines.append(
            "  N/A allowed on \(summary.naAllowed) items"
                + (naClauses.isEmpty ? "" : " (\(naClauses))"))
        lines.append(
            "  mandatory documented information: \(summary.maintain) to maintain,"
                + " \(summary.retain) to retain (\(summary.conditional) conditional)")
        if let base {
            let baseIDs = Set(base.items.map(\.id))
            let ownIDs = Set(checklist.items.map(\.id))
            let added = ownIDs.subtracting(baseIDs).count
            let removed = baseIDs.subtracting(ownIDs).count
            let tightened = checklist.items.filter { item in
                guard let old = base.item(item.id) else { return false }
                return old != item
            }.count
            lines.append(
                "  over \(base.id): \(added) items added, \(removed) removed,"
                    + " \(tightened) tightened")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
