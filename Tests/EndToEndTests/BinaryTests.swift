import AuditTestSupport
import Foundation
import Testing

/// Runs the built `qmsaudit` binary, as a user would.
struct Binary {
    static var path: String {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent()
            .appendingPathComponent("qmsaudit").path
        if let beside, FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Fixture.packageRoot + "/.build/debug/qmsaudit"
    }

    static func run(
        _ arguments: [String], executable: String = Binary.path,
        environment: [String: String] = [:], in directory: String? = nil, input: String? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["QMSAUDIT_CHECKLISTS"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Both pipes are drained at once: a child filling one while the other is read waits
        // forever.
        let errors = ErrorDrain(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }
}

@Suite struct BinaryTests {
    @Test func printsItsVersion() throws {
        let result = try Binary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    /// Installed as a package lays it out (`PREFIX/bin`, `PREFIX/share/qmsaudit/examples`),
    /// the demo finds its examples without being told where they are.
    @Test func runsTheDemo() throws {
        let folder = TemporaryDirectory()
        let prefix = folder.path + "/prefix"
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: prefix + "/share/qmsaudit/examples", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try manager.copyItem(atPath: Binary.path, toPath: prefix + "/bin/qmsaudit")
        try manager.createSymbolicLink(
            atPath: prefix + "/share/qmsaudit/examples/acme-widgets",
            withDestinationPath: Fixture.packageRoot + "/examples/acme-widgets")
        let result = try Binary.run(
            ["demo"], executable: prefix + "/bin/qmsaudit", in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("iso9001-2015 — ISO 9001:2015 internal audit"))
        #expect(result.stdout.contains("valid: 0 errors"))
        #expect(result.stdout.contains("149 answers recorded in one transaction"))
        #expect(result.stdout.contains("6 drafts completed"))
        #expect(result.stdout.contains("readiness: not ready"))
        for name in [
            "acme-widgets.qmsaudit", "nc-report.html", "nc-report.md", "audit-report.html",
            "audit-report.md",
        ] {
            #expect(FileManager.default.fileExists(atPath: folder.path + "/demo-output/" + name))
        }
        // The whole mission ends in a verified Stage 1 pack, as a folder and a ZIP.
        #expect(FileManager.default.fileExists(atPath: folder.path + "/demo-pack/index.html"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/demo-pack.zip"))
        #expect(
            result.stdout.contains(
                "qmsaudit pack verify demo-pack.zip   → 50 files checked, 0 problems"))
        let verify = try Binary.run(["pack", "verify", "demo-pack.zip"], in: folder.path)
        #expect(verify.status == 0, "\(verify.stdout)")
        let html = try String(
            contentsOfFile: folder.path + "/demo-output/nc-report.html", encoding: .utf8)
        #expect(html.contains("<h2>NC-003: Major nonconformity, clause 7.1.5.2</h2>"))
        #expect(!html.contains("DRAFT"))
    }

    @Test func validatesAndFailsWithLineAndColumn() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bad.yaml", "id: bad\ntitle: Bad\nextends: nothing-here\n")
        let result = try Binary.run(["checklist", "validate", path])
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix(
                "\(path):3:10: error: 'extends' names checklist 'nothing-here', which was not found"
            ))
        #expect(result.stdout == "\(path): 1 error\n")
    }

    @Test func readsChecklistsFromTheFolderInTheEnvironment() throws {
        let folder = TemporaryDirectory()
        folder.write(
            "company.yaml",
            "id: company\ntitle: Company\nextends: iso9001-2015\nclauses:\n  - number: \"7.4\"\n"
                + "    items:\n      - id: CO-1\n        question: Is the intranet current?\n")
        let result = try Binary.run(
            ["checklist", "list"], environment: ["QMSAUDIT_CHECKLISTS": folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("company "))
        #expect(result.stdout.contains("155"))
        let bad = try Binary.run(
            ["checklist", "list"], environment: ["QMSAUDIT_CHECKLISTS": folder.path + "/nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("QMSAUDIT_CHECKLISTS names"))
    }
}

/// Reads a pipe to its end on another thread.
private final class ErrorDrain: @unchecked Sendable {
    // `data` is written before `done` is signalled and read after waiting on it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
