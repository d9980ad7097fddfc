import ArgumentParser
import AttestIntegrations
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole ledger: signatures, chain, sequence, times, signers, Merkle tree and checkpoints.",
        discussion:
            "With --checkpoint, also check consistency with a checkpoint held outside the ledger: this is what catches truncation or a rewritten history. With --replay, also re-evaluate every recorded promotion decision from the ledger as it stood at that entry, under the policy set then in force, and fail on any that does not come out the same. Exits 1 naming the first bad entry."
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    @Option(name: .long, help: "A signed checkpoint kept outside the ledger.")
    var checkpoint: String?

    @Option(name: .long, help: "The log key to check --checkpoint with (default: the key pinned in the ledger's genesis).")
    var logKey: String?

    @Flag(name: .long, help: "Also re-evaluate every recorded promotion decision and compare it with the record.")
    var replay = false

    @Flag(
        name: .long,
        help:
            "Check only the log (signatures, chain, sequence, times, Merkle tree, checkpoints): skip the projection and authority replays, which cost about as much again on large ledgers."
    )
    var logOnly = false

    @OptionGroup var witnessPolicy: WitnessPolicyOptions

    @Option(
        name: .long,
        help:
            "Verify the log in a PostgreSQL database (postgres://USER@HOST[:PORT][,HOST2[:PORT]]/DATABASE) instead of a ledger file: the checks of --log-only."
    )
    var store: String?

    func run() throws {
        _ = try witnessPolicy.policy()
        if let store { return try VerifyStore(command: self).run(store) }
        let console = Console.current
        // --server: a private copy of everything the server holds, verified here as a file, and
        // against the checkpoint the server serves (taken first, so the copy is at least as large).
        let served = try remote.client(identity).flatMap { try? $0.get(CheckpointBody.self, "/v1/checkpoint").note }
        let snapshot = try remote.snapshot(identity)
        defer { snapshot?.remove() }
        let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
        let ledger = registry.ledger
        var external: SignedCheckpoint?
        let key = try logKey.map { try VerifierKeyArgument.parse($0, option: "--log-key") } ?? ledger.logKey
        if key != ledger.logKey {
            throw CommandFailure.refused(
                "the ledger's genesis pins log key \(ledger.logKey), not \(key): the genesis was replaced or this is another log")
        }
        if let checkpoint {
            external = try OutputFile.checkpoint(checkpoint, logKey: key)
        } else if let served {
            do { external = try SignedCheckpoint(parsing: served, logKey: key) } catch let error as LedgerError {
                throw CommandFailure.refused("the checkpoint the server serves does not verify with the log key \(key): \(error.message)")
            }
        }
        let started = Date()
        // The log, the schema, the projections (one replay) and the authority of every entry.
        var report = try registry.verifyEverything(against: external, logOnly: logOnly) { done, total in
            console.progress("verifying \(done)/\(total) entries")
        }
        // The actors' attestations: each restates its entry as the ledger stood before it.
        if report.isValid, !logOnly { report.problems += try AttestationRecheck.problems(registry) }
        var replayReport: ReplayReport?
        var signaturesRechecked: Int?
        if replay, logOnly {
            throw CommandFailure.badInput("--replay needs the projections: it cannot be combined with --log-only")
        }
        if replay, report.isValid {
            let replayed = try registry.replayDecisions { done, total in console.progress("replaying decision \(done)/\(total)") }
            replayReport = replayed
            report.problems += replayed.mismatches.map {
                VerificationProblem(
                    .decisionMismatch, at: $0.entry, "\($0.model ?? "?") v\($0.version.map(String.init) ?? "?"): \($0.detail)")
            }
            let signatures = try ModelSignatureRecheck.run(registry)
            signaturesRechecked = signatures.checked
            report.problems += signatures.findings.map {
                VerificationProblem(.signatureMismatch, at: $0.entry, "\($0.subject): \($0.detail)")
            }
        }
        // The witnesses' cosignatures on the checkpoint used: --checkpoint, or the latest stored.
        var witnessed: WitnessQuorum.Result?
        var witnessFailure: CommandFailure?
        if report.isValid {
            do {
                let used = try external ?? ledger.latestCheckpoint()
                witnessed = try witnessPolicy.require(
                    on: used?.note, what: used.map { "the checkpoint at size \($0.checkpoint.size)" } ?? "the ledger")
            } catch let failure as CommandFailure { witnessFailure = failure }
        }
        if console.isInteractive { console.err("") }
        let seconds = Date().timeIntervalSince(started)
        if options.json {
            try JSONOutput.print(
                VerifyOutput(
                    report: report, seconds: seconds, decisionsReplayed: replayReport?.decisions,
                    modelSignaturesRechecked: signaturesRechecked))
        } else if report.isValid {
            console.out(
                "OK: \(report.entriesChecked) entries, \(report.signaturesChecked) signatures, \(report.checkpointsChecked) stored checkpoints\(external.map { ", consistent with the checkpoint at size \($0.checkpoint.size)" } ?? "")"
            )
            if let replayReport { console.out("replayed \(replayReport.decisions) promotion decisions: all come out the same") }
            if let signaturesRechecked, signaturesRechecked > 0 {
                let plural = signaturesRechecked == 1 ? "" : "s"
                console.out(
                    "verified \(signaturesRechecked) recorded model signature\(plural) again from the stored bundle\(plural): as recorded")
            }
            console.out("root \(report.root.base64)  (\(String(format: "%.2f", seconds)) s)")
            if let witnessed { console.out("witnessed: \(witnessed.summary)") }
        }
        if let witnessFailure { throw witnessFailure }
        try fail(on: report)
    }

    /// Prints the problems of a failed verification and exits 1 naming the first.
    func fail(on report: VerificationReport) throws {
        let console = Console.current
        if let first = report.firstProblem {
            if !options.json {
                console.err("FAILED: \(first)")
                for problem in report.problems.dropFirst().prefix(20) { console.err("  also: \(problem)") }
                if report.problems.count > 21 { console.err("  ... and \(report.problems.count - 21) more") }
            }
            throw CommandFailure(
                first.sequence.map { "verification failed at entry \($0): \(first.kind.rawValue)" }
                    ?? "verification failed: \(first.kind.rawValue)", exitCode: AttestExit.refused)
        }
    }
}

struct VerifyOutput: Encodable {
    struct Problem: Encodable {
        let kind: String
        let entry: UInt64?
        let detail: String
    }

    let valid: Bool
    let entries: UInt64
    let signatures: UInt64
    let checkpoints: Int
    let root: String
    let seconds: Double
    let problems: [Problem]
    let decisionsReplayed: Int?
    let modelSignaturesRechecked: Int?

    init(report: VerificationReport, seconds: Double, decisionsReplayed: Int? = nil, modelSignaturesRechecked: Int? = nil) {
        self.decisionsReplayed = decisionsReplayed
        self.modelSignaturesRechecked = modelSignaturesRechecked
        valid = report.isValid
        entries = report.entriesChecked
        signatures = report.signaturesChecked
        checkpoints = report.checkpointsChecked
        root = report.root.base64
        self.seconds = seconds
        problems = report.problems.map { Problem(kind: $0.kind.rawValue, entry: $0.sequence, detail: $0.detail) }
    }
}
