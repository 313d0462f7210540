import Foundation

/// A throwaway PostgreSQL cluster for the tests, stopped and removed when the test process
/// exits.
///
/// `initdb` into a temporary folder, started on a Unix socket in that folder (no TCP port is
/// opened). One cluster per test process; each test makes a database of its own.
///
/// The server binaries come from Debian's `postgresql` package (`/usr/lib/postgresql/N/bin`),
/// which `make test-deps` installs. As root, the cluster runs as the `postgres` user, since
/// PostgreSQL refuses to run as root.
public final class PostgresCluster: Sendable {
    /// The folder holding the data and the socket.
    public let folder: String
    /// The port, which names the socket.
    public let port: Int
    /// The superuser the tests connect as.
    public let superuser: String
    /// The folder of the server's programs.
    public let binaries: String

    /// Why the cluster could not be started.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started: Result<PostgresCluster, Failure>?

    /// The test process's cluster, started on first use.
    ///
    /// - Throws: `Failure` when PostgreSQL is not installed or does not start.
    public static func shared() throws -> PostgresCluster {
        try lock.withLock {
            if let started { return try started.get() }
            let result = Result { try PostgresCluster() }.mapError {
                $0 as? Failure ?? Failure(description: "\($0)")
            }
            started = result
            return try result.get()
        }
    }

    /// A cluster of the caller's own, also removed at exit.
    ///
    /// For a test that stops and starts its server (the shared one serves tests running at
    /// the same time). With a `password`, every connection must give it (SCRAM), the
    /// superuser's included.
    public static func own(password: String? = nil, tls: Bool = false) throws -> PostgresCluster {
        try PostgresCluster(password: password, tls: tls)
    }

    /// Whether the server also listens on 127.0.0.1, with TLS: its certificate, for
    /// `localhost` and 127.0.0.1, is signed by the authority in `authorityFile`.
    public let tls: Bool

    /// The certificate of the authority that signed the server's (PEM), with `tls`.
    public var authorityFile: String { folder + "/ca.crt" }

    /// The address of `database` over TCP on 127.0.0.1, with `query` (such as `sslmode=…`).
    public func tcpAddress(_ database: String, host: String = "127.0.0.1", query: String = "")
        -> String
    {
        "postgresql://\(superuser)@\(host):\(port)/\(database)" + (query.isEmpty ? "" : "?" + query)
    }

    /// The password every connection must give, if any.
    public let password: String?

    /// Clusters to stop when the process exits: data folder and folder, by their binaries.
    nonisolated(unsafe) private static var running: [(String, String, String)] = []

    private static let runningLock = NSLock()

    private static func register(_ cluster: PostgresCluster) {
        runningLock.withLock {
            if running.isEmpty {
                atexit {
                    for (binaries, data, folder) in PostgresCluster.running {
                        _ = try? PostgresCluster.run(
                            binaries + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"],
                            asPostgres: getuid() == 0)
                        try? FileManager.default.removeItem(atPath: folder)
                    }
                }
            }
            running.append((cluster.binaries, cluster.folder + "/data", cluster.folder))
        }
    }

    /// Stops the server at once, as a crash or a power cut would (`pg_ctl stop -m immediate`).
    public func crash() throws {
        _ = try Self.run(
            binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"],
            asPostgres: getuid() == 0)
    }

    /// Starts the server (again).
    public func start() throws {
        _ = try Self.run(
            binaries + "/pg_ctl",
            [
                "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-o",
                "-k \(folder) -p \(port) -c fsync=off "
                    + (tls
                        ? "-c listen_addresses=127.0.0.1 -c ssl=on"
                            + " -c ssl_cert_file=\(folder)/server.crt"
                            + " -c ssl_key_file=\(folder)/server.key"
                        : "-c listen_addresses=''"),
                "start",
            ], asPostgres: getuid() == 0)
    }

    private init(password: String? = nil, tls: Bool = false) throws {
        self.password = password
        self.tls = tls
        let versions =
            (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            throw Failure(
                description: "PostgreSQL's server is not installed (/usr/lib/postgresql/N/bin);"
                    + " run 'make test-deps'")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        folder = FileManager.default.temporaryDirectory.path + "/qmsaudit-pg-" + UUID().uuidString
        port = 20_000 + Int.random(in: 0..<30_000)
        let asPostgres = getuid() == 0
        superuser = asPostgres ? "postgres" : NSUserName()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if asPostgres {
            _ = try Self.run("/bin/chown", ["postgres:postgres", folder], asPostgres: false)
        }
        let data = folder + "/data"
        var authentication = ["--auth=trust"]
        if let password {
            let file = folder + "/password"
            FileManager.default.createFile(atPath: file, contents: Data(password.utf8))
            if asPostgres {
                _ = try Self.run("/bin/chown", ["postgres", file], asPostgres: false)
            }
            authentication = ["--auth=scram-sha-256", "--pwfile=" + file]
        }
        _ = try Self.run(
            binaries + "/initdb",
            ["-D", data, "--encoding=UTF8", "--locale=C", "-U", superuser] + authentication,
            asPostgres: asPostgres)
        if tls { try makeCertificates(asPostgres: asPostgres) }
        try start()
        Self.register(self)
    }

    /// A new, empty database's address, for `--programme`.
    public func makeDatabase() throws -> String {
        address(try makeDatabaseName())
    }

    /// A new, empty database's name.
    public func makeDatabaseName() throws -> String {
        let name = "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try sql("CREATE DATABASE \(name)")
        return name
    }

    /// The address of `database` as `user` (default the superuser).
    public func address(_ database: String, user: String? = nil) -> String {
        "postgresql://\(user ?? superuser)@/\(database)?host=\(folder)&port=\(port)"
    }

    /// Runs `statement` with psql as the superuser, in `database`; returns what it printed.
    @discardableResult
    public func sql(_ statement: String, database: String = "postgres") throws -> String {
        try Self.run(
            binaries + "/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder, "-p", String(port),
                "-U", superuser, "-d", database, "-c", statement,
            ], asPostgres: false, environment: password.map { ["PGPASSWORD=" + $0] } ?? [])
    }

    /// A test authority and a server certificate it signs, for `localhost` and 127.0.0.1;
    /// the server's key readable by the server's user only, as PostgreSQL requires.
    private func makeCertificates(asPostgres: Bool) throws {
        let openssl = "/usr/bin/openssl"
        func file(_ name: String) -> String { folder + "/" + name }
        _ = try Self.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/CN=qmsaudit test authority", "-keyout", file("ca.key"), "-out", file("ca.crt"),
            ], asPostgres: asPostgres)
        _ = try Self.run(
            openssl,
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", file("server.key"),
                "-out", file("server.csr"),
            ], asPostgres: asPostgres)
        _ = try Self.run(
            openssl,
            [
                "x509", "-req", "-in", file("server.csr"), "-CA", file("ca.crt"), "-CAkey",
                file("ca.key"), "-CAcreateserial", "-days", "2", "-copy_extensions", "copyall",
                "-out", file("server.crt"),
            ], asPostgres: asPostgres)
        _ = try Self.run("/bin/chmod", ["600", file("server.key")], asPostgres: asPostgres)
    }

    /// Runs `program` (as the postgres user when `asPostgres`) and returns its output.
    ///
    /// Spawned and waited for directly: the output goes to a file, not a pipe, since the
    /// server pg_ctl starts would hold a pipe open for good.
    static func run(
        _ program: String, _ arguments: [String], asPostgres: Bool, environment: [String] = []
    ) throws -> String {
        let command =
            asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] : [program]
        let all = command + arguments
        let outputPath = NSTemporaryDirectory() + "qmsaudit-pg-output-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server lives on: it must not keep the test process's other files open (another
        // test's pipe would never reach its end). glibc has the call; Swift's Glibc module
        // does not declare it.
        typealias CloseFrom =
            @convention(c) (
                UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32
            ) -> Int32
        if let symbol = dlsym(
            UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = all.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) }
        var index = 0
        while let variable = environ[index] {
            envp.append(strdup(variable))
            index += 1
        }
        envp.append(nil)
        defer { for pointer in envp { free(pointer) } }
        let spawned = posix_spawn(&pid, all[0], &actions, nil, &argv, &envp)
        guard spawned == 0 else {
            throw Failure(
                description: "cannot run \(all[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with status 0.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw Failure(
                description: "\((program as NSString).lastPathComponent) failed"
                    + " (status \(status)): \(text)")
        }
        return text
    }
}
