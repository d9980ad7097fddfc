import AttestLedger
import Foundation

/// `attest serve` under SIGKILL with concurrent clients: starts the real server on a free
/// loopback port, lets `--clients` client processes (`attest model create ... --server URL`,
/// each act signed by its own actor's key) write through it, kills the server with SIGKILL after
/// a random delay, and checks that every act a client saw succeed (exit 0) is in the ledger and
/// that the ledger verifies. Repeats `--kills` times on one ledger, so each server recovers the
/// WAL its predecessor left; at the end `attest verify` (log, projections, authority) must pass.
///
///     attest-stress serve-kill [--kills N] [--clients N] [--attest PATH] [--seed S] [--min-delay-ms MS] [--max-delay-ms MS] [--json FILE]
enum ServeKills {
    struct Result: Codable {
        var kills = 0
        var survived = 0
        var clients = 0
        var acknowledged = 0
        var lost = 0
        var failedCalls = 0
        var killsWithActsInFlight = 0
        var verifyFailures = 0
        var finalVerify = false
        var finalSize: UInt64 = 0
        var seconds = 0.0
        var failures: [String] = []
    }

    static func run(_ options: Options) throws {
        let kills = options.int("kills", 100)
        let clients = options.int("clients", 8)
        let minDelay = options.int("min-delay-ms", 300)
        let maxDelay = max(options.int("max-delay-ms", 1500), minDelay + 1)
        var random = SplitMix64(seed: UInt64(options.int("seed", Int(Date().timeIntervalSince1970))))
        let world = try ServeKillWorld(executable: options.string("attest"), clients: clients)
        defer { world.remove() }
        var result = Result()
        result.clients = clients
        let started = Date()
        var found = Set<String>()
        var scanned: UInt64 = 0
        for round in 0..<kills {
            let server = try world.startServer()
            let load = ClientLoad(world: world, url: server.url, round: round, clients: clients)
            load.start()
            usleep(UInt32(minDelay * 1000) + UInt32(random.next(upTo: UInt64(maxDelay - minDelay) * 1000)))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            let (acknowledged, failed, inFlight) = load.finish()
            result.kills += 1
            result.acknowledged += acknowledged.count
            result.failedCalls += failed
            if inFlight > 0 { result.killsWithActsInFlight += 1 }
            do {
                let ledger = try Ledger.open(at: world.ledgerPath)
                let report = try LedgerVerifier().verify(ledger)
                let size = try ledger.size()
                if scanned < size {
                    for entry in try ledger.entries(range: scanned...(size - 1)) where entry.type == "model.created" {
                        if let payload = try? JSONSerialization.jsonObject(with: Data(entry.payload)) as? [String: Any],
                            let model = payload["model"] as? String
                        {
                            found.insert(model)
                        }
                    }
                    scanned = size
                }
                let missing = acknowledged.filter { !found.contains($0) }
                result.lost += missing.count
                if !report.isValid {
                    result.verifyFailures += 1
                    result.failures.append("kill \(round): verify failed: \(report.problems.prefix(3))")
                }
                for name in missing.prefix(3) { result.failures.append("kill \(round): acknowledged model \(name) is missing") }
                if report.isValid && missing.isEmpty { result.survived += 1 }
                result.finalSize = size
            } catch {
                result.failures.append("kill \(round): the ledger does not open: \(error)")
            }
            if (round + 1) % 10 == 0 || round + 1 == kills {
                FileHandle.standardError.write(
                    Data("serve-kill: \(round + 1)/\(kills) kills, \(result.acknowledged) acknowledged, \(result.lost) lost\n".utf8))
            }
        }
        let verified = try world.attest(["verify"])
        result.finalVerify = verified.status == 0
        if !result.finalVerify { result.failures.append("attest verify failed: \(verified.stderr.prefix(400))") }
        result.seconds = Date().timeIntervalSince(started)
        try writeJSON(result, to: options.string("json"))
        say(
            "kills \(result.kills) survived \(result.survived) clients \(result.clients) acknowledged \(result.acknowledged) lost \(result.lost) failed-calls \(result.failedCalls) kills-with-acts-in-flight \(result.killsWithActsInFlight) verify-failures \(result.verifyFailures) final-verify \(result.finalVerify) entries \(result.finalSize) seconds \(String(format: "%.1f", result.seconds))"
        )
        for failure in result.failures.prefix(10) { say("  \(failure)") }
        if result.survived != result.kills || result.lost > 0 || !result.finalVerify { exit(1) }
    }
}
