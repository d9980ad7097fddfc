import ArgumentParser
import AttestLedger
import AttestServer
import Foundation

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of the current tree with the log key (C2SP tlog-checkpoint as a signed note).",
        discussion:
            "Publish checkpoints outside the ledger (or have witnesses cosign them): 'attest verify --checkpoint FILE' then catches a truncated or rewritten log."
    )

    @OptionGroup var options: LedgerOptions

    @Option(name: .long, help: "Also write the signed checkpoint to this file.")
    var out: String?

    @Option(name: .long, help: "Read the log key's passphrase from this file (default: $ATTEST_LOG_PASSPHRASE or $ATTEST_PASSPHRASE).")
    var passphraseFile: String?

    @Flag(name: .long, help: "Print the latest stored checkpoint instead of signing a new one.")
    var latest = false

    @OptionGroup var remote: RemoteOptions

    func run() throws {
        if let url = remote.url {
            let served = try ServerClient(url: url, signer: nil).get(CheckpointBody.self, "/v1/checkpoint")
            return try emit(origin: served.origin, size: served.size, root: served.root, note: served.note)
        }
        let ledger = try options.openLedger(readOnly: latest)
        let signed: SignedCheckpoint
        if latest {
            guard let stored = try ledger.latestCheckpoint() else {
                throw CommandFailure.refused("the ledger holds no checkpoint yet; run 'attest checkpoint'")
            }
            signed = stored
        } else {
            let logSigner = try Passphrases.loadLogKey(origin: ledger.origin, passphraseFile: passphraseFile)
            signed = try ledger.checkpoint(signedBy: logSigner)
        }
        try emit(
            origin: signed.checkpoint.origin, size: signed.checkpoint.size, root: signed.checkpoint.root.base64, note: signed.serialized)
    }

    private func emit(origin: String, size: UInt64, root: String, note: String) throws {
        if let out { try OutputFile.write(note, to: out) }
        if options.json {
            var object: [String: Any] = ["origin": origin, "size": size, "root": root, "note": note]
            if let out { object["wrote"] = [Console.current.url(out).path] }
            try JSONOutput.print(object)
        } else if let out {
            Console.current.out("Wrote \(Console.current.url(out).path)")
        } else {
            Console.current.out(note, terminator: "")
        }
    }
}

extension Console {
    func out(_ text: String, terminator: String) {
        if terminator == "\n" { out(text) } else if text.hasSuffix("\n") { out(String(text.dropLast())) } else { out(text) }
    }
}

/// Finds or makes a checkpoint that covers a tree size.
enum CheckpointSource {
    static func covering(size: UInt64, ledger: Ledger, passphraseFile: String?) throws -> SignedCheckpoint {
        if let latest = try ledger.latestCheckpoint(), latest.checkpoint.size >= size { return latest }
        let logSigner = try Passphrases.loadLogKey(origin: ledger.origin, passphraseFile: passphraseFile)
        return try ledger.checkpoint(signedBy: logSigner)
    }
}
