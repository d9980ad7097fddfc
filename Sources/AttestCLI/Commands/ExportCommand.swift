import ArgumentParser
import AttestIntegrations
import AttestLedger
import AttestRegistry
import AttestReports
import Foundation

/// `attest export NAME VERSION --out BUNDLE`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the evidence bundle of a model version: its entries and what they reference, the log key, a checkpoint and an inclusion proof per entry.",
        discussion:
            "The bundle is one deterministic tar file (docs/bundles.md); check it anywhere with 'attest verify-bundle BUNDLE --log-key KEY'."
    )

    @OptionGroup var options: LedgerOptions

    @Argument(help: "The model.") var name: String
    @Argument(help: "The version.") var version: Int

    @Option(name: .long, help: "The bundle file to write (a folder with --format in-toto); it may not contain '..' or be a symbolic link.")
    var out: String

    @Option(
        name: .long, help: "bundle (the evidence bundle, default) or in-toto (DSSE envelopes of in-toto statements, docs/attestations.md).")
    var format: String = "bundle"

    @Option(name: .customLong("as"), help: "With --format in-toto: the actor whose key signs the envelopes (default: $ATTEST_ACTOR).")
    var actor: String?

    @Option(name: .long, help: "With --format in-toto: read the actor's key passphrase from this file (default: $ATTEST_PASSPHRASE).")
    var keyPassphraseFile: String?

    @Option(name: .long, help: "Read the log key's passphrase from this file, if a checkpoint must be signed.")
    var passphraseFile: String?

    func run() throws {
        switch format {
        case "bundle": break
        case "in-toto": return try InTotoExport(command: self).run()
        default: throw CommandFailure.badInput("--format is '\(format)'; use bundle or in-toto")
        }
        let ledgerURL = try options.ledgerURL()
        let registry = try Registry.open(at: ledgerURL.path, readOnly: true)
        let exporter = BundleExporter(registry: registry)
        do {
            let entries = try exporter.selection(model: name, version: version)
            let needed = (entries.last?.sequence ?? 0) + 1
            let reader = registry.ledger
            let checkpoint: SignedCheckpoint
            if let latest = try reader.latestCheckpoint(), latest.checkpoint.size >= needed {
                checkpoint = latest
            } else {
                checkpoint = try CheckpointSource.covering(
                    size: needed, ledger: try Ledger.open(at: ledgerURL.path), passphraseFile: passphraseFile)
            }
            let bytes = try exporter.export(model: name, version: version, entries: entries, checkpoint: checkpoint)
            try SafeOutput.write(bytes, to: Console.current.url(out))
            if options.json {
                try JSONOutput.print([
                    "bundle": Console.current.url(out).path, "entries": entries.count, "bytes": bytes.count,
                    "treeSize": checkpoint.checkpoint.size, "root": checkpoint.checkpoint.root.base64,
                    "wrote": [Console.current.url(out).path],
                ])
            } else {
                Console.current.out(
                    "Wrote \(Console.current.url(out).path): \(entries.count) entries of \(name) v\(version) with inclusion proofs to the checkpoint at size \(checkpoint.checkpoint.size) (\(bytes.count) bytes)"
                )
            }
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        } catch let error as RegistryError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
    }
}
