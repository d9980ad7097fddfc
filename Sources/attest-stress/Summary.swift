import Foundation

/// Prints the `make stress` summary table from the JSON results the drivers, the catalogue
/// tests (`ATTEST_STRESS_RESULTS`) and `Fuzz/run.sh` wrote into one folder.
enum Summary {
    struct Catalogue: Codable {
        var tried: Int
        var detected: Int?
        var localized: Int?
        var handled: Int?
        /// Checks that did not run on this machine, each with its reason.
        var skipped: [String]?
    }

    /// `failover.json`, written by the PostgreSQL failover test (`FailoverResults`).
    struct FailoverRun: Codable {
        var rounds: Int
        var survived: Int
        var acknowledged: Int
        var lost: Int
        var duplicates: Int
        var seconds: Double
    }

    struct FuzzTarget: Codable {
        var name: String
        var seconds: Int
        var executions: Int
        var crashes: Int
        var corpus: Int?
    }

    static func run(_ options: Options) throws {
        guard let folder = options.string("results") else { fail("usage: attest-stress summary --results DIR") }
        let base = URL(fileURLWithPath: folder)
        func load<T: Decodable>(_ type: T.Type, _ name: String) -> T? {
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path) else { return nil }
            return try? JSONDecoder().decode(type, from: data)
        }
        var rows: [(String, String, Bool?)] = []
        if let crash = load(CrashLoop.Result.self, "crash.json") {
            rows.append(
                (
                    "crash consistency (SIGKILL at random)",
                    "\(crash.survived)/\(crash.kills) kills survived, \(crash.lost) entries lost (\(crash.acknowledged) acknowledged, \(crash.killsAfterAnAppend) kills mid-run)",
                    crash.survived == crash.kills && crash.lost == 0
                ))
        } else {
            rows.append(("crash consistency (SIGKILL at random)", "not run", nil))
        }
        if let run = load(ConcurrencyRun.Result.self, "concurrency.json") {
            rows.append(
                (
                    "concurrency (\(run.processes) processes: \(run.rawWorkers) raw, \(run.cliWorkers) CLI)",
                    "\(run.operations) operations, \(String(format: "%.0f", run.operationsPerSecond)) ops/s, \(run.lost) lost, \(run.duplicates) duplicated, \(run.lockedMessages) 'database is locked'",
                    run.verified && run.lost == 0 && run.duplicates == 0 && run.lockedMessages == 0 && run.failedOperations == 0
                ))
        } else {
            rows.append(("concurrency", "not run", nil))
        }
        if let busy = load(BusyRun.Result.self, "busy.json") {
            let cli = busy.cliExitCode.map { ", CLI exit \($0) after \(String(format: "%.0f", busy.cliWaitSeconds ?? 0)) s" } ?? ""
            rows.append(
                (
                    "lock wait bound",
                    "library .busy after \(String(format: "%.1f", busy.libraryWaitSeconds)) s\(cli), readers \(busy.readerUnblocked ? "not blocked" : "BLOCKED")",
                    busy.libraryBusy && busy.readerUnblocked && busy.lockedMessages == 0 && (busy.cliExitCode ?? 3) == 3
                ))
        }
        if let disk = load([DiskFullRun.Case].self, "diskfull.json") {
            for item in disk {
                rows.append(
                    (
                        "disk full (\(item.mode))",
                        item.ran
                            ? "exit \(item.exitCode) after \(item.acknowledged) appends, \(item.lost) lost, verifies: \(item.verified)"
                            : "skipped: \(item.note)",
                        item.ran ? item.exitCode == 3 && item.verified && item.lost == 0 : nil
                    ))
            }
        }
        if let rotate = load(RotateKeyKills.Result.self, "rotate.json") {
            rows.append(
                (
                    "key rotation killed midway (SIGKILL)",
                    "\(rotate.survived)/\(rotate.kills) kills survived (\(rotate.killedMidway) mid-rotation: \(rotate.recoveredCompleted) completed, \(rotate.recoveredDiscarded) discarded on recovery)",
                    rotate.survived == rotate.kills && rotate.failures.isEmpty
                ))
        } else {
            rows.append(("key rotation killed midway (SIGKILL)", "not run", nil))
        }
        if let serve = load(ServeKills.Result.self, "serve.json") {
            rows.append(
                (
                    "attest serve killed (SIGKILL, \(serve.clients) clients)",
                    "\(serve.survived)/\(serve.kills) kills survived, \(serve.lost) of \(serve.acknowledged) acknowledged acts lost, \(serve.killsWithActsInFlight) kills with acts in flight",
                    serve.survived == serve.kills && serve.lost == 0 && serve.finalVerify && serve.failures.isEmpty
                ))
        } else {
            rows.append(("attest serve killed (SIGKILL)", "not run", nil))
        }
        if let failover = load(FailoverRun.self, "failover.json") {
            rows.append(
                (
                    "PostgreSQL primary killed, standby promoted",
                    "\(failover.survived)/\(failover.rounds) rounds survived, \(failover.lost) of \(failover.acknowledged) acknowledged entries lost, \(failover.duplicates) duplicated (\(String(format: "%.0f", failover.seconds)) s)",
                    failover.survived == failover.rounds && failover.rounds > 0 && failover.lost == 0 && failover.duplicates == 0
                ))
        } else {
            rows.append(("PostgreSQL primary killed, standby promoted", "not run", nil))
        }
        if let tamper = load(Catalogue.self, "tamper.json") {
            rows.append(
                (
                    "tampering catalogue",
                    "\(tamper.detected ?? 0)/\(tamper.tried) detected, \(tamper.localized ?? 0)/\(tamper.tried) localized",
                    tamper.detected == tamper.tried && tamper.localized == tamper.tried
                ))
        } else {
            rows.append(("tampering catalogue", "not run", nil))
        }
        if let malformed = load(Catalogue.self, "malformed.json") {
            rows.append(
                (
                    "malformed input catalogue",
                    "\(malformed.handled ?? 0)/\(malformed.tried) handled (message, exit code, ledger unchanged)",
                    malformed.handled == malformed.tried
                ))
        } else {
            rows.append(("malformed input catalogue", "not run", nil))
        }
        if let storage = load(Catalogue.self, "storage.json") {
            let skipped = storage.skipped ?? []
            rows.append(
                (
                    "storage faults (tests)",
                    "\(storage.handled ?? 0)/\(storage.tried) handled" + (skipped.isEmpty ? "" : ", \(skipped.count) skipped (not run)"),
                    storage.handled == storage.tried
                ))
            // A check that did not run is shown as skipped, never as a pass.
            for check in skipped { rows.append(("storage fault (not run)", "skipped: \(check)", nil)) }
        } else {
            rows.append(("storage faults (tests)", "not run", nil))
        }
        if let fuzz = load([FuzzTarget].self, "fuzz.json") {
            for target in fuzz {
                rows.append(
                    (
                        "fuzz \(target.name) (\(target.seconds) s)",
                        "\(target.executions) executions, \(target.crashes) crashes\(target.corpus.map { ", corpus \($0)" } ?? "")",
                        target.crashes == 0 && target.executions > 0
                    ))
            }
        } else {
            rows.append(("fuzzing", "not run (make fuzz)", nil))
        }

        let width = max(40, rows.map(\.0.count).max() ?? 0)
        let line = String(repeating: "-", count: width + 2) + "+" + String(repeating: "-", count: 98) + "+------"
        say("Attest stress summary")
        say(line)
        say(
            " " + "check".padding(toLength: width, withPad: " ", startingAt: 0) + " | "
                + "result".padding(toLength: 96, withPad: " ", startingAt: 0) + " | pass")
        say(line)
        for (check, result, pass) in rows {
            say(
                " " + check.padding(toLength: width, withPad: " ", startingAt: 0) + " | "
                    + result.padding(toLength: max(96, result.count), withPad: " ", startingAt: 0) + " | "
                    + (pass.map { $0 ? "yes" : "NO" } ?? (result.hasPrefix("skipped") ? "skip" : "-")))
        }
        say(line)
        if rows.contains(where: { $0.2 == false }) {
            say("FAILED: at least one check did not pass")
            exit(1)
        }
    }
}
