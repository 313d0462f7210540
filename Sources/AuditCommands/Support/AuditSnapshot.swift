import AuditModel
import AuditReport
import AuditStore
import EvidenceFiles

/// Everything the score, the gap analysis and the pack read from an audit file, read once.
struct AuditSnapshot {
    /// How the evidence files are checked.
    enum FileCheck {
        /// Size and modification time only (one `stat` per file).
        case quick
        /// Re-hash every file.
        case rehash
        /// Already known (the pack hashes the files it copies).
        case given([String: EvidenceFileState])
    }

    let info: AuditInfo
    let checklist: Checklist
    let responses: [String: Response]
    let register: FindingRegister
    let evidence: [Evidence]
    let links: [String: [String]]
    let fileStates: [String: EvidenceFileState]
    let gaps: GapAnalysis
    let card: ScoreCard

    /// Reads `file` and analyses it as of `asOf`.
    init(_ file: AuditFile, asOf: CalendarDate, check: FileCheck = .quick) throws {
        info = try file.info()
        checklist = try file.checklist()
        responses = try file.responses()
        register = try file.findingRegister()
        evidence = try file.evidence()
        links = try file.links()
        switch check {
        case .quick: fileStates = EvidenceFileCheck.quickCheck(evidence)
        case .rehash: fileStates = EvidenceFileCheck.fileStates(EvidenceFileCheck.verify(evidence))
        case .given(let states): fileStates = states
        }
        gaps = GapAnalysis(
            checklist: checklist, responses: responses, evidence: evidence, links: links,
            fileStates: fileStates, asOf: asOf)
        card = ScoreCard(
            checklist: checklist, responses: responses, register: register, gaps: gaps)
    }

    /// The Stage 1 pack of this snapshot, with the journal of `file`.
    func stageOnePack(
        journal: [JournalEvent], asOf: CalendarDate, copyEvidence: Bool
    ) -> StageOnePack {
        StageOnePack(
            info: info, checklist: checklist, responses: responses, register: register,
            evidence: evidence, links: links, fileStates: fileStates, journal: journal,
            asOf: asOf, copyEvidence: copyEvidence, toolVersion: ToolVersion.current)
    }
}
