import Crypto

/// One entry of the audit file's journal: an append-only, hash-chained record of every change.
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

    /// The hash this event should carry, computed from its fields.
    ///
    /// Each field is written as its UTF-8 length, a colon and the bytes, so no two different
    /// events can produce the same input.
    public var expectedHash: String {
        let fields = [
            String(sequence), time, actor, command, entity, action, before ?? "\u{0}",
            after ?? "\u{0}", previousHash,
        ]
        var hasher = SHA256()
        for field in fields {
            hasher.update(data: Array("\(field.utf8.count):".utf8))
            hasher.update(data: Array(field.utf8))
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// The result of checking the journal's hash chain.
public struct JournalVerification: Sendable {
    /// How many events were checked.
    public var events: Int
    /// The hash of the last event.
    public var head: String
    /// The first problem found, or `nil` when the chain holds.
    public var problem: String?

    /// Whether the chain holds.
    public var isIntact: Bool { problem == nil }
}

/// SHA-256 in lowercase hex, for the journal and the stored checklist.
enum SHA256Hex {
    static func of(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
