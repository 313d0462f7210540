import AuditModel
import Foundation
import GRDB
import ImportTransport

/// Gives each document-folder source of an audit file from before roots were recorded its
/// root, and makes its records' locations relative to it (migration v8).
///
/// The folder's real path is what the audit recorded as the source's place, when it did;
/// else the folder as named, if it is found from here (an absolute path, or relative to the
/// folder the command runs in). A folder found nowhere keeps its locations as they were,
/// resolved against the working folder as before, until `evidence relocate` names its root.
enum FolderRoots {
    static func migrate(_ db: Database) throws {
        let sources = try Row.fetchAll(
            db, sql: "SELECT id, name, place FROM evidence_source WHERE name LIKE 'dir:%'")
        for source in sources {
            let (id, name, place): (Int, String, String) = (source[0], source[1], source[2])
            let folder = String(name.dropFirst("dir:".count))
            let root = place.isEmpty ? realPath(folder) ?? "" : place
            guard !root.isEmpty else { continue }
            try db.execute(
                sql: "UPDATE evidence_source SET root = ? WHERE id = ?", arguments: [root, id])
            try relativise(db, source: id, folder: folder)
        }
    }

    /// Locations of the form `FOLDER/KEY` become `KEY`, and their fingerprints are made again
    /// from the new location (a re-scan would otherwise see every record as changed).
    private static func relativise(_ db: Database, source: Int, folder: String) throws {
        let query = try RawStatement(
            db,
            sql: """
                SELECT number, kind, title, document_number, revision, location, sha256, size,
                    modified, effective_date, review_date, owner, clauses, tags, status,
                    description, attributes, natural_key, fingerprint
                FROM evidence WHERE source_id = ?
                """)
        query.bind(1, source)
        var rows = EvidenceRows()
        var changes: [(number: Int, location: String, fingerprint: Int)] = []
        let prefix = folder == "/" ? "/" : folder + "/"
        while try query.step() {
            let key = query.text(17)
            var draft = rows.draft(query, kindColumn: 1, key: key)
            guard draft.location == prefix + key else { continue }
            draft.location = key
            let fingerprint =
                query.integer(18) == 0 ? 0 : DraftBatch([draft]).withView { $0.fingerprint(of: 0) }
            changes.append((query.integer(0) ?? 0, key, fingerprint))
        }
        for change in changes {
            try db.execute(
                sql: "UPDATE evidence SET location = ?, fingerprint = ? WHERE number = ?",
                arguments: [change.location, change.fingerprint, change.number])
        }
    }

    /// The real path of `folder` (links and `..` resolved), when it is a folder found from here.
    static func realPath(_ folder: String) -> String? {
        guard let resolved = Glibc.realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        var isFolder: ObjCBool = false
        let path = String(cString: resolved)
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
            isFolder.boolValue
        else { return nil }
        return path
    }
}
