public import AuditModel

/// What `init --carry-over` carried, in words.
public enum CarryOverRenderer {
    /// A few lines: what was carried, what starts unanswered, what was left behind.
    public static func summary(_ outcome: CarryOverOutcome, from path: String, checklist: Checklist)
        -> String
    {
        func list(_ ids: [String]) -> String {
            ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", …" : "")
        }
        var lines = [
            "carried over from \(path): \(outcome.answers.count.counted("answer")) (marked to be"
                + " confirmed), \(outcome.evidence.counted("evidence record")),"
                + " \(outcome.links.counted("link")) to items,"
                + " \(outcome.findings.count.counted("open nonconformity", plural: "open nonconformities"))"
                + (outcome.findings.isEmpty ? "" : " (\(list(outcome.findings)))")
                + (outcome.closedFindings.isEmpty
                    ? ""
                    : " and \(outcome.closedFindings.count) closed (\(list(outcome.closedFindings)))")
        ]
        if !outcome.newItems.isEmpty {
            lines.append(
                "new in \(checklist.id), unanswered: \(outcome.newItems.count.counted("item"))"
                    + " (\(list(outcome.newItems)))")
        }
        if !outcome.answersLeft.isEmpty {
            lines.append(
                "left behind (their items are withdrawn): \(list(outcome.answersLeft))")
        }
        return lines.joined(separator: "\n")
    }
}
