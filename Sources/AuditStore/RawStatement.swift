import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C interface, for the few loops that run once
/// per row of a million-row import, where building GRDB's argument arrays would cost more
/// than SQLite's own work.
///
/// Only use it inside a GRDB transaction, and only for statements GRDB does not need to know
/// about (plain INSERT, UPDATE and SELECT on evidence tables).
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let db: Database

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        self.db = db
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds text to the 1-based parameter `index`.
    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress, !bytes.isEmpty {
                _ = sqlite3_bind_text(handle, index, base, Int32(bytes.count), Self.transient)
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    /// Binds an integer, or NULL for `nil`.
    func bind(_ index: Int32, _ value: Int?) {
        if let value {
            _ = sqlite3_bind_int64(handle, index, Int64(value))
        } else {
            _ = sqlite3_bind_null(handle, index)
        }
    }

    /// Runs a statement that returns no rows.
    func execute() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Steps a query: `true` when a row is ready to read, `false` when there are no more (the
    /// statement is then reset for its next use).
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error(code) }
        return false
    }

    /// Resets a query that was not read to its end.
    func reset() {
        sqlite3_reset(handle)
    }

    /// The text of column `index` (0-based) of the current row; empty for NULL.
    func text(_ index: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The integer of column `index` of the current row, `nil` for NULL.
    func integer(_ index: Int32) -> Int? {
        sqlite3_column_type(handle, index) == SQLITE_NULL
            ? nil : Int(sqlite3_column_int64(handle, index))
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}
