import AttestLedger
import AttestRegistry
import AttestWitness
import Foundation

/// Signs checkpoints with the log key and sends each new one to the ledger's witnesses (the
/// `witnesses.set` entry, docs/witnesses.md), storing the cosignatures that verify: what
/// `attest checkpoint` does, for `attest serve --sign-checkpoints`. One publication at a time.
///
/// Every SQLite write (signing and storing the checkpoint, storing cosignatures) runs through
/// ``offload(_:)``, never on Swift's cooperative pool: the write transaction may be held by an
/// act that waits for a client's signature, which that pool must stay free to take.
actor CheckpointPublisher {
    private let writer: Ledger
    private let reader: Ledger
    private let logSigner: Signer
    private let timeout: TimeInterval
    /// The size of the last checkpoint published, witnessed or not.
    private(set) var lastSize: UInt64?

    init(writer: Ledger, reader: Ledger, logSigner: Signer, timeout: TimeInterval) {
        self.writer = writer
        self.reader = reader
        self.logSigner = logSigner
        self.timeout = timeout
    }

    /// The last publication asked for. Each new one starts after it ends (the tree may have
    /// grown meanwhile), so a witness never sees two submissions at once. Chaining, not polling:
    /// a caller that looped on "is one in flight?" kept this actor busy and starved the very
    /// continuation that would have cleared it.
    private var latest: Task<Published, any Error>?

    /// A checkpoint with every stored cosignature, and the witnesses that did not cosign it.
    typealias Published = (checkpoint: SignedCheckpoint, failures: [String])

    /// Signs (or takes the stored) checkpoint of the current tree and has the ledger's witnesses
    /// cosign it; a witness that fails is listed, not thrown.
    /// - Returns: the checkpoint with every stored cosignature, and the witnesses' failures.
    /// - Throws: a storage failure.
    func publish() async throws -> Published {
        let previous = latest
        let task = Task {
            _ = try? await previous?.value
            return try await self.publishNow()
        }
        latest = task
        return try await task.value
    }

    private func publishNow() async throws -> Published {
        let writer = writer
        let logSigner = logSigner
        let signed = try await offload { try writer.checkpoint(signedBy: logSigner) }
        lastSize = signed.checkpoint.size
        let reader = reader
        guard let list = try await offload({ try Registry.witnesses(in: reader) }), !list.witnesses.isEmpty else {
            return (signed, [])
        }
        let targets = list.witnesses.compactMap { witness -> CheckpointCosigner.Target? in
            guard let url = URL(string: witness.url), let key = try? witness.witnessKey() else { return nil }
            return CheckpointCosigner.Target(key: key, url: url)
        }
        let outcome = try await CheckpointCosigner.cosign(
            signed, ledger: reader, witnesses: targets, quorum: list.quorum, timeout: timeout, store: false)
        let size = signed.checkpoint.size
        let collected = outcome.collected
        if !collected.isEmpty { try await offload { try writer.storeCosignatures(collected, size: size) } }
        return (outcome.checkpoint, outcome.failures.map { "witness \($0.name) did not cosign size \(size): \($0.message)" })
    }

    /// Publishes a checkpoint whenever the log has grown, every `interval` seconds, until cancelled.
    /// - Parameter report: told of each witness that did not cosign, and of failures.
    func run(every interval: TimeInterval, report: @Sendable (String) -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(Int64(interval * 1000))) } catch { return }
            do {
                let size = try await offload { [reader] in try reader.size() }
                guard size > 0, size != lastSize else { continue }
                for failure in try await publish().failures { report(failure) }
            } catch {
                report("publishing a checkpoint failed: \(error)")
            }
        }
    }
}
