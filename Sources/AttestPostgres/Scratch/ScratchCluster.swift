import Dispatch
import Foundation

/// A throwaway PostgreSQL cluster on loopback, for the tests and the benchmarks: Debian's
/// `initdb` and `pg_ctl` (package `postgresql`, binaries under `/usr/lib/postgresql/<version>/bin`)
/// make a cluster in a new folder under `/tmp` and start it on a free loopback port, with trust
/// authentication (loopback only) and the socket in the same folder.
///
/// PostgreSQL refuses to run as root. When the process is root (CI is), `initdb` and `pg_ctl`
/// run through `runuser -u nobody --` and the folder is given to `nobody`; `ATTEST_PG_USER` names
/// another unprivileged account. `ATTEST_PG_BIN` names the folder of the binaries when they are
/// not under `/usr/lib/postgresql`. Blocking: run it on a thread of its own, not in a task.
public final class ScratchCluster: Sendable {
    /// The superuser (trust authentication on loopback).
    public static let superuser = "postgres"

    /// The loopback port it listens on.
    public let port: Int
    /// Its folder (data, log and socket).
    public let folder: URL
    /// The folder of the PostgreSQL binaries used.
    public let binaries: URL
    /// The account PostgreSQL runs as, when the process is root.
    public let runAs: String?

    private init(port: Int, folder: URL, binaries: URL, runAs: String?) {
        self.port = port
        self.folder = folder
        self.binaries = binaries
        self.runAs = runAs
    }

    /// Makes and starts a cluster.
    /// - Parameter durable: `false` sets `fsync=off` (tests); `true` keeps PostgreSQL's durable
    ///   defaults (benchmarks).
    /// - Throws: ``ScratchClusterError`` naming the program that failed and its output, or
    ///   saying to run `make deps` when PostgreSQL is not installed.
    public static func start(durable: Bool = false) throws -> ScratchCluster {
        let binaries = try findBinaries()
        let runAs: String? = geteuid() == 0 ? (ProcessInfo.processInfo.environment["ATTEST_PG_USER"] ?? "nobody") : nil
        // /tmp rather than $TMPDIR: the account PostgreSQL runs as must reach the folder.
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("attest-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let runAs { try run("/bin/chown", [runAs, folder.path], as: nil, in: folder) }
        let data = folder.appendingPathComponent("data").path
        try run(
            binaries.appendingPathComponent("initdb").path,
            ["-D", data, "-U", superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], as: runAs, in: folder)
        return try launch(folder: folder, binaries: binaries, runAs: runAs, durable: durable)
    }

    /// Starts `postgres` on the data folder in `folder` on a free loopback port (five tries).
    static func launch(folder: URL, binaries: URL, runAs: String?, durable: Bool) throws -> ScratchCluster {
        let data = folder.appendingPathComponent("data").path
        var lastError: (any Error)?
        for _ in 0..<5 {
            let cluster = ScratchCluster(port: try freePort(), folder: folder, binaries: binaries, runAs: runAs)
            // The server is started directly and never waited for: `pg_ctl start` would leave it
            // holding descriptors of ours, and waiting for pg_ctl would then never end.
            var arguments = [
                binaries.appendingPathComponent("postgres").path, "-D", data, "-p", String(cluster.port), "-c",
                "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=\(folder.path)", "-c", "max_connections=60",
            ]
            if !durable { arguments += ["-c", "fsync=off"] }
            let server = Process()
            server.executableURL = URL(fileURLWithPath: runAs == nil ? arguments[0] : "/usr/sbin/runuser")
            server.arguments = runAs.map { ["-u", $0, "--"] + arguments } ?? Array(arguments.dropFirst())
            server.currentDirectoryURL = folder
            let log = folder.appendingPathComponent("server.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            server.standardOutput = try FileHandle(forWritingTo: log)
            server.standardError = try FileHandle(forWritingTo: log)
            server.standardInput = FileHandle.nullDevice
            try server.run()
            for _ in 0..<600 where server.isRunning {
                if (try? cluster.client("pg_isready", ["-q"])) != nil { return cluster }
                usleep(200_000)
            }
            lastError = ScratchClusterError(
                "postgres did not start on port \(cluster.port): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        throw lastError!
    }

    /// Stops the cluster at once and removes its folder.
    public func stop() {
        try? pgctl(["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// `postgres://USER@127.0.0.1:PORT/DATABASE?sslmode=disable`.
    public func url(database: String, user: String = ScratchCluster.superuser) -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs `psql` as `user` against `database` with `sql` (stopping at the first error).
    /// - Returns: its output (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String = ScratchCluster.superuser) throws -> String {
        try Self.run(
            binaries.appendingPathComponent("psql").path,
            [
                "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t",
                "-c", sql,
            ], as: nil, in: folder)
    }

    /// Runs one of the cluster's client programs (`pgbench`, ...) against it, as `runAs`.
    @discardableResult
    public func client(_ program: String, _ arguments: [String]) throws -> String {
        try Self.run(
            binaries.appendingPathComponent(program).path, ["-h", "127.0.0.1", "-p", String(port), "-U", Self.superuser] + arguments,
            as: nil, in: folder)
    }

    private func pgctl(_ arguments: [String]) throws {
        try Self.run(binaries.appendingPathComponent("pg_ctl").path, arguments, as: runAs, in: folder)
    }

    /// The newest `/usr/lib/postgresql/<version>/bin`, or `$ATTEST_PG_BIN`.
    static func findBinaries() throws -> URL {
        if let bin = ProcessInfo.processInfo.environment["ATTEST_PG_BIN"] { return URL(fileURLWithPath: bin) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
        guard let newest = versions.last else {
            throw ScratchClusterError(
                "PostgreSQL's server binaries are not installed (no \(root)/<version>/bin/initdb): run 'make deps' (Debian packages postgresql and postgresql-client), or set ATTEST_PG_BIN"
            )
        }
        return URL(fileURLWithPath: "\(root)/\(newest)/bin")
    }

    /// A loopback port that was free a moment ago.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ScratchClusterError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw ScratchClusterError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program (through `runuser -u USER --` when `user` is given) and returns its
    /// standard output; throws with its output when it fails.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], as user: String?, in folder: URL) throws -> String {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", user, "--", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        process.currentDirectoryURL = folder
        // Files, not pipes: `pg_ctl start` leaves the server running with the descriptors it
        // inherited, and a pipe it holds open would never reach its end.
        let name = UUID().uuidString
        let outURL = folder.appendingPathComponent("out-\(name)")
        let errURL = folder.appendingPathComponent("err-\(name)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw ScratchClusterError(
                "\(([program] + arguments).joined(separator: " ")) exited \(process.terminationStatus): \(text)\(errors)")
        }
        return text
    }
}

/// What the scratch cluster could not do: the program, its exit status and its output.
public struct ScratchClusterError: Error, CustomStringConvertible {
    /// The message.
    public let description: String
    /// Makes an error.
    public init(_ description: String) { self.description = description }
}
