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

/// Runs async work from a synchronous command and waits for it.
///
/// The work runs on a dispatch queue of its own (a task executor preference), never on Swift's
/// cooperative pool: the waiting thread may itself be one of that pool's threads (a command run
/// in-process by an async caller), and a pool whose every thread waits has none left to run
/// the work it waits for.
enum Blocking {
    /// Runs `body` on its own executor and blocks this thread until it finishes.
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultHolder<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: QueueExecutor()) {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()!.get()
    }
}

/// A task executor on a serial dispatch queue (GCD's threads, not the cooperative pool).
final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "attest.blocking")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A result handed from a task to the waiting thread.
final class ResultHolder<T: Sendable>: Sendable {
    private let value = Mutex<Result<T, any Error>?>(nil)

    func set(_ result: Result<T, any Error>) { value.withLock { $0 = result } }
    func get() -> Result<T, any Error>? { value.withLock { $0 } }
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
        let outcome = try Blocking.run {
            try await CheckpointCosigner.cosign(checkpoint, ledger: ledger, witnesses: targets, quorum: list.quorum, timeout: timeout)
        }
        for failure in outcome.failures {
            Console.current.err("attest: warning: witness \(failure.name) did not cosign: \(failure.message)")
        }
        return outcome
    }
}
