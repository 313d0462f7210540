import AuditStore
public import Foundation

/// Where a programme's PostgreSQL database is: `postgresql://USER@HOST:PORT/DATABASE`, the
/// libpq form (`postgres://` too; `?host=/run/postgresql` or a host starting with `/` is the
/// folder of a Unix socket).
///
/// The password never comes from the address (it would end up in shell histories and the
/// journal): it is `PGPASSWORD`, else the matching line of `~/.pgpass` (or `PGPASSFILE`).
/// `sslmode` and `sslrootcert` (or `PGSSLMODE`, `PGSSLROOTCERT`) say how a TCP connection is
/// encrypted, as for libpq.
public struct PostgresAddress: Sendable, Hashable {
    /// How a TCP connection uses TLS, by libpq's names (a Unix socket never does).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never.
        case disable
        /// When the server offers it (libpq tries without first; here as `prefer`).
        case allow
        /// When the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// Always, without checking the certificate.
        case require
        /// Always, with a certificate signed by the trusted authority.
        case verifyCA = "verify-ca"
        /// Always, with a certificate signed by the trusted authority and naming the host.
        case verifyFull = "verify-full"
    }

    /// The user to connect as.
    public var user: String
    /// The host name or address; empty for a Unix socket.
    public var host: String
    /// The folder of the server's Unix socket, when it is reached through one.
    public var socketFolder: String?
    /// The port (also in the socket's name).
    public var port: Int
    /// The database.
    public var database: String
    /// How a TCP connection uses TLS.
    public var tls: TLSMode
    /// The file of the authorities trusted to sign the server's certificate (PEM), if named.
    public var rootCertificate: String?

    /// Whether `text` is a PostgreSQL address rather than a file's path.
    public static func isAddress(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Reads `text`.
    ///
    /// - Throws: `ProgrammeError.refused` for an address that is not one, or that holds a
    ///   password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        guard Self.isAddress(text), let components = URLComponents(string: text) else {
            throw ProgrammeError.refused(
                "'\(text)' is not a PostgreSQL address (postgresql://USER@HOST/DATABASE)")
        }
        if components.password != nil {
            throw ProgrammeError.refused(
                "the address holds a password; put it in ~/.pgpass or PGPASSWORD instead, so it"
                    + " stays out of shell histories and the journal")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last })
        user =
            components.user?.removingPercentEncoding ?? query["user"] ?? environment["PGUSER"]
            ?? environment["USER"] ?? "postgres"
        port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        let host = query["host"] ?? components.host?.removingPercentEncoding ?? ""
        if host.hasPrefix("/") {
            socketFolder = host
            self.host = ""
        } else {
            socketFolder = host.isEmpty ? "/var/run/postgresql" : nil
            self.host = host
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : ""
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        let mode = query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        guard let tls = TLSMode(rawValue: mode) else {
            throw ProgrammeError.refused(
                "sslmode '\(mode)' is not one of "
                    + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.tls = tls
        rootCertificate = (query["sslrootcert"] ?? environment["PGSSLROOTCERT"]).flatMap {
            $0.isEmpty ? nil : $0
        }
        explicitTLS = query["sslmode"] != nil
    }

    /// Whether the address itself names the TLS mode (then its description does too).
    private var explicitTLS = false

    /// The socket's path, for a Unix socket.
    public var socketPath: String? {
        socketFolder.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// The address as people read it, without a password.
    public var description: String {
        let place = socketFolder.map { "?host=\($0)" } ?? ""
        let server = host.isEmpty ? "" : host + (port == 5432 ? "" : ":\(port)")
        let socketPort = socketFolder != nil && port != 5432 ? "&port=\(port)" : ""
        let mode = explicitTLS ? (place.isEmpty ? "?" : "&") + "sslmode=\(tls.rawValue)" : ""
        return "postgresql://\(user)@\(server)/\(database)\(place)\(socketPort)\(mode)"
    }

    /// The password: `PGPASSWORD`, else the first line of the password file that matches
    /// (`hostname:port:database:username:password`, `*` matching anything); `nil` when none.
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String?
    {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let file =
            environment["PGPASSFILE"]
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let hostName = host.isEmpty ? "localhost" : host
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.fields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [hostName, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
                return fields[4]
            }
        }
        return nil
    }

    /// The colon-separated fields of a password-file line (`\:` and `\\` escaped).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
