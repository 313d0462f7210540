public import AuditModel
public import AuditStore
public import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A programme kept in a PostgreSQL database a team shares: the same tables, journal and
/// rules as the programme file, every change one transaction of the server's.
public enum PostgresProgramme {
    /// The schema changes, in order; the identifiers are the programme file's, recorded in
    /// `qmsaudit_migrations`.
    static var identifiers: [String] { PostgresSchema.migrations.map(\.identifier) }

    /// Opens the programme at `address`.
    ///
    /// - Throws: `ProgrammeError.database` (no connection, a refused password),
    ///   `.notAProgramme` (a database without qmsaudit's tables), `.newerFormat`.
    public static func open(
        _ address: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProgrammeStore {
        let engine = try PostgresEngine(
            PostgresAddress(address, environment: environment), environment: environment)
        let applied = try engine.read { transaction in
            guard
                try transaction.value("SELECT to_regclass('qmsaudit_migrations')::text")?.text
                    != nil
            else {
                throw ProgrammeError.notAProgramme(
                    path: engine.location,
                    reason: "the database has no qmsaudit programme (create one with 'qmsaudit"
                        + " programme init --programme \(engine.location)')")
            }
            return Set(try transaction.texts("SELECT identifier FROM qmsaudit_migrations"))
        }
        let unknown = applied.subtracting(identifiers)
        guard unknown.isEmpty else {
            throw ProgrammeError.newerFormat(path: engine.location, unknown: unknown.sorted())
        }
        guard applied.contains(identifiers[0]) else {
            throw ProgrammeError.notAProgramme(
                path: engine.location, reason: "its schema was never completed")
        }
        if applied.count < identifiers.count { try upgrade(engine) }
        return ProgrammeStore(engine: engine)
    }

    /// Creates a programme in the database at `address`, which must not hold one: the schema
    /// and the first rows in one transaction.
    ///
    /// - Throws: `ProgrammeError.alreadyExists`, `.database`.
    public static func create(
        _ address: String, organisation: String, scope: String, checklist: Checklist,
        context: ChangeContext,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProgrammeStore {
        try create(address, environment: environment) { transaction in
            try ProgrammeStore.initialise(
                transaction, organisation: organisation, scope: scope, checklist: checklist,
                context: context)
        }
    }

    /// Creates a programme in the database at `address`, which must not hold one: the schema,
    /// then the rows `fill` writes, in one transaction.
    ///
    /// - Throws: `ProgrammeError.alreadyExists`, `.database`; what `fill` throws.
    public static func create(
        _ address: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        filling fill: (any ProgrammeTransaction) throws -> Void
    ) throws -> ProgrammeStore {
        let engine = try PostgresEngine(
            PostgresAddress(address, environment: environment), environment: environment)
        try engine.create { transaction in
            if try transaction.value("SELECT to_regclass('qmsaudit_migrations')::text")?.text
                != nil
            {
                throw ProgrammeError.alreadyExists(path: engine.location)
            }
            try migrate(transaction, applied: [])
            try fill(transaction)
        }
        return ProgrammeStore(engine: engine)
    }

    /// Applies the schema changes `applied` lacks, recording each.
    private static func migrate(
        _ transaction: any ProgrammeTransaction, applied: Set<String>
    ) throws {
        for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
            for statement in migration.statements {
                try transaction.execute(statement, [])
            }
            try transaction.execute(
                "INSERT INTO qmsaudit_migrations (identifier) VALUES (?)",
                [.text(migration.identifier)])
        }
    }

    /// Brings an older programme's schema up to date, in one transaction; one process does it
    /// while any other opening at the same moment waits, then finds it done.
    private static func upgrade(_ engine: PostgresEngine) throws {
        do {
            try engine.create { transaction in
                try transaction.execute("LOCK TABLE qmsaudit_migrations IN EXCLUSIVE MODE", [])
                let applied = Set(
                    try transaction.texts("SELECT identifier FROM qmsaudit_migrations"))
                try migrate(transaction, applied: applied)
            }
        } catch ProgrammeError.refused {
            throw ProgrammeError.database(
                path: engine.location,
                message: "the programme was made by an older qmsaudit and its tables must be"
                    + " brought up to date, which this login may not do: ask the database's"
                    + " owner to run any qmsaudit programme command once (for example"
                    + " 'qmsaudit programme log --verify --programme …'), then"
                    + " 'qmsaudit programme sql --roles' again")
        }
    }
}

/// One connection to the server, used by one command at a time; each read and write is a
/// transaction of its own.
final class PostgresEngine: ProgrammeEngine, @unchecked Sendable {
    let location: String
    var dialect: ProgrammeDialect { .postgresql }
    private let connection: PostgresConnection
    private let logger = Logger(label: "qmsaudit-programme")
    /// Serialises the commands' use of the one connection.
    private let lock = NSLock()
    private let state = ConnectionState()

    /// Whether the server dropped the connection.
    final class ConnectionState: @unchecked Sendable {
        private let lock = NSLock()
        private var dropped = false

        var lost: Bool {
            get { lock.withLock { dropped } }
            set { lock.withLock { dropped = newValue } }
        }
    }

    init(
        _ address: PostgresAddress,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        location = address.description
        let password = address.password(environment: environment)
        let configuration: PostgresConnection.Configuration
        if let socket = address.socketPath {
            configuration = .init(
                unixSocketPath: socket, username: address.user, password: password,
                database: address.database)
        } else {
            configuration = .init(
                host: address.host, port: address.port, username: address.user,
                password: password, database: address.database,
                tls: try Self.tls(address, environment: environment))
        }
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                id: 1, logger: logger
            ).wait()
        } catch {
            throw Self.mapped(error, location: location, connecting: true)
        }
    }

    deinit {
        if !state.lost { try? connection.close().wait() }
    }

    /// TLS for a TCP connection, as the address's `sslmode` asks: certificates are checked
    /// against `sslrootcert` (else `~/.postgresql/root.crt`, else, for `verify-full`, the
    /// system's authorities).
    static func tls(_ address: PostgresAddress, environment: [String: String]) throws
        -> PostgresConnection.Configuration.TLS
    {
        var configuration = TLSConfiguration.makeClientConfiguration()
        let home = environment["HOME"] ?? NSHomeDirectory()
        let defaultRoot = home + "/.postgresql/root.crt"
        let root =
            address.rootCertificate
            ?? (FileManager.default.fileExists(atPath: defaultRoot) ? defaultRoot : nil)
        switch address.tls {
        case .disable:
            return .disable
        case .allow, .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA, .verifyFull:
            let needed =
                "sslmode=\(address.tls.rawValue) checks the server's certificate against the"
                + " authority that signed it: name its certificate file with sslrootcert=FILE"
                + " (or PGSSLROOTCERT, or ~/.postgresql/root.crt)"
            if let root {
                guard FileManager.default.isReadableFile(atPath: root) else {
                    throw ProgrammeError.refused(needed + "; '\(root)' cannot be read")
                }
                configuration.trustRoots = .file(root)
            } else if address.tls == .verifyCA {
                throw ProgrammeError.refused(needed)
            }
            configuration.certificateVerification =
                address.tls == .verifyFull ? .fullVerification : .noHostnameVerification
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ProgrammeError.refused("cannot set up TLS for the connection: \(error)")
        }
        return address.tls == .allow || address.tls == .prefer
            ? .prefer(context) : .require(context)
    }

    func read<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T {
        // READ COMMITTED: each statement sees what the writer before it committed, once the
        // journal's head (which every write takes first) is this writer's.
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    func statement<T>(_ body: (any ProgrammeTransaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(
            Transaction(connection: connection, logger: logger, location: location, state: state))
    }

    /// Runs `body` in the transaction that creates the schema.
    func create(_ body: (any ProgrammeTransaction) throws -> Void) throws {
        try transaction(begin: "BEGIN", body)
    }

    private func transaction<T>(
        begin: String, _ body: (any ProgrammeTransaction) throws -> T
    ) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let transaction = Transaction(
            connection: connection, logger: logger, location: location, state: state)
        try transaction.execute(begin, [])
        do {
            let result = try body(transaction)
            try transaction.execute("COMMIT", [])
            return result
        } catch {
            // A connection the server dropped answers nothing more (PostgresNIO would wait for
            // ever); the server has rolled the transaction back itself.
            if !state.lost { try? transaction.execute("ROLLBACK", []) }
            throw error
        }
    }

    /// A message for people from what PostgresNIO threw (its own descriptions hide the
    /// server's message on purpose).
    static func mapped(
        _ error: any Error, location: String, connecting: Bool = false,
        state: ConnectionState? = nil
    ) -> any Error {
        if error is ProgrammeError { return error }
        if let error = error as? PSQLError {
            if error.code == .sslUnsupported {
                return ProgrammeError.database(
                    path: location,
                    message: "the server does not offer TLS, which the address's sslmode requires"
                        + " (sslmode=prefer connects without it)")
            }
            if connecting, let underlying = error.underlying,
                underlying is NIOSSLError || underlying is BoringSSLError
            {
                return ProgrammeError.database(
                    path: location,
                    message: "the TLS connection failed: the server's certificate was not"
                        + " accepted (\(underlying)); check sslrootcert and the host name")
            }
            if error.code == .authMechanismRequiresPassword {
                return ProgrammeError.database(
                    path: location,
                    message: "the server asks for a password and none was found: put it in"
                        + " ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD")
            }
            let lost: Set<PSQLError.Code> = [
                .serverClosedConnection, .uncleanShutdown, .connectionError,
            ]
            if !connecting
                && (lost.contains(error.code)
                    || error.serverInfo?[.sqlState]?.hasPrefix("57P") == true)
            {
                state?.lost = true
                let reason = error.serverInfo?[.message].map { " (\($0))" } ?? ""
                return ProgrammeError.database(
                    path: location,
                    message: "the connection to the server was lost\(reason); the server undoes"
                        + " a transaction it did not finish, so nothing of this command was"
                        + " written: run it again when the server is back")
            }
            if let info = error.serverInfo, info[.sqlState] == "42501",
                let message = info[.message], message.hasPrefix("qmsaudit: ")
            {
                return ProgrammeError.refused(String(message.dropFirst("qmsaudit: ".count)))
            }
            if let info = error.serverInfo, info[.sqlState] == "42501",
                info[.message]?.contains("row-level security") == true
            {
                return ProgrammeError.refused(
                    "your database role may attach only the audits you lead or are on the team"
                        + " of, and the programme does not list you on this one (or the"
                        + " database's owner has not said which auditor you are, in qms_login)")
            }
            if let info = error.serverInfo, info[.sqlState] == "42501" {
                return ProgrammeError.refused(
                    "your database role may not make this change ("
                        + (info[.message] ?? "permission denied") + "): \(PostgresRoles.reader)"
                        + " reads, \(PostgresRoles.auditor) also attaches audits and follows their"
                        + " corrective actions, \(PostgresRoles.manager) also plans, assigns and"
                        + " closes; ask the database's owner")
            }
            if let info = error.serverInfo {
                let message = info[.message] ?? "the server refused"
                let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                let detail = info[.detail].map { ": \($0)" } ?? ""
                return ProgrammeError.database(path: location, message: message + detail + state)
            }
            if let underlying = error.underlying {
                return ProgrammeError.database(
                    path: location,
                    message: (connecting ? "cannot connect: " : "") + reason(underlying))
            }
            if connecting && error.code == .serverClosedConnection {
                return ProgrammeError.database(
                    path: location,
                    message: "cannot connect: the connection was closed before the server"
                        + " answered (no route to the host, or something between refused it)")
            }
            return ProgrammeError.database(
                path: location,
                message: connecting ? "cannot connect (\(error.code))" : "\(error.code)")
        }
        return ProgrammeError.database(
            path: location, message: (connecting ? "cannot connect: " : "") + "\(error)")
    }

    /// Why a connection failed, as people say it: the system's word for the first failed
    /// attempt (`connection refused`), not NIO's nested description.
    static func reason(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            let first = error.connectionErrors.first?.error ?? error.dnsAError ?? error.dnsAAAAError
            return first.map(reason) ?? "no address to connect to"
        }
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
                + " (is the server running and taking connections there?)"
        }
        return "\(error)"
    }

    struct Transaction: ProgrammeTransaction {
        let connection: PostgresConnection
        let logger: Logger
        let location: String
        let state: ConnectionState
        var dialect: ProgrammeDialect { .postgresql }

        func rows(_ sql: String, _ arguments: [ProgrammeValue]) throws -> [[ProgrammeValue]] {
            let result: PostgresQueryResult
            do {
                result = try connection.query(query(sql, arguments), logger: logger).wait()
            } catch {
                throw PostgresEngine.mapped(error, location: location, state: state)
            }
            return try result.rows.map { row in
                try row.map { cell in
                    guard cell.bytes != nil else { return .null }
                    switch cell.dataType {
                    case .int2, .int4, .int8: return .integer(try cell.decode(Int.self))
                    default: return .text(try cell.decode(String.self))
                    }
                }
            }
        }

        func execute(_ sql: String, _ arguments: [ProgrammeValue]) throws {
            _ = try rows(sql, arguments)
        }

        /// `sql` with its `?` placeholders numbered as PostgreSQL wants them, and its values.
        private func query(_ sql: String, _ arguments: [ProgrammeValue]) -> PostgresQuery {
            var text = ""
            var number = 0
            for character in sql {
                if character == "?" {
                    number += 1
                    text += "$\(number)"
                } else {
                    text.append(character)
                }
            }
            var binds = PostgresBindings(capacity: arguments.count)
            for argument in arguments {
                switch argument {
                case .text(let value): binds.append(value)
                case .integer(let value): binds.append(value)
                case .null: binds.appendNull()
                }
            }
            return PostgresQuery(unsafeSQL: text, binds: binds)
        }
    }
}
