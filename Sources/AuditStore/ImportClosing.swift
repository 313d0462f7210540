public import AuditModel

/// What a source's reader hands the audit file once the whole source has been read; recorded
/// in the same transaction as the records.
public struct ImportClosing: Sendable {
    /// Answers the source holds (a filled-in checklist).
    public var answers: [Answer]
    /// A fingerprint of everything besides the source that shaped its records (importer
    /// version, rules, the checklist's clauses), recorded with the source so the next import
    /// can tell whether an unchanged file gives an unchanged record; empty for importers that
    /// do not use it.
    public var derivation: String
    /// Where the source really is (`EvidenceImporter.place(of:)`), recorded with it; empty
    /// leaves what was recorded.
    public var place: String
    /// The folder the records' relative locations are resolved against (a document folder's
    /// real path; for other sources the working folder of the import); empty leaves what was
    /// recorded.
    public var root: String

    /// Creates the closing of an import.
    public init(
        answers: [Answer] = [], derivation: String = "", place: String = "", root: String = ""
    ) {
        self.answers = answers
        self.derivation = derivation
        self.place = place
        self.root = root
    }
}
