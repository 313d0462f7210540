import AuditModel
import AuditReport
import AuditStore
import EvidenceFiles

/// Everything the score, the gap analysis and the pack read from an audit file, read once;
/// the evidence is read a record at a time and kept as the gap analysis's digest.
struct AuditSnapshot {
    /// How the evidence files are checked.
    enum FileCheck {
        /// Size and modification time only (one `stat` per file).
        case quick
        /// Re-hash every file.
        case rehash
    }

    let info: AuditInfo
    let checklist: Checklist
    let responses: [String: Response]
    let register: FindingRegister
    let evidence: AuditFileRegister
    let links: [String: [String]]
    let gaps: GapAnalysis
    let card: ScoreCard

    /// Reads `file` and analyses it as of `asOf`.
    init(_ file: AuditFile, asOf: CalendarDate, check: FileCheck = .quick) throws {
        info = try file.info()
        checklist = try file.checklist()
        responses = try file.responses()
        register = try file.findingRegister()
        links = try file.links()
        evidence = try AuditFileRegister(file, check: check)
        var digest = EvidenceDigest(checklist: checklist, links: links, asOf: asOf)
        try evidence.forEachEvidence { digest.add($0, fileState: $1) }
        gaps = GapAnalysis(checklist: checklist, responses: responses, digest: digest)
        card = ScoreCard(
            checklist: checklist, responses: responses, register: register, gaps: gaps)
    }

    /// The Stage 1 pack of this snapshot, with the journal of `file`.
    func stageOnePack(
        journal: [JournalEvent], asOf: CalendarDate, copyEvidence: Bool
    ) -> StageOnePack {
        StageOnePack(
            info: info, checklist: checklist, responses: responses, register: register,
            evidence: evidence, links: links, journal: journal, asOf: asOf,
            copyEvidence: copyEvidence, toolVersion: ToolVersion.current)
    }
}

/// An audit file's evidence as the analyses and the pack read it: a record at a time, each
/// file checked as it passes (or, re-hashing, all files first on every core).
struct AuditFileRegister: EvidenceRegister {
    let file: AuditFile
    /// The re-hashed files that changed or are missing, by id; `nil` for the quick check.
    private let rehashed: [String: EvidenceFileState]?

    /// The evidence of `file`, its files checked as `check` says.
    init(_ file: AuditFile, check: AuditSnapshot.FileCheck) throws {
        self.file = file
        switch check {
        case .quick: rehashed = nil
        case .rehash:
            var files: [EvidenceFileCheck.HashedFile] = []
            try file.forEachEvidence { record in
                if let hashed = EvidenceFileCheck.HashedFile(record) { files.append(hashed) }
            }
            rehashed = EvidenceFileCheck.rehash(files)
        }
    }

    func forEachEvidence(_ body: (Evidence, EvidenceFileState?) throws -> Void) throws {
        try file.forEachEvidence { record in
            try body(
                record, rehashed.map { $0[record.id] } ?? EvidenceFileCheck.quickState(of: record))
        }
    }

    func evidence(ids: Set<String>) throws -> [Evidence] { try file.evidence(ids: ids) }

    func journalHead() throws -> String { try file.journalHead() }
}
