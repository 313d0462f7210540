import AuditCommands
import AuditReport
import AuditTestSupport
import Foundation
import Synchronization
import Testing

/// Runs qmsaudit in-process as if standard output were a terminal of `columns`.
func qmsauditOnTerminal(_ arguments: [String], columns: Int = 120) async -> CommandResult {
    let out = Mutex("")
    let err = Mutex("")
    let console = Console(
        out: { text in out.withLock { $0 += text } },
        err: { text in err.withLock { $0 += text } },
        input: { nil }, user: { "tester" }, columns: { columns })
    let status = await Console.$current.withValue(console) {
        await QMSAuditMain.run(arguments + ["--no-color"])
    }
    return CommandResult(status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
}

@Suite struct TerminalSafetyTests {
    static let hostile =
        "Gauge\u{1B}[2J\u{1B}]0;owned\u{07} ok\rHIDDEN \u{202E}fdp.exe\u{202C} \u{9B}31m end"

    @Test func controlCharactersAreMadeVisible() {
        let shown = TerminalStyle.visible(Self.hostile)
        #expect(shown == "Gauge␛[2J␛]0;owned␇ ok␍HIDDEN <U+202E>fdp.exe<U+202C> <U+009B>31m end")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        // qmsaudit's own colours stay; line breaks and tabs are text.
        let painted = TerminalStyle(width: 80, colour: true).paint("minor", .bad) + "\tnext\n"
        #expect(TerminalStyle.visible(painted) == painted)
    }

    @Test func textFromAnswersAndFilesIsShownSafelyInTablesAndMessages() async throws {
        let audit = try await ScratchAudit.make()
        let register = audit.folder.write(
            "register.csv", "Title,ISO clause\n\"Manual\u{1B}[31m\u{202E}\",4.3\n")
        #expect(await audit.run("import", "csv", register).status == 0)
        #expect(
            await audit.run("answer", "4.1-1", "--verdict", "observation", "--note", Self.hostile)
                .status == 0)
        let list = await qmsauditOnTerminal(["evidence", "list", "--audit", audit.path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("Manual␛[31m<U+202E>"), "\(list.stdout)")
        #expect(!list.stdout.contains("\u{1B}"))
        let answers = await qmsauditOnTerminal(["answer", "list", "--audit", audit.path])
        #expect(answers.stdout.contains("Gauge␛[2J"), "\(answers.stdout)")
        #expect(!answers.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" })
        // Off a terminal the output is data, written as it was given.
        let json = await audit.run("answer", "list", "--format", "json")
        #expect(json.stdout.contains("\\u001b[2J") || json.stdout.contains("\u{1B}[2J"))
        // Messages name what was typed, visibly.
        let unknown = await audit.run("answer", "4.1-1\u{1B}[2J", "--verdict", "conforming")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("4.1-1␛[2J"), "\(unknown.stderr)")
        #expect(!unknown.stderr.contains("\u{1B}"))
    }
}
