import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport
import AuditStore
import CSVImporter
import DirectoryImporter
import Foundation
import ImportKit

/// `qmsaudit demo`: shows what qmsaudit does, on the bundled checklists and the example
/// organisation in `examples/acme-widgets`.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Validate the bundled checklists, then audit the example organisation.",
        discussion: """
            The demo validates and summarises every bundled checklist, then creates an audit \
            of Acme Widgets Ltd in the output folder, records the answers from \
            EXAMPLES/answers.csv, imports its evidence register and document folder, prints \
            the score and verifies the journal. Findings, gap analysis and the Stage 1 pack are \
            not built yet; the demo will grow with them.
            """
    )

    @Option(help: ArgumentHelp("The example organisation's folder.", valueName: "dir"))
    var examples = "examples/acme-widgets"

    @Option(help: ArgumentHelp("Where the demo writes its audit file.", valueName: "dir"))
    var out = "demo-output"

    func run() throws {
        Console.print("qmsaudit \(ToolVersion.current) demo\n\n1. The bundled checklists\n\n")
        try summariseChecklists()
        let answers = examples + "/answers.csv"
        guard FileManager.default.fileExists(atPath: answers) else {
            Console.print(
                "The audit part of the demo needs the example organisation: \(answers) was not"
                    + " found. Run the demo from a qmsaudit checkout, or pass --examples DIR.")
            return
        }
        try auditExample(answers: answers)
    }

    private func summariseChecklists() throws {
        let catalog = try ChecklistCatalog(folder: nil)
        var errors = 0
        for entry in catalog.files where entry.origin == .bundled {
            let validation = try catalog.validate(path: entry.path)
            guard let checklist = validation.checklist else {
                errors += 1
                for diagnostic in validation.diagnostics {
                    Console.printError(diagnostic.description)
                }
                continue
            }
            let warnings = validation.diagnostics.filter { $0.severity == .warning }.count
            let base = try checklist.base.map { try catalog.checklist(id: $0) }
            Console.print(
                ChecklistSummaryRenderer.render(checklist, warnings: warnings, base: base) + "\n")
        }
        if errors > 0 { throw CommandError.inputHasErrors(count: errors) }
    }

    private func auditExample(answers: String) throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = out + "/acme-widgets.qmsaudit"
        // The demo owns this file: it starts afresh each run.
        try? FileManager.default.removeItem(atPath: path)
        Console.print("2. An internal audit of Acme Widgets Ltd\n\n")
        let checklist = try ChecklistCatalog.checklist("iso9001-2015")
        let file = try AuditFile.create(
            at: path,
            audit: .init(
                organisation: "Acme Widgets Ltd",
                scope: "Manufacture of precision widgets to customer drawings at the Leeds plant"
                    + " and the Bradford warehouse",
                sites: ["Leeds", "Bradford"], type: .internal,
                auditors: ["J. Smith (lead)", "R. Patel"]),
            checklist: checklist, context: Invocation.context())
        Console.print("   qmsaudit init --checklist iso9001-2015 --out \(path)   → created")
        let register = examples + "/evidence-register.csv"
        if FileManager.default.fileExists(atPath: register) {
            let (_, report) = try EvidenceImportRunner.run(
                CSVEvidenceImporter(),
                request: ImportRequest(source: register, checklist: checklist), into: file)
            let today = String(Timestamp.now().prefix(10))
            let stale = try file.evidence().filter { $0.isStale(on: today) }.count
            Console.print(
                "   qmsaudit import csv \(register)   → \(report.summary)"
                    + " (Windows-1252, ';' separated; \(stale) past their review date)")
        }
        let folder = examples + "/QMS"
        if FileManager.default.fileExists(atPath: folder) {
            let rules = examples + "/qms-rules.yaml"
            let request = ImportRequest(
                source: folder, checklist: checklist,
                rules: FileManager.default.fileExists(atPath: rules) ? rules : nil)
            let (_, report) = try EvidenceImportRunner.run(
                DirectoryEvidenceImporter(), request: request, into: file)
            Console.print(
                "   qmsaudit import dir \(folder) --rules \(rules)   → \(report.summary)"
                    + " (every file hashed with SHA-256; drafts left out by .qmsauditignore)")
        }
        let outcome = try AnswerFileLoader.load(answers, into: file)
        Console.print(
            "   qmsaudit answer --from \(answers) --audit \(path)   → \(outcome.added.count)"
                + " answers recorded in one transaction\n\n")
        Console.print("3. The score (qmsaudit score --audit \(path))\n\n")
        let card = ScoreCard(checklist: try file.checklist(), responses: try file.responses())
        Console.print(
            ScoreRenderer.render(
                card, info: try file.info(), grouping: .section, format: .table, explain: false)
                + "\n")
        let journal = try file.verifyJournal()
        Console.print(
            "4. The journal (qmsaudit log --verify --audit \(path))\n\n   "
                + (journal.problem ?? "intact: \(journal.events.counted("event")), each chained"
                    + " to the one before by SHA-256")
                + "\n\nTry next:\n"
                + "  qmsaudit score --audit \(path) --by clause --explain\n"
                + "  qmsaudit run --audit \(path)          # the six unanswered items\n"
                + "  qmsaudit checklist show iso9001-2015 --clause 7.5\n\n"
                + "Not built yet: findings and corrective actions, gap analysis"
                + " and the Stage 1 pack.")
    }
}
