import ArgumentParser
import AuditModel

/// The root command: `qmsaudit`.
struct QMSAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmsaudit",
        abstract: "Prepare an organisation for ISO 9001 certification: checklists, audits,"
            + " findings and the Stage 1 evidence pack.",
        discussion: """
            Exit status: 0 success; 1 the command ran and its check failed; 2 bad input, \
            I/O failure or internal error; 64 bad usage.

            Checklists come from the binary itself, from the folder named by \
            QMSAUDIT_CHECKLISTS, and from files given with --checklist.
            """,
        version: ToolVersion.current,
        subcommands: [
            ChecklistCommand.self, InitCommand.self, AuditDetailsCommand.self, ImportCommand.self,
            EvidenceCommand.self,
            RunCommand.self, AnswerCommand.self, FindingCommand.self, ActionCommand.self,
            ScoreCommand.self, GapsCommand.self, ReportCommand.self, PackCommand.self,
            ExportCommand.self, LogCommand.self, ProgrammeCommand.self,
            DemoCommand.self,
        ]
    )
}
