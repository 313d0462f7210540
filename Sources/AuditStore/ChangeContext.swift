/// Who is making a change, with which command, and when: what the journal records.
public struct ChangeContext: Sendable {
    /// The person or process making the change.
    public var actor: String
    /// The command line that made it, for example `answer 7.2-1 --verdict minor`.
    public var command: String
    /// When, as ISO 8601 UTC (`2026-11-22T09:30:00Z`).
    public var time: String

    /// Creates a change context.
    public init(actor: String, command: String, time: String) {
        self.actor = actor
        self.command = command
        self.time = time
    }
}
