import ArgumentParser
import AuditChecklists
import AuditModel
import AuditReport
import AuditStore
import CSVImporter
import DirectoryImporter
import Foundation
import ImportKit
import ImportSession
import XLSXImporter
import XMLImporter

/// `qmsaudit demo`: shows what qmsaudit does, on the bundled checklists and the example
/// organisation in `examples/acme-widgets`.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Validate the bundled checklists, then audit the example organisation.",
        discussion: """
            The demo validates and summarises every bundled checklist, then creates an audit \
            of Acme Widgets Ltd in the output folder, records the answers from \
            EXAMPLES/answers.csv, imports its evidence register and document folder, \
            completes the draft nonconformities the answers opened (EXAMPLES/findings.csv), \
            takes the major's corrective action to verified closure, writes the NC report, \
            prints the score, verifies the journal, runs the gap analysis, and writes the \
            Stage 1 pack (demo-pack/ and demo-pack.zip, with copies of the evidence files) \
            and verifies both.
            """
    )

    @Option(help: ArgumentHelp("The example organisation's folder.", valueName: "folder"))
    var examples = "examples/acme-widgets"

    @Option(help: ArgumentHelp("Where the demo writes its audit file.", valueName: "folder"))
    var out = "demo-output"

    @Option(
        help: ArgumentHelp(
            "Where the demo writes the Stage 1 pack (and DIR.zip).", valueName: "folder"))
    var pack = "demo-pack"

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
        let session = ImportSession(file: file, context: Invocation.context())
        let register = examples + "/evidence-register.csv"
        if FileManager.default.fileExists(atPath: register) {
            let report = try session.run(CSVEvidenceImporter(), source: register).report
            let today = String(Timestamp.now().prefix(10))
            let stale = try file.evidence().filter { $0.isStale(on: today) }.count
            Console.print(
                "   qmsaudit import \(CSVEvidenceImporter.name) \(register)   → \(report.summary)"
                    + " (Windows-1252, ';' separated; \(stale) past their review date)")
        }
        let folder = examples + "/QMS"
        if FileManager.default.fileExists(atPath: folder) {
            let rules = examples + "/qms-rules.yaml"
            let options = ImportOptions(
                FileManager.default.fileExists(atPath: rules) ? ["rules": [rules]] : [:])
            let report = try session.run(
                DirectoryEvidenceImporter(), source: folder, options: options
            ).report
            Console.print(
                "   qmsaudit import \(DirectoryEvidenceImporter.name) \(folder) --rules \(rules)"
                    + "   → \(report.summary)"
                    + " (every file hashed with SHA-256; drafts left out by .qmsauditignore)")
        }
        try importExports(with: session)
        let outcome = try AnswerFileLoader.load(answers, into: file)
        Console.print(
            "   qmsaudit answer --from \(answers) --audit \(path)   → \(outcome.added.count)"
                + " answers recorded in one transaction; \(outcome.findingsOpened.count) minor"
                + " and major answers opened draft nonconformities\n\n")
        try followUp(file: file, path: path)
        Console.print("4. The score (qmsaudit score --audit \(path))\n\n")
        let snapshot = try AuditSnapshot(file, asOf: .today)
        Console.print(
            ScoreRenderer.render(
                snapshot.card, info: snapshot.info, grouping: .section, format: .table,
                explain: false) + "\n")
        let journal = try file.verifyJournal()
        Console.print(
            "5. The journal (qmsaudit log --verify --audit \(path))\n\n   "
                + (journal.problem ?? "intact: \(journal.events.counted("event")), each chained"
                    + " to the one before by SHA-256")
                + "\n\n")
        try writePack(file: file, path: path, snapshot: snapshot)
        Console.print(
            "Try next:\n"
                + "  qmsaudit score --audit \(path) --by clause --explain\n"
                + "  qmsaudit run --audit \(path)          # the six unanswered items\n"
                + "  qmsaudit finding list --audit \(path)\n"
                + "  qmsaudit action show NC-003 --audit \(path)\n"
                + "  qmsaudit gaps --audit \(path) --format md\n"
                + "  qmsaudit checklist show iso9001-2015 --clause 7.5\n"
                + "  open \(pack)/index.html in a browser")
    }

    /// Imports the PDM system's XML export and the records register workbook.
    private func importExports(with session: ImportSession) throws {
        let export = examples + "/exports/pdm-document-register.xml"
        if FileManager.default.fileExists(atPath: export) {
            let report = try session.run(
                XMLEvidenceImporter(), source: export,
                options: ImportOptions(["profile": ["document-register"]])
            ).report
            Console.print(
                "   qmsaudit import \(XMLEvidenceImporter.name) \(export) --profile"
                    + " document-register   → \(report.summary)"
                    + " (streamed through libxml2; entities and external DTDs refused)")
        }
        let workbook = examples + "/Records register.xlsx"
        if FileManager.default.fileExists(atPath: workbook) {
            let report = try session.run(XLSXEvidenceImporter(), source: workbook).report
            Console.print(
                "   qmsaudit import \(XLSXEvidenceImporter.name) \"\(workbook)\"   → \(report.summary)"
                    + " (sheet 'Records' found by its header; dates and merged clause cells read)")
        }
    }

    /// The gap analysis, then the Stage 1 pack as a folder and a ZIP, each verified.
    private func writePack(file: AuditFile, path: String, snapshot: AuditSnapshot) throws {
        Console.print("6. The gap analysis (qmsaudit gaps --audit \(path))\n")
        for line in GapRenderer.summary(snapshot.gaps) { Console.print("   " + line) }
        let zip = pack + ".zip"
        let stageOne = snapshot.stageOnePack(
            journal: try file.journal(), asOf: .today, copyEvidence: true)
        let summary = try stageOne.write(folder: pack, zip: zip)
        Console.print(
            "\n7. The Stage 1 pack (qmsaudit pack --out \(pack) --zip \(zip) --copy-evidence)\n\n"
                + "   \((summary.files.count + 1).counted("file")) written,"
                + " \(summary.copied.counted("evidence file")) copied; manifest.json SHA-256"
                + " \(summary.manifestSHA256.prefix(16))…")
        for target in [pack, zip] {
            let result = try PackVerifier.verify(
                path: target, chainProblem: { JournalEvent.chainProblem($0, head: $1) })
            Console.print(
                "   qmsaudit pack verify \(target)   → \(result.checked.counted("file")) checked,"
                    + " \(result.changed.count + result.missing.count + result.extra.count)"
                    + " problems; journal "
                    + (result.journalProblem == nil ? "chain intact" : "BROKEN"))
            if !result.isIntact { throw ExitCode(1) }
        }
        Console.print("")
    }

    /// Completes the drafts from `findings.csv`, raises its other findings, takes the major's
    /// corrective action to closure and writes the NC report.
    private func followUp(file: AuditFile, path: String) throws {
        Console.print("3. Findings and corrective actions\n\n")
        let sheet = examples + "/findings.csv"
        guard FileManager.default.fileExists(atPath: sheet) else {
            Console.print("   (\(sheet) not found: the findings stay drafts)\n\n")
            return
        }
        let reader = try CSVReader(path: sheet)
        _ = try reader.next()
        var completed = 0
        var raised: [String] = []
        while let row = try reader.next() {
            let (item, grade, requirement, evidence, statement) = (
                row[0], row[1], row[2], row[3], row[4]
            )
            if let draft = try file.findingRegister().openedFromAnswer(item) {
                try file.editFinding(
                    draft.id,
                    AuditFile.FindingEdit(
                        requirement: requirement, evidence: evidence, statement: statement),
                    context: Invocation.context())
                completed += 1
            } else {
                let finding = try file.raise(
                    AuditFile.NewFinding(
                        grade: grade, itemID: item, requirement: requirement, evidence: evidence,
                        statement: statement), context: Invocation.context())
                raised.append(finding.id)
            }
        }
        Console.print(
            "   qmsaudit finding edit NC-… --requirement … --evidence … --statement …   →"
                + " \(completed) drafts completed")
        Console.print(
            "   qmsaudit finding add --grade observation|ofi …   → "
                + raised.joined(separator: ", ") + " raised")
        let register = try file.findingRegister()
        guard let major = register.findings.first(where: { $0.findingClass == .major }) else {
            return
        }
        let today = CalendarDate.today
        let steps: [(String, (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void)] = [
            (
                "update",
                { action, finding, policy in
                    action.owner = "T. Okafor (quality manager)"
                    action.correction =
                        "Lots 26-118, 26-121 and 26-124 recalled for re-inspection with a"
                        + " calibrated gauge; G-114 withdrawn from use."
                    action.correctionDate = today
                    try action.move(to: .contained, finding: finding, policy: policy)
                }
            ),
            (
                "update",
                { action, finding, policy in
                    action.causeMethod = .fiveWhy
                    action.cause =
                        "The calibration procedure says what to do with a failed gauge but not"
                        + " with the product it measured; the lab hands results back with no"
                        + " step that involves quality."
                    action.extent =
                        "All 146 gauges' calibration results since 2025 reviewed: one other"
                        + " failure (G-087), its product assessed and found conforming."
                    try action.move(to: .causeFound, finding: finding, policy: policy)
                }
            ),
            (
                "update",
                { action, finding, policy in
                    action.steps = [
                        ActionStep(
                            number: 1,
                            what: "Add a product-impact assessment to QP-7.1-02 for every"
                                + " out-of-tolerance result",
                            owner: "T. Okafor", due: today.adding(days: 30)),
                        ActionStep(
                            number: 2,
                            what: "Train the three metrology technicians on the new step",
                            owner: "L. Novak", due: today.adding(days: 45)),
                    ]
                    try action.move(to: .planned, finding: finding, policy: policy)
                }
            ),
            (
                "update",
                { action, finding, policy in
                    action.steps[0].done = today
                    action.steps[0].evidence = "QP-7.1-02 rev 6 released"
                    action.steps[1].done = today
                    action.steps[1].evidence = "Training records TR-2026-41 to TR-2026-43"
                    try action.move(to: .implemented, finding: finding, policy: policy)
                }
            ),
            (
                "verify",
                { action, finding, policy in
                    try action.verify(
                        Verification(
                            method: "Two later out-of-tolerance results (G-031, G-140) each"
                                + " had an impact assessment within two days",
                            result: .effective, verifier: "J. Smith (lead auditor)", date: today),
                        finding: finding, policy: policy)
                }
            ),
            (
                "close",
                { action, finding, policy in
                    try action.move(to: .closed, finding: finding, policy: policy)
                    action.closure = "Closed after the follow-up review"
                }
            ),
        ]
        for (name, step) in steps {
            try file.changeAction(major.id, action: name, context: Invocation.context(), step)
        }
        Console.print(
            "   qmsaudit action update|verify|close \(major.id)   → the major's corrective"
                + " action taken from open to closed, each step past its guards")
        let report = NCReport(
            info: try file.info(), register: try file.findingRegister(),
            policy: try file.checklist().policy.findings, today: today,
            generatedAt: Timestamp.now(), evidenceTitles: [:])
        for format in [NCReport.Format.html, .md] {
            let reportPath = out + "/nc-report." + format.rawValue
            try Data(report.render(format).utf8).write(
                to: URL(fileURLWithPath: reportPath), options: .atomic)
            Console.print(
                "   qmsaudit report nc \(report.isFinal ? "--final " : "")--format"
                    + " \(format.rawValue) --out \(reportPath)"
                    + "   → written")
        }
        Console.print("")
    }
}
