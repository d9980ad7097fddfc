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
        var results = FailoverResults()
        let started = Date()
        for round in 1...Self.rounds {
            let outcome = try await Self.failover(round: round)
            results.add(outcome, seconds: Date().timeIntervalSince(started))
            // Written after every round, so a run stopped midway still shows what it did.
            try results.write()
        }
    }

    /// What one round found.
    struct Round {
        var acknowledged: Int
        var lost: Int
        var duplicates: Int
        var verified: Bool
    }

    /// One primary lost during 8-client appends through the server, its standby promoted.
    static func failover(round: Int) async throws -> Round {
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
        var found = Round(acknowledged: names.count, lost: 0, duplicates: 0, verified: false)
        try await PostgresLog.withOpen(at: try PostgresLocation(parsing: standbyURL)) { (log: PostgresLog) async throws in
            let size = try await log.size()
            let entries = try await log.entries(in: 0...(size - 1))
            let created = entries.filter { $0.type == "model.created" }.compactMap { entry -> String? in
                (try? JSONSerialization.jsonObject(with: Data(entry.payload)) as? [String: Any])?["model"] as? String
            }
            found.lost = Set(names).subtracting(created).count
            found.duplicates = created.count - Set(created).count
            #expect(found.lost == 0, "missing: \(Set(names).subtracting(created).sorted())")
            #expect(found.duplicates == 0)
            let report = try await log.verify()
            #expect(report.isValid, "\(report.problems)")
            found.verified = report.isValid
        }
        server.stop(signal: SIGTERM)
        let local = try await sandbox.run("verify", "--ledger", "work.ledger")
        #expect(local.code == 0)
        found.verified = found.verified && local.code == 0
        return found
    }
}

/// The totals `make stress` shows (`ATTEST_STRESS_RESULTS=DIR` writes `DIR/failover.json`; read
/// by `attest-stress summary`).
struct FailoverResults: Codable {
    var rounds = 0
    var survived = 0
    var acknowledged = 0
    var lost = 0
    var duplicates = 0
    var seconds = 0.0

    /// Counts a round: it survived when every acknowledged entry is on the promoted standby,
    /// once, and both the database and the server's local copy verify.
    mutating func add(_ round: FailoverTests.Round, seconds: Double) {
        rounds += 1
        acknowledged += round.acknowledged
        lost += round.lost
        duplicates += round.duplicates
        if round.lost == 0, round.duplicates == 0, round.verified, round.acknowledged > 0 { survived += 1 }
        self.seconds = seconds
    }

    func write() throws {
        guard let folder = ProcessInfo.processInfo.environment["ATTEST_STRESS_RESULTS"], !folder.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try encoder.encode(self).write(to: URL(fileURLWithPath: folder).appendingPathComponent("failover.json"))
    }
}

/// What the clients and the killer share.
final class Tally: Sendable {
    let names = Mutex<[String]>([])
    let killed = Mutex(false)
}
