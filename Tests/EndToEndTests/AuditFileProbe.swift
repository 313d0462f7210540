import AuditTestSupport
import Foundation
import GRDB

/// What the fault tests look at in an audit or programme file, and what they feed it.
enum AuditFileProbe {
    /// The rows of `table`.
    static func count(_ path: String, _ table: String) throws -> Int {
        try read(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    /// SQLite's own check of the file: `ok` when it holds.
    static func integrity(_ path: String) throws -> String {
        try read(path) { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
    }

    private static func read<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// A register of `rows` records, all for `clause`, written into `folder`.
    static func register(_ rows: Int, clause: String, in folder: TemporaryDirectory) -> String {
        var csv = "Document No.,Title,ISO clause,Revision,Owner\n"
        for row in 0..<rows {
            csv += "REC-\(row),Record \(row) of the register,\(clause),1,Owner\n"
        }
        return folder.write("register-\(rows).csv", csv)
    }
}

extension Binary {
    /// Runs qmsaudit as a user for whom file permissions hold: as `nobody` (through
    /// `setpriv`, with a copy of the binary in `folder` that nobody may run) when the tests run
    /// as root, as CI does; as the user itself otherwise.
    static func runUnprivileged(_ arguments: [String], in folder: TemporaryDirectory) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        guard getuid() == 0 else { return try run(arguments, in: folder.path) }
        let binary = folder.path + "/qmsaudit"
        if !FileManager.default.fileExists(atPath: binary) {
            // Written through a descriptor closed on exec: a process another test starts
            // meanwhile must not inherit it, or running the copy fails with "Text file busy".
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let output = open(binary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            guard output >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            close(output)
            guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
            chmod(binary, 0o755)
        }
        return try run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments,
            executable: "/usr/bin/setpriv", in: folder.path)
    }
}
