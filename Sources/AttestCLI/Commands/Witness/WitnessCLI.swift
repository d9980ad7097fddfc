import AttestLedger
import AttestRegistry
import AttestWitness
import Foundation
import Synchronization

/// Helpers shared by the witness commands.
enum WitnessCLI {
    /// Runs `body`, mapping a `WitnessError` to the documented exit code.
    static func storage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as WitnessError {
            switch error.code {
            case .badInput: throw CommandFailure.badInput(error.message)
            case .refused, .unreachable: throw CommandFailure.refused(error.message)
            case .storage: throw CommandFailure(error.message, exitCode: AttestExit.system)
            }
        }
    }

    /// Loads a witness key from the keystore.
    static func loadKey(name: String, passphraseFile: String?) throws -> Signer {
        let environment = Console.current.environment
        let variable = environment["ATTEST_WITNESS_PASSPHRASE"] != nil ? "ATTEST_WITNESS_PASSPHRASE" : "ATTEST_PASSPHRASE"
        return try Passphrases.loadKey(name: name, passphraseFile: passphraseFile, environmentVariable: variable)
    }

    /// A key's cosigner verifier key (type 0x04).
    static func witnessKey(_ signer: Signer) throws -> WitnessKey {
        try WitnessKey(name: signer.name, publicKey: signer.key.publicKey)
    }
}

/// An error handed from a task to the thread waiting for it.
final class FailureBox: Sendable {
    private let error = Mutex<(any Error)?>(nil)

    func set(_ value: any Error) { error.withLock { $0 = value } }
    func get() -> (any Error)? { error.withLock { $0 } }
}

/// Sends a new checkpoint to the ledger's witnesses (`attest checkpoint`).
enum WitnessCosigning {
    /// The targets of a recorded witness list.
    static func targets(_ list: WitnessesSet) throws -> [CheckpointCosigner.Target] {
        try list.witnesses.map { witness in
            guard let url = URL(string: witness.url) else { throw CommandFailure.badInput("witness URL '\(witness.url)' is malformed") }
            do { return CheckpointCosigner.Target(key: try witness.witnessKey(), url: url) } catch { throw Failures.map(error) }
        }
    }

    /// Asks the witnesses; prints a warning per witness that did not cosign.
    static func run(
        _ checkpoint: SignedCheckpoint, ledger: Ledger, list: WitnessesSet, timeout: Double
    ) throws
        -> CheckpointCosigner.Outcome
    {
        let targets = try targets(list)
        let outcome = try CheckpointCosigner.cosignBlocking(
            checkpoint, ledger: ledger, witnesses: targets, quorum: list.quorum, timeout: timeout)
        for failure in outcome.failures {
            Console.current.err("attest: warning: witness \(failure.name) did not cosign: \(failure.message)")
        }
        return outcome
    }
}
