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
    private let arena: BindArena

    /// Prepares `sql`; text bound to it is copied into `arena`, which must outlive every step.
    init(_ db: Database, arena: BindArena = BindArena(), sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        self.db = db
        self.arena = arena
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds text to the 1-based parameter `index`.
    ///
    /// The bytes are copied into the arena and bound in place (SQLite's "static" binding), so
    /// SQLite does not allocate a copy of each value; a value the arena has no room for is
    /// bound as a copy SQLite makes.
    func bind(_ index: Int32, _ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bind(index, $0) }) == nil {
            var copy = text
            copy.withUTF8 { bind(index, $0) }
        }
    }

    /// Binds UTF-8 bytes as text to the 1-based parameter `index`.
    func bind(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else {
            _ = sqlite3_bind_text(handle, index, arena.empty, 0, nil)
            return
        }
        if let copy = arena.copy(bytes) {
            _ = sqlite3_bind_text(handle, index, copy, Int32(bytes.count), nil)
        } else {
            _ = sqlite3_bind_text(handle, index, source, Int32(bytes.count), Self.transient)
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

    /// The UTF-8 bytes of column `index` of the current row (empty for NULL), valid only
    /// inside `body`.
    func withBytes<Result>(
        _ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        let bytes = sqlite3_column_text(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    }

    /// Whether column `index` of the current row is NULL.
    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
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

/// Memory the text bound to raw statements is copied into, reused row after row: `reset()` it
/// before binding a row's values, and step the statement before the next reset.
final class BindArena {
    private let base: UnsafeMutablePointer<CChar>
    private let capacity = 1 << 16
    private var used = 1

    init() {
        base = .allocate(capacity: capacity)
        base.initialize(to: 0)
    }

    deinit {
        base.deallocate()
    }

    /// An empty C string.
    var empty: UnsafePointer<CChar> { UnsafePointer(base) }

    /// Forgets what was copied; what was bound from it must not be stepped again.
    func reset() {
        used = 1
    }

    /// A copy of `bytes` valid until the next reset, or `nil` when there is no room.
    func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
        guard let source = bytes.baseAddress, used + bytes.count <= capacity else { return nil }
        let target = base + used
        UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
        return UnsafePointer(target)
    }
}
