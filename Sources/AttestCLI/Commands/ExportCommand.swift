import ArgumentParser
import AttestIntegrations
import AttestLedger
import AttestRegistry
import AttestReports
import AttestServer
import AttestWitness
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

    @Option(
        name: .customLong("as"),
        help:
            "The acting actor. A bundle: record the export as this actor, an index of every entry concerning the version at the head of a new checkpoint, so the bundle proves it is complete. With --format in-toto: the actor whose key signs the envelopes (default: $ATTEST_ACTOR)."
    )
    var actor: String?

    @Option(name: .long, help: "Read the acting actor's key passphrase from this file (default: $ATTEST_PASSPHRASE).")
    var keyPassphraseFile: String?

    @Option(name: .long, help: "Read the log key's passphrase from this file, if a checkpoint must be signed.")
    var passphraseFile: String?

    @OptionGroup var remote: RemoteOptions

    func run() throws {
        let identity = try ServedReaderOptions.identity(actor: actor, keyPassphraseFile: keyPassphraseFile)
        // --server --as with a bundle: the index and its checkpoint are recorded by the server first.
        let indexed: String? =
            if format != "in-toto", actor != nil, let client = try remote.client(identity) {
                try CompleteExport.recordThroughServer(client, model: name, version: version)
            } else { nil }
        // --server: the same export of a private copy of the served log and checkpoint, read as
        // --as (or $ATTEST_ACTOR).
        try remote.onServedCopy(identity) { copy in
            var local = self
            if let copy {
                local.options.ledger = copy
                if let indexed { try CompleteExport.store(indexed, in: try Ledger.open(at: copy)) }
            }
            try local.export(recordingIndex: indexed == nil)
        }
    }

    /// - Parameter recordingIndex: with `--as`, record the export index here (not when the
    ///   server recorded it already).
    private func export(recordingIndex: Bool = true) throws {
        switch format {
        case "bundle": break
        case "in-toto": return try InTotoExport(command: self).run()
        default: throw CommandFailure.badInput("--format is '\(format)'; use bundle or in-toto")
        }
        let ledgerURL = try options.ledgerURL()
        if let actor, recordingIndex {
            try CompleteExport.record(
                model: name, version: version, actor: actor, ledgerURL: ledgerURL, keyPassphraseFile: keyPassphraseFile,
                passphraseFile: passphraseFile)
        }
        let registry = try Registry.open(at: ledgerURL.path, readOnly: true)
        let exporter = BundleExporter(registry: registry)
        do {
            var index: (sequence: UInt64, entries: [UInt64])?
            if actor != nil { index = try CompleteExport.latestIndex(model: name, version: version, ledger: registry.ledger) }
            let entries = try exporter.selection(
                model: name, version: version, extra: index.map { [$0.sequence] + $0.entries } ?? [])
            let needed = (entries.last?.sequence ?? 0) + 1
            let reader = registry.ledger
            let checkpoint: SignedCheckpoint
            if let index, let exact = try reader.cosignedCheckpoint(size: index.sequence + 1) {
                checkpoint = exact
            } else if let latest = try reader.latestCheckpoint(), latest.checkpoint.size >= needed {
                checkpoint = latest
            } else {
                checkpoint = try CheckpointSource.covering(
                    size: needed, ledger: try Ledger.open(at: ledgerURL.path), passphraseFile: passphraseFile)
            }
            let bytes = try exporter.export(model: name, version: version, entries: entries, checkpoint: checkpoint)
            try SafeOutput.write(bytes, to: Console.current.url(out))
            if index == nil {
                Console.current.err(
                    "attest: warning: this bundle cannot prove that it holds every entry concerning \(name) v\(version): without --as no export index was recorded, so 'attest verify-bundle' refuses it unless given --allow-incomplete"
                )
            }
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

/// `attest export --as NAME`: the export index and the checkpoint right after it.
enum CompleteExport {
    /// Appends a `bundle.exported` index and, in the same transaction, the checkpoint whose last
    /// entry it is; then sends that checkpoint to the ledger's witnesses.
    static func record(
        model: String, version: Int, actor: String, ledgerURL: URL, keyPassphraseFile: String?, passphraseFile: String?
    ) throws {
        let signer = try Passphrases.loadKey(
            name: actor.precomposedStringWithCanonicalMapping, passphraseFile: keyPassphraseFile, environmentVariable: "ATTEST_PASSPHRASE")
        let registry = try Registry.open(at: ledgerURL.path)
        let logSigner = try Passphrases.loadLogKey(origin: registry.ledger.origin, passphraseFile: passphraseFile)
        let recorded = try Failures.catching {
            try registry.recordExport(model: model, version: version, by: signer, checkpointSignedBy: logSigner)
        }
        if let list = try Failures.catching({ try Registry.witnesses(in: registry.ledger) }), !list.witnesses.isEmpty {
            _ = try WitnessCosigning.run(recorded.checkpoint, ledger: registry.ledger, list: list, timeout: 5)
        }
    }

    /// `attest export --as NAME --server URL`: the act `bundle.export` records the index and the
    /// checkpoint right after it on the server (which holds the log key), and has the witnesses
    /// cosign it; the checkpoint comes back with its cosignatures, to be stored in the private
    /// copy the export then reads.
    /// - Returns: the checkpoint's note, cosignature lines included.
    static func recordThroughServer(_ client: ServerClient, model: String, version: Int) throws -> String {
        var request = ActRequest(act: .bundleExport)
        request.model = model
        request.version = version
        let step = try client.act(request)
        guard let note = step.result?["checkpoint"]?.stringValue else {
            throw CommandFailure("the server recorded the export index but sent no checkpoint", exitCode: AttestExit.system)
        }
        return note
    }

    /// Stores a checkpoint note and its cosignature lines in `ledger` (the private copy of a
    /// served log), after the checks of ``Ledger/store(checkpoint:)``.
    static func store(_ note: String, in ledger: Ledger) throws {
        try ledger.store(checkpoint: note)
        let signed = try SignedCheckpoint(parsing: note, logKey: ledger.logKey)
        let cosignatures = signed.note.signatures.filter { $0.keyName != ledger.logKey.name }
        try ledger.storeCosignatures(cosignatures, size: signed.checkpoint.size)
    }

    /// The latest export index of the version.
    static func latestIndex(model: String, version: Int, ledger: Ledger) throws -> (sequence: UInt64, entries: [UInt64])? {
        for entry in try ledger.entries(types: [EventType.bundleExported]).reversed() {
            guard let index = try? JSONDecoder().decode(BundleExported.self, from: Data(entry.payload)),
                index.model == model, index.version == version
            else { continue }
            return (entry.sequence, index.entries)
        }
        return nil
    }
}
