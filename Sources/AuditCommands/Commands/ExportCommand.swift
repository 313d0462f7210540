import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import Foundation

/// `qmsaudit export`: the audit in a format other programs read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole audit as JSON, or its results and open actions as OSCAL.",
        discussion: """
            --format json writes everything the audit file holds — metadata, the checklist \
            with its SHA-256, answers, findings, corrective actions with their steps and \
            verifications, evidence sources, imports and records, links, the audit's \
            records (plan, profile, report, programme) and the journal — as one \
            qmsaudit-audit/1 document (schemas/qmsaudit-audit-1.schema.json). Members and rows \
            come in a fixed order, one row a line, so two exports of the same audit are the \
            same byte for byte and a diff shows what changed. 'qmsaudit init --from-json FILE' \
            rebuilds the audit file from it.

            The export is read from one snapshot of the audit and written a row at a time; \
            with --out it is written under a temporary name and renamed into place when \
            complete.

            --format oscal-ar writes an OSCAL 1.1 assessment-results document (JSON): the \
            audit as one result, each answered item an observation (methods from the kinds \
            of its evidence: documents and records EXAMINE, interviews INTERVIEW, \
            observations TEST), each finding a finding whose target is the clause \
            (control id clause-N.N, not-satisfied for nonconformities), each nonconformity \
            a risk, and the evidence as back-matter resources with their SHA-256. \
            --format oscal-poam writes a plan of action and milestones: a POA&M item and a \
            risk per open nonconformity, its corrective action as the remediation and its \
            steps as tasks due on their dates; with no open nonconformity there is nothing \
            to plan and nothing is written (exit 1). UUIDs are derived from the audit's id, \
            so every export of the same audit names the same things alike.

            Examples:
              qmsaudit export --format json --out acme-2026.json
              qmsaudit export --format json | jq '.findings[] | select(.class == "major")'
              qmsaudit export --format oscal-ar --out results.oscal.json
              qmsaudit export --format oscal-poam --out poam.oscal.json
            """
    )

    @Option(
        help: ArgumentHelp(
            "json (the whole audit, qmsaudit-audit/1), oscal-ar (assessment results) or"
                + " oscal-poam (plan of action and milestones)."))
    var format: ExportFormat = .json

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        if format != .json {
            try oscal(file)
            return
        }
        guard let out else {
            try file.exportJSON(emit: Console.write)
            return
        }
        let summary = try file.exportJSON(to: out)
        Console.print(
            "wrote \(out): \(summary.rows("responses").counted("answer")), "
                + "\(summary.rows("findings").counted("finding")), "
                + "\(summary.rows("evidence").counted("evidence record")), "
                + "\(summary.journalEvents.counted("journal event"))")
    }

    private func oscal(_ file: AuditFile) throws {
        let input = try OSCALInput(file)
        let document: JSONValue
        if format == .oscalAR {
            document = OSCALExport.assessmentResults(input)
        } else {
            guard let plan = OSCALExport.planOfActionAndMilestones(input) else {
                Console.printError(
                    "no open nonconformity: there is nothing to plan, and OSCAL has no empty"
                        + " plan of action and milestones; nothing was written")
                throw ExitCode(1)
            }
            document = plan
        }
        guard let out else {
            Console.write(document.rendered())
            return
        }
        do {
            try document.rendered().write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw CommandError.cannotWrite(path: out, reason: error.localizedDescription)
        }
        Console.print(
            "wrote \(out): OSCAL \(OSCALExport.version) "
                + (format == .oscalAR
                    ? "assessment results (\(input.responses.count.counted("observation")), "
                        + "\(input.register.findings.filter { !$0.isWithdrawn }.count.counted("finding")))"
                    : "plan of action and milestones"
                        + " (\(OSCALExport.openNonconformities(input).count.counted("POA&M item")))")
        )
    }
}

/// What `qmsaudit export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case oscalAR = "oscal-ar"
    case oscalPOAM = "oscal-poam"
}
