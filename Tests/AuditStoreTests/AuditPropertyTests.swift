import AuditModel
import AuditTestSupport
import Foundation
import Testing

@testable import AuditStore

/// Any sequence of answers, clearings, findings raised, edited and withdrawn, and corrective
/// actions moved — refused ones included — leaves a journal whose chain holds and from which
/// the audit can be recomputed: the answers, findings and actions its last events record are
/// the ones the file holds, and so is the score.
@Suite struct AuditPropertyTests {
    static let verdicts: [Verdict] = [
        .conforming, .conforming, .observation, .ofi, .minor, .major, .na, .notArisen,
        .nonconforming,
    ]
    static let states: [ActionState] = [
        .contained, .causeFound, .planned, .implemented, .verified, .closed, .cancelled,
    ]

    @Test(arguments: 0..<12)
    func everySequenceKeepsTheJournalAndTheScore(seed: Int) throws {
        let folder = TemporaryDirectory()
        let file = try AuditFileTests.make(folder)
        let checklist = try file.checklist()
        let items = checklist.items
        var random = SeededGenerator(state: UInt64(seed) &* 7919 &+ 17)
        for step in 0..<60 {
            let context = ChangeContext(
                actor: "auditor \(step % 3)", command: "step \(step)",
                time: "2026-11-22T10:\(String(format: "%02d", step % 60)):00Z")
            let before = try file.journal().count
            let item = items.randomElement(using: &random) ?? items[0]
            let findings = try file.findingRegister().findings.filter { !$0.isWithdrawn }
            let finding = findings.randomElement(using: &random)
            do {
                switch Int.random(in: 0..<10, using: &random) {
                case 0...3:
                    let verdict = Self.verdicts.randomElement(using: &random) ?? .conforming
                    let needsReason = verdict == .na || verdict == .notArisen
                    try file.record(
                        [
                            Answer(
                                itemID: item.id, verdict: verdict, note: "note \(step)",
                                justification: needsReason ? "reason \(step)" : "")
                        ], context: context)
                case 4:
                    try file.record([], clearing: [item.id], context: context)
                case 5:
                    let grade = ["minor", "major", "observation", "ofi"].randomElement(
                        using: &random)
                    try file.raise(
                        .init(
                            grade: grade ?? "minor", clause: item.clause,
                            statement: "statement \(step)"), context: context)
                case 6:
                    guard let finding else { continue }
                    try file.editFinding(
                        finding.id, .init(evidence: "seen \(step)", statement: "edited \(step)"),
                        context: context)
                case 7:
                    guard let finding else { continue }
                    try file.withdrawFinding(finding.id, reason: "step \(step)", context: context)
                default:
                    guard let finding, finding.isNonconformity else { continue }
                    let target = Self.states.randomElement(using: &random) ?? .contained
                    try file.changeAction(finding.id, action: "update", context: context) {
                        action, finding, policy in
                        if Bool.random(using: &random) { action.correction = "corrected \(step)" }
                        try action.move(to: target, finding: finding, policy: policy)
                    }
                }
            } catch is ActionRefusal {
                #expect(try file.journal().count == before, "a refused move writes nothing")
            } catch let error as AuditStoreError {
                switch error {
                case .findingRefused, .answersRefused:
                    #expect(try file.journal().count == before, "refused: \(error)")
                default: throw error
                }
            }
        }
        #expect(try file.journal().count > 40, "the sequence did things")
        #expect(try !file.findingRegister().findings.isEmpty)
        let verification = try file.verifyJournal()
        #expect(verification.isIntact, "\(verification.problem ?? "")")
        let replayed = try Self.replay(file.journal())
        let responses = try file.responses()
        #expect(replayed.responses == responses)
        let register = try file.findingRegister()
        #expect(
            replayed.findings.sorted { $0.id < $1.id } == register.findings.sorted { $0.id < $1.id }
        )
        #expect(replayed.actions == register.actions)
        let fromJournal = ScoreCard(
            checklist: checklist, responses: replayed.responses,
            register: FindingRegister(findings: register.findings, actions: replayed.actions))
        #expect(
            fromJournal == ScoreCard(checklist: checklist, responses: responses, register: register)
        )
    }

    /// The answers, findings and actions as the journal's last event for each records them.
    static func replay(_ journal: [JournalEvent]) throws -> (
        responses: [String: Response], findings: [Finding], actions: [String: CorrectiveAction]
    ) {
        var responses: [String: Response] = [:]
        var findings: [String: Finding] = [:]
        var actions: [String: CorrectiveAction] = [:]
        let decoder = JSONDecoder()
        for event in journal {
            let after = event.after.map { Data($0.utf8) }
            if event.entity.hasPrefix("item:") {
                let item = String(event.entity.dropFirst(5))
                guard let after else {
                    responses[item] = nil
                    continue
                }
                let object = try #require(
                    try JSONSerialization.jsonObject(with: after) as? [String: String])
                responses[item] = Response(
                    itemID: item, verdict: try #require(Verdict(rawValue: object["verdict"] ?? "")),
                    note: object["note"] ?? "", justification: object["justification"] ?? "",
                    sample: object["sample"] ?? "", answeredAt: object["answered_at"] ?? "",
                    answeredBy: object["answered_by"] ?? "")
            } else if event.entity.hasPrefix("finding:"), let after {
                let finding = try decoder.decode(Finding.self, from: after)
                findings[finding.id] = finding
            } else if event.entity.hasPrefix("action:"), let after {
                let action = try decoder.decode(CorrectiveAction.self, from: after)
                actions[action.findingID] = action
            }
        }
        return (responses, Array(findings.values), actions)
    }
}
