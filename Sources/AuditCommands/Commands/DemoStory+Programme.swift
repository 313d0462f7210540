import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport
import AuditStore
import Foundation

extension DemoStory {
    static let cbLead = "M. Brandt (Certa Ltd)"

    var programmePath: String { out + "/acme.qmsprog" }

    /// The programme above the audit: the process model, the auditors, the audits of the
    /// cycle, a second internal audit by another auditor in a file of its own, the
    /// certification body's Stage 1 and Stage 2 with its findings — one repeating an internal
    /// one — then the review input and the programme pack.
    func programme(main: AuditFile) throws {
        Console.print("10. The audit programme and the certification cycle\n\n")
        let setUp = context(90, "09:00", by: Self.manager, Self.command("programme", "init", "…"))
        try? FileManager.default.removeItem(atPath: programmePath)
        let programme = try ProgrammeStore.create(
            at: programmePath, organisation: "Acme Widgets Ltd",
            scope: "Manufacture of precision widgets to customer drawings, Leeds and Bradford",
            checklist: try ChecklistCatalog.checklist("iso9001-2015"), context: setUp)
        let processes = [
            ProgrammeProcess(
                id: "management", name: "Management", clauses: ["4", "5", "6", "9", "10"].clauses,
                owner: "T. Hardy"),
            ProgrammeProcess(
                id: "support", name: "Support",
                clauses: ["7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.2", "7.3", "7.4", "7.5"].clauses,
                owner: Self.manager),
            ProgrammeProcess(
                id: "sales", name: "Sales and design review",
                clauses: ["8.1", "8.2", "8.3"].clauses,
                owner: "K. Lee"),
            ProgrammeProcess(
                id: "purchasing", name: "Purchasing", clauses: ["8.4", "7.1.6"].clauses,
                owner: "R. Patel"),
            ProgrammeProcess(
                id: "production", name: "Production and dispatch",
                clauses: ["8.5", "8.6", "8.7", "7.1.5"].clauses, owner: "D. Okoro", highRisk: true),
        ]
        for process in processes { try programme.saveProcess(process, context: setUp) }
        try programme.saveAuditor(
            ProgrammeAuditor(name: Self.lead, competence: "IRCA lead auditor, contracted"),
            context: setUp)
        try programme.saveAuditor(
            ProgrammeAuditor(
                name: "R. Patel", processes: ["purchasing"],
                competence: "internal auditor course 2025"), context: setUp)
        try programme.savePlannedAudits(
            [
                PlannedAudit(
                    id: "IA-2026-11", type: .internal,
                    processes: processes.map(\.id), sites: ["Leeds", "Bradford"], planned: day(67),
                    lead: Self.lead, team: ["R. Patel"]),
                PlannedAudit(
                    id: "IA-2026-12", type: .internal, processes: ["production"],
                    sites: ["Bradford"], planned: day(45), lead: "R. Patel"),
                PlannedAudit(
                    id: "S1-2027", type: .stage1,
                    clauses: ["4", "5", "6", "7", "8", "9", "10"].clauses,
                    planned: day(21), lead: Self.cbLead),
                PlannedAudit(
                    id: "S2-2027", type: .stage2,
                    clauses: ["4", "5", "6", "7", "8", "9", "10"].clauses,
                    planned: day(3), lead: Self.cbLead),
                PlannedAudit(
                    id: "IA-2027-05", type: .internal, processes: ["purchasing", "sales"],
                    planned: day(-120), lead: Self.lead),
            ], context: setUp)
        try programme.saveCycle(
            CertificationCycle(body: "Certa Ltd", stage1: day(21), stage2: day(3)), context: setUp)
        say(
            90,
            Self.command(
                "programme", "process", "add", "Purchasing", "--clauses", "8.4,7.1.6", "…"),
            "5 processes, 2 auditors, 5 audits planned, the certification body's Stage 1 and"
                + " Stage 2 dates")
        // The second internal audit: R. Patel's own file, on his laptop.
        let second = try audit(
            "IA-2026-12", file: "ia-2026-12.qmsaudit", in: programme, days: 45, by: "R. Patel")
        try second.changePlan(context: context(45, "08:30", by: "R. Patel", "audit plan")) {
            $0.start = day(45)
            $0.end = day(45)
        }
        try second.record(
            [
                Answer(itemID: "8.5.1-1", verdict: .conforming),
                Answer(itemID: "8.5.2-1", verdict: .conforming),
                Answer(
                    itemID: "8.5.4-1", verdict: .observation,
                    note: "Pallets of finished widgets wait uncovered by the open loading bay."),
                Answer(itemID: "8.6-1", verdict: .conforming),
                Answer(itemID: "8.7.1-1", verdict: .conforming),
            ], context: context(45, "11:00", by: "R. Patel", "answer --from bradford.csv"))
        say(
            45, Self.command("init", "--programme", programmePath, "--audit-id", "IA-2026-12", "…"),
            "R. Patel audits production at Bradford in a file of his own: 5 answers, 1 observation")
        // The certification body's visits.
        let stage1 = try audit(
            "S1-2027", file: "s1-2027.qmsaudit", in: programme, days: 21, by: Self.cbLead)
        try stage1.raise(
            AuditFile.NewFinding(
                grade: "observation", clause: ClauseNumber("9.2.2"),
                statement:
                    "Area of concern for Stage 2: the audit programme had not reached the"
                    + " Bradford warehouse before November 2026.", reference: "Certa-S1-AoC-1"),
            context: context(21, "15:00", by: Self.cbLead, "finding add --reference Certa-S1-AoC-1")
        )
        say(
            21,
            Self.command(
                "finding", "add", "--grade", "observation", "--reference", "Certa-S1-AoC-1", "…"),
            "Stage 1 by Certa Ltd: one area of concern, in the certification body's own numbering")
        let stage2 = try audit(
            "S2-2027", file: "s2-2027.qmsaudit", in: programme, days: 3, by: Self.cbLead)
        let certaMinor = try stage2.raise(
            AuditFile.NewFinding(
                grade: "minor", clause: ClauseNumber("8.4.1"),
                requirement: "8.4.1: external providers are re-evaluated against set criteria",
                evidence: "Approved supplier list 2027: Hartley Castings re-approved with 9 % late"
                    + " deliveries, above the 5 % limit",
                statement: "A supplier was re-approved without its evaluation being acted on.",
                reference: "Certa-S2-NC-1", due: day(-60)),
            context: context(3, "16:00", by: Self.cbLead, "finding add --reference Certa-S2-NC-1"))
        say(
            3,
            Self.command(
                "finding", "add", "--grade", "minor", "--reference", "Certa-S2-NC-1", "--due",
                "\(day(-60))", "…"),
            "Stage 2 by Certa Ltd: a minor on supplier re-evaluation, due by the date the body set")
        // Everything comes together in the programme.
        let attach = context(1, "09:00", by: Self.manager, "programme attach")
        var lines: [String] = []
        for (file, id) in [(main, "IA-2026-11"), (second, nil), (stage1, nil), (stage2, nil)] {
            let outcome = try programme.attach(
                file, as: id, ownProcessReason: nil, context: attach)
            lines.append("\(outcome.auditID) \(outcome.answers)/\(outcome.findings)")
        }
        say(
            1, Self.command("programme", "attach", path, "--audit-id", "IA-2026-11", "…"),
            "4 audits attached (answers/findings: " + lines.joined(separator: ", ") + ")")
        // The team follows the body's minor on the programme; the Stage 2 file gets it back.
        try programme.changeAction(
            auditID: "S2-2027", findingID: certaMinor.id, action: "update",
            context: context(1, "11:00", by: Self.manager, "action update --audit-id S2-2027")
        ) { action, finding, policy in
            action.owner = Self.manager
            action.correction = "Hartley Castings on probation: every delivery checked on arrival"
            action.correctionDate = day(1)
            try action.move(to: .contained, finding: finding, policy: policy)
        }
        say(
            1,
            Self.command(
                "action", "update", certaMinor.id, "--audit-id", "S2-2027", "--correction", "…",
                "--state", "contained"),
            "the team follows Certa's minor on the programme: contained")
        let pulled = try programme.pullActions(
            into: stage2, replace: false,
            context: context(1, "11:05", by: Self.manager, "programme pull s2-2027.qmsaudit"))
        say(
            1, Self.command("programme", "pull", "s2-2027.qmsaudit"),
            "\(pulled.taken.count.counted("corrective action")) brought back into the Stage 2"
                + " file, for its reports")
        let state = try programme.state()
        let findings = ProgrammeFindings(state, today: end)
        let repeats = findings.entries.filter { !$0.repeats.isEmpty }
        say(
            0, Self.command("programme", "findings", "--repeats"),
            repeats.map {
                "\($0.auditID)/\($0.finding.id) repeats " + $0.repeats.joined(separator: ", ")
            }
            .joined(separator: "; "))
        let coverage = ProgrammeCoverage(state, year: nil)
        say(
            0, Self.command("programme", "coverage"),
            "\(coverage.clauses.count - coverage.uncoveredClauses.count) of"
                + " \(coverage.clauses.count) clauses and"
                + " \(coverage.processes.count - coverage.uncoveredProcesses.count) of"
                + " \(coverage.processes.count) processes covered")
        let review = ReviewInputDocument(ReviewInput(state, today: end))
        for format in [ReviewInputDocument.Format.html, .md] {
            let target = out + "/review-input." + format.rawValue
            try Data(review.render(format).utf8).write(
                to: URL(fileURLWithPath: target), options: .atomic)
            say(
                0,
                Self.command(
                    "programme", "review-input", "--format", format.rawValue, "--out", target),
                "written: the management review input of 9.3.2")
        }
        let snapshot = try AuditSnapshot(main, asOf: end)
        var stageOne = snapshot.stageOnePack(
            journal: try main.journal(), asOf: end, copyEvidence: false)
        stageOne.profile = try main.profile()
        stageOne.plan = try main.plan()
        let planned = state.planned.sorted {
            ($0.planned?.day ?? .max, $0.id) < ($1.planned?.day ?? .max, $1.id)
        }
        stageOne.supplements = [
            ("programme/plan.csv", ProgrammeRenderer.plan(planned, format: .csv)),
            ("programme/coverage.md", ProgrammeRenderer.coverage(coverage, format: .md)),
            ("programme/review-input.html", review.render(.html)),
        ]
        let folder = out + "/programme-pack"
        let summary = try stageOne.write(folder: folder, zip: nil)
        let verified = try PackVerifier.verify(
            path: folder, chainProblem: { JournalEvent.chainProblem($0, head: $1) })
        say(
            0, Self.command("programme", "pack", "--audit", path, "--out", folder),
            "\(summary.files.count.counted("file")) with programme/; pack verify: "
                + (verified.isIntact ? "intact" : "PROBLEMS"))
        if !verified.isIntact { throw ExitCode(1) }
        Console.print("")
    }

    /// An audit file made from the programme's plan, as `init --programme` makes it.
    private func audit(
        _ id: String, file name: String, in programme: ProgrammeStore, days: Int, by actor: String
    ) throws -> AuditFile {
        let state = try programme.state()
        guard let planned = state.plannedAudit(id) else { throw ProgrammeError.refused(id) }
        let target = out + "/" + name
        try? FileManager.default.removeItem(atPath: target)
        var checklist = try programme.checklist()
        let scope = planned.scope(state.processes)
        if !scope.isEmpty { checklist = checklist.restricted(to: scope) }
        return try AuditFile.create(
            at: target,
            audit: .init(
                organisation: state.info.organisation, scope: "\(id): audit of the programme",
                sites: planned.sites, type: AuditType(rawValue: planned.type.rawValue) ?? .internal,
                auditors: [planned.lead] + planned.team,
                programme: ProgrammeLink(
                    programmeID: state.info.id, auditID: id,
                    nextVisit: planned.type.isCertificationBody
                        ? state.nextVisit(after: planned) : nil)),
            checklist: checklist,
            context: context(
                days, "08:00", by: actor,
                Self.command("init", "--programme", programmePath, "--audit-id", id)))
    }
}

extension Array where Element == String {
    /// Clause numbers written as text, the malformed left out.
    fileprivate var clauses: [ClauseNumber] { compactMap { ClauseNumber($0) } }
}
