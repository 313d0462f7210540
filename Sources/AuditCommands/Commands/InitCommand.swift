import ArgumentParser
import AuditChecklists
import AuditModel
import AuditStore
import Foundation

/// `qmsaudit init`: create an audit file.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an audit file from a checklist.",
        discussion: """
            The checklist is copied into the file with its SHA-256, so later edits of the \
            template never change this audit. The file is created whole or not at all, and an \
            existing file is never overwritten.

            Examples:
              qmsaudit init --checklist iso9001-2015 --org "Acme Widgets Ltd" \\
                --scope "Design-free manufacture of widgets" --site Leeds \\
                --auditor "J. Smith"
              qmsaudit init --checklist my-overlay.yaml --org Acme \\
                --scope "Leeds site" --out leeds.qmsaudit
            """
    )

    @Option(
        help: ArgumentHelp(
            "The checklist: a known id (see 'qmsaudit checklist list') or a YAML file.",
            valueName: "id-or-file"))
    var checklist: String

    @Option(help: "The organisation audited.")
    var org: String

    @Option(help: "The audit scope: processes, products and activities covered.")
    var scope: String

    @Option(help: "A site covered by the audit (repeatable).")
    var site: [String] = []

    @Option(help: "internal or stage1-readiness.")
    var type: AuditType = .internal

    @Option(help: "An auditor, lead auditor first (repeatable).")
    var auditor: [String] = []

    @Option(help: ArgumentHelp("Where to create the audit file.", valueName: "file"))
    var out: String = AuditFileOptions.defaultPath

    func validate() throws {
        if org.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--org must not be empty")
        }
        if scope.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--scope must not be empty")
        }
    }

    func run() throws {
        let resolved = try ChecklistCatalog.checklist(checklist)
        let file = try AuditFile.create(
            at: out,
            audit: .init(
                organisation: org, scope: scope, sites: site, type: type, auditors: auditor),
            checklist: resolved, context: Invocation.context())
        let info = try file.info()
        Console.print(
            """
            created \(out): \(info.organisation), checklist \(info.checklistID) revision \
            \(info.checklistRevision) (\(resolved.items.count.counted("item")))
            checklist sha256 \(info.checklistSHA256)
            next: qmsaudit run --audit \(out)
            """)
    }
}
