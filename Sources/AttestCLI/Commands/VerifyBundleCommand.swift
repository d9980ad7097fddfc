import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestReports
import Foundation

/// `attest verify-bundle BUNDLE --log-key VKEY [--checkpoint FILE [--consistency PROOF]]`.
struct VerifyBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Verify an evidence bundle offline with only the log's public key.",
        discussion: """
            Checks every entry's signature (with the keys the bundle's own key entries make valid at that point), every \
            inclusion proof against the bundle's checkpoint, the checkpoint's signature, the manifest, and, with \
            --checkpoint, consistency with a checkpoint you hold. Exit 0 when everything verifies, 1 naming what fails, \
            2 for a file that cannot be read or is larger than --max-size. The file is streamed, never read whole.
            """)

    @Argument(help: "The bundle file.") var bundle: String

    @Option(name: .long, help: "The log's verifier key (name+keyid+base64) or a file holding it, from a source you trust.")
    var logKey: String

    @Option(name: .long, help: "A signed checkpoint you hold (older, equal or newer than the bundle's) to check consistency with.")
    var checkpoint: String?

    @Option(
        name: .long, help: "For a newer --checkpoint: the consistency proof from the bundle's checkpoint ('attest prove --consistency').")
    var consistency: String?

    @Option(name: .long, help: "The largest bundle file to read, in bytes (default 1 GiB); a larger file is refused with exit 2.")
    var maxSize: Int = BundleVerifier.maximumBundleBytes

    @OptionGroup var witnessPolicy: WitnessPolicyOptions

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Accept a bundle that cannot prove it holds every entry concerning its model version (no export index at the checkpoint's head: a ledger written before export indexes, or an export without --as); it still says so.",
            discussion: "Without it such a bundle fails (exit 1): one stripped of its index and of an entry looks the same."))
    var allowIncomplete = false

    @Flag(
        name: .long, help: ArgumentHelp("Fail unless the bundle proves completeness (the default; kept for scripts).", visibility: .hidden))
    var requireComplete = false

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        let policy = try witnessPolicy.policy()
        let key = try VerifierKeyArgument.parse(logKey, option: "--log-key")
        let url = Console.current.url(bundle)
        guard maxSize > 0 else { throw CommandFailure.badInput("--max-size \(maxSize) must be a positive number of bytes") }
        let other = try checkpoint.map { try OutputFile.read($0, what: "checkpoint") }
        let proof = try consistency.map { try OutputFile.read($0, what: "consistency proof") }
        var report: BundleReport
        do {
            report = try BundleVerifier(logKey: key, replay: Self.replay).verify(
                file: url, maximumBytes: maxSize, against: other, consistency: proof)
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
        if let policy, let note = try? SignedNote(parsing: report.checkpointNote) {
            let result = policy.check(note)
            if !result.isMet { report.failures.append("\(BundleFormat.checkpointPath) is NOT witnessed as required: \(result.summary)") }
        }
        if requireComplete && allowIncomplete {
            throw CommandFailure.usage(
                "--require-complete and --allow-incomplete contradict each other; completeness is required by default")
        }
        if !allowIncomplete && report.isValid && !report.isComplete {
            report.failures.append(
                "completeness \(report.completeness); a bundle from a ledger written before export indexes, or exported without --as, verifies with --allow-incomplete"
            )
        }
        let replayText =
            report.replay.map { "\($0.filter(\.matches).count) of \($0.count) decisions replayed identically" }
            ?? "\(report.decisions.count) decisions NOT replayed (the bundle failed verification first)"
        if json {
            try JSONOutput.print([
                "valid": report.isValid, "origin": report.origin, "model": report.model, "version": report.version,
                "treeSize": report.treeSize, "entries": report.entryCount, "entriesVerified": report.entriesVerified,
                "decisions": report.decisions, "decisionsReplayed": report.replay != nil, "consistency": report.consistency ?? "",
                "complete": report.isComplete, "completeness": report.completeness,
                "failures": report.failures,
            ])
        } else if report.isValid {
            let console = Console.current
            console.out("OK: \(url.lastPathComponent): \(report.model) v\(report.version) from \(report.origin)")
            console.out(
                "  \(report.entriesVerified) of \(report.entryCount) entries: signature valid and included in the checkpoint at size \(report.treeSize) (signed by \(key.name))"
            )
            console.out("  " + report.reasons.keys.sorted().map { "\(report.reasons[$0]!) \($0)" }.joined(separator: ", "))
            if let consistency = report.consistency { console.out("  consistency: \(consistency)") }
            console.out("  completeness: \(report.completeness)")
            console.out("  \(replayText)")
        }
        guard report.isValid else {
            throw CommandFailure.refused(
                "\(url.path) does NOT verify:\n" + report.failures.prefix(20).map { "  " + $0 }.joined(separator: "\n")
                    + (report.failures.count > 20 ? "\n  … and \(report.failures.count - 20) more" : ""))
        }
    }

    /// Replays the bundle's decisions with its own policy sets and facts (docs/bundles.md).
    static let replay: DecisionReplay = { entries in
        let report = try Registry.replayDecisions(in: entries)
        let mismatched = Dictionary(report.mismatches.map { ($0.entry, $0.detail) }, uniquingKeysWith: { first, _ in first })
        return entries.filter { $0.type == EventType.promotionDecided }.map { entry in
            if let detail = mismatched[entry.sequence] {
                return DecisionReplayResult(entry: entry.sequence, matches: false, detail: detail)
            }
            return DecisionReplayResult(entry: entry.sequence, matches: true, detail: "replayed identically")
        }
    }
}
