public import AuditModel
import Foundation
import GRDB

/// A value in a programme row.
public enum ProgrammeValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case null

    /// The text, or `nil` for an integer or nothing.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The integer, or `nil`.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// A text, or nothing for `nil`.
    public static func optional(_ text: String?) -> ProgrammeValue {
        text.map(ProgrammeValue.text) ?? .null
    }
}

/// The SQL dialects a programme is kept in.
public enum ProgrammeDialect: Sendable {
    case sqlite
    case postgresql
}

/// One transaction on a programme's database.
///
/// Statements are written once for both engines: `?` placeholders (renumbered for
/// PostgreSQL), and the few phrases that differ chosen by `dialect`.
public protocol ProgrammeTransaction {
    /// The engine's dialect.
    var dialect: ProgrammeDialect { get }
    /// The rows `sql` returns, each a value per selected column.
    func rows(_ sql: String, _ arguments: [ProgrammeValue]) throws -> [[ProgrammeValue]]
    /// Runs `sql`.
    func execute(_ sql: String, _ arguments: [ProgrammeValue]) throws
}

extension ProgrammeTransaction {
    /// The first column of the first row, if any.
    public func value(_ sql: String, _ arguments: [ProgrammeValue] = []) throws -> ProgrammeValue? {
        try rows(sql, arguments).first?.first
    }

    /// The first column of every row, as text.
    public func texts(_ sql: String, _ arguments: [ProgrammeValue] = []) throws -> [String] {
        try rows(sql, arguments).compactMap { $0.first?.text }
    }

    /// Inserts `rows` into `columns` of `table`, many rows a statement: an attach writes tens
    /// of thousands, and a statement each costs a round trip to a server.
    func insert(into table: String, _ columns: [String], _ rows: [[ProgrammeValue]]) throws {
        let perStatement = Swift.max(1, 4000 / Swift.max(1, columns.count))
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let batch = rows[start..<Swift.min(rows.count, start + perStatement)]
            try execute(
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: row, count: batch.count).joined(separator: ", "),
                batch.flatMap { $0 })
            start += batch.count
        }
    }

    /// Inserts the row keyed `key` = `id`, or replaces it.
    func upsert(table: String, key: String, id: String, json: String) throws {
        switch dialect {
        case .sqlite:
            try execute(
                "INSERT OR REPLACE INTO \(table) (\(key), json) VALUES (?, ?)",
                [.text(id), .text(json)])
        case .postgresql:
            try execute(
                "INSERT INTO \(table) (\(key), json) VALUES (?, ?)"
                    + " ON CONFLICT (\(key)) DO UPDATE SET \(key) = EXCLUDED.\(key),"
                    + " json = EXCLUDED.json",
                [.text(id), .text(json)])
        }
    }
}

/// One row a write adds (or, with `conflict`, replaces), in either dialect.
struct ProgrammeInsert {
    var table: String
    var columns: [String]
    var values: [ProgrammeValue]
    /// What to do with a row whose key exists, such as `ON CONFLICT (k) DO UPDATE SET …`
    /// (the same words in both dialects).
    var conflict = ""

    /// The statement.
    func sql() -> String {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
            + (conflict.isEmpty ? "" : " \(conflict)")
    }
}

/// Where a programme is kept: a SQLite file, or a PostgreSQL database a team shares.
public protocol ProgrammeEngine: Sendable {
    /// The file's path, or the database's address without its password.
    var location: String { get }
    /// The engine's dialect.
    var dialect: ProgrammeDialect { get }
    /// Runs `body` in one read transaction.
    func read<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T
    /// Runs `body` in one write transaction: all of it or none of it. (Writers are serialised
    /// by the journal, which takes its head first: the journal stays one chain.)
    func write<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T
    /// Runs `body` as one transaction that, on a server, is a single statement `body` sends:
    /// no BEGIN and COMMIT round trips (a file runs it as `write` does).
    func statement<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T
}

/// The programme in a SQLite file.
final class SQLiteProgrammeEngine: ProgrammeEngine {
    let location: String
    var dialect: ProgrammeDialect { .sqlite }
    private let queue: DatabaseQueue

    init(path: String, queue: DatabaseQueue) {
        location = path
        self.queue = queue
    }

    func read<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T {
        try mapped { try queue.read { try body(Transaction(db: $0)) } }
    }

    func write<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T {
        try mapped { try queue.write { try body(Transaction(db: $0)) } }
    }

    func statement<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T {
        try write(body)
    }

    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw ProgrammeError.database(path: location, message: error.forPeople)
        }
    }

    struct Transaction: ProgrammeTransaction {
        let db: Database
        var dialect: ProgrammeDialect { .sqlite }

        func rows(_ sql: String, _ arguments: [ProgrammeValue]) throws -> [[ProgrammeValue]] {
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments))
                .map { row in
                    (0..<row.count).map { index in
                        switch row[index] as DatabaseValue {
                        case let value where value.isNull: .null
                        case let value:
                            switch value.storage {
                            case .int64(let number): .integer(Int(number))
                            case .double(let number): .integer(Int(number))
                            case .string(let text): .text(text)
                            case .blob(let data): .text(String(decoding: data, as: UTF8.self))
                            case .null: .null
                            }
                        }
                    }
                }
        }

        func execute(_ sql: String, _ arguments: [ProgrammeValue]) throws {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }

        static func arguments(_ values: [ProgrammeValue]) -> StatementArguments {
            StatementArguments(
                values.map { value -> (any DatabaseValueConvertible)? in
                    switch value {
                    case .text(let text): text
                    case .integer(let number): number
                    case .null: nil
                    }
                })
        }
    }
}

/// What a change expects to find where it writes: a change someone else made in between is
/// refused, never overwritten.
public enum ProgrammeExpectation<T: Hashable & Sendable>: Sendable {
    /// Whatever is there: a deliberate overwrite.
    case anything
    /// Nothing: the change adds it.
    case absent
    /// What the command read before changing it.
    case unchanged(T)
}
