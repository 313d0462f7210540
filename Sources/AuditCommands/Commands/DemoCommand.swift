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
/// organisation in `examples/acme-widgets`, as a story dated over eleven weeks.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Validate the bundled checklists, then audit the example organisation.",
        discussion: """
            The demo validates and summarises every bundled checklist, then tells the story \
            of an internal audit of Acme Widgets Ltd, dated over eleven weeks that end on \
            --as-of (by default 2027-01-15, or today if that is earlier): the audit planned and \
            the organisation's profile recorded; its evidence register, document folder, PDM \
            export and records workbook imported; the answers of EXAMPLES/answers.csv \
            recorded on the second audit day; the drafts they opened completed \
            (EXAMPLES/findings.csv); the conclusion written and acknowledged; a minor's plan \
            accepted; the major's corrective action taken from correction to an effectiveness \
            check five weeks after its last action, and closed. It then writes the \
            nonconformity report and the audit report, prints the score and the gap \
            analysis, verifies the journal, and writes the Stage 1 pack (with copies of the \
            evidence files) as a folder and a ZIP, and verifies both. Every step is recorded \
            under the name of the person who did it, and every command it stands for is \
            printed so it can be run by hand.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The example organisation's folder (default: examples/acme-widgets in a checkout,"
                + " else the one installed beside the binary).", valueName: "folder"))
    var examples: String?

    @Option(help: ArgumentHelp("Where the demo writes its audit file.", valueName: "folder"))
    var out = "demo-output"

    @Option(
        help: ArgumentHelp(
            "Where the demo writes the Stage 1 pack (and FOLDER.zip).", valueName: "folder"))
    var pack = "demo-pack"

    @Option(
        help: "The last day of the story (YYYY-MM-DD; default 2027-01-15, or today if earlier).")
    var asOf: CalendarDate?

    func run() throws {
        Console.print("qmsaudit \(ToolVersion.current) demo\n\n1. The bundled checklists\n\n")
        try summariseChecklists()
        let candidates =
            examples.map { [$0] }
            ?? Self.exampleFolders(executable: Self.executablePath())
        guard
            let examples = candidates.first(where: {
                FileManager.default.fileExists(atPath: $0 + "/answers.csv")
            })
        else {
            Console.printError(
                "error: the audit part of the demo needs the example organisation, and none was"
                    + " found (looked in " + candidates.joined(separator: ", ") + "); run the"
                    + " demo from a qmsaudit checkout, install the package (it brings the"
                    + " examples), or pass --examples FOLDER")
            throw ExitCode(1)
        }
        let answers = examples + "/answers.csv"
        let end = asOf ?? min(.today, CalendarDate("2027-01-15") ?? .today)
        try DemoStory(
            examples: examples, out: out, pack: pack, end: end, answers: answers
        ).tell()
    }

    /// Where the example organisation may be: in the checkout the command runs in, else
    /// installed beside the binary (`PREFIX/bin/qmsaudit` → `PREFIX/share/qmsaudit/examples`).
    static func exampleFolders(executable: String?) -> [String] {
        var folders = ["examples/acme-widgets"]
        if let executable {
            let prefix = URL(fileURLWithPath: executable).deletingLastPathComponent()
                .deletingLastPathComponent().path
            folders.append(prefix + "/share/qmsaudit/examples/acme-widgets")
        }
        return folders
    }

    /// The running binary's real path.
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
}

/// The demo's audit, step by step, each step dated and done by someone.
struct DemoStory {
    let examples: String
    let out: String
    let pack: String
    /// The story's last day; every other day is counted back from it.
    let end: CalendarDate
    let answers: String

    static let lead = "J. Smith (lead auditor)"
    static let manager = "T. Okafor (quality manager)"

    var path: String { out + "/acme-widgets.qmsaudit" }

    /// The day `days` before the end.
    func day(_ days: Int) -> CalendarDate { end.adding(days: -days) }

    /// Who did a step, when (at `time` on the day `days` before the end), with the command
    /// it stands for.
    func context(_ days: Int, _ time: String, by actor: String, _ command: String)
        -> ChangeContext
    {
        ChangeContext(actor: actor, command: command, time: "\(day(days))T\(time):00Z")
    }

    /// A command as it is typed: words with spaces quoted.
    static func command(_ words: String...) -> String {
        (["qmsaudit"] + words).map { word in
            word.contains(" ") || word.isEmpty ? "\"\(word)\"" : word
        }.joined(separator: " ")
    }

    func say(_ days: Int, _ command: String, _ outcome: String) {
        Console.print("   \(day(days))  \(command)\n               → \(outcome)")
    }

    func tell() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // The demo owns this file: it starts afresh each run.
        try? FileManager.default.removeItem(atPath: path)
        Console.print("2. Planning an internal audit of Acme Widgets Ltd\n\n")
        let file = try plan()
        Console.print("\n3. Collecting the evidence\n\n")
        try importEvidence(into: file)
        Console.print("\n4. The audit and its report\n\n")
        try audit(file)
        Console.print("\n5. Following up the nonconformities\n\n")
        try followUp(file)
        try writeReports(file)
        let snapshot = try AuditSnapshot(file, asOf: end)
        Console.print(
            "\n6. The score on \(end) (\(Self.command("score", "--as-of", "\(end)", "--audit", path)))\n\n"
        )
        Console.print(
            ScoreRenderer.render(
                snapshot.card, info: snapshot.info, grouping: .section, format: .table,
                explain: false) + "\n")
        let journal = try file.verifyJournal()
        Console.print(
            "7. The journal (\(Self.command("log", "--verify", "--audit", path)))\n\n   "
                + (journal.problem
                    ?? "intact: \(journal.events.counted("event")), each chained to the one"
                    + " before by SHA-256")
                + "\n\n")
        try writePack(file: file, snapshot: snapshot)
        try programme(main: file)
        try transition(main: file)
        Console.print(
            "Try next:\n"
                + "  \(Self.command("score", "--audit", path, "--by", "clause", "--explain"))\n"
                + "  \(Self.command("run", "--audit", path))          # the unanswered items\n"
                + "  \(Self.command("finding", "list", "--audit", path))\n"
                + "  \(Self.command("action", "show", "NC-003", "--audit", path))\n"
                + "  \(Self.command("gaps", "--audit", path, "--as-of", "\(end)", "--format", "md"))\n"
                + "  \(Self.command("report", "audit", "--audit", path, "--format", "html", "--out", "audit-report.html"))\n"
                + "  \(Self.command("checklist", "show", "iso9001-2015", "--clause", "7.5"))\n"
                + "  \(Self.command("programme", "status", "--programme", programmePath))\n"
                + "  \(Self.command("answer", "list", "--carried", "--audit", transitionPath))\n"
                + "  open \(pack)/index.html in a browser")
    }

    // MARK: - Planning

    private func plan() throws -> AuditFile {
        let checklist = try ChecklistCatalog.checklist("iso9001-2015")
        let scope =
            "Manufacture of precision widgets to customer drawings at the Leeds plant and the"
            + " Bradford warehouse"
        let initCommand = Self.command(
            "init", "--checklist", "iso9001-2015", "--org", "Acme Widgets Ltd", "--scope", scope,
            "--site", "Leeds", "--site", "Bradford", "--auditor", Self.lead, "--auditor",
            "R. Patel", "--out", path)
        let file = try AuditFile.create(
            at: path,
            audit: .init(
                organisation: "Acme Widgets Ltd", scope: scope, sites: ["Leeds", "Bradford"],
                type: .internal, auditors: [Self.lead, "R. Patel"]),
            checklist: checklist, context: context(81, "09:00", by: Self.lead, initCommand))
        say(81, initCommand, "created")
        let start = day(67)
        let planCommand = Self.command(
            "audit", "plan", "--start", "\(start)", "--end", "\(day(66))", "--objective",
            "Determine whether the QMS conforms with ISO 9001:2015 and is effectively"
                + " implemented", "--objective",
            "Judge readiness for the certification body's"
                + " Stage 1 review", "--criterion", "ISO 9001:2015 + A1:2024", "--criterion",
            "Acme quality manual QM-4.3 rev 5", "…")
        try file.changePlan(context: context(81, "10:00", by: Self.lead, planCommand)) { plan in
            plan.start = start
            plan.end = day(66)
            plan.objectives = [
                "Determine whether the QMS conforms with ISO 9001:2015 and is effectively"
                    + " implemented",
                "Judge readiness for the certification body's Stage 1 review",
            ]
            plan.criteria = ["ISO 9001:2015 + A1:2024", "Acme quality manual QM-4.3 rev 5"]
            plan.auditees = [
                "T. Hardy (managing director)", Self.manager, "J. Müller (production, Leeds)",
                "Warehouse team, Bradford",
            ]
            plan.timetable = [
                .init(date: start, time: "08:30-09:00", activity: "Opening meeting"),
                .init(
                    date: start, time: "09:00-12:30",
                    activity: "Leadership, context, planning (clauses 4-6)"),
                .init(
                    date: start, time: "13:30-17:00",
                    activity: "Production and measuring equipment, Leeds (7.1, 8.5, 8.6)"),
                .init(
                    date: day(66), time: "08:30-12:00",
                    activity: "Purchasing, warehouse and despatch, Bradford (8.4, 8.5.4)"),
                .init(
                    date: day(66), time: "13:00-15:30",
                    activity: "Performance evaluation and improvement (9, 10)"),
                .init(date: day(66), time: "16:00-16:30", activity: "Closing meeting"),
            ]
        }
        say(81, planCommand, "objectives, criteria, 4 auditees and a 6-slot timetable recorded")
        let profileCommand = Self.command(
            "audit", "profile", "--legal-entity", "Acme Widgets Ltd (company no. 04815162)",
            "--site", "Leeds", "--headcount", "84", "…")
        try file.changeProfile(context: context(81, "10:30", by: Self.manager, profileCommand)) {
            profile in
            profile.legalEntity = "Acme Widgets Ltd (company no. 04815162)"
            profile.sites = [
                .init(
                    name: "Leeds", address: "Unit 4, Ring Road, Leeds LS11 5AA", headcount: 84,
                    temporary: 6, partTime: 9, shifts: "2 shifts (06:00-22:00), Mon-Fri"),
                .init(
                    name: "Bradford", address: "Canal Wharf, Bradford BD1 4EE", headcount: 12,
                    partTime: 3, shifts: "day shift, Mon-Sat"),
            ]
            profile.outsourcedProcesses = ["Heat treatment of shafts (Hardcase Ltd, Sheffield)"]
            profile.otherCertifications = []
            profile.consultant = "none"
        }
        say(81, profileCommand, "2 sites, 96 people, 1 outsourced process recorded")
        return file
    }

    // MARK: - Evidence

    private func importEvidence(into file: AuditFile) throws {
        func session(_ command: String) -> ImportSession {
            ImportSession(file: file, context: context(79, "14:00", by: Self.manager, command))
        }
        let register = examples + "/evidence-register.csv"
        if FileManager.default.fileExists(atPath: register) {
            let command = Self.command(
                "import", CSVEvidenceImporter.name, register, "--audit", path)
            let report = try session(command).run(CSVEvidenceImporter(), source: register).report
            let stale = try file.evidence().filter { $0.isStale(on: end.description) }.count
            say(
                79, command,
                "\(report.summary) (Windows-1252, ';' separated; \(stale) past their review"
                    + " date on \(end))")
        }
        let folder = examples + "/QMS"
        if FileManager.default.fileExists(atPath: folder) {
            let rules = examples + "/qms-rules.yaml"
            let command = Self.command(
                "import", DirectoryEvidenceImporter.name, folder, "--rules", rules, "--audit", path)
            let options = ImportOptions(
                FileManager.default.fileExists(atPath: rules) ? ["rules": [rules]] : [:])
            let report = try session(command).run(
                DirectoryEvidenceImporter(), source: folder, options: options
            ).report
            let named = try file.evidence().filter {
                $0.source.hasPrefix("dir:")
                    && $0.draft.clauseBasis.entries.contains {
                        $0.reason.hasPrefix("name: ") && !$0.reason.hasPrefix("name: number")
                    }
            }
            say(
                79, command,
                "\(report.summary) (every file hashed with SHA-256; drafts left out by"
                    + " .qmsauditignore; \(named.count) topic-named files found their clause by"
                    + " name, in English or German: "
                    + named.prefix(3).map { record in
                        "\((record.draft.location as NSString).lastPathComponent) → "
                            + record.draft.clauses.map(\.description).joined(separator: ", ")
                    }.joined(separator: "; ") + (named.count > 3 ? "; …" : "") + ")")
        }
        let export = examples + "/exports/pdm-document-register.xml"
        if FileManager.default.fileExists(atPath: export) {
            let command = Self.command(
                "import", XMLEvidenceImporter.name, export, "--profile", "document-register",
                "--audit", path)
            let report = try session(command).run(
                XMLEvidenceImporter(), source: export,
                options: ImportOptions(["profile": ["document-register"]])
            ).report
            say(
                79, command,
                "\(report.summary) (streamed through libxml2; entities and external DTDs refused)")
        }
        let workbook = examples + "/Records register.xlsx"
        if FileManager.default.fileExists(atPath: workbook) {
            let command = Self.command(
                "import", XLSXEvidenceImporter.name, workbook, "--audit", path)
            let report = try session(command).run(XLSXEvidenceImporter(), source: workbook).report
            say(
                79, command,
                "\(report.summary) (sheet 'Records' found by its header; dates and merged clause"
                    + " cells read)")
        }
    }

    // MARK: - The audit

    private func audit(_ file: AuditFile) throws {
        let answerCommand = Self.command("answer", "--from", answers, "--audit", path)
        let outcome = try AnswerFileLoader.load(
            answers, into: file, context: context(66, "16:45", by: Self.lead, answerCommand))
        say(
            66, answerCommand,
            "\(outcome.added.count) answers recorded in one transaction;"
                + " \(outcome.findingsOpened.count) nonconforming answers opened draft"
                + " nonconformities")
        let sheet = examples + "/findings.csv"
        guard FileManager.default.fileExists(atPath: sheet) else {
            Console.print("   (\(sheet) not found: the findings stay drafts)")
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
                    context: context(
                        66, "17:15", by: Self.lead,
                        Self.command("finding", "edit", draft.id, "--requirement", "…")))
                completed += 1
            } else {
                let finding = try file.raise(
                    AuditFile.NewFinding(
                        grade: grade, itemID: item, requirement: requirement, evidence: evidence,
                        statement: statement),
                    context: context(
                        66, "17:20", by: Self.lead,
                        Self.command("finding", "add", "--item", item, "--grade", grade, "…")))
                raised.append(finding.id)
            }
        }
        say(
            66, Self.command("finding", "edit", "NC-…", "--requirement", "…", "--evidence", "…"),
            "\(completed) drafts completed: requirement, objective evidence, statement")
        say(
            66, Self.command("finding", "add", "--grade", "observation", "…"),
            raised.joined(separator: ", ") + " raised")
        let conclusion =
            "The QMS conforms with ISO 9001:2015 in most respects and is implemented at both"
            + " sites. One major nonconformity (NC-003: product measured with an out-of-tolerance"
            + " gauge was not assessed) and five minor nonconformities were found. Acme can apply"
            + " for the Stage 1 review once NC-003's correction is verified effective, the"
            + " documents past their review date are reviewed, and the records of requirement"
            + " changes (8.2.4) and the process descriptions (4.4.2) are on file."
        let concludeCommand = Self.command(
            "audit", "conclude", "--conclusion", "…", "--distribute-to",
            "T. Hardy (managing director)",
            "--distribute-to", Self.manager)
        try file.changeReportFacts(context: context(65, "11:00", by: Self.lead, concludeCommand)) {
            facts in
            facts.conclusion = conclusion
            facts.distribution = [
                "T. Hardy (managing director)", Self.manager, "R. Patel (auditor)",
            ]
        }
        say(65, concludeCommand, "conclusion and distribution recorded")
        let acknowledgeCommand = Self.command(
            "audit", "acknowledge", "--by", Self.manager, "--date", "\(day(64))", "--comment", "…")
        try file.changeReportFacts(
            context: context(64, "09:30", by: Self.manager, acknowledgeCommand)
        ) { facts in
            facts.acknowledgedBy = Self.manager
            facts.acknowledgedOn = day(64)
            facts.acknowledgement = "Findings accepted; corrective actions will follow QP-10.2-01."
        }
        say(64, acknowledgeCommand, "the report acknowledged for the auditee")
    }

    // MARK: - Follow-up

    /// One dated step of a corrective action: the day (counted back from the end), who, the
    /// command it stands for, and the change.
    typealias Step = (
        days: Int, actor: String, command: String,
        change: (inout CorrectiveAction, Finding, FindingPolicy) throws -> Void
    )

    private func followUp(_ file: AuditFile) throws {
        let register = try file.findingRegister()
        if let minor = register.openedFromAnswer("6.1.2-2") {
            try apply(minorPlan(minor.id), to: minor.id, in: file)
            say(
                55, Self.command("action", "accept-plan", minor.id, "--by", Self.lead),
                "\(minor.id)'s correction and plan accepted; its implementation is to be verified"
                    + " at the next audit (an acceptance, not a verification)")
        }
        guard let major = register.findings.first(where: { $0.findingClass == .major }) else {
            return
        }
        try apply(majorSteps(major.id), to: major.id, in: file)
        let action = try file.findingRegister().actions[major.id]
        say(
            1, Self.command("action", "update|verify|close", major.id, "…"),
            "\(major.id): corrected \(day(65)), cause found \(day(58)), planned \(day(57)),"
                + " actions done \(day(45)) and \(day(38)), verified effective \(day(2))"
                + " (\(36.counted("day")) after the last action), closed \(day(1)) by"
                + " \(action?.closedBy ?? "")")
    }

    private func apply(_ steps: [Step], to id: String, in file: AuditFile) throws {
        for step in steps {
            try file.changeAction(
                id,
                action: step.command.split(separator: " ").dropFirst(2).first.map(String.init)
                    ?? "update",
                context: context(step.days, "10:00", by: step.actor, step.command), step.change)
        }
    }

    private func minorPlan(_ id: String) -> [Step] {
        [
            (
                64, Self.manager, Self.command("action", "update", id, "--correction", "…"),
                { action, finding, policy in
                    action.owner = Self.manager
                    action.correction =
                        "The 14 completed risk actions reviewed for effect; results entered in"
                        + " the register's review column."
                    action.correctionDate = day(64)
                    try action.move(to: .contained, finding: finding, policy: policy)
                }
            ),
            (
                60, Self.manager, Self.command("action", "update", id, "--cause", "…"),
                { action, finding, policy in
                    action.causeMethod = .fiveWhy
                    action.cause =
                        "The register has a review column but no one is asked to fill it in,"
                        + " and management review does not look at it."
                    action.extent = "The opportunity actions in the same register: the same gap."
                    action.steps = [
                        ActionStep(
                            number: 1,
                            what: "Add the effectiveness review of risk actions to the quarterly"
                                + " management meeting agenda",
                            owner: Self.manager, due: day(20))
                    ]
                    try action.move(to: .planned, finding: finding, policy: policy)
                }
            ),
            (
                55, Self.lead, Self.command("action", "accept-plan", id, "--by", Self.lead),
                { action, finding, policy in
                    try action.acceptPlan(
                        PlanAcceptance(
                            by: Self.lead, date: day(55),
                            note: "Implementation to be verified at the next internal audit"),
                        finding: finding, policy: policy)
                }
            ),
        ]
    }

    private func majorSteps(_ id: String) -> [Step] {
        [
            (
                65, Self.manager, Self.command("action", "update", id, "--correction", "…"),
                { action, finding, policy in
                    action.owner = Self.manager
                    action.correction =
                        "Lots 26-118, 26-121 and 26-124 recalled for re-inspection with a"
                        + " calibrated gauge; G-114 withdrawn from use."
                    action.correctionDate = day(65)
                    try action.move(to: .contained, finding: finding, policy: policy)
                }
            ),
            (
                58, Self.manager, Self.command("action", "update", id, "--cause", "…"),
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
                57, Self.manager, Self.command("action", "update", id, "--add-action", "…"),
                { action, finding, policy in
                    action.steps = [
                        ActionStep(
                            number: 1,
                            what: "Add a product-impact assessment to QP-7.1-02 for every"
                                + " out-of-tolerance result",
                            owner: Self.manager, due: day(43)),
                        ActionStep(
                            number: 2,
                            what: "Train the three metrology technicians on the new step",
                            owner: "L. Novak (metrology)", due: day(36)),
                    ]
                    try action.move(to: .planned, finding: finding, policy: policy)
                }
            ),
            (
                45, Self.manager,
                Self.command("action", "update", id, "--step", "1", "--done", "…"),
                { action, _, _ in
                    action.steps[0].done = day(45)
                    action.steps[0].evidence = "QP-7.1-02 rev 6 released"
                }
            ),
            (
                38, "L. Novak (metrology)",
                Self.command("action", "update", id, "--step", "2", "--done", "…"),
                { action, finding, policy in
                    action.steps[1].done = day(38)
                    action.steps[1].evidence = "Training records TR-2026-41 to TR-2026-43"
                    try action.move(to: .implemented, finding: finding, policy: policy)
                }
            ),
            (
                2, Self.lead, Self.command("action", "verify", id, "--result", "effective", "…"),
                { action, finding, policy in
                    try action.verify(
                        Verification(
                            method: "Two later out-of-tolerance results (G-031, G-140) each had"
                                + " an impact assessment within two days; 20 despatch notes"
                                + " sampled, none for product measured by a failed gauge",
                            result: .effective, verifier: Self.lead, date: day(2)),
                        finding: finding, policy: policy)
                }
            ),
            (
                2, Self.manager,
                Self.command(
                    "action", "update", id, "--risks-updated", "yes", "--qms-changed", "yes"),
                { action, _, _ in
                    action.risksUpdate = ActionDecision(
                        changed: true,
                        note: "Risk register line 23 (product shipped after a failed calibration)"
                            + " added")
                    action.systemChange = ActionDecision(
                        changed: true, note: "QP-7.1-02 rev 6: product-impact assessment step")
                }
            ),
            (
                1, Self.lead, Self.command("action", "close", id, "--by", Self.lead),
                { action, finding, policy in
                    try action.move(to: .closed, finding: finding, policy: policy)
                    action.closure = "Closed at the follow-up review"
                }
            ),
        ]
    }

    // MARK: - Reports and the pack

    private func writeReports(_ file: AuditFile) throws {
        let snapshot = try AuditSnapshot(file, asOf: end)
        let generated = "\(end)T12:00:00Z"
        let nc = NCReport(
            info: snapshot.info, register: snapshot.register,
            policy: snapshot.checklist.policy.findings, today: end, generatedAt: generated,
            evidenceTitles: [:],
            notedInAnswers: NCReport.notedInAnswers(
                checklist: snapshot.checklist, responses: snapshot.responses,
                register: snapshot.register))
        for format in [NCReport.Format.html, .md] {
            let reportPath = out + "/nc-report." + format.rawValue
            try Data(nc.render(format).utf8).write(
                to: URL(fileURLWithPath: reportPath), options: .atomic)
            say(
                0,
                Self.command(
                    "report", "nc", "--format", format.rawValue, "--out", reportPath, "--audit",
                    path), "written (\(nc.isFinal ? "final" : "draft"))")
        }
        let report = AuditReportDocument(
            info: snapshot.info, plan: try file.plan(), facts: try file.reportFacts(),
            checklist: snapshot.checklist, responses: snapshot.responses,
            register: snapshot.register, card: snapshot.card, generatedAt: generated)
        for format in [AuditReportDocument.Format.html, .md] {
            let reportPath = out + "/audit-report." + format.rawValue
            try Data(report.render(format).utf8).write(
                to: URL(fileURLWithPath: reportPath), options: .atomic)
            say(
                0,
                Self.command(
                    "report", "audit", "--format", format.rawValue, "--out", reportPath,
                    "--audit", path), "written (\(report.isFinal ? "final" : "draft"))")
        }
    }

    private func writePack(file: AuditFile, snapshot: AuditSnapshot) throws {
        Console.print(
            "8. The gap analysis on \(end) (\(Self.command("gaps", "--as-of", "\(end)", "--audit", path)))\n"
        )
        for line in GapRenderer.summary(snapshot.gaps) { Console.print("   " + line) }
        let zip = pack + ".zip"
        var stageOne = snapshot.stageOnePack(
            journal: try file.journal(), asOf: end, copyEvidence: true)
        stageOne.profile = try file.profile()
        stageOne.plan = try file.plan()
        let summary = try stageOne.write(folder: pack, zip: zip)
        let packCommand = Self.command(
            "pack", "--out", pack, "--zip", zip, "--copy-evidence", "--as-of", "\(end)", "--audit",
            path)
        Console.print(
            "\n9. The Stage 1 pack (\(packCommand))\n\n"
                + "   \((summary.files.count + 1).counted("file")) written,"
                + " \(summary.copied.counted("evidence file")) copied; manifest.json SHA-256"
                + " \(summary.manifestSHA256.prefix(16))…")
        for target in [pack, zip] {
            let result = try PackVerifier.verify(
                path: target, chainProblem: { JournalEvent.chainProblem($0, head: $1) })
            Console.print(
                "   \(Self.command("pack", "verify", target))   → \(result.checked.counted("file"))"
                    + " checked, \(result.changed.count + result.missing.count + result.extra.count)"
                    + " problems; journal "
                    + (result.journalProblem == nil ? "chain intact" : "BROKEN"))
            if !result.isIntact { throw ExitCode(1) }
        }
        Console.print(
            "   (for the certification body itself: \(Self.command("pack", "--for", "certification-body", "--zip", "for-the-cb.zip", "--audit", path)))\n\n"
        )
    }
}
