import AuditModel
import Foundation
import GRDB
import JSONStream

extension AuditFile {
    // MARK: - Export

    /// Writes everything the audit file holds as one `qmsaudit-audit/1` JSON document to
    /// `path`.
    ///
    /// The document is read from one snapshot of the file and written a row at a time, so an
    /// audit of any size exports in constant memory. Members and rows come in a fixed order
    /// and each row is one line, so two exports of the same audit are byte for byte the same
    /// and differ line by line where the audits differ. A file is written under a temporary
    /// name and renamed into place when complete.
    ///
    /// - Throws: `AuditStoreError.database` when the file cannot be read or the output written.
    @discardableResult
    public func exportJSON(to path: String) throws -> JSONSummary {
        let temporary = Self.temporaryName(beside: path)
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AuditStoreError.database(
                path: path, message: "cannot create it: \(String(cString: strerror(errno)))")
        }
        var done = false
        defer {
            if !done { unlink(temporary) }
        }
        let summary: JSONSummary
        do {
            defer { close(descriptor) }
            summary = try exportJSON(JSONWriter(descriptor: descriptor, name: "'\(path)'"))
            guard fsync(descriptor) == 0 else {
                throw AuditStoreError.database(
                    path: path, message: String(cString: strerror(errno)))
            }
        }
        guard rename(temporary, path) == 0 else {
            throw AuditStoreError.database(path: path, message: String(cString: strerror(errno)))
        }
        done = true
        return summary
    }

    /// Writes the `qmsaudit-audit/1` document to `emit`, a piece of text at a time.
    ///
    /// - Throws: `AuditStoreError.database`.
    @discardableResult
    public func exportJSON(emit: @escaping (String) -> Void) throws -> JSONSummary {
        try exportJSON(JSONWriter(name: "the output", emit: emit))
    }

    static func temporaryName(beside path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (folder.isEmpty ? "." : folder) + "/.\(name).\(UUID().uuidString).tmp"
    }

    private func exportJSON(_ writer: JSONWriter) throws -> JSONSummary {
        do {
            let summary = try access { queue in
                try queue.read { db in
                    try AuditJSONExport(db: db, writer: writer).write()
                }
            }
            try writer.flush()
            return summary
        } catch let error as JSONWriteError {
            throw AuditStoreError.database(path: path, message: error.description)
        }
    }

    // MARK: - Rebuild

    /// What an export wrote or a rebuild read.
    public struct JSONSummary: Sendable {
        /// The number of rows of each member, in the document's order.
        public var counts: [(member: String, rows: Int)]
        /// The journal's events (all verified, in a rebuild).
        public var journalEvents: Int

        /// The number of rows of `member`.
        public func rows(_ member: String) -> Int {
            counts.first { $0.member == member }?.rows ?? 0
        }
    }

    /// Creates an audit file at `path` from a `qmsaudit-audit/1` document, the same audit
    /// the export was written from.
    ///
    /// The document is read a row at a time into a new file under a temporary name: the
    /// journal's hash chain is checked event by event against its recorded head, every answer
    /// against the journal's last event for its item, the checklist against its SHA-256, and
    /// every row against the schema's constraints and references. Any
    /// problem refuses the whole rebuild at its line and column, and nothing is left at
    /// `path`. No journal event is added: the rebuilt audit is the exported one, and its own
    /// export is the same document.
    ///
    /// - Throws: `AuditStoreError.rebuildRefused`, `.alreadyExists`, `.database`.
    public static func create(at path: String, fromJSON source: String) throws -> (
        AuditFile, JSONSummary
    ) {
        var rebuild = JSONSummary(counts: [], journalEvents: 0)
        let reader: JSONReader
        do {
            reader = try JSONReader(path: source)
        } catch {
            throw AuditStoreError.rebuildRefused(
                source: source, line: 0, column: 0, message: "cannot read it: \(error.message)")
        }
        let file = try build(at: path) { queue in
            try queue.write { db in
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                var loader = AuditJSONLoader(db: db, reader: reader, source: source)
                rebuild = try loader.load()
                try loader.checkAnswers()
                try loader.checkReferences()
            }
        }
        return (file, rebuild)
    }
}

/// Writes the tables of one read transaction as a `qmsaudit-audit/1` document.
private struct AuditJSONExport {
    let db: Database
    let writer: JSONWriter

    func write() throws -> AuditFile.JSONSummary {
        var counts: [(member: String, rows: Int)] = []
        try writer.raw("{\n  \"schema\": ")
        try writer.string(AuditJSONFormat.schema)
        try writer.raw(",\n  \"audit\": ")
        var audits = 0
        try rows(of: AuditJSONFormat.audit) { _ in audits += 1 }
        guard audits == 1 else {
            throw AuditStoreError.corrupt("it holds \(audits) audit records, not one")
        }
        try writer.raw(",\n  \"checklist\": ")
        guard
            let checklist = try Data.fetchOne(db, sql: "SELECT json FROM checklist WHERE id = 1")
        else { throw AuditStoreError.corrupt("it holds no checklist") }
        _ = try compactJSON(checklist, "the checklist")
        try writer.raw(checklist)
        for table in AuditJSONFormat.tables {
            try writer.raw(",\n  ")
            try writer.string(table.member)
            try writer.raw(": [")
            var count = 0
            try rows(of: table) { _ in
                count += 1
            } before: { first in
                try writer.raw(first ? "\n    " : ",\n    ")
            }
            try writer.raw(count == 0 ? "]" : "\n  ]")
            counts.append((table.member, count))
        }
        try writer.raw(",\n  \"journal_head\": ")
        try writer.string(
            try String.fetchOne(db, sql: "SELECT sha256 FROM journal_head WHERE id = 1") ?? "")
        try writer.raw("\n}\n")
        return AuditFile.JSONSummary(
            counts: counts, journalEvents: counts.first { $0.member == "journal" }?.rows ?? 0)
    }

    private func rows(
        of table: AuditJSONFormat.Table, after: (Int) throws -> Void,
        before: (Bool) throws -> Void = { _ in }
    ) throws {
        let query = try RawStatement(db, sql: table.selectSQL)
        var number = 0
        while try query.step() {
            try before(number == 0)
            try writer.raw("{")
            for (index, column) in table.columns.enumerated() {
                if index > 0 { try writer.raw(",") }
                try writer.string(column.name)
                try writer.raw(":")
                try value(query, Int32(index), column, table: table)
            }
            try writer.raw("}")
            number += 1
            try after(number)
        }
    }

    private func value(
        _ row: RawStatement, _ index: Int32, _ column: AuditJSONFormat.Column,
        table: AuditJSONFormat.Table
    ) throws {
        let null = row.isNull(index)
        switch column.kind {
        case .text, .optionalText:
            if null {
                guard column.kind == .optionalText else {
                    throw AuditStoreError.corrupt("\(table.table).\(column.column) is NULL")
                }
                try writer.raw("null")
            } else {
                try row.withBytes(index) { try writer.string(bytes: $0) }
            }
        case .integer, .optionalInteger, .bool, .optionalBool:
            guard let number = row.integer(index) else {
                guard column.kind == .optionalInteger || column.kind == .optionalBool else {
                    throw AuditStoreError.corrupt("\(table.table).\(column.column) is NULL")
                }
                try writer.raw("null")
                return
            }
            switch column.kind {
            case .bool, .optionalBool: try writer.raw(number == 0 ? "false" : "true")
            default: try writer.integer(number)
            }
        case .json, .optionalJSON:
            try row.withBytes(index) { bytes in
                if null || (column.kind == .json && bytes.isEmpty) {
                    try writer.raw("null")
                    return
                }
                try writer.raw(try compactJSON(bytes, "\(table.table).\(column.column)"))
            }
        }
    }

    /// A stored JSON text without whitespace between its tokens, as a rebuild stores it;
    /// text that is not JSON, which would make the document unreadable, is refused.
    private func compactJSON(_ bytes: some Collection<UInt8>, _ what: String) throws -> [UInt8] {
        let reader = JSONReader(bytes: Array(bytes))
        do {
            let compact = try reader.raw()
            try reader.finish()
            return compact
        } catch {
            throw AuditStoreError.corrupt("\(what) holds text that is not JSON (\(error))")
        }
    }
}
