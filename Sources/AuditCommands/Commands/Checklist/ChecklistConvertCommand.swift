import ArgumentParser
import AuditChecklists
import AuditModel
import Foundation

/// `qmsaudit checklist convert ciso-assistant LIBRARY.yaml`.
struct ChecklistConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn another tool's framework library into a qmsaudit checklist.",
        discussion: """
            ciso-assistant: a CISO Assistant library (YAML with \
            objects.framework.requirement_nodes). Clauses come from the node tree, an item \
            from each assessable node, its question the node's text as the library gives it \
            (its licence and copyright notice head the file). The result is validated before \
            it is written, and works with init, answer, score and pack; add mandatory \
            documented information in an overlay. A library with nodes whose parent does not \
            exist, parents in a cycle or a urn listed twice is refused, every problem at its \
            line, and nothing is written.

            Examples:
              qmsaudit checklist convert ciso-assistant iso14001-2015.yaml \\
                --out iso14001.yaml
              qmsaudit init --checklist iso14001.yaml --org Acme --scope Leeds
            """
    )

    @Argument(help: "The format: ciso-assistant.")
    var format: String

    @Argument(help: "The library file.")
    var library: String

    @Option(
        help: ArgumentHelp(
            "Where to write the checklist (default: standard output).", valueName: "file"))
    var out: String?

    func validate() throws {
        guard format == "ciso-assistant" else {
            throw ValidationError(
                "'\(format)' is not a format qmsaudit converts; it converts ciso-assistant")
        }
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: library, encoding: .utf8) else {
            throw CommandError.cannotRead(path: library, reason: "no such file, or not UTF-8 text")
        }
        let (yaml, diagnostics) = CISOAssistantLibrary.convert(text, path: library)
        Console.printDiagnostics(diagnostics)
        guard let yaml else {
            throw CommandError.inputHasErrors(
                count: diagnostics.filter { $0.severity == .error }.count, nothingChanged: library)
        }
        // Checked as any checklist file is, before anything is written.
        let scratch = NSTemporaryDirectory() + "/qmsaudit-convert-\(UUID().uuidString).yaml"
        try yaml.write(toFile: scratch, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let validation = try ChecklistCatalog(folder: nil, files: [scratch]).validate(path: scratch)
        guard let checklist = validation.checklist else {
            Console.printDiagnostics(validation.diagnostics)
            throw CommandError.inputHasErrors(
                count: validation.diagnostics.filter { $0.severity == .error }.count,
                nothingChanged: library)
        }
        guard let out else {
            Console.write(yaml)
            return
        }
        if FileManager.default.fileExists(atPath: out) {
            throw ValidationError("\(out) exists; qmsaudit does not overwrite it")
        }
        try yaml.write(toFile: out, atomically: true, encoding: .utf8)
        Console.print(
            "\(out): checklist '\(checklist.id)', \(checklist.clauses.count.counted("clause")),"
                + " \(checklist.items.count.counted("item"))")
    }
}
