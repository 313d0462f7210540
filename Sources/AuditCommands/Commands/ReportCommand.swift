import ArgumentParser
import AuditModel
import AuditReport
import AuditStore
import Foundation

/// `qmsaudit report`: documents made from the audit.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write reports made from the audit.",
        subcommands: [ReportChecklistCommand.self, ReportNCCommand.self, ReportAuditCommand.self]
    )
}

/// `qmsaudit report nc`.
struct ReportNCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nc",
        abstract: "The nonconformity report: the register, then each finding with its"
            + " corrective action.",
        discussion: """
            While any finding is a draft the report says DRAFT and lists them; --final \
            refuses (exit 1) until every draft is completed or withdrawn. HTML is one \
            self-contained page (no external requests) that prints one finding per page. \
            CSV cells that begin with =, +, -, @, tab or carriage return are prefixed with ' \
            so a spreadsheet program shows them as text.

            Examples:
              qmsaudit report nc --format html --out nc-report.html
              qmsaudit report nc --final --format md --out nc-report.md
              qmsaudit report nc --format csv > register.csv
            """
    )

    @Option(help: "md, html, csv or json.")
    var format: NCReport.Format = .md

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Refuse to write the report while any finding is a draft.")
    var final = false

    @Option(help: "The day overdue is judged on (YYYY-MM-DD; default today).")
    var asOf: CalendarDate = .today

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        let register = try file.findingRegister()
        if final && !register.drafts.isEmpty {
            Console.printError(
                "error: the final report needs every finding complete; drafts: "
                    + register.drafts.map {
                        "\($0.id) (missing \($0.missingParts.joined(separator: ", ")))"
                    }
                    .joined(separator: "; "))
            throw ExitCode(1)
        }
        let titles = try FindingNotices.evidenceTitles(
            Set(register.findings.flatMap(\.evidenceIDs)), in: file)
        let checklist = try file.checklist()
        let report = NCReport(
            info: try file.info(), register: register, policy: checklist.policy.findings,
            today: asOf, generatedAt: Timestamp.now(), evidenceTitles: titles,
            notedInAnswers: NCReport.notedInAnswers(
                checklist: checklist, responses: try file.responses(), register: register))
        let text = report.render(format)
        guard let out else {
            Console.write(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandError.cannotWrite(path: out, reason: error.localizedDescription)
        }
        Console.printError(
            "\(out): nonconformity report (\(report.isFinal ? "final" : "draft"),"
                + " \(register.findings.count.counted("finding")))")
    }
}

/// `qmsaudit report audit`.
struct ReportAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit report: plan, conclusion, strengths, findings, samples,"
            + " distribution and acknowledgement.",
        discussion: """
            What ISO 19011 6.5 asks of an audit report: objectives, criteria and scope; the \
            dates, auditees and timetable ('qmsaudit audit plan'); the conclusion and who \
            receives the report ('qmsaudit audit conclude'); strengths (findings of grade \
            strength); the findings with their corrective actions; the samples recorded with \
            the answers; and the auditee's acknowledgement ('qmsaudit audit acknowledge', or \
            a field to sign). It says DRAFT while there is no conclusion or a finding is a \
            draft; --final refuses (exit 1) until neither holds.

            Examples:
              qmsaudit report audit --format html --out audit-report.html
              qmsaudit report audit --final --format md --out audit-report.md
            """
    )

    @Option(help: "md or html.")
    var format: AuditReportDocument.Format = .md

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Refuse to write the report while it is a draft.")
    var final = false

    @Option(help: "The day overdue and stale evidence are judged on (YYYY-MM-DD; default today).")
    var asOf: CalendarDate = .today

    @OptionGroup var audit: AuditFileOptions

    func run() throws {
        let file = try audit.open()
        let snapshot = try AuditSnapshot(file, asOf: asOf)
        let report = AuditReportDocument(
            info: snapshot.info, plan: try file.plan(), facts: try file.reportFacts(),
            checklist: snapshot.checklist, responses: snapshot.responses,
            register: snapshot.register, card: snapshot.card, generatedAt: Timestamp.now())
        if final && !report.isFinal {
            Console.printError(
                "error: the audit report is still a draft: "
                    + report.draftReasons.joined(separator: "; "))
            throw ExitCode(1)
        }
        let text = report.render(format)
        guard let out else {
            Console.write(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandError.cannotWrite(path: out, reason: error.localizedDescription)
        }
        Console.printError("\(out): audit report (\(report.isFinal ? "final" : "draft"))")
    }
}

/// `qmsaudit report checklist`: the completed checklist, the auditor's working paper.
struct ReportChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "The completed checklist (the working paper): every item with its verdict,"
            + " note, sample, evidence, findings and who answered when.",
        discussion: """
            Grouped by clause under the audit's header (organisation, scope, sites, dates, \
            auditors, checklist and revision). md and html (one self-contained page, laid out \
            for print: fixed columns, the header repeated on every page, each section of the \
            standard on a new page) are documents to file; csv and xlsx (the same rows, and the \
            audit's facts on a second sheet) are for a spreadsheet. xlsx needs --out.

            Examples:
              qmsaudit report checklist --format html --out checklist.html
              qmsaudit report checklist --format xlsx --out checklist.xlsx
              qmsaudit report checklist --clause 8.5 --format md
            """
    )

    @Option(help: "md, html, csv or xlsx.")
    var format: WorkingPaper.Format = .md

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: "Only this clause and the clauses below it.")
    var clause: ClauseNumber?

    @OptionGroup var audit: AuditFileOptions

    func validate() throws {
        if format == .xlsx && out == nil {
            throw ValidationError("--format xlsx writes a workbook: give --out FILE.xlsx")
        }
    }

    func run() throws {
        let file = try audit.open()
        var paper = try WorkingPaper(file, generatedAt: Timestamp.now())
        if let clause {
            let checklist = try file.checklist()
            guard checklist.subtree(at: clause) != nil else {
                throw CommandError.unknownClause(
                    clause, checklist: checklist.id, hint: checklist.clauseHint(for: clause))
            }
            paper = paper.filtered(clause: clause)
        }
        guard let out else {
            Console.write(paper.render(format))
            return
        }
        do {
            if format == .xlsx {
                try paper.workbook.write(to: out, timestamp: paper.generatedAt)
            } else {
                try Data(paper.render(format).utf8).write(
                    to: URL(fileURLWithPath: out), options: .atomic)
            }
        } catch {
            throw CommandError.cannotWrite(path: out, reason: "\(error)")
        }
        Console.printError(
            "\(out): the checklist, \(paper.answered) of \(paper.rows.count) items answered")
    }
}
