public import AuditModel
import Crypto

extension JournalEvent {
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
        return SHA256Hex.format(hasher.finalize())
    }
}

extension JournalEvent {
    /// The first break in a journal's hash chain, or `nil` when it holds.
    ///
    /// Events must be numbered from 1 without gaps, each must link to the hash of the one
    /// before and match its own hash, and the last must be `head`, so that removing events
    /// from the end is seen too.
    ///
    /// - Returns: a sentence naming the first problem, or `nil`.
    public static func chainProblem(_ events: [JournalEvent], head: String) -> String? {
        var previous = JournalEvent.genesis
        for (index, event) in events.enumerated() {
            if event.sequence != index + 1 {
                return "journal event \(index + 1) is missing (found \(event.sequence) next)"
            }
            if event.previousHash != previous {
                return "journal event \(event.sequence) does not link to the event before it"
            }
            if event.expectedHash != event.hash {
                return "journal event \(event.sequence) does not match its hash: it was"
                    + " changed after it was written"
            }
            previous = event.hash
        }
        if previous != head {
            return "the journal ends at event \(events.count), but its recorded head names"
                + " a different last event: events were removed"
        }
        return nil
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
        format(SHA256.hash(data: Array(bytes)))
    }

    static func format(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
