import AuditModel

/// How a command's change to a corrective-action record is judged, wherever the record is
/// kept: in an audit file or on a programme.
enum ActionChange {
    /// `before` as `body` changes it, closing details filled in and its dates judged on the
    /// whole record as it would be.
    ///
    /// - Throws: `AuditStoreError.findingRefused` for a final record, `ActionRefusal` for
    ///   dates out of order, or what `body` throws.
    static func apply(
        _ before: CorrectiveAction, finding: Finding, policy: FindingPolicy,
        context: ChangeContext,
        _ body: (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void
    ) throws -> CorrectiveAction {
        if before.state.isFinal {
            throw AuditStoreError.findingRefused(
                "the corrective action of \(finding.id) is \(before.state.rawValue);"
                    + " closed and cancelled records are final")
        }
        var after = before
        try body(&after, finding, policy)
        if after.state.isFinal && !before.state.isFinal {
            after.closedAt = context.time
            after.closedBy = context.actor
        }
        let today = CalendarDate(context.time) ?? CalendarDate(Timestamp.now()) ?? .init(day: 0)
        let dates = after.dateRefusals(
            finding: finding, today: today, closing: after.state == .closed)
        if !dates.isEmpty {
            throw ActionRefusal(
                findingID: finding.id, target: after.state, refusals: dates,
                staying: after.state == before.state)
        }
        return after
    }
}
