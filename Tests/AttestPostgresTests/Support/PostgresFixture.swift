import AttestLedger
import AttestPostgres
import Foundation

/// A fresh database on the shared test cluster, and the keys and entries the tests append.
struct PostgresFixture {
    let server: TestCluster
    let database: String
    let admin: Signer
    let logSigner: Signer
    static let origin = "pg.example/log"

    init() async throws {
        server = try await PostgresServer.shared()
        database = try await server.makeDatabase()
        admin = try Signer(name: "alice", key: .generate())
        logSigner = try Signer(name: Self.origin, key: .generate())
    }

    /// The database's URL, as `user` (the superuser by default).
    func url(user: String = PostgresServer.superuser) -> String { server.url(database: database, user: user) }

    func location(user: String = PostgresServer.superuser) throws -> PostgresLocation {
        try PostgresLocation(parsing: url(user: user))
    }

    /// Makes the log with its genesis and `entries` test entries.
    func makeLog(entries: Int = 0) async throws -> PostgresLog {
        let log = try await PostgresLog.create(at: try location(), origin: Self.origin, logKey: logSigner.verifierKey, admin: admin)
        if entries > 0 { try await log.append((0..<entries).map(Self.draft), signer: admin) }
        return log
    }

    static func draft(_ number: Int) -> EntryDraft {
        EntryDraft(type: "test.event", payload: Array("{\"n\":\(number),\"note\":\"entry \(number)\"}".utf8))
    }

    /// Runs SQL as the superuser with triggers off (`session_replication_role = replica`): what an
    /// insider with the database's superuser password can do.
    func insiderEdit(_ sql: String) async throws {
        try await server.psql("SET session_replication_role = replica; \(sql)", database: database)
    }

    /// Makes a login role with no rights of its own (trust authentication on the test cluster).
    func makeRole() async throws -> String {
        let role = "r_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await server.psql("CREATE ROLE \(role) LOGIN")
        return String(role)
    }
}

/// A SQLite ledger in a temporary folder.
struct SQLiteFixture {
    let folder: URL
    let path: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pgtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("attest.ledger").path
    }

    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }
}
