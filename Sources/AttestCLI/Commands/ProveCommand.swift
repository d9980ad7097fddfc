import ArgumentParser
import AttestLedger
import Foundation

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write an inclusion proof (C2SP tlog-proof) for an entry, or a consistency proof from an older checkpoint.",
        discussion:
            "Proofs are built from stored tree nodes against the latest checkpoint; a new checkpoint is signed when none covers the entry.")

    @OptionGroup var options: LedgerOptions

    @Argument(help: "The entry's sequence number.")
    var sequence: UInt64?

    @Option(name: .long, help: "An older signed checkpoint file: prove that the current tree extends it.")
    var consistency: String?

    @Option(name: .long, help: "Write the proof to this file instead of standard output.")
    var out: String?

    @Option(name: .long, help: "Read the log key's passphrase from this file, if a checkpoint must be signed.")
    var passphraseFile: String?

    func validate() throws {
        guard (sequence == nil) != (consistency == nil) else {
            throw ValidationError("give either an entry number or --consistency OLD_CHECKPOINT")
        }
    }

    @OptionGroup var remote: RemoteOptions
    @OptionGroup var reader: ServedReaderOptions

    func run() throws {
        // --server: the same command on a private copy of the served log and checkpoint.
        try remote.onServedCopy(try reader.identity()) { copy in
            var local = self
            if let copy { local.options.ledger = copy }
            try local.prove()
        }
    }

    private func prove() throws {
        let ledger = try options.openLedger()
        let text: String
        if let sequence {
            let size = try ledger.size()
            guard sequence < size else {
                throw CommandFailure.badInput("entry \(sequence) does not exist; the log has \(size) entries (0 to \(size - 1))")
            }
            let checkpoint = try CheckpointSource.covering(size: sequence + 1, ledger: ledger, passphraseFile: passphraseFile)
            text = try ledger.inclusionProof(index: sequence, checkpoint: checkpoint).serialized
        } else {
            let path = consistency!
            let old = try OutputFile.checkpoint(path, logKey: ledger.logKey)
            guard old.checkpoint.origin == ledger.origin else {
                throw CommandFailure.badInput("\(path): checkpoint is for origin '\(old.checkpoint.origin)', not '\(ledger.origin)'")
            }
            let size = try ledger.size()
            guard old.checkpoint.size <= size else {
                throw CommandFailure.refused(
                    "\(path) commits to \(old.checkpoint.size) entries but the log has \(size): the log was truncated or rolled back. Run 'attest verify --checkpoint \(path)'"
                )
            }
            let checkpoint = try CheckpointSource.covering(size: old.checkpoint.size, ledger: ledger, passphraseFile: passphraseFile)
            guard old.checkpoint.size > 0 else { throw CommandFailure.badInput("\(path): a checkpoint of size 0 needs no proof") }
            let hashes = try ledger.consistencyProof(oldSize: old.checkpoint.size, newSize: checkpoint.checkpoint.size)
            let proof = ConsistencyProof(oldSize: old.checkpoint.size, hashes: hashes, checkpoint: checkpoint)
            guard proof.verifies(from: old.checkpoint) else {
                throw CommandFailure.refused(
                    "\(path): the ledger is NOT consistent with this checkpoint (size \(old.checkpoint.size)); its history differs. Run 'attest verify --checkpoint \(path)'"
                )
            }
            text = proof.serialized
        }
        if let out {
            try OutputFile.write(text, to: out)
            if options.json {
                try JSONOutput.print(["wrote": [Console.current.url(out).path]])
            } else {
                Console.current.out("Wrote \(Console.current.url(out).path)")
            }
        } else {
            Console.current.out(text, terminator: "")
        }
    }
}
