import ArgumentParser
import AttestLedger
import AttestRegistry
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole ledger: signatures, chain, sequence, times, signers, Merkle tree and checkpoints.",
        discussion: "With --checkpoint, also check consistency with a checkpoint held outside the ledger: this is what catches truncation or a rewritten history. Exits 1 naming the first bad entry.")

    @OptionGroup var options: LedgerOptions

    @Option(name: .long, help: "A signed checkpoint kept outside the ledger.")
    var checkpoint: String?

    @Option(name: .long, help: "The log key to check --checkpoint with (default: the key pinned in the ledger's genesis).")
    var logKey: String?

    func run() throws {
        let console = Console.current
        let ledger = try options.openRegistry(readOnly: true).ledger
        var external: SignedCheckpoint?
        if let checkpoint {
            let key = try logKey.map { try VerifierKeyArgument.parse($0, option: "--log-key") } ?? ledger.logKey
            if key != ledger.logKey {
                throw CommandFailure.refused("the ledger's genesis pins log key \(ledger.logKey), not \(key): the genesis was replaced or this is another log")
            }
            external = try SignedCheckpoint(parsing: try OutputFile.read(checkpoint, what: "checkpoint"), logKey: key)
        }
        let started = Date()
        var report = try LedgerVerifier().verify(ledger, against: external) { done, total in
            console.progress("verifying \(done)/\(total) entries")
        }
        // The projections must equal a replay of the log (only meaningful on an intact log).
        if report.isValid {
            report.problems += try ledger.projectionMismatches()
        }
        if console.isInteractive { console.err("") }
        let seconds = Date().timeIntervalSince(started)
        if options.json {
            try JSONOutput.print(VerifyOutput(report: report, seconds: seconds))
        } else if report.isValid {
            console.out("OK: \(report.entriesChecked) entries, \(report.signaturesChecked) signatures, \(report.checkpointsChecked) stored checkpoints\(external.map { ", consistent with the checkpoint at size \($0.checkpoint.size)" } ?? "")")
            console.out("root \(report.root.base64)  (\(String(format: "%.2f", seconds)) s)")
        }
        if let first = report.firstProblem {
            if !options.json {
                console.err("FAILED: \(first)")
                for problem in report.problems.dropFirst().prefix(20) { console.err("  also: \(problem)") }
                if report.problems.count > 21 { console.err("  ... and \(report.problems.count - 21) more") }
            }
            throw CommandFailure(first.sequence.map { "verification failed at entry \($0): \(first.kind.rawValue)" } ?? "verification failed: \(first.kind.rawValue)", exitCode: AttestExit.refused)
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

    init(report: VerificationReport, seconds: Double) {
        valid = report.isValid
        entries = report.entriesChecked
        signatures = report.signaturesChecked
        checkpoints = report.checkpointsChecked
        root = report.root.base64
        self.seconds = seconds
        problems = report.problems.map { Problem(kind: $0.kind.rawValue, entry: $0.sequence, detail: $0.detail) }
    }
}
