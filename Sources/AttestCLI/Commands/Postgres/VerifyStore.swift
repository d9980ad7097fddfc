import AttestLedger
import AttestPostgres
import Foundation

/// `attest verify --store postgres://...`: the log in a PostgreSQL database checked as `--log-only`
/// checks a file (docs/postgres.md): every entry's signature, the chain, sequence and times,
/// signers, every stored Merkle node and checkpoint, and `--checkpoint` held outside it.
struct VerifyStore {
    let command: VerifyCommand

    func run(_ url: String) throws {
        if command.replay { throw CommandFailure.badInput("--replay needs the projections, which live in a ledger file: not with --store") }
        if command.options.ledger != nil {
            throw CommandFailure.badInput("--store verifies the database; --ledger names a file: give one of them")
        }
        let location: PostgresLocation
        do { location = try PostgresLocation(parsing: url) } catch let error as LedgerError {
            throw CommandFailure.badInput("--store: \(error.message)")
        }
        let console = Console.current
        let started = Date()
        let logKeyArgument = try command.logKey.map { try VerifierKeyArgument.parse($0, option: "--log-key") }
        let checkpointPath = command.checkpoint
        let (report, latest, external) = try Blocking.run {
            try await PostgresLog.withOpen(at: location) {
                (log: PostgresLog) async throws -> (VerificationReport, SignedCheckpoint?, SignedCheckpoint?) in
                let key = logKeyArgument ?? log.logKey
                guard key == log.logKey else {
                    throw CommandFailure.refused(
                        "\(location)'s genesis pins log key \(log.logKey), not \(key): the genesis was replaced or this is another log")
                }
                let external = try checkpointPath.map { try OutputFile.checkpoint($0, logKey: key) }
                let report = try await log.verify(against: external)
                var latest: SignedCheckpoint?
                if let stored = try await log.storedCheckpoints().last {
                    let signed = try SignedCheckpoint(parsing: stored.note, logKey: key)
                    latest = try Ledger.attach(try await log.cosignatures(size: stored.size), to: signed)
                }
                return (report, latest, external)
            }
        }
        var witnessed: WitnessQuorum.Result?
        if report.isValid {
            let used = external ?? latest
            witnessed = try command.witnessPolicy.require(
                on: used?.note, what: used.map { "the checkpoint at size \($0.checkpoint.size)" } ?? "\(location)")
        }
        let seconds = Date().timeIntervalSince(started)
        if command.options.json {
            try JSONOutput.print(VerifyOutput(report: report, seconds: seconds))
        } else if report.isValid {
            console.out(
                "OK: \(location): \(report.entriesChecked) entries, \(report.signaturesChecked) signatures, \(report.checkpointsChecked) stored checkpoints\(external.map { ", consistent with the checkpoint at size \($0.checkpoint.size)" } ?? "")"
            )
            console.out("root \(report.root.base64)  (\(String(format: "%.2f", seconds)) s)")
            if let witnessed { console.out("witnessed: \(witnessed.summary)") }
        }
        try command.fail(on: report)
    }
}
