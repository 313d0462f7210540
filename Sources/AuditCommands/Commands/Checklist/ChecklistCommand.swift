import ArgumentParser

/// `qmsaudit checklist`: read, inspect and validate checklists.
struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "List, show and validate audit checklists.",
        subcommands: [
            ChecklistListCommand.self, ChecklistShowCommand.self, ChecklistValidateCommand.self,
            ChecklistDiffCommand.self, ChecklistConvertCommand.self,
        ]
    )
}
