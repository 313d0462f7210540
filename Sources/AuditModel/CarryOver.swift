/// How answers carried from an audit on an older checklist are marked until an auditor
/// answers the item again.
public enum CarryOver {
    /// The mark put before a carried answer's note: `[carried over from the audit on
    /// iso9001-2015, to be confirmed]`.
    public static func marker(from checklist: Checklist) -> String {
        "[carried over from the audit on \(checklist.id), to be confirmed]"
    }

    /// Whether `note` is a carried answer's, not yet confirmed.
    public static func isCarried(_ note: String) -> Bool {
        note.hasPrefix("[carried over from the audit on ") && note.contains(", to be confirmed]")
    }
}

/// What `init --carry-over` carried from an audit on an older checklist into a new one.
public struct CarryOverOutcome: Hashable, Sendable {
    /// Answers carried, by new item id (an old answer whose item was split is carried to each
    /// part), each marked to be confirmed.
    public var answers: [String] = []
    /// Old items whose answer went nowhere (withdrawn).
    public var answersLeft: [String] = []
    /// New items nothing was carried to: they start unanswered.
    public var newItems: [String] = []
    /// Evidence records carried (their ids are kept).
    public var evidence = 0
    /// Links between evidence and items carried.
    public var links = 0
    /// Open nonconformities carried with their corrective actions (their ids are kept).
    public var findings: [String] = []
    /// Closed nonconformities carried as the record of the answers that raised them.
    public var closedFindings: [String] = []

    /// An empty outcome.
    public init() {}
}
