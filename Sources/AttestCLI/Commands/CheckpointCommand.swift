import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestServer
import AttestWitness
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

    @Flag(name: .long, help: "Do not send the checkpoint to the ledger's witnesses ('attest witness list').")
    var noWitnesses = false

    @Option(name: .long, help: "Seconds to wait for each witness.")
    var witnessTimeout: Double = 5

    @OptionGroup var remote: RemoteOptions

    func run() throws {
        if let url = remote.url {
            let served = try ServerClient(url: url, signer: nil).get(CheckpointBody.self, "/v1/checkpoint")
            return try emit(origin: served.origin, size: served.size, root: served.root, note: served.note)
        }
        let ledger = try options.openLedger(readOnly: latest)
        var signed: SignedCheckpoint
        var quorum: WitnessQuorum.Result?
        if latest {
            guard let stored = try ledger.latestCheckpoint() else {
                throw CommandFailure.refused("the ledger holds no checkpoint yet; run 'attest checkpoint'")
            }
            signed = stored
        } else {
            let logSigner = try Passphrases.loadLogKey(origin: ledger.origin, passphraseFile: passphraseFile)
            signed = try ledger.checkpoint(signedBy: logSigner)
            if !noWitnesses, let list = try Failures.catching({ try Registry.witnesses(in: ledger) }), !list.witnesses.isEmpty {
                let outcome = try WitnessCosigning.run(signed, ledger: ledger, list: list, timeout: witnessTimeout)
                signed = outcome.checkpoint
                quorum = outcome.result
            }
        }
        try emit(
            origin: signed.checkpoint.origin, size: signed.checkpoint.size, root: signed.checkpoint.root.base64, note: signed.serialized,
            quorum: quorum)
    }

    private func emit(origin: String, size: UInt64, root: String, note: String, quorum: WitnessQuorum.Result? = nil) throws {
        if let out { try OutputFile.write(note, to: out) }
        if options.json {
            var object: [String: Any] = ["origin": origin, "size": size, "root": root, "note": note]
            if let quorum {
                object["witnesses"] = [
                    "quorum": quorum.quorum, "met": quorum.isMet,
                    "cosigned": quorum.cosigned.map { ["name": $0.name, "timestamp": $0.timestamp] as [String: Any] },
                ]
            }
            if let out { object["wrote"] = [Console.current.url(out).path] }
            try JSONOutput.print(object)
        } else if let out {
            Console.current.out("Wrote \(Console.current.url(out).path)")
        } else {
            Console.current.out(note, terminator: "")
        }
        if let quorum, !quorum.isMet {
            throw CommandFailure.refused("the checkpoint is stored, but the witness quorum is not met: \(quorum.summary)")
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
        let signed = try ledger.checkpoint(signedBy: logSigner)
        // A new checkpoint goes to the ledger's witnesses; a witness that fails is a warning here.
        guard let list = try Failures.catching({ try Registry.witnesses(in: ledger) }), !list.witnesses.isEmpty else { return signed }
        return try WitnessCosigning.run(signed, ledger: ledger, list: list, timeout: 5).checkpoint
    }
}
