/// One entry of an audit file's journal: an append-only, hash-chained record of every change.
public struct JournalEvent: Hashable, Sendable {
    /// The position in the journal, from 1.
    public var sequence: Int
    /// When the change was made (ISO 8601, UTC).
    public var time: String
    /// Who made it.
    public var actor: String
    /// The command that made it.
    public var command: String
    /// What changed: `audit`, `item:7.2-1`.
    public var entity: String
    /// What happened: `create`, `answer`, `change`, `clear`, `migrate`.
    public var action: String
    /// The entity before, as compact JSON, or `nil` when it did not exist.
    public var before: String?
    /// The entity after, as compact JSON, or `nil` when it no longer exists.
    public var after: String?
    /// The SHA-256 (hex) of the event before this one; 64 zeros for the first.
    public var previousHash: String
    /// The SHA-256 (hex) of this event's fields and `previousHash`.
    public var hash: String

    /// The hash of the first event's predecessor.
    public static let genesis = String(repeating: "0", count: 64)

    /// Creates a journal event.
    public init(
        sequence: Int, time: String, actor: String, command: String, entity: String,
        action: String, before: String?, after: String?, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.command = command
        self.entity = entity
        self.action = action
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
    }
}
