import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import ImporterRegistry
import Testing

/// An importer defined here, in the tests: registered with one line and offered by
/// `qmsaudit import` with its own options, without a change to the command layer.
struct InventoryImporter: StreamingEvidenceImporter {
    static let name = "inventory"
    static let summary = "a test's inventory: one record per line, 'KEY TITLE'"
    static let discussion = "Each line of the file is a record: its key, a space, its title."
    static let options: [ImportOption] = [
        .value("clause", "n", help: "The clause every record is evidence for."),
        .value("prefix", "text", repeatable: true, help: "Prefixes put before each key."),
        .flag("records", help: "Import the lines as records, not documents."),
    ]

    static func validate(_ options: ImportOptions) throws(ImportUsageError) {
        if let clause = options.text("clause"), ClauseNumber(clause) == nil {
            throw ImportUsageError("--clause takes a clause number such as 7.5, found '\(clause)'")
        }
    }

    func stream(_ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void)
        throws -> ImportResult
    {
        guard let text = try? String(contentsOfFile: request.path, encoding: .utf8) else {
            throw ImportError.unreadable(path: request.source, reason: "cannot read it")
        }
        let prefix = request.options.texts("prefix").joined()
        let clauses = request.options.text("clause").flatMap(ClauseNumber.init).map { [$0] } ?? []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            try sink(
                EvidenceDraft(
                    naturalKey: prefix + parts[0],
                    kind: request.options.flag("records") ? .record : .document,
                    title: parts.count > 1 ? parts[1] : parts[0], clauses: clauses,
                    line: index + 1))
        }
        var result = ImportResult(
            sourceName: Self.sourceName(for: request.source), drafts: [], diagnostics: [])
        result.recordsPath = request.source
        return result
    }
}

@Suite struct ImporterRegistryTests {
    static let registry = ImporterRegistry.bundled.adding(InventoryImporter.self)

    @Test func anImporterDefinedOutsideTheCommandLayerIsOfferedWithItsOptions() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write("stock.txt", "A-1 Torque wrench\nA-2 Gauge block\n")
        try await ImporterRegistry.$current.withValue(Self.registry) {
            let help = await audit.run("import", "--help")
            #expect(help.stdout.contains("inventory — a test's inventory"))
            let own = await qmsaudit("import", "inventory", "--help")
            #expect(own.stdout.contains("Each line of the file is a record"))
            #expect(own.stdout.contains("--prefix <text>"))
            #expect(own.stdout.contains("Prefixes put before each key."))
            #expect(own.stdout.contains("USAGE: qmsaudit import inventory FILE [--clause <n>]"))
            let result = await audit.run(
                "import", "inventory", path, "--clause", "7.1.5", "--prefix", "INV-", "--records")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
            let list = await audit.run("evidence", "list", "--format", "csv")
            #expect(list.stdout.contains("EV-0001,record,,Torque wrench,,7.1.5"))
            #expect(list.stdout.contains("inventory:" + path))
            let show = await audit.run("evidence", "show", "EV-0002")
            #expect(show.stdout.contains("INV-A-2") == false, "the key is not shown, the title is")
            #expect(show.stdout.contains("Gauge block"))
            let refused = await audit.run("import", "inventory", path, "--clause", "seven")
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("--clause takes a clause number such as 7.5"))
            let foreign = await audit.run("import", "csv", path, "--prefix", "X")
            #expect(
                foreign.stderr.contains("--prefix is for 'import inventory', not for 'import csv'"))
        }
        // Outside the registry that holds it, the importer is unknown.
        let unknown = await audit.run("import", "inventory", path)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no importer 'inventory'"))
    }
}
