import AuditChecklists
import AuditModel
import AuditReport
import AuditStore
import Foundation

extension DemoStory {
    var transitionPath: String { out + "/acme-widgets-2026.qmsaudit" }

    /// The move to the 2026 edition: what the draft changes, what this audit does not cover
    /// yet, and the audit carried over onto the draft checklist, answers to be confirmed.
    func transition(main: AuditFile) throws {
        Console.print(
            "\n11. The move to ISO 9001:2026 (a DRAFT edition: check it against the published standard)\n\n"
        )
        let old = try main.checklist()
        let new = try ChecklistCatalog.checklist("iso9001-2026-draft")
        let diff = ChecklistDiff(old: old, new: new)
        say(
            0, Self.command("checklist", "diff", old.id, new.id),
            "\(diff.clauses.count.counted("clause change")), \(diff.items.count.counted("item change")): "
                + diff.items.filter { $0.kind == .added }.map { "\($0.id) new" }.joined(
                    separator: ", ")
                + "; "
                + diff.clauses.map { "\($0.old?.description ?? "") \($0.kind.rawValue)" }
                .joined(separator: ", "))
        let view = try main.transition(to: new)
        say(
            0, Self.command("gaps", "--transition", new.id, "--audit", path),
            "\(view.changes.count.counted("change")), \(view.open.count) not yet covered: "
                + view.open.prefix(4).map { "\($0.clause) \($0.change)" }.joined(separator: " · ")
                + (view.open.count > 4 ? "; …" : ""))
        try? FileManager.default.removeItem(atPath: transitionPath)
        let command = Self.command(
            "init", "--carry-over", path, "--checklist", new.id, "--out", transitionPath)
        let (_, outcome) = try AuditFile.create(
            at: transitionPath,
            audit: AuditFile.NewAudit(continuing: try main.info()),
            checklist: new, carryingOver: path,
            context: context(0, "17:00", by: Self.lead, command))
        say(
            0, command,
            CarryOverRenderer.summary(outcome, from: path, checklist: new)
                .replacingOccurrences(of: "\n", with: "; "))
        Console.print("")
    }
}
