public import AuditModel

/// An audit's evidence as the pack reads it: a record at a time, in id order, so a register
/// of a million records is packed without holding it.
///
/// The pack reads the register twice (once to copy and judge the files, once per register
/// file); the journal's head, read again before the pack is finished, shows that no change
/// came in between.
public protocol EvidenceRegister: Sendable {
    /// Hands every record, in id order, with the state of its file (`nil`: as imported, or no
    /// file to check) to `body`.
    func forEachEvidence(_ body: (Evidence, EvidenceFileState?) throws -> Void) throws
    /// The records with these ids, in id order; ids with no record are left out.
    func evidence(ids: Set<String>) throws -> [Evidence]
    /// The hash of the audit's last journal event, now.
    func journalHead() throws -> String
}
