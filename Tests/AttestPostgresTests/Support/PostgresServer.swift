import AttestPostgres
import Dispatch
import Foundation
import Synchronization

/// The tests' PostgreSQL: one `ScratchCluster` (AttestPostgres, docs/postgres.md section 5) per
/// test process, started by the first test that needs it, stopped and removed at exit; each
/// test makes its own database on it. Nothing is skipped: when PostgreSQL is not installed,
/// every test that needs it fails with a message saying to run `make deps`.
typealias HarnessError = ScratchClusterError

enum PostgresServer {
    static let superuser = ScratchCluster.superuser

    /// The shared cluster, started on a thread of its own (never blocking the cooperative pool).
    static func shared() async throws -> TestCluster {
        try await Starter.instance.cluster()
    }

    static func freePort() throws -> Int { try ScratchCluster.freePort() }
}

/// The cluster with the tests' asynchronous helpers.
struct TestCluster: Sendable {
    let cluster: ScratchCluster

    func url(database: String, user: String = ScratchCluster.superuser) -> String { cluster.url(database: database, user: user) }

    /// Runs `psql` as `user` against `database` on a thread of its own; returns its output.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres", user: String = ScratchCluster.superuser) async throws -> String {
        let cluster = cluster
        return try await offload { try cluster.psql(sql, database: database, user: user) }
    }

    /// Makes a new, empty database with a unique name and returns the name.
    func makeDatabase() async throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await psql("CREATE DATABASE \(name)")
        return name
    }
}

/// Starts the shared cluster once and stops it when the process exits.
private actor Starter {
    static let instance = Starter()
    static let started = Mutex<ScratchCluster?>(nil)
    private var starting: Task<TestCluster, any Error>?

    func cluster() async throws -> TestCluster {
        if let starting { return try await starting.value }
        let task = Task {
            let cluster = try await offload { try ScratchCluster.start() }
            Self.started.withLock { $0 = cluster }
            atexit { Starter.started.withLock { $0 }?.stop() }
            return TestCluster(cluster: cluster)
        }
        starting = task
        return try await task.value
    }
}

/// Runs blocking work (a child process) on a GCD thread, never on the cooperative pool.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
