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
            try FileManager.default.copyItem(atPath: path, toPath: binary)
            chmod(binary, 0o755)
        }
        return try run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments,
            executable: "/usr/bin/setpriv", in: folder.path)
    }
}
