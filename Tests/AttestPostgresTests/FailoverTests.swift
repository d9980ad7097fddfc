import AttestLedger
import AttestPostgres
import AttestTestProcesses
import Foundation
import Synchronization
import Testing

/// A primary and a synchronous standby; `attest serve --store` names both
/// (`postgres://...@PRIMARY,STANDBY/db`). The primary is SIGKILLed while 8 clients append through
/// the server, the standby promoted: the server connects to it, and every acknowledged entry is
/// there and the log verifies. The write whose commit was waiting for the standby when the
/// primary died misses `PostgresMirror.commitDeadline` and fails (not acknowledged); the mirror
/// goes on with a new handle, which connects to the promoted standby.
@Suite struct FailoverTests {
    /// Rounds of the scenario, each with a new primary and standby: 1, or `ATTEST_FAILOVER_ROUNDS`
    /// (`make stress` runs 20).
    static var rounds: Int { ProcessInfo.processInfo.environment["ATTEST_FAILOVER_ROUNDS"].flatMap(Int.init) ?? 1 }

    @Test
    func everyAcknowledgedEntrySurvivesTheLossOfThePrimary() async throws {
        for round in 1...Self.rounds {
            try await Self.failover(round: round)
        }
    }

    /// One primary lost during 8-client appends through the server, its standby promoted.
    static func failover(round: Int) async throws {
        let (primary, standby) = try await offload {
            let primary = try ScratchCluster.start()
            do {
                let standby = try primary.makeStandby()
                return (primary, standby)
            } catch {
                primary.stop()
                throw error
            }
        }
        defer {
            primary.stop()
            standby.stop()
        }
        try await offload { try primary.requireSynchronousStandby() }
        let sandbox = try await MigrateCommandTests.initialised(people: ["dana"])
        try await offload { try primary.psql("CREATE DATABASE failover") }
        let url =
            "postgres://\(ScratchCluster.superuser)@127.0.0.1:\(primary.port),127.0.0.1:\(standby.port)/failover?sslmode=disable"
        let moved = try await sandbox.run("migrate", "--from", "attest.ledger", "--to", url)
        try #require(moved.code == 0, "\(moved.err)")
        let server = try ServeProcess(
            folder: sandbox.folder, environment: sandbox.environment, arguments: ["--store", url, "--ledger", "work.ledger"])
        defer { server.stop() }
        let added = try await sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice", "--server", server.url)
        try #require(added.code == 0, "\(added.err)")

        let tally = Tally()
        let outcome = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<8 {
                group.addTask { [tally] in
                    var failures = 0
                    var attempt = 0
                    let deadline = Date().addingTimeInterval(180)
                    while tally.names.withLock({ $0.filter { $0.hasPrefix("c\(client)-") }.count }) < 5, Date() < deadline {
                        attempt += 1
                        let name = "c\(client)-\(attempt)"
                        let result = try await sandbox.run(
                            "model", "create", name, "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana", "--server",
                            server.url)
                        if result.code == 0 {
                            tally.names.withLock { $0.append(name) }
                        } else {
                            failures += 1
                            try await Task.sleep(for: .milliseconds(200))
                        }
                    }
                    return failures
                }
            }
            group.addTask { [tally] in
                let deadline = Date().addingTimeInterval(120)
                while tally.names.withLock({ $0.count }) < 12, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
                try primary.killServer()
                tally.killed.withLock { $0 = true }
                try await Task.sleep(for: .milliseconds(500))
                try await offload { try standby.promote() }
                return 0
            }
            return try await group.reduce(0, +)
        }
        #expect(tally.killed.withLock { $0 })
        let names = tally.names.withLock { $0 }
        #expect(names.count == 40, "round \(round): acknowledged \(names.count), failed attempts \(outcome)")
        // On the promoted standby: every acknowledged creation, once, and a log that verifies.
        let standbyURL = "postgres://\(ScratchCluster.superuser)@127.0.0.1:\(standby.port)/failover?sslmode=disable"
        try await PostgresLog.withOpen(at: try PostgresLocation(parsing: standbyURL)) { (log: PostgresLog) async throws in
            let size = try await log.size()
            let entries = try await log.entries(in: 0...(size - 1))
            let created = entries.filter { $0.type == "model.created" }.compactMap { entry -> String? in
                (try? JSONSerialization.jsonObject(with: Data(entry.payload)) as? [String: Any])?["model"] as? String
            }
            #expect(Set(names).isSubset(of: Set(created)), "missing: \(Set(names).subtracting(created).sorted())")
            #expect(Set(created).count == created.count)
            let report = try await log.verify()
            #expect(report.isValid, "\(report.problems)")
        }
        server.stop(signal: SIGTERM)
        #expect(try await sandbox.run("verify", "--ledger", "work.ledger").code == 0)
    }
}

/// What the clients and the killer share.
final class Tally: Sendable {
    let names = Mutex<[String]>([])
    let killed = Mutex(false)
}
