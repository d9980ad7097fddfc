import AttestLedger
import AttestPostgres
import AttestTestProcesses
import Foundation
import Testing

/// `attest serve --store postgres://`: the governed flow through the server with the log in
/// PostgreSQL, then `attest clone` and `attest verify` against it; two server processes on one
/// database never give two entries one sequence number.
@Suite struct ServedPostgresTests {
    /// A sandbox whose ledger was moved to a new database (`attest migrate`), with the files the
    /// flow reads; the local file is removed, so the server makes its working copy from PostgreSQL.
    static func prepared() async throws -> (MigrateCommandTests.Sandbox, PostgresFixture) {
        let sandbox = try await MigrateCommandTests.initialised(people: ["dana", "polly", "rita"])
        let fixture = try await PostgresFixture()
        let moved = try await sandbox.run("migrate", "--from", "attest.ledger", "--to", fixture.url())
        guard moved.code == 0 else { throw HarnessError("migrate: \(moved.err)") }
        try FileManager.default.removeItem(atPath: sandbox.path("attest.ledger"))
        try Data("weights".utf8).write(to: URL(fileURLWithPath: sandbox.path("model.bin")))
        var rows = "y,p,g\n"
        for i in 0..<40 { rows += "\(i % 2),\(i % 3 == 0 ? 1 : 0),\(i % 4 == 0 ? "a" : "b")\n" }
        try Data(rows.utf8).write(to: URL(fileURLWithPath: sandbox.path("eval.csv")))
        try FileManager.default.createDirectory(atPath: sandbox.path("policies"), withIntermediateDirectories: true)
        try Data("environments:\n  \"prod-*\": production\n  \"dev-*\": development\n".utf8)
            .write(to: URL(fileURLWithPath: sandbox.path("policies/settings.yaml")))
        try Data(
            "name: prod\napplies_to: {target_stage: production}\nrules:\n  - {id: from-staging, kind: stage_transition, from: [staging]}\n"
                .utf8
        ).write(to: URL(fileURLWithPath: sandbox.path("policies/production.yaml")))
        return (sandbox, fixture)
    }

    /// Register, evaluate, approve, decide and deploy through the server; every entry is in
    /// PostgreSQL, the same as in the working copy; a clone verifies offline.
    @Test func governedFlowThroughTheServerOnPostgres() async throws {
        let (sandbox, fixture) = try await Self.prepared()
        let server = try ServeProcess(
            folder: sandbox.folder, environment: sandbox.environment,
            arguments: ["--store", fixture.url(), "--ledger", "work.ledger", "--sign-checkpoints", "--checkpoint-interval", "0"])
        defer { server.stop() }
        let script: [[String]] = [
            ["actor", "add", "dana", "--role", "data-scientist", "--as", "alice"],
            ["actor", "add", "polly", "--role", "policy-admin", "--as", "alice"],
            ["actor", "add", "rita", "--role", "risk-officer", "--as", "alice"],
            ["actor", "grant", "rita", "validator", "--as", "alice"],
            ["model", "create", "credit", "--owner", "dana", "--purpose", "loans", "--risk-tier", "high", "--as", "dana"],
            [
                "model", "register", "credit", "--artifact", "model.bin", "--dataset", "test=eval.csv", "--code",
                "https://g.example/r@abc", "--as", "dana",
            ],
            ["policy", "publish", "policies", "--as", "polly"],
            ["policy", "approve", "--as", "rita", "--comment", "reviewed"],
            ["evaluate", "credit", "1", "--data", "eval.csv", "--label", "y", "--prediction", "p", "--sensitive", "g", "--as", "dana"],
            ["approve", "credit", "1", "--to", "staging", "--as", "rita"],
            // No policy covers staging for a high-tier model: denied (exit 1), the decision recorded.
            ["promote", "credit", "1", "--to", "staging", "--as", "dana"],
            ["deploy", "credit", "1", "--environment", "dev-1", "--traffic", "50", "--as", "alice"],
        ]
        for line in script {
            let result = try await sandbox.run(line + ["--server", server.url])
            let denied = line[0] == "promote"
            #expect(result.code == (denied ? 1 : 0), "\(line.joined(separator: " ")): \(result.err)")
            if denied { #expect(result.err.contains("decision recorded in entry"), "\(result.err)") }
        }
        let cloned = try await sandbox.run("clone", server.url, "clone.ledger", "--as", "rita")
        #expect(cloned.code == 0, "\(cloned.err)")
        server.stop(signal: SIGTERM)

        let verified = try await sandbox.run("verify", "--ledger", "clone.ledger")
        #expect(verified.code == 0, "\(verified.err)")
        let working = try Ledger.open(at: sandbox.path("work.ledger"), readOnly: true)
        let clone = try Ledger.open(at: sandbox.path("clone.ledger"), readOnly: true)
        try await PostgresLog.withOpen(at: try fixture.location()) { (log: PostgresLog) async throws in
            let size = try await log.size()
            let stored = try await log.entries(in: 0...(size - 1))
            #expect(stored.map(\.leaf) == (try working.entries().map(\.leaf)))
            let cloned = try clone.entries().map(\.leaf)
            #expect(stored.map(\.leaf) == cloned, "PostgreSQL \(stored.count) entries, the clone \(cloned.count)")
            let types = Set(stored.map(\.type))
            for type in ["model.version.registered", "evaluation.recorded", "approval.granted", "promotion.decided", "model.deployed"] {
                #expect(types.contains(type), "no \(type) in \(types.sorted())")
            }
            let report = try await log.verify()
            #expect(report.isValid, "\(report.problems)")
            // The checkpoint the server signed for the clone was stored in PostgreSQL too.
            #expect(try await log.storedCheckpoints().last?.size == size)
        }
        // The database copies back to a file that `attest verify` passes in full.
        let back = try await sandbox.run("migrate", "--from", fixture.url(), "--to", "back.ledger")
        #expect(back.code == 0, "\(back.err)")
        #expect(try await sandbox.run("verify", "--ledger", "back.ledger").code == 0)
    }

    /// Two `attest serve` processes, each with its own working copy, append to one database at
    /// once through 8 clients: every acknowledged act is in the log once, no sequence number
    /// twice, one chain; each server's copy catches up with the other's entries.
    @Test func twoServersOnOneDatabaseNeverShareASequenceNumber() async throws {
        let (sandbox, fixture) = try await Self.prepared()
        let first = try ServeProcess(
            folder: sandbox.folder, environment: sandbox.environment, arguments: ["--store", fixture.url(), "--ledger", "one.ledger"])
        defer { first.stop() }
        let second = try ServeProcess(
            folder: sandbox.folder, environment: sandbox.environment, arguments: ["--store", fixture.url(), "--ledger", "two.ledger"])
        defer { second.stop() }
        let added = try await sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice", "--server", first.url)
        #expect(added.code == 0, "\(added.err)")
        let urls = [first.url, second.url]
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for client in 0..<8 {
                group.addTask {
                    var made: [String] = []
                    for step in 0..<3 {
                        let name = "m\(client)-\(step)"
                        let result = try await sandbox.run(
                            "model", "create", name, "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana", "--server",
                            urls[(client + step) % 2])
                        if result.code == 0 { made.append(name) }
                    }
                    return made
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(acknowledged.count == 24)
        try await PostgresLog.withOpen(at: try fixture.location()) { (log: PostgresLog) async throws in
            let size = try await log.size()
            let entries = try await log.entries(in: 0...(size - 1))
            #expect(entries.map(\.sequence) == Array(0..<size))
            let created = entries.filter { $0.type == "model.created" }.compactMap { entry -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(entry.payload)) as? [String: Any] else { return nil }
                return object["model"] as? String
            }
            #expect(created.sorted() == acknowledged.sorted())
            let report = try await log.verify()
            #expect(report.isValid, "\(report.problems)")
        }
        // Each working copy takes the other's entries on its next write.
        for url in urls {
            let result = try await sandbox.run(
                "model", "create", "last-\(url.suffix(5))", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana",
                "--server", url)
            #expect(result.code == 0, "\(result.err)")
        }
        first.stop(signal: SIGTERM)
        second.stop(signal: SIGTERM)
        #expect(try await sandbox.run("verify", "--ledger", "one.ledger").code == 0)
        #expect(try await sandbox.run("verify", "--ledger", "two.ledger").code == 0)
        // The first copy lacks only the second server's last entry; the second has them all.
        let size = try await PostgresLog.withOpen(at: try fixture.location()) { try await $0.size() }
        #expect(try Ledger.open(at: sandbox.path("one.ledger"), readOnly: true).size() == size - 1)
        #expect(try Ledger.open(at: sandbox.path("two.ledger"), readOnly: true).size() == size)
    }
}
